//go:build e2e

package e2e

import (
	"bytes"
	"context"
	"image"
	"image/color"
	"image/png"
	"math/rand/v2"
	"net/http"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/browser"
	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"
)

// customerName is the customer the rep creates; the demo data has no
// customer of that name.
const customerName = "杭州浪花测试仪器有限公司"

// TestCustomerRepFlow: a rep on a 390 px phone creates a customer in 杭州,
// finds it by searching the list, records a visit with two talk tags
// (one of them 询问交付周期), a next step due in 3 days, a photo and the
// place, and sees the visit on the timeline and the radar's urgency rise;
// changes the status with a reason, then marks the customer won. The
// manager of 浙江 then sets it back to following, which flags a status
// conflict: they find it on the conflict list and in their notifications
// and resolve it with a reason. Screenshots of the list, the customer
// page with its radar, the follow-up form (empty and refused), the
// conflicts and the notifications at phone and desktop width, and of the
// customer settings as an admin.
func TestCustomerRepFlow(t *testing.T) {
	t.Parallel()
	requireChineseFont(t)
	data := t.TempDir()
	srv := startServer(t, data, "--demo")
	link := strings.TrimPrefix(srv.SetupURL(t), srv.URL)
	pw := srv.DemoPassword(t)
	rep := newPage(t, newBrowser(t), srv.URL)
	rep.emulate(phone)
	rep.login(demoRep, pw)
	step := func(name string, f func(t *testing.T, p *page)) {
		t.Helper()
		if !t.Run(name, func(t *testing.T) { f(t, rep.on(t)) }) {
			t.FailNow() // later steps build on this one
		}
	}

	var customerPath string
	var urgencyBefore int
	step("create a customer", func(t *testing.T, p *page) {
		customerPath = createCustomer(t, p)
	})

	step("the duplicate guard warns and links the customer", func(t *testing.T, p *page) {
		p.open("/customers/new")
		p.waitVisible("[data-testid=customer-form]")
		p.fill("#name", strings.TrimSuffix(customerName, "有限公司"))
		if status := p.submit("[data-testid=save-customer]"); status != http.StatusConflict {
			t.Fatalf("a near-identical name: got status %d, want 409", status)
		}
		p.waitVisible("[data-testid=duplicate-warning]")
		href := eval[string](p, `document.querySelector("[data-testid=duplicate-warning] a").getAttribute("href")`)
		if href != customerPath {
			t.Errorf("the warning links %q, want the similar customer %s", href, customerPath)
		}
		if p.count("#override_reason") != 1 {
			t.Errorf("the warning asks for no reason to save anyway")
		}
		p.shot("customer-form-duplicate", phone)
	})

	step("find it in the list", func(t *testing.T, p *page) {
		p.open("/customers")
		p.waitVisible("[data-testid=customer-search]")
		p.fill("[data-testid=customer-search]", "浪花")
		p.submit("[data-testid=customer-filter]")
		wantList(t, "cards found", p.texts("[data-testid=customer-cards] .cust-name"), customerName)
		p.shot("customers", phone)
		p.do("open the card", click("[data-testid=customer-cards] a.cust-card"))
		p.waitVisible("[data-testid=customer-name]")
		if got := p.path(); got != customerPath {
			t.Errorf("the card leads to %s, want %s", got, customerPath)
		}
		urgencyBefore = healthScore(t, p, "urgency")
		p.waitVisible("[data-radar] canvas")
	})

	step("follow-up form refuses a due date without a step", func(t *testing.T, p *page) {
		p.do("记一笔", click("[data-testid=record-followup]"))
		p.waitVisible("[data-testid=followup-form]")
		wantText(t, "customer on the form", p.text("[data-testid=followup-customer]"), customerName)
		if !eval[bool](p, `document.querySelector("input[name=kind][value=visit]").checked`) {
			t.Errorf("the kind does not default to 拜访 (visit)")
		}
		if eval[string](p, `document.querySelector("#occurred_at").value`) == "" {
			t.Errorf("the time does not default to now")
		}
		p.shot("followup-form", phone)
		refuseFollowUp(t, p)
		p.shot("followup-errors", phone)
	})

	var tags []string
	step("record a visit with tags, a photo and the place", func(t *testing.T, p *page) {
		tags = eval[[]string](p, `Array.from(document.querySelectorAll(".tag-chip input"))
			.filter((i, n) => n === 0 || i.value === "询问交付周期").slice(0, 2).map(i => i.value)`)
		if len(tags) != 2 || !slices.Contains(tags, "询问交付周期") {
			t.Fatalf("tag chips: got %q, want the first and 询问交付周期", tags)
		}
		for _, tag := range tags {
			p.do("tick "+tag, click(`.tag-chip input[value="`+tag+`"]`))
		}
		p.fill("#next_step", "周五前发报价单", "#duration_min", "45")
		p.do("choose a photo", chromedp.SetUploadFiles(chromedp.CSS("input[name=photos]"),
			[]string{writePNG(t)}))
		p.waitVisible(".photo-thumb")
		recordPlace(t, p)
		if status := p.submit("[data-testid=save-followup]"); status != http.StatusOK {
			t.Fatalf("save the follow-up: got status %d, want 200 (the customer page)", status)
		}
		p.waitVisible("[data-testid=timeline]")
		wantText(t, "flash", p.text(".alert-success"), tr(t, "zh-CN", "flash.followup_saved"))
		visit := "[data-testid=timeline-followup]"
		got := p.texts(visit + " .tl-tags .chip-blue")
		if !slices.Equal(got, tags) {
			t.Errorf("tags on the timeline: got %q, want %q", got, tags)
		}
		if !strings.Contains(p.text(visit+" .tl-next"), "周五前发报价单") {
			t.Errorf("the next step is not on the timeline")
		}
		p.do("wait for the photo", chromedp.Poll[chromedp.Void](
			`(() => { const i = document.querySelector("[data-testid=followup-photo] img"); return i && i.complete && i.naturalWidth > 0; })()`,
			chromedp.WithPollingTimeout(10*time.Second)))
		if !strings.Contains(p.text(visit+" .tl-loc"), tr(t, "zh-CN", "followup.location_recorded", "25")) {
			t.Errorf("the place is not on the timeline: %q", p.text(visit+" .tl-loc"))
		}
	})

	step("sees the radar change", func(t *testing.T, p *page) {
		p.waitVisible("[data-radar] canvas")
		after := healthScore(t, p, "urgency")
		if after <= urgencyBefore {
			t.Errorf("urgency after the visit: got %d, want more than %d before it", after, urgencyBefore)
		}
		reasons := p.text("[data-testid=health-urgency] .health-reasons")
		for _, want := range []string{"询问交付周期", "周五前发报价单"} {
			if !strings.Contains(reasons, want) {
				t.Errorf("urgency reasons %q do not name %s", reasons, want)
			}
		}
		if p.count("[data-testid=health-decision_chain] .health-reason.is-bad .icon") == 0 {
			t.Errorf("the decision chain of a customer without contacts shows no marked deduction")
		}
		p.shot("customer-health", phone)
	})

	step("change the status with a reason", func(t *testing.T, p *page) {
		p.do("改状态", click("[data-testid=change-status]"))
		current := tr(t, "zh-CN", "customer.current_status")
		next := eval[string](p, `Array.from(document.querySelectorAll("#status-select option"))
			.map(o => o.textContent.trim()).find((text, i) => i > 0 && !text.endsWith(`+jsString(current)+`))`)
		p.selectOption("#status-select", next)
		typeText(p, "#status-reason", "客户确认了预算，下周报价")
		if status := p.submit("[data-testid=save-status]"); status != http.StatusOK {
			t.Fatalf("change status: got %d, want 200", status)
		}
		p.waitVisible("[data-testid=timeline]")
		wantText(t, "status in the header", p.text("[data-testid=customer-status]"), next)
		event := p.text("[data-testid=timeline] > li:first-child")
		for _, want := range []string{tr(t, "zh-CN", "event.customer.status"), next, "客户确认了预算，下周报价"} {
			if !strings.Contains(event, want) {
				t.Errorf("newest timeline entry %q lacks %q", event, want)
			}
		}
		if n := p.count("[data-testid=timeline-followup]"); n != 1 {
			t.Errorf("timeline shows %d follow-ups, want 1", n)
		}
		p.open(customerPath)
		p.waitVisible("[data-testid=timeline]")
		p.shot("customer", phone)
	})

	step("mark it won", func(t *testing.T, p *page) {
		setStatus(t, p, "已成交", "客户签了合同")
		wantText(t, "status in the header", p.text("[data-testid=customer-status]"), "已成交")
	})

	step("desktop", func(t *testing.T, p *page) {
		p.emulate(desktop)
		p.open("/customers?q=浪花")
		p.waitVisible("[data-testid=customers-table]")
		p.shot("customers", desktop)
		p.open(customerPath)
		p.waitVisible("[data-testid=timeline]")
		p.shot("customer", desktop)
		p.do("记一笔", click("[data-testid=record-followup]"))
		p.waitVisible("[data-testid=followup-form]")
		p.shot("followup-form", desktop)
		p.do("choose a large photo", chromedp.SetUploadFiles(chromedp.CSS("input[name=photos]"),
			[]string{writeLargePNG(t)}))
		p.waitVisible(".photo-thumb")
		refuseFollowUp(t, p)
		p.waitVisible("[data-testid=photos-kept]")
		checkShrunk(t, data)
		p.shot("followup-errors", desktop)
		p.open("/followups/new")
		p.waitVisible("[data-testid=pick-list]")
		p.shot("followup-pick", desktop)
		p.emulate(phone)
		p.open("/followups/new")
		p.waitVisible("[data-testid=pick-list]")
		p.shot("followup-pick", phone)
	})

	step("claim a pool customer", func(t *testing.T, p *page) {
		p.open("/customers?tab=pool")
		p.waitVisible("[data-testid=customer-cards]")
		p.do("open a pool customer", click("[data-testid=customer-cards] a.cust-card"))
		p.waitVisible("[data-testid=claim]")
		p.shot("customer-pool", phone)
		if code := p.submit("[data-testid=claim]"); code != http.StatusOK {
			t.Fatalf("claim: got %d, want 200", code)
		}
		wantText(t, "flash", p.text(".alert-success"), tr(t, "zh-CN", "flash.customer_claimed"))
		wantText(t, "owner", p.text("[data-testid=owner-name]"), "李娜")
	})

	t.Run("conflict", func(t *testing.T) {
		managerResolves(t, srv.URL, pw, customerPath)
	})

	t.Run("settings as admin", func(t *testing.T) {
		admin := newPage(t, newBrowser(t), srv.URL)
		admin.open(link)
		admin.fill("#password", "setup-password-1", "#confirm", "setup-password-1")
		admin.submit("form button[type=submit]")
		admin.waitVisible("[data-testid=role-home]")
		for _, v := range []viewport{phone, desktop} {
			admin.emulate(v)
			admin.open("/admin/settings/customer")
			admin.waitVisible("[data-testid=settings-form]")
			admin.shot("customer-settings", v)
		}
		typeText(admin, "#tags", eval[string](admin, `document.querySelector("#tags").value`)+"\n试用中")
		if status := admin.submit("[data-testid=save-settings]"); status != http.StatusOK {
			t.Fatalf("save settings: got %d, want 200", status)
		}
		wantText(t, "flash", admin.text(".alert-success"), tr(t, "zh-CN", "flash.settings_saved"))
	})
}

