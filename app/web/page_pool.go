package web

import (
	"slices"
	"strings"

	"github.com/gofiber/fiber/v2"

	"github.com/frontline-crm/frontline/app/access"
	"github.com/frontline-crm/frontline/app/customer"
	"github.com/frontline-crm/frontline/app/org"
	"github.com/frontline-crm/frontline/app/problem"
	"github.com/frontline-crm/frontline/app/store"
)

// ownerCard is the customer page's 负责人 card: who owns the customer and
// the moves the user may make: 领取 from the pool, 退回公海, 分配给….
type ownerCard struct {
	CanClaim   bool
	CanRelease bool
	CanAssign  bool
	// Reps are who the customer may be assigned to, by name.
	Reps       []org.User
	ClaimLimit int
}

// ownerCardFor mirrors the pool service's rules (see docs/pool.md) only
// to decide which forms the page shows; the service checks every move.
func (s *Server) ownerCardFor(p *access.Principal, c customer.Customer) (ownerCard, error) {
	if c.Archived {
		return ownerCard{}, nil // nobody moves an archived customer
	}
	card := ownerCard{
		CanClaim:   c.InPool() && p.Has(access.Rep) && p.Subtree[c.RegionID],
		CanRelease: !c.InPool() && mayEdit(p, c),
		CanAssign:  p.SeesAll() || (p.Has(access.Manager) && p.Subtree[c.RegionID]),
	}
	if card.CanClaim {
		rules, err := s.Customers.PoolRules()
		if err != nil {
			return card, err
		}
		card.ClaimLimit = rules.ClaimLimit
	}
	if !card.CanAssign {
		return card, nil
	}
	var err error
	card.Reps, err = s.assignableReps(p, c)
	return card, err
}

// assignableReps lists the enabled reps whose regions cover the
// customer's region (the region or one above it), other than its owner,
// by name.
func (s *Server) assignableReps(p *access.Principal, c customer.Customer) ([]org.User, error) {
	above, err := s.regionAndAbove(c.RegionID)
	if err != nil {
		return nil, err
	}
	var out []org.User
	req := store.PageRequest{Limit: store.MaxPageSize}
	for {
		users, next, err := s.Org.ListUsers(p, org.UserFilter{Role: string(access.Rep)}, req)
		if err != nil {
			return nil, err
		}
		for _, u := range users {
			covers := slices.ContainsFunc(u.Regions, func(r string) bool { return above[r] })
			if !u.Disabled && u.ID != c.OwnerID && covers {
				out = append(out, u)
			}
		}
		if next == "" {
			slices.SortFunc(out, func(a, b org.User) int { return strings.Compare(a.Name, b.Name) })
			return out, nil
		}
		req.Cursor = next
	}
}

// regionAndAbove is a region and every region above it.
func (s *Server) regionAndAbove(id string) (map[string]bool, error) {
	tree, err := s.Org.Tree(access.SystemPrincipal)
	if err != nil {
		return nil, err
	}
	parent := map[string]string{}
	for _, n := range org.Flatten(tree) {
		parent[n.ID] = n.ParentID
	}
	out := map[string]bool{}
	for r := id; r != "" && !out[r]; r = parent[r] {
		out[r] = true
	}
	return out, nil
}

func (s *Server) claimSubmit(c *fiber.Ctx) error {
	id := c.Params("id")
	if _, err := s.Customers.Claim(current(c).Principal, id); err != nil {
		return s.ownerProblem(c, err, "claim")
	}
	s.flash(c, "flash.customer_claimed")
	return seeOther(c, "/customers/"+id)
}

func (s *Server) releaseSubmit(c *fiber.Ctx) error {
	p, id := current(c).Principal, c.Params("id")
	if _, err := s.Customers.Release(p, id, c.FormValue("release_reason")); err != nil {
		return s.ownerProblem(c, err, "release", "release_reason")
	}
	s.flash(c, "flash.customer_released")
	// An owner whose regions do not hold the customer's region sees it no
	// more once it is in that region's pool.
	if _, err := s.Customers.Get(p, id); err != nil {
		return seeOther(c, "/customers")
	}
	return seeOther(c, "/customers/"+id)
}

func (s *Server) assignSubmit(c *fiber.Ctx) error {
	id := c.Params("id")
	_, err := s.Customers.Assign(current(c).Principal, id, c.FormValue("assign_owner"),
		c.FormValue("assign_reason"))
	if err != nil {
		return s.ownerProblem(c, err, "assign", "assign_owner", "assign_reason")
	}
	s.flash(c, "flash.customer_assigned")
	return seeOther(c, "/customers/"+id)
}

// ownerFields maps the pool service's field names to the form's.
var ownerFields = map[string]map[string]string{
	"release": {"reason": "release_reason"},
	"assign":  {"owner_id": "assign_owner", "reason": "assign_reason"},
}

// ownerProblem shows the customer page again with a refused move's
// message in the 负责人 card, next to the field it concerns (a message
// about no field at the top of the card), keeping what was typed. Bad
// input, the claim limit and a lost race are shown that way; anything
// else, and a customer the user no longer sees, is the error page.
func (s *Server) ownerProblem(c *fiber.Ctx, err error, form string, fields ...string) error {
	pe, ok := problem.As(err)
	if !ok || (pe.Kind != problem.KindValidation && pe.Kind != problem.KindConflict) {
		return err
	}
	v := s.view(c, "customers.title", "customers")
	echo(c, v, fields...)
	v.Form["owner_open"] = form
	for field, msg := range s.fieldErrors(c, err) {
		name, ok := ownerFields[form][field]
		if !ok {
			name = "owner"
		}
		v.Errors[name] = msg
	}
	if rerr := s.renderCustomer(c, kindInfo[pe.Kind].status, v); rerr != nil {
		return err
	}
	return nil
}
