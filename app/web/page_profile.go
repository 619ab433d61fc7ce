package web

import (
	"github.com/gofiber/fiber/v2"

	"github.com/frontline-crm/frontline/app/auth"
	"github.com/frontline-crm/frontline/app/org"
	"github.com/frontline-crm/frontline/app/password"
	"github.com/frontline-crm/frontline/app/problem"
)

// profileData is the profile page: the user's details, their tokens and,
// right after creating one, the new token's secret (shown once).
type profileData struct {
	Regions  []string
	Tokens   []auth.Token
	NewToken string
}

func (s *Server) profilePage(c *fiber.Ctx) error {
	return s.renderProfile(c, fiber.StatusOK, s.view(c, "profile.title", "profile"), "")
}

func (s *Server) renderProfile(c *fiber.Ctx, status int, v *View, newToken string) error {
	cur := current(c)
	tokens, err := s.Auth.Tokens(cur.Principal, cur.User.ID)
	if err != nil {
		return err
	}
	tree, err := s.Org.Tree(cur.Principal)
	if err != nil {
		return err
	}
	if _, typed := v.Form["name"]; !typed {
		v.Form["name"] = cur.User.Name
	}
	v.Data = profileData{Regions: regionPaths(tree, cur.User.Regions), Tokens: tokens, NewToken: newToken}
	return s.render(c, status, "profile", v)
}

func (s *Server) profileSubmit(c *fiber.Ctx) error {
	cur := current(c)
	name := c.FormValue("name")
	_, err := s.Org.UpdateUser(cur.Principal, cur.User.ID, org.UserPatch{Name: &name})
	if err != nil {
		return s.profileProblem(c, err, "name")
	}
	s.flash(c, "flash.profile_saved")
	return seeOther(c, "/profile")
}

// passwordSubmit changes the user's own password after checking the
// current one, then ends their other sessions by starting a fresh one.
func (s *Server) passwordSubmit(c *fiber.Ctx) error {
	cur := current(c)
	pw := c.FormValue("new_password")
	err := s.checkCurrentPassword(cur.User, c.FormValue("current_password"))
	if err == nil {
		err = confirmMatches(pw, c.FormValue("confirm"))
	}
	if err == nil {
		err = s.Org.SetPassword(cur.Principal, cur.User.ID, pw)
	}
	if err != nil {
		return s.profileProblem(c, err)
	}
	if err := s.Auth.EndSessions(cur.User.ID); err != nil {
		return err
	}
	s.flash(c, "flash.password_changed")
	return seeOther(c, "/login")
}

func (s *Server) checkCurrentPassword(u org.User, given string) error {
	if !u.HasPassword() {
		return nil
	}
	ok, err := password.Check(given, u.PasswordHash)
	if err != nil {
		return err
	}
	if !ok {
		var v problem.Validation
		v.Add("current_password", "password.error.current_wrong")
		return v.Err()
	}
	return nil
}

func (s *Server) tokenCreateSubmit(c *fiber.Ctx) error {
	cur := current(c)
	_, secret, err := s.Auth.CreateToken(cur.Principal, cur.User.ID, c.FormValue("token_name"))
	if err != nil {
		pe, ok := problem.As(err)
		if ok && pe.Kind == problem.KindValidation {
			pe.Fields[0].Field = "token_name"
		}
		return s.profileProblem(c, err, "token_name")
	}
	v := s.view(c, "profile.title", "profile")
	v.Flash = s.Catalogs.T(v.Locale, "flash.token_created")
	return s.renderProfile(c, fiber.StatusCreated, v, secret)
}

func (s *Server) tokenRevokeSubmit(c *fiber.Ctx) error {
	if err := s.Auth.RevokeToken(current(c).Principal, c.Params("id")); err != nil {
		return err
	}
	s.flash(c, "flash.token_revoked")
	return seeOther(c, "/profile")
}

// profileProblem re-renders the profile with a validation error next to
// its field; other errors go to the error handler.
func (s *Server) profileProblem(c *fiber.Ctx, err error, echoed ...string) error {
	pe, ok := problem.As(err)
	if !ok || pe.Kind != problem.KindValidation {
		return err
	}
	v := s.view(c, "profile.title", "profile")
	echo(c, v, echoed...)
	v.Errors = s.fieldErrors(c, err)
	return s.renderProfile(c, fiber.StatusUnprocessableEntity, v, "")
}

func orgLocalePatch(loc string) org.UserPatch { return org.UserPatch{Locale: &loc} }
