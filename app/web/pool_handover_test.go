package web_test

import (
	"fmt"
	"log/slog"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/frontline-crm/frontline/app/access"
	"github.com/frontline-crm/frontline/app/audit"
	"github.com/frontline-crm/frontline/app/customer"
	"github.com/frontline-crm/frontline/app/i18n"
	"github.com/frontline-crm/frontline/app/store"
	"github.com/frontline-crm/frontline/app/web"
)

// handOverEnv is an env whose server has the customer service, so that
// disabling a user hands their customers over.
type handOverEnv struct {
	*env
	cust *customer.Service
	seq  int
}

func newHandOverEnv(t *testing.T) *handOverEnv {
	t.Helper()
	e := newEnv(t, options{})
	log := slog.New(e.logs)
	cust := customer.NewService(e.db, e.org, e.clk, log, nil)
	srv, err := web.New(web.Deps{Config: e.cfg, DB: e.db, Org: e.org, Auth: e.auth, Audit: audit.New(e.db),
		Customers: cust, Catalogs: e.cat, Clock: e.clk, Log: log, Version: "test"})
	if err != nil {
		t.Fatalf("web.New: %v", err)
	}
	e.srv = srv
	return &handOverEnv{env: e, cust: cust}
}

// own creates n customers of 杭州 owned by the named account.
func (h *handOverEnv) own(name string, n int) []string {
	h.t.Helper()
	owner := h.account(name).ID
	var ids []string
	for range n {
		h.seq++
		c, err := h.cust.Create(access.SystemPrincipal, customer.Input{Name: fmt.Sprintf("交接客户%03d", h.seq),
			RegionID: h.region["杭州"], Level: "B", OwnerID: &owner, OverrideReason: "test"})
		if err != nil {
			h.t.Fatalf("create customer: %v", err)
		}
		ids = append(ids, c.ID)
	}
	return ids
}

// owners returns who owns each customer ("" is the pool).
func (h *handOverEnv) owners(ids []string) []string {
	h.t.Helper()
	out := make([]string, len(ids))
	for i, id := range ids {
		c, err := h.cust.Get(access.SystemPrincipal, id)
		if err != nil {
			h.t.Fatalf("get customer: %v", err)
		}
		out[i] = c.OwnerID
	}
	return out
}

// wantOwners checks every customer of ids is owned by want.
func (h *handOverEnv) wantOwners(t *testing.T, ids []string, want string) {
	t.Helper()
	for i, got := range h.owners(ids) {
		if got != want {
			t.Errorf("customer %d owner = %q, want %q", i, got, want)
		}
	}
}

func (h *handOverEnv) disabled(name string) bool {
	h.t.Helper()
	u, err := h.org.UserByID(h.account(name).ID)
	if err != nil {
		h.t.Fatal(err)
	}
	return u.Disabled
}

func TestDisablePageHandsCustomersOver(t *testing.T) {
	h := newHandOverEnv(t)
	mine := h.own("rep", 3)
	admin := h.signedIn("admin")
	rep, manager := h.account("rep"), h.account("manager")

	page := admin.get(t, "/admin/users/"+rep.ID)
	checkHTML(t, page, http.StatusOK)
	field := fieldBlock(t, page.body, "hand_over_to")
	for _, want := range []string{h.T(i18n.ZH, "users.hand_over_to"), h.T(i18n.ZH, "users.hand_over_pool"),
		`<option value="">`, `value="` + manager.ID + `"`, `value="` + h.account("rep2").ID + `"`,
		`value="` + h.account("director").ID + `"`} {
		if !strings.Contains(field, want) {
			t.Errorf("hand-over field lacks %q:\n%s", want, field)
		}
	}
	for _, name := range []string{"rep", "admin", "legal"} {
		if strings.Contains(field, `value="`+h.account(name).ID+`"`) {
			t.Errorf("hand-over field offers %s, who may not receive customers", name)
		}
	}

	t.Run("to oneself is refused and changes nothing", func(t *testing.T) {
		r := admin.post(t, "/admin/users/"+rep.ID+"/disable", url.Values{"hand_over_to": {rep.ID}})
		checkHTML(t, r, http.StatusUnprocessableEntity)
		if !strings.Contains(fieldBlock(t, r.body, "hand_over_to"), h.T(i18n.ZH, "customer.error.handover_same")) {
			t.Errorf("the page does not explain the refusal:\n%s", clip(r.body))
		}
		if h.disabled("rep") {
			t.Errorf("the user was disabled despite the refusal")
		}
		h.wantOwners(t, mine, rep.ID)
	})

	r := admin.post(t, "/admin/users/"+rep.ID+"/disable", url.Values{"hand_over_to": {manager.ID}})
	if r.status != http.StatusSeeOther || r.header.Get("Location") != "/admin/users/"+rep.ID {
		t.Fatalf("disable: status %d to %q, want 303 to the user", r.status, r.header.Get("Location"))
	}
	if page := admin.get(t, "/admin/users/"+rep.ID); !strings.Contains(page.body,
		h.T(i18n.ZH, "flash.user_disabled_handed_over")) {
		t.Errorf("the next page does not confirm the hand-over")
	}
	if !h.disabled("rep") {
		t.Errorf("rep is not disabled")
	}
	h.wantOwners(t, mine, manager.ID)
}

