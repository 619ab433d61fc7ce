package customer

import (
	"slices"
	"strings"

	"github.com/frontline-crm/frontline/app/access"
	"github.com/frontline-crm/frontline/app/problem"
	"github.com/frontline-crm/frontline/app/store"
)

// PoolRules are the admin-editable rules of the public pool (公海).
type PoolRules struct {
	// Days maps each level (A, B, C) to the days without a follow-up
	// after which an owned customer returns to its region's pool; 0 means
	// customers of that level never return by themselves.
	Days map[string]int `json:"days"`
	// ClaimLimit is how many customers a rep may own and still claim
	// from the pool (see countOwned for what counts).
	ClaimLimit int `json:"claim_limit"`
	// ClosedExempt keeps customers in a closed status (won, lost) with
	// their owner: they never return and do not count against the limit.
	ClosedExempt bool `json:"closed_exempt"`
}

// Bounds of the pool rules.
const (
	maxPoolDays   = 3650
	maxClaimLimit = 10000
)

// DefaultPoolRules are what a new installation starts with.
func DefaultPoolRules() PoolRules {
	return PoolRules{Days: map[string]int{"A": 15, "B": 30, "C": 45}, ClaimLimit: 50, ClosedExempt: true}
}

const poolRulesKey = "settings/pool"

// LoadPoolRules returns the stored pool rules, or the defaults.
func LoadPoolRules(tx *store.Tx) (PoolRules, error) {
	return loadStored(tx, poolRulesKey, DefaultPoolRules)
}

// PoolRules returns the current pool rules; every signed-in user may
// read them (a rep sees the claim limit and the deadlines).
func (s *Service) PoolRules() (PoolRules, error) {
	return viewStored(s.db, LoadPoolRules)
}

// SavePoolRules replaces the pool rules (admins). Every level needs its
// days, from 0 to 3650; the claim limit is from 1 to 10,000. The
// recycling job reads the rules on each run, so a change applies within
// one run interval.
func (s *Service) SavePoolRules(p *access.Principal, r PoolRules) (PoolRules, error) {
	if err := p.RequireAdmin(); err != nil {
		return PoolRules{}, err
	}
	r = cleanPoolRules(r)
	if err := checkPoolRules(r); err != nil {
		return PoolRules{}, err
	}
	err := s.db.Update(func(tx *store.Tx) error {
		if err := tx.PutJSON(poolRulesKey, r); err != nil {
			return err
		}
		return s.event(tx, p, "settings.pool", poolRulesKey, map[string]any{
			"days": r.Days, "claim_limit": r.ClaimLimit, "closed_exempt": r.ClosedExempt})
	})
	return r, err
}

// cleanPoolRules upper-cases the level keys ("a" → "A").
func cleanPoolRules(r PoolRules) PoolRules {
	days := make(map[string]int, len(r.Days))
	for level, n := range r.Days {
		days[strings.ToUpper(strings.TrimSpace(level))] = n
	}
	r.Days = days
	return r
}

func checkPoolRules(r PoolRules) error {
	var v problem.Validation
	for _, level := range Levels {
		n, ok := r.Days[level]
		if !ok || n < 0 || n > maxPoolDays {
			v.Add("days."+level, "customer.error.pool_days_invalid", level, maxPoolDays)
		}
	}
	for level := range r.Days {
		if !slices.Contains(Levels, level) {
			v.Add("days."+level, "customer.error.level_invalid")
		}
	}
	if r.ClaimLimit < 1 || r.ClaimLimit > maxClaimLimit {
		v.Add("claim_limit", "customer.error.pool_limit_invalid", maxClaimLimit)
	}
	return v.Err()
}
