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
// customer's region, other than its owner, by name.
func (s *Server) assignableReps(p *access.Principal, c customer.Customer) ([]org.User, error) {
	var out []org.User
	req := store.PageRequest{Limit: store.MaxPageSize}
	for {
		users, next, err := s.Org.ListUsers(p, org.UserFilter{Role: string(access.Rep)}, req)
		if err != nil {
			return nil, err
		}
		for _, u := range users {
			covers, err := s.Org.Subtree(u.Regions...)
			if err != nil {
				return nil, err
			}
			if !u.Disabled && u.ID != c.OwnerID && covers[c.RegionID] {
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
// message in the 负责人 card, next to the field it concerns, keeping what
// was typed. A lost race, the claim limit, a region outside the user's
// and bad input are shown that way; anything else (a customer the user
// may not see) is the error page.
func (s *Server) ownerProblem(c *fiber.Ctx, err error, form string, fields ...string) error {
	pe, ok := problem.As(err)
	if !ok || pe.Kind == problem.KindNotFound {
		return err
	}
	v := s.view(c, "customers.title", "customers")
	echo(c, v, fields...)
	v.Form["owner_open"] = form
	for field, msg := range s.fieldErrors(c, err) {
		if name, ok := ownerFields[form][field]; ok {
			field = name
		} else {
			field = form
		}
		v.Errors[field] = msg
	}
	status := fiber.StatusUnprocessableEntity
	if info, ok := kindInfo[pe.Kind]; ok {
		status = info.status
	}
	if rerr := s.renderCustomer(c, status, v); rerr != nil {
		return err
	}
	return nil
}
