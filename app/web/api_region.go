package web

import (
	"github.com/gofiber/fiber/v2"

	"github.com/frontline-crm/frontline/app/org"
)

func (s *Server) apiRegionList(c *fiber.Ctx) error {
	req, err := pageRequest(c)
	if err != nil {
		return err
	}
	items, next, err := s.Org.ListRegions(current(c).Principal, req)
	if err != nil {
		return badCursor(err)
	}
	return c.JSON(list(items, next))
}

func (s *Server) apiRegionCreate(c *fiber.Ctx) error {
	var in org.RegionInput
	if err := decodeJSON(c, &in); err != nil {
		return err
	}
	r, err := s.Org.CreateRegion(current(c).Principal, in)
	if err != nil {
		return err
	}
	c.Location("/api/v1/regions/" + r.ID)
	return c.Status(fiber.StatusCreated).JSON(r)
}

func (s *Server) apiRegionGet(c *fiber.Ctx) error {
	r, err := s.Org.GetRegion(current(c).Principal, c.Params("id"))
	if err != nil {
		return err
	}
	return c.JSON(r)
}

func (s *Server) apiRegionUpdate(c *fiber.Ctx) error {
	var patch org.RegionPatch
	if err := decodeJSON(c, &patch); err != nil {
		return err
	}
	r, err := s.Org.UpdateRegion(current(c).Principal, c.Params("id"), patch)
	if err != nil {
		return err
	}
	return c.JSON(r)
}

func (s *Server) apiRegionDelete(c *fiber.Ctx) error {
	if err := s.Org.DeleteRegion(current(c).Principal, c.Params("id")); err != nil {
		return err
	}
	return c.SendStatus(fiber.StatusNoContent)
}
