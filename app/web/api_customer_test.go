package web_test

import (
	"net/http"
	"net/url"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/frontline-crm/frontline/app/customer"
)

// TestCustomerAPICustomers walks a customer through create, read, list,
// patch, archive and restore.
func TestCustomerAPICustomers(t *testing.T) {
	t.Parallel()
	e := newActivityEnv(t)
	code := customer.CompleteCreditCode("91330106MA2B3C4D5")
	r := e.run(t, scenario{method: http.MethodPost, path: "/api/v1/customers", as: "rep", status: http.StatusCreated,
		body: map[string]any{"name": " 杭州西湖科技有限公司 ", "credit_code": strings.ToLower(code),
			"industry": "制造业", "region_id": e.region["杭州"], "address": "西湖区文三路 1 号", "source": "展会",
			"level": "a", "product_lines": []string{"ERP", "ERP", "MES"}, "phone": "+86 138-1234-5678"}})
	var c customerOut
	r.decode(t, &c)
	want := customerOut{ID: c.ID, Name: "杭州西湖科技有限公司", CreditCode: code, Industry: "制造业",
		RegionID: e.region["杭州"], Address: "西湖区文三路 1 号", Source: "展会", OwnerID: e.account("rep").ID,
		Level: "A", ProductLines: []string{"ERP", "MES"}, Phone: "13812345678", Status: customer.StatusNew}
	if c.ID == "" || !sameCustomer(c, want) {
		t.Errorf("created = %+v\nwant      %+v", c, want)
	}
	if loc := r.header.Get("Location"); loc != "/api/v1/customers/"+c.ID {
		t.Errorf("Location = %q, want /api/v1/customers/%s", loc, c.ID)
	}
	for _, k := range []string{`"custom":{}`, `"credit_code"`, `"product_lines"`, `"owner_id"`} {
		if !strings.Contains(r.body, k) {
			t.Errorf("answer %s lacks %s", r.body, k)
		}
	}

	t.Run("get", func(t *testing.T) {
		var got customerOut
		e.get(t, "rep", "/api/v1/customers/"+c.ID, &got)
		if !sameCustomer(got, want) {
			t.Errorf("get = %+v, want %+v", got, want)
		}
	})

	t.Run("patch changes only the members given", func(t *testing.T) {
		var got customerOut
		e.run(t, scenario{method: http.MethodPatch, path: "/api/v1/customers/" + c.ID, as: "rep",
			body: `{"address": "滨江区江南大道 2 号", "level": "B", "source": null}`, status: http.StatusOK}).
			decode(t, &got)
		w := want
		w.Address, w.Level, w.Source = "滨江区江南大道 2 号", "B", ""
		if !sameCustomer(got, w) {
			t.Errorf("patched = %+v\nwant      %+v", got, w)
		}
		e.get(t, "rep", "/api/v1/customers/"+c.ID, &got)
		if !sameCustomer(got, w) {
			t.Errorf("after patch get = %+v, want %+v", got, w)
		}
		want = w
	})

	t.Run("list", func(t *testing.T) {
		other := e.seedCustomer("rep", customer.Input{Name: "宁波港务", Level: "C"})
		for _, tc := range []struct {
			name, query string
			want        []string
		}{
			{"own", "", []string{c.ID, other.ID}},
			{"level", "?level=c", []string{other.ID}},
			{"status", "?status=new", []string{c.ID, other.ID}},
			{"status none", "?status=won", nil},
			{"q by name", "?q=" + url.QueryEscape("西湖"), []string{c.ID}},
			{"q by credit code", "?q=" + strings.ToLower(code[:8]), []string{c.ID}},
			{"region subtree", "?region=" + e.region["浙江"], []string{c.ID, other.ID}},
			{"other region", "?region=" + e.region["深圳"], nil},
			{"owner", "?owner=" + e.account("rep").ID, []string{c.ID, other.ID}},
		} {
			t.Run(tc.name, func(t *testing.T) {
				got := e.customerIDs(t, "rep", "/api/v1/customers"+tc.query)
				if !sameIDs(got, tc.want) {
					t.Errorf("ids = %v, want %v", got, tc.want)
				}
			})
		}
		var page listOut[customerOut]
		e.get(t, "rep", "/api/v1/customers?limit=1", &page)
		if len(page.Items) != 1 || page.NextCursor == nil || *page.NextCursor == "" {
			t.Fatalf("limit=1 gave %d items and cursor %v, want 1 and a cursor", len(page.Items), page.NextCursor)
		}
		var rest listOut[customerOut]
		e.get(t, "rep", "/api/v1/customers?limit=1&cursor="+*page.NextCursor, &rest)
		if len(rest.Items) != 1 || rest.Items[0].ID == page.Items[0].ID || *rest.NextCursor != "" {
			t.Errorf("second page = %+v, want the other customer and no cursor", rest)
		}
	})

	t.Run("archive and restore", func(t *testing.T) {
		e.run(t, scenario{method: http.MethodDelete, path: "/api/v1/customers/" + c.ID, as: "rep",
			status: http.StatusNoContent})
		e.run(t, scenario{method: http.MethodGet, path: "/api/v1/customers/" + c.ID, as: "rep",
			status: http.StatusNotFound})
		var got customerOut
		e.run(t, scenario{method: http.MethodPost, path: "/api/v1/customers/" + c.ID + "/restore", as: "admin",
			status: http.StatusOK}).decode(t, &got)
		if got.Archived || got.ID != c.ID {
			t.Errorf("restored = %+v, want %s not archived", got, c.ID)
		}
		e.get(t, "rep", "/api/v1/customers/"+c.ID, &got)
	})
}

