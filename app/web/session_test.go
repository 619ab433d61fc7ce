package web_test

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/frontline-crm/frontline/app/auth"
	"github.com/frontline-crm/frontline/app/clock"
	"github.com/frontline-crm/frontline/app/i18n"
)

// signIn goes through the login page as a browser does and returns the
// browser, now holding a session cookie.
func (e *env) signIn(t *testing.T, name string) *browser {
	t.Helper()
	b := e.browser()
	b.get(t, "/login")
	r := b.post(t, "/login", url.Values{"email": {e.account(name).Email}, "password": {testPassword}})
	if r.status != http.StatusSeeOther || b.jar["fl_session"] == "" {
		t.Fatalf("sign in as %s: status %d, session cookie %q; want 303 and a cookie", name, r.status,
			b.jar["fl_session"])
	}
	return b
}

// TestCSRF checks that every state-changing request made with a session
// cookie carries the session's token, and that bearer calls need none.
func TestCSRF(t *testing.T) {
	t.Parallel()
	e := newEnv(t, options{})
	token := `{"name": "from a script"}`
	rep := "/api/v1/users/" + e.account("rep").ID
	for _, tc := range []struct {
		name   string
		sc     scenario
		status int
	}{
		{"API post without token", scenario{method: "POST", path: "/api/v1/tokens", as: "admin", session: true,
			body: token, header: map[string]string{"X-CSRF-Token": ""}}, http.StatusForbidden},
		{"API post with a wrong token", scenario{method: "POST", path: "/api/v1/tokens", as: "admin", session: true,
			body: token, header: map[string]string{"X-CSRF-Token": "wrong"}}, http.StatusForbidden},
		{"API post with another session's token", scenario{method: "POST", path: "/api/v1/tokens", as: "admin",
			session: true, body: token, header: map[string]string{"X-CSRF-Token": e.account("rep").CSRF}},
			http.StatusForbidden},
		{"API patch without token", scenario{method: "PATCH", path: rep, as: "admin", session: true,
			body: `{"name": "x"}`, header: map[string]string{"X-CSRF-Token": ""}}, http.StatusForbidden},
		{"API delete without token", scenario{method: "DELETE", path: "/api/v1/regions/" + e.region["深圳"],
			as: "admin", session: true, header: map[string]string{"X-CSRF-Token": ""}}, http.StatusForbidden},
		{"API post with the token", scenario{method: "POST", path: "/api/v1/tokens", as: "admin", session: true,
			body: token}, http.StatusCreated},
		{"API post with the token as a form field", scenario{method: "POST", path: "/api/v1/users/" +
			e.account("rep2").ID + "/disable?x=1", as: "admin", session: true,
			body: url.Values{"_csrf": {e.account("admin").CSRF}}, header: map[string]string{"X-CSRF-Token": ""}},
			http.StatusOK},
		{"bearer post needs no token", scenario{method: "POST", path: "/api/v1/tokens", as: "admin",
			body: token}, http.StatusCreated},
		{"bearer wins over a cookie without token", scenario{method: "POST", path: "/api/v1/tokens", as: "rep",
			body: token, header: map[string]string{"Cookie": "fl_session=" + e.account("admin").Session}},
			http.StatusCreated},
		{"page post without token", scenario{method: "POST", path: "/profile", as: "rep", session: true,
			body: url.Values{"name": {"x"}}, header: map[string]string{"X-CSRF-Token": ""}}, http.StatusForbidden},
		{"page post with a wrong form token", scenario{method: "POST", path: "/profile", as: "rep", session: true,
			body: url.Values{"name": {"x"}, "_csrf": {"wrong"}}, header: map[string]string{"X-CSRF-Token": ""}},
			http.StatusForbidden},
		{"page post with the form token", scenario{method: "POST", path: "/profile", as: "rep", session: true,
			body:   url.Values{"name": {"新"}, "_csrf": {e.account("rep").CSRF}},
			header: map[string]string{"X-CSRF-Token": ""}}, http.StatusSeeOther},
		{"login without the pre-session cookie", scenario{method: "POST", path: "/login",
			body: url.Values{"email": {"rep@example.com"}, "password": {testPassword}, "_csrf": {"x"}}},
			http.StatusForbidden},
		{"login with a token not matching the cookie", scenario{method: "POST", path: "/login",
			body:   url.Values{"email": {"rep@example.com"}, "password": {testPassword}, "_csrf": {"y"}},
			header: map[string]string{"Cookie": "fl_precsrf=" + strings.Repeat("x", 32)}}, http.StatusForbidden},
		{"locale without the pre-session cookie", scenario{method: "POST", path: "/locale",
			body: url.Values{"locale": {"en"}}}, http.StatusForbidden},
	} {
		t.Run(tc.name, func(t *testing.T) {
			before := e.snapshot(t)
			tc.sc.status = tc.status
			r := e.run(t, tc.sc)
			if tc.status != http.StatusForbidden {
				return
			}
			if strings.HasPrefix(tc.sc.path, "/api/") {
				p := checkProblem(t, r, http.StatusForbidden)
				if want := e.cat.T(i18n.ZH, "problem.csrf"); p.Detail != want {
					t.Errorf("detail = %q, want %q", p.Detail, want)
				}
			} else if !strings.Contains(r.body, e.T(i18n.ZH, "problem.csrf")) ||
				!strings.HasPrefix(r.header.Get("Content-Type"), "text/html") {
				t.Errorf("refused page: %s %s, want an HTML page saying %q", r.header.Get("Content-Type"),
					clip(r.body), e.cat.T(i18n.ZH, "problem.csrf"))
			}
			if diff := diffKeys(before, e.snapshot(t), ignoreTokenUse); diff != "" {
				t.Errorf("a refused request changed the database:\n%s", diff)
			}
		})
	}
}

