package web_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/frontline-crm/frontline/app/customer"
	"github.com/frontline-crm/frontline/app/i18n"
)

// flagCustomer makes the rep set won and the manager following on c:
// a status conflict within the window.
func (e *activityEnv) flagCustomer(t *testing.T, c customer.Customer) customer.Conflict {
	t.Helper()
	if _, err := e.cust.ChangeStatus(e.principal("rep"), c.ID, customer.StatusWon, "签了"); err != nil {
		t.Fatal(err)
	}
	if _, err := e.cust.ChangeStatus(e.principal("manager"), c.ID, customer.StatusFollowing, "没签"); err != nil {
		t.Fatal(err)
	}
	items, _, err := e.cust.Conflicts(e.principal("manager"), customer.ConflictRequest{CustomerID: c.ID})
	if err != nil || len(items) != 1 {
		t.Fatalf("conflicts of %s: %v, %v; want one", c.Name, items, err)
	}
	return items[0]
}

// TestConflictPages: a flagged customer shows a danger chip with an icon
// in the list and on its page, the 有冲突 filter finds it, and the
// conflict list shows the rule's message, who and when, with a resolve
// form that needs a reason.
func TestConflictPages(t *testing.T) {
	t.Parallel()
	e := newActivityEnv(t)
	c := e.seedCustomer("rep", customer.Input{Name: "杭州西湖数码"})
	e.seedCustomer("rep", customer.Input{Name: "滨江电子"})
	cf := e.flagCustomer(t, c)
	msg := e.T(i18n.ZH, "conflict.detail.status_pair", "Hang 杭州销售", "已成交", "Mei 浙江经理", "跟进中", 7)
	mgr := e.signedIn("manager")

	r := mgr.get(t, "/customers?tab=all&flagged=1")
	checkHTML(t, r, http.StatusOK)
	if !strings.Contains(r.body, "杭州西湖数码") || strings.Contains(r.body, "滨江电子") {
		t.Errorf("the 有冲突 filter: want only the flagged customer")
	}
	if !strings.Contains(r.body, `<tr class="is-danger">`) ||
		!strings.Contains(r.body, `data-testid="flagged-chip"><svg class="icon"`) {
		t.Errorf("the flagged row has no danger mark with an icon")
	}

	r = mgr.get(t, "/customers/"+c.ID)
	for _, want := range []string{`data-testid="customer-flagged"`, msg, `href="/conflicts?customer=` + c.ID + `"`} {
		if !strings.Contains(r.body, want) {
			t.Errorf("the flagged customer's page lacks %q", want)
		}
	}

	r = mgr.get(t, "/conflicts")
	checkHTML(t, r, http.StatusOK)
	for _, want := range []string{msg, `href="/customers/` + c.ID + `"`, "Hang 杭州销售、Mei 浙江经理",
		e.T(i18n.ZH, "conflict.rule.status_pair"), `action="/conflicts/` + cf.ID + `/resolve"`} {
		if !strings.Contains(r.body, want) {
			t.Errorf("the conflict list lacks %q", want)
		}
	}
	if !strings.Contains(e.signedIn("rep").get(t, "/conflicts").body, msg) {
		t.Errorf("the owner does not see their customer's conflict")
	}
	checkHTML(t, e.signedIn("legal").get(t, "/conflicts"), http.StatusForbidden)
	if body := e.signedIn("director").get(t, "/conflicts?customer="+c.ID).body; !strings.Contains(body, msg) ||
		!strings.Contains(body, `data-testid="conflict-scope"`) {
		t.Errorf("a director's list of one customer lacks its conflict")
	}

	resolve := "/conflicts/" + cf.ID + "/resolve"
	r = mgr.post(t, resolve, url.Values{"reason": {"  "}, "next": {"/conflicts?tab=open"}})
	checkHTML(t, r, http.StatusUnprocessableEntity)
	if !strings.Contains(fieldBlock(t, r.body, "reason"), e.T(i18n.ZH, "conflict.error.reason_required")) {
		t.Errorf("no error next to the reason")
	}
	if !strings.Contains(r.body, `name="next" value="/conflicts?tab=open"`) {
		t.Errorf("the refused form forgot where it came from")
	}

	r = mgr.post(t, resolve, url.Values{"reason": {"核实过：还在谈"}, "next": {"https://evil.example/"}})
	if r.status != http.StatusSeeOther || r.header.Get("Location") != "/conflicts" {
		t.Fatalf("resolve: %d to %q, want 303 to /conflicts", r.status, r.header.Get("Location"))
	}
	r = mgr.get(t, "/conflicts")
	if !strings.Contains(r.body, e.T(i18n.ZH, "flash.conflict_resolved")) || strings.Contains(r.body, msg) {
		t.Errorf("after resolving: want the flash and no open conflict")
	}
	r = mgr.get(t, "/conflicts?tab=resolved")
	for _, want := range []string{msg, "核实过：还在谈", e.T(i18n.ZH, "conflicts.resolved_by", "Mei 浙江经理")} {
		if !strings.Contains(r.body, want) {
			t.Errorf("the resolved tab lacks %q", want)
		}
	}
	if strings.Contains(mgr.get(t, "/customers/"+c.ID).body, `data-testid="customer-flagged"`) {
		t.Errorf("the customer is still flagged")
	}

	r = mgr.post(t, resolve, url.Values{"reason": {"再来一次"}})
	checkHTML(t, r, http.StatusConflict)
	if !strings.Contains(r.body, e.T(i18n.ZH, "conflict.error.already_resolved")) {
		t.Errorf("resolving twice does not say it was resolved")
	}
	if r := e.signedIn("rep2").post(t, resolve, url.Values{"reason": {"x"}}); r.status != http.StatusNotFound {
		t.Errorf("a rep of another region resolves: %d, want 404", r.status)
	}
}
