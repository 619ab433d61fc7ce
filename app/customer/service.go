package customer

import (
	"log/slog"

	"github.com/frontline-crm/frontline/app/access"
	"github.com/frontline-crm/frontline/app/clock"
	"github.com/frontline-crm/frontline/app/org"
	"github.com/frontline-crm/frontline/app/store"
)

// Service manages customers, contacts, follow-ups and statuses.
type Service struct {
	db    *store.DB
	org   *org.Service
	clock clock.Clock
	log   *slog.Logger
	// files stores follow-up photos; nil refuses photos.
	files PhotoStore
}

// PhotoStore keeps uploaded photos by SHA-256 (implemented over the data
// directory's files/ folder).
type PhotoStore interface {
	// Put stores data and returns its SHA-256 in hex.
	Put(data []byte) (string, error)
	// Has reports whether a photo with that digest is stored.
	Has(sum string) bool
}

// NewService returns the customer service.
func NewService(db *store.DB, orgs *org.Service, clk clock.Clock, log *slog.Logger, files PhotoStore) *Service {
	return &Service{db: db, org: orgs, clock: clk, log: log, files: files}
}

// event appends one history event about a record, acted by p.
func (s *Service) event(tx *store.Tx, p *access.Principal, kind, subject string, data map[string]any) error {
	return tx.AppendEvent(&store.Event{Kind: kind, At: s.clock.Now().UTC(), ActorID: p.UserID,
		IP: p.IP, Subject: subject, Data: data})
}
