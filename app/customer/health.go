package customer

import (
	"errors"
	"math"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/frontline-crm/frontline/app/access"
	"github.com/frontline-crm/frontline/app/notify"
	"github.com/frontline-crm/frontline/app/store"
)

// Health is a customer's radar (客户健康度): three scores from 0 to 100
// and the reasons behind them.
type Health struct {
	DecisionChain int       `json:"decision_chain"`
	Urgency       int       `json:"urgency"`
	Competition   int       `json:"competition"`
	Reasons       []Reason  `json:"reasons"`
	ComputedAt    time.Time `json:"computed_at"`
}

// The radar's axes, as Reason.Axis names them.
const (
	AxisDecisionChain = "decision_chain"
	AxisUrgency       = "urgency"
	AxisCompetition   = "competition"
)

// Reason is one rule's effect on one score: a locale key with its
// arguments and the signed points it added, e.g. role_untouched with
// ["决策人", 30] and -25, shown as "决策人 30 天未接触 −25".
type Reason struct {
	Axis   string `json:"axis"`
	Key    string `json:"key"`
	Args   []any  `json:"args"`
	Points int    `json:"points"`
}

// healthMaxAge is how old a stored radar may be before Health recomputes
// it: the rules count whole days, so a day-old result is at most a day
// behind.
const healthMaxAge = 24 * time.Hour

func healthKey(customerID string) string { return "health/" + customerID }

// Health returns the radar of a customer the principal may see: the one
// stored with the customer's latest change, or, when that is older than
// a day or than the rules, one computed now (and not stored).
func (s *Service) Health(p *access.Principal, customerID string) (Health, error) {
	if _, err := s.Get(p, customerID); err != nil {
		return Health{}, err
	}
	var h Health
	err := s.db.View(func(tx *store.Tx) error {
		rules, err := LoadHealthRules(tx)
		if err != nil {
			return err
		}
		stored, err := loadHealth(tx, customerID)
		if err == nil && s.healthFresh(stored, rules) {
			h = stored
			return nil
		}
		if err != nil && !errors.Is(err, store.ErrNotFound) {
			return err
		}
		h, err = s.computeHealth(tx, customerID, rules)
		return err
	})
	return h, err
}

func (s *Service) healthFresh(h Health, rules HealthRules) bool {
	return h.ComputedAt.After(rules.UpdatedAt) && s.clock.Now().Sub(h.ComputedAt) <= healthMaxAge
}

func loadHealth(tx *store.Tx, customerID string) (Health, error) {
	var h Health
	if err := tx.GetJSON(healthKey(customerID), &h); err != nil {
		return h, err
	}
	for i := range h.Reasons {
		h.Reasons[i].Args = notify.WholeNumbers(h.Reasons[i].Args)
	}
	return h, nil
}

// refreshHealth recomputes a customer's radar and stores it under
// health/<id>, in the transaction of the change that moved it.
func (s *Service) refreshHealth(tx *store.Tx, customerID string) error {
	rules, err := LoadHealthRules(tx)
	if err != nil {
		return err
	}
	h, err := s.computeHealth(tx, customerID, rules)
	if err != nil {
		return err
	}
	return tx.PutJSON(healthKey(customerID), h)
}

func (s *Service) computeHealth(tx *store.Tx, customerID string, rules HealthRules) (Health, error) {
	now := s.clock.Now().UTC()
	contacts, err := contactsOf(tx, customerID)
	if err != nil {
		return Health{}, err
	}
	fus, err := followUpsSince(tx, customerID, now.Add(-days(rules.longestWindow())))
	if err != nil {
		return Health{}, err
	}
	return scoreHealth(rules, contacts, fus, now), nil
}

// longestWindow is how many days back any rule looks.
func (r HealthRules) longestWindow() int {
	return max(r.DecisionChain.WindowDays, r.Urgency.WindowDays, r.Urgency.QuietDays, r.Competition.WindowDays)
}

