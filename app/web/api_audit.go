package web

import (
	"github.com/gofiber/fiber/v2"

	"github.com/frontline-crm/frontline/app/audit"
)

func (s *Server) apiAuditList(c *fiber.Ctx) error {
	req, err := pageRequest(c)
	if err != nil {
		return err
	}
	f := audit.Filter{Kind: c.Query("kind"), ActorID: c.Query("actor_id")}
	items, next, err := s.Audit.List(current(c).Principal, f, req)
	if err != nil {
		return badCursor(err)
	}
	return c.JSON(list(items, next))
}
