package web_test

import (
	"net/http"
	"slices"
	"testing"
	"time"

	"github.com/frontline-crm/frontline/app/access"
	"github.com/frontline-crm/frontline/app/customer"
	"github.com/frontline-crm/frontline/app/i18n"
	"github.com/frontline-crm/frontline/app/store"
)

// healthOut is a radar as tests read it.
type healthOut struct {
	DecisionChain int         `json:"decision_chain"`
	Urgency       int         `json:"urgency"`
	Competition   int         `json:"competition"`
	Reasons       []reasonOut `json:"reasons"`
	ComputedAt    time.Time   `json:"computed_at"`
}

type reasonOut struct {
	Axis    string `json:"axis"`
	Code    string `json:"code"`
	Message string `json:"message"`
	Points  int    `json:"points"`
}

// health reads a customer's radar as the account, in locale.
func (e *activityEnv) health(t *testing.T, as, id, locale string) healthOut {
	t.Helper()
	var h healthOut
	e.run(t, scenario{method: "GET", path: "/api/v1/customers/" + id + "/health", as: as, status: http.StatusOK,
		header: map[string]string{"Accept-Language": locale}}).decode(t, &h)
	return h
}

// checkHealth compares the API's radar with the service's, each reason
// translated into locale.
func (e *activityEnv) checkHealth(t *testing.T, got healthOut, id, locale string) {
	t.Helper()
	want, err := e.cust.Health(access.SystemPrincipal, id)
	if err != nil {
		t.Fatalf("service health: %v", err)
	}
	if got.DecisionChain != want.DecisionChain || got.Urgency != want.Urgency ||
		got.Competition != want.Competition || !got.ComputedAt.Equal(want.ComputedAt) {
		t.Errorf("health = %+v, want the service's %+v", got, want)
	}
	if len(got.Reasons) != len(want.Reasons) {
		t.Fatalf("reasons = %+v, want %d like the service's %+v", got.Reasons, len(want.Reasons), want.Reasons)
	}
	for i, r := range want.Reasons {
		g := got.Reasons[i]
		if msg := e.cat.T(locale, r.Key, r.Args...); g.Axis != r.Axis || g.Code != r.Key || g.Message != msg ||
			g.Points != r.Points {
			t.Errorf("reason %d = %+v, want %s %s %q %d", i, g, r.Axis, r.Key, msg, r.Points)
		}
	}
}

// reason returns the reason of code, if any.
func (h healthOut) reason(code string) (msg string, points int, ok bool) {
	i := slices.IndexFunc(h.Reasons, func(r reasonOut) bool { return r.Code == code })
	if i < 0 {
		return "", 0, false
	}
	return h.Reasons[i].Message, h.Reasons[i].Points, true
}

// TestCustomerHealthAPI follows one customer's radar as contacts and
// follow-ups arrive and as time passes on the fake clock.
func TestCustomerHealthAPI(t *testing.T) {
	t.Parallel()
	e := newActivityEnv(t)
	c := e.seedCustomer("rep", customer.Input{Name: "余杭精密机械"})

	// Nothing known yet: no role is covered and nobody has called.
	h := e.health(t, "rep", c.ID, i18n.ZH)
	e.checkHealth(t, h, c.ID, i18n.ZH)
	if h.DecisionChain != 0 || h.Urgency != 0 || h.Competition != 0 {
		t.Errorf("empty customer's scores = %d/%d/%d, want 0/0/0", h.DecisionChain, h.Urgency, h.Competition)
	}
	msg, points, _ := h.reason("health.reason.role_missing")
	if want := e.cat.T(i18n.ZH, "health.reason.role_missing", "决策人"); msg != want || points != -50 {
		t.Errorf("first role_missing = %q %d, want %q -50", msg, points, want)
	}

	// The decision maker is named by a visit an hour ago.
	p := e.principal("rep")
	boss, err := e.cust.AddContact(p, c.ID, customer.ContactInput{Name: "张总", DecisionRole: "decision_maker"})
	if err != nil {
		t.Fatal(err)
	}
	at := e.clk.Now().Add(-time.Hour)
	if _, err := e.cust.AddFollowUp(p, customer.FollowUpInput{CustomerID: c.ID, ContactID: boss.ID, Kind: "visit",
		OccurredAt: &at, Tags: []string{"竞品介入"}}); err != nil {
		t.Fatal(err)
	}
	h = e.health(t, "rep", c.ID, i18n.ZH)
	e.checkHealth(t, h, c.ID, i18n.ZH)
	if h.DecisionChain != 50 || h.Competition != 30 {
		t.Errorf("after the visit: decision chain %d, competition %d; want 50 and 30", h.DecisionChain,
			h.Competition)
	}

	// A month on, nobody has talked to 张总 within the window.
	e.clk.Advance(31 * 24 * time.Hour)
	for _, loc := range []string{i18n.ZH, i18n.EN} {
		h = e.health(t, "manager", c.ID, loc)
		e.checkHealth(t, h, c.ID, loc)
		if !h.ComputedAt.Equal(e.clk.Now()) {
			t.Errorf("computed_at = %v, want now (%v): the stored radar is stale", h.ComputedAt, e.clk.Now())
		}
		msg, points, _ := h.reason("health.reason.role_untouched")
		if want := e.cat.T(loc, "health.reason.role_untouched", "决策人", 30); msg != want || points != -25 {
			t.Errorf("%s: role_untouched = %q %d, want %q -25", loc, msg, points, want)
		}
		if _, _, quiet := h.reason("health.reason.quiet"); !quiet || h.DecisionChain != 25 {
			t.Errorf("%s: decision chain %d, quiet %v; want 25 and quiet", loc, h.DecisionChain, quiet)
		}
	}
}

func TestCustomerHealthAPIPermissions(t *testing.T) {
	t.Parallel()
	e := newActivityEnv(t)
	fx := newAccessFixture(e)
	path := func(id string) string { return "/api/v1/customers/" + id + "/health" }
	for _, tc := range []struct {
		as     string
		id     string
		status int
	}{
		{"", fx.mine.ID, http.StatusUnauthorized},
		{"rep", fx.mine.ID, http.StatusOK},
		{"rep", fx.pool.ID, http.StatusOK},
		{"rep3", fx.mine.ID, http.StatusNotFound},
		{"rep2", fx.mine.ID, http.StatusNotFound},
		{"rep2", fx.pool.ID, http.StatusNotFound},
		{"manager", fx.mine.ID, http.StatusOK},
		{"manager", fx.shenzhen.ID, http.StatusNotFound},
		{"director", fx.shenzhen.ID, http.StatusOK},
		{"admin", fx.shenzhen.ID, http.StatusOK},
		{"presales", fx.mine.ID, http.StatusOK},
		{"legal", fx.mine.ID, http.StatusOK},
		{"finance", fx.mine.ID, http.StatusOK},
		{"warehouse", fx.mine.ID, http.StatusNotFound},
		{"admin", store.NewID(t0), http.StatusNotFound},
		{"admin", "nope", http.StatusNotFound},
	} {
		r := e.run(t, scenario{method: "GET", path: path(tc.id), as: tc.as, status: tc.status})
		if tc.status != http.StatusOK {
			checkProblem(t, r, tc.status)
		}
	}
	e.run(t, scenario{method: "DELETE", path: "/api/v1/customers/" + fx.mine.ID, as: "rep",
		status: http.StatusNoContent})
	checkProblem(t, e.send(t, scenario{method: "GET", path: path(fx.mine.ID), as: "rep"}), http.StatusNotFound)
}