// createCustomer fills the new-customer form and returns the customer
// page's path.
func createCustomer(t *testing.T, p *page) string {
	t.Helper()
	p.open("/customers")
	p.waitVisible("[data-testid=new-customer]")
	p.do("open the form", click("[data-testid=new-customer]"))
	p.waitVisible("[data-testid=customer-form]")
	region := eval[string](p, `(() => { const s = document.querySelector("#region_id"); return s.options[s.selectedIndex].textContent; })()`)
	if !strings.HasSuffix(region, "杭州") {
		t.Errorf("region: got %q preselected, want the rep's 杭州", region)
	}
	p.shot("customer-form", phone)
	p.fill("#name", customerName, "#address", "杭州市西湖区文三路 90 号")
	p.do("open the optional fields", click("details.more-fields > summary"))
	p.fill("#industry", "仪器仪表")
	p.do("level A", click("input[name=level][value=A]"))
	if status := p.submit("[data-testid=save-customer]"); status != http.StatusOK {
		t.Fatalf("create customer: got status %d, want 200 (the customer page)", status)
	}
	p.waitVisible("[data-testid=customer-name]")
	wantText(t, "customer name", p.text("[data-testid=customer-name]"), customerName)
	wantText(t, "flash", p.text(".alert-success"), tr(t, "zh-CN", "flash.customer_created"))
	return p.path()
}

