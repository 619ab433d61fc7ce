package store_test

import (
	"errors"
	"slices"
	"testing"

	"github.com/frontline-crm/frontline/app/store"
)

// scanFixture holds "user/" keys and neighbours that sort just before and
// just after the prefix, so a scan that leaks past its bounds shows.
var scanFixture = map[string]string{
	"use":      "no",
	"user":     "no",
	"user./x":  "no",
	"user/a":   "va",
	"user/b":   "vb",
	"user/c":   "vc",
	"user/d":   "vd",
	"user0/x":  "no",
	"user2/":   "no",
	"user2/a":  "no",
	"userz/a":  "no",
	"zz/user/": "no",
}

func TestScan(t *testing.T) {
	tests := []struct {
		name   string
		prefix string
		opts   store.ScanOptions
		stopAt int // stop after this many keys; 0 scans to the end
		want   []string
	}{
		{"prefix", "user/", store.ScanOptions{}, 0, []string{"user/a", "user/b", "user/c", "user/d"}},
		{"reverse", "user/", store.ScanOptions{Reverse: true}, 0, []string{"user/d", "user/c", "user/b", "user/a"}},
		{"neighbour prefix", "user2/", store.ScanOptions{}, 0, []string{"user2/", "user2/a"}},
		{"after existing key", "user/", store.ScanOptions{After: "user/b"}, 0, []string{"user/c", "user/d"}},
		{"after missing key", "user/", store.ScanOptions{After: "user/bb"}, 0, []string{"user/c", "user/d"}},
		{"after last key", "user/", store.ScanOptions{After: "user/d"}, 0, nil},
		{"reverse after existing key", "user/", store.ScanOptions{After: "user/c", Reverse: true}, 0,
			[]string{"user/b", "user/a"}},
		{"reverse after missing key", "user/", store.ScanOptions{After: "user/bb", Reverse: true}, 0,
			[]string{"user/b", "user/a"}},
		{"reverse after first key", "user/", store.ScanOptions{After: "user/a", Reverse: true}, 0, nil},
		{"early stop", "user/", store.ScanOptions{}, 2, []string{"user/a", "user/b"}},
		{"early stop reverse", "user/", store.ScanOptions{Reverse: true}, 1, []string{"user/d"}},
		{"no match", "customer/", store.ScanOptions{}, 0, nil},
	}
	db := newDB(t)
	putAll(t, db, scanFixture)

	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			var got []string
			view(t, db, func(tx *store.Tx) error {
				return tx.Scan(tc.prefix, tc.opts, func(key string, val []byte) (bool, error) {
					if string(val) != scanFixture[key] {
						t.Errorf("value of %s = %q, want %q", key, val, scanFixture[key])
					}
					got = append(got, key)
					return tc.stopAt == 0 || len(got) < tc.stopAt, nil
				})
			})
			if !slices.Equal(got, tc.want) {
				t.Errorf("Scan(%q, %+v) visited %q, want %q", tc.prefix, tc.opts, got, tc.want)
			}
		})
	}
}

func TestScanKeysOnly(t *testing.T) {
	db := newDB(t)
	putAll(t, db, scanFixture)

	var got []string
	view(t, db, func(tx *store.Tx) error {
		return tx.Scan("user/", store.ScanOptions{KeysOnly: true}, func(key string, val []byte) (bool, error) {
			if val != nil {
				t.Errorf("KeysOnly value of %s = %q, want nil", key, val)
			}
			got = append(got, key)
			return true, nil
		})
	})

	if want := []string{"user/a", "user/b", "user/c", "user/d"}; !slices.Equal(got, want) {
		t.Errorf("KeysOnly scan visited %q, want %q", got, want)
	}
}

func TestScanStopsOnError(t *testing.T) {
	db := newDB(t)
	putAll(t, db, scanFixture)
	errStop := errors.New("stop")

	visited := 0
	err := db.View(func(tx *store.Tx) error {
		return tx.Scan("user/", store.ScanOptions{}, func(string, []byte) (bool, error) {
			visited++
			return true, errStop
		})
	})

	if !errors.Is(err, errStop) {
		t.Errorf("Scan error = %v, want %v", err, errStop)
	}
	if visited != 1 {
		t.Errorf("visited %d keys after the error, want 1", visited)
	}
}

func TestScanSeesOwnPendingWrites(t *testing.T) {
	db := newDB(t)
	putAll(t, db, scanFixture)

	update(t, db, func(tx *store.Tx) error {
		if err := tx.Put("user/bb", []byte("new")); err != nil {
			return err
		}
		if err := tx.Delete("user/c"); err != nil {
			return err
		}
		var got []string
		err := tx.Scan("user/", store.ScanOptions{KeysOnly: true}, func(key string, _ []byte) (bool, error) {
			got = append(got, key)
			return true, nil
		})
		if want := []string{"user/a", "user/b", "user/bb", "user/d"}; !slices.Equal(got, want) {
			t.Errorf("Scan inside Update visited %q, want %q", got, want)
		}
		return err
	})
}
