//go:build e2e

package e2e

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/chromedp/chromedp"
)

// artifactsDir holds the screenshots and the layout report (git-ignored).
const artifactsDir = "artifacts"

// viewport is one of the two shapes of the app (ui.md).
type viewport struct {
	name          string
	width, height int64
	phone         bool
}

var (
	phone   = viewport{name: "phone", width: 390, height: 844, phone: true}
	desktop = viewport{name: "desktop", width: 1440, height: 900}
)

// emulate sets the tab's viewport: a touch phone at device scale 2, or a
// desktop window. The next navigation renders with it.
func (p *page) emulate(v viewport) {
	p.t.Helper()
	p.do("emulate "+v.name, v.emulation(v.height))
}

// emulation is the viewport action for v, height CSS pixels high.
func (v viewport) emulation(height int64) chromedp.Action[chromedp.Void] {
	if v.phone {
		return chromedp.EmulateViewport(v.width, height, chromedp.EmulateScale(2),
			chromedp.EmulateMobile, chromedp.EmulateTouch, chromedp.EmulatePortrait)
	}
	return chromedp.EmulateViewport(v.width, height)
}

// shot saves a full-page PNG as artifacts/<name>-<width>.png and records
// what the layout audit finds on the page in artifacts/layout-report.txt.
func (p *page) shot(name string, v viewport) {
	p.t.Helper()
	// Fonts load asynchronously; wait so glyphs are in the picture.
	p.do("wait for fonts", chromedp.Evaluate[chromedp.Void]("document.fonts.ready",
		chromedp.EvalAwaitPromise))
	findings := p.audit(v)
	// Grow the viewport to the whole page, as a tall phone would show it:
	// fixed bars (the tab bar) then sit at the bottom of the picture
	// rather than across the middle of it.
	height := eval[int64](p, "Math.ceil(document.documentElement.scrollHeight)")
	p.do("grow the viewport", v.emulation(max(height, v.height)))
	ctx, cancel := p.step()
	defer cancel()
	png, err := chromedp.Run(ctx, chromedp.CaptureScreenshot())
	if err != nil {
		p.t.Fatalf("screenshot %s: %v", name, err)
	}
	p.emulate(v)
	file := filepath.Join(artifactsDir, fmt.Sprintf("%s-%d.png", name, v.width))
	if err := os.WriteFile(file, png, 0o644); err != nil {
		p.t.Fatalf("save screenshot: %v", err)
	}
	report.add(p.t, fmt.Sprintf("%s-%d", name, v.width), findings)
}

// layoutAudit is what audit.js reports about the page.
type layoutAudit struct {
	ScrollWidth int      `json:"scrollWidth"`
	ClientWidth int      `json:"clientWidth"`
	Overflow    []string `json:"overflow"`
	Spill       []string `json:"spill"`
	SmallTaps   []string `json:"smallTaps"`
	SmallTapCnt int      `json:"smallTapCount"`
}

