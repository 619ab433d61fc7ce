package customer

import (
	"slices"
	"strings"
	"time"

	"github.com/frontline-crm/frontline/app/access"
	"github.com/frontline-crm/frontline/app/notify"
	"github.com/frontline-crm/frontline/app/org"
	"github.com/frontline-crm/frontline/app/store"
)

// detectStatusConflict is ChangeStatus's hook, run after c (with its new
// status) is written and before the change's own event: it flags c when
// another person's latest status statement within the window contradicts
// the new one. c is updated in place when flagged.
func (s *Service) detectStatusConflict(tx *store.Tx, p *access.Principal, c *Customer) error {
	if p.UserID == "" {
		return nil
	}
	rules, err := LoadConflictRules(tx)
	if err != nil {
		return err
	}
	since := s.clock.Now().Add(-days(rules.WindowDays))
	prior, found, err := contradictingStatement(tx, rules, c.ID, p.UserID, c.Status, since)
	if err != nil || !found {
		return err
	}
	set, err := LoadSettings(tx)
	if err != nil {
		return err
	}
	detail := Message{Key: "conflict.detail.status_pair", Args: []any{
		s.userName(prior.ActorID), set.statusName(statementOf(prior)),
		s.userName(p.UserID), set.statusName(c.Status), rules.WindowDays}}
	return s.flag(tx, p, c, Conflict{Rule: RuleStatusPair, Detail: detail,
		UserIDs: []string{prior.ActorID, p.UserID}})
}

// contradictingStatement walks a customer's events backwards to since and
// returns the first "customer.status" event whose actor is someone other
// than actor, is that person's latest statement, and contradicts status.
// Status changes are rare next to reads, so reading the customer's whole
// history here is cheap enough.
func contradictingStatement(tx *store.Tx, rules ConflictRules, customerID, actor, status string,
	since time.Time) (store.Event, bool, error) {
	events, err := tx.SubjectEvents(customerKey(customerID))
	if err != nil {
		return store.Event{}, false, err
	}
	stated := map[string]bool{actor: true}
	for i := len(events) - 1; i >= 0 && !events[i].At.Before(since); i-- {
		e := events[i]
		if e.Kind != "customer.status" || e.ActorID == "" || stated[e.ActorID] {
			continue
		}
		stated[e.ActorID] = true
		if rules.contradicts(statementOf(e), status) {
			return e, true, nil
		}
	}
	return store.Event{}, false, nil
}

// statementOf is the status a "customer.status" event set.
func statementOf(e store.Event) string {
	to, _ := e.Data["to"].(string)
	return to
}

// detectFollowUpConflict is AddFollowUp's hook: it flags the customer
// when the new follow-up carries a tag, or its notes a word, that a rule
// says contradicts the customer's current status.
func (s *Service) detectFollowUpConflict(tx *store.Tx, p *access.Principal, f FollowUp) error {
	c, err := getCustomer(tx, f.CustomerID)
	if err != nil {
		return err
	}
	rules, err := LoadConflictRules(tx)
	if err != nil {
		return err
	}
	for _, r := range rules.FollowUpRules {
		if !slices.Contains(r.Statuses, c.Status) {
			continue
		}
		if key, signal, ok := r.signal(f); ok {
			set, err := LoadSettings(tx)
			if err != nil {
				return err
			}
			detail := Message{Key: key, Args: []any{s.userName(f.AuthorID), signal, set.statusName(c.Status)}}
			return s.flag(tx, p, &c, Conflict{Rule: RuleFollowUpSignal, Detail: detail,
				UserIDs: []string{f.AuthorID}, FollowUpID: f.ID})
		}
	}
	return nil
}

// signal returns the detail key and the first of the rule's tags the
// follow-up carries, else the first of its words found in the notes.
func (r FollowUpRule) signal(f FollowUp) (key, signal string, ok bool) {
	tags := f.AllTags()
	for _, t := range r.Tags {
		if slices.Contains(tags, t) {
			return "conflict.detail.followup_tag", t, true
		}
	}
	for _, w := range r.Words {
		if strings.Contains(f.Notes, w) {
			return "conflict.detail.followup_word", w, true
		}
	}
	return "", "", false
}

// flag opens cf on c, marks c Flagged, records the event and tells the
// managers of c's region. While a conflict of the same rule is open on c,
// a new one adds nothing: the flag is already up and the history shows
// every statement.
func (s *Service) flag(tx *store.Tx, p *access.Principal, c *Customer, cf Conflict) error {
	open, err := openConflicts(tx, c.ID)
	if err != nil {
		return err
	}
	if slices.ContainsFunc(open, func(o Conflict) bool { return o.Rule == cf.Rule }) {
		return nil
	}
	now := s.clock.Now().UTC()
	cf.ID, cf.CustomerID, cf.CreatedAt = store.NewID(now), c.ID, now
	if err := putConflict(tx, cf); err != nil {
		return err
	}
	if !c.Flagged {
		old := *c
		c.Flagged = true
		if err := putCustomer(tx, *c, &old); err != nil {
			return err
		}
	}
	err = s.event(tx, p, "customer.conflict_flagged", customerKey(c.ID),
		map[string]any{"conflict_id": cf.ID, "rule": cf.Rule, "detail": cf.Detail.Key})
	if err != nil {
		return err
	}
	return s.notifyManagers(tx, *c, now)
}

func putConflict(tx *store.Tx, cf Conflict) error {
	if err := tx.AddIndex("conflict", "customer", cf.CustomerID, cf.ID); err != nil {
		return err
	}
	if err := tx.AddIndex("conflict", "state", "open", cf.ID); err != nil {
		return err
	}
	return tx.PutJSON(conflictKey(cf.ID), cf)
}

// notifyManagers leaves an in-app notification for every enabled manager
// whose regions' subtree holds the customer's region.
func (s *Service) notifyManagers(tx *store.Tx, c Customer, at time.Time) error {
	ids, err := s.regionManagers(c.RegionID)
	if err != nil {
		return err
	}
	for _, id := range ids {
		err := notify.Add(tx, id, "customer.conflict", customerKey(c.ID), "notify.customer.conflict",
			[]any{c.Name}, at)
		if err != nil {
			return err
		}
	}
	return nil
}

// regionManagers returns the ids of the enabled managers of region.
func (s *Service) regionManagers(region string) ([]string, error) {
	var out []string
	req := store.PageRequest{Limit: store.MaxPageSize}
	for {
		users, next, err := s.org.ListUsers(access.SystemPrincipal,
			org.UserFilter{Role: string(access.Manager)}, req)
		if err != nil {
			return nil, err
		}
		for _, u := range users {
			sub, err := s.org.Subtree(u.Regions...)
			if err != nil {
				return nil, err
			}
			if !u.Disabled && sub[region] {
				out = append(out, u.ID)
			}
		}
		if next == "" {
			return out, nil
		}
		req.Cursor = next
	}
}

// userName is how a conflict's detail names a person: their name, else
// their id.
func (s *Service) userName(id string) string {
	u, err := s.org.UserByID(id)
	if err != nil || u.Name == "" {
		return id
	}
	return u.Name
}

// statusName is a status's display name, else its key.
func (set Settings) statusName(key string) string {
	if st, ok := set.statusByKey(key); ok {
		return st.Name
	}
	return key
}