// TestLogout signs in through the pages, signs out, and tries the old
// cookie again.
func TestLogout(t *testing.T) {
	t.Parallel()
	e := newEnv(t, options{})
	b := e.signIn(t, "rep")
	old := b.jar["fl_session"]
	if r := b.get(t, "/"); r.status != http.StatusOK {
		t.Fatalf("home after sign-in: status %d, want 200", r.status)
	}

	r := b.post(t, "/logout", url.Values{"_csrf": {""}})
	if r.status != http.StatusForbidden || b.jar["fl_session"] != old {
		t.Fatalf("logout without CSRF: status %d, want 403 and the session kept", r.status)
	}
	r = b.post(t, "/logout", nil)
	if r.status != http.StatusSeeOther || r.header.Get("Location") != "/login" {
		t.Fatalf("logout: status %d to %q, want 303 to /login", r.status, r.header.Get("Location"))
	}
	if c := r.cookie("fl_session"); c == nil || c.Value != "" {
		t.Errorf("logout Set-Cookie fl_session = %v, want it cleared", c)
	}
	if r := b.get(t, "/login"); !strings.Contains(r.body, e.T(i18n.ZH, "flash.logged_out")) {
		t.Errorf("login page after logout does not say %q", e.cat.T(i18n.ZH, "flash.logged_out"))
	}
	if got := e.events(t, "auth.logout"); len(got) != 1 || got[0].ActorID != e.account("rep").ID {
		t.Errorf("auth.logout events = %+v, want one by rep", got)
	}

	oldCookie := map[string]string{"Cookie": "fl_session=" + old}
	r = e.run(t, scenario{method: "GET", path: "/admin/users?q=1", header: oldCookie, status: http.StatusSeeOther})
	if loc := r.header.Get("Location"); loc != "/login?next=%2Fadmin%2Fusers%3Fq%3D1" {
		t.Errorf("old cookie on a page: Location %q, want /login?next=%%2Fadmin%%2Fusers%%3Fq%%3D1", loc)
	}
	if c := r.cookie("fl_session"); c == nil || c.Value != "" {
		t.Errorf("old cookie on a page: Set-Cookie fl_session = %v, want it cleared", c)
	}
	checkProblem(t, e.run(t, scenario{method: "GET", path: "/api/v1/me", header: oldCookie}),
		http.StatusUnauthorized)
}

