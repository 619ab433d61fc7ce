package web_test

import (
	"bytes"
	"mime/multipart"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/frontline-crm/frontline/app/customer"
	"github.com/frontline-crm/frontline/app/i18n"
)

// TestCustomerPagesGetsChangeNothing calls every customer page as every
// kind of caller and checks the database is unchanged; the plain server
// of TestGetRoutesChangeNothing answers these routes with not-found.
func TestCustomerPagesGetsChangeNothing(t *testing.T) {
	t.Parallel()
	e := newActivityEnv(t)
	c := e.seedCustomer("rep", customer.Input{Name: "杭州西湖数码"})
	sum, err := e.cust.AddPhoto(e.principal("rep"), pngImage(t, 3))
	if err != nil {
		t.Fatal(err)
	}
	at := e.clk.Now().Add(-time.Hour)
	if _, err := e.cust.AddFollowUp(e.principal("rep"), customer.FollowUpInput{CustomerID: c.ID, Kind: "visit",
		OccurredAt: &at, Photos: []string{sum}, Tags: []string{"价格异议"}}); err != nil {
		t.Fatal(err)
	}
	e.flagCustomer(t, c) // its page shows the conflict, its radar and the owner's moves
	paths := map[string][]string{
		"/customers":               {"/customers?tab=all&q=" + url.QueryEscape("西湖"), "/customers?tab=pool"},
		"/customers/new":           {"/customers/new"},
		"/customers/:id":           {"/customers/" + c.ID, "/customers/" + c.ID + "?until=1"},
		"/customers/:id/edit":      {"/customers/" + c.ID + "/edit"},
		"/followups/new":           {"/followups/new?customer=" + c.ID, "/followups/new?q=" + url.QueryEscape("西湖")},
		"/admin/settings/customer": {"/admin/settings/customer"},
		"/conflicts":               {"/conflicts", "/conflicts?tab=resolved", "/conflicts?customer=" + c.ID},
	}
	for _, r := range e.srv.App().GetRoutes(true) {
		page := strings.HasPrefix(r.Path, "/customers") || strings.HasPrefix(r.Path, "/followups") ||
			strings.HasPrefix(r.Path, "/conflicts") || r.Path == "/admin/settings/customer"
		if page && r.Method == http.MethodGet && paths[r.Path] == nil {
			t.Errorf("GET route %s is not in the table: add it with real parameters", r.Path)
		}
	}
	e.clk.Advance(2 * time.Minute)
	before := e.snapshot(t)
	for _, list := range paths {
		for _, path := range list {
			for _, as := range []string{"", "admin", "rep", "rep3", "manager", "legal", "warehouse"} {
				r := e.run(t, scenario{method: "GET", path: path, as: as, session: true})
				want := as == "admin" || (as == "rep" && path != "/admin/settings/customer")
				if want && r.status != http.StatusOK {
					t.Errorf("GET %s as %s: status %d, want 200", path, as, r.status)
				}
			}
		}
	}
	if diff := diffKeys(before, e.snapshot(t), ignoreLastSeen); diff != "" {
		t.Errorf("GET requests changed the database:\n%s", diff)
	}
}

func TestCustomerListPage(t *testing.T) {
	t.Parallel()
	e := newActivityEnv(t)
	rep := e.signedIn("rep")
	r := rep.get(t, "/customers")
	checkHTML(t, r, http.StatusOK)
	for _, want := range []string{e.T(i18n.ZH, "customers.empty_title"), `href="/customers/new"`,
		e.T(i18n.ZH, "customers.tab.mine"), e.T(i18n.ZH, "customers.tab.pool")} {
		if !strings.Contains(r.body, want) {
			t.Errorf("empty list lacks %q", want)
		}
	}
	if strings.Contains(r.body, `href="/customers?tab=all"`) {
		t.Errorf("a rep's list offers the 全部 tab")
	}

	mine := e.seedCustomer("rep", customer.Input{Name: "杭州西湖数码"})
	e.seedCustomer("rep", customer.Input{Name: "滨江电子"})
	pool := e.seedCustomer("manager", customer.Input{Name: "萧山机械", OwnerID: poolOwner()})
	e.seedFollowUp("rep", mine.ID, "初次拜访")

	r = rep.get(t, "/customers?q="+url.QueryEscape("西湖"))
	checkHTML(t, r, http.StatusOK)
	if !strings.Contains(r.body, `href="/customers/`+mine.ID+`"`) || strings.Contains(r.body, "滨江电子") {
		t.Errorf("search 西湖: want only 杭州西湖数码 in:\n%s", clip(r.body))
	}
	if !strings.Contains(r.body, e.T(i18n.ZH, "time.today", "08:00")) {
		t.Errorf("list does not show the last follow-up as 今天 08:00")
	}
	r = rep.get(t, "/customers?tab=pool")
	if !strings.Contains(r.body, "萧山机械") || strings.Contains(r.body, "西湖") {
		t.Errorf("pool tab: want only the pool customer %s", pool.Name)
	}
	r = rep.get(t, "/customers?q="+url.QueryEscape("没有这个"))
	if !strings.Contains(r.body, e.T(i18n.ZH, "customers.empty_filtered_title")) {
		t.Errorf("a search without results does not say so")
	}
	r = e.signedIn("manager").get(t, "/customers")
	for _, name := range []string{"杭州西湖数码", "滨江电子", "萧山机械"} {
		if !strings.Contains(r.body, name) {
			t.Errorf("manager's default list (全部) lacks %s", name)
		}
	}
	checkHTML(t, e.signedIn("warehouse").get(t, "/customers"), http.StatusForbidden)
}

