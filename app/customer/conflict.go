package customer

import (
	"errors"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/frontline-crm/frontline/app/access"
	"github.com/frontline-crm/frontline/app/notify"
	"github.com/frontline-crm/frontline/app/problem"
	"github.com/frontline-crm/frontline/app/store"
)

// Conflict is a status conflict (状态冲突) flagged on a customer: two
// people stated contradicting statuses within the window, or a follow-up
// contradicted the status. It stays open until someone who may edit the
// customer resolves it with a reason; the customer is Flagged while any
// conflict of it is open.
type Conflict struct {
	ID         string `json:"id"`
	CustomerID string `json:"customer_id"`
	// Rule is RuleStatusPair or RuleFollowUpSignal.
	Rule string `json:"rule"`
	// Detail says what clashed, as a locale key with arguments.
	Detail Message `json:"detail"`
	// UserIDs are the people whose statements clash: the earlier and the
	// later one for a status pair, the author for a follow-up.
	UserIDs []string `json:"user_ids"`
	// FollowUpID is the follow-up that fired a RuleFollowUpSignal.
	FollowUpID       string     `json:"followup_id,omitempty"`
	CreatedAt        time.Time  `json:"created_at"`
	ResolvedAt       *time.Time `json:"resolved_at,omitempty"`
	ResolvedBy       string     `json:"resolved_by,omitempty"`
	ResolutionReason string     `json:"resolution_reason,omitempty"`
}

// Message is a locale key with its arguments, as stored records carry
// user-visible text.
type Message struct {
	Key  string `json:"key"`
	Args []any  `json:"args"`
}

// The conflict rules, as Conflict.Rule names them.
const (
	RuleStatusPair     = "status_pair"
	RuleFollowUpSignal = "followup_signal"
)

// Open reports whether the conflict is not resolved yet.
func (c Conflict) Open() bool { return c.ResolvedAt == nil }

// Conflict storage:
//
//	conflict/<id>                          the record
//	idx/conflict/customer/<customer>/<id>  every conflict of a customer
//	idx/conflict/state/open/<id>           open conflicts, oldest first
const conflictPrefix = "conflict/"

func conflictKey(id string) string { return conflictPrefix + id }

// ConflictRequest narrows Conflicts.
type ConflictRequest struct {
	// CustomerID lists one customer's conflicts.
	CustomerID string
	// Resolved includes resolved conflicts; by default only open ones.
	Resolved bool
	Page     store.PageRequest
}

// Conflicts pages through conflicts, newest first, of the customers in
// the principal's own scope: reps their own customers, managers their
// regions, directors and admins all.
func (s *Service) Conflicts(p *access.Principal, req ConflictRequest) ([]Conflict, string, error) {
	if err := p.RequireAny(access.Rep, access.Manager, access.Director); err != nil {
		return nil, "", err
	}
	var items []Conflict
	var next string
	err := s.db.View(func(tx *store.Tx) error {
		var err error
		items, next, err = listConflicts(tx, req, conflictScope(tx, p))
		return err
	})
	for i := range items {
		items[i].Detail.Args = notify.WholeNumbers(items[i].Detail.Args)
	}
	return items, next, err
}

// GetConflict returns one conflict of a customer in the principal's scope
// (as Conflicts has it).
func (s *Service) GetConflict(p *access.Principal, id string) (Conflict, error) {
	if err := p.RequireAny(access.Rep, access.Manager, access.Director); err != nil {
		return Conflict{}, err
	}
	var cf Conflict
	err := s.db.View(func(tx *store.Tx) error {
		var err error
		if cf, err = getConflict(tx, id); err != nil {
			return err
		}
		if !conflictScope(tx, p)(cf.CustomerID) {
			return problem.NotFound()
		}
		return nil
	})
	return cf, err
}

// listConflicts walks the narrowest source: one customer's index, the
// open index, or every conflict.
func listConflicts(tx *store.Tx, req ConflictRequest, visible func(customerID string) bool) (
	[]Conflict, string, error) {
	page := req.Page
	page.Reverse = true
	keep := func(c *Conflict) bool {
		return (req.Resolved || c.Open()) && (req.CustomerID == "" || c.CustomerID == req.CustomerID) &&
			visible(c.CustomerID)
	}
	resolve := func(id string) (string, bool) { return conflictKey(id), true }
	switch {
	case req.CustomerID != "":
		prefix := store.IndexPrefix("conflict", "customer", req.CustomerID)
		return store.ListIndex(tx, prefix, page, resolve, keep)
	case !req.Resolved:
		return store.ListIndex(tx, store.IndexPrefix("conflict", "state", "open"), page, resolve, keep)
	}
	return store.List(tx, conflictPrefix, page, keep)
}

