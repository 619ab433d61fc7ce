package web_test

import (
	"net/http"
	"net/url"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/gofiber/fiber/v2"
	"github.com/valyala/fasthttp"

	"github.com/frontline-crm/frontline/app/access"
	"github.com/frontline-crm/frontline/app/i18n"
	"github.com/frontline-crm/frontline/app/org"
)

// checkHTML asserts r is an HTML page of status.
func checkHTML(t *testing.T, r *response, status int) {
	t.Helper()
	if r.status != status {
		t.Fatalf("status = %d, want %d; body:\n%s", r.status, status, clip(r.body))
	}
	if ct := r.header.Get("Content-Type"); ct != "text/html; charset=utf-8" {
		t.Errorf("Content-Type = %q, want text/html; charset=utf-8", ct)
	}
	if !strings.HasPrefix(r.body, "<!doctype html>") {
		t.Errorf("body does not start with <!doctype html>: %s", clip(r.body))
	}
}

// fieldBlock returns the form field (its <div class="field…"> or
// <fieldset class="field…"> wrapper) holding the input named name.
func fieldBlock(t *testing.T, body, name string) string {
	t.Helper()
	i := strings.Index(body, `name="`+name+`"`)
	start := strings.LastIndex(body[:max(i, 0)], `class="field`)
	open := strings.LastIndex(body[:max(start, 0)], "<")
	if i < 0 || start < 0 || open < 0 {
		t.Fatalf("no input named %s in a field wrapper in:\n%s", name, clip(body))
	}
	closing := "</div>"
	if strings.HasPrefix(body[open:], "<fieldset") {
		closing = "</fieldset>"
	}
	end := strings.Index(body[i:], closing)
	if end < 0 {
		t.Fatalf("field %s has no %s", name, closing)
	}
	return body[open : i+end]
}

func TestLoginPage(t *testing.T) {
	t.Parallel()
	e := newEnv(t, options{})
	b := e.browser()
	r := b.get(t, "/login")
	checkHTML(t, r, http.StatusOK)
	pre := r.cookie("fl_precsrf")
	if pre == nil || len(pre.Value) < 32 {
		t.Fatalf("login page set fl_precsrf = %v, want a token of 32+ characters", pre)
	}
	for _, want := range []string{`<html lang="zh-CN">`, `<form class="form" method="post" action="/login"`,
		`name="_csrf" value="` + pre.Value + `"`, `name="email"`, `name="password" type="password"`,
		e.T(i18n.ZH, "login.heading")} {
		if !strings.Contains(r.body, want) {
			t.Errorf("login page lacks %q", want)
		}
	}

	t.Run("bad credentials", func(t *testing.T) {
		r := b.post(t, "/login", url.Values{"email": {"rep@example.com"}, "password": {"not-it-at-all"}})
		checkHTML(t, r, http.StatusUnauthorized)
		if !strings.Contains(r.body, e.T(i18n.ZH, "auth.error.bad_credentials")) {
			t.Errorf("page does not say %q", e.cat.T(i18n.ZH, "auth.error.bad_credentials"))
		}
		if !strings.Contains(fieldBlock(t, r.body, "email"), `value="rep@example.com"`) {
			t.Errorf("the e-mail field lost what was typed")
		}
		if strings.Contains(r.body, "not-it-at-all") {
			t.Errorf("the page echoes the password")
		}
		if b.jar["fl_session"] != "" {
			t.Errorf("a failed login set a session cookie")
		}
	})

	t.Run("unknown and disabled accounts get the same answer", func(t *testing.T) {
		if _, err := e.org.SetDisabled(access.SystemPrincipal, e.account("legal").ID, true); err != nil {
			t.Fatal(err)
		}
		for _, email := range []string{"nobody@example.com", "legal@example.com"} {
			r := b.post(t, "/login", url.Values{"email": {email}, "password": {testPassword}})
			checkHTML(t, r, http.StatusUnauthorized)
			if !strings.Contains(r.body, e.T(i18n.ZH, "auth.error.bad_credentials")) {
				t.Errorf("%s: page does not say %q", email, e.cat.T(i18n.ZH, "auth.error.bad_credentials"))
			}
		}
	})

	t.Run("good credentials and where they lead", func(t *testing.T) {
		for _, tc := range []struct{ next, want string }{
			{"", "/"},
			{"/admin/users?role=rep", "/admin/users?role=rep"},
			{"//evil.example/x", "/"},
			{"https://evil.example/x", "/"},
			{`/\evil.example`, "/"},
		} {
			b := e.browser()
			b.get(t, "/login?next="+url.QueryEscape(tc.next))
			r := b.post(t, "/login", url.Values{"email": {" REP@example.com "}, "password": {testPassword},
				"next": {tc.next}})
			if r.status != http.StatusSeeOther || r.header.Get("Location") != tc.want {
				t.Errorf("next %q: status %d to %q, want 303 to %q", tc.next, r.status, r.header.Get("Location"),
					tc.want)
			}
			if b.jar["fl_session"] == "" {
				t.Errorf("next %q: no session cookie", tc.next)
			}
			// Signed in, the login page sends the browser on.
			if r := b.get(t, "/login?next=/profile"); r.status != http.StatusSeeOther ||
				r.header.Get("Location") != "/profile" {
				t.Errorf("login page when signed in: %d to %q, want 303 to /profile", r.status,
					r.header.Get("Location"))
			}
		}
	})
}

