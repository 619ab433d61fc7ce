package customer_test

import (
	"fmt"
	"testing"
	"time"

	"github.com/frontline-crm/frontline/app/access"
	"github.com/frontline-crm/frontline/app/customer"
	"github.com/frontline-crm/frontline/app/store"
)

func TestRecycleByLevelAtExactDayBoundaries(t *testing.T) {
	for _, tc := range []struct {
		level string
		days  int
	}{{"A", 15}, {"B", 30}, {"C", 45}} {
		t.Run(tc.level, func(t *testing.T) {
			e := newPoolEnv(t)
			c := e.seed("repA", "杭州", tc.level, "")
			limit := time.Duration(tc.days) * day
			steps := []struct {
				at     time.Duration
				inPool bool
			}{
				{0, false},
				{limit - time.Hour, false},
				{limit - time.Nanosecond, false},
				{limit, true},
			}
			for _, st := range steps {
				if n := e.at(st.at); n != 1 {
					t.Fatalf("at +%v: %d jobs ran, want 1", st.at, n)
				}
				if got := e.get(c.ID).InPool(); got != st.inPool {
					t.Fatalf("at +%v (%d days for %s): in pool = %v, want %v", st.at, tc.days, tc.level,
						got, st.inPool)
				}
			}
			checkReturned(t, e, c, "repA", tc.days)
		})
	}
}

// checkReturned checks the event and the notification of one return.
func checkReturned(t *testing.T, e *poolEnv, c customer.Customer, owner string, days int) {
	t.Helper()
	evs := e.events(c.ID, "customer.pool_return")
	if len(evs) != 1 {
		t.Fatalf("pool_return events = %+v, want one", evs)
	}
	ev := evs[0]
	if ev.ActorID != "" || ev.Data["from_owner"] != e.id(owner) || ev.Data["days"] != float64(days) ||
		ev.Data["limit"] != float64(days) {
		t.Errorf("event = %+v, want by the system from %s after %d days", ev, owner, days)
	}
	notes := e.notes(owner, "customer.pool_return")
	if len(notes) != 1 {
		t.Fatalf("notifications of %s = %+v, want one", owner, notes)
	}
	n := notes[0]
	if n.Key != "notify.customer.pool_return" || n.Subject != "customer/"+c.ID ||
		fmt.Sprint(n.Args) != fmt.Sprint([]any{c.Name, days}) {
		t.Errorf("notification = %+v, want pool_return of %s after %d days", n, c.Name, days)
	}
	if got := e.get(c.ID); got.AssignedAt != nil {
		t.Errorf("AssignedAt = %v after the return, want nil", got.AssignedAt)
	}
}

func TestRecycleSkipsClosedStatusesWhileExempt(t *testing.T) {
	e := newPoolEnv(t)
	won := e.seed("repA", "杭州", "A", customer.StatusWon)
	lost := e.seed("repA", "杭州", "C", customer.StatusLost)
	open := e.seed("repA", "杭州", "C", customer.StatusQuoted)
	e.at(100 * day)
	e.wantOwner(won.ID, "repA")
	e.wantOwner(lost.ID, "repA")
	e.wantOwner(open.ID, "")

	e.setRules(func(r *customer.PoolRules) { r.ClosedExempt = false })
	e.at(100*day + customer.PoolRecycleInterval)
	e.wantOwner(won.ID, "")
	e.wantOwner(lost.ID, "")
}

func TestRecycleFollowUpResetsTheTimer(t *testing.T) {
	e := newPoolEnv(t)
	c := e.seed("repA", "杭州", "A", "")
	e.at(10 * day)
	if _, err := e.svc.AddFollowUp(e.as["repA"], customer.FollowUpInput{CustomerID: c.ID, Kind: "call"}); err != nil {
		t.Fatalf("AddFollowUp = %v", err)
	}
	e.at(15 * day)
	e.wantOwner(c.ID, "repA")
	e.at(25*day - time.Hour)
	e.wantOwner(c.ID, "repA")
	e.at(25 * day)
	e.wantOwner(c.ID, "")
}

