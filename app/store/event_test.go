package store_test

import (
	"fmt"
	"slices"
	"testing"
	"time"

	"github.com/frontline-crm/frontline/app/store"
)

func TestAppendEventAssignsID(t *testing.T) {
	db := newDB(t)
	e := store.Event{Kind: "user.create", At: t0, Subject: "user/1", Data: map[string]any{"name": "李雷"}}
	kept := store.Event{ID: store.NewID(t0), Kind: "user.update", At: t0.Add(time.Second)}
	keptID := kept.ID

	update(t, db, func(tx *store.Tx) error {
		if err := tx.AppendEvent(&e); err != nil {
			return err
		}
		return tx.AppendEvent(&kept)
	})

	if !store.ValidID(e.ID) {
		t.Errorf("assigned ID = %q, want a valid id", e.ID)
	}
	if kept.ID != keptID {
		t.Errorf("given ID changed to %q, want %q", kept.ID, keptID)
	}
	got := map[string]store.Event{}
	for _, ev := range listEvents(t, db, 10, nil) {
		got[ev.ID] = ev
	}
	stored, ok := got[e.ID]
	if len(got) != 2 || !ok || stored.Kind != e.Kind || !stored.At.Equal(t0) ||
		stored.Subject != e.Subject || stored.Data["name"] != "李雷" {
		t.Errorf("stored events = %+v, want %+v among them", got, e)
	}
	if _, ok := got[keptID]; !ok {
		t.Errorf("stored events = %+v, want one with the given id %s", got, keptID)
	}
}

func TestAppendEventRefusesZeroTime(t *testing.T) {
	db := newDB(t)

	update(t, db, func(tx *store.Tx) error {
		e := store.Event{Kind: "user.create", Subject: "user/1"}
		if err := tx.AppendEvent(&e); err == nil {
			t.Errorf("AppendEvent without time error = nil, want an error")
		}
		return nil // commit, so anything it wrote would show
	})

	assertSame(t, db, map[string]string{})
}

// appendEvents writes n events one minute apart, alternating between two
// kinds and two subjects, and returns their ids oldest first.
func appendEvents(t *testing.T, db *store.DB, n int) []string {
	t.Helper()
	ids := make([]string, n)
	update(t, db, func(tx *store.Tx) error {
		for i := range n {
			e := store.Event{
				Kind:    []string{"deal.stage", "auth.login"}[i%2],
				At:      t0.Add(time.Duration(i) * time.Minute),
				Subject: fmt.Sprintf("deal/%d", i%2),
			}
			if err := tx.AppendEvent(&e); err != nil {
				return err
			}
			ids[i] = e.ID
		}
		return nil
	})
	return ids
}

// listEvents pages through all events with the given page size and returns
// them in the order received.
func listEvents(t *testing.T, db *store.DB, limit int, keep func(*store.Event) bool) []store.Event {
	t.Helper()
	var all []store.Event
	req := store.PageRequest{Limit: limit}
	for range 100 {
		var page []store.Event
		var next string
		view(t, db, func(tx *store.Tx) error {
			var err error
			page, next, err = tx.Events(req, keep)
			return err
		})
		if len(page) > limit {
			t.Fatalf("page of %d events, want at most %d", len(page), limit)
		}
		all = append(all, page...)
		if next == "" {
			return all
		}
		req.Cursor = next
	}
	t.Fatalf("event paging did not end")
	return nil
}

func TestEventsNewestFirst(t *testing.T) {
	db := newDB(t)
	ids := appendEvents(t, db, 25)
	logins := func(e *store.Event) bool { return e.Kind == "auth.login" }

	tests := []struct {
		name  string
		limit int
		keep  func(*store.Event) bool
		want  func(i int) bool // which of the appended events are listed
	}{
		{"all in pages of ten", 10, nil, func(int) bool { return true }},
		{"all in one page", 50, nil, func(int) bool { return true }},
		{"filtered in pages of three", 3, logins, func(i int) bool { return i%2 == 1 }},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			var want []string
			for i := len(ids) - 1; i >= 0; i-- {
				if tc.want(i) {
					want = append(want, ids[i])
				}
			}

			got := listEvents(t, db, tc.limit, tc.keep)

			gotIDs := make([]string, len(got))
			for i, e := range got {
				gotIDs[i] = e.ID
				if i > 0 && !e.At.Before(got[i-1].At) {
					t.Errorf("event %d at %v is not older than the one before (%v)", i, e.At, got[i-1].At)
				}
			}
			if !slices.Equal(gotIDs, want) {
				t.Errorf("Events ids = %q, want %q", gotIDs, want)
			}
		})
	}
}

func TestSubjectEventsOldestFirst(t *testing.T) {
	db := newDB(t)
	ids := appendEvents(t, db, 9)
	own := store.Event{Kind: "deal.import", At: t0, Subject: "deal"}
	update(t, db, func(tx *store.Tx) error {
		// Subjects whose keys start with another's must not mix in.
		if err := tx.AppendEvent(&store.Event{Kind: "deal.stage", At: t0, Subject: "deal/10"}); err != nil {
			return err
		}
		return tx.AppendEvent(&own)
	})

	tests := []struct {
		subject string
		want    []string
	}{
		{"deal/0", []string{ids[0], ids[2], ids[4], ids[6], ids[8]}},
		{"deal/1", []string{ids[1], ids[3], ids[5], ids[7]}},
		{"deal/2", nil},
		{"deal", []string{own.ID}},
	}
	for _, tc := range tests {
		t.Run(tc.subject, func(t *testing.T) {
			var events []store.Event
			view(t, db, func(tx *store.Tx) error {
				var err error
				events, err = tx.SubjectEvents(tc.subject)
				return err
			})
			var got []string
			for _, e := range events {
				got = append(got, e.ID)
				if e.Subject != tc.subject {
					t.Errorf("event %s has subject %q, want %q", e.ID, e.Subject, tc.subject)
				}
			}
			if !slices.Equal(got, tc.want) {
				t.Errorf("SubjectEvents(%q) = %q, want %q", tc.subject, got, tc.want)
			}
		})
	}
}
