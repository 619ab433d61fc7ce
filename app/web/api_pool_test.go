package web_test

import (
	"context"
	"encoding/json"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/frontline-crm/frontline/app/access"
	"github.com/frontline-crm/frontline/app/customer"
	"github.com/frontline-crm/frontline/app/i18n"
	"github.com/frontline-crm/frontline/app/org"
	"github.com/frontline-crm/frontline/app/store"
)

// refuse sends sc, checks it is refused with status and, unless code is
// "", that code is the problem's or one of its fields' codes, and checks
// the refusal changed nothing.
func (e *activityEnv) refuse(t *testing.T, sc scenario, status int, code string) *response {
	t.Helper()
	before := e.snapshot(t)
	r := e.send(t, sc)
	checkProblem(t, r, status)
	if p := decodeProblem(t, r); code != "" && p.Code != code && !p.hasFieldCode(code) {
		t.Errorf("%s %s as %q: problem %s, want the code %s", sc.method, sc.path, sc.as, r.body, code)
	}
	if diff := diffKeys(before, e.snapshot(t), ignoreTokenUse); diff != "" {
		t.Errorf("%s %s as %q: the refusal changed the database:\n%s", sc.method, sc.path, sc.as, diff)
	}
	return r
}

func (p problemCodes) hasFieldCode(code string) bool {
	for _, f := range p.Errors {
		if f.Code == code {
			return true
		}
	}
	return false
}

// refusal is one row of a permission or validation table.
type refusal struct {
	name   string
	as     string
	id     string // the customer or record the path names
	body   any
	status int
	code   string
}

// addRepPresales adds "repPresales", a rep of 深圳 who is also presales
// and so sees every customer without owning 杭州's pool.
func (e *activityEnv) addRepPresales() {
	e.t.Helper()
	e.addAccount("repPresales", access.Rep, []string{e.region["深圳"]}, "192.0.2.40")
	roles := []string{string(access.Rep), string(access.Presales)}
	_, err := e.org.UpdateUser(access.SystemPrincipal, e.account("repPresales").ID, org.UserPatch{Roles: &roles})
	if err != nil {
		e.t.Fatalf("make repPresales presales: %v", err)
	}
}

// owner reads who owns a customer now ("" is the pool).
func (e *activityEnv) owner(t *testing.T, id string) string {
	t.Helper()
	c, err := e.cust.Get(access.SystemPrincipal, id)
	if err != nil {
		t.Fatalf("get customer %s: %v", id, err)
	}
	return c.OwnerID
}

// customerEvents are a customer's events of kind, as an admin reads them
// through the API.
func (e *activityEnv) customerEvents(t *testing.T, id, kind string) []eventOut {
	t.Helper()
	var l listOut[eventOut]
	e.get(t, "admin", "/api/v1/customers/"+id+"/events", &l)
	var out []eventOut
	for _, ev := range l.Items {
		if ev.Kind == kind {
			out = append(out, ev)
		}
	}
	return out
}

func claimPath(id string) string { return "/api/v1/customers/" + id + "/claim" }

func TestPoolAPIClaim(t *testing.T) {
	t.Parallel()
	e := newActivityEnv(t)
	e.addRepPresales()
	fx := newAccessFixture(e)
	repsOnly := "customer.error.claim_reps_only"
	for _, tc := range []refusal{
		{name: "anonymous", id: fx.pool.ID, status: http.StatusUnauthorized},
		{name: "a 深圳 rep does not see 杭州's pool", as: "rep2", id: fx.pool.ID, status: http.StatusNotFound},
		{name: "warehouse sees no customers", as: "warehouse", id: fx.pool.ID, status: http.StatusNotFound},
		{name: "seen as presales, outside the rep's regions", as: "repPresales", id: fx.pool.ID,
			status: http.StatusForbidden, code: "customer.error.claim_outside_region"},
		{name: "managers assign instead", as: "manager", id: fx.pool.ID, status: http.StatusForbidden,
			code: repsOnly},
		{name: "directors assign instead", as: "director", id: fx.pool.ID, status: http.StatusForbidden,
			code: repsOnly},
		{name: "admins assign instead", as: "admin", id: fx.pool.ID, status: http.StatusForbidden, code: repsOnly},
		{name: "legal", as: "legal", id: fx.pool.ID, status: http.StatusForbidden, code: repsOnly},
		{name: "presales", as: "presales", id: fx.pool.ID, status: http.StatusForbidden, code: repsOnly},
		{name: "a colleague's customer", as: "rep", id: fx.sameRegion.ID, status: http.StatusConflict,
			code: "customer.error.already_claimed"},
		{name: "unknown customer", as: "rep", id: store.NewID(t0), status: http.StatusNotFound},
		{name: "malformed id", as: "rep", id: "nope", status: http.StatusNotFound},
	} {
		t.Run(tc.name, func(t *testing.T) {
			e.refuse(t, scenario{method: "POST", path: claimPath(tc.id), as: tc.as}, tc.status, tc.code)
		})
	}

	var got customerOut
	e.run(t, scenario{method: "POST", path: claimPath(fx.pool.ID), as: "rep", status: http.StatusOK}).
		decode(t, &got)
	rep := e.account("rep").ID
	if got.ID != fx.pool.ID || got.OwnerID != rep || got.Name != fx.pool.Name {
		t.Errorf("claimed = %+v, want %s owned by rep", got, fx.pool.ID)
	}
	if evs := e.customerEvents(t, fx.pool.ID, "customer.claim"); len(evs) != 1 || evs[0].Data["to"] != rep {
		t.Errorf("claim events = %+v, want one to rep", evs)
	}

	t.Run("claiming one's own customer again changes nothing", func(t *testing.T) {
		before := e.snapshot(t)
		e.run(t, scenario{method: "POST", path: claimPath(fx.pool.ID), as: "rep", status: http.StatusOK,
			contains: []string{`"owner_id":"` + rep + `"`}})
		if diff := diffKeys(before, e.snapshot(t), ignoreTokenUse); diff != "" {
			t.Errorf("a second claim changed the database:\n%s", diff)
		}
	})
	t.Run("a second rep's claim is a conflict", func(t *testing.T) {
		e.refuse(t, scenario{method: "POST", path: claimPath(fx.pool.ID), as: "rep3"}, http.StatusConflict,
			"customer.error.already_claimed")
	})
}