// TestSessionCookie checks the cookie's attributes with and without TLS.
func TestSessionCookie(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name string
		tls  bool
	}{{"plain HTTP", false}, {"TLS", true}} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			e := newEnv(t, options{tls: tc.tls})
			b := e.browser()
			login := b.get(t, "/login")
			pre := login.cookie("fl_precsrf")
			if pre == nil || !pre.HttpOnly || pre.SameSite != http.SameSiteLaxMode || pre.Secure != tc.tls {
				t.Errorf("fl_precsrf = %+v, want HttpOnly, SameSite=Lax, Secure=%v", pre, tc.tls)
			}
			r := b.post(t, "/login", url.Values{"email": {"rep@example.com"}, "password": {testPassword}})
			c := r.cookie("fl_session")
			if c == nil {
				t.Fatalf("login set no fl_session cookie; status %d", r.status)
			}
			if !c.HttpOnly || c.SameSite != http.SameSiteLaxMode || c.Secure != tc.tls || c.Path != "/" {
				t.Errorf("fl_session = %+v, want HttpOnly, SameSite=Lax, Path=/, Secure=%v", c, tc.tls)
			}
			if want := int((168 * time.Hour).Seconds()); c.MaxAge != want {
				t.Errorf("fl_session Max-Age = %d, want the absolute timeout %d", c.MaxAge, want)
			}
			if len(c.Value) < 40 {
				t.Errorf("session id %q is short, want at least 32 random bytes", c.Value)
			}
			if pre := r.cookie("fl_precsrf"); pre == nil || pre.Value != "" {
				t.Errorf("login keeps the pre-session CSRF cookie: %v", pre)
			}
			hsts := r.header.Get("Strict-Transport-Security")
			if (hsts != "") != tc.tls {
				t.Errorf("Strict-Transport-Security = %q with TLS %v", hsts, tc.tls)
			}
		})
	}
}

// TestSessionTimeouts moves the clock past the idle and the absolute
// timeout.
func TestSessionTimeouts(t *testing.T) {
	t.Parallel()
	e := newEnv(t, options{config: map[string]string{
		"session.idle_timeout": "30m", "session.absolute_timeout": "2h"}})
	me := func(t *testing.T, id string, status int) {
		t.Helper()
		e.run(t, scenario{method: "GET", path: "/api/v1/me", status: status,
			header: map[string]string{"Cookie": "fl_session=" + id}})
	}

	t.Run("idle", func(t *testing.T) {
		id, _ := e.login("rep@example.com", "198.51.100.1")
		for i := 0; i < 3; i++ {
			e.clk.Advance(29 * time.Minute)
			me(t, id, http.StatusOK) // each use moves the idle window on
		}
		e.clk.Advance(31 * time.Minute)
		me(t, id, http.StatusUnauthorized)
		if _, err := e.auth.Session(id, ""); err == nil {
			t.Errorf("the idle session still resolves")
		}
		if keys := sessionKeys(e.snapshot(t)); keys > len(accounts) {
			t.Errorf("%d sessions stored, want the expired one deleted", keys)
		}
	})

	t.Run("absolute", func(t *testing.T) {
		id, _ := e.login("rep2@example.com", "198.51.100.2")
		for elapsed := 20 * time.Minute; elapsed < 2*time.Hour; elapsed += 20 * time.Minute {
			e.clk.Advance(20 * time.Minute)
			me(t, id, http.StatusOK)
		}
		e.clk.Advance(19 * time.Minute) // 1h59m after login, used 19 minutes ago
		me(t, id, http.StatusOK)
		e.clk.Advance(2 * time.Minute)
		me(t, id, http.StatusUnauthorized)
	})

	t.Run("a page with an expired cookie goes to login", func(t *testing.T) {
		id, _ := e.login("legal@example.com", "198.51.100.3")
		e.clk.Advance(31 * time.Minute)
		r := e.run(t, scenario{method: "GET", path: "/", status: http.StatusSeeOther,
			header: map[string]string{"Cookie": "fl_session=" + id}})
		if loc := r.header.Get("Location"); loc != "/login?next=%2F" {
			t.Errorf("Location = %q, want /login?next=%%2F", loc)
		}
	})
}

func sessionKeys(db map[string]string) int {
	n := 0
	for k := range db {
		if strings.HasPrefix(k, "session/") {
			n++
		}
	}
	return n
}

