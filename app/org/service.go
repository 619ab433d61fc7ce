package org

import (
	"log/slog"

	"github.com/frontline-crm/frontline/app/access"
	"github.com/frontline-crm/frontline/app/clock"
	"github.com/frontline-crm/frontline/app/password"
	"github.com/frontline-crm/frontline/app/store"
)

// Service manages regions and users.
type Service struct {
	db    *store.DB
	clock clock.Clock
	log   *slog.Logger
	// Hashing is the argon2id cost; tests lower it.
	Hashing password.Params

	regions regionCache
}

// NewService returns an organisation service on db.
func NewService(db *store.DB, clk clock.Clock, log *slog.Logger) *Service {
	return &Service{db: db, clock: clk, log: log, Hashing: password.Default}
}

// event appends one history/audit event about subject, acted by p.
func (s *Service) event(tx *store.Tx, p *access.Principal, kind, subject string, data map[string]any) error {
	return tx.AppendEvent(&store.Event{
		Kind:    kind,
		At:      s.clock.Now().UTC(),
		ActorID: p.UserID,
		IP:      p.IP,
		Subject: subject,
		Data:    data,
	})
}
