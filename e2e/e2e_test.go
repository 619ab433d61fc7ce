//go:build e2e

// Package e2e drives the built binary (bin/frontline) with a headless
// Chromium: the journeys of the admin, the first login, the role home
// pages and the login errors, plus screenshots of every page at phone and
// desktop width. Run it with `make e2e`.
package e2e

import (
	"encoding/json"
	"fmt"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"
)

const (
	adminEmail    = "admin@example.com"
	adminPassword = "admin-password-1"
	repEmail      = "rep@example.com"
	repPassword   = "rep-password-12"

	demoAdmin   = "admin@demo.frontline.local"
	demoRep     = "rep.hangzhou@demo.frontline.local"
	demoManager = "manager.zhejiang@demo.frontline.local"
)

func TestMain(m *testing.M) {
	if err := os.MkdirAll(artifactsDir, 0o755); err != nil {
		fmt.Fprintln(os.Stderr, "e2e:", err)
		os.Exit(1)
	}
	// Server logs are saved only for failed tests: drop the last run's.
	old, _ := filepath.Glob(filepath.Join(artifactsDir, "*-server.log"))
	for _, f := range old {
		_ = os.Remove(f)
	}
	code := m.Run()
	if err := report.write(); err != nil {
		fmt.Fprintln(os.Stderr, "e2e: write layout report:", err)
	}
	os.Exit(code)
}

