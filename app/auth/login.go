package auth

import (
	"errors"

	"github.com/frontline-crm/frontline/app/org"
	"github.com/frontline-crm/frontline/app/password"
	"github.com/frontline-crm/frontline/app/problem"
	"github.com/frontline-crm/frontline/app/store"
)

// dummyHash is compared against when the e-mail is unknown, so a login
// for a missing account takes as long as one with a wrong password.
var dummyHash, _ = password.Hash("frontline-timing-equaliser", password.Default)

// Login checks an e-mail and password and starts a session, returning the
// new session id. Attempts are limited per account and per client address;
// every outcome is written to the audit log. Wrong e-mail, wrong password
// and disabled account all get the same answer.
func (s *Service) Login(email, pw, ip string) (string, org.User, error) {
	email = org.NormalizeEmail(email)
	if !s.limiter.Allow("account:"+email, "ip:"+ip) {
		s.recordFailure(email, ip, "rate_limited")
		return "", org.User{}, problem.New(problem.KindTooMany, "auth.error.rate_limited")
	}
	u, err := s.org.UserByEmail(email)
	if err != nil && !errors.Is(err, store.ErrNotFound) && !errors.Is(err, problem.ErrNotFound) {
		return "", org.User{}, err
	}
	if !s.passwordMatches(u, pw) || u.Disabled {
		s.recordFailure(email, ip, failureReason(u, err))
		return "", org.User{}, problem.New(problem.KindUnauthorized, "auth.error.bad_credentials")
	}
	id, err := s.openSession(u, ip, "auth.login", map[string]any{"method": "password"})
	return id, u, err
}

func (s *Service) passwordMatches(u org.User, pw string) bool {
	hash := u.PasswordHash
	if hash == "" {
		hash = dummyHash
	}
	ok, err := password.Check(pw, hash)
	return err == nil && ok && u.PasswordHash != ""
}

func failureReason(u org.User, lookupErr error) string {
	switch {
	case lookupErr != nil:
		return "unknown_account"
	case u.Disabled:
		return "disabled"
	case u.PasswordHash == "":
		return "no_password"
	}
	return "wrong_password"
}

// openSession starts a session for u and records the login event.
func (s *Service) openSession(u org.User, ip, kind string, data map[string]any) (string, error) {
	var id string
	err := s.db.Update(func(tx *store.Tx) error {
		var err error
		if id, err = s.startSession(tx, u.ID, ip); err != nil {
			return err
		}
		if err := org.RecordLogin(tx, u.ID, s.clock.Now().UTC()); err != nil {
			return err
		}
		return s.securityEvent(tx, kind, u.ID, "user/"+u.ID, ip, data)
	})
	if err == nil {
		s.log.Info("login", "user_id", u.ID, "client_ip", ip)
	}
	return id, err
}

// recordFailure writes a failed login to the audit log. The attempted
// e-mail is kept (it is what an admin investigates); the password never.
func (s *Service) recordFailure(email, ip, reason string) {
	err := s.db.Update(func(tx *store.Tx) error {
		return s.securityEvent(tx, "auth.login_failed", "", "", ip,
			map[string]any{"email": email, "reason": reason})
	})
	if err != nil {
		s.log.Error("audit write failed", "error", err)
	}
	s.log.Info("login failed", "client_ip", ip, "reason", reason)
}