// TestCustomerAPIContacts adds, lists, patches and removes contacts.
func TestCustomerAPIContacts(t *testing.T) {
	t.Parallel()
	e := newActivityEnv(t)
	c := e.seedCustomer("rep", customer.Input{Name: "杭州钱江电气"})
	base := "/api/v1/customers/" + c.ID + "/contacts"
	var ct contactOut
	e.run(t, scenario{method: http.MethodPost, path: base, as: "rep", status: http.StatusCreated,
		body: map[string]string{"name": "张伟", "title": "采购经理", "mobile": "+86 139 0000 1111",
			"email": "zhang@example.com", "wechat": "zhangwei", "decision_role": "procurement"}}).decode(t, &ct)
	want := contactOut{ID: ct.ID, CustomerID: c.ID, Name: "张伟", Title: "采购经理", Mobile: "13900001111",
		Email: "zhang@example.com", WeChat: "zhangwei", DecisionRole: "procurement"}
	if ct.ID == "" || ct != want {
		t.Errorf("created = %+v, want %+v", ct, want)
	}
	e.run(t, scenario{method: http.MethodPost, path: base, as: "rep", status: http.StatusCreated,
		body: map[string]string{"name": "李娜", "decision_role": "decision_maker"}})

	var l listOut[contactOut]
	e.get(t, "rep", base, &l)
	if len(l.Items) != 2 || l.Items[0].ID != ct.ID || l.Items[1].Name != "李娜" {
		t.Errorf("contacts = %+v, want 张伟 then 李娜", l.Items)
	}

	var got contactOut
	e.run(t, scenario{method: http.MethodPatch, path: "/api/v1/contacts/" + ct.ID, as: "rep",
		body: `{"title": "采购总监", "wechat": null}`, status: http.StatusOK}).decode(t, &got)
	want.Title, want.WeChat = "采购总监", ""
	if got != want {
		t.Errorf("patched = %+v, want %+v", got, want)
	}
	r := e.run(t, scenario{method: http.MethodPatch, path: "/api/v1/contacts/" + ct.ID, as: "rep",
		body: `{"mobile": "12345"}`})
	checkProblem(t, r, http.StatusUnprocessableEntity, "mobile")

	e.run(t, scenario{method: http.MethodDelete, path: "/api/v1/contacts/" + ct.ID, as: "rep",
		status: http.StatusNoContent})
	e.get(t, "rep", base, &l)
	if len(l.Items) != 1 || l.Items[0].Name != "李娜" {
		t.Errorf("after delete contacts = %+v, want only 李娜", l.Items)
	}
	e.run(t, scenario{method: http.MethodPatch, path: "/api/v1/contacts/" + ct.ID, as: "rep",
		body: `{"title": "x"}`, status: http.StatusNotFound})
}