// TestAdminJourney: an admin signs in (Chinese by default), switches to
// English, builds regions, adds a rep, creates a token that works against
// the API, and signs out.
func TestAdminJourney(t *testing.T) {
	t.Parallel()
	data := t.TempDir()
	addUser(t, data, adminEmail, "管理员", "admin", adminPassword)
	addUser(t, data, repEmail, "销售一号", "rep", repPassword)
	srv := startServer(t, data)
	browserPage := newPage(t, newBrowser(t), srv.URL)
	step := func(name string, f func(t *testing.T, p *page)) {
		t.Helper()
		if !t.Run(name, func(t *testing.T) { f(t, browserPage.on(t)) }) {
			t.FailNow() // later steps build on this one
		}
	}

	step("login in Chinese", func(t *testing.T, p *page) {
		p.open("/login")
		p.waitVisible("#email")
		if got := p.lang(); got != "zh-CN" {
			t.Fatalf("login page lang: got %q, want zh-CN (the default)", got)
		}
		p.login(adminEmail, adminPassword)
		wantText(t, "role card", p.text("[data-testid=role-home] h2"), tr(t, "zh-CN", "home.admin.title"))
		wantText(t, "user count", p.text("[data-testid=user-count]"), "2")
		wantText(t, "region count", p.text(`a.stat[href="/admin/regions"] .stat-value`), "0")
		wantText(t, "greeting", p.text(".page-header h1"), tr(t, "zh-CN", "home.greeting", "管理员"))
	})

	step("switch to English", func(t *testing.T, p *page) {
		p.open("/profile")
		p.switchLocale(".lang-switch button[name=locale][value=en]", "en")
		wantText(t, "profile heading", p.text("h1"), tr(t, "en", "profile.heading"))
		p.open("/")
		if got := p.lang(); got != "en" {
			t.Fatalf("home lang after switching: got %q, want en (saved on the account)", got)
		}
		wantText(t, "role card", p.text("[data-testid=role-home] h2"), tr(t, "en", "home.admin.title"))
	})

	step("create regions", func(t *testing.T, p *page) {
		p.open("/admin/regions")
		p.fill("#region-name", "华东")
		p.submit(`form[action="/admin/regions"] button`)
		wantText(t, "flash", p.text(".alert-success"), tr(t, "en", "flash.region_created"))
		p.fill("#region-name", "浙江")
		p.selectOption("#region-parent", "华东")
		p.submit(`form[action="/admin/regions"] button`)
		p.waitVisible("[data-testid=region-tree]")
		wantList(t, "top-level regions", p.texts("[data-testid=region-tree] > li > details .tree-name"), "华东")
		wantList(t, "children of 华东", p.texts("[data-testid=region-tree] > li > ul > li > details .tree-name"), "浙江")
	})

	step("create a user", func(t *testing.T, p *page) {
		p.open("/admin/users/new")
		p.fill("#email", "zj.rep@example.com", "#name", "浙江销售", "#password", "zj-password-123")
		zj := eval[string](p, `Array.from(document.querySelectorAll("input[name=regions]"))
			.find(i => i.closest("label").textContent.trim() === "浙江").value`)
		p.do("tick 浙江", click(`input[name=regions][value="`+zj+`"]`))
		if status := p.submit(`form[action="/admin/users"] button.btn-primary`); status != 200 {
			t.Fatalf("create user: got status %d, want 200 after the redirect", status)
		}
		wantText(t, "flash", p.text(".alert-success"), tr(t, "en", "flash.user_created"))
		if got := p.path(); !strings.HasPrefix(got, "/admin/users/") {
			t.Errorf("after creating a user: got %s, want the user's page", got)
		}
		p.open("/admin/users")
		rows := p.texts("[data-testid=users-table] tbody tr")
		found := false
		for _, r := range rows {
			if strings.Contains(r, "zj.rep@example.com") {
				found = true
				for _, want := range []string{"浙江销售", tr(t, "en", "role.rep"), "华东 / 浙江"} {
					if !strings.Contains(r, want) {
						t.Errorf("users row %q: missing %q", r, want)
					}
				}
			}
		}
		if !found {
			t.Fatalf("users table: no row for zj.rep@example.com in %q", rows)
		}
		p.open("/")
		p.waitVisible("[data-testid=role-home]")
		wantText(t, "home user count", p.text("[data-testid=user-count]"), "3")
		wantText(t, "home region count", p.text(`a.stat[href="/admin/regions"] .stat-value`), "2")
	})

	var token string
	step("create a token", func(t *testing.T, p *page) {
		p.open("/profile")
		p.fill("#token_name", "e2e script")
		if status := p.submit(`form[action^="/profile/tokens"] button`); status != http.StatusCreated {
			t.Errorf("create token: got status %d, want 201", status)
		}
		token = p.text("[data-testid=new-token]")
		if len(token) < 20 {
			t.Fatalf("new token: got %q, want a long secret", token)
		}
	})

	step("token works on the API", func(t *testing.T, _ *page) {
		me := apiMe(t, srv.URL, token)
		if me.Email != adminEmail || !slices.Equal(me.Roles, []string{"admin"}) {
			t.Errorf("GET /api/v1/me: got email %q roles %q, want %q [admin]", me.Email, me.Roles, adminEmail)
		}
	})

	step("logout", func(t *testing.T, p *page) {
		p.open("/")
		p.do("open the user menu", click("details.user-menu summary"))
		p.waitVisible("[data-testid=logout]")
		p.submit("[data-testid=logout]")
		p.waitVisible("#email")
		if got := p.path(); got != "/login" {
			t.Errorf("after logout: got %s, want /login", got)
		}
		wantText(t, "flash", p.text(".alert-success"), tr(t, "en", "flash.logged_out"))
		p.open("/")
		p.waitVisible("#password")
		if got := p.path(); !strings.HasPrefix(got, "/login") {
			t.Errorf("/ after logout: got %s, want a redirect to /login", got)
		}
		if n := p.count("[data-testid=role-home]"); n != 0 {
			t.Errorf("/ after logout shows the home page")
		}
	})
}

