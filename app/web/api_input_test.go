package web_test

import (
	"bufio"
	"bytes"
	"io"
	"net"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/frontline-crm/frontline/app/access"
	"github.com/frontline-crm/frontline/app/i18n"
	"github.com/frontline-crm/frontline/app/store"
)

// TestAPIBadInput sends wrong input of every kind and checks each answer is
// a complete problem+json naming the field at fault, in Chinese.
func TestAPIBadInput(t *testing.T) {
	t.Parallel()
	e := newEnv(t, options{})
	rep := "/api/v1/users/" + e.account("rep").ID
	hangzhou := "/api/v1/regions/" + e.region["杭州"]
	user := func(extra map[string]any) map[string]any {
		u := map[string]any{"email": "new@example.com", "name": "新人", "roles": []string{"rep"}}
		for k, v := range extra {
			u[k] = v
		}
		return u
	}
	type want struct {
		status int
		field  string // "" for errors about the body as a whole
		key    string // catalog key of the field's message, or of the detail
	}
	bad := func(key string) want { return want{http.StatusBadRequest, "", key} }
	invalid := func(field, key string) want { return want{http.StatusUnprocessableEntity, field, key} }
	for _, tc := range []struct {
		name   string
		method string
		path   string
		body   any
		ctype  string
		want   want
	}{
		{"missing e-mail", "POST", "/api/v1/users", `{}`, "", invalid("email", "user.error.email_required")},
		{"missing name", "POST", "/api/v1/users", user(map[string]any{"name": ""}), "",
			invalid("name", "user.error.name_required")},
		{"missing roles", "POST", "/api/v1/users", user(map[string]any{"roles": []string{}}), "",
			invalid("roles", "user.error.roles_required")},
		{"roles not a list", "POST", "/api/v1/users", user(map[string]any{"roles": "admin"}), "",
			invalid("roles", "problem.field_type")},
		{"name not a string", "PATCH", rep, `{"name": 5}`, "", invalid("name", "problem.field_type")},
		{"disabled not a bool", "PATCH", rep, `{"disabled": "yes"}`, "", invalid("disabled", "problem.field_type")},
		{"unknown field", "POST", "/api/v1/users", user(map[string]any{"nickname": "x"}), "",
			invalid("nickname", "problem.field_unknown")},
		{"unknown field in a patch", "PATCH", hangzhou, `{"title": "x"}`, "",
			invalid("title", "problem.field_unknown")},
		{"text content type", "POST", "/api/v1/users", user(nil), "text/plain", bad("problem.json_required")},
		{"form content type", "POST", "/api/v1/regions", url.Values{"name": {"x"}}, "",
			bad("problem.json_required")},
		{"no content type", "POST", "/api/v1/tokens", `{"name":"x"}`, "-", bad("problem.json_required")},
		{"malformed JSON", "POST", "/api/v1/users", `{"email":`, "", bad("problem.json_invalid")},
		{"empty body", "POST", "/api/v1/regions", ``, "", bad("problem.json_invalid")},
		{"array instead of object", "POST", "/api/v1/users", `[1, 2]`, "", bad("problem.json_invalid")},
		{"string instead of object", "POST", "/api/v1/tokens", `"x"`, "", bad("problem.json_invalid")},
		{"trailing garbage", "POST", "/api/v1/regions", `{"name": "x"} junk`, "", bad("problem.json_trailing")},
		{"two objects", "POST", "/api/v1/regions", `{"name": "x"} {}`, "", bad("problem.json_trailing")},
		{"invalid e-mail", "POST", "/api/v1/users", user(map[string]any{"email": "not-an-email"}), "",
			invalid("email", "user.error.email_invalid")},
		{"e-mail with a display name", "POST", "/api/v1/users",
			user(map[string]any{"email": "Wang <wang@example.com>"}), "", invalid("email", "user.error.email_invalid")},
		{"unknown role", "POST", "/api/v1/users", user(map[string]any{"roles": []string{"rep", "boss"}}), "",
			invalid("roles", "user.error.role_unknown")},
		{"unknown region id", "POST", "/api/v1/users",
			user(map[string]any{"regions": []string{store.NewID(t0)}}), "",
			invalid("regions", "user.error.region_unknown")},
		{"malformed region id", "POST", "/api/v1/users", user(map[string]any{"regions": []string{"杭州"}}), "",
			invalid("regions", "user.error.region_unknown")},
		{"duplicate e-mail", "POST", "/api/v1/users", user(map[string]any{"email": "rep@example.com"}), "",
			invalid("email", "user.error.email_taken")},
		{"duplicate e-mail in another case", "POST", "/api/v1/users",
			user(map[string]any{"email": "REP@Example.com"}), "", invalid("email", "user.error.email_taken")},
		{"duplicate e-mail by patch", "PATCH", rep, `{"email": "rep2@example.com"}`, "",
			invalid("email", "user.error.email_taken")},
		{"short password", "POST", "/api/v1/users", user(map[string]any{"password": "short"}), "",
			invalid("password", "password.error.too_short")},
		{"unknown locale", "POST", "/api/v1/users", user(map[string]any{"locale": "fr"}), "",
			invalid("locale", "user.error.locale_invalid")},
		{"blank region name", "POST", "/api/v1/regions", `{"name": "  "}`, "",
			invalid("name", "region.error.name_required")},
		{"duplicate sibling region", "POST", "/api/v1/regions", `{"name": "华东"}`, "",
			invalid("name", "region.error.name_taken")},
		{"unknown parent region", "POST", "/api/v1/regions", map[string]string{"name": "x", "parent_id": "nope"}, "",
			invalid("parent_id", "region.error.parent_missing")},
		{"blank token name", "POST", "/api/v1/tokens", `{"name": ""}`, "", invalid("name", "token.error.name_required")},
		{"limit 0", "GET", "/api/v1/users?limit=0", nil, "", invalid("limit", "problem.limit_range")},
		{"limit abc", "GET", "/api/v1/regions?limit=abc", nil, "", invalid("limit", "problem.limit_range")},
		{"limit 500", "GET", "/api/v1/audit?limit=500", nil, "", invalid("limit", "problem.limit_range")},
		{"limit -1", "GET", "/api/v1/users?limit=-1", nil, "", invalid("limit", "problem.limit_range")},
		{"garbage cursor on users", "GET", "/api/v1/users?cursor=%21%21%21", nil, "",
			invalid("cursor", "problem.cursor_invalid")},
		{"garbage cursor on regions", "GET", "/api/v1/regions?cursor=***", nil, "",
			invalid("cursor", "problem.cursor_invalid")},
		{"garbage cursor on audit", "GET", "/api/v1/audit?cursor=%25", nil, "",
			invalid("cursor", "problem.cursor_invalid")},
	} {
		t.Run(tc.name, func(t *testing.T) {
			header := map[string]string{}
			switch tc.ctype {
			case "":
			case "-":
				header["Content-Type"] = ""
			default:
				header["Content-Type"] = tc.ctype
			}
			before := e.snapshot(t)
			r := e.run(t, scenario{method: tc.method, path: tc.path, as: "admin", body: tc.body, header: header})
			var fields []string
			if tc.want.field != "" {
				fields = append(fields, tc.want.field)
			}
			p := checkProblem(t, r, tc.want.status, fields...)
			msg := p.Detail
			if tc.want.field != "" {
				msg = p.message(tc.want.field)
				if len(p.Errors) != 1 && tc.want.key != "user.error.email_required" {
					t.Errorf("errors = %+v, want only %s", p.Errors, tc.want.field)
				}
			}
			if !matchesKey(e.cat, i18n.ZH, tc.want.key, msg) {
				t.Errorf("message = %q, want the zh-CN text of %s: %q", msg, tc.want.key,
					e.cat.T(i18n.ZH, tc.want.key))
			}
			if !hasHan(p.Title) || !hasHan(msg) {
				t.Errorf("title %q / message %q, want Chinese by default", p.Title, msg)
			}
			if after := e.snapshot(t); len(after) != len(before) {
				t.Errorf("a refused request changed the database: %d keys before, %d after", len(before),
					len(after))
			}
		})
	}
}

