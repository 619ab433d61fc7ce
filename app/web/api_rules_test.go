package web_test

import (
	"fmt"
	"net/http"
	"regexp"
	"strings"
	"testing"

	"github.com/frontline-crm/frontline/app/customer"
	"github.com/frontline-crm/frontline/app/store"
)

// everyone are the accounts of an activity env.
var everyone = append(accounts[:len(accounts):len(accounts)], "rep3", "presales", "finance", "warehouse")

// rulesCase is one rules route: what GET gives before any save, a change
// an admin saves, and an invalid body with the fields it names.
type rulesCase[T any] struct {
	path, event      string
	defaults, change T
	invalid          any
	fields           []string
}

// run checks who reads and who replaces the rules, and what a save does.
func (rc rulesCase[T]) run(t *testing.T, e *activityEnv) {
	t.Helper()
	for _, as := range everyone {
		rc.check(t, e, as, rc.defaults)
	}
	checkProblem(t, e.send(t, scenario{method: "GET", path: rc.path}), http.StatusUnauthorized)
	e.refuse(t, scenario{method: "PUT", path: rc.path, body: rc.change}, http.StatusUnauthorized, "")
	for _, as := range everyone {
		if as != "admin" {
			e.refuse(t, scenario{method: "PUT", path: rc.path, as: as, body: rc.change}, http.StatusForbidden, "")
		}
	}
	r := e.refuse(t, scenario{method: "PUT", path: rc.path, as: "admin", body: rc.invalid},
		http.StatusUnprocessableEntity, "")
	checkProblem(t, r, http.StatusUnprocessableEntity, rc.fields...)
	e.refuse(t, scenario{method: "PUT", path: rc.path, as: "admin", body: `{"limits": 1}`},
		http.StatusUnprocessableEntity, "problem.field_unknown")
	e.refuse(t, scenario{method: "PUT", path: rc.path, as: "admin"}, http.StatusBadRequest,
		"problem.json_required")

	var saved T
	e.run(t, scenario{method: "PUT", path: rc.path, as: "admin", body: rc.change, status: http.StatusOK}).
		decode(t, &saved)
	if got, want := fmt.Sprintf("%+v", saved), fmt.Sprintf("%+v", rc.change); got != want {
		t.Errorf("saved = %s\nwant    %s", got, want)
	}
	rc.check(t, e, "rep", rc.change)
	if evs := e.events(t, rc.event); len(evs) != 1 || evs[0].ActorID != e.account("admin").ID {
		t.Errorf("%s events = %+v, want one by the admin", rc.event, evs)
	}
}

// check reads the rules as the account and compares them with want;
// empty lists must read [], not null.
func (rc rulesCase[T]) check(t *testing.T, e *activityEnv, as string, want T) {
	t.Helper()
	var got T
	r := e.run(t, scenario{method: "GET", path: rc.path, as: as, status: http.StatusOK})
	r.decode(t, &got)
	if fmt.Sprintf("%+v", got) != fmt.Sprintf("%+v", want) {
		t.Errorf("GET %s as %s = %+v\nwant %+v", rc.path, as, got, want)
	}
	if strings.Contains(r.body, "null") {
		t.Errorf("GET %s shows null: %s", rc.path, r.body)
	}
}

func TestRulesAPI(t *testing.T) {
	t.Parallel()
	e := newActivityEnv(t)
	now := e.clk.Now().UTC()

	t.Run("pool", func(t *testing.T) {
		change := customer.PoolRules{Days: map[string]int{"A": 20, "B": 0, "C": 60}, ClaimLimit: 80}
		rulesCase[customer.PoolRules]{path: "/api/v1/settings/pool", event: "settings.pool",
			defaults: customer.DefaultPoolRules(), change: change,
			invalid: map[string]any{"days": map[string]int{"A": -1, "B": 30, "C": 45}, "claim_limit": 0},
			fields:  []string{"days.A", "claim_limit"}}.run(t, e)
	})

	t.Run("health", func(t *testing.T) {
		change, invalid := customer.DefaultHealthRules(), customer.DefaultHealthRules()
		change.Urgency.Base, change.UpdatedAt = 40, now
		change.Competition.Keywords = append(change.Competition.Keywords, "某友商")
		invalid.DecisionChain.WindowDays = 0
		invalid.Urgency.Tags = append(invalid.Urgency.Tags, customer.TagPoints{Tag: "不存在的标签", Points: 5})
		rulesCase[customer.HealthRules]{path: "/api/v1/settings/health", event: "settings.health",
			defaults: customer.DefaultHealthRules(), change: change, invalid: invalid,
			fields: []string{"decision_chain", "urgency.tags"}}.run(t, e)
	})

	t.Run("conflicts", func(t *testing.T) {
		change := customer.DefaultConflictRules()
		change.WindowDays, change.UpdatedAt = 5, now
		change.FollowUpRules = change.FollowUpRules[:1]
		rulesCase[customer.ConflictRules]{path: "/api/v1/settings/conflicts", event: "settings.conflict",
			defaults: customer.DefaultConflictRules(), change: change,
			invalid: map[string]any{"window_days": 0,
				"status_pairs": []customer.StatusPair{{Status: "nope", Against: []string{"won"}}}},
			fields: []string{"window_days", "status_pairs"}}.run(t, e)
	})
}

