package web

import (
	"crypto/rand"
	"crypto/subtle"
	"encoding/hex"
	"fmt"
	"net/url"
	"runtime/debug"
	"strings"
	"time"

	"github.com/gofiber/fiber/v2"

	"github.com/frontline-crm/frontline/app/auth"
	"github.com/frontline-crm/frontline/app/i18n"
	"github.com/frontline-crm/frontline/app/problem"
)

// Cookie names.
const (
	sessionCookie = "fl_session"
	// preCSRFCookie carries the double-submit token of forms shown before
	// sign-in (login, setup).
	preCSRFCookie = "fl_precsrf"
	localeCookie  = "fl_locale"
	flashCookie   = "fl_flash"
)

// Locals keys.
const (
	localCurrent   = "current"
	localLocale    = "locale"
	localRequestID = "request_id"
)

// observe assigns a request id, recovers panics, turns errors into
// responses, and logs and measures every request once it is answered.
func (s *Server) observe(c *fiber.Ctx) (err error) {
	start := time.Now()
	c.Locals(localRequestID, newRequestID())
	defer func() {
		if r := recover(); r != nil {
			s.Log.Error("panic", "request_id", requestID(c), "panic", fmt.Sprint(r), "stack", string(debug.Stack()))
			err = fmt.Errorf("web: panic: %v", r)
		}
		if err != nil {
			if renderErr := s.handleError(c, err); renderErr != nil {
				s.Log.Error("error page failed", "request_id", requestID(c), "error", renderErr)
			}
		}
		s.logRequest(c, start, err)
		err = nil // answered here; Fiber must not handle it again
	}()
	return c.Next()
}

func (s *Server) logRequest(c *fiber.Ctx, start time.Time, err error) {
	d := time.Since(start)
	route := routeOf(c)
	status := c.Response().StatusCode()
	s.metrics.observe(c.Method(), route, status, d)
	attrs := []any{"request_id", requestID(c), "method", c.Method(), "route", route,
		"status", status, "duration_ms", d.Milliseconds(), "client_ip", c.IP()}
	if cur := current(c); cur != nil {
		attrs = append(attrs, "user_id", cur.User.ID)
	}
	if err != nil {
		attrs = append(attrs, "error", err.Error())
	}
	s.Log.Info("request", attrs...)
}

func newRequestID() string {
	b := make([]byte, 8)
	_, _ = rand.Read(b)
	return hex.EncodeToString(b)
}

func requestID(c *fiber.Ctx) string {
	id, _ := c.Locals(localRequestID).(string)
	return id
}

// routeOf is the matched route pattern ("/api/v1/users/:id"), never the raw
// path, so logs and metrics do not explode with ids.
func routeOf(c *fiber.Ctx) string {
	r := c.Route()
	if r.Path == "/" && c.Path() != "/" {
		// Only the catch-all middleware matched.
		return "unmatched"
	}
	return r.Path
}

// secureHeaders sets a strict content security policy and friends: our
// pages load scripts and styles only from themselves.
func (s *Server) secureHeaders(c *fiber.Ctx) error {
	h := c.Set
	h("Content-Security-Policy", "default-src 'self'; img-src 'self' data: blob:; style-src 'self'; "+
		"script-src 'self'; frame-ancestors 'none'; form-action 'self'; base-uri 'none'")
	h("X-Content-Type-Options", "nosniff")
	h("Referrer-Policy", "same-origin")
	h("X-Frame-Options", "DENY")
	if s.TLS {
		h("Strict-Transport-Security", "max-age=31536000")
	}
	return c.Next()
}

// identify resolves the caller from a bearer token or the session cookie
// and picks the language. It never refuses: requireUser does.
func (s *Server) identify(c *fiber.Ctx) error {
	cur, err := s.resolve(c)
	if err != nil {
		return err
	}
	if cur != nil {
		c.Locals(localCurrent, cur)
	}
	c.Locals(localLocale, s.pickLocale(c, cur))
	return c.Next()
}

