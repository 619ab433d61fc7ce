package web_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/frontline-crm/frontline/app/access"
	"github.com/frontline-crm/frontline/app/customer"
	"github.com/frontline-crm/frontline/app/i18n"
)

// ownerOf reads a customer's owner through the service, as the system.
func (e *activityEnv) ownerOf(t *testing.T, id string) string {
	t.Helper()
	c, err := e.cust.Get(access.SystemPrincipal, id)
	if err != nil {
		t.Fatal(err)
	}
	return c.OwnerID
}

// TestCustomerPageClaim: a rep of the region sees 领取 on a pool
// customer and claims it; a rep who lost the race and a rep at the claim
// limit are told why, the latter in the 负责人 card.
func TestCustomerPageClaim(t *testing.T) {
	t.Parallel()
	e := newActivityEnv(t)
	pool := e.seedCustomer("manager", customer.Input{Name: "萧山机械", OwnerID: poolOwner()})
	page := "/customers/" + pool.ID
	rep := e.signedIn("rep")

	r := rep.get(t, page)
	checkHTML(t, r, http.StatusOK)
	for _, want := range []string{`action="` + page + `/claim"`, `data-testid="claim"`,
		e.T(i18n.ZH, "owner.claim_hint", 50)} {
		if !strings.Contains(r.body, want) {
			t.Errorf("a pool customer's page lacks %q for a rep of its region", want)
		}
	}
	if strings.Contains(r.body, `/release"`) || strings.Contains(r.body, `/assign"`) {
		t.Errorf("a rep is offered release or assign on a pool customer")
	}
	if body := e.signedIn("manager").get(t, page).body; strings.Contains(body, `/claim"`) {
		t.Errorf("a manager is offered 领取 (only reps claim)")
	}

	r = rep.post(t, page+"/claim", nil)
	if r.status != http.StatusSeeOther || r.header.Get("Location") != page {
		t.Fatalf("claim: %d to %q, want 303 to the customer", r.status, r.header.Get("Location"))
	}
	if got := e.ownerOf(t, pool.ID); got != e.account("rep").ID {
		t.Errorf("owner after the claim: %q, want the rep", got)
	}
	r = rep.get(t, page)
	if !strings.Contains(r.body, e.T(i18n.ZH, "flash.customer_claimed")) || strings.Contains(r.body, `/claim"`) {
		t.Errorf("after the claim: want the flash and no claim button")
	}

	// rep3 had the page open: the customer is gone from their pool.
	r = e.signedIn("rep3").post(t, page+"/claim", nil)
	checkHTML(t, r, http.StatusConflict)
	if !strings.Contains(r.body, e.T(i18n.ZH, "customer.error.already_claimed")) {
		t.Errorf("a lost race does not say the customer was claimed")
	}

	// At the limit: the message sits in the 负责人 card.
	if _, err := e.cust.SavePoolRules(e.principal("admin"), customer.PoolRules{
		Days: map[string]int{"A": 15, "B": 30, "C": 45}, ClaimLimit: 1, ClosedExempt: true}); err != nil {
		t.Fatal(err)
	}
	other := e.seedCustomer("manager", customer.Input{Name: "滨江电子", OwnerID: poolOwner()})
	r = rep.post(t, "/customers/"+other.ID+"/claim", nil)
	checkHTML(t, r, http.StatusUnprocessableEntity)
	card := r.body[strings.Index(r.body, `id="owner"`):]
	card = card[:strings.Index(card, "</section>")]
	if !strings.Contains(card, e.T(i18n.ZH, "customer.error.claim_limit", 1)) {
		t.Errorf("the claim limit is not explained in the 负责人 card:\n%s", card)
	}
}