func TestCustomerForm(t *testing.T) {
	t.Parallel()
	e := newActivityEnv(t)
	rep := e.signedIn("rep")
	hz := e.region["杭州"]
	rep.get(t, "/customers/new")

	t.Run("errors next to fields", func(t *testing.T) {
		r := rep.post(t, "/customers", url.Values{"name": {""}, "region_id": {hz}, "level": {"B"},
			"phone": {"12345"}, "industry": {"制造业"}})
		checkHTML(t, r, http.StatusUnprocessableEntity)
		if !strings.Contains(fieldBlock(t, r.body, "name"), e.T(i18n.ZH, "customer.error.name_required")) {
			t.Errorf("no name error next to the name field")
		}
		if !strings.Contains(fieldBlock(t, r.body, "phone"), e.T(i18n.ZH, "customer.error.phone_invalid")) {
			t.Errorf("no phone error next to the phone field")
		}
		if !strings.Contains(fieldBlock(t, r.body, "industry"), `value="制造业"`) {
			t.Errorf("the form lost what was typed")
		}
	})

	var first string
	t.Run("create", func(t *testing.T) {
		r := rep.post(t, "/customers", url.Values{"name": {"杭州西湖数码科技有限公司"}, "region_id": {hz},
			"level": {"A"}, "phone": {"138 0013 8000"}, "product_lines": {"云桌面，安全网关"}})
		if r.status != http.StatusSeeOther || !strings.HasPrefix(r.header.Get("Location"), "/customers/") {
			t.Fatalf("create: status %d Location %q, want 303 to the customer", r.status, r.header.Get("Location"))
		}
		first = strings.TrimPrefix(r.header.Get("Location"), "/customers/")
		page := rep.get(t, "/customers/"+first)
		checkHTML(t, page, http.StatusOK)
		for _, want := range []string{e.T(i18n.ZH, "flash.customer_created"), "杭州西湖数码科技有限公司",
			"13800138000", "云桌面", `id="health"`, e.T(i18n.ZH, "health.axis.urgency"), `data-radar`} {
			if !strings.Contains(page.body, want) {
				t.Errorf("customer page lacks %q", want)
			}
		}
	})

	t.Run("duplicate warning", func(t *testing.T) {
		form := url.Values{"name": {"西湖数码"}, "region_id": {hz}, "level": {"B"}, "phone": {"13800138000"}}
		r := rep.post(t, "/customers", form)
		checkHTML(t, r, http.StatusConflict)
		for _, want := range []string{`data-testid="duplicate-warning"`, `href="/customers/` + first + `"`,
			`name="override_reason"`, e.T(i18n.ZH, "customers.save_anyway")} {
			if !strings.Contains(r.body, want) {
				t.Errorf("duplicate warning lacks %q", want)
			}
		}
		form.Set("override_reason", "同名不同店")
		if r := rep.post(t, "/customers", form); r.status != http.StatusSeeOther {
			t.Errorf("save with a reason: status %d, want 303", r.status)
		}
	})

	t.Run("credit code clash", func(t *testing.T) {
		code := customer.CompleteCreditCode("91330106MA2KXXXX0")
		e.seedCustomer("rep3", customer.Input{Name: "另一家", CreditCode: code})
		r := rep.post(t, "/customers", url.Values{"name": {"第三家"}, "region_id": {hz}, "level": {"B"},
			"credit_code": {code}})
		checkHTML(t, r, http.StatusConflict)
		if !strings.Contains(fieldBlock(t, r.body, "credit_code"), `data-testid="existing-customer"`) {
			t.Errorf("credit-code clash shows no link to the existing customer")
		}
	})

	t.Run("edit", func(t *testing.T) {
		r := rep.get(t, "/customers/"+first+"/edit")
		checkHTML(t, r, http.StatusOK)
		if !strings.Contains(fieldBlock(t, r.body, "name"), `value="杭州西湖数码科技有限公司"`) {
			t.Errorf("edit form does not show the stored name")
		}
		r = rep.post(t, "/customers/"+first, url.Values{"name": {"杭州西湖数码科技"}, "region_id": {hz},
			"level": {"A"}, "phone": {"0571-88886666"}})
		if r.status != http.StatusSeeOther {
			t.Fatalf("edit: status %d, want 303; body:\n%s", r.status, clip(r.body))
		}
		checkHTML(t, e.signedIn("rep2").get(t, "/customers/"+first+"/edit"), http.StatusNotFound)
	})
}

