package web

import (
	"github.com/gofiber/fiber/v2"

	"github.com/frontline-crm/frontline/app/org"
	"github.com/frontline-crm/frontline/app/problem"
)

// regionsData is the region tree page.
type regionsData struct {
	Tree []*org.TreeNode
	Flat []*org.TreeNode
}

func (s *Server) regionsPage(c *fiber.Ctx) error {
	if err := current(c).Principal.RequireAdmin(); err != nil {
		return err
	}
	return s.renderRegions(c, fiber.StatusOK, s.view(c, "regions.title", "regions"))
}

func (s *Server) renderRegions(c *fiber.Ctx, status int, v *View) error {
	tree, err := s.Org.Tree(current(c).Principal)
	if err != nil {
		return err
	}
	v.Data = regionsData{Tree: tree, Flat: org.Flatten(tree)}
	return s.render(c, status, "regions", v)
}

func (s *Server) regionCreateSubmit(c *fiber.Ctx) error {
	in := org.RegionInput{Name: c.FormValue("name"), ParentID: c.FormValue("parent_id")}
	if _, err := s.Org.CreateRegion(current(c).Principal, in); err != nil {
		return s.regionProblem(c, err)
	}
	s.flash(c, "flash.region_created")
	return seeOther(c, "/admin/regions")
}

func (s *Server) regionUpdateSubmit(c *fiber.Ctx) error {
	name, parent := c.FormValue("name"), c.FormValue("parent_id")
	patch := org.RegionPatch{Name: &name, ParentID: &parent}
	if _, err := s.Org.UpdateRegion(current(c).Principal, c.Params("id"), patch); err != nil {
		return s.regionProblem(c, err)
	}
	s.flash(c, "flash.region_saved")
	return seeOther(c, "/admin/regions")
}

func (s *Server) regionDeleteSubmit(c *fiber.Ctx) error {
	if err := s.Org.DeleteRegion(current(c).Principal, c.Params("id")); err != nil {
		return s.regionProblem(c, err)
	}
	s.flash(c, "flash.region_deleted")
	return seeOther(c, "/admin/regions")
}

// regionProblem shows the tree again with the error on top: the page holds
// several small forms, so one message for the page is clearest.
func (s *Server) regionProblem(c *fiber.Ctx, err error) error {
	pe, ok := problem.As(err)
	if !ok || (pe.Kind != problem.KindValidation && pe.Kind != problem.KindConflict) {
		return err
	}
	v := s.view(c, "regions.title", "regions")
	v.Errors = s.fieldErrors(c, err)
	echo(c, v, "name", "parent_id")
	status := fiber.StatusUnprocessableEntity
	if pe.Kind == problem.KindConflict {
		status = fiber.StatusConflict
	}
	return s.renderRegions(c, status, v)
}