// TestCustomerPageRelease: the owner returns a customer to the pool with a
// reason; a reason that is too long is refused next to the field, keeping
// what was typed.
func TestCustomerPageRelease(t *testing.T) {
	t.Parallel()
	e := newActivityEnv(t)
	c := e.seedCustomer("rep", customer.Input{Name: "杭州西湖数码"})
	page := "/customers/" + c.ID
	rep := e.signedIn("rep")
	if body := rep.get(t, page).body; !strings.Contains(body, `action="`+page+`/release"`) ||
		!strings.Contains(body, "data-confirm=") {
		t.Fatalf("the owner's page has no release form that asks first")
	}

	long := strings.Repeat("长", 501)
	r := rep.post(t, page+"/release", url.Values{"release_reason": {long}})
	checkHTML(t, r, http.StatusUnprocessableEntity)
	block := fieldBlock(t, r.body, "release_reason")
	if !strings.Contains(block, e.T(i18n.ZH, "customer.error.too_long", 500)) || !strings.Contains(block, long) {
		t.Errorf("no error and typed text next to the reason:\n%s", block)
	}
	if !strings.Contains(r.body, `<details class="owner-move" open>`) {
		t.Errorf("the refused release form is closed")
	}

	r = rep.post(t, page+"/release", url.Values{"release_reason": {"客户暂无需求"}})
	if r.status != http.StatusSeeOther || r.header.Get("Location") != page {
		t.Fatalf("release: %d to %q, want 303 to the customer", r.status, r.header.Get("Location"))
	}
	if got := e.ownerOf(t, c.ID); got != "" {
		t.Errorf("owner after the release: %q, want the pool", got)
	}
	if !strings.Contains(rep.get(t, page).body, e.T(i18n.ZH, "flash.customer_released")) {
		t.Errorf("no flash after the release")
	}
	if r := e.signedIn("rep2").post(t, page+"/release", nil); r.status != http.StatusNotFound {
		t.Errorf("a rep of another region releases: %d, want 404", r.status)
	}
}

// TestCustomerPageAssign: a manager picks a rep of the region from a
// select; a missing or unsuitable rep is refused next to the select, and
// the new owner is notified.
func TestCustomerPageAssign(t *testing.T) {
	t.Parallel()
	e := newActivityEnv(t)
	pool := e.seedCustomer("manager", customer.Input{Name: "萧山机械", OwnerID: poolOwner()})
	page := "/customers/" + pool.ID
	mgr := e.signedIn("manager")

	r := mgr.get(t, page)
	checkHTML(t, r, http.StatusOK)
	sel := fieldBlock(t, r.body, "assign_owner")
	for _, want := range []string{e.account("rep").ID, e.account("rep3").ID} {
		if !strings.Contains(sel, `value="`+want+`"`) {
			t.Errorf("the rep select lacks %s", want)
		}
	}
	if strings.Contains(sel, e.account("rep2").ID) {
		t.Errorf("the select offers a rep of 深圳 for a 杭州 customer")
	}
	if strings.Contains(e.signedIn("rep").get(t, page).body, `/assign"`) {
		t.Errorf("a rep is offered 分配给…")
	}

	for _, tc := range []struct {
		name, owner, key string
	}{
		{"no rep", "", "customer.error.owner_required"},
		{"outside the region", e.account("rep2").ID, "customer.error.owner_outside_region"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := mgr.post(t, page+"/assign", url.Values{"assign_owner": {tc.owner}, "assign_reason": {"试试"}})
			checkHTML(t, r, http.StatusUnprocessableEntity)
			if !strings.Contains(fieldBlock(t, r.body, "assign_owner"), e.T(i18n.ZH, tc.key)) {
				t.Errorf("no %s next to the rep select", tc.key)
			}
			if !strings.Contains(fieldBlock(t, r.body, "assign_reason"), "试试") {
				t.Errorf("the reason typed was lost")
			}
		})
	}

	r = mgr.post(t, page+"/assign", url.Values{"assign_owner": {e.account("rep").ID}, "assign_reason": {"就近"}})
	if r.status != http.StatusSeeOther || r.header.Get("Location") != page {
		t.Fatalf("assign: %d to %q, want 303 to the customer", r.status, r.header.Get("Location"))
	}
	if got := e.ownerOf(t, pool.ID); got != e.account("rep").ID {
		t.Errorf("owner after the assignment: %q, want the rep", got)
	}
	r = e.signedIn("rep").get(t, "/notifications")
	if !strings.Contains(r.body, e.T(i18n.ZH, "notify.customer.assign", pool.Name)) {
		t.Errorf("the rep's notifications do not tell of the assignment")
	}
	r = e.signedIn("rep").post(t, page+"/assign", url.Values{"assign_owner": {e.account("rep3").ID}})
	if r.status != http.StatusForbidden {
		t.Errorf("a rep assigns: %d, want 403", r.status)
	}
}
