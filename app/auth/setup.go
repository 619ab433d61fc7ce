package auth

import (
	"errors"
	"time"

	"github.com/frontline-crm/frontline/app/access"
	"github.com/frontline-crm/frontline/app/org"
	"github.com/frontline-crm/frontline/app/problem"
	"github.com/frontline-crm/frontline/app/store"
)

// setupKey holds the pending first-admin setup link.
const setupKey = "meta/setup"

// setupLifetime is how long a printed setup link stays valid.
const setupLifetime = 24 * time.Hour

// setupRecord is the stored half of a setup link.
type setupRecord struct {
	Digest    string    `json:"digest"`
	ExpiresAt time.Time `json:"expires_at"`
}

// SetupNeeded reports whether no enabled admin can sign in with a password,
// which is when a setup link is offered.
func (s *Service) SetupNeeded() (bool, error) {
	n := 0
	err := s.db.View(func(tx *store.Tx) error {
		return tx.Scan("user/", store.ScanOptions{}, func(key string, val []byte) (bool, error) {
			var u org.User
			if err := decodeUser(key, val, &u); err != nil {
				return false, err
			}
			if !u.Disabled && u.HasPassword() && hasRole(u, access.Admin) {
				n++
			}
			return n == 0, nil
		})
	})
	return n == 0, err
}

// NewSetupLink replaces any earlier link and returns the secret for a new
// one, valid for a day. Callers print it at start-up while SetupNeeded.
func (s *Service) NewSetupLink() (string, error) {
	secret := randomSecret(24)
	rec := setupRecord{Digest: digest(secret), ExpiresAt: s.clock.Now().UTC().Add(setupLifetime)}
	err := s.db.Update(func(tx *store.Tx) error { return tx.PutJSON(setupKey, rec) })
	return secret, err
}

// CheckSetup reports whether secret is the live setup link.
func (s *Service) CheckSetup(secret string) error {
	return s.db.View(func(tx *store.Tx) error { return s.checkSetup(tx, secret) })
}

func (s *Service) checkSetup(tx *store.Tx, secret string) error {
	var rec setupRecord
	err := tx.GetJSON(setupKey, &rec)
	if errors.Is(err, store.ErrNotFound) {
		return problem.New(problem.KindNotFound, "setup.error.invalid_link")
	}
	if err != nil {
		return err
	}
	if rec.Digest != digest(secret) || s.clock.Now().After(rec.ExpiresAt) {
		return problem.New(problem.KindNotFound, "setup.error.invalid_link")
	}
	return nil
}

// SetupAdmin is the first admin's account, from the setup page.
type SetupAdmin struct {
	Email    string
	Name     string
	Password string
}

// CompleteSetup uses the setup link once: it creates the first admin (or,
// when an admin of that e-mail exists without a password, as in the demo
// data, sets their password), deletes the link and signs the admin in.
func (s *Service) CompleteSetup(secret string, in SetupAdmin, ip string) (string, org.User, error) {
	if err := s.CheckSetup(secret); err != nil {
		return "", org.User{}, err
	}
	u, err := s.setupUser(in)
	if err != nil {
		return "", org.User{}, err
	}
	err = s.db.Update(func(tx *store.Tx) error {
		if err := s.checkSetup(tx, secret); err != nil {
			return err
		}
		return tx.Delete(setupKey)
	})
	if err != nil {
		return "", org.User{}, err
	}
	id, err := s.openSession(u, ip, "auth.login", map[string]any{"method": "setup_link"})
	return id, u, err
}

func (s *Service) setupUser(in SetupAdmin) (org.User, error) {
	sys := access.SystemPrincipal
	u, err := s.org.UserByEmail(in.Email)
	if err == nil && hasRole(u, access.Admin) && !u.HasPassword() {
		if err := s.org.SetPassword(sys, u.ID, in.Password); err != nil {
			return org.User{}, err
		}
		return s.org.UserByID(u.ID)
	}
	return s.org.CreateUser(sys, org.UserInput{Email: in.Email, Name: in.Name,
		Roles: []string{string(access.Admin)}, Password: in.Password, Regions: []string{}})
}

func hasRole(u org.User, r access.Role) bool {
	for _, have := range u.Roles {
		if have == r {
			return true
		}
	}
	return false
}

// PendingAdmin returns an enabled admin who has no password yet (the demo
// data's admin), whose details the setup page fills in.
func (s *Service) PendingAdmin() (org.User, bool) {
	var found org.User
	err := s.db.View(func(tx *store.Tx) error {
		return tx.Scan("user/", store.ScanOptions{}, func(key string, val []byte) (bool, error) {
			var u org.User
			if err := decodeUser(key, val, &u); err != nil {
				return false, err
			}
			if !u.Disabled && !u.HasPassword() && hasRole(u, access.Admin) {
				found = u
				return false, nil
			}
			return true, nil
		})
	})
	return found, err == nil && found.ID != ""
}
