package customer

import (
	"cmp"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/frontline-crm/frontline/app/access"
	"github.com/frontline-crm/frontline/app/problem"
	"github.com/frontline-crm/frontline/app/store"
)

// ConflictRules are the admin-editable rules that flag a customer whose
// status people disagree about; docs/conflicts.md explains them.
type ConflictRules struct {
	// WindowDays is how close two people's contradicting statuses must be.
	WindowDays int `json:"window_days"`
	// StatusPairs are the statuses that contradict each other, both ways.
	StatusPairs []StatusPair `json:"status_pairs"`
	// FollowUpRules are the follow-up signals that contradict a status.
	FollowUpRules []FollowUpRule `json:"followup_rules"`
	UpdatedAt     time.Time      `json:"updated_at,omitzero"`
}

// StatusPair says Status contradicts each of Against (and the reverse).
type StatusPair struct {
	Status  string   `json:"status"`
	Against []string `json:"against"`
}

// FollowUpRule fires when a new follow-up carries one of Tags (chosen or
// added from keywords) or its notes contain one of Words while the
// customer's status is one of Statuses.
type FollowUpRule struct {
	Tags     []string `json:"tags"`
	Words    []string `json:"words"`
	Statuses []string `json:"statuses"`
}

// DefaultConflictRules are what a new installation starts with.
func DefaultConflictRules() ConflictRules {
	return ConflictRules{
		WindowDays: 7,
		StatusPairs: []StatusPair{
			{Status: StatusWon, Against: []string{StatusFollowing, StatusQuoted, StatusUnclear, StatusNew}},
			{Status: StatusLost, Against: []string{StatusFollowing, StatusQuoted, StatusWon}},
			{Status: StatusQuoted, Against: []string{StatusUnclear}},
		},
		FollowUpRules: []FollowUpRule{
			{Tags: []string{"竞品介入"}, Words: []string{"已签了别家", "选了竞品", "不做了"},
				Statuses: []string{StatusWon, StatusFollowing}},
			{Tags: []string{"预算已批"}, Statuses: []string{StatusLost}},
		},
	}
}

// contradicts reports whether statuses a and b contradict each other.
func (r ConflictRules) contradicts(a, b string) bool {
	for _, p := range r.StatusPairs {
		if (p.Status == a && slices.Contains(p.Against, b)) || (p.Status == b && slices.Contains(p.Against, a)) {
			return true
		}
	}
	return false
}

const conflictRulesKey = "settings/conflict"

// LoadConflictRules returns the stored conflict rules, or the defaults.
func LoadConflictRules(tx *store.Tx) (ConflictRules, error) {
	return loadStored(tx, conflictRulesKey, DefaultConflictRules)
}

// ConflictRules returns the current conflict rules; every signed-in user
// may read them.
func (s *Service) ConflictRules() (ConflictRules, error) {
	return viewStored(s.db, LoadConflictRules)
}

// SaveConflictRules replaces the conflict rules (admins). They apply to
// changes from then on; open conflicts stay until resolved.
func (s *Service) SaveConflictRules(p *access.Principal, r ConflictRules) (ConflictRules, error) {
	if err := p.RequireAdmin(); err != nil {
		return ConflictRules{}, err
	}
	r = cleanConflictRules(r)
	r.UpdatedAt = s.clock.Now().UTC()
	err := s.db.Update(func(tx *store.Tx) error {
		set, err := LoadSettings(tx)
		if err != nil {
			return err
		}
		if err := checkConflictRules(r, set); err != nil {
			return err
		}
		if err := tx.PutJSON(conflictRulesKey, r); err != nil {
			return err
		}
		return s.event(tx, p, "settings.conflict", conflictRulesKey, map[string]any{
			"window_days": r.WindowDays, "status_pairs": len(r.StatusPairs), "followup_rules": len(r.FollowUpRules)})
	})
	return r, err
}

func cleanConflictRules(r ConflictRules) ConflictRules {
	for i := range r.StatusPairs {
		r.StatusPairs[i].Status = strings.TrimSpace(r.StatusPairs[i].Status)
		r.StatusPairs[i].Against = dedupe(r.StatusPairs[i].Against)
	}
	for i := range r.FollowUpRules {
		fr := &r.FollowUpRules[i]
		fr.Tags, fr.Words, fr.Statuses = dedupe(fr.Tags), dedupe(fr.Words), dedupe(fr.Statuses)
	}
	return r
}

func checkConflictRules(r ConflictRules, set Settings) error {
	var v problem.Validation
	if r.WindowDays < 1 || r.WindowDays > 90 {
		v.Add("window_days", "conflict.error.window_invalid", 90)
	}
	for _, p := range r.StatusPairs {
		bad := unknownStatus(set, append([]string{p.Status}, p.Against...))
		if bad != "" || len(p.Against) == 0 {
			v.Add("status_pairs", "conflict.error.pair_invalid", cmp.Or(bad, p.Status))
			break
		}
	}
	for _, fr := range r.FollowUpRules {
		if checkFollowUpRule(&v, fr, set) {
			break
		}
	}
	return v.Err()
}

// checkFollowUpRule adds at most one problem and reports whether it did.
func checkFollowUpRule(v *problem.Validation, fr FollowUpRule, set Settings) bool {
	if len(fr.Tags)+len(fr.Words) == 0 || len(fr.Statuses) == 0 {
		v.Add("followup_rules", "conflict.error.rule_incomplete")
		return true
	}
	if bad := unknownStatus(set, fr.Statuses); bad != "" {
		v.Add("followup_rules", "customer.error.status_unknown", bad)
		return true
	}
	for _, t := range fr.Tags {
		if !slices.Contains(set.Tags, t) {
			v.Add("followup_rules", "followup.error.tag_unknown", t)
			return true
		}
	}
	for _, w := range fr.Words {
		if utf8.RuneCountInString(w) > 20 {
			v.Add("followup_rules", "conflict.error.word_too_long", w)
			return true
		}
	}
	return false
}

// unknownStatus returns the first key that is not a status, or "".
func unknownStatus(set Settings, keys []string) string {
	for _, k := range keys {
		if _, ok := set.statusByKey(k); !ok {
			return k
		}
	}
	return ""
}
