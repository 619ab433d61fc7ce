package store_test

import (
	"fmt"
	"slices"
	"testing"
	"time"

	"github.com/frontline-crm/frontline/app/store"
)

// TestListMergedWalksSeveralIndexes proves a list over several index
// prefixes comes back in id order, filtered before counting, every record
// exactly once across pages, and never includes other prefixes' entries.
func TestListMergedWalksSeveralIndexes(t *testing.T) {
	db := newDB(t)
	base := time.Date(2026, 3, 5, 9, 0, 0, 0, time.UTC)
	var want []string
	err := db.Update(func(tx *store.Tx) error {
		for i := 0; i < 90; i++ {
			id := store.NewID(base.Add(time.Duration(i) * time.Second))
			region := []string{"hz", "sx", "sz"}[i%3]
			rec := map[string]any{"id": id, "n": i}
			if err := tx.PutJSON("rec/"+id, rec); err != nil {
				return err
			}
			if err := tx.AddIndex("rec", "region", region, id); err != nil {
				return err
			}
			if region != "sz" && i%2 == 0 {
				want = append(want, id)
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	prefixes := []string{store.IndexPrefix("rec", "region", "hz"), store.IndexPrefix("rec", "region", "sx")}
	if got := walkMerged(t, db, prefixes, false); fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("merged list:\n got %v\nwant %v", got, want)
	}
	slices.Reverse(want)
	if got := walkMerged(t, db, prefixes, true); fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("reverse merged list:\n got %v\nwant %v", got, want)
	}
}

// walkMerged pages through the merged list 7 at a time, even records only.
func walkMerged(t *testing.T, db *store.DB, prefixes []string, reverse bool) []string {
	t.Helper()
	resolve := func(id string) (string, bool) { return "rec/" + id, true }
	even := func(r *map[string]any) bool { return int((*r)["n"].(float64))%2 == 0 }
	var got []string
	req := store.PageRequest{Limit: 7, Reverse: reverse}
	for pages := 0; ; pages++ {
		if pages > 20 {
			t.Fatal("paging does not end")
		}
		var items []map[string]any
		var next string
		err := db.View(func(tx *store.Tx) error {
			var err error
			items, next, err = store.ListMerged(tx, "test", prefixes, req, resolve, even)
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
		if next != "" && len(items) != 7 {
			t.Errorf("page %d has %d items, want full pages before the last", pages, len(items))
		}
		for _, it := range items {
			got = append(got, it["id"].(string))
		}
		if next == "" {
			break
		}
		req.Cursor = next
	}
	return got
}