func TestHomeByRole(t *testing.T) {
	t.Parallel()
	e := newEnv(t, options{})
	for _, name := range accounts {
		t.Run(name, func(t *testing.T) {
			r := e.signedIn(name).get(t, "/")
			checkHTML(t, r, http.StatusOK)
			role := strings.TrimSuffix(name, "2")
			for _, key := range []string{"home." + role + ".title", "home." + role + ".empty_title", "role." + role} {
				if !strings.Contains(r.body, e.T(i18n.ZH, key)) {
					t.Errorf("home of %s lacks %s %q", name, key, e.cat.T(i18n.ZH, key))
				}
			}
			if !strings.Contains(r.body, e.T(i18n.ZH, "home.greeting", e.account(name).Name)) {
				t.Errorf("home of %s does not greet them by name", name)
			}
			admin := name == "admin"
			if got := strings.Contains(r.body, `data-testid="user-count">6<`); got != admin {
				t.Errorf("home of %s shows the user count (6): %v, want %v", name, got, admin)
			}
			if got := strings.Contains(r.body, `href="/admin/audit"`); got != admin {
				t.Errorf("home of %s links the audit log: %v, want %v", name, got, admin)
			}
			wantUsers := name == "admin" || name == "director" || name == "manager"
			if got := strings.Contains(r.body, `href="/admin/users"`); got != wantUsers {
				t.Errorf("home of %s links the users page: %v, want %v", name, got, wantUsers)
			}
		})
	}
	t.Run("manager's regions by path", func(t *testing.T) {
		r := e.signedIn("manager").get(t, "/")
		if !strings.Contains(r.body, "华东 / 浙江") {
			t.Errorf("manager's home does not name the region 华东 / 浙江")
		}
	})
}

func TestAdminPagesForbidden(t *testing.T) {
	t.Parallel()
	e := newEnv(t, options{})
	for _, tc := range []struct{ as, path string }{
		{"rep", "/admin/regions"},
		{"manager", "/admin/regions"},
		{"director", "/admin/audit"},
		{"legal", "/admin/users"},
		{"rep", "/admin/users"},
		{"manager", "/admin/users/new"},
		{"director", "/admin/users/" + e.account("rep").ID},
	} {
		t.Run(tc.as+" "+tc.path, func(t *testing.T) {
			r := e.signedIn(tc.as).get(t, tc.path)
			checkHTML(t, r, http.StatusForbidden)
			for _, want := range []string{e.T(i18n.ZH, "error.heading", 403), e.T(i18n.ZH, "problem.forbidden")} {
				if !strings.Contains(r.body, want) {
					t.Errorf("refusal page lacks %q", want)
				}
			}
		})
	}
	// Managers and directors may read the users page, without edit links.
	r := e.signedIn("manager").get(t, "/admin/users")
	checkHTML(t, r, http.StatusOK)
	if strings.Contains(r.body, `href="/admin/users/new"`) || strings.Contains(r.body, "深圳销售") ||
		!strings.Contains(r.body, "杭州销售") {
		t.Errorf("manager's users page: want 杭州 rep listed, 深圳 rep hidden and no add link")
	}
}

