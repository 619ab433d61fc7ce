package store_test

import (
	"errors"
	"fmt"
	"slices"
	"testing"

	"github.com/frontline-crm/frontline/app/store"
)

// claim is one ClaimUnique call and the error it must give.
type claim struct {
	entity, field, value, id string
	wantTaken                bool
}

func TestClaimUnique(t *testing.T) {
	tests := []struct {
		name   string
		claims []claim
	}{
		{"same id twice", []claim{
			{"user", "email", "a@b.c", "1", false},
			{"user", "email", "a@b.c", "1", false},
		}},
		{"other id", []claim{
			{"user", "email", "a@b.c", "1", false},
			{"user", "email", "a@b.c", "2", true},
		}},
		{"other field", []claim{
			{"user", "email", "x", "1", false},
			{"user", "phone", "x", "2", false},
		}},
		{"other entity", []claim{
			{"user", "email", "x", "1", false},
			{"customer", "email", "x", "2", false},
		}},
		{"value with slash against shorter value", []claim{
			{"region", "name", "a/b", "1", false},
			{"region", "name", "a", "2", false},
		}},
		{"value with slash against field ending in its head", []claim{
			{"region", "name", "a/b", "1", false},
			{"region", "name/a", "b", "2", false},
		}},
		{"escaped-looking value", []claim{
			{"region", "name", "a/b", "1", false},
			{"region", "name", "a%2Fb", "2", false},
		}},
		{"empty value", []claim{
			{"region", "name", "", "1", false},
			{"region", "name", "", "2", true},
		}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			db := newDB(t)
			for i, c := range tc.claims {
				err := db.Update(func(tx *store.Tx) error {
					return tx.ClaimUnique(c.entity, c.field, c.value, c.id)
				})
				if got := errors.Is(err, store.ErrTaken); got != c.wantTaken || (err != nil && !got) {
					t.Fatalf("claim %d %+v: error = %v, want taken=%v", i, c, err, c.wantTaken)
				}
			}
			for _, c := range tc.claims {
				if c.wantTaken {
					continue
				}
				if got := lookup(t, db, c.entity, c.field, c.value); got != c.id {
					t.Errorf("LookupUnique(%s, %s, %q) = %q, want %q", c.entity, c.field, c.value, got, c.id)
				}
			}
		})
	}
}

// lookup returns the owner of a unique value, "" when there is none.
func lookup(t *testing.T, db *store.DB, entity, field, value string) string {
	t.Helper()
	owner := ""
	view(t, db, func(tx *store.Tx) error {
		id, err := tx.LookupUnique(entity, field, value)
		if errors.Is(err, store.ErrNotFound) {
			return nil
		}
		owner = id
		return err
	})
	return owner
}

func TestReleaseUniqueFreesValue(t *testing.T) {
	db := newDB(t)
	update(t, db, func(tx *store.Tx) error { return tx.ClaimUnique("user", "email", "a@b.c", "1") })
	update(t, db, func(tx *store.Tx) error { return tx.ClaimUnique("user", "email", "a/b", "1") })

	update(t, db, func(tx *store.Tx) error { return tx.ReleaseUnique("user", "email", "a@b.c") })

	if got := lookup(t, db, "user", "email", "a@b.c"); got != "" {
		t.Errorf("owner after release = %q, want none", got)
	}
	if got := lookup(t, db, "user", "email", "a/b"); got != "1" {
		t.Errorf("owner of an unreleased value = %q, want %q", got, "1")
	}
	err := db.Update(func(tx *store.Tx) error { return tx.ClaimUnique("user", "email", "a@b.c", "2") })
	if err != nil {
		t.Fatalf("claim by another id after release: %v", err)
	}
	if got := lookup(t, db, "user", "email", "a@b.c"); got != "2" {
		t.Errorf("owner after new claim = %q, want %q", got, "2")
	}
}

func TestIndexIDs(t *testing.T) {
	db := newDB(t)
	update(t, db, func(tx *store.Tx) error {
		adds := []error{
			tx.AddIndex("user", "region", "a", "03"),
			tx.AddIndex("user", "region", "a", "01"),
			tx.AddIndex("user", "region", "a", "02"),
			tx.AddIndex("user", "region", "a/b", "09"),
			tx.AddIndex("user", "region", "ab", "08"),
			tx.AddIndex("user", "team", "a", "07"),
			tx.AddIndex("customer", "region", "a", "06"),
		}
		return errors.Join(adds...)
	})
	update(t, db, func(tx *store.Tx) error { return tx.RemoveIndex("user", "region", "a", "02") })

	tests := []struct {
		name                 string
		entity, field, value string
		want                 []string
	}{
		{"in id order, removed id gone", "user", "region", "a", []string{"01", "03"}},
		{"value with slash", "user", "region", "a/b", []string{"09"}},
		{"longer value", "user", "region", "ab", []string{"08"}},
		{"unknown value", "user", "region", "b", nil},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			var got []string
			view(t, db, func(tx *store.Tx) error {
				var err error
				got, err = tx.IndexIDs(tc.entity, tc.field, tc.value)
				return err
			})
			if !slices.Equal(got, tc.want) {
				t.Errorf("IndexIDs(%s, %s, %q) = %q, want %q", tc.entity, tc.field, tc.value, got, tc.want)
			}
		})
	}
}

// TestCoveringIndex: ListIndex reads a covering entry's own copy of the
// record and falls back to the record for a plain entry, so both kinds
// may share one index (entries written before an index became covering).
func TestCoveringIndex(t *testing.T) {
	db := newDB(t)
	update(t, db, func(tx *store.Tx) error {
		for i := range 4 {
			if err := tx.PutJSON(itemKey(i), item{N: i}); err != nil {
				return err
			}
		}
		// Entries 0 and 1 carry a copy that differs from the record, so the
		// test can tell which one was read; 2 and 3 are plain.
		for i := range 2 {
			if err := tx.AddIndexJSON("item", "group", "g", fmt.Sprintf("%04d", i), item{N: 100 + i}); err != nil {
				return err
			}
		}
		for i := 2; i < 4; i++ {
			if err := tx.AddIndex("item", "group", "g", fmt.Sprintf("%04d", i)); err != nil {
				return err
			}
		}
		return nil
	})
	var got []item
	view(t, db, func(tx *store.Tx) error {
		var err error
		got, _, err = store.ListIndex(tx, store.IndexPrefix("item", "group", "g"), store.PageRequest{Limit: 10},
			func(suffix string) (string, bool) { return "item/" + suffix, true }, func(*item) bool { return true })
		return err
	})
	want := []item{{100}, {101}, {2}, {3}}
	if !slices.Equal(got, want) {
		t.Errorf("ListIndex = %v, want %v (copies for covering entries, records for plain ones)", got, want)
	}
	view(t, db, func(tx *store.Tx) error {
		var it item
		if err := tx.IndexedJSON([]byte("{bad"), itemKey(0), &it); err == nil {
			t.Error("IndexedJSON decoded a broken entry without an error")
		}
		return nil
	})
}
