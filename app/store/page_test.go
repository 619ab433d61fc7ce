package store_test

import (
	"errors"
	"fmt"
	"slices"
	"testing"

	"github.com/frontline-crm/frontline/app/store"
)

type item struct {
	N int `json:"n"`
}

func itemKey(n int) string { return fmt.Sprintf("item/%04d", n) }

// seedItems writes items 0..n-1 under "item/" and a few records of
// neighbouring prefixes that no list of "item/" may return.
func seedItems(t *testing.T, db *store.DB, n int) {
	t.Helper()
	update(t, db, func(tx *store.Tx) error {
		for i := range n {
			if err := tx.PutJSON(itemKey(i), item{N: i}); err != nil {
				return err
			}
		}
		for _, k := range []string{"item", "item./0", "item2/0000", "items/0"} {
			if err := tx.PutJSON(k, item{N: -1}); err != nil {
				return err
			}
		}
		return nil
	})
}

// walk lists every page of "item/" and returns the numbers in the order
// they came, and the size of each page.
func walk(t *testing.T, db *store.DB, limit int, reverse bool, keep func(*item) bool) (got, sizes []int) {
	t.Helper()
	cursor := ""
	for page := 0; page < 1000; page++ {
		var items []item
		var next string
		view(t, db, func(tx *store.Tx) error {
			var err error
			req := store.PageRequest{Cursor: cursor, Limit: limit, Reverse: reverse}
			items, next, err = store.List(tx, "item/", req, keep)
			return err
		})
		for _, it := range items {
			got = append(got, it.N)
		}
		sizes = append(sizes, len(items))
		if next == "" {
			return got, sizes
		}
		cursor = next
	}
	t.Fatalf("paging did not end after 1000 pages")
	return nil, nil
}

func TestListWalksEveryPage(t *testing.T) {
	tests := []struct {
		name      string
		records   int
		limit     int
		reverse   bool
		wantSizes []int
	}{
		{"forward", 137, 10, false, []int{10, 10, 10, 10, 10, 10, 10, 10, 10, 10, 10, 10, 10, 7}},
		{"reverse", 137, 10, true, []int{10, 10, 10, 10, 10, 10, 10, 10, 10, 10, 10, 10, 10, 7}},
		{"exact multiple has no empty last page", 30, 10, false, []int{10, 10, 10}},
		{"exact multiple reverse", 30, 10, true, []int{10, 10, 10}},
		{"one page", 7, 10, false, []int{7}},
		{"empty", 0, 10, false, []int{0}},
		{"limit one", 3, 1, true, []int{1, 1, 1}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			db := newDB(t)
			seedItems(t, db, tc.records)

			got, sizes := walk(t, db, tc.limit, tc.reverse, nil)

			want := make([]int, tc.records)
			for i := range want {
				want[i] = i
			}
			if tc.reverse {
				slices.Reverse(want)
			}
			if !slices.Equal(got, want) {
				t.Errorf("records = %v, want %v (each once, in order)", got, want)
			}
			if !slices.Equal(sizes, tc.wantSizes) {
				t.Errorf("page sizes = %v, want %v", sizes, tc.wantSizes)
			}
		})
	}
}

func TestListFiltersBeforeCounting(t *testing.T) {
	db := newDB(t)
	seedItems(t, db, 137)
	everySeventh := func(it *item) bool { return it.N%7 == 0 }

	for _, reverse := range []bool{false, true} {
		t.Run(fmt.Sprintf("reverse=%v", reverse), func(t *testing.T) {
			got, sizes := walk(t, db, 5, reverse, everySeventh)

			var want []int
			for n := 0; n < 137; n += 7 {
				want = append(want, n)
			}
			if reverse {
				slices.Reverse(want)
			}
			if !slices.Equal(got, want) {
				t.Errorf("records = %v, want %v", got, want)
			}
			if wantSizes := []int{5, 5, 5, 5}; !slices.Equal(sizes, wantSizes) {
				t.Errorf("page sizes = %v, want %v (full pages despite filtering)", sizes, wantSizes)
			}
		})
	}
}

func TestListClampsLimit(t *testing.T) {
	tests := []struct {
		name  string
		limit int
		want  int
	}{
		{"zero means default", 0, store.DefaultPageSize},
		{"negative means default", -5, store.DefaultPageSize},
		{"within range", 17, 17},
		{"at maximum", store.MaxPageSize, store.MaxPageSize},
		{"above maximum", 1000, store.MaxPageSize},
	}
	db := newDB(t)
	seedItems(t, db, 250)

	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			var items []item
			var next string
			view(t, db, func(tx *store.Tx) error {
				var err error
				items, next, err = store.List[item](tx, "item/", store.PageRequest{Limit: tc.limit}, nil)
				return err
			})
			if len(items) != tc.want {
				t.Errorf("List(Limit: %d) returned %d items, want %d", tc.limit, len(items), tc.want)
			}
			if next == "" {
				t.Errorf("next cursor is empty with records left over")
			}
		})
	}
}

func TestListRejectsBadCursor(t *testing.T) {
	db := newDB(t)
	seedItems(t, db, 30)
	seedOther := map[string]string{}
	for i := range 30 {
		seedOther[fmt.Sprintf("other/%04d", i)] = `{"n":1}`
	}
	putAll(t, db, seedOther)
	good := firstCursor(t, db, "item/")
	other := firstCursor(t, db, "other/")

	tests := []struct {
		name   string
		cursor string
	}{
		{"not base64", "!!not a cursor!!"},
		{"padded base64", "aXRlbS8wMDA5=="},
		{"single character", "A"},
		{"tampered", tamper(good)},
		{"truncated", good[:len(good)-2]},
		{"made for another list", other},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			err := db.View(func(tx *store.Tx) error {
				_, _, err := store.List[item](tx, "item/", store.PageRequest{Cursor: tc.cursor}, nil)
				return err
			})
			if !errors.Is(err, store.ErrBadCursor) {
				t.Errorf("List(cursor %q) error = %v, want ErrBadCursor", tc.cursor, err)
			}
		})
	}
}

// firstCursor returns the next_cursor of the first page of ten of prefix.
func firstCursor(t *testing.T, db *store.DB, prefix string) string {
	t.Helper()
	var next string
	view(t, db, func(tx *store.Tx) error {
		var err error
		_, next, err = store.List[item](tx, prefix, store.PageRequest{Limit: 10}, nil)
		return err
	})
	if next == "" {
		t.Fatalf("first page of %s has no next cursor", prefix)
	}
	return next
}

// tamper changes the cursor's first character to another valid base64url
// character, keeping its length.
func tamper(cursor string) string {
	c := byte('A')
	if cursor[0] == 'A' {
		c = 'B'
	}
	return string(c) + cursor[1:]
}