func TestUserFormValidation(t *testing.T) {
	t.Parallel()
	e := newEnv(t, options{})
	b := e.signedIn("admin")
	checkHTML(t, b.get(t, "/admin/users/new"), http.StatusOK)
	hangzhou := e.region["杭州"]
	before := e.snapshot(t)
	for _, tc := range []struct {
		name, email string
		roles       []string
		field, key  string
	}{
		{"invalid e-mail", "bad-email", []string{"rep"}, "email", "user.error.email_invalid"},
		{"taken e-mail", "rep2@example.com", []string{"rep"}, "email", "user.error.email_taken"},
		{"no role", "new@example.com", nil, "roles", "user.error.roles_required"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := b.post(t, "/admin/users", url.Values{"email": {tc.email}, "name": {"王小明 <b>"},
				"roles": tc.roles, "regions": {hangzhou}, "password": {"a-secret-password"}})
			checkHTML(t, r, http.StatusUnprocessableEntity)
			block := fieldBlock(t, r.body, tc.field)
			if !strings.Contains(block, "has-error") || !strings.Contains(block, e.T(i18n.ZH, tc.key)) {
				t.Errorf("field %s = %s\nwant has-error and %q", tc.field, block, e.cat.T(i18n.ZH, tc.key))
			}
			if !strings.Contains(fieldBlock(t, r.body, "email"), `value="`+tc.email+`"`) ||
				!strings.Contains(fieldBlock(t, r.body, "name"), `value="王小明 &lt;b&gt;"`) {
				t.Errorf("the form lost the typed e-mail or name")
			}
			if !strings.Contains(r.body, `value="`+hangzhou+`" checked`) {
				t.Errorf("the form lost the ticked region")
			}
			for _, role := range tc.roles {
				if !strings.Contains(r.body, `value="`+role+`" checked`) {
					t.Errorf("the form lost the ticked role %s", role)
				}
			}
			if strings.Contains(r.body, "a-secret-password") {
				t.Errorf("the form echoes the password")
			}
		})
	}
	if diff := diffKeys(before, e.snapshot(t), ignoreLastSeen); diff != "" {
		t.Errorf("rejected forms changed the database:\n%s", diff)
	}

	r := b.post(t, "/admin/users", url.Values{"email": {"new@example.com"}, "name": {"王小明"},
		"roles": {"rep"}, "regions": {hangzhou}})
	loc := r.header.Get("Location")
	if r.status != http.StatusSeeOther || !strings.HasPrefix(loc, "/admin/users/") {
		t.Fatalf("valid form: status %d to %q, want 303 to the new user", r.status, loc)
	}
	r = b.get(t, loc)
	checkHTML(t, r, http.StatusOK)
	if !strings.Contains(r.body, e.T(i18n.ZH, "flash.user_created")) || !strings.Contains(r.body, "new@example.com") {
		t.Errorf("the new user's page lacks the flash %q or the e-mail", e.cat.T(i18n.ZH, "flash.user_created"))
	}
}

func TestSetupLink(t *testing.T) {
	t.Parallel()
	e := newEnv(t, options{})
	secret, err := e.auth.NewSetupLink()
	if err != nil {
		t.Fatal(err)
	}
	path := "/setup/" + secret
	b := e.browser()
	checkHTML(t, b.get(t, path), http.StatusOK)
	form := func(pw, confirm string) url.Values {
		return url.Values{"email": {"boss@example.com"}, "name": {"老板"}, "password": {pw}, "confirm": {confirm}}
	}

	r := b.post(t, path, form("short", "short"))
	checkHTML(t, r, http.StatusUnprocessableEntity)
	tooShort := e.T(i18n.ZH, "password.error.too_short", 10)
	if block := fieldBlock(t, r.body, "password"); !strings.Contains(block, tooShort) {
		t.Errorf("password field = %s\nwant %q", block, tooShort)
	}
	if !strings.Contains(r.body, `value="boss@example.com"`) || !strings.Contains(r.body, `value="老板"`) {
		t.Errorf("the setup form lost the typed e-mail or name")
	}
	r = b.post(t, path, form("long-enough-1", "long-enough-2"))
	checkHTML(t, r, http.StatusUnprocessableEntity)
	if block := fieldBlock(t, r.body, "confirm"); !strings.Contains(block, e.T(i18n.ZH, "password.error.mismatch")) {
		t.Errorf("confirm field = %s\nwant %q", block, e.cat.T(i18n.ZH, "password.error.mismatch"))
	}

	r = b.post(t, path, form("long-enough-1", "long-enough-1"))
	if r.status != http.StatusSeeOther || r.header.Get("Location") != "/" || b.jar["fl_session"] == "" {
		t.Fatalf("good setup: status %d to %q, session %q; want 303 to / with a session", r.status,
			r.header.Get("Location"), b.jar["fl_session"])
	}
	r = b.get(t, "/")
	checkHTML(t, r, http.StatusOK)
	if !strings.Contains(r.body, e.T(i18n.ZH, "flash.setup_done")) || !strings.Contains(r.body, "user-count") {
		t.Errorf("after setup the home page lacks the welcome flash or the admin stats")
	}
	u, err := e.org.UserByEmail("boss@example.com")
	if err != nil || !slices.Contains(u.Roles, access.Admin) {
		t.Errorf("setup user = %+v (%v), want an admin", u, err)
	}

	for _, tc := range []struct{ name, method string }{{"page", "GET"}, {"form", "POST"}} {
		t.Run("used link "+tc.name, func(t *testing.T) {
			var r *response
			if tc.method == "GET" {
				r = e.browser().get(t, path)
			} else {
				r = b.post(t, path, form("another-password", "another-password"))
			}
			checkHTML(t, r, http.StatusNotFound)
			if !strings.Contains(r.body, e.T(i18n.ZH, "setup.error.invalid_link")) {
				t.Errorf("used link page lacks %q", e.cat.T(i18n.ZH, "setup.error.invalid_link"))
			}
		})
	}
}

