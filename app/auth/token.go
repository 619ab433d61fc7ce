package auth

import (
	"errors"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/frontline-crm/frontline/app/access"
	"github.com/frontline-crm/frontline/app/problem"
	"github.com/frontline-crm/frontline/app/store"
)

// Token is a personal access token as stored: only its digest is kept.
type Token struct {
	ID         string     `json:"id"`
	UserID     string     `json:"user_id"`
	Name       string     `json:"name"`
	Digest     string     `json:"digest"`
	CreatedAt  time.Time  `json:"created_at"`
	LastUsedAt *time.Time `json:"last_used_at,omitempty"`
}

// TokenPrefix starts every token, so leaked tokens are easy to recognise
// in code and logs (and by secret scanners).
const TokenPrefix = "frl_"

const maxTokenName = 60

func tokenKey(id string) string { return "token/" + id }

// CreateToken makes a token for userID and returns it with the secret,
// which is shown once and never again. Users create their own; admins may
// create one for anyone.
func (s *Service) CreateToken(p *access.Principal, userID, name string) (Token, string, error) {
	if !p.IsAdmin() && p.UserID != userID {
		return Token{}, "", problem.Forbidden()
	}
	name = strings.TrimSpace(name)
	if err := checkTokenName(name); err != nil {
		return Token{}, "", err
	}
	now := s.clock.Now().UTC()
	secret := TokenPrefix + randomSecret(32)
	t := Token{ID: store.NewID(now), UserID: userID, Name: name, Digest: digest(secret), CreatedAt: now}
	err := s.db.Update(func(tx *store.Tx) error {
		if _, err := s.activeUser(tx, userID); err != nil {
			return err
		}
		if err := putToken(tx, t); err != nil {
			return err
		}
		return s.securityEvent(tx, "token.create", p.UserID, "user/"+userID, p.IP,
			map[string]any{"token_id": t.ID, "name": t.Name})
	})
	return t, secret, err
}

func checkTokenName(name string) error {
	var v problem.Validation
	switch n := utf8.RuneCountInString(name); {
	case n == 0:
		v.Add("name", "token.error.name_required")
	case n > maxTokenName:
		v.Add("name", "token.error.name_too_long", maxTokenName)
	}
	return v.Err()
}

func (s *Service) activeUser(tx *store.Tx, id string) (bool, error) {
	var u struct {
		Disabled bool `json:"disabled"`
	}
	err := tx.GetJSON("user/"+id, &u)
	if errors.Is(err, store.ErrNotFound) || (err == nil && u.Disabled) {
		return false, problem.NotFound()
	}
	return err == nil, err
}

func putToken(tx *store.Tx, t Token) error {
	if err := tx.ClaimUnique("token", "digest", t.Digest, t.ID); err != nil {
		return err
	}
	if err := tx.AddIndex("token", "user", t.UserID, t.ID); err != nil {
		return err
	}
	return tx.PutJSON(tokenKey(t.ID), t)
}

// RevokeToken deletes a token; its owner or an admin may.
func (s *Service) RevokeToken(p *access.Principal, id string) error {
	return s.db.Update(func(tx *store.Tx) error {
		t, err := getToken(tx, id)
		if err != nil {
			return err
		}
		if !p.IsAdmin() && p.UserID != t.UserID {
			return problem.NotFound()
		}
		for _, k := range []string{tokenKey(id), store.IndexPrefix("token", "user", t.UserID) + id} {
			if err := tx.Delete(k); err != nil {
				return err
			}
		}
		if err := tx.ReleaseUnique("token", "digest", t.Digest); err != nil {
			return err
		}
		return s.securityEvent(tx, "token.revoke", p.UserID, "user/"+t.UserID, p.IP,
			map[string]any{"token_id": t.ID, "name": t.Name})
	})
}

func getToken(tx *store.Tx, id string) (Token, error) {
	var t Token
	if !store.ValidID(id) {
		return t, problem.NotFound()
	}
	err := tx.GetJSON(tokenKey(id), &t)
	if errors.Is(err, store.ErrNotFound) {
		return t, problem.NotFound()
	}
	return t, err
}

// Tokens lists a user's tokens (without secrets), newest first.
func (s *Service) Tokens(p *access.Principal, userID string) ([]Token, error) {
	if !p.IsAdmin() && p.UserID != userID {
		return nil, problem.Forbidden()
	}
	var out []Token
	err := s.db.View(func(tx *store.Tx) error {
		ids, err := tx.IndexIDs("token", "user", userID)
		if err != nil {
			return err
		}
		for i := len(ids) - 1; i >= 0; i-- {
			t, err := getToken(tx, ids[i])
			if err != nil {
				return err
			}
			out = append(out, t)
		}
		return nil
	})
	return out, err
}

// Bearer resolves an Authorization bearer token to the acting user.
func (s *Service) Bearer(secret, ip string) (*Current, error) {
	if !strings.HasPrefix(secret, TokenPrefix) {
		return nil, problem.Unauthorized()
	}
	var t Token
	err := s.db.View(func(tx *store.Tx) error {
		id, err := tx.LookupUnique("token", "digest", digest(secret))
		if err != nil {
			return err
		}
		t, err = getToken(tx, id)
		return err
	})
	if errors.Is(err, store.ErrNotFound) || errors.Is(err, problem.ErrNotFound) {
		return nil, problem.Unauthorized()
	}
	if err != nil {
		return nil, err
	}
	p, u, err := s.principalFor(t.UserID, ip)
	if err != nil {
		return nil, unauthorizedUnless(err)
	}
	s.markUsed(t)
	return &Current{Principal: p, User: u}, nil
}

// markUsed stamps last-used at most once a minute per token.
func (s *Service) markUsed(t Token) {
	now := s.clock.Now().UTC()
	if t.LastUsedAt != nil && now.Sub(*t.LastUsedAt) < touchEvery {
		return
	}
	err := s.db.Update(func(tx *store.Tx) error {
		cur, err := getToken(tx, t.ID)
		if err != nil {
			return err
		}
		cur.LastUsedAt = &now
		return tx.PutJSON(tokenKey(t.ID), cur)
	})
	if err != nil && !errors.Is(err, problem.ErrNotFound) {
		s.log.Warn("token touch failed", "error", err)
	}
}