// TestAPICursorOfAnotherList hands one list's cursor to another, and an
// altered cursor back to its own list: both are refused, not followed.
func TestAPICursorOfAnotherList(t *testing.T) {
	t.Parallel()
	e := newEnv(t, options{})
	var users listOut[userOut]
	e.run(t, scenario{method: "GET", path: "/api/v1/users?limit=1", as: "admin", status: http.StatusOK}).
		decode(t, &users)
	cursor := *users.NextCursor
	if cursor == "" {
		t.Fatalf("limit=1 of 6 users gave no next_cursor")
	}
	// Change a character in the middle: every one of its bits counts.
	swap := map[bool]string{true: "B", false: "A"}[cursor[4] == 'A']
	altered := cursor[:4] + swap + cursor[5:]
	for _, path := range []string{
		"/api/v1/regions?cursor=" + cursor,
		"/api/v1/audit?cursor=" + cursor,
		"/api/v1/users?cursor=" + altered,
		"/api/v1/users?cursor=Zm9vYmFy", // base64 of "foobar"
	} {
		r := e.run(t, scenario{method: "GET", path: path, as: "admin"})
		checkProblem(t, r, http.StatusUnprocessableEntity, "cursor")
	}
	e.run(t, scenario{method: "GET", path: "/api/v1/users?cursor=" + cursor, as: "admin", status: http.StatusOK})
}