func TestPoolAPIClaimLimit(t *testing.T) {
	t.Parallel()
	e := newActivityEnv(t)
	fx := newAccessFixture(e) // rep owns one customer
	rules := customer.DefaultPoolRules()
	rules.ClaimLimit = 1
	e.run(t, scenario{method: "PUT", path: "/api/v1/settings/pool", as: "admin", body: rules,
		status: http.StatusOK})

	for _, loc := range []string{i18n.ZH, i18n.EN} {
		t.Run(loc, func(t *testing.T) {
			sc := scenario{method: "POST", path: claimPath(fx.pool.ID), as: "rep",
				header: map[string]string{"Accept-Language": loc}}
			r := e.refuse(t, sc, http.StatusUnprocessableEntity, "customer.error.claim_limit")
			var doc struct {
				Detail     string `json:"detail"`
				ClaimLimit int    `json:"claim_limit"`
				Owned      int    `json:"owned"`
			}
			r.decodeAny(t, &doc)
			if want := e.cat.T(loc, "customer.error.claim_limit", 1); doc.Detail != want {
				t.Errorf("detail = %q, want %q naming the limit", doc.Detail, want)
			}
			if doc.ClaimLimit != 1 || doc.Owned != 1 {
				t.Errorf("extension members = %+v, want claim_limit 1 and owned 1", doc)
			}
		})
	}

	rules.ClaimLimit = 2
	e.run(t, scenario{method: "PUT", path: "/api/v1/settings/pool", as: "admin", body: rules,
		status: http.StatusOK})
	e.run(t, scenario{method: "POST", path: claimPath(fx.pool.ID), as: "rep", status: http.StatusOK})
}

// decodeAny unmarshals any JSON answer, problem documents included.
func (r *response) decodeAny(t *testing.T, v any) {
	t.Helper()
	if err := json.Unmarshal([]byte(r.body), v); err != nil {
		t.Fatalf("decode %s: %v", clip(r.body), err)
	}
}

func releasePath(id string) string { return "/api/v1/customers/" + id + "/release" }