// TestFirstLoginLink: on an empty data directory the server prints a
// one-time link; the admin sets a password there and lands signed in.
func TestFirstLoginLink(t *testing.T) {
	t.Parallel()
	srv := startServer(t, t.TempDir(), "--demo")
	link := srv.SetupURL(t)
	p := newPage(t, newBrowser(t), srv.URL)

	if status := p.open(strings.TrimPrefix(link, srv.URL)); status != 200 {
		t.Fatalf("setup link: got status %d, want 200", status)
	}
	p.waitVisible("#password")
	if got := p.value("#email"); got != demoAdmin {
		t.Errorf("setup e-mail: got %q, want the demo admin %q", got, demoAdmin)
	}
	p.fill("#password", "setup-password-1", "#confirm", "setup-password-1")
	if status := p.submit("form button[type=submit]"); status != 200 {
		t.Fatalf("setup submit: got status %d, want 200 (home)", status)
	}
	p.waitVisible("[data-testid=role-home]")
	if got := p.path(); got != "/" {
		t.Errorf("after setup: got %s, want /", got)
	}
	wantText(t, "flash", p.text(".alert-success"), tr(t, "zh-CN", "flash.setup_done"))
	wantText(t, "role card", p.text("[data-testid=role-home] h2"), tr(t, "zh-CN", "home.admin.title"))
	wantText(t, "user menu", p.text("details.user-menu .user-name"), "系统管理员")

	// The link works once.
	if status := p.open(strings.TrimPrefix(link, srv.URL)); status != http.StatusNotFound {
		t.Errorf("setup link used twice: got status %d, want 404", status)
	}
}

// TestRoleHomePages: a rep and a manager each see their own home card;
// the rep sees no admin menu and is refused the admin pages.
func TestRoleHomePages(t *testing.T) {
	t.Parallel()
	srv := startServer(t, t.TempDir(), "--demo")
	pw := srv.DemoPassword(t)
	browser := newBrowser(t)

	t.Run("rep", func(t *testing.T) {
		p := newPage(t, browser, srv.URL)
		p.login(demoRep, pw)
		wantText(t, "role card", p.text("[data-testid=role-home] h2"), tr(t, "zh-CN", "home.rep.title"))
		if !strings.Contains(p.text(".page-header .subtitle"), "杭州") {
			t.Errorf("rep home subtitle %q: want the region 杭州", p.text(".page-header .subtitle"))
		}
		for _, href := range []string{"/admin/regions", "/admin/audit", "/admin/users"} {
			if n := p.count(`a[href="` + href + `"]`); n != 0 {
				t.Errorf("rep home: %d links to %s, want none", n, href)
			}
		}
		if status := p.open("/admin/regions"); status != http.StatusForbidden {
			t.Errorf("rep on /admin/regions: got status %d, want 403", status)
		}
		wantText(t, "error page", p.text("h1"), tr(t, "zh-CN", "error.heading", 403))
		if n := p.count("[data-testid=region-tree], #region-name"); n != 0 {
			t.Errorf("rep on /admin/regions sees the region editor")
		}
	})

	t.Run("manager", func(t *testing.T) {
		p := newPage(t, browser, srv.URL)
		p.login(demoManager, pw)
		wantText(t, "role card", p.text("[data-testid=role-home] h2"), tr(t, "zh-CN", "home.manager.title"))
		if n := p.count(`.sidebar a[href="/admin/users"]`); n != 1 {
			t.Errorf("manager sidebar: %d links to /admin/users, want 1", n)
		}
		if n := p.count(`a[href="/admin/regions"]`); n != 0 {
			t.Errorf("manager: %d links to /admin/regions, want none", n)
		}
	})
}

// TestWrongPassword: the login page says what went wrong and keeps the
// e-mail the user typed (but not the password).
func TestWrongPassword(t *testing.T) {
	t.Parallel()
	data := t.TempDir()
	addUser(t, data, repEmail, "销售一号", "rep", repPassword)
	srv := startServer(t, data)
	p := newPage(t, newBrowser(t), srv.URL)

	p.open("/login")
	p.waitVisible("#email")
	p.fill("#email", repEmail, "#password", "not-the-password")
	if status := p.submit(`form[action="/login"] button[type=submit]`); status != http.StatusUnauthorized {
		t.Errorf("wrong password: got status %d, want 401", status)
	}
	p.waitVisible(".alert-error")
	wantText(t, "error", p.text(".alert-error"), tr(t, "zh-CN", "auth.error.bad_credentials"))
	if got := p.value("#email"); got != repEmail {
		t.Errorf("e-mail after a failed login: got %q, want %q", got, repEmail)
	}
	if got := p.value("#password"); got != "" {
		t.Errorf("password after a failed login: got %q, want it empty", got)
	}
	if n := p.count("[data-testid=role-home]"); n != 0 {
		t.Error("signed in with a wrong password")
	}
	// The right password still works afterwards.
	p.login(repEmail, repPassword)
}