// TestAPIMessagesFollowLanguage checks the same refusal in both languages.
func TestAPIMessagesFollowLanguage(t *testing.T) {
	t.Parallel()
	e := newEnv(t, options{})
	body := map[string]any{"email": "rep@example.com", "name": "x", "roles": []string{"rep"}}
	for _, tc := range []struct {
		name, acceptLanguage, locale string
	}{
		{"default", "", i18n.ZH},
		{"english", "en", i18n.EN},
		{"english with quality values", "en-US,en;q=0.9,zh;q=0.5", i18n.EN},
		{"chinese first", "zh-TW,en;q=0.5", i18n.ZH},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := e.run(t, scenario{method: http.MethodPost, path: "/api/v1/users", as: "admin", body: body,
				header: map[string]string{"Accept-Language": tc.acceptLanguage}})
			p := checkProblem(t, r, http.StatusUnprocessableEntity, "email")
			if want := e.cat.T(tc.locale, "problem.title.validation"); p.Title != want {
				t.Errorf("title = %q, want %q", p.Title, want)
			}
			if want := e.cat.T(tc.locale, "user.error.email_taken"); p.message("email") != want {
				t.Errorf("email message = %q, want %q", p.message("email"), want)
			}
			if hasHan(p.Detail) != (tc.locale == i18n.ZH) {
				t.Errorf("detail %q in the wrong language, want %s", p.Detail, tc.locale)
			}
		})
	}
}