// conflictScope is the visibility of a customer's conflicts: the general
// scope rule, without the pool and the read access of other roles.
func conflictScope(tx *store.Tx, p *access.Principal) func(customerID string) bool {
	seen := map[string]bool{}
	return func(id string) bool {
		ok, cached := seen[id]
		if !cached {
			c, err := getCustomer(tx, id)
			ok = err == nil && p.CanSee(c.OwnerID, c.RegionID) && (!c.Archived || p.IsAdmin())
			seen[id] = ok
		}
		return ok
	}
}

// ResolveConflict closes an open conflict with a reason: the owner, a
// manager of the customer's region, a director or an admin. The customer
// stops being flagged when no other conflict of it is open. A conflict
// out of scope is not found; a resolved one is a problem.KindConflict.
func (s *Service) ResolveConflict(p *access.Principal, id, reason string) error {
	reason = strings.TrimSpace(reason)
	return s.db.Update(func(tx *store.Tx) error {
		cf, c, err := s.resolvable(tx, p, id)
		if err != nil {
			return err
		}
		if err := checkResolution(reason); err != nil {
			return err
		}
		now := s.clock.Now().UTC()
		cf.ResolvedAt, cf.ResolvedBy, cf.ResolutionReason = &now, p.UserID, reason
		if err := tx.RemoveIndex("conflict", "state", "open", cf.ID); err != nil {
			return err
		}
		if err := tx.PutJSON(conflictKey(cf.ID), cf); err != nil {
			return err
		}
		if err := syncFlag(tx, c); err != nil {
			return err
		}
		return s.event(tx, p, "customer.conflict_resolved", customerKey(c.ID),
			map[string]any{"conflict_id": cf.ID, "rule": cf.Rule, "reason": reason})
	})
}

func (s *Service) resolvable(tx *store.Tx, p *access.Principal, id string) (Conflict, Customer, error) {
	cf, err := getConflict(tx, id)
	if err != nil {
		return cf, Customer{}, err
	}
	c, err := getCustomer(tx, cf.CustomerID)
	if err != nil {
		return cf, c, err
	}
	if !canEdit(p, c) || c.Archived {
		return Conflict{}, Customer{}, problem.NotFound()
	}
	if !cf.Open() {
		return Conflict{}, Customer{}, problem.New(problem.KindConflict, "conflict.error.already_resolved")
	}
	return cf, c, nil
}

func checkResolution(reason string) error {
	var v problem.Validation
	switch n := utf8.RuneCountInString(reason); {
	case n == 0:
		v.Add("reason", "conflict.error.reason_required")
	case n > 500:
		v.Add("reason", "customer.error.too_long", 500)
	}
	return v.Err()
}

func getConflict(tx *store.Tx, id string) (Conflict, error) {
	var cf Conflict
	if !store.ValidID(id) {
		return cf, problem.NotFound()
	}
	err := tx.GetJSON(conflictKey(id), &cf)
	if errors.Is(err, store.ErrNotFound) {
		return cf, problem.NotFound()
	}
	cf.Detail.Args = notify.WholeNumbers(cf.Detail.Args)
	return cf, err
}

// openConflicts returns a customer's open conflicts, oldest first.
func openConflicts(tx *store.Tx, customerID string) ([]Conflict, error) {
	ids, err := tx.IndexIDs("conflict", "customer", customerID)
	if err != nil {
		return nil, err
	}
	var out []Conflict
	for _, id := range ids {
		cf, err := getConflict(tx, id)
		if err != nil {
			return nil, err
		}
		if cf.Open() {
			out = append(out, cf)
		}
	}
	return out, nil
}

// syncFlag sets the customer's Flagged to whether a conflict of it is
// open, rewriting the record (and its indexes) only when that changes.
func syncFlag(tx *store.Tx, c Customer) error {
	open, err := openConflicts(tx, c.ID)
	if err != nil || c.Flagged == (len(open) > 0) {
		return err
	}
	old := c
	c.Flagged = len(open) > 0
	return putCustomer(tx, c, &old)
}
