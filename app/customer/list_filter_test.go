package customer

import (
	"slices"
	"testing"

	"github.com/frontline-crm/frontline/app/store"
)

// filterFixture seeds customers of every level in three regions and
// moves some to other statuses, so status and level filters have
// something to tell apart. It returns the customers by a readable key.
func filterFixture(t *testing.T) (*fixture, map[string]Customer) {
	f := newFixture(t)
	all := map[string]Customer{}
	for _, s := range []struct{ key, owner, region, level, status string }{
		{"hz A following", "repA", "杭州", "A", StatusFollowing},
		{"hz A new", "repA", "杭州", "A", ""},
		{"hz B following", "repB", "杭州", "B", StatusFollowing},
		{"hz pool A following", "", "杭州", "A", StatusFollowing},
		{"sx A following", "repSX", "绍兴", "A", StatusFollowing},
		{"sx C quoted", "repSX", "绍兴", "C", StatusQuoted},
		{"sz A following", "repSZ", "深圳", "A", StatusFollowing},
		{"sz A won", "repSZ", "深圳", "A", StatusWon},
	} {
		c := f.seed(s.owner, s.region)
		if s.level != c.Level {
			in := f.input(s.region, c.Name)
			in.Level = s.level
			in.OverrideReason = "test fixture"
			var err error
			c, err = f.svc.Update(f.as["director"], c.ID, in)
			wantOK(t, err)
		}
		if s.status != "" {
			var err error
			c, err = f.svc.ChangeStatus(f.as["director"], c.ID, s.status, "test fixture")
			wantOK(t, err)
		}
		all[s.key] = c
	}
	return f, all
}

func TestListStatusLevelFilter(t *testing.T) {
	f, all := filterFixture(t)
	cases := []struct {
		name   string
		actor  string
		filter Filter
		want   []string
	}{
		{"director, status and level", "director", Filter{Status: StatusFollowing, Level: "A"},
			[]string{"hz A following", "hz pool A following", "sx A following", "sz A following"}},
		{"director, level alone", "director", Filter{Level: "A"},
			[]string{"hz A following", "hz A new", "hz pool A following", "sx A following", "sz A following", "sz A won"}},
		{"director, status alone", "director", Filter{Status: StatusQuoted}, []string{"sx C quoted"}},
		{"director, status in a region", "director", Filter{Status: StatusFollowing, RegionID: "<深圳>"},
			[]string{"sz A following"}},
		{"manager, status and level, own subtree only", "manager", Filter{Status: StatusFollowing, Level: "A"},
			[]string{"hz A following", "hz pool A following", "sx A following"}},
		{"manager, level in one region", "manager", Filter{Level: "A", RegionID: "<杭州>"},
			[]string{"hz A following", "hz A new", "hz pool A following"}},
		{"manager asking outside the subtree", "manager", Filter{Level: "A", RegionID: "<深圳>"}, nil},
		{"legal reads every region", "legal", Filter{Status: StatusWon}, []string{"sz A won"}},
		{"a rep's own, filtered", "repA", Filter{Level: "A"}, []string{"hz A following", "hz A new"}},
		{"a rep's pool, filtered", "repA", Filter{Pool: true, Status: StatusFollowing},
			[]string{"hz pool A following"}},
		{"an unknown level matches nothing", "director", Filter{Level: "Z"}, nil},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			filter := tc.filter
			if r := filter.RegionID; r != "" {
				filter.RegionID = f.region[r[1:len(r)-1]]
			}
			items, _, err := f.svc.List(f.as[tc.actor], filter, store.PageRequest{Limit: 100})
			wantOK(t, err)
			wantCustomers(t, items, all, tc.want)
		})
	}
}

func wantCustomers(t *testing.T, items []Customer, all map[string]Customer, keys []string) {
	t.Helper()
	var want []string
	for _, k := range keys {
		want = append(want, all[k].ID)
	}
	got := customerIDs(items)
	slices.Sort(got)
	slices.Sort(want)
	if !slices.Equal(got, want) {
		t.Errorf("List = %s, want %s", customerNames(items), keys)
	}
}