// TestAPIBodyLimit checks the two body caps: 1 MiB for JSON, held by
// decodeJSON, and the server's 11 MiB for any body (sized for photos).
// Fasthttp refuses a body over the server's cap while reading the request,
// before any handler; app.Test reports that as an error and drops the
// answer, so that request is served on an in-memory connection instead.
func TestAPIBodyLimit(t *testing.T) {
	t.Parallel()
	e := newEnv(t, options{})
	padded := func(size int) string {
		head := `{"name": "x"`
		return head + strings.Repeat(" ", size-len(head)-1) + "}"
	}
	// Just within the limit: the body is read and the handler answers.
	r := e.run(t, scenario{method: http.MethodPost, path: "/api/v1/tokens", as: "admin", body: padded(1 << 20),
		status: http.StatusCreated})
	if !strings.Contains(r.body, `"token":"frl_`) {
		t.Errorf("1 MiB body: answer %s, want the created token", clip(r.body))
	}

	// Over the JSON cap: refused by the handler, in the caller's language.
	r = e.run(t, scenario{method: http.MethodPost, path: "/api/v1/tokens", as: "admin", body: padded(1<<20 + 1),
		header: map[string]string{"Accept-Language": "en"}})
	p := checkProblem(t, r, http.StatusRequestEntityTooLarge)
	if want := e.cat.T(i18n.EN, "problem.too_large"); p.Detail != want {
		t.Errorf("detail = %q, want %q", p.Detail, want)
	}

	req := newRequest(http.MethodPost, "/api/v1/tokens", strings.NewReader(padded(11<<20+1)))
	req.Header.Set("Authorization", "Bearer "+e.account("admin").Token)
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Accept-Language", "en")
	// Fiber's 413 becomes a too-large problem.
	p = checkProblem(t, serveConn(t, e, req), http.StatusRequestEntityTooLarge)
	if want := e.cat.T(i18n.ZH, "problem.too_large"); p.Detail != want {
		// The error handler runs before any middleware, so the language
		// is the default one whatever Accept-Language says.
		t.Errorf("detail = %q, want %q", p.Detail, want)
	}
	tokens, err := e.auth.Tokens(access.SystemPrincipal, e.account("admin").ID)
	if err != nil {
		t.Fatal(err)
	}
	if len(tokens) != 2 {
		t.Errorf("admin has %d tokens, want 2: the oversized request must create none", len(tokens))
	}
}

// matchesKey reports whether msg is the catalog text of key in locale, with
// any arguments filled in.
func matchesKey(cat i18n.Catalogs, locale, key, msg string) bool {
	tmpl, ok := cat[locale][key]
	if !ok {
		return false
	}
	verb := regexp.MustCompile(`%(\[\d+\])?[a-z]`)
	parts := verb.Split(tmpl, -1)
	for i := range parts {
		parts[i] = regexp.QuoteMeta(parts[i])
	}
	return regexp.MustCompile("^" + strings.Join(parts, ".+") + "$").MatchString(msg)
}

// serveConn serves req on an in-memory connection and reads the answer:
// app.Test drops the answer to a body over the server's limit.
func serveConn(t *testing.T, e *env, req *http.Request) *response {
	t.Helper()
	conn := &memConn{}
	if err := req.Write(&conn.in); err != nil {
		t.Fatalf("write request: %v", err)
	}
	_ = e.srv.App().Server().ServeConn(conn) // the body-too-large error; the answer is in conn.out
	res, err := http.ReadResponse(bufio.NewReader(&conn.out), req)
	if err != nil {
		t.Fatalf("read answer: %v", err)
	}
	defer res.Body.Close()
	raw, err := io.ReadAll(res.Body)
	if err != nil {
		t.Fatal(err)
	}
	return &response{status: res.StatusCode, header: res.Header, body: string(raw)}
}

// memConn is a net.Conn over two buffers: the request to read and the
// answer written.
type memConn struct{ in, out bytes.Buffer }

func (c *memConn) Read(b []byte) (int, error)       { return c.in.Read(b) }
func (c *memConn) Write(b []byte) (int, error)      { return c.out.Write(b) }
func (c *memConn) Close() error                     { return nil }
func (c *memConn) LocalAddr() net.Addr              { return &net.TCPAddr{IP: net.IPv4(127, 0, 0, 1)} }
func (c *memConn) RemoteAddr() net.Addr             { return &net.TCPAddr{IP: net.IPv4(127, 0, 0, 1)} }
func (c *memConn) SetDeadline(time.Time) error      { return nil }
func (c *memConn) SetReadDeadline(time.Time) error  { return nil }
func (c *memConn) SetWriteDeadline(time.Time) error { return nil }