// TestScreenshots saves every page at phone and desktop width, in both
// languages for the login and home pages, under artifacts/.
func TestScreenshots(t *testing.T) {
	t.Parallel()
	requireChineseFont(t)
	srv := startServer(t, t.TempDir(), "--demo")
	link := strings.TrimPrefix(srv.SetupURL(t), srv.URL)
	pw := srv.DemoPassword(t)
	browser := newBrowser(t)
	guest := newPage(t, browser, srv.URL)
	admin := newPage(t, browser, srv.URL)
	rep := newPage(t, browser, srv.URL)

	for _, v := range []viewport{phone, desktop} {
		guest.emulate(v)
		guest.open(link)
		guest.waitVisible("#password")
		guest.shot("setup", v)
	}
	admin.open(link)
	admin.fill("#password", "setup-password-1", "#confirm", "setup-password-1")
	admin.submit("form button[type=submit]")
	admin.waitVisible("[data-testid=role-home]")
	rep.login(demoRep, pw)

	for _, v := range []viewport{phone, desktop} {
		t.Run(v.name, func(t *testing.T) {
			guest, admin, rep := guest.on(t), admin.on(t), rep.on(t)
			guest.emulate(v)
			admin.emulate(v)
			rep.emulate(v)
			loginShots(guest, v)
			adminShots(admin, v)
			repShots(rep, v)
		})
	}
}

// requireChineseFont stops the screenshots when fontconfig knows no
// Chinese font: Chromium would draw boxes instead of the text.
func requireChineseFont(t *testing.T) {
	t.Helper()
	out, err := exec.Command("fc-list", ":lang=zh", "family").Output()
	if err != nil {
		t.Logf("fc-list: %v; cannot check for a Chinese font", err)
		return
	}
	if strings.TrimSpace(string(out)) == "" {
		t.Fatal("no Chinese font installed, screenshots would show boxes: apt-get install -y fonts-noto-cjk")
	}
}

func loginShots(p *page, v viewport) {
	p.open("/login")
	p.waitVisible("#email")
	p.switchLocale(".lang-switch button[name=locale][value=zh-CN]", "zh-CN")
	p.shot("login-zh", v)
	p.fill("#email", demoRep, "#password", "wrong-password")
	p.submit(`form[action="/login"] button[type=submit]`)
	p.waitVisible(".alert-error")
	p.shot("login-error-zh", v)
	p.switchLocale(".lang-switch button[name=locale][value=en]", "en")
	p.shot("login-en", v)
}

func adminShots(p *page, v viewport) {
	shots := []struct{ name, path, ready string }{
		{"home-admin-zh", "/", "[data-testid=role-home]"},
		{"users", "/admin/users", "[data-testid=users-table]"},
		{"regions", "/admin/regions", "[data-testid=region-tree]"},
		{"audit", "/admin/audit", "[data-testid=audit-table]"},
	}
	for _, s := range shots {
		p.open(s.path)
		p.waitVisible(s.ready)
		p.shot(s.name, v)
	}

	p.open("/admin/users/new")
	p.waitVisible("#email")
	p.fill("#email", "not-an-email")
	p.do("untick rep", click("input[name=roles][value=rep]"))
	if status := p.submit(`form[action="/admin/users"] button.btn-primary`); status != http.StatusUnprocessableEntity {
		p.t.Errorf("user form with errors: got status %d, want 422", status)
	}
	p.waitVisible(".field-error")
	p.shot("user-form-errors", v)

	p.open("/profile")
	p.fill("#token_name", "screenshot "+v.name)
	p.submit(`form[action^="/profile/tokens"] button`)
	p.waitVisible("[data-testid=new-token]")
	p.shot("profile-token", v)

	p.open("/")
	p.do("open the user menu", click("details.user-menu summary"))
	p.waitVisible("details.user-menu[open] .menu")
	p.shot("user-menu", v)
	p.switchLocale("details.user-menu button[name=locale]", "en")
	p.waitVisible("[data-testid=role-home]")
	p.shot("home-admin-en", v)
	p.open("/profile")
	p.switchLocale(".lang-switch button[name=locale][value=zh-CN]", "zh-CN")
}

