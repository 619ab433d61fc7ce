//go:build e2e

package e2e

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"iter"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"
)

// browserTimeout bounds one test's whole browser session: every action of
// the test fails once it has passed, instead of hanging until `go test`
// gives up.
const browserTimeout = 2 * time.Minute

// actionTimeout bounds one step (a navigation, a wait, a click), so a
// missing element fails fast with the step's name.
const actionTimeout = 20 * time.Second

// chromiumPath is the browser to drive: $CHROMIUM, or Debian's chromium.
func chromiumPath(t *testing.T) string {
	t.Helper()
	if p := os.Getenv("CHROMIUM"); p != "" {
		return p
	}
	for _, name := range []string{"/usr/bin/chromium", "chromium", "chromium-browser", "google-chrome"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	t.Fatal("no Chromium found: install it (apt-get install -y chromium) or set CHROMIUM")
	return ""
}

// newBrowser starts a headless Chromium with a fresh profile and returns
// the context of its first tab. Chromium's scratch files go to a per-test
// TMPDIR, removed with the test. The browser is closed when the test ends,
// before the server (cleanups run last-in, first-out).
func newBrowser(t *testing.T) context.Context {
	t.Helper()
	tmp := t.TempDir()
	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(chromiumPath(t)),
		chromedp.NoSandbox,
		chromedp.DisableGPU,
		chromedp.Flag("disable-quic", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-sync", true),
		chromedp.UserDataDir(filepath.Join(tmp, "profile")),
		chromedp.Env("TMPDIR="+tmp),
		chromedp.WindowSize(int(desktop.width), int(desktop.height)),
	)
	timeoutCtx, cancelTimeout := context.WithTimeout(context.Background(), browserTimeout)
	allocCtx, cancelAlloc := chromedp.NewExecAllocator(timeoutCtx, opts...)
	ctx, cancelBrowser := chromedp.NewContext(allocCtx)
	t.Cleanup(func() {
		cancelBrowser()
		cancelAlloc()
		cancelTimeout()
	})
	if err := chromedp.Do(ctx); err != nil {
		t.Fatalf("start Chromium: %v", err)
	}
	return ctx
}

// page drives one tab against one server.
type page struct {
	t       *testing.T
	ctx     context.Context
	base    string
	console *consoleLog
}

// consoleLog keeps the errors and warnings a tab writes to its console:
// script exceptions, refused resources, content-security-policy
// violations.
type consoleLog struct {
	mu       sync.Mutex
	messages []string
}

func (c *consoleLog) collect(messages iter.Seq2[chromedp.ConsoleMessage, error]) {
	for m, err := range messages {
		if err != nil {
			return
		}
		switch m.Type {
		case chromedp.ConsoleError, chromedp.ConsoleWarning, chromedp.ConsoleException:
		default:
			continue
		}
		if expected(m) {
			continue
		}
		text := fmt.Sprintf("%s: %s (%s)", m.Type, m.Text, m.URL)
		c.mu.Lock()
		if !slices.Contains(c.messages, text) {
			c.messages = append(c.messages, text)
		}
		c.mu.Unlock()
	}
}

// expected tells the console's notes on the answers the tests ask for on
// purpose (a wrong password, a forbidden page, an invalid form, a used
// setup link) from real trouble.
func expected(m chromedp.ConsoleMessage) bool {
	if !strings.HasPrefix(m.Text, "Failed to load resource: the server responded with a status of") {
		return false
	}
	for _, s := range []string{"401", "403", "422"} {
		if strings.Contains(m.Text, "status of "+s+" ") {
			return true
		}
	}
	return strings.Contains(m.Text, "status of 404 ") && strings.Contains(m.URL, "/setup/")
}

// take returns the messages since the last call.
func (c *consoleLog) take() []string {
	c.mu.Lock()
	defer c.mu.Unlock()
	m := c.messages
	c.messages = nil
	return m
}

// newPage opens a tab with its own cookie jar (a fresh browser context),
// so several users can be signed in side by side.
func newPage(t *testing.T, browser context.Context, base string) *page {
	t.Helper()
	ctx, cancel := chromedp.NewContext(browser, chromedp.WithNewBrowserContext())
	t.Cleanup(cancel)
	// Transitions off: screenshots and clicks never catch a half-open menu.
	reduceMotion := chromedp.Func(func(ctx context.Context, t *chromedp.Target) error {
		_, err := cdp.Call(ctx, t, emulation.SetEmulatedMedia, emulation.SetEmulatedMediaParams{
			Features: []*emulation.MediaFeature{{Name: "prefers-reduced-motion", Value: "reduce"}},
		})
		return err
	})
	if err := chromedp.Do(ctx, reduceMotion); err != nil {
		t.Fatalf("open a tab: %v", err)
	}
	p := &page{t: t, ctx: ctx, base: base, console: &consoleLog{}}
	go p.console.collect(chromedp.Console(ctx))
	t.Cleanup(func() {
		for _, m := range p.console.take() {
			t.Logf("browser console: %s", m)
		}
	})
	return p
}

// on is the same tab, reporting to another (sub)test.
func (p *page) on(t *testing.T) *page {
	c := *p
	c.t = t
	return &c
}

// step is the tab's context limited to one step: the tab has run
// already, so the timeout ends the step, not the browser.
func (p *page) step() (context.Context, context.CancelFunc) {
	return context.WithTimeout(p.ctx, actionTimeout)
}

// do runs the actions and fails the test on the first error.
func (p *page) do(what string, actions ...chromedp.Action[chromedp.Void]) {
	p.t.Helper()
	ctx, cancel := p.step()
	defer cancel()
	if err := chromedp.Do(ctx, actions...); err != nil {
		p.t.Fatalf("%s: %v (page %s)", what, err, p.location())
	}
}

// open navigates to a path of the server and returns the HTTP status.
func (p *page) open(path string) int64 {
	p.t.Helper()
	ctx, cancel := p.step()
	defer cancel()
	resp, err := chromedp.Run(ctx, chromedp.NavigateResponse(p.base+path))
	if err != nil {
		p.t.Fatalf("open %s: %v", path, err)
	}
	return resp.Status
}

// submit clicks a button that sends a form, waits for the page that
// answers (after any redirect) and returns its HTTP status.
func (p *page) submit(button string) int64 {
	p.t.Helper()
	ctx, cancel := p.step()
	defer cancel()
	resp, err := chromedp.RunResponse(ctx, click(button))
	if err != nil {
		p.t.Fatalf("submit with %s: %v (page %s)", button, err, p.location())
	}
	if resp == nil {
		p.t.Fatalf("submit with %s: no document response (page %s)", button, p.location())
	}
	return resp.Status
}

// fill types text into the fields, by CSS selector.
func (p *page) fill(fields ...string) {
	p.t.Helper()
	if len(fields)%2 != 0 {
		p.t.Fatal("fill needs selector, text pairs")
	}
	for i := 0; i < len(fields); i += 2 {
		p.do("type into "+fields[i],
			chromedp.Clear(chromedp.CSS(fields[i])),
			chromedp.SendKeys(chromedp.CSS(fields[i]), fields[i+1]))
	}
}

// waitVisible waits for an element to be shown.
func (p *page) waitVisible(sel string) {
	p.t.Helper()
	p.do("wait for "+sel, chromedp.WaitVisible(chromedp.CSS(sel)))
}

// text is the visible text of the first element matching sel, trimmed.
func (p *page) text(sel string) string {
	p.t.Helper()
	ctx, cancel := p.step()
	defer cancel()
	s, err := chromedp.Run(ctx, chromedp.Text(chromedp.CSS(sel), chromedp.NodeVisible))
	if err != nil {
		p.t.Fatalf("text of %s: %v (page %s)", sel, err, p.location())
	}
	return strings.TrimSpace(s)
}

// value is the current value of a form field.
func (p *page) value(sel string) string {
	p.t.Helper()
	ctx, cancel := p.step()
	defer cancel()
	v, err := chromedp.Run(ctx, chromedp.Value(chromedp.CSS(sel)))
	if err != nil {
		p.t.Fatalf("value of %s: %v", sel, err)
	}
	return v
}

// eval evaluates a JavaScript expression in the page.
func eval[T any](p *page, expr string) T {
	p.t.Helper()
	ctx, cancel := p.step()
	defer cancel()
	v, err := chromedp.Run(ctx, chromedp.Evaluate[T](expr))
	if err != nil {
		p.t.Fatalf("evaluate %s: %v", expr, err)
	}
	return v
}

// count is the number of elements matching a CSS selector, now (no wait).
func (p *page) count(sel string) int {
	p.t.Helper()
	return eval[int](p, "document.querySelectorAll("+jsString(sel)+").length")
}

// texts are the trimmed texts of every element matching sel.
func (p *page) texts(sel string) []string {
	p.t.Helper()
	return eval[[]string](p, "Array.from(document.querySelectorAll("+jsString(sel)+
		"), e => e.textContent.trim())")
}

// lang is the lang attribute of <html>: the page's locale.
func (p *page) lang() string {
	p.t.Helper()
	return eval[string](p, "document.documentElement.lang")
}

// location is the current URL, or "?" if it cannot be read.
func (p *page) location() string {
	ctx, cancel := context.WithTimeout(p.ctx, 5*time.Second)
	defer cancel()
	loc, err := chromedp.Run(ctx, chromedp.Location())
	if err != nil {
		return "?"
	}
	return loc
}

// path is the current URL without the server's origin.
func (p *page) path() string {
	p.t.Helper()
	return strings.TrimPrefix(p.location(), p.base)
}

// selectOption picks the option of a <select> whose text is label.
func (p *page) selectOption(sel, label string) {
	p.t.Helper()
	ok := eval[bool](p, `(() => {
		const s = document.querySelector(`+jsString(sel)+`);
		const o = s && Array.from(s.options).find(o => o.textContent.trim() === `+jsString(label)+`);
		if (!o) return false;
		s.value = o.value;
		return true;
	})()`)
	if !ok {
		p.t.Fatalf("select %s: no option %q", sel, label)
	}
}

// login signs in through the login form and waits for the home page.
func (p *page) login(email, password string) {
	p.t.Helper()
	p.open("/login")
	p.waitVisible("#email")
	p.fill("#email", email, "#password", password)
	if status := p.submit(`form[action="/login"] button[type=submit]`); status != 200 {
		p.t.Fatalf("sign in as %s: got status %d, want 200 (home page)", email, status)
	}
	p.waitVisible("[data-testid=role-home]")
}

// switchLocale uses a locale button (the profile page, the login page or
// the user menu) and waits until the page comes back in that language.
func (p *page) switchLocale(button, want string) {
	p.t.Helper()
	if status := p.submit(button); status != 200 {
		p.t.Fatalf("switch language: got status %d, want 200", status)
	}
	p.do("wait for lang="+want, chromedp.WaitReady(chromedp.CSS("html[lang="+want+"]")))
}

// click scrolls the first element matching a CSS selector to the middle
// of the viewport, clear of the fixed top and tab bars, checks that nothing
// covers it, and clicks it with the mouse as a user would. If something
// covers it (a bar, a menu, a page still settling), it measures again on
// the next frames, and fails with the name of the cover if it stays.
func click(sel string) chromedp.Action[chromedp.Void] {
	return chromedp.Steps(
		chromedp.WaitVisible(chromedp.CSS(sel)),
		chromedp.Func(func(ctx context.Context, t *chromedp.Target) error {
			var pt hitPoint
			for range 30 {
				var err error
				pt, err = chromedp.Evaluate[hitPoint]("("+hitJS+")("+jsString(sel)+")",
					chromedp.EvalAwaitPromise)(ctx, t)
				if err != nil {
					return err
				}
				if pt.Covered == "" {
					return chromedp.Do(ctx, chromedp.MouseClickXY(pt.X, pt.Y))
				}
			}
			return fmt.Errorf("click %s: covered by %s", sel, pt.Covered)
		}),
	)
}

// hitPoint is the middle of an element, in viewport pixels, and what
// covers it there, if anything.
type hitPoint struct {
	X       float64 `json:"x"`
	Y       float64 `json:"y"`
	Covered string  `json:"covered"`
}

const hitJS = `async sel => {
	const el = document.querySelector(sel);
	if (!el) return {covered: "(no element)"};
	el.scrollIntoView({block: "center", inline: "center"});
	await new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)));
	const r = el.getBoundingClientRect();
	const x = r.left + r.width / 2, y = r.top + r.height / 2;
	const hit = document.elementFromPoint(x, y);
	if (hit && (hit === el || el.contains(hit))) return {x, y};
	return {x, y, covered: hit ? hit.outerHTML.slice(0, 80) : "(nothing: off screen)"};
}`

func jsString(s string) string {
	b, err := json.Marshal(s)
	if err != nil {
		panic(errors.New("e2e: quote " + s))
	}
	return string(b)
}
