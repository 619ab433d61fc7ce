package web_test

import (
	"net/http"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/frontline-crm/frontline/app/access"
	"github.com/frontline-crm/frontline/app/org"
	"github.com/frontline-crm/frontline/app/store"
)

// apiRoutes lists every API route of the server with its :params filled
// with id, so a new route is covered without touching the tests.
func apiRoutes(t *testing.T, e *env, id string) []scenario {
	t.Helper()
	param := regexp.MustCompile(`:[a-z]+`)
	var out []scenario
	for _, r := range e.srv.App().GetRoutes(true) {
		if !strings.HasPrefix(r.Path, "/api/v1/") || r.Method == http.MethodHead {
			continue
		}
		out = append(out, scenario{method: r.Method, path: param.ReplaceAllString(r.Path, id)})
	}
	if len(out) < 16 {
		t.Fatalf("found %d API routes, want at least the 16 of routes.go", len(out))
	}
	return out
}

// TestAPIUnauthorized sends every API route without valid credentials.
func TestAPIUnauthorized(t *testing.T) {
	t.Parallel()
	e := newEnv(t, options{})
	sys := access.SystemPrincipal
	revoked, revokedSecret, err := e.auth.CreateToken(sys, e.account("rep").ID, "revoked")
	if err != nil {
		t.Fatal(err)
	}
	if err := e.auth.RevokeToken(sys, revoked.ID); err != nil {
		t.Fatal(err)
	}
	legal := e.account("legal")
	if _, err := e.org.SetDisabled(sys, legal.ID, true); err != nil {
		t.Fatal(err)
	}
	bearer := func(tok string) map[string]string { return map[string]string{"Authorization": tok} }
	for _, cred := range []struct {
		name    string
		as      string
		session bool
		header  map[string]string
	}{
		{name: "no credentials"},
		{name: "unknown token", header: bearer("Bearer frl_" + strings.Repeat("A", 43))},
		{name: "token without the prefix", header: bearer("Bearer " + strings.Repeat("A", 43))},
		{name: "empty bearer", header: bearer("Bearer ")},
		{name: "basic auth", header: bearer("Basic YWRtaW46cGFzcw==")},
		{name: "revoked token", header: bearer("Bearer " + revokedSecret)},
		{name: "disabled user's token", as: "legal"},
		{name: "disabled user's session", as: "legal", session: true},
		{name: "unknown session", header: map[string]string{"Cookie": "fl_session=forged",
			"X-CSRF-Token": "forged"}},
	} {
		t.Run(cred.name, func(t *testing.T) {
			for _, sc := range apiRoutes(t, e, store.NewID(t0)) {
				sc.as, sc.session, sc.header = cred.as, cred.session, cred.header
				if sc.method == http.MethodPost || sc.method == http.MethodPatch {
					sc.body = `{}`
				}
				t.Run(sc.method+" "+sc.path, func(t *testing.T) {
					checkProblem(t, e.send(t, sc), http.StatusUnauthorized)
				})
			}
		})
	}
	// A token that resolves wins over a cookie that does not, and the
	// reverse: a bad token is refused even with a good cookie.
	e.run(t, scenario{method: http.MethodGet, path: "/api/v1/me", as: "rep",
		header: map[string]string{"Cookie": "fl_session=forged"}, status: http.StatusOK})
	e.run(t, scenario{method: http.MethodGet, path: "/api/v1/me", as: "rep", session: true,
		header: bearer("Bearer " + revokedSecret), status: http.StatusUnauthorized})
}