func repShots(p *page, v viewport) {
	p.open("/")
	p.waitVisible("[data-testid=role-home]")
	p.shot("home-rep-zh", v)
	p.open("/admin/regions")
	p.waitVisible("h1")
	p.shot("forbidden-rep", v)
	p.open("/profile")
	p.switchLocale(".lang-switch button[name=locale][value=en]", "en")
	p.open("/")
	p.waitVisible("[data-testid=role-home]")
	p.shot("home-rep-en", v)
	p.open("/profile")
	p.switchLocale(".lang-switch button[name=locale][value=zh-CN]", "zh-CN")
}

// meResponse is the part of GET /api/v1/me the test checks.
type meResponse struct {
	Email string   `json:"email"`
	Roles []string `json:"roles"`
}

// apiMe calls GET /api/v1/me with a personal access token.
func apiMe(t *testing.T, base, token string) meResponse {
	t.Helper()
	req, err := http.NewRequestWithContext(t.Context(), http.MethodGet, base+"/api/v1/me", nil)
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Authorization", "Bearer "+token)
	client := &http.Client{Timeout: 10 * time.Second}
	resp, err := client.Do(req)
	if err != nil {
		t.Fatalf("GET /api/v1/me: %v", err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("GET /api/v1/me: got status %d, want 200", resp.StatusCode)
	}
	if ct := resp.Header.Get("Content-Type"); !strings.HasPrefix(ct, "application/json") {
		t.Errorf("GET /api/v1/me: got Content-Type %q, want application/json", ct)
	}
	var me meResponse
	if err := json.NewDecoder(resp.Body).Decode(&me); err != nil {
		t.Fatalf("GET /api/v1/me: decode: %v", err)
	}
	return me
}

// catalogs caches the locale files, so assertions follow the wording the
// translators chose and fail only when the wrong text (or language) shows.
var catalogs = struct {
	sync.Mutex
	m map[string]map[string]string
}{m: map[string]map[string]string{}}

// tr is the text of a locale key, formatted like the server does.
func tr(t *testing.T, locale, key string, args ...any) string {
	t.Helper()
	catalogs.Lock()
	defer catalogs.Unlock()
	cat, ok := catalogs.m[locale]
	if !ok {
		raw, err := os.ReadFile(filepath.Join("..", "embedui", "locales", locale+".json"))
		if err != nil {
			t.Fatalf("read locale %s: %v", locale, err)
		}
		if err := json.Unmarshal(raw, &cat); err != nil {
			t.Fatalf("parse locale %s: %v", locale, err)
		}
		catalogs.m[locale] = cat
	}
	s, ok := cat[key]
	if !ok {
		t.Fatalf("locale %s has no key %s", locale, key)
	}
	if len(args) > 0 {
		s = fmt.Sprintf(s, args...)
	}
	return s
}

func wantText(t *testing.T, what, got, want string) {
	t.Helper()
	if got != want {
		t.Errorf("%s: got %q, want %q", what, got, want)
	}
}

func wantList(t *testing.T, what string, got []string, want ...string) {
	t.Helper()
	if !slices.Equal(got, want) {
		t.Errorf("%s: got %q, want %q", what, got, want)
	}
}