// followUpsSince returns a customer's follow-ups that occurred at or
// after since, newest first, walking the by-time index backwards; the
// index carries a copy of each follow-up, so this is a single scan.
func followUpsSince(tx *store.Tx, customerID string, since time.Time) ([]FollowUp, error) {
	prefix := store.IndexPrefix("followup", "customer", customerID)
	var out []FollowUp
	err := tx.Scan(prefix, store.ScanOptions{Reverse: true}, func(key string, val []byte) (bool, error) {
		nanos, id, ok := strings.Cut(key[len(prefix):], "_")
		n, err := strconv.ParseInt(nanos, 10, 64)
		if !ok || err != nil {
			return true, nil
		}
		if time.Unix(0, n).Before(since) {
			return false, nil
		}
		var f FollowUp
		if err := tx.IndexedJSON(val, followUpKey(id), &f); err != nil {
			return false, err
		}
		out = append(out, f)
		return true, nil
	})
	return out, err
}

// scoreHealth applies the rules to a customer's contacts and recent
// follow-ups (newest first) as of now.
func scoreHealth(rules HealthRules, contacts []Contact, fus []FollowUp, now time.Time) Health {
	h := Health{ComputedAt: now}
	var dc, urg, comp []Reason
	h.DecisionChain, dc = scoreDecisionChain(rules.DecisionChain, contacts, fus, now)
	h.Urgency, urg = scoreUrgency(rules.Urgency, fus, now)
	h.Competition, comp = scoreCompetition(rules.Competition, fus, now)
	h.Reasons = slices.Concat([]Reason{}, dc, urg, comp)
	return h
}

// scoreDecisionChain starts at 100 and takes off each required role that
// has no contact, or whose contacts no follow-up named within the window
// (less the partial credit).
func scoreDecisionChain(d DecisionChainRules, contacts []Contact, fus []FollowUp,
	now time.Time) (int, []Reason) {
	touched := map[string]bool{}
	for _, f := range within(fus, now, d.WindowDays) {
		if f.ContactID != "" {
			touched[f.ContactID] = true
		}
	}
	var reasons []Reason
	for _, rw := range d.Roles {
		has, engaged := false, false
		for _, ct := range contacts {
			if ct.DecisionRole == rw.Role {
				has, engaged = true, engaged || touched[ct.ID]
			}
		}
		switch {
		case engaged:
		case has:
			lost := int(math.Round(float64(rw.Weight) * float64(100-d.PartialPercent) / 100))
			reasons = append(reasons, reason(AxisDecisionChain, "health.reason.role_untouched", -lost,
				rw.Name, d.WindowDays))
		default:
			reasons = append(reasons, reason(AxisDecisionChain, "health.reason.role_missing", -rw.Weight,
				rw.Name))
		}
	}
	return clampScore(100 + sumPoints(reasons)), reasons
}

// scoreUrgency starts at Base and adds the urgent tags seen, the current
// next step, the touch frequency, and takes off a penalty when quiet.
func scoreUrgency(u UrgencyRules, fus []FollowUp, now time.Time) (int, []Reason) {
	var reasons []Reason
	if u.Base != 0 {
		reasons = append(reasons, reason(AxisUrgency, "health.reason.base", u.Base))
	}
	recent := within(fus, now, u.WindowDays)
	for _, tp := range u.Tags {
		if f, ok := latestTagged(recent, tp.Tag); ok {
			if d := daysAgo(now, f.OccurredAt); d > 0 {
				reasons = append(reasons, reason(AxisUrgency, "health.reason.urgent_tag", tp.Points, tp.Tag, d))
			} else {
				reasons = append(reasons, reason(AxisUrgency, "health.reason.urgent_tag_today", tp.Points, tp.Tag))
			}
		}
	}
	if r, ok := nextStepReason(u, recent, now); ok {
		reasons = append(reasons, r)
	}
	if n := len(recent); n > 0 && u.TouchPoints != 0 {
		reasons = append(reasons, reason(AxisUrgency, "health.reason.touches",
			min(n*u.TouchPoints, u.TouchMax), u.WindowDays, n))
	}
	if len(within(fus, now, u.QuietDays)) == 0 && u.QuietPenalty != 0 {
		reasons = append(reasons, reason(AxisUrgency, "health.reason.quiet", -u.QuietPenalty, u.QuietDays))
	}
	return clampScore(sumPoints(reasons)), reasons
}