// refuseFollowUp sends the follow-up form with a due date but no next
// step and checks the error sits by the next-step field, keeping the notes.
func refuseFollowUp(t *testing.T, p *page) {
	t.Helper()
	due := time.Now().AddDate(0, 0, 3).Format("2006-01-02")
	p.do("set a due date", chromedp.Evaluate[chromedp.Void](`document.querySelector("#next_due").value = "`+due+`"`))
	typeText(p, "#notes", "客户提到账期要 90 天，老板下周会到场。")
	if status := p.submit("[data-testid=save-followup]"); status != http.StatusUnprocessableEntity {
		t.Fatalf("follow-up without a next step: got status %d, want 422", status)
	}
	p.waitVisible(".field-error")
	wantText(t, "error by the next step", p.text("#next_step ~ .field-error"),
		tr(t, "zh-CN", "followup.error.next_step_required"))
	if got := p.value("#notes"); !strings.HasPrefix(got, "客户提到账期") {
		t.Errorf("notes after the refusal: got %q, want what was typed", got)
	}
}

// typeText empties a field, textareas included (chromedp.Clear needs
// text in them), and types text into it.
func typeText(p *page, sel, text string) {
	p.t.Helper()
	p.do("type into "+sel,
		chromedp.Evaluate[chromedp.Void](`document.querySelector(`+jsString(sel)+`).value = ""`),
		chromedp.SendKeys(chromedp.CSS(sel), text))
}