func TestLocaleSwitch(t *testing.T) {
	t.Parallel()
	e := newEnv(t, options{})
	lang := regexp.MustCompile(`<html lang="([^"]+)">`)

	t.Run("signed out", func(t *testing.T) {
		b := e.browser()
		if got := lang.FindStringSubmatch(b.get(t, "/login").body); got == nil || got[1] != "zh-CN" {
			t.Fatalf("default lang = %v, want zh-CN", got)
		}
		b.header["Referer"] = "http://frontline.test/login?next=%2Fprofile"
		r := b.post(t, "/locale", url.Values{"locale": {"en"}})
		if r.status != http.StatusSeeOther || r.header.Get("Location") != "/login?next=%2Fprofile" {
			t.Errorf("switch: status %d to %q, want 303 back to the login page", r.status, r.header.Get("Location"))
		}
		if c := r.cookie("fl_locale"); c == nil || c.Value != "en" || !c.HttpOnly {
			t.Errorf("fl_locale = %v, want an HttpOnly cookie en", c)
		}
		r = b.get(t, "/login")
		if got := lang.FindStringSubmatch(r.body); got == nil || got[1] != "en" {
			t.Errorf("lang after switching = %v, want en", got)
		}
		if !strings.Contains(r.body, e.T(i18n.EN, "login.heading")) {
			t.Errorf("login page after switching lacks %q", e.cat.T(i18n.EN, "login.heading"))
		}
	})

	t.Run("signed in, kept on the account", func(t *testing.T) {
		b := e.signedIn("rep")
		b.header["Referer"] = "https://evil.example/profile"
		r := b.post(t, "/locale", url.Values{"locale": {"en"}})
		if r.status != http.StatusSeeOther || r.header.Get("Location") != "/" {
			t.Errorf("switch: status %d to %q, want 303 to / (the referer is another site)", r.status,
				r.header.Get("Location"))
		}
		// A browser without the locale cookie still gets English.
		r = e.signedIn("rep").get(t, "/")
		if got := lang.FindStringSubmatch(r.body); got == nil || got[1] != "en" {
			t.Errorf("lang on another browser = %v, want en", got)
		}
		if !strings.Contains(r.body, e.T(i18n.EN, "home.rep.title")) {
			t.Errorf("home lacks %q", e.cat.T(i18n.EN, "home.rep.title"))
		}
		u, err := e.org.UserByID(e.account("rep").ID)
		if err != nil || u.Locale != "en" {
			t.Errorf("rep's saved locale = %q (%v), want en", u.Locale, err)
		}
		// Accept-Language and the API follow the account too.
		r = e.run(t, scenario{method: "GET", path: "/api/v1/users", as: "rep",
			header: map[string]string{"Accept-Language": "zh-CN"}})
		if p := checkProblem(t, r, http.StatusForbidden); p.Title != e.cat.T(i18n.EN, "problem.title.forbidden") {
			t.Errorf("API title = %q, want the English %q", p.Title, e.cat.T(i18n.EN, "problem.title.forbidden"))
		}
	})
}

