package store_test

import (
	"log/slog"
	"maps"
	"slices"
	"testing"
	"time"

	"github.com/frontline-crm/frontline/app/store"
)

// t0 is the time most tests build ids and events from.
var t0 = time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)

func discardLog() *slog.Logger { return slog.New(slog.DiscardHandler) }

// openDB opens a real Badger with the default options in dir and closes it
// when the test ends (unless the test closed it first).
func openDB(t *testing.T, dir string) *store.DB {
	t.Helper()
	db, err := store.Open(dir, store.DefaultOptions(), discardLog())
	if err != nil {
		t.Fatalf("store.Open(%s): %v", dir, err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

// newDB opens a fresh database in a temporary directory.
func newDB(t *testing.T) *store.DB {
	t.Helper()
	return openDB(t, t.TempDir())
}

// update runs fn in a read-write transaction and fails the test on error.
func update(t *testing.T, db *store.DB, fn func(tx *store.Tx) error) {
	t.Helper()
	if err := db.Update(fn); err != nil {
		t.Fatalf("Update: %v", err)
	}
}

// view runs fn in a read-only transaction and fails the test on error.
func view(t *testing.T, db *store.DB, fn func(tx *store.Tx) error) {
	t.Helper()
	if err := db.View(fn); err != nil {
		t.Fatalf("View: %v", err)
	}
}

// putAll writes every key/value pair in one transaction.
func putAll(t *testing.T, db *store.DB, kv map[string]string) {
	t.Helper()
	update(t, db, func(tx *store.Tx) error {
		for _, k := range slices.Sorted(maps.Keys(kv)) {
			if err := tx.Put(k, []byte(kv[k])); err != nil {
				return err
			}
		}
		return nil
	})
}

// dump returns every key and value in the database, to compare the whole
// state before and after an operation that must change nothing.
func dump(t *testing.T, db *store.DB) map[string]string {
	t.Helper()
	all := map[string]string{}
	view(t, db, func(tx *store.Tx) error {
		return tx.Scan("", store.ScanOptions{}, func(key string, val []byte) (bool, error) {
			all[key] = string(val)
			return true, nil
		})
	})
	return all
}

// assertSame fails when the database no longer holds exactly want.
func assertSame(t *testing.T, db *store.DB, want map[string]string) {
	t.Helper()
	got := dump(t, db)
	if !maps.Equal(got, want) {
		t.Fatalf("database changed:\ngot  %v\nwant %v", got, want)
	}
}
