package web

import (
	"github.com/gofiber/fiber/v2"

	"github.com/frontline-crm/frontline/app/org"
)

func (s *Server) apiUserList(c *fiber.Ctx) error {
	req, err := pageRequest(c)
	if err != nil {
		return err
	}
	f := org.UserFilter{Role: c.Query("role"), Region: c.Query("region"), Query: c.Query("q")}
	users, next, err := s.Org.ListUsers(current(c).Principal, f, req)
	if err != nil {
		return badCursor(err)
	}
	items := make([]userJSON, len(users))
	for i, u := range users {
		items[i] = toUserJSON(u)
	}
	return c.JSON(list(items, next))
}

func (s *Server) apiUserCreate(c *fiber.Ctx) error {
	var in org.UserInput
	if err := decodeJSON(c, &in); err != nil {
		return err
	}
	u, err := s.Org.CreateUser(current(c).Principal, in)
	if err != nil {
		return err
	}
	c.Location("/api/v1/users/" + u.ID)
	return c.Status(fiber.StatusCreated).JSON(toUserJSON(u))
}

func (s *Server) apiUserGet(c *fiber.Ctx) error {
	u, err := s.Org.GetUser(current(c).Principal, c.Params("id"))
	if err != nil {
		return err
	}
	return c.JSON(toUserJSON(u))
}

func (s *Server) apiUserUpdate(c *fiber.Ctx) error {
	var patch org.UserPatch
	if err := decodeJSON(c, &patch); err != nil {
		return err
	}
	u, err := s.Org.UpdateUser(current(c).Principal, c.Params("id"), patch)
	if err != nil {
		return err
	}
	if err := s.signOutDisabled(u); err != nil {
		return err
	}
	return c.JSON(toUserJSON(u))
}

func (s *Server) apiUserDisable(c *fiber.Ctx) error { return s.apiSetDisabled(c, true) }

func (s *Server) apiUserEnable(c *fiber.Ctx) error { return s.apiSetDisabled(c, false) }

func (s *Server) apiSetDisabled(c *fiber.Ctx, disabled bool) error {
	u, err := s.Org.SetDisabled(current(c).Principal, c.Params("id"), disabled)
	if err != nil {
		return err
	}
	if err := s.signOutDisabled(u); err != nil {
		return err
	}
	return c.JSON(toUserJSON(u))
}

// signOutDisabled ends a disabled user's sessions, as the users page does,
// so enabling the account again does not bring old sessions back.
func (s *Server) signOutDisabled(u org.User) error {
	if !u.Disabled {
		return nil
	}
	return s.Auth.EndSessions(u.ID)
}