// TestCustomerAPIFollowUps records follow-ups and checks keyword tags,
// the customer's list and editing.
func TestCustomerAPIFollowUps(t *testing.T) {
	t.Parallel()
	e := newActivityEnv(t)
	c := e.seedCustomer("rep", customer.Input{Name: "杭州东方机械"})
	ct, err := e.cust.AddContact(e.principal("rep"), c.ID, customer.ContactInput{Name: "王总"})
	if err != nil {
		t.Fatal(err)
	}
	at := t0.Add(-2 * time.Hour)
	due := t0.Add(72 * time.Hour)
	var f followUpOut
	r := e.run(t, scenario{method: http.MethodPost, path: "/api/v1/followups", as: "rep", status: http.StatusCreated,
		body: map[string]any{"customer_id": c.ID, "contact_id": ct.ID, "kind": "visit", "occurred_at": at,
			"duration_min": 45, "tags": []string{"技术方案对比"}, "notes": "老板说预算紧，希望账期长一点",
			"next_step": "发报价", "next_due": due, "location": map[string]float64{"lat": 30.27, "lng": 120.15}}})
	r.decode(t, &f)
	if loc := r.header.Get("Location"); loc != "/api/v1/followups/"+f.ID {
		t.Errorf("Location = %q, want /api/v1/followups/%s", loc, f.ID)
	}
	if !f.OccurredAt.Equal(at) || f.ContactID != ct.ID || f.DurationMin != 45 || f.AuthorID != e.account("rep").ID ||
		f.NextDue == nil || !f.NextDue.Equal(due) || f.NextStep != "发报价" {
		t.Errorf("created = %+v", f)
	}
	if want := []string{"技术方案对比"}; !slices.Equal(f.Tags, want) {
		t.Errorf("tags = %v, want %v", f.Tags, want)
	}
	// 老板 → 决策人参与, 账期 → 账期诉求, 预算紧 → 提及预算紧张.
	if want := []string{"账期诉求", "决策人参与", "提及预算紧张"}; !sameIDs(f.AutoTags, want) {
		t.Errorf("auto_tags = %v, want %v", f.AutoTags, want)
	}

	t.Run("a tag chosen by hand is not added again", func(t *testing.T) {
		var g followUpOut
		e.run(t, scenario{method: http.MethodPost, path: "/api/v1/followups", as: "rep", status: http.StatusCreated,
			body: map[string]any{"customer_id": c.ID, "kind": "call", "tags": []string{"价格异议"},
				"notes": "客户觉得太贵，要求降价"}}).decode(t, &g)
		if len(g.AutoTags) != 0 || !g.OccurredAt.Equal(t0) {
			t.Errorf("auto_tags = %v, occurred_at %v; want none and now (%v)", g.AutoTags, g.OccurredAt, t0)
		}
	})

	t.Run("list is newest first", func(t *testing.T) {
		var l listOut[followUpOut]
		e.get(t, "rep", "/api/v1/customers/"+c.ID+"/followups", &l)
		if len(l.Items) != 2 || l.Items[0].Kind != "call" || l.Items[1].ID != f.ID {
			t.Errorf("follow-ups = %+v, want the call, then the visit", l.Items)
		}
		e.get(t, "rep", "/api/v1/customers/"+c.ID+"/followups?limit=1", &l)
		if len(l.Items) != 1 || *l.NextCursor == "" {
			t.Errorf("limit=1 gave %d items, cursor %q", len(l.Items), *l.NextCursor)
		}
	})

	t.Run("get and patch", func(t *testing.T) {
		var got followUpOut
		e.get(t, "rep", "/api/v1/followups/"+f.ID, &got)
		if got.ID != f.ID || got.Notes != f.Notes {
			t.Errorf("get = %+v, want %+v", got, f)
		}
		e.run(t, scenario{method: http.MethodPatch, path: "/api/v1/followups/" + f.ID, as: "rep",
			body: `{"notes": "对手也在报价", "next_due": null, "next_step": ""}`, status: http.StatusOK}).
			decode(t, &got)
		if got.Notes != "对手也在报价" || !slices.Equal(got.AutoTags, []string{"竞品介入"}) ||
			got.NextDue != nil || got.Kind != "visit" || got.ContactID != ct.ID || !got.OccurredAt.Equal(at) {
			t.Errorf("patched = %+v, want new notes and auto tags, no due date, the rest kept", got)
		}
		other := e.seedCustomer("rep", customer.Input{Name: "宁波远洋渔业"})
		r := e.run(t, scenario{method: http.MethodPatch, path: "/api/v1/followups/" + f.ID, as: "rep",
			body: map[string]string{"customer_id": other.ID}})
		checkProblem(t, r, http.StatusUnprocessableEntity, "customer_id")
	})

	t.Run("the tag filter finds the customer", func(t *testing.T) {
		got := e.customerIDs(t, "rep", "/api/v1/customers?tag="+url.QueryEscape("账期诉求"))
		if !slices.Equal(got, []string{c.ID}) {
			t.Errorf("tag=账期诉求 gave %v, want %s", got, c.ID)
		}
	})
}

