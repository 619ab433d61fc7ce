package customer

import (
	"errors"
	"net/mail"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/frontline-crm/frontline/app/access"
	"github.com/frontline-crm/frontline/app/problem"
	"github.com/frontline-crm/frontline/app/store"
)

// DecisionRole is a contact's part in the customer's decision chain.
type DecisionRole string

// The decision roles.
const (
	DecisionMaker      DecisionRole = "decision_maker"
	Influencer         DecisionRole = "influencer"
	User               DecisionRole = "user"
	Procurement        DecisionRole = "procurement"
	Finance            DecisionRole = "finance"
	TechnicalEvaluator DecisionRole = "technical_evaluator"
)

// DecisionRoles lists the roles in display order.
var DecisionRoles = []DecisionRole{DecisionMaker, Influencer, User, Procurement, Finance, TechnicalEvaluator}

// Contact is a person at a customer.
type Contact struct {
	ID           string       `json:"id"`
	CustomerID   string       `json:"customer_id"`
	Name         string       `json:"name"`
	Title        string       `json:"title"`
	Mobile       string       `json:"mobile"`
	Email        string       `json:"email"`
	WeChat       string       `json:"wechat"`
	DecisionRole DecisionRole `json:"decision_role"`
	CreatedAt    time.Time    `json:"created_at"`
	UpdatedAt    time.Time    `json:"updated_at"`
}

// ContactInput creates or edits a contact.
type ContactInput struct {
	Name         string `json:"name"`
	Title        string `json:"title"`
	Mobile       string `json:"mobile"`
	Email        string `json:"email"`
	WeChat       string `json:"wechat"`
	DecisionRole string `json:"decision_role"`
}

func contactKey(id string) string { return "contact/" + id }

// AddContact adds a contact to a customer the principal may edit.
func (s *Service) AddContact(p *access.Principal, customerID string, in ContactInput) (Contact, error) {
	now := s.clock.Now().UTC()
	ct := Contact{ID: store.NewID(now), CustomerID: customerID, CreatedAt: now, UpdatedAt: now}
	err := s.db.Update(func(tx *store.Tx) error {
		c, err := s.loadWritable(tx, p, customerID)
		if err != nil {
			return err
		}
		if err := fillContact(&ct, in); err != nil {
			return err
		}
		if err := putContact(tx, ct); err != nil {
			return err
		}
		if err := s.refreshHealth(tx, c.ID); err != nil {
			return err
		}
		return s.event(tx, p, "contact.create", customerKey(c.ID), map[string]any{"contact": ct.Name})
	})
	return ct, err
}

// UpdateContact edits a contact of a customer the principal may edit.
func (s *Service) UpdateContact(p *access.Principal, id string, in ContactInput) (Contact, error) {
	var ct Contact
	err := s.db.Update(func(tx *store.Tx) error {
		var err error
		if ct, err = s.writableContact(tx, p, id); err != nil {
			return err
		}
		if err := fillContact(&ct, in); err != nil {
			return err
		}
		ct.UpdatedAt = s.clock.Now().UTC()
		if err := putContact(tx, ct); err != nil {
			return err
		}
		return s.refreshHealth(tx, ct.CustomerID)
	})
	return ct, err
}

// DeleteContact removes a contact; follow-ups that named them keep the id.
func (s *Service) DeleteContact(p *access.Principal, id string) error {
	return s.db.Update(func(tx *store.Tx) error {
		ct, err := s.writableContact(tx, p, id)
		if err != nil {
			return err
		}
		if err := tx.RemoveIndex("contact", "customer", ct.CustomerID, id); err != nil {
			return err
		}
		if err := tx.Delete(contactKey(id)); err != nil {
			return err
		}
		if err := s.refreshHealth(tx, ct.CustomerID); err != nil {
			return err
		}
		return s.event(tx, p, "contact.delete", customerKey(ct.CustomerID), map[string]any{"contact": ct.Name})
	})
}

// GetContact returns a contact of a customer the principal may see.
func (s *Service) GetContact(p *access.Principal, id string) (Contact, error) {
	var ct Contact
	err := s.db.View(func(tx *store.Tx) error {
		var err error
		ct, err = getContact(tx, id)
		return err
	})
	if err != nil {
		return Contact{}, err
	}
	if _, err := s.Get(p, ct.CustomerID); err != nil {
		return Contact{}, err
	}
	return ct, nil
}

func (s *Service) writableContact(tx *store.Tx, p *access.Principal, id string) (Contact, error) {
	ct, err := getContact(tx, id)
	if err != nil {
		return ct, err
	}
	_, err = s.loadWritable(tx, p, ct.CustomerID)
	return ct, err
}

func getContact(tx *store.Tx, id string) (Contact, error) {
	var ct Contact
	if !store.ValidID(id) {
		return ct, problem.NotFound()
	}
	err := tx.GetJSON(contactKey(id), &ct)
	if errors.Is(err, store.ErrNotFound) {
		return ct, problem.NotFound()
	}
	return ct, err
}

// Contacts lists a visible customer's contacts in creation order.
func (s *Service) Contacts(p *access.Principal, customerID string) ([]Contact, error) {
	if _, err := s.Get(p, customerID); err != nil {
		return nil, err
	}
	var out []Contact
	err := s.db.View(func(tx *store.Tx) error {
		var err error
		out, err = contactsOf(tx, customerID)
		return err
	})
	return out, err
}

func contactsOf(tx *store.Tx, customerID string) ([]Contact, error) {
	prefix := store.IndexPrefix("contact", "customer", customerID)
	var out []Contact
	err := tx.Scan(prefix, store.ScanOptions{}, func(key string, val []byte) (bool, error) {
		var ct Contact
		if err := tx.IndexedJSON(val, contactKey(key[len(prefix):]), &ct); err != nil {
			return false, err
		}
		out = append(out, ct)
		return true, nil
	})
	return out, err
}

// putContact writes a contact and its entry in the customer's contact
// index, which carries a copy of it (contactsOf reads them in one scan).
func putContact(tx *store.Tx, ct Contact) error {
	if err := tx.AddIndexJSON("contact", "customer", ct.CustomerID, ct.ID, ct); err != nil {
		return err
	}
	return tx.PutJSON(contactKey(ct.ID), ct)
}

func fillContact(ct *Contact, in ContactInput) error {
	ct.Name, ct.Title = strings.TrimSpace(in.Name), strings.TrimSpace(in.Title)
	ct.Email, ct.WeChat = strings.TrimSpace(in.Email), strings.TrimSpace(in.WeChat)
	ct.DecisionRole = DecisionRole(strings.TrimSpace(in.DecisionRole))
	var v problem.Validation
	if n := utf8.RuneCountInString(ct.Name); n == 0 || n > 50 {
		v.Add("name", "contact.error.name_required")
	}
	ct.Mobile = ""
	if m := strings.TrimSpace(in.Mobile); m != "" {
		if canon, ok := NormalizeMobile(m); ok {
			ct.Mobile = canon
		} else {
			v.Add("mobile", "contact.error.mobile_invalid")
		}
	}
	if ct.Email != "" {
		if a, err := mail.ParseAddress(ct.Email); err != nil || a.Address != ct.Email {
			v.Add("email", "contact.error.email_invalid")
		}
	}
	if ct.DecisionRole != "" && !slices.Contains(DecisionRoles, ct.DecisionRole) {
		v.Add("decision_role", "contact.error.decision_role_invalid")
	}
	if utf8.RuneCountInString(ct.Title) > 50 || utf8.RuneCountInString(ct.WeChat) > 50 {
		v.Add("title", "contact.error.too_long", 50)
	}
	return v.Err()
}
