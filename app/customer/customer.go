package customer

import (
	"errors"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/frontline-crm/frontline/app/access"
	"github.com/frontline-crm/frontline/app/problem"
	"github.com/frontline-crm/frontline/app/store"
)

// Customer is a company (or store owner) we sell to.
type Customer struct {
	ID           string         `json:"id"`
	Name         string         `json:"name"`
	CreditCode   string         `json:"credit_code"`
	Industry     string         `json:"industry"`
	RegionID     string         `json:"region_id"`
	Address      string         `json:"address"`
	Source       string         `json:"source"`
	OwnerID      string         `json:"owner_id"` // "" while in the pool
	Level        string         `json:"level"`    // A, B or C
	ProductLines []string       `json:"product_lines"`
	Phone        string         `json:"phone"`
	Status       string         `json:"status"`
	Custom       map[string]any `json:"custom"`
	// LastFollowUpAt is when the latest follow-up occurred, for the pool.
	LastFollowUpAt *time.Time `json:"last_followup_at,omitempty"`
	Archived       bool       `json:"archived,omitempty"`
	Flagged        bool       `json:"flagged"` // a status conflict is open
	CreatedAt      time.Time  `json:"created_at"`
	UpdatedAt      time.Time  `json:"updated_at"`
	CreatedBy      string     `json:"created_by"`
	// AssignedAt is when the current owner received the customer by a
	// claim, an assignment or a hand-over; nil otherwise (see pool.go).
	AssignedAt *time.Time `json:"assigned_at,omitempty"`
}

// InPool reports whether the customer has no owner.
func (c Customer) InPool() bool { return c.OwnerID == "" }

// Input creates or (with every field given) edits a customer.
type Input struct {
	Name         string         `json:"name"`
	CreditCode   string         `json:"credit_code"`
	Industry     string         `json:"industry"`
	RegionID     string         `json:"region_id"`
	Address      string         `json:"address"`
	Source       string         `json:"source"`
	OwnerID      *string        `json:"owner_id"` // nil: the creator (a rep) or the pool
	Level        string         `json:"level"`
	ProductLines []string       `json:"product_lines"`
	Phone        string         `json:"phone"`
	Status       string         `json:"status"` // only on create; later via ChangeStatus
	Custom       map[string]any `json:"custom"`
	// OverrideReason accepts duplicate warnings (same phone, similar name).
	OverrideReason string `json:"override_reason"`
}

const customerPrefix = "customer/"

func customerKey(id string) string { return customerPrefix + id }

// Levels are the customer levels.
var Levels = []string{"A", "B", "C"}

// Create adds a customer. Reps create their own customers in their
// regions; managers in their subtree; directors and admins anywhere.
func (s *Service) Create(p *access.Principal, in Input) (Customer, error) {
	if err := p.RequireAny(access.Rep, access.Manager, access.Director); err != nil {
		return Customer{}, err
	}
	now := s.clock.Now().UTC()
	c := Customer{ID: store.NewID(now), CreatedAt: now, UpdatedAt: now, CreatedBy: p.UserID}
	err := s.db.Update(func(tx *store.Tx) error {
		set, err := LoadSettings(tx)
		if err != nil {
			return err
		}
		if err := s.fill(tx, p, &c, in, set, true); err != nil {
			return err
		}
		if err := putCustomer(tx, c, nil); err != nil {
			return err
		}
		return s.event(tx, p, "customer.create", customerKey(c.ID), map[string]any{
			"name": c.Name, "status": c.Status, "owner_id": c.OwnerID, "override_reason": in.OverrideReason})
	})
	return c, err
}

// Update replaces a customer's editable fields (not status or owner,
// which have their own actions).
func (s *Service) Update(p *access.Principal, id string, in Input) (Customer, error) {
	var c Customer
	err := s.db.Update(func(tx *store.Tx) error {
		old, err := s.loadWritable(tx, p, id)
		if err != nil {
			return err
		}
		set, err := LoadSettings(tx)
		if err != nil {
			return err
		}
		c = old
		in.OwnerID, in.Status = &old.OwnerID, old.Status
		if err := s.fill(tx, p, &c, in, set, false); err != nil {
			return err
		}
		c.UpdatedAt = s.clock.Now().UTC()
		if err := putCustomer(tx, c, &old); err != nil {
			return err
		}
		return s.event(tx, p, "customer.update", customerKey(id), map[string]any{
			"name": c.Name, "override_reason": in.OverrideReason})
	})
	return c, err
}

// fill validates in and copies it into c.
func (s *Service) fill(tx *store.Tx, p *access.Principal, c *Customer, in Input, set Settings, creating bool) error {
	applyInput(c, in)
	if creating {
		c.OwnerID = defaultOwner(p, in.OwnerID)
		c.Status = in.Status
		if c.Status == "" {
			c.Status = set.DefaultStatus
		}
	}
	var v problem.Validation
	validateFields(&v, c, in, set)
	if err := s.checkPlacement(tx, p, &v, c); err != nil {
		return err
	}
	c.Custom = checkCustom(&v, set.Fields, c.Custom)
	if err := v.Err(); err != nil {
		return err
	}
	return checkDuplicates(tx, *c, in.OverrideReason)
}

func applyInput(c *Customer, in Input) {
	c.Name = strings.TrimSpace(in.Name)
	c.CreditCode = NormalizeCreditCode(in.CreditCode)
	c.Industry = strings.TrimSpace(in.Industry)
	c.RegionID = strings.TrimSpace(in.RegionID)
	c.Address = strings.TrimSpace(in.Address)
	c.Source = strings.TrimSpace(in.Source)
	c.Level = strings.ToUpper(strings.TrimSpace(in.Level))
	c.ProductLines = dedupe(in.ProductLines)
	c.Phone = strings.TrimSpace(in.Phone)
	c.Custom = in.Custom
	if c.Custom == nil {
		c.Custom = map[string]any{}
	}
}

