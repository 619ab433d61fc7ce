package customer

import (
	"slices"
	"strings"

	"github.com/frontline-crm/frontline/app/access"
	"github.com/frontline-crm/frontline/app/clock"
	"github.com/frontline-crm/frontline/app/problem"
	"github.com/frontline-crm/frontline/app/store"
)

// This file is the bulk path, for writers of many records at once: the
// demo generator's benchmark volumes, and later imports. It adds no rule
// of its own; TestBatchWritesWhatTheServiceWrites keeps it in step with
// the single-record methods.

// WithClock returns a service that works like s but reads the time from
// clk, for writers of history: an import that keeps each record's
// original date, and the demo generator, which writes months of activity.
// Every rule still applies (a follow-up cannot lie in the future of clk),
// and ids, events, pool timers and conflict windows follow clk, so the
// history reads as if it had happened then. The copy shares the database
// and everything else with s; give each concurrent writer its own clock.
func (s *Service) WithClock(clk clock.Clock) *Service {
	dated := *s
	dated.clock = clk
	return &dated
}

// Batch writes many records in one transaction. Each of its methods
// checks and writes exactly what the service method of the same name
// does, except that health scores are refreshed once per customer when
// the batch ends instead of after every write: one commit and one disk
// sync for the lot instead of one per record.
type Batch struct {
	s       *Service
	tx      *store.Tx
	touched []string // customers whose health is refreshed at the end
}

// Batch runs fn with a batch whose writes commit together when fn
// returns nil; an error from fn discards them all and is returned. A
// batch method that returns a validation, permission or conflict error
// has written nothing, so fn may go on after one. Like store.DB.Update,
// Batch may run fn more than once. Keep a batch to a few hundred records:
// Badger refuses a transaction that outgrows its memory table.
func (s *Service) Batch(fn func(b *Batch) error) error {
	return s.db.Update(func(tx *store.Tx) error {
		b := &Batch{s: s, tx: tx}
		if err := fn(b); err != nil {
			return err
		}
		for _, id := range b.touched {
			if err := s.refreshHealth(tx, id); err != nil {
				return err
			}
		}
		return nil
	})
}

// touch notes that a customer's health needs refreshing.
func (b *Batch) touch(id string) {
	if !slices.Contains(b.touched, id) {
		b.touched = append(b.touched, id)
	}
}

// Create is Service.Create within the batch.
func (b *Batch) Create(p *access.Principal, in Input) (Customer, error) {
	s, tx := b.s, b.tx
	if err := p.RequireAny(access.Rep, access.Manager, access.Director); err != nil {
		return Customer{}, err
	}
	now := s.clock.Now().UTC()
	c := Customer{ID: store.NewID(now), CreatedAt: now, UpdatedAt: now, CreatedBy: p.UserID}
	set, err := LoadSettings(tx)
	if err != nil {
		return Customer{}, err
	}
	if err := s.fill(tx, p, &c, in, set, true); err != nil {
		return Customer{}, err
	}
	if err := putCustomer(tx, c, nil); err != nil {
		return Customer{}, err
	}
	return c, s.event(tx, p, "customer.create", customerKey(c.ID), map[string]any{
		"name": c.Name, "status": c.Status, "owner_id": c.OwnerID, "override_reason": in.OverrideReason})
}

// AddContact is Service.AddContact within the batch.
func (b *Batch) AddContact(p *access.Principal, customerID string, in ContactInput) (Contact, error) {
	s, tx := b.s, b.tx
	now := s.clock.Now().UTC()
	ct := Contact{ID: store.NewID(now), CustomerID: customerID, CreatedAt: now, UpdatedAt: now}
	c, err := s.loadWritable(tx, p, customerID)
	if err != nil {
		return Contact{}, err
	}
	if err := fillContact(&ct, in); err != nil {
		return Contact{}, err
	}
	if err := putContact(tx, ct); err != nil {
		return Contact{}, err
	}
	b.touch(c.ID)
	return ct, s.event(tx, p, "contact.create", customerKey(c.ID), map[string]any{"contact": ct.Name})
}

// AddFollowUp is Service.AddFollowUp within the batch.
func (b *Batch) AddFollowUp(p *access.Principal, in FollowUpInput) (FollowUp, error) {
	s, tx := b.s, b.tx
	if err := p.RequireAny(access.Rep, access.Manager, access.Director, access.Presales); err != nil {
		return FollowUp{}, err
	}
	now := s.clock.Now().UTC()
	f := FollowUp{ID: store.NewID(now), CustomerID: in.CustomerID, AuthorID: p.UserID,
		CreatedAt: now, UpdatedAt: now}
	c, err := s.followable(tx, p, in.CustomerID)
	if err != nil {
		return FollowUp{}, err
	}
	if err := s.fillFollowUp(tx, &f, in, now); err != nil {
		return FollowUp{}, err
	}
	if err := b.writeFollowUp(p, c, f); err != nil {
		return FollowUp{}, err
	}
	return f, nil
}

func (b *Batch) writeFollowUp(p *access.Principal, c Customer, f FollowUp) error {
	s, tx := b.s, b.tx
	if err := putFollowUp(tx, f, nil); err != nil {
		return err
	}
	if err := indexTags(tx, f); err != nil {
		return err
	}
	if err := s.touchCustomer(tx, c, f.OccurredAt); err != nil {
		return err
	}
	if err := s.detectFollowUpConflict(tx, p, f); err != nil {
		return err
	}
	b.touch(c.ID)
	return s.event(tx, p, "followup.create", customerKey(c.ID),
		map[string]any{"followup_id": f.ID, "kind": f.Kind})
}

// ChangeStatus is Service.ChangeStatus within the batch.
func (b *Batch) ChangeStatus(p *access.Principal, id, status, reason string) (Customer, error) {
	s, tx := b.s, b.tx
	status, reason = strings.TrimSpace(status), strings.TrimSpace(reason)
	old, err := s.followable(tx, p, id)
	if err != nil {
		if pe, ok := problem.As(err); ok && pe.Kind == problem.KindValidation {
			return Customer{}, problem.NotFound()
		}
		return Customer{}, err
	}
	if err := checkStatusChange(tx, old, status, reason); err != nil {
		return Customer{}, err
	}
	c := old
	c.Status, c.UpdatedAt = status, s.clock.Now().UTC()
	if err := putCustomer(tx, c, &old); err != nil {
		return Customer{}, err
	}
	if err := s.detectStatusConflict(tx, p, &c); err != nil {
		return Customer{}, err
	}
	b.touch(c.ID)
	return c, s.event(tx, p, "customer.status", customerKey(id),
		map[string]any{"from": old.Status, "to": status, "reason": reason})
}
