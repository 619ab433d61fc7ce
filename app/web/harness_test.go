package web_test

import (
	"bytes"
	"context"
	"encoding/json"
	"html/template"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"
	"unicode"

	"github.com/frontline-crm/frontline/app/access"
	"github.com/frontline-crm/frontline/app/audit"
	"github.com/frontline-crm/frontline/app/auth"
	"github.com/frontline-crm/frontline/app/clock"
	"github.com/frontline-crm/frontline/app/config"
	"github.com/frontline-crm/frontline/app/i18n"
	"github.com/frontline-crm/frontline/app/org"
	"github.com/frontline-crm/frontline/app/password"
	"github.com/frontline-crm/frontline/app/store"
	"github.com/frontline-crm/frontline/app/web"
	"github.com/frontline-crm/frontline/embedui"
)

// t0 is the fake clock's starting time in every test.
var t0 = time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)

// testPassword is every seeded account's password.
const testPassword = "correct-horse-9"

// cheapHashing keeps argon2id fast in tests; the cost is no part of what
// they check.
var cheapHashing = password.Params{MemoryKiB: 64, Time: 1, Threads: 1}

// accounts are the seeded users, by the name tests refer to them with.
var accounts = []string{"admin", "director", "manager", "rep", "rep2", "legal"}

// account is a seeded user with a token and a signed-in session.
type account struct {
	ID      string
	Email   string
	Name    string
	Token   string // personal access token secret
	Session string // fl_session cookie value
	CSRF    string // the session's CSRF token
}

// env is a web server over a real Badger in a temporary directory, seeded
// with the region tree 华东 → 浙江 → 杭州 and 华南 → 深圳 and one user per
// account name.
type env struct {
	t      *testing.T
	srv    *web.Server
	cfg    *config.Config
	db     *store.DB
	org    *org.Service
	auth   *auth.Service
	clk    *clock.Fake
	cat    i18n.Catalogs
	region map[string]string // name → id
	acct   map[string]*account
	logs   *errorLog
}

// options change how an env is built.
type options struct {
	// config are option values by name, e.g. "metrics.token".
	config map[string]string
	tls    bool
}

func newEnv(t *testing.T, o options) *env {
	t.Helper()
	cfg, err := config.Load(config.Sources{Flags: o.config,
		Env: func(string) (string, bool) { return "", false }})
	if err != nil {
		t.Fatalf("config: %v", err)
	}
	logs := &errorLog{}
	log := slog.New(logs)
	db, err := store.Open(t.TempDir(), store.DefaultOptions(), log)
	if err != nil {
		t.Fatalf("store.Open: %v", err)
	}
	t.Cleanup(func() { db.Close() })
	cat, err := i18n.Load(embedui.Locales, "locales")
	if err != nil {
		t.Fatalf("i18n.Load: %v", err)
	}
	clk := clock.NewFake(t0)
	orgs := org.NewService(db, clk, log)
	orgs.Hashing = cheapHashing
	authn := auth.NewService(db, orgs, clk, log, auth.Settings{
		IdleTimeout:     cfg.Duration("session.idle_timeout"),
		AbsoluteTimeout: cfg.Duration("session.absolute_timeout"),
		LoginPerMinute:  cfg.Int("login.rate_limit"),
	})
	srv, err := web.New(web.Deps{Config: cfg, DB: db, Org: orgs, Auth: authn, Audit: audit.New(db),
		Catalogs: cat, Clock: clk, Log: log, Version: "test", TLS: o.tls})
	if err != nil {
		t.Fatalf("web.New: %v", err)
	}
	e := &env{t: t, srv: srv, cfg: cfg, db: db, org: orgs, auth: authn, clk: clk, cat: cat,
		region: map[string]string{}, acct: map[string]*account{}, logs: logs}
	e.seed()
	t.Cleanup(func() {
		if msgs := logs.take(); len(msgs) > 0 {
			t.Errorf("server logged errors:\n%s", strings.Join(msgs, "\n"))
		}
	})
	return e
}