func TestPoolAPIRelease(t *testing.T) {
	t.Parallel()
	e := newActivityEnv(t)
	fx := newAccessFixture(e)
	why := map[string]string{"reason": "客户暂停采购"}
	for _, tc := range []refusal{
		{name: "anonymous", id: fx.mine.ID, body: why, status: http.StatusUnauthorized},
		{name: "a colleague's customer", as: "rep3", id: fx.mine.ID, body: why, status: http.StatusNotFound},
		{name: "another region's rep", as: "rep2", id: fx.mine.ID, body: why, status: http.StatusNotFound},
		{name: "warehouse", as: "warehouse", id: fx.mine.ID, body: why, status: http.StatusNotFound},
		{name: "presales read but do not release", as: "presales", id: fx.mine.ID, body: why,
			status: http.StatusForbidden},
		{name: "legal", as: "legal", id: fx.mine.ID, body: why, status: http.StatusForbidden},
		{name: "a manager outside the region", as: "manager", id: fx.shenzhen.ID, body: why,
			status: http.StatusNotFound},
		{name: "already in the pool", as: "rep", id: fx.pool.ID, body: why, status: http.StatusConflict,
			code: "customer.error.already_in_pool"},
		{name: "reason too long", as: "rep", id: fx.mine.ID,
			body:   map[string]string{"reason": strings.Repeat("因", 501)},
			status: http.StatusUnprocessableEntity, code: "customer.error.too_long"},
		{name: "unknown member", as: "rep", id: fx.mine.ID, body: `{"why": "x"}`,
			status: http.StatusUnprocessableEntity, code: "problem.field_unknown"},
		{name: "reason of the wrong type", as: "rep", id: fx.mine.ID, body: `{"reason": 3}`,
			status: http.StatusUnprocessableEntity, code: "problem.field_type"},
		{name: "not JSON", as: "rep", id: fx.mine.ID, body: `{"reason":`, status: http.StatusBadRequest},
	} {
		t.Run(tc.name, func(t *testing.T) {
			e.refuse(t, scenario{method: "POST", path: releasePath(tc.id), as: tc.as, body: tc.body}, tc.status,
				tc.code)
		})
	}

	var got customerOut
	e.run(t, scenario{method: "POST", path: releasePath(fx.mine.ID), as: "rep", body: why,
		status: http.StatusOK}).decode(t, &got)
	if got.ID != fx.mine.ID || got.OwnerID != "" {
		t.Errorf("released = %+v, want %s in the pool", got, fx.mine.ID)
	}
	evs := e.customerEvents(t, fx.mine.ID, "customer.release")
	if len(evs) != 1 || evs[0].Data["from"] != e.account("rep").ID || evs[0].Data["reason"] != why["reason"] {
		t.Errorf("release events = %+v, want one from rep with the reason", evs)
	}
	e.refuse(t, scenario{method: "POST", path: releasePath(fx.mine.ID), as: "rep", body: why},
		http.StatusConflict, "customer.error.already_in_pool")

	// The reason is optional (docs/pool.md), so the body may be left out;
	// a manager of the region may release a rep's customer.
	e.run(t, scenario{method: "POST", path: releasePath(fx.sameRegion.ID), as: "manager", status: http.StatusOK,
		contains: []string{`"owner_id":""`}})
	e.run(t, scenario{method: "POST", path: releasePath(fx.shenzhen.ID), as: "director", body: `{}`,
		status: http.StatusOK, contains: []string{`"owner_id":""`}})
}

func assignPath(id string) string { return "/api/v1/customers/" + id + "/assign" }

