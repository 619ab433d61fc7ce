package notify_test

import (
	"errors"
	"io"
	"log/slog"
	"reflect"
	"testing"
	"time"

	"github.com/frontline-crm/frontline/app/notify"
	"github.com/frontline-crm/frontline/app/problem"
	"github.com/frontline-crm/frontline/app/store"
)

var t0 = time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)

func openDB(t *testing.T) *store.DB {
	t.Helper()
	db, err := store.Open(t.TempDir(), store.DefaultOptions(), slog.New(slog.NewTextHandler(io.Discard, nil)))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

// add writes one notification per minute after t0 for user.
func add(t *testing.T, db *store.DB, user string, n int) {
	t.Helper()
	for i := range n {
		err := db.Update(func(tx *store.Tx) error {
			return notify.Add(tx, user, "customer.conflict", "customer/x", "notify.customer.conflict",
				[]any{"客户", i}, t0.Add(time.Duration(i)*time.Minute))
		})
		if err != nil {
			t.Fatal(err)
		}
	}
}

func TestListNewestFirstPerUser(t *testing.T) {
	db := openDB(t)
	add(t, db, "u1", 3)
	add(t, db, "u2", 1)

	var got []notify.Notification
	req := store.PageRequest{Limit: 2}
	for {
		items, next, err := notify.List(db, "u1", req)
		if err != nil {
			t.Fatal(err)
		}
		got = append(got, items...)
		if next == "" {
			break
		}
		req.Cursor = next
	}
	if len(got) != 3 {
		t.Fatalf("u1 has %d notifications, want 3", len(got))
	}
	for i, n := range got {
		want := []any{"客户", 2 - i}
		if n.UserID != "u1" || !reflect.DeepEqual(n.Args, want) || n.Read {
			t.Errorf("item %d = %+v, want args %v, unread, newest first", i, n, want)
		}
	}
}

func TestMarkRead(t *testing.T) {
	db := openDB(t)
	add(t, db, "u1", 2)
	items, _, err := notify.List(db, "u1", store.PageRequest{})
	if err != nil {
		t.Fatal(err)
	}
	if n, _ := notify.Unread(db, "u1"); n != 2 {
		t.Fatalf("unread = %d, want 2", n)
	}

	if err := notify.MarkRead(db, "u2", items[0].ID); !errors.Is(err, problem.ErrNotFound) {
		t.Errorf("another user's MarkRead = %v, want not found", err)
	}
	for range 2 {
		if err := notify.MarkRead(db, "u1", items[0].ID); err != nil {
			t.Fatalf("MarkRead: %v", err)
		}
	}
	if n, _ := notify.Unread(db, "u1"); n != 1 {
		t.Errorf("unread = %d, want 1", n)
	}
	items, _, _ = notify.List(db, "u1", store.PageRequest{})
	if !items[0].Read || items[1].Read {
		t.Errorf("read flags = %v, %v; want true, false", items[0].Read, items[1].Read)
	}
}

func TestAddNeedsUserKindAndKey(t *testing.T) {
	db := openDB(t)
	err := db.Update(func(tx *store.Tx) error {
		return notify.Add(tx, "", "customer.conflict", "", "notify.customer.conflict", nil, t0)
	})
	if err == nil {
		t.Error("Add without a user succeeded")
	}
}
