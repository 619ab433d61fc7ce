// Frontline 前线 — the few behaviours the pages need beyond htmx.
//
// - a progress bar (body.htmx-busy) while an htmx request runs > 150 ms
// - the CSRF token from <meta name="csrf-token"> on every htmx request
// - [data-copy="ID"] buttons copy the text of element ID
// - <details class="user-menu"> closes on an outside click or Escape
// - a form with data-confirm="…" asks once before it is sent
// - pressing a button of a sticky .form-actions bar leaves the focus
//   where it is
//
// Everything is delegated from document, so it works for content that
// htmx swaps in later and needs no initialisation.
(function () {
	"use strict";

	var BUSY_DELAY = 150;
	var COPIED_FOR = 2000;

	// Progress bar. Requests are tracked by their XMLHttpRequest, so an
	// end reported twice (afterRequest and loadend) is counted once.
	var running = new Set();
	var busyTimer = null;

	function setBusy(on) {
		document.body.classList.toggle("htmx-busy", on);
	}

	function requestEnded(xhr) {
		if (!running.delete(xhr) || running.size > 0) {
			return;
		}
		clearTimeout(busyTimer);
		busyTimer = null;
		setBusy(false);
	}

	document.addEventListener("htmx:beforeRequest", function (evt) {
		var xhr = evt.detail && evt.detail.xhr;
		if (!xhr || running.has(xhr)) {
			return;
		}
		running.add(xhr);
		xhr.addEventListener("loadend", function () {
			requestEnded(xhr);
		});
		// another listener may still cancel the request
		queueMicrotask(function () {
			if (evt.defaultPrevented) {
				requestEnded(xhr);
			}
		});
		if (running.size === 1 && busyTimer === null) {
			busyTimer = setTimeout(function () {
				busyTimer = null;
				if (running.size > 0) {
					setBusy(true);
				}
			}, BUSY_DELAY);
		}
	});

	document.addEventListener("htmx:afterRequest", function (evt) {
		if (evt.detail && evt.detail.xhr) {
			requestEnded(evt.detail.xhr);
		}
	});

	// CSRF token.
	document.addEventListener("htmx:configRequest", function (evt) {
		var meta = document.querySelector('meta[name="csrf-token"]');
		var token = meta && meta.getAttribute("content");
		if (token) {
			evt.detail.headers["X-CSRF-Token"] = token;
		}
	});

	// Copy to clipboard.
	function textOf(el) {
		if ("value" in el && typeof el.value === "string") {
			return el.value;
		}
		return el.textContent.trim();
	}

	function copyFallback(text) {
		var area = document.createElement("textarea");
		area.value = text;
		area.setAttribute("readonly", "");
		area.style.position = "fixed";
		area.style.top = "0";
		area.style.opacity = "0";
		document.body.appendChild(area);
		area.select();
		var ok = false;
		try {
			ok = document.execCommand("copy");
		} catch (e) {
			ok = false;
		}
		area.remove();
		return ok ? Promise.resolve() : Promise.reject(new Error("copy failed"));
	}

	function copyText(text) {
		if (navigator.clipboard && window.isSecureContext) {
			return navigator.clipboard.writeText(text).catch(function () {
				return copyFallback(text);
			});
		}
		return copyFallback(text);
	}

	// The label to swap: a <span> inside the button, else its last
	// non-blank text node (as in <button><svg…/> 复制</button>).
	function labelOf(btn) {
		var span = btn.querySelector("span:not(.sr-only)");
		if (span) {
			return span;
		}
		for (var n = btn.lastChild; n; n = n.previousSibling) {
			if (n.nodeType === Node.TEXT_NODE && n.nodeValue.trim() !== "") {
				return n;
			}
		}
		return null;
	}

	var copyTimers = new WeakMap();

	function showCopied(btn) {
		var label = labelOf(btn);
		var copied = btn.getAttribute("data-copied-label");
		if (label && !btn.hasAttribute("data-copy-label")) {
			btn.setAttribute("data-copy-label", label.textContent);
		}
		btn.classList.add("is-copied");
		if (label && copied) {
			// keep the space between an icon and the text
			var lead = label.textContent.match(/^\s*/)[0];
			label.textContent = lead + copied;
		}
		clearTimeout(copyTimers.get(btn));
		copyTimers.set(btn, setTimeout(function () {
			btn.classList.remove("is-copied");
			if (label && btn.hasAttribute("data-copy-label")) {
				label.textContent = btn.getAttribute("data-copy-label");
				btn.removeAttribute("data-copy-label");
			}
		}, COPIED_FOR));
	}

	function selectContents(el) {
		if (typeof el.select === "function") {
			el.select();
			return;
		}
		var sel = window.getSelection();
		if (sel) {
			sel.selectAllChildren(el);
		}
	}

	document.addEventListener("click", function (evt) {
		var btn = evt.target.closest && evt.target.closest("[data-copy]");
		if (!btn) {
			return;
		}
		var source = document.getElementById(btn.getAttribute("data-copy"));
		if (!source) {
			return;
		}
		evt.preventDefault();
		copyText(textOf(source)).then(function () {
			showCopied(btn);
		}, function () {
			// leave the text selected so the user can copy it by hand
			selectContents(source);
		});
	});

	// Confirmation before a destructive form is sent; the message names
	// what will be affected.
	document.addEventListener("submit", function (evt) {
		var form = evt.target;
		var msg = form && form.getAttribute && form.getAttribute("data-confirm");
		if (msg && !window.confirm(msg)) {
			evt.preventDefault();
		}
	}, true);

	// On a phone the submit bar sticks to the bottom of the screen while a
	// text field has the focus, and moves back above the tab bar when it
	// loses it. A press on the bar's button would move the focus, and the
	// button with it, before the finger is lifted, and the tap would miss;
	// so the press leaves the focus where it is.
	document.addEventListener("mousedown", function (evt) {
		var btn = evt.target.closest && evt.target.closest(".form-actions button");
		if (btn && !btn.disabled) {
			evt.preventDefault();
		}
	});

	// User menu.
	function closeMenus(except) {
		document.querySelectorAll("details.user-menu[open]").forEach(function (d) {
			if (d !== except) {
				d.removeAttribute("open");
			}
		});
	}

	document.addEventListener("click", function (evt) {
		var inside = evt.target.closest && evt.target.closest("details.user-menu");
		closeMenus(inside);
	});

	document.addEventListener("keydown", function (evt) {
		if (evt.key !== "Escape") {
			return;
		}
		var open = document.querySelector("details.user-menu[open]");
		if (open) {
			open.removeAttribute("open");
			var summary = open.querySelector("summary");
			if (summary) {
				summary.focus();
			}
		}
	});
})();