// recordPlace lets the page read a fixed position and taps "记录位置".
func recordPlace(t *testing.T, p *page) {
	t.Helper()
	lat, lng, acc := 30.2741, 120.1551, 25.0
	p.do("allow and fake the position", chromedp.Func(func(ctx context.Context, tg *chromedp.Target) error {
		c := chromedp.FromContext(ctx)
		_, err := cdp.Call(ctx, c.Browser, browser.SetPermission, browser.SetPermissionParams{
			Permission: &browser.PermissionDescriptor{Name: "geolocation"}, Setting: "granted",
			Origin: p.base, BrowserContextID: c.BrowserContextID})
		if err != nil {
			return err
		}
		_, err = cdp.Call(ctx, tg, emulation.SetGeolocationOverride, emulation.SetGeolocationOverrideParams{
			Latitude: &lat, Longitude: &lng, Accuracy: &acc})
		return err
	}))
	p.do("记录位置", click("[data-locate]"))
	p.do("wait for the position", chromedp.Poll[chromedp.Void](
		`document.querySelector("input[name=lat]").value !== ""`, chromedp.WithPollingTimeout(10*time.Second)))
	wantText(t, "location status", p.text("[data-testid=locate-status]"),
		tr(t, "zh-CN", "followup.location_done", "25"))
	if got := p.value("input[name=lng]"); got != "120.155100" {
		t.Errorf("lng: got %q, want 120.155100", got)
	}
}