// auditJS measures what a screenshot shows poorly: elements that stick
// out past the right edge (horizontal scrolling on a phone; elements
// inside a scrolling or clipping container do not count), text wider than
// the box that holds it, and tap targets under 44 px on a phone (ui.md).
const auditJS = `(() => {
	const vw = document.documentElement.clientWidth;
	const label = e => {
		let s = e.tagName.toLowerCase();
		if (e.id) s += "#" + e.id;
		if (typeof e.className === "string" && e.className.trim()) s += "." + e.className.trim().split(/\s+/).join(".");
		const text = (e.getAttribute("aria-label") || e.textContent || e.value || "").trim().replace(/\s+/g, " ");
		const r = e.getBoundingClientRect();
		return s + (text ? " \"" + text.slice(0, 24) + "\"" : "") + " " + Math.round(r.width) + "x" + Math.round(r.height) + "@" + Math.round(r.left) + "," + Math.round(r.top);
	};
	const shown = e => {
		if (!e.checkVisibility({contentVisibilityAuto: true, visibilityProperty: true})) return false;
		const r = e.getBoundingClientRect(), st = getComputedStyle(e);
		return r.width > 0 && r.height > 0 && st.visibility !== "hidden" && st.display !== "none";
	};
	const clipped = e => {
		for (let a = e.parentElement; a && a !== document.body; a = a.parentElement) {
			const o = getComputedStyle(a).overflowX;
			if (o !== "visible") return true;
		}
		return false;
	};
	const overflow = [];
	for (const e of document.body.querySelectorAll("*")) {
		if (!shown(e) || clipped(e)) continue;
		const r = e.getBoundingClientRect();
		if (r.right <= vw + 1) continue;
		const p = e.parentElement;
		if (p && p !== document.body && p.getBoundingClientRect().right > vw + 1) continue;
		overflow.push(label(e));
	}
	const spill = [];
	for (const e of document.body.querySelectorAll("td, dd, dt, p, h1, h2, h3, label, code, legend, span.chip")) {
		if (!shown(e) || e.querySelector("button, .btn, a.chip")) continue;
		const st = getComputedStyle(e);
		if (st.overflowX !== "visible" || st.display === "inline") continue;
		if (e.scrollWidth > e.clientWidth + 1) spill.push(label(e) + " needs " + e.scrollWidth + " px");
	}
	const taps = [];
	for (const e of document.querySelectorAll("a[href], button, input:not([type=hidden]), select, textarea, summary")) {
		if (!shown(e)) continue;
		let box = e;
		if ((e.type === "checkbox" || e.type === "radio") && e.closest("label")) box = e.closest("label");
		// A pseudo-element with negative insets widens the hit area.
		const after = getComputedStyle(box, "::after");
		let grow = 0;
		if (after.content !== "none" && after.position === "absolute") {
			grow = -Math.min(0, parseFloat(after.top) || 0) - Math.min(0, parseFloat(after.bottom) || 0);
		}
		if (box.getBoundingClientRect().height + grow < 44) taps.push(label(box));
	}
	return {scrollWidth: document.documentElement.scrollWidth, clientWidth: vw,
		overflow: overflow.slice(0, 8), spill: spill.slice(0, 8), smallTaps: taps.slice(0, 12), smallTapCount: taps.length};
})()`

func (p *page) audit(v viewport) string {
	p.t.Helper()
	raw := eval[[]byte](p, auditJS)
	var a layoutAudit
	if err := json.Unmarshal(raw, &a); err != nil {
		p.t.Fatalf("layout audit: %v", err)
	}
	var b strings.Builder
	if a.ScrollWidth > a.ClientWidth {
		fmt.Fprintf(&b, "  page scrolls sideways: %d px wide in a %d px viewport\n", a.ScrollWidth, a.ClientWidth)
	}
	for _, o := range a.Overflow {
		fmt.Fprintf(&b, "  sticks out on the right: %s\n", o)
	}
	for _, o := range a.Spill {
		fmt.Fprintf(&b, "  content wider than its box: %s\n", o)
	}
	for _, m := range p.console.take() {
		fmt.Fprintf(&b, "  browser console: %s\n", m)
	}
	if v.phone && a.SmallTapCnt > 0 {
		fmt.Fprintf(&b, "  %d tap targets under 44 px high, e.g.:\n", a.SmallTapCnt)
		for _, s := range a.SmallTaps {
			fmt.Fprintf(&b, "    %s\n", s)
		}
	}
	return b.String()
}

// layoutReport gathers the audit findings of all tests into one file.
type layoutReport struct {
	mu      sync.Mutex
	entries map[string]string
}

var report = &layoutReport{entries: map[string]string{}}

func (r *layoutReport) add(t *testing.T, shot, findings string) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.entries[shot] = findings
	if findings != "" {
		t.Logf("layout audit of %s:\n%s", shot, findings)
	}
}

// write saves the report, one section per screenshot in name order.
func (r *layoutReport) write() error {
	r.mu.Lock()
	defer r.mu.Unlock()
	if len(r.entries) == 0 {
		return nil
	}
	names := make([]string, 0, len(r.entries))
	for n := range r.entries {
		names = append(names, n)
	}
	slices.Sort(names)
	var b strings.Builder
	b.WriteString("Layout audit of the e2e screenshots (informational; see shot_test.go)\n\n")
	for _, n := range names {
		f := r.entries[n]
		if f == "" {
			f = "  no findings\n"
		}
		fmt.Fprintf(&b, "%s.png\n%s\n", n, f)
	}
	return os.WriteFile(filepath.Join(artifactsDir, "layout-report.txt"), []byte(b.String()), 0o644)
}
