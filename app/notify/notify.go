package notify

import (
	"errors"
	"fmt"
	"math"
	"time"

	"github.com/frontline-crm/frontline/app/problem"
	"github.com/frontline-crm/frontline/app/store"
)

// Notification is one message for one user.
type Notification struct {
	ID     string `json:"id"`
	UserID string `json:"user_id"`
	// Kind names what happened, dotted like event kinds:
	// "customer.conflict".
	Kind string `json:"kind"`
	// Subject is the key of the record concerned, e.g. "customer/01H…".
	Subject string `json:"subject"`
	// Key and Args are the message: a locale key and its arguments.
	Key  string    `json:"key"`
	Args []any     `json:"args"`
	At   time.Time `json:"at"`
	Read bool      `json:"read"`
}

// Storage keys:
//
//	notification/<user>/<id>                 the record
//	idx/notification/unread/<user>/<id>      unread ones, for the badge
func recordPrefix(userID string) string { return store.Key("notification", userID) + "/" }

func recordKey(userID, id string) string { return recordPrefix(userID) + id }

// Add writes a notification for userID in tx. Args are stored as JSON;
// whole numbers come back as int.
func Add(tx *store.Tx, userID, kind, subject, key string, args []any, at time.Time) error {
	if userID == "" || kind == "" || key == "" {
		return fmt.Errorf("notify: add %s: user, kind and key are required", kind)
	}
	n := Notification{ID: store.NewID(at), UserID: userID, Kind: kind, Subject: subject,
		Key: key, Args: args, At: at.UTC()}
	if n.Args == nil {
		n.Args = []any{}
	}
	if err := tx.AddIndex("notification", "unread", userID, n.ID); err != nil {
		return err
	}
	return tx.PutJSON(recordKey(userID, n.ID), n)
}

// List pages through a user's notifications, newest first. It does no
// permission check: callers pass the signed-in user's own id.
func List(db *store.DB, userID string, req store.PageRequest) ([]Notification, string, error) {
	if userID == "" {
		return nil, "", problem.NotFound()
	}
	var items []Notification
	var next string
	err := db.View(func(tx *store.Tx) error {
		var err error
		req.Reverse = true
		items, next, err = store.List[Notification](tx, recordPrefix(userID), req, nil)
		return err
	})
	for i := range items {
		items[i].Args = WholeNumbers(items[i].Args)
	}
	return items, next, err
}

// Unread counts a user's unread notifications.
func Unread(db *store.DB, userID string) (int, error) {
	n := 0
	err := db.View(func(tx *store.Tx) error {
		ids, err := tx.IndexIDs("notification", "unread", userID)
		n = len(ids)
		return err
	})
	return n, err
}

// MarkRead marks one of the user's notifications read. A notification
// of someone else, or none at all, is problem.NotFound; marking a read
// one again is a no-op.
func MarkRead(db *store.DB, userID, id string) error {
	if userID == "" || !store.ValidID(id) {
		return problem.NotFound()
	}
	return db.Update(func(tx *store.Tx) error {
		var n Notification
		err := tx.GetJSON(recordKey(userID, id), &n)
		if errors.Is(err, store.ErrNotFound) {
			return problem.NotFound()
		}
		if err != nil || n.Read {
			return err
		}
		n.Read = true
		if err := tx.RemoveIndex("notification", "unread", userID, id); err != nil {
			return err
		}
		return tx.PutJSON(recordKey(userID, id), n)
	})
}

// WholeNumbers returns args with every whole float64 (which is what JSON
// numbers decode to) turned back into an int, so "%d" verbs format them.
func WholeNumbers(args []any) []any {
	for i, a := range args {
		if f, ok := a.(float64); ok && f == math.Trunc(f) && math.Abs(f) < 1<<53 {
			args[i] = int(f)
		}
	}
	return args
}