func TestHealth(t *testing.T) {
	t.Parallel()
	e := newEnv(t, options{})
	var health map[string]string
	e.run(t, scenario{method: "GET", path: "/healthz", status: http.StatusOK}).decode(t, &health)
	if health["status"] != "ok" {
		t.Errorf("healthz = %v, want status ok", health)
	}
	var ready map[string]string
	e.run(t, scenario{method: "GET", path: "/readyz", status: http.StatusOK}).decode(t, &ready)
	if ready["status"] != "ready" || ready["database"] != "ok" || ready["version"] != "test" {
		t.Errorf("readyz = %v, want status ready, database ok, version test", ready)
	}
}

func TestMetrics(t *testing.T) {
	t.Parallel()
	e := newEnv(t, options{})
	rep := e.account("rep").ID
	e.run(t, scenario{method: "GET", path: "/api/v1/me", as: "rep", status: http.StatusOK})
	e.run(t, scenario{method: "GET", path: "/api/v1/users/" + rep, as: "rep", status: http.StatusOK})
	e.run(t, scenario{method: "GET", path: "/api/v1/users/" + rep, as: "rep", status: http.StatusOK})
	e.run(t, scenario{method: "GET", path: "/no/such/" + rep, as: "rep", session: true, status: http.StatusNotFound})
	r := e.run(t, scenario{method: "GET", path: "/metrics", status: http.StatusOK,
		contains: []string{
			`frontline_http_requests_total{method="GET",route="/api/v1/me",status="200"} 1`,
			`frontline_http_requests_total{method="GET",route="/api/v1/users/:id",status="200"} 2`,
			`frontline_http_requests_total{method="GET",route="unmatched",status="404"} 1`,
			`frontline_http_request_duration_seconds_bucket{method="GET",route="/api/v1/me",le="0.005"}`,
			`frontline_badger_size_bytes{part="lsm"}`,
			"go_goroutines",
		},
		excludes: []string{rep}})
	if ct := r.header.Get("Content-Type"); !strings.HasPrefix(ct, "text/plain") {
		t.Errorf("Content-Type = %q, want text/plain", ct)
	}

	t.Run("behind a token", func(t *testing.T) {
		e := newEnv(t, options{config: map[string]string{"metrics.token": "s3cret-scrape"}})
		for _, tc := range []struct {
			name, auth string
			status     int
		}{
			{"none", "", http.StatusUnauthorized},
			{"wrong", "Bearer nope", http.StatusUnauthorized},
			{"a user's token", "Bearer " + e.account("admin").Token, http.StatusUnauthorized},
			{"without Bearer", "s3cret-scrape", http.StatusUnauthorized},
			{"right", "Bearer s3cret-scrape", http.StatusOK},
		} {
			t.Run(tc.name, func(t *testing.T) {
				r := e.run(t, scenario{method: "GET", path: "/metrics", status: tc.status,
					header: map[string]string{"Authorization": tc.auth}})
				if tc.status == http.StatusOK {
					if !strings.Contains(r.body, "frontline_http_requests_total") {
						t.Errorf("metrics lack frontline_http_requests_total")
					}
					return
				}
				checkProblem(t, r, tc.status)
			})
		}
	})
}

func TestSecurityHeaders(t *testing.T) {
	t.Parallel()
	e := newEnv(t, options{})
	for _, sc := range []scenario{
		{method: "GET", path: "/login"},
		{method: "GET", path: "/", as: "rep", session: true},
		{method: "GET", path: "/nope", as: "rep", session: true},
		{method: "GET", path: "/api/v1/me", as: "rep"},
		{method: "GET", path: "/api/v1/me"},
		{method: "GET", path: "/healthz"},
	} {
		t.Run(sc.path+" as "+sc.as, func(t *testing.T) {
			r := e.send(t, sc)
			csp := r.header.Get("Content-Security-Policy")
			for _, want := range []string{"default-src 'self'", "script-src 'self'", "frame-ancestors 'none'",
				"form-action 'self'"} {
				if !strings.Contains(csp, want) {
					t.Errorf("Content-Security-Policy = %q, want it to contain %q", csp, want)
				}
			}
			for h, want := range map[string]string{"X-Content-Type-Options": "nosniff",
				"X-Frame-Options": "DENY", "Referrer-Policy": "same-origin"} {
				if got := r.header.Get(h); got != want {
					t.Errorf("%s = %q, want %q", h, got, want)
				}
			}
			if strings.HasPrefix(r.header.Get("Content-Type"), "text/html") &&
				r.header.Get("Cache-Control") != "no-store" {
				t.Errorf("page Cache-Control = %q, want no-store", r.header.Get("Cache-Control"))
			}
		})
	}
}

