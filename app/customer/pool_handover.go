package customer

import (
	"slices"

	"github.com/frontline-crm/frontline/app/access"
	"github.com/frontline-crm/frontline/app/notify"
	"github.com/frontline-crm/frontline/app/org"
	"github.com/frontline-crm/frontline/app/problem"
	"github.com/frontline-crm/frontline/app/store"
)

// handOverBatch is how many customers one hand-over transaction moves.
const handOverBatch = 200

// CheckHandOver validates a hand-over without moving anything, so that
// disabling a user can refuse bad input before it changes the account.
// Errors are those of HandOver.
func (s *Service) CheckHandOver(p *access.Principal, fromUserID, toUserID string) error {
	_, err := s.handOverParties(p, fromUserID, toUserID)
	return err
}

// HandOver moves every live customer of fromUserID to toUserID, or to
// their regions' pools when toUserID is "", and returns how many moved.
// Admins and directors move all of them; a manager may hand over a user
// of their regions and moves the customers in their subtree (others stay).
// The receiver must be an enabled rep, manager or director
// (MayOwnCustomers) other than the giver; their pool clock restarts.
//
// Steps: customers move in transactions of up to 200, each customer with
// a "customer.handover" event {from, to}, and the receiver gets one
// notification per transaction. A failure stops at the failed batch:
// the customers moved so far stay moved (and are counted), the rest
// stay with the giver, and calling HandOver again moves the rest.
// Archived customers keep their owner (they are out of every list); a
// restored one with a disabled owner returns to the pool by the usual rule.
//
// Errors: problem.Forbidden for roles that may not hand over, not found
// for a giver outside a manager's regions, a validation error on the
// field hand_over_to for an unusable receiver.
func (s *Service) HandOver(p *access.Principal, fromUserID, toUserID string) (int, error) {
	from, err := s.handOverParties(p, fromUserID, toUserID)
	if err != nil {
		return 0, err
	}
	moved, after := 0, ""
	for {
		n, last, err := s.handOverBatch(p, from, toUserID, after)
		moved += n
		if err != nil || last == "" {
			return moved, err
		}
		after = last
	}
}

// MayOwnCustomers reports whether u can be given customers by a
// hand-over: an enabled rep, manager or director.
func MayOwnCustomers(u org.User) bool {
	if u.Disabled {
		return false
	}
	return slices.ContainsFunc(u.Roles, func(r access.Role) bool {
		return r == access.Rep || r == access.Manager || r == access.Director
	})
}

// handOverParties checks who may hand over whose customers to whom.
func (s *Service) handOverParties(p *access.Principal, fromUserID, toUserID string) (org.User, error) {
	if !p.SeesAll() && !p.Has(access.Manager) {
		return org.User{}, problem.Forbidden()
	}
	from, err := s.org.GetUser(p, fromUserID)
	if err != nil || toUserID == "" {
		return from, err
	}
	var v problem.Validation
	to, err := s.org.GetUser(p, toUserID)
	switch pe, _ := problem.As(err); {
	case toUserID == fromUserID:
		v.Add("hand_over_to", "customer.error.handover_same")
	case pe != nil && pe.Kind == problem.KindNotFound:
		v.Add("hand_over_to", "customer.error.owner_unknown")
	case err != nil:
		return from, err
	case !MayOwnCustomers(to):
		v.Add("hand_over_to", "customer.error.handover_target_invalid")
	}
	return from, v.Err()
}

// handOverBatch moves the next batch of from's customers after the id
// after. last is the last id it looked at, "" when none are left.
func (s *Service) handOverBatch(p *access.Principal, from org.User, to, after string) (int, string, error) {
	var moved int
	var last string
	err := s.db.Update(func(tx *store.Tx) error {
		moved, last = 0, ""
		ids, err := ownedAfter(tx, from.ID, after, handOverBatch)
		if err != nil || len(ids) == 0 {
			return err
		}
		if len(ids) == handOverBatch {
			last = ids[len(ids)-1]
		}
		if moved, err = s.handOverEach(tx, p, ids, to); err != nil || moved == 0 || to == "" {
			return err
		}
		return notify.Add(tx, to, "customer.handover", store.Key("user", from.ID),
			"notify.customer.handover", []any{from.Name, moved}, s.clock.Now().UTC())
	})
	return moved, last, err
}

// handOverEach moves the customers of ids that p may assign to to.
func (s *Service) handOverEach(tx *store.Tx, p *access.Principal, ids []string, to string) (int, error) {
	if to != "" {
		if err := guardOwner(tx, to); err != nil {
			return 0, err
		}
	}
	moved := 0
	for _, id := range ids {
		old, err := getCustomer(tx, id)
		if err != nil {
			return 0, err
		}
		if !mayAssign(p, old) {
			continue
		}
		if _, err := s.changeOwner(tx, old, to); err != nil {
			return 0, err
		}
		err = s.event(tx, p, "customer.handover", customerKey(id), map[string]any{"from": old.OwnerID, "to": to})
		if err != nil {
			return 0, err
		}
		moved++
	}
	return moved, nil
}

// ownedAfter lists up to limit ids of userID's live customers after the
// id after, in id order.
func ownedAfter(tx *store.Tx, userID, after string, limit int) ([]string, error) {
	prefix := store.IndexPrefix("customer", "owner", userID)
	opts := store.ScanOptions{KeysOnly: true}
	if after != "" {
		opts.After = prefix + after
	}
	var ids []string
	err := tx.Scan(prefix, opts, func(key string, _ []byte) (bool, error) {
		ids = append(ids, key[len(prefix):])
		return len(ids) < limit, nil
	})
	return ids, err
}