func TestPoolAPIAssign(t *testing.T) {
	t.Parallel()
	e := newActivityEnv(t)
	fx := newAccessFixture(e)
	id := func(name string) string { return e.account(name).ID }
	to := func(name string) map[string]string {
		return map[string]string{"owner_id": id(name), "reason": "区域调整"}
	}
	for _, tc := range []refusal{
		{name: "anonymous", id: fx.pool.ID, body: to("rep"), status: http.StatusUnauthorized},
		{name: "a rep sees the pool but does not assign", as: "rep", id: fx.pool.ID, body: to("rep"),
			status: http.StatusForbidden},
		{name: "a rep does not give away their own", as: "rep", id: fx.mine.ID, body: to("rep3"),
			status: http.StatusForbidden},
		{name: "a colleague's customer", as: "rep3", id: fx.mine.ID, body: to("rep3"), status: http.StatusNotFound},
		{name: "presales", as: "presales", id: fx.pool.ID, body: to("rep"), status: http.StatusForbidden},
		{name: "legal", as: "legal", id: fx.pool.ID, body: to("rep"), status: http.StatusForbidden},
		{name: "warehouse", as: "warehouse", id: fx.pool.ID, body: to("rep"), status: http.StatusNotFound},
		{name: "a manager outside the region", as: "manager", id: fx.shenzhen.ID, body: to("rep2"),
			status: http.StatusNotFound},
		{name: "no owner", as: "manager", id: fx.pool.ID, body: `{"reason": "x"}`,
			status: http.StatusUnprocessableEntity, code: "customer.error.owner_required"},
		{name: "a rep outside the region", as: "manager", id: fx.pool.ID, body: to("rep2"),
			status: http.StatusUnprocessableEntity, code: "customer.error.owner_outside_region"},
		{name: "not a rep", as: "manager", id: fx.pool.ID, body: to("legal"),
			status: http.StatusUnprocessableEntity, code: "customer.error.owner_not_rep"},
		{name: "the manager themselves", as: "manager", id: fx.pool.ID, body: to("manager"),
			status: http.StatusUnprocessableEntity, code: "customer.error.owner_not_rep"},
		{name: "unknown owner", as: "manager", id: fx.pool.ID,
			body:   map[string]string{"owner_id": store.NewID(t0)},
			status: http.StatusUnprocessableEntity, code: "customer.error.owner_unknown"},
		{name: "the owner already", as: "manager", id: fx.mine.ID, body: to("rep"),
			status: http.StatusUnprocessableEntity, code: "customer.error.owner_same"},
		{name: "reason too long", as: "manager", id: fx.pool.ID,
			body:   map[string]string{"owner_id": id("rep"), "reason": strings.Repeat("因", 501)},
			status: http.StatusUnprocessableEntity, code: "customer.error.too_long"},
		{name: "unknown member", as: "manager", id: fx.pool.ID, body: `{"owner": "x"}`,
			status: http.StatusUnprocessableEntity, code: "problem.field_unknown"},
		{name: "no body", as: "manager", id: fx.pool.ID, status: http.StatusBadRequest,
			code: "problem.json_required"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			e.refuse(t, scenario{method: "POST", path: assignPath(tc.id), as: tc.as, body: tc.body}, tc.status,
				tc.code)
		})
	}

	var got customerOut
	e.run(t, scenario{method: "POST", path: assignPath(fx.pool.ID), as: "manager", body: to("rep"),
		status: http.StatusOK}).decode(t, &got)
	if got.ID != fx.pool.ID || got.OwnerID != id("rep") {
		t.Errorf("assigned = %+v, want %s owned by rep", got, fx.pool.ID)
	}
	evs := e.customerEvents(t, fx.pool.ID, "customer.assign")
	if len(evs) != 1 || evs[0].Data["from"] != "" || evs[0].Data["to"] != id("rep") ||
		evs[0].Data["reason"] != "区域调整" {
		t.Errorf("assign events = %+v, want one from the pool to rep", evs)
	}
	notes := e.notifications(t, "rep", "")
	if len(notes) != 1 || notes[0].Code != "notify.customer.assign" ||
		notes[0].Message != e.cat.T(i18n.ZH, "notify.customer.assign", fx.pool.Name) {
		t.Errorf("rep's notifications = %+v, want the assignment of %s", notes, fx.pool.Name)
	}

	// A director moves a rep's customer to a colleague, without a reason.
	e.run(t, scenario{method: "POST", path: assignPath(fx.mine.ID), as: "director",
		body: map[string]string{"owner_id": id("rep3")}, status: http.StatusOK,
		contains: []string{`"owner_id":"` + id("rep3") + `"`}})
}

// TestPoolAPIRecycleAndClaimBack drives the fake clock past a level's
// days: the recycling job returns the customer to the pool and tells its
// owner, who sees it in the pool and claims it back with a fresh period.
func TestPoolAPIRecycleAndClaimBack(t *testing.T) {
	t.Parallel()
	e := newActivityEnv(t)
	c := e.seedCustomer("rep", customer.Input{Name: "临平机电设备", Level: "A"})
	recycle := func() {
		t.Helper()
		err := e.db.Update(func(tx *store.Tx) error {
			return e.cust.RecyclePool(context.Background(), tx, e.clk.Now())
		})
		if err != nil {
			t.Fatalf("RecyclePool: %v", err)
		}
	}
	e.clk.Advance(15*24*time.Hour - time.Minute)
	recycle()
	if owner := e.owner(t, c.ID); owner != e.account("rep").ID {
		t.Fatalf("a minute before 15 days the owner is %q, want rep", owner)
	}

	e.clk.Advance(time.Minute)
	recycle()
	if ids := e.customerIDs(t, "rep", "/api/v1/customers?pool=true"); !sameIDs(ids, []string{c.ID}) {
		t.Errorf("rep's pool = %v, want the returned customer %s", ids, c.ID)
	}
	notes := e.notifications(t, "rep", "")
	want := notificationOut{Kind: "customer.pool_return", Subject: "customer/" + c.ID,
		Message: e.cat.T(i18n.ZH, "notify.customer.pool_return", c.Name, 15), Code: "notify.customer.pool_return",
		Args: []any{c.Name, float64(15)}, At: e.clk.Now().UTC()}
	if len(notes) != 1 || !sameNotification(notes[0], want) {
		t.Errorf("rep's notifications = %+v, want %+v", notes, want)
	}
	if n := e.unread(t, "rep"); n != 1 {
		t.Errorf("rep's unread count = %d, want 1", n)
	}

	e.run(t, scenario{method: "POST", path: claimPath(c.ID), as: "rep", status: http.StatusOK,
		contains: []string{`"owner_id":"` + e.account("rep").ID + `"`}})
	// The claim restarted the period: 14 days on, the customer stays.
	e.clk.Advance(14 * 24 * time.Hour)
	recycle()
	if owner := e.owner(t, c.ID); owner != e.account("rep").ID {
		t.Errorf("14 days after the claim the owner is %q, want rep", owner)
	}
}