// TestAPIForbiddenWrites checks that only admins write regions and users,
// and that a refused write changes nothing.
func TestAPIForbiddenWrites(t *testing.T) {
	t.Parallel()
	e := newEnv(t, options{})
	empty, err := e.org.CreateRegion(access.SystemPrincipal, org.RegionInput{Name: "空"})
	if err != nil {
		t.Fatal(err)
	}
	admin, rep2 := e.account("admin").ID, e.account("rep2").ID
	if _, err := e.org.SetDisabled(access.SystemPrincipal, rep2, true); err != nil {
		t.Fatal(err)
	}
	newUser := map[string]any{"email": "x@example.com", "name": "x", "roles": []string{"rep"}}
	for _, role := range []string{"director", "manager", "rep", "legal"} {
		self := e.account(role).ID
		for _, sc := range []scenario{
			{name: "create region", method: "POST", path: "/api/v1/regions", body: `{"name": "新区"}`},
			{name: "rename region", method: "PATCH", path: "/api/v1/regions/" + empty.ID, body: `{"name": "改"}`},
			{name: "delete region", method: "DELETE", path: "/api/v1/regions/" + empty.ID},
			{name: "create user", method: "POST", path: "/api/v1/users", body: newUser},
			{name: "rename someone", method: "PATCH", path: "/api/v1/users/" + admin, body: `{"name": "x"}`},
			{name: "give self a role", method: "PATCH", path: "/api/v1/users/" + self, body: `{"roles": ["admin"]}`},
			{name: "move self", method: "PATCH", path: "/api/v1/users/" + self, body: `{"regions": []}`},
			{name: "change own e-mail", method: "PATCH", path: "/api/v1/users/" + self, body: `{"email": "a@b.cn"}`},
			{name: "enable self", method: "PATCH", path: "/api/v1/users/" + self, body: `{"disabled": false}`},
			{name: "disable someone", method: "POST", path: "/api/v1/users/" + admin + "/disable"},
			{name: "enable someone", method: "POST", path: "/api/v1/users/" + rep2 + "/enable"},
			{name: "read audit", method: "GET", path: "/api/v1/audit"},
		} {
			t.Run(role+"/"+sc.name, func(t *testing.T) {
				before := e.snapshot(t)
				sc.as = role
				checkProblem(t, e.send(t, sc), http.StatusForbidden)
				if diff := diffKeys(before, e.snapshot(t), ignoreTokenUse); diff != "" {
					t.Errorf("a refused request changed the database:\n%s", diff)
				}
			})
		}
	}
	// What a user may change about themselves.
	var u userOut
	e.run(t, scenario{method: "PATCH", path: "/api/v1/users/" + e.account("rep").ID, as: "rep",
		body: `{"name": "新名字", "locale": "en"}`, status: http.StatusOK}).decode(t, &u)
	if u.Name != "新名字" {
		t.Errorf("own rename: name = %q, want 新名字", u.Name)
	}
}

