package web

import (
	"github.com/gofiber/fiber/v2"

	"github.com/frontline-crm/frontline/app/problem"
)

func (s *Server) loginPage(c *fiber.Ctx) error {
	if current(c) != nil {
		return seeOther(c, localPath(c.Query("next")))
	}
	v := s.view(c, "login.title", "")
	v.Form["next"] = localPath(c.Query("next"))
	return s.render(c, fiber.StatusOK, "login", v)
}

func (s *Server) loginSubmit(c *fiber.Ctx) error {
	id, _, err := s.Auth.Login(c.FormValue("email"), c.FormValue("password"), c.IP())
	if err != nil {
		pe, ok := problem.As(err)
		if !ok {
			return err
		}
		v := s.view(c, "login.title", "")
		echo(c, v, "email", "next")
		v.Errors["_"] = s.Catalogs.T(v.Locale, pe.Key, pe.Args...)
		status := fiber.StatusUnauthorized
		if pe.Kind == problem.KindTooMany {
			status = fiber.StatusTooManyRequests
		}
		return s.render(c, status, "login", v)
	}
	s.startBrowserSession(c, id)
	return seeOther(c, localPath(c.FormValue("next")))
}

// startBrowserSession hands the browser its new session cookie. The
// cookie lives as long as the absolute timeout; the server enforces both
// timeouts whatever the browser keeps.
func (s *Server) startBrowserSession(c *fiber.Ctx, id string) {
	s.setCookie(c, sessionCookie, id, s.Config.Duration("session.absolute_timeout"))
	s.clearCookie(c, preCSRFCookie)
}

func (s *Server) logoutSubmit(c *fiber.Ctx) error {
	cur := current(c)
	if cur.SessionID != "" {
		if err := s.Auth.Logout(cur, c.IP()); err != nil {
			return err
		}
	}
	s.clearCookie(c, sessionCookie)
	s.flash(c, "flash.logged_out")
	return seeOther(c, "/login")
}
