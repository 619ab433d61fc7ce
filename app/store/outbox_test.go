package store_test

import (
	"errors"
	"slices"
	"testing"

	"github.com/frontline-crm/frontline/app/store"
)

func TestOutbox(t *testing.T) {
	db := newDB(t)
	update(t, db, func(tx *store.Tx) error {
		for _, id := range []string{"a", "b", "a", "c"} {
			if err := tx.Enqueue("search", "customer", id); err != nil {
				return err
			}
		}
		return tx.Enqueue("other", "customer", "z")
	})
	first, err := db.Pending("search", 3)
	if err != nil {
		t.Fatal(err)
	}
	if got := entryIDs(first); !slices.Equal(got, []string{"a", "b", "a"}) {
		t.Fatalf("first 3 pending = %v, want [a b a] (oldest first, repeats kept)", got)
	}
	// Work queued while the worker runs must survive the ack.
	update(t, db, func(tx *store.Tx) error { return tx.Enqueue("search", "followup", "d") })
	if err := db.Ack(first); err != nil {
		t.Fatal(err)
	}
	rest, err := db.Pending("search", 10)
	if err != nil {
		t.Fatal(err)
	}
	if got := entryIDs(rest); !slices.Equal(got, []string{"c", "d"}) || rest[1].Type != "followup" {
		t.Errorf("after the ack pending = %+v, want c then the follow-up d", rest)
	}
	other, err := db.Pending("other", 10)
	if err != nil || len(other) != 1 || other[0].ID != "z" {
		t.Errorf("other queue = %+v, %v; want just z", other, err)
	}
}

// TestOutboxCommitsWithTheChange: an entry written in a transaction that
// fails is gone with it, so no work is queued for a change that never
// happened.
func TestOutboxCommitsWithTheChange(t *testing.T) {
	db := newDB(t)
	boom := errors.New("boom")
	err := db.Update(func(tx *store.Tx) error {
		if err := tx.Enqueue("search", "customer", "a"); err != nil {
			return err
		}
		return boom
	})
	if !errors.Is(err, boom) {
		t.Fatalf("Update = %v, want boom", err)
	}
	if p, err := db.Pending("search", 10); err != nil || len(p) != 0 {
		t.Errorf("pending after a failed change = %+v, %v; want none", p, err)
	}
}

func entryIDs(es []store.OutboxEntry) []string {
	var out []string
	for _, e := range es {
		out = append(out, e.ID)
	}
	return out
}
