package customer

import (
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/frontline-crm/frontline/app/access"
	"github.com/frontline-crm/frontline/app/problem"
	"github.com/frontline-crm/frontline/app/store"
)

// Kinds of follow-up.
var Kinds = []string{"visit", "call", "wechat", "email", "meeting"}

// Location is where a visit happened, from the browser, with consent.
type Location struct {
	Lat      float64 `json:"lat"`
	Lng      float64 `json:"lng"`
	Accuracy float64 `json:"accuracy"` // metres
}

// FollowUp is one visit, call, chat, e-mail or meeting with a customer.
type FollowUp struct {
	ID          string     `json:"id"`
	CustomerID  string     `json:"customer_id"`
	ContactID   string     `json:"contact_id"`
	Kind        string     `json:"kind"`
	OccurredAt  time.Time  `json:"occurred_at"`
	DurationMin int        `json:"duration_min"`
	Tags        []string   `json:"tags"`
	AutoTags    []string   `json:"auto_tags"` // added from keywords in the notes
	Notes       string     `json:"notes"`
	NextStep    string     `json:"next_step"`
	NextDue     *time.Time `json:"next_due"`
	Photos      []string   `json:"photos"` // SHA-256 of stored photos
	Location    *Location  `json:"location"`
	AuthorID    string     `json:"author_id"`
	CreatedAt   time.Time  `json:"created_at"`
	UpdatedAt   time.Time  `json:"updated_at"`
}

// AllTags is the hand-picked tags followed by the keyword tags.
func (f FollowUp) AllTags() []string { return append(slices.Clone(f.Tags), f.AutoTags...) }

// FollowUpInput records or edits a follow-up.
type FollowUpInput struct {
	CustomerID  string     `json:"customer_id"`
	ContactID   string     `json:"contact_id"`
	Kind        string     `json:"kind"`
	OccurredAt  *time.Time `json:"occurred_at"` // nil: now
	DurationMin int        `json:"duration_min"`
	Tags        []string   `json:"tags"`
	Notes       string     `json:"notes"`
	NextStep    string     `json:"next_step"`
	NextDue     *time.Time `json:"next_due"`
	Photos      []string   `json:"photos"`
	Location    *Location  `json:"location"`
}

func followUpKey(id string) string { return "followup/" + id }

// byTime is the index value that lists a customer's follow-ups by when
// they occurred: <zero-padded unix nanos>_<id>.
func byTime(f FollowUp) string { return fmt.Sprintf("%020d_%s", f.OccurredAt.UnixNano(), f.ID) }

// AddFollowUp records a follow-up on a customer the principal may touch,
// adds keyword tags, and moves the customer's last-touch time forward.
func (s *Service) AddFollowUp(p *access.Principal, in FollowUpInput) (FollowUp, error) {
	if err := p.RequireAny(access.Rep, access.Manager, access.Director, access.Presales); err != nil {
		return FollowUp{}, err
	}
	now := s.clock.Now().UTC()
	f := FollowUp{ID: store.NewID(now), CustomerID: in.CustomerID, AuthorID: p.UserID, CreatedAt: now, UpdatedAt: now}
	err := s.db.Update(func(tx *store.Tx) error {
		c, err := s.followable(tx, p, in.CustomerID)
		if err != nil {
			return err
		}
		if err := s.fillFollowUp(tx, &f, in, now); err != nil {
			return err
		}
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
		if err := s.refreshHealth(tx, c.ID); err != nil {
			return err
		}
		return s.event(tx, p, "followup.create", customerKey(c.ID), map[string]any{"followup_id": f.ID, "kind": f.Kind})
	})
	return f, err
}

// followable loads the customer a follow-up is recorded on; a follow-up
// cannot exist without one.
func (s *Service) followable(tx *store.Tx, p *access.Principal, id string) (Customer, error) {
	if strings.TrimSpace(id) == "" {
		var v problem.Validation
		v.Add("customer_id", "followup.error.customer_required")
		return Customer{}, v.Err()
	}
	c, err := getCustomer(tx, id)
	if errors.Is(err, problem.ErrNotFound) || (err == nil && (!canSee(p, c) || c.Archived)) {
		var v problem.Validation
		v.Add("customer_id", "followup.error.customer_unknown")
		return Customer{}, v.Err()
	}
	if err == nil && !canFollowUp(p, c) {
		return Customer{}, problem.Forbidden()
	}
	return c, err
}

// UpdateFollowUp edits a follow-up: its author, or whoever may edit the
// customer.
func (s *Service) UpdateFollowUp(p *access.Principal, id string, in FollowUpInput) (FollowUp, error) {
	var f FollowUp
	err := s.db.Update(func(tx *store.Tx) error {
		old, c, err := s.loadFollowUp(tx, p, id)
		if err != nil {
			return err
		}
		if old.AuthorID != p.UserID && !canEdit(p, c) {
			return problem.Forbidden()
		}
		f = old
		in.CustomerID = old.CustomerID
		if in.OccurredAt == nil {
			in.OccurredAt = &old.OccurredAt
		}
		if err := s.fillFollowUp(tx, &f, in, s.clock.Now().UTC()); err != nil {
			return err
		}
		f.UpdatedAt = s.clock.Now().UTC()
		if err := putFollowUp(tx, f, &old); err != nil {
			return err
		}
		if err := indexTags(tx, f); err != nil {
			return err
		}
		if err := s.touchCustomer(tx, c, f.OccurredAt); err != nil {
			return err
		}
		return s.refreshHealth(tx, c.ID)
	})
	return f, err
}

// GetFollowUp returns a follow-up of a customer the principal may see.
func (s *Service) GetFollowUp(p *access.Principal, id string) (FollowUp, error) {
	var f FollowUp
	err := s.db.View(func(tx *store.Tx) error {
		var err error
		f, _, err = s.loadFollowUp(tx, p, id)
		return err
	})
	return f, err
}

