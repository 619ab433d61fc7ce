package web

import (
	"bytes"
	"fmt"
	"html/template"
	"io/fs"
	"path"
	"strings"
	"time"

	"github.com/gofiber/fiber/v2"

	"github.com/frontline-crm/frontline/app/access"
	"github.com/frontline-crm/frontline/app/auth"
	"github.com/frontline-crm/frontline/app/i18n"
	"github.com/frontline-crm/frontline/app/problem"
	"github.com/frontline-crm/frontline/embedui"
)

// views holds one template set per page: the layout and partials plus the
// page's own file.
type views struct {
	pages map[string]*template.Template
}

func loadViews(a *assets) (*views, error) {
	funcs := templateFuncs(a)
	base, err := template.New("base").Funcs(funcs).ParseFS(embedui.Templates,
		"templates/layout.html", "templates/partials/*.html")
	if err != nil {
		return nil, fmt.Errorf("web: templates: %w", err)
	}
	names, err := fs.Glob(embedui.Templates, "templates/pages/*.html")
	if err != nil {
		return nil, err
	}
	v := &views{pages: map[string]*template.Template{}}
	for _, name := range names {
		t, err := template.Must(base.Clone()).ParseFS(embedui.Templates, name)
		if err != nil {
			return nil, fmt.Errorf("web: template %s: %w", name, err)
		}
		v.pages[strings.TrimSuffix(path.Base(name), ".html")] = t
	}
	return v, nil
}

// View is what every page template receives.
type View struct {
	Locale  string
	Title   string // locale key of the page title
	Current *auth.Current
	CSRF    string
	Nav     []navLink
	Tabs    []navLink
	Active  string
	// Unread is the count on the top bar's notification bell.
	Unread int
	// Flash is a translated one-time message from the previous request.
	Flash string
	// Errors maps a field (or "_" for the form as a whole) to its message.
	Errors map[string]string
	// Form echoes what the user typed, so a rejected form keeps it.
	Form map[string]string
	Data any

	cat i18n.Catalogs
	now time.Time
}

// T translates a key into the page's language.
func (v *View) T(key string, args ...any) string { return v.cat.T(v.Locale, key, args...) }

// When shows a time as people say it ("今天 14:30"); Exact is for hover.
func (v *View) When(t time.Time) string { return v.cat.RelTime(v.Locale, t, v.now) }

// Exact is the full timestamp of t in the server's time zone.
func (v *View) Exact(t time.Time) string { return i18n.Exact(t, v.now.Location()) }

// Err is the message for one field, or "".
func (v *View) Err(field string) string { return v.Errors[field] }

// Val is what the user typed into one field.
func (v *View) Val(field string) string { return v.Form[field] }

// Has reports whether the signed-in user holds a role.
func (v *View) Has(role string) bool {
	return v.Current != nil && v.Current.Principal.Has(access.Role(role))
}

// view starts a View for the current request.
func (s *Server) view(c *fiber.Ctx, title, active string) *View {
	v := &View{Locale: localeOf(c), Title: title, Current: current(c), Active: active,
		cat: s.Catalogs, now: s.Clock.Now(), Errors: map[string]string{}, Form: map[string]string{}}
	if v.Current != nil {
		v.CSRF = v.Current.CSRF
		v.Nav, v.Tabs = navFor(v.Current.Principal)
		v.Unread = s.unread(v.Current)
	} else {
		v.CSRF = s.preCSRF(c)
	}
	v.Flash = s.takeFlash(c, v.Locale)
	return v
}

// render executes a page into the response.
func (s *Server) render(c *fiber.Ctx, status int, page string, v *View) error {
	t, ok := s.views.pages[page]
	if !ok {
		return fmt.Errorf("web: no page template %q", page)
	}
	var buf bytes.Buffer
	if err := t.ExecuteTemplate(&buf, "layout", v); err != nil {
		return fmt.Errorf("web: render %s: %w", page, err)
	}
	c.Set(fiber.HeaderContentType, fiber.MIMETextHTMLCharsetUTF8)
	c.Set(fiber.HeaderCacheControl, "no-store")
	return c.Status(status).Send(buf.Bytes())
}

// renderError shows a user-facing error as a page.
func (s *Server) renderError(c *fiber.Ctx, status int, pe *problem.Error) error {
	v := s.view(c, "error.title", "")
	v.Data = map[string]any{"Status": status, "Message": s.Catalogs.T(v.Locale, pe.Key, pe.Args...)}
	return s.render(c, status, "error", v)
}

// flashKeys are the only keys a flash cookie may name.
func validFlash(key string) bool { return strings.HasPrefix(key, "flash.") }

// flash leaves a one-time message for the next page.
func (s *Server) flash(c *fiber.Ctx, key string) {
	s.setCookie(c, flashCookie, key, time.Minute)
}

func (s *Server) takeFlash(c *fiber.Ctx, locale string) string {
	key := c.Cookies(flashCookie)
	if key == "" {
		return ""
	}
	s.clearCookie(c, flashCookie)
	if !validFlash(key) {
		return ""
	}
	return s.Catalogs.T(locale, key)
}