// TestCustomerAPIStatus changes a status and reads it back in the history.
func TestCustomerAPIStatus(t *testing.T) {
	t.Parallel()
	e := newActivityEnv(t)
	c := e.seedCustomer("rep", customer.Input{Name: "杭州云栖软件"})
	path := "/api/v1/customers/" + c.ID + "/status"
	e.clk.Advance(time.Minute)
	var got customerOut
	e.run(t, scenario{method: http.MethodPost, path: path, as: "rep", status: http.StatusOK,
		body: map[string]string{"status": "quoted", "reason": "已发报价单"}}).decode(t, &got)
	if got.Status != customer.StatusQuoted {
		t.Errorf("status = %q, want quoted", got.Status)
	}
	for _, tc := range []struct {
		name string
		body string
	}{
		{"the same status", `{"status": "quoted"}`},
		{"an unknown status", `{"status": "maybe"}`},
		{"no status", `{"reason": "x"}`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			checkProblem(t, e.run(t, scenario{method: http.MethodPost, path: path, as: "rep", body: tc.body}),
				http.StatusUnprocessableEntity, "status")
		})
	}

	var l listOut[eventOut]
	e.get(t, "rep", "/api/v1/customers/"+c.ID+"/events", &l)
	var kinds []string
	var change *eventOut
	for i, ev := range l.Items {
		kinds = append(kinds, ev.Kind)
		if ev.Kind == "customer.status" {
			change = &l.Items[i]
		}
	}
	if !slices.Equal(kinds, []string{"customer.create", "customer.status"}) {
		t.Fatalf("event kinds = %v, want create then status", kinds)
	}
	if change.ID == "" || change.ActorID != e.account("rep").ID || !change.At.Equal(t0.Add(time.Minute)) ||
		change.Data["from"] != "new" || change.Data["to"] != "quoted" || change.Data["reason"] != "已发报价单" {
		t.Errorf("status event = %+v, want from new to quoted with the reason, by rep at t0+1m", *change)
	}
	if strings.Contains(e.run(t, scenario{method: http.MethodGet, path: "/api/v1/customers/" + c.ID + "/events",
		as: "rep"}).body, `"ip"`) {
		t.Errorf("events show the client address")
	}
}

// TestCustomerAPIFlagged lists the customers whose status people
// disagree about.
func TestCustomerAPIFlagged(t *testing.T) {
	t.Parallel()
	e := newActivityEnv(t)
	c := e.seedCustomer("rep", customer.Input{Name: "杭州分歧客户"})
	calm := e.seedCustomer("rep", customer.Input{Name: "桐乡平静客户"})
	status := func(as, id, to string) customerOut {
		t.Helper()
		var out customerOut
		e.run(t, scenario{method: http.MethodPost, path: "/api/v1/customers/" + id + "/status", as: as,
			body: map[string]string{"status": to, "reason": "拜访后判断"}, status: http.StatusOK}).decode(t, &out)
		return out
	}
	status("rep", calm.ID, customer.StatusFollowing)
	if got := status("rep", c.ID, customer.StatusQuoted); got.Flagged {
		t.Fatalf("one statement flagged the customer")
	}
	e.clk.Advance(24 * time.Hour)
	if got := status("manager", c.ID, customer.StatusUnclear); !got.Flagged {
		t.Errorf("quoted then unclear by another person: flagged = false, want true")
	}
	for _, as := range []string{"rep", "manager", "director"} {
		if got := e.customerIDs(t, as, "/api/v1/customers?flagged=true"); !slices.Equal(got, []string{c.ID}) {
			t.Errorf("%s: flagged=true gave %v, want %s", as, got, c.ID)
		}
		if got := e.customerIDs(t, as, "/api/v1/customers?flagged=false"); !sameIDs(got, []string{c.ID, calm.ID}) {
			t.Errorf("%s: flagged=false gave %v, want both", as, got)
		}
	}
	if got := e.customerIDs(t, "rep2", "/api/v1/customers?flagged=true"); len(got) != 0 {
		t.Errorf("深圳 rep: flagged=true gave %v, want nothing", got)
	}
}

