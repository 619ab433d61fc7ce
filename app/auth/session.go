package auth

import (
	"errors"
	"time"

	"github.com/frontline-crm/frontline/app/access"
	"github.com/frontline-crm/frontline/app/org"
	"github.com/frontline-crm/frontline/app/problem"
	"github.com/frontline-crm/frontline/app/store"
)

// Session is a signed-in browser, stored server-side under the digest of
// its id; the id itself lives only in the browser's cookie.
type Session struct {
	UserID     string    `json:"user_id"`
	CSRF       string    `json:"csrf"`
	CreatedAt  time.Time `json:"created_at"`
	LastSeenAt time.Time `json:"last_seen_at"`
	IP         string    `json:"ip,omitempty"`
}

// Current is what a resolved session or token gives a request.
type Current struct {
	Principal *access.Principal
	User      org.User
	// CSRF is the session's form token; empty for token-authenticated
	// API calls, which need none.
	CSRF string
	// SessionID is the cookie value, for logout; empty for tokens.
	SessionID string
}

// touchEvery limits how often a session's last-seen time is written.
const touchEvery = time.Minute

func sessionKey(id string) string { return "session/" + digest(id) }

// startSession creates a new session in tx for userID and returns its id.
// A new id is issued at every login, so an id planted before login is
// worthless after it.
func (s *Service) startSession(tx *store.Tx, userID, ip string) (string, error) {
	now := s.clock.Now().UTC()
	id := randomSecret(32)
	sess := Session{UserID: userID, CSRF: randomSecret(24), CreatedAt: now, LastSeenAt: now, IP: ip}
	if err := tx.PutJSON(sessionKey(id), sess); err != nil {
		return "", err
	}
	return id, tx.AddIndex("session", "user", userID, digest(id))
}

// Session resolves a session cookie. Expired sessions (idle or absolute
// timeout) are deleted and answer unauthorized, as do sessions of users
// disabled since.
func (s *Service) Session(id, ip string) (*Current, error) {
	if id == "" {
		return nil, problem.Unauthorized()
	}
	sess, err := s.loadSession(id)
	if err != nil {
		return nil, err
	}
	now := s.clock.Now().UTC()
	if s.expired(sess, now) {
		_ = s.db.Update(func(tx *store.Tx) error { return deleteSession(tx, id, sess.UserID) })
		return nil, problem.Unauthorized()
	}
	p, u, err := s.principalFor(sess.UserID, ip)
	if err != nil {
		return nil, unauthorizedUnless(err)
	}
	if now.Sub(sess.LastSeenAt) >= touchEvery {
		s.touch(id, now)
	}
	return &Current{Principal: p, User: u, CSRF: sess.CSRF, SessionID: id}, nil
}

func (s *Service) loadSession(id string) (Session, error) {
	var sess Session
	err := s.db.View(func(tx *store.Tx) error { return tx.GetJSON(sessionKey(id), &sess) })
	if errors.Is(err, store.ErrNotFound) {
		return sess, problem.Unauthorized()
	}
	return sess, err
}

func (s *Service) expired(sess Session, now time.Time) bool {
	return now.Sub(sess.LastSeenAt) > s.set.IdleTimeout || now.Sub(sess.CreatedAt) > s.set.AbsoluteTimeout
}

// touch moves last-seen forward; a lost touch only shortens the idle
// window, so its error is logged and dropped.
func (s *Service) touch(id string, now time.Time) {
	err := s.db.Update(func(tx *store.Tx) error {
		var sess Session
		if err := tx.GetJSON(sessionKey(id), &sess); err != nil {
			return err
		}
		sess.LastSeenAt = now
		return tx.PutJSON(sessionKey(id), sess)
	})
	if err != nil && !errors.Is(err, store.ErrNotFound) {
		s.log.Warn("session touch failed", "error", err)
	}
}

// unauthorizedUnless turns "user gone or disabled" into unauthorized and
// passes internal errors through.
func unauthorizedUnless(err error) error {
	if errors.Is(err, problem.ErrNotFound) || errors.Is(err, problem.ErrUnauthorized) {
		return problem.Unauthorized()
	}
	return err
}

// Logout ends a session and records it.
func (s *Service) Logout(c *Current, ip string) error {
	return s.db.Update(func(tx *store.Tx) error {
		if err := deleteSession(tx, c.SessionID, c.User.ID); err != nil {
			return err
		}
		return s.securityEvent(tx, "auth.logout", c.User.ID, "user/"+c.User.ID, ip, nil)
	})
}

func deleteSession(tx *store.Tx, id, userID string) error {
	if err := tx.Delete(sessionKey(id)); err != nil {
		return err
	}
	return tx.RemoveIndex("session", "user", userID, digest(id))
}

// EndSessions signs a user out everywhere, e.g. after a password reset.
func (s *Service) EndSessions(userID string) error {
	return s.db.Update(func(tx *store.Tx) error {
		digests, err := tx.IndexIDs("session", "user", userID)
		if err != nil {
			return err
		}
		for _, d := range digests {
			if err := tx.Delete("session/" + d); err != nil {
				return err
			}
			if err := tx.RemoveIndex("session", "user", userID, d); err != nil {
				return err
			}
		}
		return nil
	})
}