func (s *Service) loadFollowUp(tx *store.Tx, p *access.Principal, id string) (FollowUp, Customer, error) {
	var f FollowUp
	if !store.ValidID(id) {
		return f, Customer{}, problem.NotFound()
	}
	err := tx.GetJSON(followUpKey(id), &f)
	if errors.Is(err, store.ErrNotFound) {
		return f, Customer{}, problem.NotFound()
	}
	if err != nil {
		return f, Customer{}, err
	}
	c, err := getCustomer(tx, f.CustomerID)
	if err != nil || !canSee(p, c) {
		return FollowUp{}, Customer{}, problem.NotFound()
	}
	return f, c, nil
}

// FollowUps lists a visible customer's follow-ups, newest first.
func (s *Service) FollowUps(p *access.Principal, customerID string, req store.PageRequest) ([]FollowUp, string, error) {
	if _, err := s.Get(p, customerID); err != nil {
		return nil, "", err
	}
	var items []FollowUp
	var next string
	err := s.db.View(func(tx *store.Tx) error {
		var err error
		req.Reverse = true
		items, next, err = store.ListIndex(tx, store.IndexPrefix("followup", "customer", customerID), req,
			func(suffix string) (string, bool) {
				_, id, ok := strings.Cut(suffix, "_")
				return followUpKey(id), ok
			}, func(*FollowUp) bool { return true })
		return err
	})
	return items, next, err
}

func (s *Service) fillFollowUp(tx *store.Tx, f *FollowUp, in FollowUpInput, now time.Time) error {
	set, err := LoadSettings(tx)
	if err != nil {
		return err
	}
	f.ContactID, f.Kind = strings.TrimSpace(in.ContactID), strings.TrimSpace(in.Kind)
	f.OccurredAt = now
	if in.OccurredAt != nil {
		f.OccurredAt = in.OccurredAt.UTC()
	}
	f.DurationMin, f.Notes, f.NextStep = in.DurationMin, strings.TrimSpace(in.Notes), strings.TrimSpace(in.NextStep)
	f.NextDue, f.Location, f.Tags = in.NextDue, in.Location, dedupe(in.Tags)
	f.Photos = dedupe(in.Photos)
	var v problem.Validation
	s.validateFollowUp(tx, &v, f, set, now)
	if err := v.Err(); err != nil {
		return err
	}
	f.AutoTags = set.AutoTags(f.Notes, f.Tags)
	return nil
}

func (s *Service) validateFollowUp(tx *store.Tx, v *problem.Validation, f *FollowUp, set Settings, now time.Time) {
	if !slices.Contains(Kinds, f.Kind) {
		v.Add("kind", "followup.error.kind_invalid")
	}
	if f.OccurredAt.After(now.Add(5 * time.Minute)) {
		v.Add("occurred_at", "followup.error.in_future")
	}
	if f.DurationMin < 0 || f.DurationMin > 24*60 {
		v.Add("duration_min", "followup.error.duration_invalid")
	}
	for _, t := range f.Tags {
		if !slices.Contains(set.Tags, t) {
			v.Add("tags", "followup.error.tag_unknown", t)
			break
		}
	}
	if utf8.RuneCountInString(f.Notes) > 5000 || utf8.RuneCountInString(f.NextStep) > 200 {
		v.Add("notes", "followup.error.too_long")
	}
	if f.NextDue != nil && f.NextStep == "" {
		v.Add("next_step", "followup.error.next_step_required")
	}
	s.validateAttachments(tx, v, f)
}

func (s *Service) validateAttachments(tx *store.Tx, v *problem.Validation, f *FollowUp) {
	if f.ContactID != "" {
		ct, err := getContact(tx, f.ContactID)
		if err != nil || ct.CustomerID != f.CustomerID {
			v.Add("contact_id", "followup.error.contact_unknown")
		}
	}
	if len(f.Photos) > maxPhotos {
		v.Add("photos", "followup.error.too_many_photos", maxPhotos)
	}
	for _, sum := range f.Photos {
		if s.files == nil || !s.files.Has(sum) {
			v.Add("photos", "followup.error.photo_unknown")
			break
		}
	}
	if l := f.Location; l != nil && (l.Lat < -90 || l.Lat > 90 || l.Lng < -180 || l.Lng > 180) {
		v.Add("location", "followup.error.location_invalid")
	}
}

func putFollowUp(tx *store.Tx, f FollowUp, old *FollowUp) error {
	if old != nil {
		if err := tx.RemoveIndex("followup", "customer", old.CustomerID, byTime(*old)); err != nil {
			return err
		}
	}
	if err := tx.AddIndexJSON("followup", "customer", f.CustomerID, byTime(f), f); err != nil {
		return err
	}
	return tx.PutJSON(followUpKey(f.ID), f)
}

// touchCustomer moves the customer's last follow-up time to at, if later.
func (s *Service) touchCustomer(tx *store.Tx, c Customer, at time.Time) error {
	if c.LastFollowUpAt != nil && !at.After(*c.LastFollowUpAt) {
		return nil
	}
	old := c
	c.LastFollowUpAt = &at
	c.UpdatedAt = s.clock.Now().UTC()
	return putCustomer(tx, c, &old)
}

// indexTags files the customer under each tag of the follow-up, for the
// list's tag filter. Entries stay when a follow-up is edited: the customer
// did once carry the tag.
func indexTags(tx *store.Tx, f FollowUp) error {
	for _, t := range f.AllTags() {
		if err := tx.AddIndex("customer", "tag", t, f.CustomerID); err != nil {
			return err
		}
	}
	return nil
}