// TestLoginIssuesNewSession checks that every sign-in gets a fresh id, so
// an id planted before sign-in is worthless.
func TestLoginIssuesNewSession(t *testing.T) {
	t.Parallel()
	e := newEnv(t, options{})
	seen := map[string]bool{e.account("rep").Session: true}
	for i := 0; i < 3; i++ {
		b := e.browser()
		b.jar["fl_session"] = "planted-by-an-attacker"
		b.get(t, "/login")
		r := b.post(t, "/login", url.Values{"email": {"rep@example.com"}, "password": {testPassword}})
		id := b.jar["fl_session"]
		if r.status != http.StatusSeeOther || id == "" || id == "planted-by-an-attacker" || seen[id] {
			t.Fatalf("login %d: status %d, session %q; want 303 and a new id", i, r.status, id)
		}
		seen[id] = true
	}
	e.run(t, scenario{method: "GET", path: "/api/v1/me", status: http.StatusUnauthorized,
		header: map[string]string{"Cookie": "fl_session=planted-by-an-attacker"}})
}

// TestAPIDisableEndsSessions disables and re-enables a user through the
// API: their old session must stay dead, as it does through the pages.
func TestAPIDisableEndsSessions(t *testing.T) {
	t.Parallel()
	e := newEnv(t, options{})
	for _, tc := range []struct {
		name, user, disable, enable string
		body                        any
	}{
		{"disable and enable", "rep", "/disable", "/enable", nil},
		{"patch", "rep2", "", "", nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			path := "/api/v1/users/" + e.account(tc.user).ID
			on, off := any(nil), any(nil)
			method := "POST"
			if tc.disable == "" {
				method, on, off = "PATCH", `{"disabled": true}`, `{"disabled": false}`
			}
			e.run(t, scenario{method: method, path: path + tc.disable, as: "admin", body: on, status: http.StatusOK})
			e.run(t, scenario{method: method, path: path + tc.enable, as: "admin", body: off, status: http.StatusOK})
			e.run(t, scenario{method: "GET", path: "/api/v1/me", as: tc.user, session: true,
				status: http.StatusUnauthorized})
			// Tokens are not sessions: they work again once enabled.
			e.run(t, scenario{method: "GET", path: "/api/v1/me", as: tc.user, status: http.StatusOK})
		})
	}
}