func TestCustomerPageStatusAndContacts(t *testing.T) {
	t.Parallel()
	e := newActivityEnv(t)
	c := e.seedCustomer("rep", customer.Input{Name: "杭州西湖数码"})
	rep := e.signedIn("rep")
	rep.get(t, "/customers/"+c.ID)
	page := "/customers/" + c.ID

	r := rep.post(t, page+"/status", url.Values{"status": {c.Status}, "reason": {"没变"}})
	checkHTML(t, r, http.StatusUnprocessableEntity)
	if !strings.Contains(fieldBlock(t, r.body, "status"), e.T(i18n.ZH, "customer.error.status_same")) {
		t.Errorf("no error next to the status select")
	}
	r = rep.post(t, page+"/status", url.Values{"status": {customer.StatusQuoted}, "reason": {"已发报价单"}})
	if r.status != http.StatusSeeOther {
		t.Fatalf("change status: %d, want 303", r.status)
	}
	r = rep.get(t, page)
	if n := strings.Count(r.body, `data-testid="timeline-event"`); n != 2 {
		t.Errorf("timeline shows %d events, want the creation and the status change", n)
	}
	for _, want := range []string{"已发报价单", "已报价待确认", e.T(i18n.ZH, "flash.status_changed")} {
		if !strings.Contains(r.body, want) {
			t.Errorf("customer page lacks %q", want)
		}
	}

	r = rep.post(t, page+"/contacts", url.Values{"contact_name": {""}, "contact_mobile": {"123"}})
	checkHTML(t, r, http.StatusUnprocessableEntity)
	if !strings.Contains(fieldBlock(t, r.body, "contact_mobile"), e.T(i18n.ZH, "contact.error.mobile_invalid")) {
		t.Errorf("no error next to the contact's mobile")
	}
	if !strings.Contains(r.body, `<details class="add-contact" open>`) {
		t.Errorf("the refused contact form is closed")
	}
	r = rep.post(t, page+"/contacts", url.Values{"contact_name": {"王总"}, "contact_mobile": {"13900139000"},
		"contact_decision_role": {"decision_maker"}})
	if r.status != http.StatusSeeOther {
		t.Fatalf("add contact: %d, want 303", r.status)
	}
	r = rep.get(t, page)
	if !strings.Contains(r.body, "王总") || !strings.Contains(r.body, e.T(i18n.ZH, "contact.role.decision_maker")) {
		t.Fatalf("contact list lacks 王总, 决策人")
	}
	id := regexp.MustCompile(`/contacts/([0-9A-Z]{26})/delete`).FindStringSubmatch(r.body)
	if id == nil {
		t.Fatalf("no delete form for the contact")
	}
	if r := e.signedIn("rep3").post(t, page+"/contacts/"+id[1]+"/delete", nil); r.status != http.StatusNotFound {
		t.Errorf("another rep deletes the contact: %d, want 404", r.status)
	}
	if r := rep.post(t, page+"/contacts/"+id[1]+"/delete", nil); r.status != http.StatusSeeOther {
		t.Errorf("delete contact: %d, want 303", r.status)
	}
}