// TestListStatusLevelFilterFollowsChanges: a status change, a level edit
// and an archive move the customer between the filtered lists at once.
func TestListStatusLevelFilterFollowsChanges(t *testing.T) {
	f, all := filterFixture(t)
	director := f.as["director"]
	list := func(fl Filter) []Customer {
		items, _, err := f.svc.List(director, fl, store.PageRequest{Limit: 100})
		wantOK(t, err)
		return items
	}
	c := all["hz A new"]
	var err error
	if c, err = f.svc.ChangeStatus(director, c.ID, StatusQuoted, "sent the quote"); err != nil {
		t.Fatal(err)
	}
	all["hz A new"] = c
	wantCustomers(t, list(Filter{Status: StatusQuoted}), all, []string{"hz A new", "sx C quoted"})
	in := f.input("杭州", c.Name)
	in.Level, in.OverrideReason = "C", "test fixture"
	if _, err := f.svc.Update(director, c.ID, in); err != nil {
		t.Fatal(err)
	}
	wantCustomers(t, list(Filter{Status: StatusQuoted, Level: "C"}), all, []string{"hz A new", "sx C quoted"})
	wantCustomers(t, list(Filter{Status: StatusQuoted, Level: "A"}), all, nil)
	if err := f.svc.Archive(director, c.ID); err != nil {
		t.Fatal(err)
	}
	wantCustomers(t, list(Filter{Level: "C"}), all, []string{"sx C quoted"})
}

// TestListStatusLevelFilterPages: the merged walk pages without repeats
// or gaps across the prefixes it merges.
func TestListStatusLevelFilterPages(t *testing.T) {
	f, _ := filterFixture(t)
	seen := map[string]bool{}
	req := store.PageRequest{Limit: 2}
	for pages := 1; pages < 10; pages++ {
		items, next, err := f.svc.List(f.as["director"], Filter{Level: "A"}, req)
		wantOK(t, err)
		for _, c := range items {
			if seen[c.ID] {
				t.Errorf("page %d repeats %s", pages, c.Name)
			}
			seen[c.ID] = true
		}
		if next == "" {
			break
		}
		req.Cursor = next
	}
	if len(seen) != 6 {
		t.Errorf("%d level-A customers over the pages, want 6", len(seen))
	}
}

// TestMigrationAddsFilterIndexes: a schema-1 directory (customers without
// the status-and-level indexes) lists correctly after the migration, and
// running it twice changes nothing.
func TestMigrationAddsFilterIndexes(t *testing.T) {
	f, all := filterFixture(t)
	err := f.db.Update(func(tx *store.Tx) error {
		for _, c := range all {
			if err := tx.RemoveIndex("customer", "rsl", rslValue(c.RegionID, c.Status, c.Level), c.ID); err != nil {
				return err
			}
			if err := tx.RemoveIndex("customer", "sl", slValue(c.Status, c.Level), c.ID); err != nil {
				return err
			}
		}
		return nil
	})
	wantOK(t, err)
	items, _, err := f.svc.List(f.as["director"], Filter{Level: "A"}, store.PageRequest{Limit: 100})
	wantOK(t, err)
	if len(items) != 0 {
		t.Fatalf("before the migration the filtered list found %d, want 0 (index keys not removed?)", len(items))
	}
	for range 2 {
		for _, m := range Migrations() {
			wantOK(t, m.Run(f.db))
		}
	}
	items, _, err = f.svc.List(f.as["director"], Filter{Level: "A"}, store.PageRequest{Limit: 100})
	wantOK(t, err)
	wantCustomers(t, items, all, []string{"hz A following", "hz A new", "hz pool A following", "sx A following",
		"sz A following", "sz A won"})
	items, _, err = f.svc.List(f.as["manager"], Filter{Status: StatusFollowing, Level: "A"}, store.PageRequest{Limit: 100})
	wantOK(t, err)
	wantCustomers(t, items, all, []string{"hz A following", "hz pool A following", "sx A following"})
}
