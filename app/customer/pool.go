package customer

import (
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/frontline-crm/frontline/app/access"
	"github.com/frontline-crm/frontline/app/notify"
	"github.com/frontline-crm/frontline/app/problem"
	"github.com/frontline-crm/frontline/app/store"
)

// The public pool (公海): a customer without an owner lies in its region's
// pool, where the reps of that region (and the regions above it) may claim
// it. Customers enter the pool when nobody follows them up for the
// level's number of days (pool_recycle.go), when their owner or a manager
// releases them, or when a leaving user's customers are handed to the
// pool (pool_handover.go). docs/pool.md describes the rules for users.
//
// Errors follow scope.go: a customer the caller cannot see is not found;
// one they can see but may not act on is forbidden; a claim that lost a
// race is a conflict; a claim over the limit is a validation error.

// maxPoolReason is the longest reason for a release or an assignment.
const maxPoolReason = 500

// Claim gives a pool customer to the rep p. The rep's regions must cover
// the customer's region, and the rep must own fewer customers than the
// claim limit. Claiming a customer one already owns changes nothing.
//
// Two reps claiming the same customer at once: both transactions write
// the customer, so the later commit conflicts, is retried, finds the
// customer owned and fails with the conflict customer.error.already_claimed.
func (s *Service) Claim(p *access.Principal, id string) (Customer, error) {
	var c Customer
	err := s.db.Update(func(tx *store.Tx) error {
		old, err := s.claimable(tx, p, id)
		if err != nil || old.OwnerID == p.UserID {
			c = old
			return err
		}
		if err := checkClaimLimit(tx, p.UserID); err != nil {
			return err
		}
		c, err = s.changeOwner(tx, old, p.UserID)
		if err != nil {
			return err
		}
		return s.event(tx, p, "customer.claim", customerKey(id), map[string]any{"to": p.UserID})
	})
	return c, err
}

// claimable loads a customer for Claim; see Claim for the rules.
func (s *Service) claimable(tx *store.Tx, p *access.Principal, id string) (Customer, error) {
	c, err := getCustomer(tx, id)
	if err != nil {
		return Customer{}, err
	}
	inRegion := p.Has(access.Rep) && p.Subtree[c.RegionID]
	if c.Archived || (!canSee(p, c) && !inRegion) {
		return Customer{}, problem.NotFound()
	}
	if !p.Has(access.Rep) {
		return Customer{}, problem.New(problem.KindForbidden, "customer.error.claim_reps_only")
	}
	if c.OwnerID == p.UserID {
		return c, nil
	}
	if !inRegion {
		return Customer{}, problem.New(problem.KindForbidden, "customer.error.claim_outside_region")
	}
	if !c.InPool() {
		return Customer{}, problem.New(problem.KindConflict, "customer.error.already_claimed")
	}
	return c, nil
}

// checkClaimLimit refuses a claim by a rep who owns as many customers as
// the limit allows. It reads and writes the rep's guard key, so two
// claims by one rep at once conflict and the retry counts again.
func checkClaimLimit(tx *store.Tx, userID string) error {
	if err := guardOwner(tx, userID); err != nil {
		return err
	}
	rules, err := LoadPoolRules(tx)
	if err != nil {
		return err
	}
	n, err := countOwned(tx, userID, rules)
	if err != nil || n < rules.ClaimLimit {
		return err
	}
	return &problem.Error{Kind: problem.KindValidation, Key: "customer.error.claim_limit",
		Args: []any{rules.ClaimLimit}, Extra: map[string]any{"claim_limit": rules.ClaimLimit, "owned": n}}
}

// guardOwner reads and rewrites pool/guard/<user>: any two transactions
// that give customers to the same user conflict on it, which makes a
// count of their customers taken in one of them exact.
func guardOwner(tx *store.Tx, userID string) error {
	key := store.Key("pool", "guard", userID)
	if _, err := tx.Has(key); err != nil {
		return err
	}
	return tx.Put(key, nil)
}

// countOwned counts what the claim limit counts: the user's live
// customers, without those in a closed status while closed ones are
// exempt (a rep's won customers must not stop them claiming).
func countOwned(tx *store.Tx, userID string, rules PoolRules) (int, error) {
	ids, err := tx.IndexIDs("customer", "owner", userID)
	if err != nil || !rules.ClosedExempt {
		return len(ids), err
	}
	set, err := LoadSettings(tx)
	if err != nil {
		return 0, err
	}
	n := 0
	for _, id := range ids {
		c, err := getCustomer(tx, id)
		if err != nil {
			return 0, err
		}
		if st, _ := set.statusByKey(c.Status); !st.Closed {
			n++
		}
	}
	return n, nil
}

