package web

import (
	"github.com/gofiber/fiber/v2"
)

// The public pool's actions (docs/pool.md): each answers the customer as
// it is afterwards.

// apiCustomerClaim gives a pool customer to the calling rep. Claiming
// one's own customer again changes nothing.
func (s *Server) apiCustomerClaim(c *fiber.Ctx) error {
	cu, err := s.Customers.Claim(current(c).Principal, c.Params("id"))
	if err != nil {
		return err
	}
	return c.JSON(toCustomerJSON(cu))
}

// apiCustomerRelease returns a customer to its region's pool. The body
// {"reason"} is optional, as the reason is.
func (s *Server) apiCustomerRelease(c *fiber.Ctx) error {
	var in struct {
		Reason string `json:"reason"`
	}
	if err := decodeOptionalJSON(c, &in); err != nil {
		return err
	}
	cu, err := s.Customers.Release(current(c).Principal, c.Params("id"), in.Reason)
	if err != nil {
		return err
	}
	return c.JSON(toCustomerJSON(cu))
}

// apiCustomerAssign gives a customer to a rep of its region (managers,
// directors, admins).
func (s *Server) apiCustomerAssign(c *fiber.Ctx) error {
	var in struct {
		OwnerID string `json:"owner_id"`
		Reason  string `json:"reason"`
	}
	if err := decodeJSON(c, &in); err != nil {
		return err
	}
	cu, err := s.Customers.Assign(current(c).Principal, c.Params("id"), in.OwnerID, in.Reason)
	if err != nil {
		return err
	}
	return c.JSON(toCustomerJSON(cu))
}

// decodeOptionalJSON is decodeJSON for a body that may be left out: an
// empty body leaves v as it is.
func decodeOptionalJSON(c *fiber.Ctx, v any) error {
	if len(c.BodyRaw()) == 0 {
		return nil
	}
	return decodeJSON(c, v)
}