// multipartForm encodes fields and one file per photo as a browser does.
func multipartForm(t *testing.T, fields url.Values, photos ...[]byte) (*bytes.Buffer, string) {
	t.Helper()
	var b bytes.Buffer
	w := multipart.NewWriter(&b)
	for k, vs := range fields {
		for _, v := range vs {
			if err := w.WriteField(k, v); err != nil {
				t.Fatal(err)
			}
		}
	}
	for _, p := range photos {
		part, err := w.CreateFormFile("photos", "photo.png")
		if err != nil {
			t.Fatal(err)
		}
		if _, err := part.Write(p); err != nil {
			t.Fatal(err)
		}
	}
	if len(photos) == 0 {
		if _, err := w.CreateFormFile("photos", ""); err != nil {
			t.Fatal(err)
		}
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	return &b, w.FormDataContentType()
}

func (b *browser) postMultipart(t *testing.T, path string, fields url.Values, photos ...[]byte) *response {
	t.Helper()
	fields.Set("_csrf", b.csrf)
	body, ctype := multipartForm(t, fields, photos...)
	req := newRequest(http.MethodPost, path, body)
	req.Header.Set("Content-Type", ctype)
	return b.send(t, req)
}

func TestFollowUpForm(t *testing.T) {
	t.Parallel()
	e := newActivityEnv(t)
	c := e.seedCustomer("rep", customer.Input{Name: "杭州西湖数码"})
	rep := e.signedIn("rep")

	r := rep.get(t, "/followups/new")
	checkHTML(t, r, http.StatusOK)
	if !strings.Contains(r.body, `href="/followups/new?customer=`+c.ID+`"`) {
		t.Errorf("the picker does not offer the rep's customer")
	}
	r = rep.get(t, "/followups/new?customer="+c.ID)
	checkHTML(t, r, http.StatusOK)
	for _, want := range []string{`enctype="multipart/form-data"`, `capture="environment"`, `name="tags"`,
		`value="visit" checked`, `value="2026-03-02T09:00"`, `data-locate hidden`} {
		if !strings.Contains(r.body, want) {
			t.Errorf("follow-up form lacks %q", want)
		}
	}

	photo := pngImage(t, 4)
	fields := url.Values{"customer_id": {c.ID}, "kind": {"visit"}, "occurred_at": {"2026-03-02T08:30"},
		"tags": {"价格异议", "决策人参与"}, "notes": {"客户说账期要 90 天"}, "next_due": {"2026-03-05"},
		"lat": {"30.27"}, "lng": {"120.15"}, "accuracy": {"20"}}
	r = rep.postMultipart(t, "/followups", fields, photo)
	checkHTML(t, r, http.StatusUnprocessableEntity)
	if !strings.Contains(fieldBlock(t, r.body, "next_step"), e.T(i18n.ZH, "followup.error.next_step_required")) {
		t.Errorf("no error next to the next step")
	}
	kept := regexp.MustCompile(`name="photos_kept" value="([0-9a-f]{64})"`).FindStringSubmatch(r.body)
	if kept == nil || !strings.Contains(r.body, `value="价格异议" checked`) {
		t.Fatalf("the refused form lost the photo or the tags")
	}

	fields.Set("next_step", "发报价单")
	fields.Set("photos_kept", kept[1])
	r = rep.postMultipart(t, "/followups", fields)
	if r.status != http.StatusSeeOther || r.header.Get("Location") != "/customers/"+c.ID+"#timeline" {
		t.Fatalf("save: status %d Location %q; body:\n%s", r.status, r.header.Get("Location"), clip(r.body))
	}
	r = rep.get(t, "/customers/"+c.ID)
	for _, want := range []string{"价格异议", "决策人参与", "账期诉求", e.T(i18n.ZH, "followup.auto_tag"),
		"发报价单", e.T(i18n.ZH, "followup.due", "3月5日"), "客户说账期要 90 天"} {
		if !strings.Contains(r.body, want) {
			t.Errorf("timeline lacks %q", want)
		}
	}
	src := regexp.MustCompile(`<img src="([^"]+)"`).FindStringSubmatch(r.body)
	if src == nil {
		t.Fatalf("timeline shows no photo")
	}
	img := rep.get(t, strings.ReplaceAll(src[1], "&amp;", "&"))
	if img.status != http.StatusOK || img.header.Get("Content-Type") != "image/png" || img.body != string(photo) {
		t.Errorf("photo: status %d type %q, want 200 image/png with the bytes", img.status,
			img.header.Get("Content-Type"))
	}
	if r := e.signedIn("rep2").get(t, strings.ReplaceAll(src[1], "&amp;", "&")); r.status != http.StatusNotFound {
		t.Errorf("a rep of another region gets the photo: %d, want 404", r.status)
	}

	due := e.clk.Now().Add(-24 * time.Hour)
	if _, err := e.cust.AddFollowUp(e.principal("rep"), customer.FollowUpInput{CustomerID: c.ID, Kind: "call",
		NextStep: "回电话", NextDue: &due}); err != nil {
		t.Fatal(err)
	}
	r = rep.get(t, "/customers/"+c.ID)
	if !strings.Contains(r.body, `data-testid="overdue"`) {
		t.Errorf("a next step past its due date is not marked overdue")
	}
}

func TestCustomerSettingsPage(t *testing.T) {
	t.Parallel()
	e := newActivityEnv(t)
	checkHTML(t, e.signedIn("rep").get(t, "/admin/settings/customer"), http.StatusForbidden)
	admin := e.signedIn("admin")
	r := admin.get(t, "/admin/settings/customer")
	checkHTML(t, r, http.StatusOK)
	if !strings.Contains(r.body, "<code>quoted</code>") || !strings.Contains(r.body, "账期 → 账期诉求") {
		t.Fatalf("settings page does not show the stored statuses and keywords")
	}

	set := customer.DefaultSettings()
	form := url.Values{"default_status": {"new"}, "tags": {strings.Join(set.Tags, "\n") + "\n试用中"},
		"keywords": {"试用 → 试用中\n坏的一行"}, "status_rows": {"7"}, "field_rows": {"1"},
		"status_name_6": {"试用客户"}, "field_key_0": {"employees"}, "field_name_0": {"员工人数"},
		"field_type_0": {"number"}}
	for i, st := range set.Statuses {
		n := string(rune('0' + i))
		form.Set("status_key_"+n, st.Key)
		form.Set("status_name_"+n, st.Name)
	}
	r = admin.post(t, "/admin/settings/customer", form)
	checkHTML(t, r, http.StatusUnprocessableEntity)
	if !strings.Contains(fieldBlock(t, r.body, "keywords"), e.T(i18n.ZH, "settings_customer.error.keyword_line", 2)) {
		t.Errorf("no error for the bad keyword line")
	}
	if !strings.Contains(r.body, `value="试用客户"`) {
		t.Errorf("the refused form lost the new status")
	}

	form.Set("keywords", "试用 → 试用中")
	if r := admin.post(t, "/admin/settings/customer", form); r.status != http.StatusSeeOther {
		t.Fatalf("save settings: %d, want 303", r.status)
	}
	got, err := e.cust.Settings()
	if err != nil {
		t.Fatal(err)
	}
	last := got.Statuses[len(got.Statuses)-1]
	if last.Name != "试用客户" || !strings.HasPrefix(last.Key, "s_") || got.Keywords["试用"] != "试用中" ||
		len(got.Fields) != 1 || got.Fields[0].Type != customer.FieldNumber {
		t.Errorf("saved settings = %+v", got)
	}
	r = e.signedIn("rep").get(t, "/customers/new")
	if !strings.Contains(r.body, `name="custom.employees"`) || !strings.Contains(r.body, "试用客户") {
		t.Errorf("the customer form lacks the new custom field or status")
	}
}

func TestCustomerTimelinePages(t *testing.T) {
	t.Parallel()
	e := newActivityEnv(t)
	c := e.seedCustomer("rep", customer.Input{Name: "杭州西湖数码"})
	for i := 1; i <= 22; i++ {
		at := e.clk.Now().Add(-time.Duration(i) * time.Hour)
		if _, err := e.cust.AddFollowUp(e.principal("rep"), customer.FollowUpInput{CustomerID: c.ID,
			Kind: "call", OccurredAt: &at}); err != nil {
			t.Fatal(err)
		}
	}
	rep := e.signedIn("rep")
	r := rep.get(t, "/customers/"+c.ID)
	if n := strings.Count(r.body, `data-testid="timeline-followup"`); n != 20 {
		t.Errorf("first page: %d follow-ups, want 20", n)
	}
	if n := strings.Count(r.body, `data-testid="timeline-event"`); n != 1 {
		t.Errorf("first page: %d events, want the creation", n)
	}
	older := regexp.MustCompile(`href="(/customers/[^"]+cursor=[^"]+)"`).FindStringSubmatch(r.body)
	if older == nil {
		t.Fatalf("first page has no link to older entries")
	}
	r = rep.get(t, strings.ReplaceAll(older[1], "&amp;", "&"))
	checkHTML(t, r, http.StatusOK)
	if n := strings.Count(r.body, `data-testid="timeline-followup"`); n != 2 {
		t.Errorf("second page: %d follow-ups, want 2", n)
	}
	if strings.Contains(r.body, `data-testid="timeline-event"`) {
		t.Errorf("second page repeats the creation event")
	}
}
