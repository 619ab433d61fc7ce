// Package audit reads the security events of the event log: logins and
// their failures, logouts, user, role and region changes, token creation
// and revocation, settings changes. Other packages write those events in
// the same transaction as the change they describe; this package only
// lists them, for admins.
//
// It must not import app/web or any HTTP package.
package audit

import (
	"strings"

	"github.com/frontline-crm/frontline/app/access"
	"github.com/frontline-crm/frontline/app/store"
)

// securityKinds are the event-kind prefixes that make up the audit log.
var securityKinds = []string{"auth.", "user.", "token.", "region.", "settings.", "backup."}

// IsSecurity reports whether an event kind belongs in the audit log.
func IsSecurity(kind string) bool {
	for _, p := range securityKinds {
		if strings.HasPrefix(kind, p) {
			return true
		}
	}
	return false
}

// Filter narrows the audit log.
type Filter struct {
	// Kind keeps events whose kind starts with it, e.g. "auth.".
	Kind string
	// ActorID keeps events by one user.
	ActorID string
}

func (f Filter) match(e *store.Event) bool {
	return IsSecurity(e.Kind) &&
		(f.Kind == "" || strings.HasPrefix(e.Kind, f.Kind)) &&
		(f.ActorID == "" || e.ActorID == f.ActorID)
}

// Log lists security events for admins.
type Log struct {
	db *store.DB
}

// New returns the audit log reader.
func New(db *store.DB) *Log { return &Log{db: db} }

// List pages through security events newest first; admins only.
func (l *Log) List(p *access.Principal, f Filter, req store.PageRequest) ([]store.Event, string, error) {
	if err := p.RequireAdmin(); err != nil {
		return nil, "", err
	}
	var items []store.Event
	var next string
	err := l.db.View(func(tx *store.Tx) error {
		var err error
		items, next, err = tx.Events(req, f.match)
		return err
	})
	return items, next, err
}
