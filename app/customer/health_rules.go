package customer

import (
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/frontline-crm/frontline/app/access"
	"github.com/frontline-crm/frontline/app/problem"
	"github.com/frontline-crm/frontline/app/store"
)

// HealthRules are the admin-editable rules and weights behind the health
// radar; docs/health.md explains each with a worked example.
type HealthRules struct {
	DecisionChain DecisionChainRules `json:"decision_chain"`
	Urgency       UrgencyRules       `json:"urgency"`
	Competition   CompetitionRules   `json:"competition"`
	// UpdatedAt is when an admin last saved the rules; stored scores
	// computed before it are recomputed when read.
	UpdatedAt time.Time `json:"updated_at,omitzero"`
}

// DecisionChainRules score which required roles have an engaged contact.
// The score starts at 100 and loses a role's weight when no contact has
// the role, or the weight less the partial credit when nobody with the
// role was named by a follow-up within WindowDays.
type DecisionChainRules struct {
	WindowDays int `json:"window_days"`
	// PartialPercent is the share of a role's weight kept when a contact
	// with the role exists but was not touched within the window.
	PartialPercent int          `json:"partial_percent"`
	Roles          []RoleWeight `json:"roles"`
}

// RoleWeight is one required role; the weights add up to 100.
type RoleWeight struct {
	Role DecisionRole `json:"role"`
	// Name is how reasons name the role, e.g. 决策人.
	Name   string `json:"name"`
	Weight int    `json:"weight"`
}

// UrgencyRules score how pressing the customer's need is, from Base up or
// down by the effects below, clamped to 0–100.
type UrgencyRules struct {
	WindowDays int `json:"window_days"`
	Base       int `json:"base"`
	// Tags raise the score once per tag seen in the window.
	Tags []TagPoints `json:"tags"`
	// DueSoonPoints are added when the current next step is due within
	// DueSoonDays; OverduePoints when it is past due.
	DueSoonDays   int `json:"due_soon_days"`
	DueSoonPoints int `json:"due_soon_points"`
	OverduePoints int `json:"overdue_points"`
	// TouchPoints per follow-up in the window, at most TouchMax in all.
	TouchPoints int `json:"touch_points"`
	TouchMax    int `json:"touch_max"`
	// QuietPenalty is taken off when no follow-up occurred within
	// QuietDays (or ever).
	QuietDays    int `json:"quiet_days"`
	QuietPenalty int `json:"quiet_penalty"`
}

// CompetitionRules score competitor involvement: each competitor tag and
// each keyword mention in the window adds its points, scaled down
// linearly with age (full today, nothing at WindowDays), clamped to 100.
type CompetitionRules struct {
	WindowDays int         `json:"window_days"`
	Tags       []TagPoints `json:"tags"`
	// Keywords are competitor names or words found in notes; each
	// follow-up mentioning one adds MentionPoints.
	Keywords      []string `json:"keywords"`
	MentionPoints int      `json:"mention_points"`
}

// TagPoints is the effect of one talk tag.
type TagPoints struct {
	Tag    string `json:"tag"`
	Points int    `json:"points"`
}

// DefaultHealthRules are what a new installation starts with.
func DefaultHealthRules() HealthRules {
	return HealthRules{
		DecisionChain: DecisionChainRules{WindowDays: 30, PartialPercent: 50, Roles: []RoleWeight{
			{Role: DecisionMaker, Name: "决策人", Weight: 50},
			{Role: TechnicalEvaluator, Name: "技术评估", Weight: 20},
			{Role: Procurement, Name: "采购", Weight: 20},
			{Role: Finance, Name: "财务", Weight: 10},
		}},
		Urgency: UrgencyRules{WindowDays: 30, Base: 30,
			Tags:        []TagPoints{{"询问交付周期", 20}, {"预算已批", 25}, {"决策人参与", 10}},
			DueSoonDays: 7, DueSoonPoints: 15, OverduePoints: 10,
			TouchPoints: 5, TouchMax: 25, QuietDays: 14, QuietPenalty: 30},
		Competition: CompetitionRules{WindowDays: 60,
			Tags:          []TagPoints{{"竞品介入", 30}, {"技术方案对比", 15}, {"价格异议", 10}},
			Keywords:      []string{"友商", "别家", "其他厂家", "其他供应商"},
			MentionPoints: 15},
	}
}

const healthRulesKey = "settings/health"

// LoadHealthRules returns the stored health rules, or the defaults.
func LoadHealthRules(tx *store.Tx) (HealthRules, error) {
	return loadStored(tx, healthRulesKey, DefaultHealthRules)
}

