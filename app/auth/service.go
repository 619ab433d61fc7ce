package auth

import (
	"encoding/json"
	"fmt"
	"log/slog"
	"time"

	"github.com/frontline-crm/frontline/app/access"
	"github.com/frontline-crm/frontline/app/clock"
	"github.com/frontline-crm/frontline/app/org"
	"github.com/frontline-crm/frontline/app/store"
)

// Settings are the auth options from the configuration.
type Settings struct {
	IdleTimeout     time.Duration
	AbsoluteTimeout time.Duration
	// LoginPerMinute is the number of login attempts allowed per account
	// and per client address each minute.
	LoginPerMinute int
}

// Service signs people in and out and resolves credentials.
type Service struct {
	db      *store.DB
	org     *org.Service
	clock   clock.Clock
	log     *slog.Logger
	set     Settings
	limiter *Limiter
}

// NewService returns the auth service.
func NewService(db *store.DB, orgs *org.Service, clk clock.Clock, log *slog.Logger, set Settings) *Service {
	return &Service{db: db, org: orgs, clock: clk, log: log, set: set,
		limiter: NewLimiter(set.LoginPerMinute, clk)}
}

// securityEvent appends an audit event in tx.
func (s *Service) securityEvent(tx *store.Tx, kind, actorID, subject, ip string, data map[string]any) error {
	return tx.AppendEvent(&store.Event{Kind: kind, At: s.clock.Now().UTC(), ActorID: actorID,
		Subject: subject, IP: ip, Data: data})
}

// principalFor loads the principal of an enabled user id.
func (s *Service) principalFor(userID, ip string) (*access.Principal, org.User, error) {
	u, err := s.org.UserByID(userID)
	if err != nil {
		return nil, org.User{}, err
	}
	p, err := s.org.Principal(u)
	if err != nil {
		return nil, org.User{}, err
	}
	p.IP = ip
	return p, u, nil
}

func decodeUser(key string, val []byte, u *org.User) error {
	if err := json.Unmarshal(val, u); err != nil {
		return fmt.Errorf("auth: decode %s: %w", key, err)
	}
	return nil
}