// seed creates the region tree and the accounts, each with a token and a
// session.
func (e *env) seed() {
	e.t.Helper()
	sys := access.SystemPrincipal
	for _, r := range []struct{ name, parent string }{
		{"华东", ""}, {"浙江", "华东"}, {"杭州", "浙江"}, {"华南", ""}, {"深圳", "华南"},
	} {
		created, err := e.org.CreateRegion(sys, org.RegionInput{Name: r.name, ParentID: e.region[r.parent]})
		if err != nil {
			e.t.Fatalf("seed region %s: %v", r.name, err)
		}
		e.region[r.name] = created.ID
	}
	seed := map[string]struct {
		name    string
		role    access.Role
		regions []string
	}{
		"admin":    {"Ada Admin", access.Admin, nil},
		"director": {"Dong 总监", access.Director, nil},
		"manager":  {"Mei 浙江经理", access.Manager, []string{e.region["浙江"]}},
		"rep":      {"Hang 杭州销售", access.Rep, []string{e.region["杭州"]}},
		"rep2":     {"Shen 深圳销售", access.Rep, []string{e.region["深圳"]}},
		"legal":    {"Li 法务", access.Legal, nil},
	}
	for i, key := range accounts {
		s := seed[key]
		u, err := e.org.CreateUser(sys, org.UserInput{Email: key + "@example.com", Name: s.name,
			Roles: []string{string(s.role)}, Regions: s.regions, Password: testPassword})
		if err != nil {
			e.t.Fatalf("seed user %s: %v", key, err)
		}
		a := &account{ID: u.ID, Email: u.Email, Name: u.Name}
		if _, a.Token, err = e.auth.CreateToken(sys, u.ID, "test"); err != nil {
			e.t.Fatalf("seed token %s: %v", key, err)
		}
		// Each account signs in from its own address, so seeding never
		// touches the per-address limit the HTTP tests (from 0.0.0.0) use.
		a.Session, a.CSRF = e.login(a.Email, "192.0.2."+strconv.Itoa(i+1))
		e.acct[key] = a
	}
}

// login starts a session through the auth service and returns its id and
// CSRF token.
func (e *env) login(email, ip string) (id, csrf string) {
	e.t.Helper()
	id, _, err := e.auth.Login(email, testPassword, ip)
	if err != nil {
		e.t.Fatalf("login %s: %v", email, err)
	}
	cur, err := e.auth.Session(id, ip)
	if err != nil {
		e.t.Fatalf("session of %s: %v", email, err)
	}
	return id, cur.CSRF
}

// scenario is one HTTP exchange and what its answer must be.
type scenario struct {
	name   string
	method string
	path   string
	// as is the account the request acts for ("" is anonymous): by its
	// bearer token, or with session by its cookie and CSRF header.
	as      string
	session bool
	// body is sent as is when a string (as JSON unless header says
	// otherwise), form-encoded when url.Values, else marshalled to JSON.
	body any
	// header adds or overrides request headers; an empty X-CSRF-Token
	// value leaves the session's token out.
	header map[string]string
	// status is the wanted status; 0 accepts any.
	status   int
	contains []string
	excludes []string
}

// response is an answer read in full.
type response struct {
	status  int
	header  http.Header
	cookies []*http.Cookie
	body    string
}

// run sends sc and checks its status and body.
func (e *env) run(t *testing.T, sc scenario) *response {
	t.Helper()
	r := e.send(t, sc)
	if sc.status != 0 && r.status != sc.status {
		t.Fatalf("%s %s as %q: status = %d, want %d; body:\n%s", sc.method, sc.path, sc.as, r.status,
			sc.status, clip(r.body))
	}
	for _, s := range sc.contains {
		if !strings.Contains(r.body, s) {
			t.Errorf("%s %s as %q: body does not contain %q; body:\n%s", sc.method, sc.path, sc.as, s,
				clip(r.body))
		}
	}
	for _, s := range sc.excludes {
		if strings.Contains(r.body, s) {
			t.Errorf("%s %s as %q: body contains %q, want it absent", sc.method, sc.path, sc.as, s)
		}
	}
	return r
}

// send builds and sends the request of sc.
func (e *env) send(t *testing.T, sc scenario) *response {
	t.Helper()
	body, ctype := encodeBody(t, sc.body)
	req := newRequest(sc.method, sc.path, body)
	if ctype != "" {
		req.Header.Set("Content-Type", ctype)
	}
	if sc.as != "" {
		a := e.account(sc.as)
		if sc.session {
			req.AddCookie(&http.Cookie{Name: "fl_session", Value: a.Session})
			req.Header.Set("X-CSRF-Token", a.CSRF)
		} else {
			req.Header.Set("Authorization", "Bearer "+a.Token)
		}
	}
	for k, v := range sc.header {
		if v == "" {
			req.Header.Del(k)
			continue
		}
		req.Header.Set(k, v)
	}
	return e.do(t, req)
}

