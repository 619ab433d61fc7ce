package web

import (
	"strings"
	"time"

	"github.com/gofiber/fiber/v2"

	"github.com/frontline-crm/frontline/app/customer"
	"github.com/frontline-crm/frontline/app/problem"
)

// conflictJSON is a status conflict as the API shows it: what clashed as
// a message in the caller's language, with its locale key as the code.
type conflictJSON struct {
	ID               string     `json:"id"`
	CustomerID       string     `json:"customer_id"`
	Rule             string     `json:"rule"`
	Message          string     `json:"message"`
	Code             string     `json:"code"`
	UserIDs          []string   `json:"user_ids"`
	FollowUpID       string     `json:"followup_id"`
	CreatedAt        time.Time  `json:"created_at"`
	ResolvedAt       *time.Time `json:"resolved_at"`
	ResolvedBy       string     `json:"resolved_by"`
	ResolutionReason string     `json:"resolution_reason"`
}

func (s *Server) toConflictJSON(locale string, cf customer.Conflict) conflictJSON {
	return conflictJSON{ID: cf.ID, CustomerID: cf.CustomerID, Rule: cf.Rule,
		Message: s.Catalogs.T(locale, cf.Detail.Key, cf.Detail.Args...), Code: cf.Detail.Key,
		UserIDs: nonNil(cf.UserIDs), FollowUpID: cf.FollowUpID, CreatedAt: cf.CreatedAt,
		ResolvedAt: cf.ResolvedAt, ResolvedBy: cf.ResolvedBy, ResolutionReason: cf.ResolutionReason}
}

// apiConflictList pages through the conflicts of the caller's customers,
// newest first: open ones, or all with resolved=true; customer=<id>
// narrows to one customer.
func (s *Server) apiConflictList(c *fiber.Ctx) error {
	page, err := pageRequest(c)
	if err != nil {
		return err
	}
	var v problem.Validation
	req := customer.ConflictRequest{CustomerID: strings.TrimSpace(c.Query("customer")),
		Resolved: queryBool(c, &v, "resolved"), Page: page}
	if err := v.Err(); err != nil {
		return err
	}
	items, next, err := s.Customers.Conflicts(current(c).Principal, req)
	if err != nil {
		return badCursor(err)
	}
	loc := localeOf(c)
	return c.JSON(list(mapEach(items, func(cf customer.Conflict) conflictJSON {
		return s.toConflictJSON(loc, cf)
	}), next))
}

func (s *Server) apiConflictGet(c *fiber.Ctx) error {
	cf, err := s.Customers.GetConflict(current(c).Principal, c.Params("id"))
	if err != nil {
		return err
	}
	return c.JSON(s.toConflictJSON(localeOf(c), cf))
}

// apiConflictResolve closes an open conflict with the required
// {"reason"} and answers the resolved conflict.
func (s *Server) apiConflictResolve(c *fiber.Ctx) error {
	var in struct {
		Reason string `json:"reason"`
	}
	if err := decodeJSON(c, &in); err != nil {
		return err
	}
	p := current(c).Principal
	if err := s.Customers.ResolveConflict(p, c.Params("id"), in.Reason); err != nil {
		return err
	}
	cf, err := s.Customers.GetConflict(p, c.Params("id"))
	if err != nil {
		return err
	}
	return c.JSON(s.toConflictJSON(localeOf(c), cf))
}