// Release returns a customer to its region's pool: its owner, a manager
// of its region, a director or an admin may. reason is optional.
func (s *Service) Release(p *access.Principal, id, reason string) (Customer, error) {
	reason = strings.TrimSpace(reason)
	if err := checkReason(reason); err != nil {
		return Customer{}, err
	}
	var c Customer
	err := s.db.Update(func(tx *store.Tx) error {
		old, err := s.releasable(tx, p, id)
		if err != nil {
			return err
		}
		if c, err = s.changeOwner(tx, old, ""); err != nil {
			return err
		}
		return s.event(tx, p, "customer.release", customerKey(id), map[string]any{
			"from": old.OwnerID, "reason": reason})
	})
	return c, err
}

func (s *Service) releasable(tx *store.Tx, p *access.Principal, id string) (Customer, error) {
	c, err := getCustomer(tx, id)
	if err != nil {
		return Customer{}, err
	}
	switch {
	case c.Archived || !canSee(p, c):
		return Customer{}, problem.NotFound()
	case c.InPool():
		return Customer{}, problem.New(problem.KindConflict, "customer.error.already_in_pool")
	case !canEdit(p, c):
		return Customer{}, problem.Forbidden()
	}
	return c, nil
}

// Assign gives a customer, from the pool or from its owner, to a rep
// whose regions cover the customer's region. Managers of the customer's
// region, directors and admins may; the claim limit does not apply (it
// is the manager's decision). The new owner is notified.
func (s *Service) Assign(p *access.Principal, id, ownerID, reason string) (Customer, error) {
	ownerID, reason = strings.TrimSpace(ownerID), strings.TrimSpace(reason)
	var c Customer
	err := s.db.Update(func(tx *store.Tx) error {
		old, err := s.assignable(tx, p, id, ownerID, reason)
		if err != nil {
			return err
		}
		if err := guardOwner(tx, ownerID); err != nil {
			return err
		}
		if c, err = s.changeOwner(tx, old, ownerID); err != nil {
			return err
		}
		if ownerID != p.UserID {
			if err := s.notifyOwner(tx, c, "customer.assign", "notify.customer.assign", c.Name); err != nil {
				return err
			}
		}
		return s.event(tx, p, "customer.assign", customerKey(id), map[string]any{
			"from": old.OwnerID, "to": ownerID, "reason": reason})
	})
	return c, err
}

// assignable loads a customer p may assign to ownerID: permission first
// (not found, forbidden), then the input (validation).
func (s *Service) assignable(tx *store.Tx, p *access.Principal, id, ownerID, reason string) (Customer, error) {
	c, err := getCustomer(tx, id)
	if err != nil {
		return Customer{}, err
	}
	if c.Archived || !canSee(p, c) {
		return Customer{}, problem.NotFound()
	}
	if !mayAssign(p, c) {
		return Customer{}, problem.Forbidden()
	}
	if err := checkReason(reason); err != nil {
		return Customer{}, err
	}
	target, err := s.assignee(ownerID)
	if err != nil {
		return Customer{}, err
	}
	var v problem.Validation
	if c.OwnerID == target.UserID {
		v.Add("owner_id", "customer.error.owner_same")
	} else if !target.Subtree[c.RegionID] {
		v.Add("owner_id", "customer.error.owner_outside_region")
	}
	return c, v.Err()
}

// assignee loads the principal of the user a customer is assigned to;
// only enabled reps qualify.
func (s *Service) assignee(ownerID string) (*access.Principal, error) {
	var v problem.Validation
	if ownerID == "" {
		v.Add("owner_id", "customer.error.owner_required")
		return nil, v.Err()
	}
	u, err := s.org.UserByID(ownerID)
	if pe, ok := problem.As(err); (ok && pe.Kind == problem.KindNotFound) || (err == nil && u.Disabled) {
		v.Add("owner_id", "customer.error.owner_unknown")
		return nil, v.Err()
	}
	if err != nil {
		return nil, err
	}
	if !slices.Contains(u.Roles, access.Rep) {
		v.Add("owner_id", "customer.error.owner_not_rep")
		return nil, v.Err()
	}
	return s.org.Principal(u)
}

// mayAssign: directors and admins anywhere, managers in their subtree.
func mayAssign(p *access.Principal, c Customer) bool {
	return p.SeesAll() || (p.Has(access.Manager) && p.Subtree[c.RegionID])
}

func checkReason(reason string) error {
	if utf8.RuneCountInString(reason) <= maxPoolReason {
		return nil
	}
	var v problem.Validation
	v.Add("reason", "customer.error.too_long", maxPoolReason)
	return v.Err()
}

// changeOwner writes old with a new owner ("" is the pool), restarting
// the pool clock for the new owner.
func (s *Service) changeOwner(tx *store.Tx, old Customer, ownerID string) (Customer, error) {
	now := s.clock.Now().UTC()
	c := old
	c.OwnerID, c.UpdatedAt, c.AssignedAt = ownerID, now, nil
	if ownerID != "" {
		c.AssignedAt = &now
	}
	return c, putCustomer(tx, c, &old)
}

// notifyOwner leaves c's owner an in-app notification about c.
func (s *Service) notifyOwner(tx *store.Tx, c Customer, kind, key string, args ...any) error {
	return notify.Add(tx, c.OwnerID, kind, customerKey(c.ID), key, args, s.clock.Now().UTC())
}