// resolve returns the caller or nil. A bearer token that does not resolve
// is an error even when a cookie is present: a client that sent a token
// meant to use it.
func (s *Server) resolve(c *fiber.Ctx) (*auth.Current, error) {
	if h := c.Get(fiber.HeaderAuthorization); h != "" {
		token, ok := strings.CutPrefix(h, "Bearer ")
		if !ok {
			return nil, problem.Unauthorized()
		}
		return s.Auth.Bearer(strings.TrimSpace(token), c.IP())
	}
	id := c.Cookies(sessionCookie)
	if id == "" {
		return nil, nil
	}
	cur, err := s.Auth.Session(id, c.IP())
	if _, userErr := problem.As(err); userErr {
		s.clearCookie(c, sessionCookie)
		return nil, nil
	}
	return cur, err
}

// pickLocale chooses the language: the user's own choice (account, then
// cookie), then, for API clients only, Accept-Language, then the server's
// default. Pages ignore Accept-Language on purpose: a Chinese team's
// browsers often run in English, and Frontline is Chinese first.
func (s *Server) pickLocale(c *fiber.Ctx, cur *auth.Current) string {
	if cur != nil && cur.User.Locale != "" {
		return cur.User.Locale
	}
	if v := c.Cookies(localeCookie); v != "" {
		return i18n.Supported(v)
	}
	def := s.Config.String("ui.default_locale")
	if wantsHTML(c) {
		return def
	}
	return i18n.FromAcceptLanguage(c.Get(fiber.HeaderAcceptLanguage), def)
}

// current returns the signed-in caller, or nil.
func current(c *fiber.Ctx) *auth.Current {
	cur, _ := c.Locals(localCurrent).(*auth.Current)
	return cur
}

func localeOf(c *fiber.Ctx) string {
	if loc, ok := c.Locals(localLocale).(string); ok {
		return loc
	}
	return i18n.ZH
}

// requireUser lets signed-in callers through; pages send others to the
// login page, the API answers 401.
func requireUser(c *fiber.Ctx) error {
	if current(c) != nil {
		return c.Next()
	}
	if wantsHTML(c) {
		return c.Redirect("/login?next="+url.QueryEscape(c.OriginalURL()), fiber.StatusSeeOther)
	}
	return problem.Unauthorized()
}

// checkCSRF guards every state-changing request made with a cookie: the
// session's token must come back in the X-CSRF-Token header or the _csrf
// form field. Bearer-token calls carry no ambient credentials and need
// none. Before sign-in, the token must match the pre-session cookie.
func (s *Server) checkCSRF(c *fiber.Ctx) error {
	switch c.Method() {
	case fiber.MethodGet, fiber.MethodHead, fiber.MethodOptions:
		return c.Next()
	}
	if c.Get(fiber.HeaderAuthorization) != "" {
		return c.Next()
	}
	cur := current(c)
	if cur == nil && !wantsHTML(c) {
		// No session: nothing ambient to abuse, and the API has no
		// pre-sign-in forms; requireUser answers 401.
		return c.Next()
	}
	want := c.Cookies(preCSRFCookie)
	if cur != nil {
		want = cur.CSRF
	}
	got := c.Get("X-CSRF-Token")
	if got == "" {
		got = c.FormValue("_csrf")
	}
	if want == "" || subtle.ConstantTimeCompare([]byte(got), []byte(want)) != 1 {
		return problem.New(problem.KindForbidden, "problem.csrf")
	}
	return c.Next()
}

// setCookie sets an HttpOnly, SameSite=Lax cookie, Secure under TLS.
func (s *Server) setCookie(c *fiber.Ctx, name, value string, maxAge time.Duration) {
	c.Cookie(&fiber.Cookie{Name: name, Value: value, Path: "/", HTTPOnly: true,
		SameSite: fiber.CookieSameSiteLaxMode, Secure: s.TLS, MaxAge: int(maxAge.Seconds())})
}

func (s *Server) clearCookie(c *fiber.Ctx, name string) {
	c.Cookie(&fiber.Cookie{Name: name, Value: "", Path: "/", HTTPOnly: true,
		SameSite: fiber.CookieSameSiteLaxMode, Secure: s.TLS, MaxAge: -1, Expires: time.Unix(1, 0)})
}