func TestDisablePageDefaultsToThePool(t *testing.T) {
	h := newHandOverEnv(t)
	mine := h.own("rep", 2)
	admin := h.signedIn("admin")
	admin.get(t, "/admin/users/"+h.account("rep").ID)
	r := admin.post(t, "/admin/users/"+h.account("rep").ID+"/disable", nil)
	if r.status != http.StatusSeeOther {
		t.Fatalf("disable: status %d, want 303; body:\n%s", r.status, clip(r.body))
	}
	h.wantOwners(t, mine, "")
	if page := admin.get(t, "/admin/users/"+h.account("rep").ID); !strings.Contains(page.body,
		h.T(i18n.ZH, "flash.user_disabled_to_pool")) {
		t.Errorf("the next page does not say the customers went to the pool")
	}
}

// disableOut is the answer of POST /api/v1/users/{id}/disable.
type disableOut struct {
	ID         string `json:"id"`
	Disabled   bool   `json:"disabled"`
	HandOverTo string `json:"hand_over_to"`
	HandedOver int    `json:"handed_over"`
}

func TestDisableAPIHandsCustomersOver(t *testing.T) {
	h := newHandOverEnv(t)
	rep, rep2, director := h.account("rep"), h.account("rep2"), h.account("director")
	mine, theirs := h.own("rep", 3), h.own("rep2", 2)
	path := "/api/v1/users/" + rep.ID + "/disable"

	for _, sc := range []struct {
		name   string
		as     string
		body   any
		status int
		field  string
	}{
		{"to oneself", "admin", map[string]string{"hand_over_to": rep.ID}, http.StatusUnprocessableEntity, "hand_over_to"},
		{"to legal", "admin", map[string]string{"hand_over_to": h.account("legal").ID},
			http.StatusUnprocessableEntity, "hand_over_to"},
		{"unknown field", "admin", `{"hand_over": ""}`, http.StatusUnprocessableEntity, "hand_over"},
		{"a director may not disable", "director", map[string]string{"hand_over_to": director.ID},
			http.StatusForbidden, ""},
		{"a manager may not disable", "manager", nil, http.StatusForbidden, ""},
	} {
		t.Run(sc.name, func(t *testing.T) {
			r := h.send(t, scenario{method: "POST", path: path, as: sc.as, body: sc.body})
			if sc.field == "" {
				checkProblem(t, r, sc.status)
			} else {
				checkProblem(t, r, sc.status, sc.field)
			}
			if h.disabled("rep") {
				t.Fatalf("a refused request disabled the user")
			}
			h.wantOwners(t, mine, rep.ID)
		})
	}

	var out disableOut
	h.run(t, scenario{method: "POST", path: path, as: "admin", body: map[string]string{"hand_over_to": director.ID},
		status: http.StatusOK}).decode(t, &out)
	if !out.Disabled || out.HandedOver != 3 || out.HandOverTo != director.ID {
		t.Errorf("answer = %+v, want disabled with 3 customers handed to the director", out)
	}
	h.wantOwners(t, mine, director.ID)
	if evs := h.events(t, "user.disable"); len(evs) != 1 {
		t.Errorf("user.disable events = %d, want 1", len(evs))
	}

	// Without a body the customers go to the pool.
	h.run(t, scenario{method: "POST", path: "/api/v1/users/" + rep2.ID + "/disable", as: "admin",
		status: http.StatusOK}).decode(t, &out)
	if out.HandedOver != 2 || out.HandOverTo != "" {
		t.Errorf("answer = %+v, want 2 customers to the pool", out)
	}
	h.wantOwners(t, theirs, "")
}

// TestDisableByPatchUsesThePool: PATCH {"disabled": true} disables too,
// and must not leave customers behind either.
func TestDisableByPatchUsesThePool(t *testing.T) {
	h := newHandOverEnv(t)
	mine := h.own("rep", 2)
	h.run(t, scenario{method: "PATCH", path: "/api/v1/users/" + h.account("rep").ID, as: "admin",
		body: `{"disabled": true}`, status: http.StatusOK})
	h.wantOwners(t, mine, "")
	pool, _, err := h.cust.List(access.SystemPrincipal, customer.Filter{Pool: true},
		store.PageRequest{Limit: store.MaxPageSize})
	if err != nil || len(pool) != 2 {
		t.Errorf("pool = %d customers (%v), want 2", len(pool), err)
	}
}