// HealthRules returns the current health rules; every signed-in user may
// read them (the radar explains itself with them).
func (s *Service) HealthRules() (HealthRules, error) {
	return viewStored(s.db, LoadHealthRules)
}

// SaveHealthRules replaces the health rules (admins). Stored scores are
// recomputed lazily: Health recomputes any computed before the save.
func (s *Service) SaveHealthRules(p *access.Principal, r HealthRules) (HealthRules, error) {
	if err := p.RequireAdmin(); err != nil {
		return HealthRules{}, err
	}
	r = cleanHealthRules(r)
	r.UpdatedAt = s.clock.Now().UTC()
	err := s.db.Update(func(tx *store.Tx) error {
		set, err := LoadSettings(tx)
		if err != nil {
			return err
		}
		if err := checkHealthRules(r, set); err != nil {
			return err
		}
		if err := tx.PutJSON(healthRulesKey, r); err != nil {
			return err
		}
		return s.event(tx, p, "settings.health", healthRulesKey, map[string]any{
			"roles": len(r.DecisionChain.Roles), "urgency_tags": len(r.Urgency.Tags),
			"competition_tags": len(r.Competition.Tags), "keywords": len(r.Competition.Keywords)})
	})
	return r, err
}

func cleanHealthRules(r HealthRules) HealthRules {
	for i := range r.DecisionChain.Roles {
		rw := &r.DecisionChain.Roles[i]
		rw.Role = DecisionRole(strings.TrimSpace(string(rw.Role)))
		rw.Name = strings.TrimSpace(rw.Name)
	}
	for _, tags := range []([]TagPoints){r.Urgency.Tags, r.Competition.Tags} {
		for i := range tags {
			tags[i].Tag = strings.TrimSpace(tags[i].Tag)
		}
	}
	r.Competition.Keywords = dedupe(r.Competition.Keywords)
	return r
}

func checkHealthRules(r HealthRules, set Settings) error {
	var v problem.Validation
	checkDecisionChain(&v, r.DecisionChain)
	u := r.Urgency
	checkWindows(&v, "urgency", u.WindowDays, u.DueSoonDays, u.QuietDays)
	checkPoints(&v, "urgency", u.Base, u.DueSoonPoints, u.OverduePoints, u.TouchPoints, u.TouchMax,
		u.QuietPenalty)
	checkTagPoints(&v, "urgency.tags", u.Tags, set)
	c := r.Competition
	checkWindows(&v, "competition", c.WindowDays)
	checkPoints(&v, "competition", c.MentionPoints)
	checkTagPoints(&v, "competition.tags", c.Tags, set)
	for _, k := range c.Keywords {
		if utf8.RuneCountInString(k) > 20 {
			v.Add("competition.keywords", "health.error.keyword_too_long", k)
			break
		}
	}
	return v.Err()
}

func checkDecisionChain(v *problem.Validation, d DecisionChainRules) {
	checkWindows(v, "decision_chain", d.WindowDays)
	if d.PartialPercent < 0 || d.PartialPercent > 100 {
		v.Add("decision_chain.partial_percent", "health.error.percent_invalid")
	}
	seen, sum := map[DecisionRole]bool{}, 0
	for _, rw := range d.Roles {
		if !slices.Contains(DecisionRoles, rw.Role) || seen[rw.Role] || rw.Name == "" ||
			utf8.RuneCountInString(rw.Name) > 20 || rw.Weight <= 0 {
			v.Add("decision_chain.roles", "health.error.role_invalid", string(rw.Role))
			return
		}
		seen[rw.Role] = true
		sum += rw.Weight
	}
	if sum != 100 {
		v.Add("decision_chain.roles", "health.error.weights_sum", sum)
	}
}

// checkWindows: every window is a whole number of days up to a year.
func checkWindows(v *problem.Validation, section string, days ...int) {
	for _, d := range days {
		if d < 1 || d > 365 {
			v.Add(section, "health.error.days_invalid", 365)
			return
		}
	}
}

func checkPoints(v *problem.Validation, section string, points ...int) {
	for _, p := range points {
		if p < -100 || p > 100 {
			v.Add(section, "health.error.points_invalid")
			return
		}
	}
}

func checkTagPoints(v *problem.Validation, field string, tags []TagPoints, set Settings) {
	seen := map[string]bool{}
	for _, tp := range tags {
		if !slices.Contains(set.Tags, tp.Tag) || seen[tp.Tag] {
			v.Add(field, "health.error.tag_unknown", tp.Tag)
			return
		}
		seen[tp.Tag] = true
		checkPoints(v, field, tp.Points)
	}
}