// nextStepReason looks at the current next step: the one of the latest
// follow-up in the window that has a due date.
func nextStepReason(u UrgencyRules, recent []FollowUp, now time.Time) (Reason, bool) {
	i := slices.IndexFunc(recent, func(f FollowUp) bool { return f.NextDue != nil })
	if i < 0 {
		return Reason{}, false
	}
	step, due := recent[i].NextStep, *recent[i].NextDue
	if due.Before(now) {
		late := daysCeil(now.Sub(due))
		return reason(AxisUrgency, "health.reason.next_step_overdue", u.OverduePoints, step, late),
			u.OverduePoints != 0
	}
	left := daysCeil(due.Sub(now))
	if left > u.DueSoonDays || u.DueSoonPoints == 0 {
		return Reason{}, false
	}
	return reason(AxisUrgency, "health.reason.next_step_due", u.DueSoonPoints, step, left), true
}

// scoreCompetition adds each competitor tag and keyword mention in the
// window, scaled by (window − days ago) / window, one reason per tag or
// keyword.
func scoreCompetition(c CompetitionRules, fus []FollowUp, now time.Time) (int, []Reason) {
	recent := within(fus, now, c.WindowDays)
	var reasons []Reason
	for _, tp := range c.Tags {
		r := decayed(recent, now, c.WindowDays, tp.Points, func(f FollowUp) bool {
			return slices.Contains(f.AllTags(), tp.Tag)
		})
		if r.Points != 0 {
			reasons = append(reasons, r.about(tp.Tag, "health.reason.competitor_tag", "health.reason.competitor_tag_today"))
		}
	}
	for _, kw := range c.Keywords {
		r := decayed(recent, now, c.WindowDays, c.MentionPoints, func(f FollowUp) bool {
			return strings.Contains(f.Notes, kw)
		})
		if r.Points != 0 {
			reasons = append(reasons, r.about(kw, "health.reason.competitor_mention", "health.reason.competitor_mention_today"))
		}
	}
	return clampScore(sumPoints(reasons)), reasons
}

// decayed sums points over the follow-ups (newest first) that match, each
// scaled by its age, into a reason with args [count, days ago of the
// latest]; Reason.about turns it into a message.
func decayed(fus []FollowUp, now time.Time, window, points int, match func(FollowUp) bool) Reason {
	sum, n, latest := 0.0, 0, 0
	for _, f := range fus {
		if !match(f) {
			continue
		}
		age := daysAgo(now, f.OccurredAt)
		if n == 0 {
			latest = age
		}
		n++
		sum += float64(points) * float64(window-age) / float64(window)
	}
	return Reason{Axis: AxisCompetition, Args: []any{n, latest}, Points: int(math.Round(sum))}
}

// about names what a decayed reason counted and picks its message: key
// with args [subject, count, days ago], or todayKey with [subject, count]
// when the latest was today.
func (r Reason) about(subject any, key, todayKey string) Reason {
	count, ago := r.Args[0], r.Args[1]
	if ago == 0 {
		r.Key, r.Args = todayKey, []any{subject, count}
	} else {
		r.Key, r.Args = key, []any{subject, count, ago}
	}
	return r
}

// within returns the follow-ups (newest first) that occurred no more than
// n days before now.
func within(fus []FollowUp, now time.Time, n int) []FollowUp {
	i := slices.IndexFunc(fus, func(f FollowUp) bool { return now.Sub(f.OccurredAt) > days(n) })
	if i < 0 {
		return fus
	}
	return fus[:i]
}

func latestTagged(fus []FollowUp, tag string) (FollowUp, bool) {
	i := slices.IndexFunc(fus, func(f FollowUp) bool { return slices.Contains(f.AllTags(), tag) })
	if i < 0 {
		return FollowUp{}, false
	}
	return fus[i], true
}

func reason(axis, key string, points int, args ...any) Reason {
	if args == nil {
		args = []any{}
	}
	return Reason{Axis: axis, Key: key, Args: args, Points: points}
}

func days(n int) time.Duration { return time.Duration(n) * 24 * time.Hour }

// daysAgo counts whole days from t to now; a time ahead of now is 0.
func daysAgo(now, t time.Time) int { return max(0, int(now.Sub(t)/days(1))) }

// daysCeil counts started days, so "due in 3 hours" is 1 day.
func daysCeil(d time.Duration) int { return int((d + days(1) - 1) / days(1)) }

func sumPoints(rs []Reason) int {
	sum := 0
	for _, r := range rs {
		sum += r.Points
	}
	return sum
}

func clampScore(n int) int { return min(100, max(0, n)) }