// defaultOwner: a rep's new customer is theirs unless they say pool ("").
func defaultOwner(p *access.Principal, given *string) string {
	if given != nil {
		return strings.TrimSpace(*given)
	}
	if p.Has(access.Rep) {
		return p.UserID
	}
	return ""
}

func validateFields(v *problem.Validation, c *Customer, in Input, set Settings) {
	switch n := utf8.RuneCountInString(c.Name); {
	case n == 0:
		v.Add("name", "customer.error.name_required")
	case n > 100:
		v.Add("name", "customer.error.name_too_long", 100)
	}
	if c.CreditCode != "" && !ValidCreditCode(c.CreditCode) {
		v.Add("credit_code", "customer.error.credit_code_invalid")
	}
	if !slices.Contains(Levels, c.Level) {
		v.Add("level", "customer.error.level_invalid")
	}
	if c.Phone != "" {
		if phone, ok := NormalizePhone(c.Phone); ok {
			c.Phone = phone
		} else {
			v.Add("phone", "customer.error.phone_invalid")
		}
	}
	if _, ok := set.statusByKey(c.Status); !ok {
		v.Add("status", "customer.error.status_unknown", c.Status)
	}
	for _, f := range []struct{ name, val string }{{"industry", c.Industry}, {"source", c.Source}, {"address", c.Address}} {
		if utf8.RuneCountInString(f.val) > 200 {
			v.Add(f.name, "customer.error.too_long", 200)
		}
	}
}

// checkPlacement validates region and owner against the acting principal:
// the region must exist and lie in the actor's scope, the owner must be an
// enabled user who may own customers there.
func (s *Service) checkPlacement(tx *store.Tx, p *access.Principal, v *problem.Validation, c *Customer) error {
	if c.RegionID == "" {
		v.Add("region_id", "customer.error.region_required")
	} else if !s.regionExists(c.RegionID) {
		v.Add("region_id", "customer.error.region_unknown")
	} else if !s.mayPlaceIn(p, c.RegionID) {
		v.Add("region_id", "customer.error.region_outside")
	}
	if c.OwnerID == "" || c.OwnerID == p.UserID {
		return nil
	}
	if !p.SeesAll() && !p.Has(access.Manager) {
		v.Add("owner_id", "customer.error.owner_not_allowed")
		return nil
	}
	return s.checkOwner(v, c.OwnerID)
}

func (s *Service) checkOwner(v *problem.Validation, ownerID string) error {
	u, err := s.org.UserByID(ownerID)
	if errors.Is(err, problem.ErrNotFound) || (err == nil && u.Disabled) {
		v.Add("owner_id", "customer.error.owner_unknown")
		return nil
	}
	return err
}

func (s *Service) regionExists(id string) bool {
	p := access.SystemPrincipal
	_, err := s.org.GetRegion(p, id)
	return err == nil
}

// mayPlaceIn: directors and admins anywhere; others in their subtree.
func (s *Service) mayPlaceIn(p *access.Principal, region string) bool {
	return p.SeesAll() || p.Subtree[region]
}

// loadWritable loads a customer the principal may edit: its owner, a
// manager of its region, a director or an admin. Others get not-found when
// they cannot see it, forbidden when they can see but not edit.
func (s *Service) loadWritable(tx *store.Tx, p *access.Principal, id string) (Customer, error) {
	c, err := getCustomer(tx, id)
	if err != nil {
		return c, err
	}
	if !canSee(p, c) || c.Archived {
		return Customer{}, problem.NotFound()
	}
	if !canEdit(p, c) {
		return Customer{}, problem.Forbidden()
	}
	return c, nil
}

// Get returns a customer the principal may see.
func (s *Service) Get(p *access.Principal, id string) (Customer, error) {
	var c Customer
	err := s.db.View(func(tx *store.Tx) error {
		var err error
		c, err = getCustomer(tx, id)
		return err
	})
	if err != nil {
		return Customer{}, err
	}
	if !canSee(p, c) || (c.Archived && !p.IsAdmin()) {
		return Customer{}, problem.NotFound()
	}
	return c, nil
}

func getCustomer(tx *store.Tx, id string) (Customer, error) {
	var c Customer
	if !store.ValidID(id) {
		return c, problem.NotFound()
	}
	err := tx.GetJSON(customerKey(id), &c)
	if errors.Is(err, store.ErrNotFound) {
		return c, problem.NotFound()
	}
	return c, err
}

// Archive hides a customer (the API's DELETE); admins can restore it.
func (s *Service) Archive(p *access.Principal, id string) error {
	return s.setArchived(p, id, true)
}

// Restore brings an archived customer back (admins).
func (s *Service) Restore(p *access.Principal, id string) error {
	if err := p.RequireAdmin(); err != nil {
		return err
	}
	return s.setArchived(p, id, false)
}

func (s *Service) setArchived(p *access.Principal, id string, archived bool) error {
	return s.db.Update(func(tx *store.Tx) error {
		old, err := getCustomer(tx, id)
		if err != nil {
			return err
		}
		if !canSee(p, old) || (old.Archived && !p.IsAdmin()) {
			return problem.NotFound()
		}
		if !canEdit(p, old) {
			return problem.Forbidden()
		}
		c := old
		c.Archived, c.UpdatedAt = archived, s.clock.Now().UTC()
		if err := putCustomer(tx, c, &old); err != nil {
			return err
		}
		kind := map[bool]string{true: "customer.archive", false: "customer.restore"}[archived]
		return s.event(tx, p, kind, customerKey(id), map[string]any{"name": c.Name})
	})
}
