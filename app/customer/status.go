package customer

import (
	"strings"
	"unicode/utf8"

	"github.com/frontline-crm/frontline/app/access"
	"github.com/frontline-crm/frontline/app/problem"
	"github.com/frontline-crm/frontline/app/store"
)

// StatusChange is the data of a "customer.status" event.
type StatusChange struct {
	From   string `json:"from"`
	To     string `json:"to"`
	Reason string `json:"reason"`
}

// ChangeStatus sets a customer's one status and records who changed it,
// when, from what, to what and why. Whoever may touch the customer may
// state its status; the event keeps every statement.
func (s *Service) ChangeStatus(p *access.Principal, id, status, reason string) (Customer, error) {
	status, reason = strings.TrimSpace(status), strings.TrimSpace(reason)
	var c Customer
	err := s.db.Update(func(tx *store.Tx) error {
		old, err := s.followable(tx, p, id)
		if err != nil {
			if pe, ok := problem.As(err); ok && pe.Kind == problem.KindValidation {
				return problem.NotFound()
			}
			return err
		}
		if err := checkStatusChange(tx, old, status, reason); err != nil {
			return err
		}
		c = old
		c.Status, c.UpdatedAt = status, s.clock.Now().UTC()
		if err := putCustomer(tx, c, &old); err != nil {
			return err
		}
		if err := s.detectStatusConflict(tx, p, &c); err != nil {
			return err
		}
		if err := s.refreshHealth(tx, c.ID); err != nil {
			return err
		}
		return s.event(tx, p, "customer.status", customerKey(id),
			map[string]any{"from": old.Status, "to": status, "reason": reason})
	})
	return c, err
}

func checkStatusChange(tx *store.Tx, c Customer, status, reason string) error {
	set, err := LoadSettings(tx)
	if err != nil {
		return err
	}
	var v problem.Validation
	if _, ok := set.statusByKey(status); !ok {
		v.Add("status", "customer.error.status_unknown", status)
	} else if status == c.Status {
		v.Add("status", "customer.error.status_same")
	}
	if utf8.RuneCountInString(reason) > 500 {
		v.Add("reason", "customer.error.too_long", 500)
	}
	return v.Err()
}

// Events returns a visible customer's history (status changes,
// follow-ups, edits, pool moves), oldest first.
func (s *Service) Events(p *access.Principal, id string) ([]store.Event, error) {
	if _, err := s.Get(p, id); err != nil {
		return nil, err
	}
	var out []store.Event
	err := s.db.View(func(tx *store.Tx) error {
		var err error
		out, err = tx.SubjectEvents(customerKey(id))
		return err
	})
	return out, err
}