// writeLargePNG saves a 1600×1200 picture of noise, which PNG cannot
// compress: several megabytes, as a phone photo would be.
func writeLargePNG(t *testing.T) string {
	t.Helper()
	img := image.NewRGBA(image.Rect(0, 0, 1600, 1200))
	rng := rand.New(rand.NewPCG(1, 2))
	for i := range img.Pix {
		img.Pix[i] = byte(rng.UintN(256))
	}
	var b bytes.Buffer
	if err := png.Encode(&b, img); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "large.png")
	if err := os.WriteFile(path, b.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

// checkShrunk finds the large photo in the server's file store: the page
// must have sent it as a JPEG. Noise is JPEG's worst case, so the bound is
// loose: a real photo of that size shrinks to a few hundred kilobytes.
func checkShrunk(t *testing.T, data string) {
	t.Helper()
	files, err := filepath.Glob(filepath.Join(data, "files", "*", "*"))
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range files {
		raw, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		if bytes.HasPrefix(raw, []byte{0xff, 0xd8}) {
			if len(raw) > 2<<20 {
				t.Errorf("the shrunk photo is %d bytes, want under 2 MB", len(raw))
			}
			return
		}
	}
	t.Errorf("no JPEG among the %d stored files: the large photo was not shrunk before upload", len(files))
}

// writePNG saves a small picture (a shelf in two colours) to upload.
func writePNG(t *testing.T) string {
	t.Helper()
	img := image.NewRGBA(image.Rect(0, 0, 160, 120))
	for x := range 160 {
		for y := range 120 {
			c := color.RGBA{R: 22, G: 119, B: 255, A: 255}
			if y > 60 {
				c = color.RGBA{R: 240, G: 140, A: 255}
			}
			img.Set(x, y, c)
		}
	}
	var b bytes.Buffer
	if err := png.Encode(&b, img); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "shelf.png")
	if err := os.WriteFile(path, b.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

// healthScore reads one score of the customer page's radar from the
// text beside the chart, not from the canvas.
func healthScore(t *testing.T, p *page, axis string) int {
	t.Helper()
	raw := p.text("[data-testid=health-" + axis + "] [data-testid=health-score]")
	n, err := strconv.Atoi(raw)
	if err != nil || n < 0 || n > 100 {
		t.Fatalf("%s score: got %q, want a number from 0 to 100", axis, raw)
	}
	return n
}

// setStatus changes the customer's status on its page, with a reason.
func setStatus(t *testing.T, p *page, status, reason string) {
	t.Helper()
	p.do("改状态", click("[data-testid=change-status]"))
	p.selectOption("#status-select", status)
	typeText(p, "#status-reason", reason)
	if code := p.submit("[data-testid=save-status]"); code != http.StatusOK {
		t.Fatalf("set status %s: got %d, want 200", status, code)
	}
	p.waitVisible("[data-testid=timeline]")
}

// managerResolves: the demo manager of 浙江 sets the rep's won customer
// back to following within the conflict window, sees the customer
// flagged, finds the conflict on the list and in the notifications, is
// refused a resolution without a reason, and resolves it with one.
func managerResolves(t *testing.T, base, password, customerPath string) {
	mgr := newPage(t, newBrowser(t), base)
	mgr.emulate(desktop)
	mgr.login(demoManager, password)
	step := func(name string, f func(t *testing.T, p *page)) {
		t.Helper()
		if !t.Run(name, func(t *testing.T) { f(t, mgr.on(t)) }) {
			t.FailNow()
		}
	}
	ours := `[data-e2e=ours]`

	step("contradict the rep", func(t *testing.T, p *page) {
		p.open(customerPath)
		p.waitVisible("[data-testid=timeline]")
		unread := unreadCount(t, p)
		setStatus(t, p, "跟进中", "电话里客户说合同还没签")
		p.waitVisible("[data-testid=customer-flagged]")
		wantText(t, "conflict banner", p.text("[data-testid=customer-conflicts] strong"),
			tr(t, "zh-CN", "conflict.flagged_title"))
		if got := unreadCount(t, p); unread < 99 && got != unread+1 {
			t.Errorf("unread on the bell: got %d, want %d (the conflict's notification)", got, unread+1)
		}
		p.shot("customer-conflict", desktop)
	})

	step("the conflict list", func(t *testing.T, p *page) {
		p.do("open the conflicts", click(`.sidebar a[href="/conflicts"]`))
		p.waitVisible("[data-testid=conflict-list]")
		if !markConflict(p) {
			t.Fatalf("no open conflict of %s on the list", customerName)
		}
		msg := p.text(ours + " [data-testid=conflict-message]")
		for _, want := range []string{"李娜", "已成交", "王经理", "跟进中"} {
			if !strings.Contains(msg, want) {
				t.Errorf("conflict message %q does not name %s", msg, want)
			}
		}
		p.shot("conflicts", desktop)
		p.emulate(phone)
		p.open("/conflicts")
		p.waitVisible("[data-testid=conflict-list]")
		p.shot("conflicts", phone)
		p.open("/notifications")
		p.waitVisible("[data-testid=notifications]")
		p.shot("notifications", phone)
		p.emulate(desktop)
		p.open("/notifications")
		p.waitVisible("[data-testid=notifications]")
		if !strings.Contains(p.text("[data-testid=notifications]"), customerName) {
			t.Errorf("no notification names %s", customerName)
		}
		p.shot("notifications", desktop)
	})

	step("resolve it with a reason", func(t *testing.T, p *page) {
		p.open("/conflicts")
		p.waitVisible("[data-testid=conflict-list]")
		markConflict(p)
		if code := p.submit(ours + " [data-testid=resolve]"); code != http.StatusUnprocessableEntity {
			t.Fatalf("resolve without a reason: got %d, want 422", code)
		}
		markConflict(p)
		wantText(t, "error by the reason", p.text(ours+" .field-error"),
			tr(t, "zh-CN", "conflict.error.reason_required"))
		p.shot("conflicts-error", desktop)
		typeText(p, ours+" textarea", "已和李娜核实：合同下周签，先按跟进中")
		if code := p.submit(ours + " [data-testid=resolve]"); code != http.StatusOK {
			t.Fatalf("resolve: got %d, want 200", code)
		}
		wantText(t, "flash", p.text(".alert-success"), tr(t, "zh-CN", "flash.conflict_resolved"))
		if markConflict(p) {
			t.Errorf("the resolved conflict is still on the open list")
		}
		p.open("/conflicts?tab=resolved")
		p.waitVisible("[data-testid=conflict-list]")
		if !markConflict(p) {
			t.Fatalf("the resolved conflict is not on the resolved tab")
		}
		if got := p.text(ours + " [data-testid=conflict-resolution]"); !strings.Contains(got, "合同下周签") {
			t.Errorf("resolution %q lacks the reason", got)
		}
		p.open(customerPath)
		p.waitVisible("[data-testid=timeline]")
		if p.count("[data-testid=customer-flagged]") != 0 {
			t.Errorf("the customer is still flagged after the conflict was resolved")
		}
	})

	step("assign a pool customer", func(t *testing.T, p *page) {
		p.emulate(phone)
		p.open("/customers?tab=pool")
		p.waitVisible("[data-testid=customer-cards]")
		p.do("open a pool customer", click("[data-testid=customer-cards] a.cust-card"))
		p.do("分配给…", click("[data-testid=assign-open]"))
		p.waitVisible("[data-testid=assign-form]")
		if code := p.submit("[data-testid=assign]"); code != http.StatusUnprocessableEntity {
			t.Fatalf("assign to nobody: got %d, want 422", code)
		}
		p.waitVisible("#assign_owner ~ .field-error")
		wantText(t, "error by the rep select", p.text("#assign_owner ~ .field-error"),
			tr(t, "zh-CN", "customer.error.owner_required"))
		p.shot("customer-assign-error", phone)
		p.selectOption("#assign_owner", "李娜")
		typeText(p, "#assign_reason", "李娜上周拜访过")
		if code := p.submit("[data-testid=assign]"); code != http.StatusOK {
			t.Fatalf("assign to 李娜: got %d, want 200", code)
		}
		wantText(t, "flash", p.text(".alert-success"), tr(t, "zh-CN", "flash.customer_assigned"))
		wantText(t, "owner", p.text("[data-testid=owner-name]"), "李娜")
	})

	step("flagged customers", func(t *testing.T, p *page) {
		for _, v := range []viewport{phone, desktop} {
			p.emulate(v)
			p.open("/customers?flagged=1")
			p.waitVisible("[data-testid=filter-flagged]")
			if p.count("[data-testid=flagged-chip]") == 0 {
				t.Errorf("%s: the 有冲突 filter lists no flagged customer (the demo has some)", v.name)
			}
			p.shot("customers-flagged", v)
		}
	})
}

// unreadCount is the number on the top bar's bell: 0 without a badge,
// 100 for "99+".
func unreadCount(t *testing.T, p *page) int {
	t.Helper()
	if p.count("[data-testid=unread-badge]") == 0 {
		return 0
	}
	raw := p.text("[data-testid=unread-badge]")
	if raw == "99+" {
		return 100
	}
	n, err := strconv.Atoi(raw)
	if err != nil {
		t.Fatalf("unread badge: got %q, want a number", raw)
	}
	return n
}

// markConflict marks the conflict card of the test's customer with
// data-e2e="ours" and reports whether there is one.
func markConflict(p *page) bool {
	p.t.Helper()
	return eval[bool](p, `(() => {
		const card = Array.from(document.querySelectorAll("[data-testid=conflict]")).find(c =>
			c.querySelector("[data-testid=conflict-customer]").textContent.trim() === `+jsString(customerName)+`);
		if (card) card.setAttribute("data-e2e", "ours");
		return !!card;
	})()`)
}