func (e *env) account(name string) *account {
	a, ok := e.acct[name]
	if !ok {
		e.t.Fatalf("no seeded account %q", name)
	}
	return a
}

func encodeBody(t *testing.T, body any) (io.Reader, string) {
	t.Helper()
	switch b := body.(type) {
	case nil:
		return nil, ""
	case string:
		return strings.NewReader(b), "application/json"
	case url.Values:
		return strings.NewReader(b.Encode()), "application/x-www-form-urlencoded"
	}
	raw, err := json.Marshal(body)
	if err != nil {
		t.Fatalf("marshal body: %v", err)
	}
	return bytes.NewReader(raw), "application/json"
}

// newRequest makes a request for path on host frontline.test, with the
// request line in origin form ("GET /path") as browsers send it.
func newRequest(method, path string, body io.Reader) *http.Request {
	req := httptest.NewRequest(method, "http://frontline.test"+path, body)
	req.RequestURI = ""
	return req
}

// do runs req through the Fiber app, as a client would see it.
func (e *env) do(t *testing.T, req *http.Request) *response {
	t.Helper()
	res, err := e.srv.App().Test(req, -1)
	if err != nil {
		t.Fatalf("%s %s: %v", req.Method, req.URL.Path, err)
	}
	defer res.Body.Close()
	raw, err := io.ReadAll(res.Body)
	if err != nil {
		t.Fatalf("%s %s: read body: %v", req.Method, req.URL.Path, err)
	}
	return &response{status: res.StatusCode, header: res.Header, cookies: res.Cookies(), body: string(raw)}
}

// cookie returns the Set-Cookie of name, or nil.
func (r *response) cookie(name string) *http.Cookie {
	for _, c := range r.cookies {
		if c.Name == name {
			return c
		}
	}
	return nil
}

// decode unmarshals a JSON answer into v.
func (r *response) decode(t *testing.T, v any) {
	t.Helper()
	if ct := r.header.Get("Content-Type"); !strings.HasPrefix(ct, "application/json") {
		t.Fatalf("Content-Type = %q, want application/json; body:\n%s", ct, clip(r.body))
	}
	if err := json.Unmarshal([]byte(r.body), v); err != nil {
		t.Fatalf("decode %s: %v", clip(r.body), err)
	}
}

// problemDoc is an application/problem+json answer.
type problemDoc struct {
	Type   string `json:"type"`
	Title  string `json:"title"`
	Status int    `json:"status"`
	Detail string `json:"detail"`
	Errors []struct {
		Field   string `json:"field"`
		Message string `json:"message"`
	} `json:"errors"`
}

// message returns the message given for field, or "".
func (p problemDoc) message(field string) string {
	for _, f := range p.Errors {
		if f.Field == field {
			return f.Message
		}
	}
	return ""
}

// checkProblem asserts r is a complete problem+json document of status
// whose errors name every one of fields, each with a message.
func checkProblem(t *testing.T, r *response, status int, fields ...string) problemDoc {
	t.Helper()
	if ct := r.header.Get("Content-Type"); ct != "application/problem+json" {
		t.Fatalf("Content-Type = %q, want application/problem+json; body:\n%s", ct, clip(r.body))
	}
	var p problemDoc
	if err := json.Unmarshal([]byte(r.body), &p); err != nil {
		t.Fatalf("decode problem %s: %v", clip(r.body), err)
	}
	if r.status != status || p.Status != status {
		t.Errorf("status = %d (document says %d), want %d; body: %s", r.status, p.Status, status, r.body)
	}
	if !strings.HasPrefix(p.Type, "urn:frontline:problem:") || p.Title == "" || p.Detail == "" {
		t.Errorf("problem = %+v, want type urn:frontline:problem:*, a title and a detail", p)
	}
	if strings.Contains(p.Title, "problem.") || strings.Contains(p.Detail, "problem.") {
		t.Errorf("problem = %+v shows an untranslated key", p)
	}
	for _, f := range fields {
		if p.message(f) == "" {
			t.Errorf("errors = %+v, want a message for field %q", p.Errors, f)
		}
	}
	return p
}

// hasHan reports whether s contains a Chinese character.
func hasHan(s string) bool {
	for _, r := range s {
		if unicode.Is(unicode.Han, r) {
			return true
		}
	}
	return false
}

// T is the catalog message of key in locale, as the server would show it
// in a page (HTML-escaped).
func (e *env) T(locale, key string, args ...any) string {
	return htmlEscape(e.cat.T(locale, key, args...))
}

