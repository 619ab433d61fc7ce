package store

import (
	"fmt"
	"strings"
	"time"
)

// Event is one entry of the append-only history: a status change, an
// approval action, a login, a settings change. Events are never rewritten;
// the audit log and every record's timeline are built from them.
type Event struct {
	ID string `json:"id"`
	// Kind names what happened, dotted: "auth.login", "user.create".
	Kind string    `json:"kind"`
	At   time.Time `json:"at"`
	// ActorID is the user who acted; empty for the system itself.
	ActorID string `json:"actor_id,omitempty"`
	// Subject is the key of the record concerned, e.g. "user/01H...".
	Subject string `json:"subject,omitempty"`
	// IP is the client address for security events.
	IP string `json:"ip,omitempty"`
	// Data holds kind-specific details (from/to values, reasons). It never
	// holds secrets.
	Data map[string]any `json:"data,omitempty"`
}

const eventPrefix = "event/"

// AppendEvent assigns e an id (if it has none) and writes it, with its
// by-subject index, in tx.
func (tx *Tx) AppendEvent(e *Event) error {
	if e.At.IsZero() {
		return fmt.Errorf("store: event %s without time", e.Kind)
	}
	if e.ID == "" {
		e.ID = NewID(e.At)
	}
	if err := tx.PutJSON(eventPrefix+e.ID, e); err != nil {
		return err
	}
	if e.Subject == "" {
		return nil
	}
	return tx.Put(Key("evsubj", e.Subject, e.ID), nil)
}

// Events lists events newest first, keeping those keep accepts.
func (tx *Tx) Events(req PageRequest, keep func(*Event) bool) ([]Event, string, error) {
	req.Reverse = true
	return List(tx, eventPrefix, req, keep)
}

// SubjectEvents returns every event about one record, oldest first.
func (tx *Tx) SubjectEvents(subject string) ([]Event, error) {
	prefix := Key("evsubj", subject) + "/"
	var events []Event
	err := tx.Scan(prefix, ScanOptions{KeysOnly: true}, func(key string, _ []byte) (bool, error) {
		id := key[len(prefix):]
		if strings.Contains(id, "/") {
			// An entry of a longer subject such as subject + "/x".
			return true, nil
		}
		var e Event
		if err := tx.GetJSON(eventPrefix+id, &e); err != nil {
			return false, err
		}
		events = append(events, e)
		return true, nil
	})
	return events, err
}