// TestLoginRateLimit checks the per-account and per-address login limits
// through the login form.
func TestLoginRateLimit(t *testing.T) {
	t.Parallel()
	attempt := func(t *testing.T, e *env, ip, name, pw string) *response {
		t.Helper()
		b := e.browser()
		if ip != "" {
			b.header["X-Forwarded-For"] = ip
		}
		b.get(t, "/login")
		return b.post(t, "/login", url.Values{"email": {e.account(name).Email}, "password": {pw}})
	}
	limited := func(t *testing.T, e *env, r *response) {
		t.Helper()
		msg := e.T(i18n.ZH, "auth.error.rate_limited")
		if r.status != http.StatusTooManyRequests || !strings.Contains(r.body, msg) {
			t.Fatalf("attempt: status %d, want 429 saying %q; body:\n%s", r.status,
				e.cat.T(i18n.ZH, "auth.error.rate_limited"), clip(r.body))
		}
	}

	// app.Test always connects from 0.0.0.0; trusting that address as a
	// proxy lets X-Forwarded-For set the client address.
	behindProxy := options{config: map[string]string{"server.trusted_proxies": "0.0.0.0"}}

	t.Run("per account", func(t *testing.T) {
		t.Parallel()
		e := newEnv(t, behindProxy)
		e.clk.Advance(time.Minute) // forget the seeding logins
		for i := 0; i < 10; i++ {
			// A new address each time: only the account's count grows.
			r := attempt(t, e, "203.0.113."+strconv.Itoa(i+1), "rep", "wrong password")
			bad := e.T(i18n.ZH, "auth.error.bad_credentials")
			if r.status != http.StatusUnauthorized || !strings.Contains(r.body, bad) {
				t.Fatalf("attempt %d: status %d, want 401 with the bad-credentials message", i+1, r.status)
			}
			if !strings.Contains(r.body, `value="rep@example.com"`) || strings.Contains(r.body, "wrong password") {
				t.Errorf("attempt %d: the form must keep the e-mail and drop the password", i+1)
			}
		}
		limited(t, e, attempt(t, e, "203.0.113.99", "rep", testPassword))
		if r := attempt(t, e, "203.0.113.99", "rep2", testPassword); r.status != http.StatusSeeOther {
			t.Errorf("another account from the same address: status %d, want 303", r.status)
		}
		// A minute later rep may try again.
		e.clk.Advance(time.Minute)
		if r := attempt(t, e, "203.0.113.99", "rep", testPassword); r.status != http.StatusSeeOther {
			t.Errorf("a minute later: status %d, want 303", r.status)
		}
		reasons := map[any]int{}
		for _, ev := range e.events(t, "auth.login_failed") {
			reasons[ev.Data["reason"]]++
		}
		if reasons["wrong_password"] != 10 || reasons["rate_limited"] != 1 || len(reasons) != 2 {
			t.Errorf("auth.login_failed reasons = %v, want 10 wrong_password and 1 rate_limited", reasons)
		}
	})

	t.Run("per address behind a trusted proxy", func(t *testing.T) {
		t.Parallel()
		e := newEnv(t, behindProxy)
		e.clk.Advance(time.Minute) // forget the seeding logins
		for i := 0; i < 10; i++ {
			name := accounts[i%5] // admin … rep2, two attempts each
			if r := attempt(t, e, "203.0.113.7", name, "wrong password"); r.status != http.StatusUnauthorized {
				t.Fatalf("attempt %d: status %d, want 401", i+1, r.status)
			}
		}
		limited(t, e, attempt(t, e, "203.0.113.7", "legal", testPassword))
		if r := attempt(t, e, "203.0.113.8", "legal", testPassword); r.status != http.StatusSeeOther {
			t.Errorf("legal from another address: status %d, want 303", r.status)
		}
		for _, ev := range e.events(t, "auth.login_failed") {
			if ev.IP != "203.0.113.7" {
				t.Errorf("auth.login_failed from %q, want the forwarded 203.0.113.7", ev.IP)
			}
		}
		ips := map[string]bool{}
		for _, ev := range e.events(t, "auth.login") {
			ips[ev.IP] = true
		}
		if !ips["203.0.113.8"] {
			t.Errorf("auth.login addresses = %v, want the forwarded 203.0.113.8", ips)
		}
	})

	t.Run("X-Forwarded-For ignored without trusted proxies", func(t *testing.T) {
		t.Parallel()
		e := newEnv(t, options{})
		e.clk.Advance(time.Minute) // forget the seeding logins
		for i := 0; i < 10; i++ {
			ip := "203.0.113." + strconv.Itoa(i+1)
			if r := attempt(t, e, ip, accounts[i%5], "wrong password"); r.status != http.StatusUnauthorized {
				t.Fatalf("attempt %d: status %d, want 401", i+1, r.status)
			}
		}
		limited(t, e, attempt(t, e, "203.0.113.99", "legal", testPassword))
		for _, ev := range e.events(t, "auth.login_failed") {
			if ev.IP != "0.0.0.0" {
				t.Errorf("auth.login_failed from %q, want the connection's 0.0.0.0", ev.IP)
			}
		}
	})
}

// TestLimiter checks the sliding window of auth.Limiter directly.
func TestLimiter(t *testing.T) {
	t.Parallel()
	clk := clock.NewFake(t0)
	l := auth.NewLimiter(3, clk)
	steps := []struct {
		name    string
		advance time.Duration
		keys    []string
		want    bool
	}{
		{"first", 0, []string{"account:a", "ip:1"}, true},
		{"second", 10 * time.Second, []string{"account:a", "ip:1"}, true},
		{"third", 10 * time.Second, []string{"account:a", "ip:2"}, true},
		{"account a is full", 0, []string{"account:a", "ip:3"}, false},
		{"address 1 has room", 0, []string{"account:b", "ip:1"}, true},
		{"address 1 is full", 0, []string{"account:c", "ip:1"}, false},
		{"refusals are not counted", 0, []string{"account:c", "ip:4"}, true},
		{"the first attempt left the window", 41 * time.Second, []string{"account:a", "ip:5"}, true},
		{"and only the first", 0, []string{"account:a", "ip:6"}, false},
	}
	for _, s := range steps {
		clk.Advance(s.advance)
		if got := l.Allow(s.keys...); got != s.want {
			t.Errorf("%s: Allow(%v) = %v, want %v", s.name, s.keys, got, s.want)
		}
	}
}