// TestAPIReadScope checks who sees which users.
func TestAPIReadScope(t *testing.T) {
	t.Parallel()
	e := newEnv(t, options{})
	id := func(name string) string { return e.account(name).ID }

	t.Run("user lists", func(t *testing.T) {
		for _, tc := range []struct {
			as, query string
			status    int
			want      []string
		}{
			{"admin", "", http.StatusOK, accounts},
			{"director", "", http.StatusOK, accounts},
			{"manager", "", http.StatusOK, []string{"manager", "rep"}},
			{"manager", "?region=" + e.region["深圳"], http.StatusOK, nil},
			{"manager", "?q=rep2", http.StatusOK, nil},
			{"rep", "", http.StatusForbidden, nil},
			{"legal", "", http.StatusForbidden, nil},
		} {
			t.Run(tc.as+tc.query, func(t *testing.T) {
				r := e.run(t, scenario{method: "GET", path: "/api/v1/users" + tc.query, as: tc.as, status: tc.status})
				if tc.status != http.StatusOK {
					checkProblem(t, r, tc.status)
					return
				}
				var l listOut[userOut]
				r.decode(t, &l)
				if got, want := emailsOf(l.Items), sorted(tc.want); !slices.Equal(got, want) {
					t.Errorf("users = %v, want %v", got, want)
				}
			})
		}
	})

	t.Run("one user", func(t *testing.T) {
		for _, tc := range []struct {
			as, target string
			status     int
		}{
			{"admin", "rep2", http.StatusOK},
			{"director", "rep2", http.StatusOK},
			{"director", "admin", http.StatusOK},
			{"manager", "rep", http.StatusOK},
			{"manager", "rep2", http.StatusNotFound},
			{"manager", "admin", http.StatusNotFound},
			{"rep", "rep2", http.StatusForbidden},
			{"rep", "manager", http.StatusForbidden},
			{"legal", "rep", http.StatusForbidden},
			{"manager", "manager", http.StatusOK},
			{"rep", "rep", http.StatusOK},
			{"rep2", "rep2", http.StatusOK},
			{"legal", "legal", http.StatusOK},
		} {
			t.Run(tc.as+"→"+tc.target, func(t *testing.T) {
				r := e.run(t, scenario{method: "GET", path: "/api/v1/users/" + id(tc.target), as: tc.as,
					status: tc.status})
				if tc.status != http.StatusOK {
					checkProblem(t, r, tc.status)
					if strings.Contains(r.body, e.account(tc.target).Email) {
						t.Errorf("refusal leaks the e-mail: %s", r.body)
					}
					return
				}
				var u userOut
				r.decode(t, &u)
				if u.ID != id(tc.target) {
					t.Errorf("got user %s, want %s", u.ID, id(tc.target))
				}
			})
		}
	})

	t.Run("regions are readable by everyone", func(t *testing.T) {
		for _, name := range accounts {
			var l listOut[regionOut]
			e.run(t, scenario{method: "GET", path: "/api/v1/regions", as: name, status: http.StatusOK}).decode(t, &l)
			if len(l.Items) != 5 {
				t.Errorf("%s sees %d regions, want 5", name, len(l.Items))
			}
			e.run(t, scenario{method: "GET", path: "/api/v1/regions/" + e.region["深圳"], as: name,
				status: http.StatusOK})
		}
	})

	t.Run("unknown and malformed ids", func(t *testing.T) {
		unknown := store.NewID(t0)
		for _, sc := range []scenario{
			{method: "GET", path: "/api/v1/users/" + unknown},
			{method: "GET", path: "/api/v1/users/not-an-id"},
			{method: "GET", path: "/api/v1/users/" + strings.ToLower(id("rep")) + "x"},
			{method: "PATCH", path: "/api/v1/users/" + unknown, body: `{"name": "x"}`},
			{method: "POST", path: "/api/v1/users/" + unknown + "/disable"},
			{method: "POST", path: "/api/v1/users/nope/enable"},
			{method: "GET", path: "/api/v1/regions/" + unknown},
			{method: "GET", path: "/api/v1/regions/..%2F..%2Fuser"},
			{method: "PATCH", path: "/api/v1/regions/" + unknown, body: `{"name": "x"}`},
			{method: "DELETE", path: "/api/v1/regions/" + unknown},
			{method: "DELETE", path: "/api/v1/tokens/" + unknown},
			{method: "DELETE", path: "/api/v1/tokens/nope"},
			{method: "GET", path: "/api/v1/nothing-here"},
		} {
			sc.as = "admin"
			checkProblem(t, e.send(t, sc), http.StatusNotFound)
		}
		// A manager asking for a well-formed id gets the same answer as
		// for one outside their regions.
		checkProblem(t, e.send(t, scenario{method: "GET", path: "/api/v1/users/" + unknown, as: "manager"}),
			http.StatusNotFound)
	})
}

// ignoreTokenUse drops the last-used stamp of tokens: a bearer request
// records it (at most once a minute) whatever the answer.
func ignoreTokenUse(key, val string) string {
	if strings.HasPrefix(key, "token/") {
		return lastUsed.ReplaceAllString(val, "")
	}
	return val
}

var lastUsed = regexp.MustCompile(`,"last_used_at":"[^"]*"`)

// diffKeys describes how after differs from before, comparing values
// through norm; "" when they agree.
func diffKeys(before, after map[string]string, norm func(key, val string) string) string {
	var b strings.Builder
	for k, v := range before {
		w, ok := after[k]
		switch {
		case !ok:
			b.WriteString("deleted " + k + "\n")
		case norm(k, v) != norm(k, w):
			b.WriteString("changed " + k + ": " + v + " → " + w + "\n")
		}
	}
	for k, v := range after {
		if _, ok := before[k]; !ok {
			b.WriteString("added " + k + ": " + v + "\n")
		}
	}
	return b.String()
}
