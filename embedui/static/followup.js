// Frontline 前线 — the follow-up form (记一笔), loaded by that page only.
//
// - "记录位置" asks the browser for the position once, only when tapped,
//   and fills the hidden lat/lng/accuracy inputs; tapped again, it clears
//   them.
// - Chosen photos show as thumbnails. On submit, photos larger than
//   SHRINK_OVER are redrawn as JPEG with the longest side MAX_EDGE, and
//   the form is refused here, with a message by the photos, if it would
//   still exceed the server's limit (data-max-bytes).
(function () {
	"use strict";

	var MAX_EDGE = 1600;
	var QUALITY = 0.82;
	var SHRINK_OVER = 700 * 1024;
	var FORM_MARGIN = 64 * 1024; // the other fields and multipart framing

	var form = document.querySelector("form[data-followup]");
	if (!form) {
		return;
	}

	function fill(msg, value) {
		return msg.replace(/%[sd]/, value);
	}

	// A refused form opens at its first field in error, not at the top of
	// a long page.
	var firstError = form.querySelector(".has-error");
	if (firstError) {
		firstError.scrollIntoView({block: "center"});
	}

	// Location.
	var locate = form.querySelector("[data-locate]");
	var locStatus = form.querySelector("[data-locate-status]");
	var lat = form.elements.namedItem("lat");
	var lng = form.elements.namedItem("lng");
	var accuracy = form.elements.namedItem("accuracy");
	var locateLabel = locate && locate.querySelector("span:last-child");
	var askLabel = locateLabel ? locateLabel.textContent : "";

	function showRecorded() {
		locateLabel.textContent = locate.getAttribute("data-clear-label");
	}

	function clearLocation() {
		lat.value = lng.value = accuracy.value = "";
		locStatus.textContent = "";
		locateLabel.textContent = askLabel;
	}

	if (locate && locateLabel && "geolocation" in navigator) {
		locate.hidden = false;
		if (lat.value) {
			showRecorded();
		}
		locate.addEventListener("click", function () {
			if (lat.value) {
				clearLocation();
				return;
			}
			locate.disabled = true;
			locStatus.textContent = locate.getAttribute("data-asking");
			navigator.geolocation.getCurrentPosition(function (pos) {
				lat.value = pos.coords.latitude.toFixed(6);
				lng.value = pos.coords.longitude.toFixed(6);
				accuracy.value = String(Math.round(pos.coords.accuracy));
				locStatus.textContent = fill(locate.getAttribute("data-done"), accuracy.value);
				showRecorded();
				locate.disabled = false;
			}, function () {
				locStatus.textContent = locate.getAttribute("data-failed");
				locate.disabled = false;
			}, {enableHighAccuracy: true, timeout: 15000, maximumAge: 60000});
		});
	}

	// Photos.
	var input = form.querySelector('input[type="file"][name="photos"]');
	var previews = form.querySelector("[data-photo-previews]");
	var photoError = form.querySelector("[data-photo-error]");
	var submit = form.querySelector('button[type="submit"]');
	var urls = [];

	function showError(msg) {
		photoError.textContent = msg;
		photoError.hidden = !msg;
		if (msg) {
			photoError.scrollIntoView({block: "center"});
		}
	}

	function showPreviews() {
		urls.forEach(URL.revokeObjectURL);
		urls = [];
		previews.replaceChildren();
		showError("");
		var files = Array.from(input.files || []);
		files.forEach(function (f) {
			var img = document.createElement("img");
			img.className = "photo-thumb";
			img.alt = f.name;
			img.src = URL.createObjectURL(f);
			urls.push(img.src);
			previews.appendChild(img);
		});
		if (files.length > 0) {
			var note = document.createElement("p");
			note.className = "hint";
			note.textContent = fill(form.getAttribute("data-count"), files.length);
			previews.appendChild(note);
		}
	}

	function needsShrink(f) {
		return f.size > SHRINK_OVER && /^image\/(jpeg|png|webp)$/.test(f.type);
	}

	// shrink redraws a photo as a smaller JPEG; the original is kept when
	// the browser cannot decode it or the result is not smaller.
	function shrink(f) {
		return createImageBitmap(f, {imageOrientation: "from-image"}).then(function (bmp) {
			var scale = Math.min(1, MAX_EDGE / Math.max(bmp.width, bmp.height));
			var canvas = document.createElement("canvas");
			canvas.width = Math.round(bmp.width * scale);
			canvas.height = Math.round(bmp.height * scale);
			canvas.getContext("2d").drawImage(bmp, 0, 0, canvas.width, canvas.height);
			bmp.close();
			return new Promise(function (resolve) {
				canvas.toBlob(function (blob) {
					if (!blob || blob.size >= f.size) {
						resolve(f);
						return;
					}
					var name = f.name.replace(/\.[^.]*$/, "") + ".jpg";
					resolve(new File([blob], name, {type: "image/jpeg", lastModified: f.lastModified}));
				}, "image/jpeg", QUALITY);
			});
		}).catch(function () {
			return f;
		});
	}

	function fits(files) {
		var limit = parseInt(form.getAttribute("data-max-bytes"), 10) || Infinity;
		var total = files.reduce(function (n, f) {
			return n + f.size;
		}, 0);
		return total + FORM_MARGIN <= limit;
	}

	function setBusy(on) {
		submit.disabled = on;
		submit.setAttribute("aria-busy", on ? "true" : "false");
		if (on) {
			showError("");
			var note = document.createElement("p");
			note.className = "hint";
			note.setAttribute("data-working", "");
			note.textContent = form.getAttribute("data-working");
			previews.appendChild(note);
		} else {
			previews.querySelectorAll("[data-working]").forEach(function (n) {
				n.remove();
			});
		}
	}

	if (input && previews && photoError && submit) {
		input.addEventListener("change", showPreviews);
		form.addEventListener("submit", function (evt) {
			var files = Array.from(input.files || []);
			if (!files.some(needsShrink)) {
				if (!fits(files)) {
					evt.preventDefault();
					showError(form.getAttribute("data-too-large"));
				}
				return;
			}
			evt.preventDefault();
			setBusy(true);
			Promise.all(files.map(function (f) {
				return needsShrink(f) ? shrink(f) : f;
			})).then(function (out) {
				var dt = new DataTransfer();
				out.forEach(function (f) {
					dt.items.add(f);
				});
				input.files = dt.files;
				setBusy(false);
				if (!fits(out)) {
					showError(form.getAttribute("data-too-large"));
					return;
				}
				form.submit();
			});
		});
	}
})();
