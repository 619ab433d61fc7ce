package web

import (
	"slices"

	"github.com/gofiber/fiber/v2"

	"github.com/frontline-crm/frontline/app/customer"
)

// The rules behind the pool, the health radar and status conflicts:
// every signed-in user reads them (pages and clients explain themselves
// with them), admins replace them. Bodies are the rule structs as JSON;
// docs/pool.md, docs/health.md and docs/conflicts.md describe them.

func (s *Server) apiPoolRules(c *fiber.Ctx) error {
	r, err := s.Customers.PoolRules()
	if err != nil {
		return err
	}
	return c.JSON(r)
}

func (s *Server) apiPoolRulesSave(c *fiber.Ctx) error {
	var in customer.PoolRules
	if err := decodeJSON(c, &in); err != nil {
		return err
	}
	r, err := s.Customers.SavePoolRules(current(c).Principal, in)
	if err != nil {
		return err
	}
	return c.JSON(r)
}

func (s *Server) apiHealthRules(c *fiber.Ctx) error {
	r, err := s.Customers.HealthRules()
	if err != nil {
		return err
	}
	return c.JSON(healthRulesJSON(r))
}

func (s *Server) apiHealthRulesSave(c *fiber.Ctx) error {
	var in customer.HealthRules
	if err := decodeJSON(c, &in); err != nil {
		return err
	}
	r, err := s.Customers.SaveHealthRules(current(c).Principal, in)
	if err != nil {
		return err
	}
	return c.JSON(healthRulesJSON(r))
}

func (s *Server) apiConflictRules(c *fiber.Ctx) error {
	r, err := s.Customers.ConflictRules()
	if err != nil {
		return err
	}
	return c.JSON(conflictRulesJSON(r))
}

func (s *Server) apiConflictRulesSave(c *fiber.Ctx) error {
	var in customer.ConflictRules
	if err := decodeJSON(c, &in); err != nil {
		return err
	}
	r, err := s.Customers.SaveConflictRules(current(c).Principal, in)
	if err != nil {
		return err
	}
	return c.JSON(conflictRulesJSON(r))
}

// healthRulesJSON shows empty lists as [], never null.
func healthRulesJSON(r customer.HealthRules) customer.HealthRules {
	r.DecisionChain.Roles = nonNil(r.DecisionChain.Roles)
	r.Urgency.Tags = nonNil(r.Urgency.Tags)
	r.Competition.Tags = nonNil(r.Competition.Tags)
	r.Competition.Keywords = nonNil(r.Competition.Keywords)
	return r
}

// conflictRulesJSON shows empty lists as [], never null, without
// changing the rules it was given.
func conflictRulesJSON(r customer.ConflictRules) customer.ConflictRules {
	r.StatusPairs = nonNil(slices.Clone(r.StatusPairs))
	for i := range r.StatusPairs {
		r.StatusPairs[i].Against = nonNil(r.StatusPairs[i].Against)
	}
	r.FollowUpRules = nonNil(slices.Clone(r.FollowUpRules))
	for i := range r.FollowUpRules {
		fr := &r.FollowUpRules[i]
		fr.Tags, fr.Words, fr.Statuses = nonNil(fr.Tags), nonNil(fr.Words), nonNil(fr.Statuses)
	}
	return r
}
