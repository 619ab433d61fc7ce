package web

import (
	"strings"

	"github.com/gofiber/fiber/v2"

	"github.com/frontline-crm/frontline/app/access"
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

// apiUserUpdate changes a user; a patch that disables them hands their
// customers to the pool, as the disable action does by default.
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
	if u.Disabled && patch.Disabled != nil {
		if _, err := s.handOver(current(c).Principal, u.ID, ""); err != nil {
			return err
		}
	}
	return c.JSON(toUserJSON(u))
}

// disableInput is the optional body of POST /api/v1/users/{id}/disable.
type disableInput struct {
	// HandOverTo receives the user's customers; "" or absent: the pool.
	HandOverTo string `json:"hand_over_to"`
}

// disableJSON is the answer to a disable: the user and the hand-over.
type disableJSON struct {
	userJSON
	HandOverTo string `json:"hand_over_to"`
	// HandedOver counts the customers moved.
	HandedOver int `json:"handed_over"`
}

// apiUserDisable disables a user and hands their customers to
// hand_over_to or to the pool. The hand-over is checked first, so bad
// input changes nothing; a call for a user already disabled hands over
// whatever they still own.
func (s *Server) apiUserDisable(c *fiber.Ctx) error {
	in, err := readDisableInput(c)
	if err != nil {
		return err
	}
	p := current(c).Principal
	if err := s.checkHandOver(p, c.Params("id"), in.HandOverTo); err != nil {
		return err
	}
	u, err := s.Org.SetDisabled(p, c.Params("id"), true)
	if err != nil {
		return err
	}
	if err := s.signOutDisabled(u); err != nil {
		return err
	}
	moved, err := s.handOver(p, u.ID, in.HandOverTo)
	if err != nil {
		return err
	}
	return c.JSON(disableJSON{userJSON: toUserJSON(u), HandOverTo: in.HandOverTo, HandedOver: moved})
}

// readDisableInput reads the optional JSON body; a form post (the token
// as a form field, see checkCSRF) may name hand_over_to as a field.
func readDisableInput(c *fiber.Ctx) (disableInput, error) {
	var in disableInput
	if len(c.Body()) == 0 || !strings.HasPrefix(c.Get(fiber.HeaderContentType), fiber.MIMEApplicationJSON) {
		in.HandOverTo = c.FormValue("hand_over_to")
		return in, nil
	}
	return in, decodeJSON(c, &in)
}

func (s *Server) apiUserEnable(c *fiber.Ctx) error {
	u, err := s.Org.SetDisabled(current(c).Principal, c.Params("id"), false)
	if err != nil {
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

// checkHandOver validates handing a user's customers to to ("" is the
// pool) before the user is disabled. Disabling is for admins
// (org.SetDisabled); that is checked first, so anyone else is refused
// the same way whatever the hand-over input.
func (s *Server) checkHandOver(p *access.Principal, from, to string) error {
	if err := p.RequireAdmin(); err != nil {
		return err
	}
	if s.Customers == nil {
		return nil // a server without customer activity (organisation tests)
	}
	return s.Customers.CheckHandOver(p, from, to)
}

// handOver moves a disabled user's customers to to, or to the pool, so
// nothing leaves with the person.
func (s *Server) handOver(p *access.Principal, from, to string) (int, error) {
	if s.Customers == nil {
		return 0, nil
	}
	moved, err := s.Customers.HandOver(p, from, to)
	if err != nil {
		return moved, err
	}
	s.Log.Info("customers handed over", "user_id", from, "to_user_id", to, "count", moved)
	return moved, nil
}
