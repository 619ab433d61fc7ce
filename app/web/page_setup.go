package web

import (
	"github.com/gofiber/fiber/v2"

	"github.com/frontline-crm/frontline/app/auth"
	"github.com/frontline-crm/frontline/app/problem"
)

func (s *Server) setupPage(c *fiber.Ctx) error {
	if err := s.Auth.CheckSetup(c.Params("secret")); err != nil {
		return err
	}
	v := s.view(c, "setup.title", "")
	if u, ok := s.Auth.PendingAdmin(); ok {
		v.Form["email"], v.Form["name"] = u.Email, u.Name
	}
	return s.render(c, fiber.StatusOK, "setup", v)
}

func (s *Server) setupSubmit(c *fiber.Ctx) error {
	in := auth.SetupAdmin{Email: c.FormValue("email"), Name: c.FormValue("name"), Password: c.FormValue("password")}
	err := confirmMatches(c.FormValue("password"), c.FormValue("confirm"))
	var id string
	if err == nil {
		id, _, err = s.Auth.CompleteSetup(c.Params("secret"), in, c.IP())
	}
	if pe, ok := problem.As(err); ok && pe.Kind == problem.KindValidation {
		v := s.view(c, "setup.title", "")
		echo(c, v, "email", "name")
		v.Errors = s.fieldErrors(c, err)
		return s.render(c, fiber.StatusUnprocessableEntity, "setup", v)
	}
	if err != nil {
		return err
	}
	s.startBrowserSession(c, id)
	s.flash(c, "flash.setup_done")
	return seeOther(c, "/")
}

// confirmMatches checks a repeated new password.
func confirmMatches(pw, confirm string) error {
	if pw == confirm {
		return nil
	}
	var v problem.Validation
	v.Add("confirm", "password.error.mismatch")
	return v.Err()
}