// htmlEscape escapes s as html/template does in text.
func htmlEscape(s string) string {
	var b strings.Builder
	if err := textTemplate.Execute(&b, s); err != nil {
		panic(err)
	}
	return b.String()
}

var textTemplate = template.Must(template.New("text").Parse("{{.}}"))

// snapshot returns every key and value of the database.
func (e *env) snapshot(t *testing.T) map[string]string {
	t.Helper()
	all := map[string]string{}
	err := e.db.View(func(tx *store.Tx) error {
		return tx.Scan("", store.ScanOptions{}, func(key string, val []byte) (bool, error) {
			all[key] = string(val)
			return true, nil
		})
	})
	if err != nil {
		t.Fatalf("scan database: %v", err)
	}
	return all
}

// events returns the audit events of kind, newest first.
func (e *env) events(t *testing.T, kind string) []store.Event {
	t.Helper()
	items, _, err := audit.New(e.db).List(access.SystemPrincipal, audit.Filter{Kind: kind},
		store.PageRequest{Limit: store.MaxPageSize})
	if err != nil {
		t.Fatalf("audit list: %v", err)
	}
	var out []store.Event
	for _, ev := range items {
		if ev.Kind == kind {
			out = append(out, ev)
		}
	}
	return out
}

// browser keeps cookies across requests and sends each form with the
// CSRF token of the last page it saw, as a real browser session would.
type browser struct {
	e      *env
	jar    map[string]string
	header map[string]string // sent with every request
	csrf   string
}

func (e *env) browser() *browser {
	return &browser{e: e, jar: map[string]string{}, header: map[string]string{}}
}

// signedIn returns a browser holding account's seeded session.
func (e *env) signedIn(name string) *browser {
	a := e.account(name)
	b := e.browser()
	b.jar["fl_session"] = a.Session
	b.csrf = a.CSRF
	return b
}

var metaCSRF = regexp.MustCompile(`<meta name="csrf-token" content="([^"]*)">`)

func (b *browser) get(t *testing.T, path string) *response {
	t.Helper()
	return b.send(t, newRequest(http.MethodGet, path, nil))
}

// post submits form, adding the page's _csrf unless form has one.
func (b *browser) post(t *testing.T, path string, form url.Values) *response {
	t.Helper()
	if form == nil {
		form = url.Values{}
	}
	if _, ok := form["_csrf"]; !ok {
		form.Set("_csrf", b.csrf)
	}
	req := newRequest(http.MethodPost, path, strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	return b.send(t, req)
}

func (b *browser) send(t *testing.T, req *http.Request) *response {
	t.Helper()
	for k, v := range b.header {
		req.Header.Set(k, v)
	}
	for name, value := range b.jar {
		req.AddCookie(&http.Cookie{Name: name, Value: value})
	}
	r := b.e.do(t, req)
	for _, c := range r.cookies {
		if c.Value == "" || c.MaxAge < 0 || (!c.Expires.IsZero() && c.Expires.Before(t0)) {
			delete(b.jar, c.Name)
			continue
		}
		b.jar[c.Name] = c.Value
	}
	if m := metaCSRF.FindStringSubmatch(r.body); m != nil {
		b.csrf = m[1]
	}
	return r
}

// errorLog is a slog handler that keeps error records, so a test fails
// when a request ended in an internal error it did not expect.
type errorLog struct {
	mu   sync.Mutex
	msgs []string
}

func (l *errorLog) Enabled(_ context.Context, lv slog.Level) bool { return lv >= slog.LevelError }

func (l *errorLog) Handle(_ context.Context, r slog.Record) error {
	var b strings.Builder
	b.WriteString(r.Message)
	r.Attrs(func(a slog.Attr) bool {
		b.WriteString(" " + a.Key + "=" + a.Value.String())
		return true
	})
	l.mu.Lock()
	defer l.mu.Unlock()
	l.msgs = append(l.msgs, b.String())
	return nil
}

func (l *errorLog) WithAttrs([]slog.Attr) slog.Handler { return l }
func (l *errorLog) WithGroup(string) slog.Handler      { return l }

func (l *errorLog) take() []string {
	l.mu.Lock()
	defer l.mu.Unlock()
	msgs := l.msgs
	l.msgs = nil
	return msgs
}

// clip shortens a body for failure messages.
func clip(s string) string {
	if len(s) > 2000 {
		return s[:2000] + "…"
	}
	return s
}