// TestCustomerAPISettings reads and replaces the customer settings.
func TestCustomerAPISettings(t *testing.T) {
	t.Parallel()
	e := newActivityEnv(t)
	var set customer.Settings
	e.get(t, "warehouse", "/api/v1/settings/customer", &set)
	if set.DefaultStatus != customer.StatusNew || len(set.Statuses) != 6 || len(set.Tags) == 0 {
		t.Errorf("settings = %+v, want the defaults", set)
	}
	r := e.run(t, scenario{method: http.MethodGet, path: "/api/v1/settings/customer", as: "rep",
		contains: []string{`"fields":[]`, `"keywords":{`, `"default_status":"new"`}})
	if r.status != http.StatusOK {
		t.Fatalf("status = %d", r.status)
	}

	set.Tags = append(set.Tags, "样机试用")
	set.Keywords["试用"] = "样机试用"
	set.Fields = []customer.Field{{Key: "employees", Name: "员工数", Type: customer.FieldNumber}}
	for _, name := range []string{"director", "manager", "rep"} {
		checkProblem(t, e.run(t, scenario{method: http.MethodPut, path: "/api/v1/settings/customer", as: name,
			body: set}), http.StatusForbidden)
	}
	var saved customer.Settings
	e.run(t, scenario{method: http.MethodPut, path: "/api/v1/settings/customer", as: "admin", body: set,
		status: http.StatusOK}).decode(t, &saved)
	if !slices.Contains(saved.Tags, "样机试用") || len(saved.Fields) != 1 {
		t.Errorf("saved = %+v, want the new tag and field", saved)
	}

	c := e.seedCustomer("rep", customer.Input{Name: "杭州试用客户", Custom: map[string]any{"employees": "120"}})
	if c.Custom["employees"] != 120.0 {
		t.Errorf("custom = %v, want employees 120", c.Custom)
	}
	var f followUpOut
	e.run(t, scenario{method: http.MethodPost, path: "/api/v1/followups", as: "rep", status: http.StatusCreated,
		body: map[string]any{"customer_id": c.ID, "kind": "visit", "notes": "客户同意试用一周"}}).decode(t, &f)
	if !slices.Equal(f.AutoTags, []string{"样机试用"}) {
		t.Errorf("auto_tags = %v, want the new keyword's tag", f.AutoTags)
	}

	t.Run("a status in use cannot go", func(t *testing.T) {
		less := saved
		less.Statuses = slices.DeleteFunc(slices.Clone(saved.Statuses), func(s customer.Status) bool {
			return s.Key == customer.StatusNew
		})
		less.DefaultStatus = customer.StatusFollowing
		r := e.run(t, scenario{method: http.MethodPut, path: "/api/v1/settings/customer", as: "admin", body: less})
		checkProblem(t, r, http.StatusUnprocessableEntity, "statuses")
	})
}

// sameCustomer compares the fields a client sets.
func sameCustomer(a, b customerOut) bool {
	return a.ID == b.ID && a.Name == b.Name && a.CreditCode == b.CreditCode && a.Industry == b.Industry &&
		a.RegionID == b.RegionID && a.Address == b.Address && a.Source == b.Source && a.OwnerID == b.OwnerID &&
		a.Level == b.Level && slices.Equal(a.ProductLines, b.ProductLines) && a.Phone == b.Phone &&
		a.Status == b.Status && a.Archived == b.Archived
}

// sameIDs compares two lists as sets.
func sameIDs(got, want []string) bool {
	return slices.Equal(sorted(got), sorted(want))
}
