package customer

import (
	"context"
	"time"

	"github.com/frontline-crm/frontline/app/access"
	"github.com/frontline-crm/frontline/app/store"
)

// The recycling job, registered by the server with job.Every.
const (
	PoolRecycleJob      = "customer.pool_recycle"
	PoolRecycleInterval = 15 * time.Minute
)

// poolBatch is the most customers one run returns to the pool, so the
// run's transaction stays small; a larger backlog drains over the next
// runs (800 an hour).
const poolBatch = 200

// RecyclePool is the recycling job's run (a job.RunFunc): it returns to
// their region's pool up to poolBatch owned customers whose last touch
// (see lastTouch) lies at least their level's number of days before the
// service clock's now; exactly that many days returns, a moment less
// stays. Customers in a closed status stay while the rules exempt them.
//
// Each return rewrites the customer without owner (indexes included),
// appends a "customer.pool_return" event {from_owner, days, limit} by the
// system and notifies the former owner, all in tx, which job.Every
// commits together with the job's own record: a crash or restart neither
// loses nor repeats a return. The condition is read from the data, so a
// customer returned once is in the pool and cannot return twice.
func (s *Service) RecyclePool(ctx context.Context, tx *store.Tx, _ time.Time) error {
	now := s.clock.Now().UTC()
	due, err := dueForPool(tx, now)
	if err != nil {
		return err
	}
	for _, d := range due {
		if err := ctx.Err(); err != nil {
			return err
		}
		if err := s.returnToPool(tx, d, now); err != nil {
			return err
		}
	}
	if len(due) > 0 {
		s.log.Info("customers returned to the pool", "count", len(due))
	}
	return nil
}

// poolDue is one customer past its level's deadline.
type poolDue struct {
	id   string
	days int // the level's limit
}

// dueForPool lists up to poolBatch customers to return, level by level.
func dueForPool(tx *store.Tx, now time.Time) ([]poolDue, error) {
	rules, err := LoadPoolRules(tx)
	if err != nil {
		return nil, err
	}
	set, err := LoadSettings(tx)
	if err != nil {
		return nil, err
	}
	var due []poolDue
	for _, level := range Levels {
		days := rules.Days[level]
		if days <= 0 {
			continue
		}
		cutoff := now.Add(-time.Duration(days) * 24 * time.Hour)
		for _, st := range set.Statuses {
			if (st.Closed && rules.ClosedExempt) || len(due) >= poolBatch {
				continue
			}
			ids, err := touchedBefore(tx, level, st.Key, cutoff, poolBatch-len(due))
			if err != nil {
				return nil, err
			}
			for _, id := range ids {
				due = append(due, poolDue{id: id, days: days})
			}
		}
	}
	return due, nil
}

// returnToPool moves one due customer into the pool.
func (s *Service) returnToPool(tx *store.Tx, d poolDue, now time.Time) error {
	old, err := getCustomer(tx, d.id)
	if err != nil || old.InPool() || old.Archived {
		return err // the index only lists owned, live customers
	}
	idle := since(lastTouch(old), now)
	c, err := s.changeOwner(tx, old, "")
	if err != nil {
		return err
	}
	err = s.notifyOwner(tx, old, "customer.pool_return", "notify.customer.pool_return", old.Name, idle)
	if err != nil {
		return err
	}
	return s.event(tx, access.SystemPrincipal, "customer.pool_return", customerKey(c.ID), map[string]any{
		"from_owner": old.OwnerID, "days": idle, "limit": d.days})
}

// since is the whole days from at to now.
func since(at, now time.Time) int { return int(now.Sub(at) / (24 * time.Hour)) }