func TestRecycleUsesTheRulesOfTheDay(t *testing.T) {
	e := newPoolEnv(t)
	a := e.seed("repA", "杭州", "A", "")
	b := e.seed("repA", "杭州", "B", "")
	e.setRules(func(r *customer.PoolRules) { r.Days["A"] = 0; r.Days["B"] = 3 })
	e.at(3 * day)
	e.wantOwner(b.ID, "")
	e.at(400 * day)
	e.wantOwner(a.ID, "repA") // 0 days: level A never returns by itself
}

// TestClaimRestartsTheTimer: a customer untouched for months is claimed;
// the new owner gets the full period.
func TestClaimRestartsTheTimer(t *testing.T) {
	e := newPoolEnv(t)
	c := e.seed("", "杭州", "A", "")
	e.at(60 * day)
	if _, err := e.svc.Claim(e.as["repA"], c.ID); err != nil {
		t.Fatalf("Claim = %v", err)
	}
	e.at(75*day - time.Minute)
	e.wantOwner(c.ID, "repA")
	e.at(75 * day)
	e.wantOwner(c.ID, "")
}

func TestRecycleRestartNeitherLosesNorRepeats(t *testing.T) {
	e := newPoolEnv(t)
	first := e.seed("repA", "杭州", "A", "")
	e.at(15 * day)
	e.wantOwner(first.ID, "")
	second := e.seed("repB", "杭州", "A", "") // due at +30 days

	e.restart()
	if n := e.at(15 * day); n != 0 {
		t.Errorf("after restart at the same time %d jobs ran, want 0", n)
	}
	// The second customer falls due while the server is down.
	e.restart()
	if n := e.at(40 * day); n != 1 {
		t.Errorf("after downtime %d jobs ran, want 1", n)
	}
	e.wantOwner(second.ID, "")
	for _, c := range []customer.Customer{first, second} {
		if evs := e.events(c.ID, "customer.pool_return"); len(evs) != 1 {
			t.Errorf("%s: %d pool_return events, want exactly 1", c.Name, len(evs))
		}
	}
	if n := len(e.notes("repA", "customer.pool_return")); n != 1 {
		t.Errorf("repA has %d notifications, want 1", n)
	}
}

// TestRecycleInBatches: one run returns at most 200 customers, so its
// transaction stays small; the next run takes the rest.
func TestRecycleInBatches(t *testing.T) {
	e := newPoolEnv(t)
	const total = 230
	for range total {
		e.seed("repA", "杭州", "C", "")
	}
	owned := func() int {
		t.Helper()
		var n int
		err := e.db.View(func(tx *store.Tx) error {
			ids, err := tx.IndexIDs("customer", "owner", e.id("repA"))
			n = len(ids)
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
		return n
	}
	e.at(45 * day)
	if got := owned(); got != total-200 {
		t.Fatalf("after one run repA owns %d, want %d", got, total-200)
	}
	e.at(45*day + customer.PoolRecycleInterval)
	if got := owned(); got != 0 {
		t.Fatalf("after two runs repA owns %d, want 0", got)
	}
	pool, _, err := e.svc.List(e.as["repB"], customer.Filter{Pool: true}, store.PageRequest{Limit: store.MaxPageSize})
	if err != nil || len(pool) != 200 {
		t.Errorf("repB's first pool page has %d customers (%v), want 200", len(pool), err)
	}
}

func TestRecycleKeepsPoolAndArchivedCustomers(t *testing.T) {
	e := newPoolEnv(t)
	archived := e.seed("repA", "杭州", "A", "")
	if err := e.svc.Archive(e.as["director"], archived.ID); err != nil {
		t.Fatal(err)
	}
	pooled := e.seed("", "杭州", "A", "")
	e.at(100 * day)
	c, err := e.svc.Get(access.SystemPrincipal, archived.ID)
	if err != nil || c.OwnerID != e.id("repA") {
		t.Errorf("archived customer = %+v, %v; want it kept with its owner", c, err)
	}
	if evs := e.events(pooled.ID, "customer.pool_return"); len(evs) != 0 {
		t.Errorf("a pool customer got pool_return events: %+v", evs)
	}
}
