package web

import (
	"strings"
	"time"

	"github.com/gofiber/fiber/v2"
)

// formValues reads every value of a repeated form field (checkboxes).
func formValues(c *fiber.Ctx, name string) []string {
	var out []string
	for _, v := range c.Context().PostArgs().PeekMulti(name) {
		if s := strings.TrimSpace(string(v)); s != "" {
			out = append(out, s)
		}
	}
	return out
}

// echo copies the named form fields into the view, so a rejected form
// shows what the user typed. Passwords are never echoed.
func echo(c *fiber.Ctx, v *View, fields ...string) {
	for _, f := range fields {
		v.Form[f] = c.FormValue(f)
	}
}

// localPath keeps a redirect target on this site: it must be a path, not
// a URL or a protocol-relative "//host".
func localPath(next string) string {
	if !strings.HasPrefix(next, "/") || strings.HasPrefix(next, "//") || strings.HasPrefix(next, "/\\") {
		return "/"
	}
	return next
}

// seeOther redirects after a successful form post.
func seeOther(c *fiber.Ctx, to string) error {
	return c.Redirect(to, fiber.StatusSeeOther)
}

// preCSRF returns the pre-sign-in form token, setting its cookie if the
// browser has none yet.
func (s *Server) preCSRF(c *fiber.Ctx) string {
	if tok := c.Cookies(preCSRFCookie); len(tok) >= 32 {
		return tok
	}
	tok := newRequestID() + newRequestID() + newRequestID() + newRequestID()
	s.setCookie(c, preCSRFCookie, tok, 12*time.Hour)
	return tok
}