// activityRoutes are the API routes of this file's neighbours outside
// /customers (whose routes customerRoutes walks), with :params filled
// with id.
func activityRoutes(t *testing.T, e *activityEnv, id string) []scenario {
	t.Helper()
	areas := regexp.MustCompile(`^/api/v1/(conflicts|notifications|settings/(pool|health|conflicts))(/|$)`)
	param := regexp.MustCompile(`:[a-z0-9]+`)
	var out []scenario
	for _, r := range e.srv.App().GetRoutes(true) {
		if areas.MatchString(r.Path) && r.Method != http.MethodHead {
			out = append(out, scenario{name: r.Path, method: r.Method, path: param.ReplaceAllString(r.Path, id)})
		}
	}
	if len(out) != 12 {
		t.Fatalf("found %d conflict, notification and rules routes, want 12", len(out))
	}
	return out
}

// TestActivityAPIUnauthorized sends each of these routes without
// credentials, and with a session but no CSRF token.
func TestActivityAPIUnauthorized(t *testing.T) {
	t.Parallel()
	e := newActivityEnv(t)
	before := e.snapshot(t)
	for _, sc := range activityRoutes(t, e, store.NewID(t0)) {
		if sc.method != http.MethodGet {
			sc.body = `{}`
		}
		t.Run(sc.method+" "+sc.path, func(t *testing.T) {
			checkProblem(t, e.send(t, sc), http.StatusUnauthorized)
			if sc.method == http.MethodGet {
				return
			}
			sc.as, sc.session, sc.header = "admin", true, map[string]string{"X-CSRF-Token": ""}
			checkProblem(t, e.send(t, sc), http.StatusForbidden)
		})
	}
	if diff := diffKeys(before, e.snapshot(t), ignoreLastSeen); diff != "" {
		t.Errorf("refused requests changed the database:\n%s", diff)
	}
}

// TestActivityAPIGetsChangeNothing calls each of these GET routes, with
// real records, as every kind of caller, and checks the database is
// unchanged.
func TestActivityAPIGetsChangeNothing(t *testing.T) {
	t.Parallel()
	e := newActivityEnv(t)
	fx := newConflictFixture(e)
	table := map[string]string{
		"/api/v1/conflicts":            "/api/v1/conflicts?resolved=true&limit=1",
		"/api/v1/conflicts/:id":        "/api/v1/conflicts/" + fx.pair.ID,
		"/api/v1/notifications":        "/api/v1/notifications?limit=1",
		"/api/v1/notifications/unread": "/api/v1/notifications/unread",
		"/api/v1/settings/pool":        "/api/v1/settings/pool",
		"/api/v1/settings/health":      "/api/v1/settings/health",
		"/api/v1/settings/conflicts":   "/api/v1/settings/conflicts",
	}
	before := e.snapshot(t)
	for _, sc := range activityRoutes(t, e, fx.pair.ID) {
		if sc.method != http.MethodGet {
			continue
		}
		path, ok := table[sc.name]
		if !ok {
			t.Errorf("GET route %s is not in the table: add it with real parameters", sc.name)
			continue
		}
		for _, as := range []string{"", "admin", "manager", "rep", "rep3", "legal", "warehouse"} {
			// By token: the fixture's days on the clock ended the sessions.
			r := e.run(t, scenario{method: "GET", path: path, as: as})
			if (as == "admin" || as == "manager") && r.status != http.StatusOK {
				t.Errorf("GET %s as %s: status %d, want 200", path, as, r.status)
			}
		}
	}
	if diff := diffKeys(before, e.snapshot(t), ignoreTokenUse); diff != "" {
		t.Errorf("GET requests changed the database:\n%s", diff)
	}
}