func TestNotFound(t *testing.T) {
	t.Parallel()
	e := newEnv(t, options{})
	r := e.signedIn("rep").get(t, "/no/such/page")
	checkHTML(t, r, http.StatusNotFound)
	if !strings.Contains(r.body, e.T(i18n.ZH, "problem.not_found")) {
		t.Errorf("404 page lacks %q", e.cat.T(i18n.ZH, "problem.not_found"))
	}
	checkProblem(t, e.run(t, scenario{method: "GET", path: "/api/v1/no/such/thing", as: "rep"}), http.StatusNotFound)
	checkProblem(t, e.run(t, scenario{method: "PUT", path: "/api/v1/me", as: "rep", body: `{}`}),
		http.StatusNotFound)
	// Signed out, an unknown page asks for sign-in first.
	r = e.run(t, scenario{method: "GET", path: "/no/such/page", status: http.StatusSeeOther})
	if loc := r.header.Get("Location"); loc != "/login?next=%2Fno%2Fsuch%2Fpage" {
		t.Errorf("Location = %q, want /login?next=%%2Fno%%2Fsuch%%2Fpage", loc)
	}
	checkHTML(t, e.signedIn("rep").get(t, "/assets/0123456789/no-such.css"), http.StatusNotFound)
}

// TestTemplatesEscape puts markup in a user's name and checks every page
// showing it escapes it.
func TestTemplatesEscape(t *testing.T) {
	t.Parallel()
	e := newEnv(t, options{})
	const evil = `<script>alert(1)</script>`
	u, err := e.org.CreateUser(access.SystemPrincipal, org.UserInput{Email: "evil@example.com", Name: evil,
		Roles: []string{"rep"}, Password: testPassword})
	if err != nil {
		t.Fatal(err)
	}
	region := org.RegionInput{Name: `"><img src=x onerror=alert(2)>`}
	if _, err := e.org.CreateRegion(access.SystemPrincipal, region); err != nil {
		t.Fatal(err)
	}
	admin := e.signedIn("admin")
	for _, path := range []string{"/admin/users", "/admin/users/" + u.ID, "/admin/regions", "/admin/audit"} {
		t.Run(path, func(t *testing.T) {
			r := admin.get(t, path)
			checkHTML(t, r, http.StatusOK)
			for _, raw := range []string{evil, "<img src=x"} {
				if strings.Contains(r.body, raw) {
					t.Errorf("page contains the raw markup %q", raw)
				}
			}
		})
	}
	if body := admin.get(t, "/admin/users").body; !strings.Contains(body, "&lt;script&gt;alert(1)&lt;/script&gt;") {
		t.Errorf("users page lacks the escaped name &lt;script&gt;alert(1)&lt;/script&gt;")
	}
	b := e.browser()
	b.get(t, "/login")
	b.post(t, "/login", url.Values{"email": {"evil@example.com"}, "password": {testPassword}})
	if body := b.get(t, "/").body; strings.Contains(body, evil) || !strings.Contains(body, "&lt;script&gt;") {
		t.Errorf("home greeting does not escape the name")
	}
}

// TestConnectionErrorsAreNotInternal proves errors Fiber raises before any
// handler (a read timeout, oversized headers) answer 4xx, not a 500 page.
func TestConnectionErrorsAreNotInternal(t *testing.T) {
	e := newEnv(t, options{})
	for _, fe := range []*fiber.Error{fiber.ErrRequestTimeout, fiber.ErrRequestHeaderFieldsTooLarge, fiber.ErrBadRequest} {
		app := e.srv.App()
		ctx := app.AcquireCtx(&fasthttp.RequestCtx{})
		if err := app.Config().ErrorHandler(ctx, fe); err != nil {
			t.Fatal(err)
		}
		if got := ctx.Response().StatusCode(); got >= 500 {
			t.Errorf("%v answered %d, want a 4xx", fe, got)
		}
		app.ReleaseCtx(ctx)
	}
}
