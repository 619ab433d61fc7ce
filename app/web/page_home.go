package web

import (
	"github.com/gofiber/fiber/v2"

	"github.com/frontline-crm/frontline/app/access"
	"github.com/frontline-crm/frontline/app/org"
	"github.com/frontline-crm/frontline/app/store"
)

// homeData is the role's home dashboard. Modules add their cards here as
// they arrive; until then each role sees what the page will hold and the
// first thing to do.
type homeData struct {
	// Role is the role whose welcome text is shown (the first of the
	// user's roles in access.Roles order).
	Role       access.Role
	Regions    []string // paths of the user's regions
	UserCount  int
	RegionCnt  int
	AdminSetup bool
}

func (s *Server) homePage(c *fiber.Ctx) error {
	cur := current(c)
	d := homeData{Role: mainRole(cur.Principal)}
	tree, err := s.Org.Tree(cur.Principal)
	if err != nil {
		return err
	}
	d.Regions = regionPaths(tree, cur.User.Regions)
	if cur.Principal.IsAdmin() {
		if err := s.adminCounts(cur.Principal, &d, tree); err != nil {
			return err
		}
	}
	v := s.view(c, "home.title", "home")
	v.Data = d
	return s.render(c, fiber.StatusOK, "home", v)
}

func (s *Server) adminCounts(p *access.Principal, d *homeData, tree []*org.TreeNode) error {
	users, next, err := s.Org.ListUsers(p, org.UserFilter{}, store.PageRequest{Limit: store.MaxPageSize})
	if err != nil {
		return err
	}
	d.UserCount = len(users)
	if next != "" {
		d.UserCount = store.MaxPageSize // shown as "200+"
	}
	d.RegionCnt = len(org.Flatten(tree))
	d.AdminSetup = d.RegionCnt == 0 || d.UserCount <= 1
	return nil
}

func mainRole(p *access.Principal) access.Role {
	for _, r := range access.Roles {
		if p.Has(r) {
			return r
		}
	}
	return access.Rep
}

// regionPaths gives the full paths of ids, in tree order.
func regionPaths(tree []*org.TreeNode, ids []string) []string {
	want := map[string]bool{}
	for _, id := range ids {
		want[id] = true
	}
	var out []string
	for _, n := range org.Flatten(tree) {
		if want[n.ID] {
			out = append(out, n.Path)
		}
	}
	return out
}
