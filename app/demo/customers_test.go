package demo

import (
	"encoding/json"
	"io"
	"log/slog"
	"slices"
	"testing"
	"time"

	"github.com/frontline-crm/frontline/app/access"
	"github.com/frontline-crm/frontline/app/clock"
	"github.com/frontline-crm/frontline/app/customer"
	"github.com/frontline-crm/frontline/app/filestore"
	"github.com/frontline-crm/frontline/app/org"
	"github.com/frontline-crm/frontline/app/password"
	"github.com/frontline-crm/frontline/app/store"
)

// demoData is a seeded demo database, read back.
type demoData struct {
	customers []customer.Customer
	contacts  []customer.Contact
	followUps []customer.FollowUp
	events    []store.Event // "customer.status" events
	took      time.Duration
}

// seedDemo seeds the demo organisation and its customers into a new
// database and reads everything back.
func seedDemo(t *testing.T, seed int64, nCustomers, nFollowUps int, now time.Time) demoData {
	t.Helper()
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	db, err := store.Open(t.TempDir(), store.DefaultOptions(), log)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	orgs := org.NewService(db, clock.Real{}, log)
	orgs.Hashing = password.Params{MemoryKiB: 64, Time: 1, Threads: 1}
	cust := customer.NewService(db, orgs, clock.Real{}, log, filestore.New(t.TempDir()))
	if _, _, err := Seed(orgs); err != nil {
		t.Fatal(err)
	}
	start := time.Now()
	if err := SeedCustomers(cust, orgs, seed, nCustomers, nFollowUps, now); err != nil {
		t.Fatalf("SeedCustomers = %v", err)
	}
	d := demoData{took: time.Since(start)}
	d.customers = listAll(t, cust)
	for _, c := range d.customers {
		cts, err := cust.Contacts(access.SystemPrincipal, c.ID)
		if err != nil {
			t.Fatal(err)
		}
		d.contacts = append(d.contacts, cts...)
	}
	err = db.View(func(tx *store.Tx) error {
		if err := scanJSON(tx, "followup/", &d.followUps); err != nil {
			return err
		}
		var all []store.Event
		if err := scanJSON(tx, "event/", &all); err != nil {
			return err
		}
		d.events = slices.DeleteFunc(all, func(e store.Event) bool { return e.Kind != "customer.status" })
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return d
}

func listAll(t *testing.T, cust *customer.Service) []customer.Customer {
	t.Helper()
	var out []customer.Customer
	req := store.PageRequest{Limit: store.MaxPageSize}
	for {
		items, next, err := cust.List(access.SystemPrincipal, customer.Filter{}, req)
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, items...)
		if next == "" {
			return out
		}
		req.Cursor = next
	}
}

func scanJSON[T any](tx *store.Tx, prefix string, out *[]T) error {
	return tx.Scan(prefix, store.ScanOptions{}, func(_ string, val []byte) (bool, error) {
		var v T
		err := json.Unmarshal(val, &v)
		*out = append(*out, v)
		return err == nil, err
	})
}

func TestSeedCustomersIsDeterministic(t *testing.T) {
	now := time.Now()
	var a, b, other demoData
	t.Run("seed", func(t *testing.T) { // three databases side by side
		t.Run("1 now", func(t *testing.T) { t.Parallel(); a = seedDemo(t, 1, 60, 400, now) })
		t.Run("1 a day later", func(t *testing.T) {
			t.Parallel()
			b = seedDemo(t, 1, 60, 400, now.Add(25*time.Hour))
		})
		t.Run("2", func(t *testing.T) { t.Parallel(); other = seedDemo(t, 2, 60, 40, now) })
	})
	t.Logf("seeding 60 customers and 400 follow-ups took %v and %v", a.took, b.took)
	got, want := fingerprint(b), fingerprint(a)
	if len(want) != 60+400 || !slices.Equal(got, want) {
		t.Errorf("seed 1 twice gave different data: %d and %d items; first difference %q",
			len(got), len(want), firstDifference(got, want))
	}
	if slices.Equal(companies(other), companies(a)) {
		t.Error("seeds 1 and 2 gave the same customers")
	}
}

func firstDifference(a, b []string) [2]string {
	for i := range min(len(a), len(b)) {
		if a[i] != b[i] {
			return [2]string{a[i], b[i]}
		}
	}
	return [2]string{}
}

// companies are the customers' names, credit codes, levels and sources,
// sorted.
func companies(d demoData) []string {
	var out []string
	for _, c := range d.customers {
		out = append(out, c.Name+" "+c.CreditCode+" "+c.Level+" "+c.Source)
	}
	slices.Sort(out)
	return out
}

// fingerprint is what must not change with the run: the companies and
// the notes of their follow-ups, sorted.
func fingerprint(d demoData) []string {
	out := companies(d)
	for _, f := range d.followUps {
		out = append(out, f.Notes)
	}
	slices.Sort(out)
	return out
}

func TestSeedCustomersIsBelievable(t *testing.T) {
	now := time.Now()
	d := seedDemo(t, 1, 60, 400, now)
	if len(d.customers) != 60 || len(d.followUps) != 400 {
		t.Fatalf("%d customers, %d follow-ups; want 60, 400", len(d.customers), len(d.followUps))
	}
	byID := map[string]customer.Customer{}
	pool := 0
	for _, c := range d.customers {
		byID[c.ID] = c
		if !customer.ValidCreditCode(c.CreditCode) {
			t.Errorf("%s: credit code %q is not valid", c.Name, c.CreditCode)
		}
		if c.InPool() {
			pool++
		}
	}
	if pool == 0 || pool > 30 {
		t.Errorf("%d customers in the pool, want some but not most", pool)
	}
	for _, ct := range d.contacts {
		if m, ok := customer.NormalizeMobile(ct.Mobile); !ok || m != ct.Mobile {
			t.Errorf("contact %s: mobile %q does not normalise to itself", ct.Name, ct.Mobile)
		}
	}
	checkFollowUps(t, d, byID, now)
	checkStatements(t, d)
}

func checkFollowUps(t *testing.T, d demoData, byID map[string]customer.Customer, now time.Time) {
	t.Helper()
	autoTags, handTags := map[string]int{}, 0
	overdue := 0
	for _, f := range d.followUps {
		if _, ok := byID[f.CustomerID]; !ok {
			t.Errorf("follow-up %s: no customer %q", f.ID, f.CustomerID)
		}
		if !f.OccurredAt.Before(now) {
			t.Errorf("follow-up %s occurred at %v, not before now %v", f.ID, f.OccurredAt, now)
		}
		for _, tag := range f.AutoTags {
			autoTags[tag]++
		}
		handTags += len(f.Tags)
		if f.NextDue != nil && f.NextDue.Before(now) {
			overdue++
		}
	}
	for _, tag := range []string{"账期诉求", "国产替代顾虑", "询问交付周期", "竞品介入", "价格异议", "决策人参与"} {
		if autoTags[tag] == 0 {
			t.Errorf("no follow-up got the keyword tag %s; auto tags: %v", tag, autoTags)
		}
	}
	if handTags == 0 || overdue == 0 {
		t.Errorf("%d hand-picked tags, %d past next-step dates; want some of each", handTags, overdue)
	}
}

// checkStatements wants status changes by several people, and on some
// customer two people stating different statuses within 7 days.
func checkStatements(t *testing.T, d demoData) {
	t.Helper()
	actors := map[string]bool{}
	bySubject := map[string][]store.Event{}
	for _, e := range d.events {
		actors[e.ActorID] = true
		bySubject[e.Subject] = append(bySubject[e.Subject], e)
	}
	disputed := 0
	for _, evs := range bySubject {
		for i := 1; i < len(evs); i++ {
			a, b := evs[i-1], evs[i]
			if a.ActorID != b.ActorID && b.At.Sub(a.At) < 7*24*time.Hour && a.Data["to"] != b.Data["to"] {
				disputed++
				break
			}
		}
	}
	if len(actors) < 3 || disputed == 0 {
		t.Errorf("status changes by %d people, %d customers disputed within 7 days; want 3+ and some",
			len(actors), disputed)
	}
}
