package customer_test

import (
	"errors"
	"strings"
	"sync"
	"testing"

	"github.com/frontline-crm/frontline/app/access"
	"github.com/frontline-crm/frontline/app/customer"
	"github.com/frontline-crm/frontline/app/org"
	"github.com/frontline-crm/frontline/app/problem"
)

func TestPoolRules(t *testing.T) {
	e := newPoolEnv(t)
	got, err := e.svc.PoolRules()
	if err != nil || got.Days["A"] != 15 || got.Days["B"] != 30 || got.Days["C"] != 45 ||
		got.ClaimLimit != 50 || !got.ClosedExempt {
		t.Fatalf("PoolRules() = %+v, %v; want the defaults", got, err)
	}
	for _, tc := range []struct {
		name   string
		change func(*customer.PoolRules)
		field  string
		key    string
	}{
		{"negative days", func(r *customer.PoolRules) { r.Days["A"] = -1 }, "days.A", "customer.error.pool_days_invalid"},
		{"too many days", func(r *customer.PoolRules) { r.Days["C"] = 3651 }, "days.C", "customer.error.pool_days_invalid"},
		{"missing level", func(r *customer.PoolRules) { delete(r.Days, "B") }, "days.B", "customer.error.pool_days_invalid"},
		{"unknown level", func(r *customer.PoolRules) { r.Days["D"] = 9 }, "days.D", "customer.error.level_invalid"},
		{"no claims", func(r *customer.PoolRules) { r.ClaimLimit = 0 }, "claim_limit", "customer.error.pool_limit_invalid"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := customer.DefaultPoolRules()
			tc.change(&r)
			_, err := e.svc.SavePoolRules(e.as["admin"], r)
			pe := wantErr(t, err, problem.KindValidation, tc.key)
			if pe.Fields[0].Field != tc.field {
				t.Errorf("field = %q, want %q", pe.Fields[0].Field, tc.field)
			}
		})
	}
	if _, err := e.svc.SavePoolRules(e.as["director"], customer.DefaultPoolRules()); !errors.Is(err, problem.ErrForbidden) {
		t.Errorf("director saves rules: err = %v, want forbidden", err)
	}
	r := customer.PoolRules{Days: map[string]int{"a": 7, "B": 14, "C": 0}, ClaimLimit: 3}
	if _, err := e.svc.SavePoolRules(e.as["admin"], r); err != nil {
		t.Fatalf("SavePoolRules = %v", err)
	}
	got, _ = e.svc.PoolRules()
	if got.Days["A"] != 7 || got.Days["C"] != 0 || got.ClaimLimit != 3 || got.ClosedExempt {
		t.Errorf("after save PoolRules() = %+v", got)
	}
}

func TestClaim(t *testing.T) {
	e := newPoolEnv(t)
	c := e.seed("", "杭州", "B", "")
	sz := e.seed("", "深圳", "B", "")
	archived := e.seed("", "杭州", "B", "")
	if err := e.svc.Archive(e.as["director"], archived.ID); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name, as, id string
		kind         problem.Kind
		key          string
	}{
		{"another region's pool is invisible", "repSZ", c.ID, problem.KindNotFound, ""},
		{"a visible customer outside the rep's regions", "repPresales", c.ID, problem.KindForbidden,
			"customer.error.claim_outside_region"},
		{"managers assign instead", "manager", c.ID, problem.KindForbidden, "customer.error.claim_reps_only"},
		{"legal reads but does not claim", "legal", c.ID, problem.KindForbidden, "customer.error.claim_reps_only"},
		{"archived", "repA", archived.ID, problem.KindNotFound, ""},
		{"unknown id", "repA", "nope", problem.KindNotFound, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := e.svc.Claim(e.as[tc.as], tc.id)
			wantErr(t, err, tc.kind, tc.key)
		})
	}
	e.wantOwner(c.ID, "")

	got, err := e.svc.Claim(e.as["repA"], c.ID)
	if err != nil || got.OwnerID != e.id("repA") || got.AssignedAt == nil {
		t.Fatalf("Claim = %+v, %v; want owned by repA since now", got, err)
	}
	if _, err := e.svc.Claim(e.as["repA"], c.ID); err != nil {
		t.Errorf("claiming one's own customer again = %v, want no change", err)
	}
	_, err = e.svc.Claim(e.as["repB"], c.ID)
	wantErr(t, err, problem.KindConflict, "customer.error.already_claimed")
	evs := e.events(c.ID, "customer.claim")
	if len(evs) != 1 || evs[0].ActorID != e.id("repA") || evs[0].Data["to"] != e.id("repA") {
		t.Errorf("claim events = %+v, want one by repA", evs)
	}
	// A rep of a parent region claims in the regions below.
	zj := e.seed("", "绍兴", "B", "")
	if _, err := e.svc.Claim(e.as["repZJ"], zj.ID); err != nil {
		t.Errorf("浙江 rep claims a 绍兴 customer: %v", err)
	}
	if _, err := e.svc.Claim(e.as["repSZ"], sz.ID); err != nil {
		t.Errorf("深圳 rep claims a 深圳 customer: %v", err)
	}
}

func TestClaimLimit(t *testing.T) {
	e := newPoolEnv(t)
	e.setRules(func(r *customer.PoolRules) { r.ClaimLimit = 2 })
	e.seed("repA", "杭州", "B", "")
	e.seed("repA", "杭州", "B", customer.StatusWon) // closed: does not count
	first, second := e.seed("", "杭州", "B", ""), e.seed("", "杭州", "B", "")
	if _, err := e.svc.Claim(e.as["repA"], first.ID); err != nil {
		t.Fatalf("claim up to the limit: %v", err)
	}
	_, err := e.svc.Claim(e.as["repA"], second.ID)
	pe := wantErr(t, err, problem.KindValidation, "customer.error.claim_limit")
	if len(pe.Args) != 1 || pe.Args[0] != 2 || pe.Extra["claim_limit"] != 2 {
		t.Errorf("limit error = %+v, want it to name the limit 2", pe)
	}
	e.wantOwner(second.ID, "")

	e.setRules(func(r *customer.PoolRules) { r.ClaimLimit = 4; r.ClosedExempt = false })
	if _, err := e.svc.Claim(e.as["repA"], second.ID); err != nil {
		t.Errorf("claim under the raised limit: %v", err)
	}
	third := e.seed("", "杭州", "B", "")
	_, err = e.svc.Claim(e.as["repA"], third.ID)
	wantErr(t, err, problem.KindValidation, "customer.error.claim_limit")
}

// TestConcurrentClaims lets two reps claim the same customer at the same
// moment, many times: exactly one wins each time and the other gets the
// conflict, never a second owner or a storage error.
func TestConcurrentClaims(t *testing.T) {
	e := newPoolEnv(t)
	for round := range 20 {
		c := e.seed("", "杭州", "B", "")
		errs := make([]error, 2)
		var start, done sync.WaitGroup
		start.Add(1)
		for i, rep := range []string{"repA", "repB"} {
			done.Add(1)
			go func() {
				defer done.Done()
				start.Wait()
				_, errs[i] = e.svc.Claim(e.as[rep], c.ID)
			}()
		}
		start.Done()
		done.Wait()
		winner := -1
		for i, err := range errs {
			if err == nil {
				if winner >= 0 {
					t.Fatalf("round %d: both claims succeeded", round)
				}
				winner = i
				continue
			}
			wantErr(t, err, problem.KindConflict, "customer.error.already_claimed")
		}
		if winner < 0 {
			t.Fatalf("round %d: no claim succeeded: %v", round, errs)
		}
		e.wantOwner(c.ID, []string{"repA", "repB"}[winner])
		if evs := e.events(c.ID, "customer.claim"); len(evs) != 1 {
			t.Fatalf("round %d: %d claim events, want 1", round, len(evs))
		}
	}
}

// TestConcurrentClaimsKeepTheLimit: one rep claiming two customers at
// once with room for one gets one.
func TestConcurrentClaimsKeepTheLimit(t *testing.T) {
	e := newPoolEnv(t)
	e.setRules(func(r *customer.PoolRules) { r.ClaimLimit = 1 })
	for round := range 10 {
		cs := []customer.Customer{e.seed("", "杭州", "B", ""), e.seed("", "杭州", "B", "")}
		rep := []string{"repA", "repB"}[round%2]
		errs := make([]error, 2)
		var wg sync.WaitGroup
		for i := range cs {
			wg.Add(1)
			go func() {
				defer wg.Done()
				_, errs[i] = e.svc.Claim(e.as[rep], cs[i].ID)
			}()
		}
		wg.Wait()
		failed := 0
		for _, err := range errs {
			if err != nil {
				wantErr(t, err, problem.KindValidation, "customer.error.claim_limit")
				failed++
			}
		}
		if failed != 1 {
			t.Fatalf("round %d: %d claims failed, want exactly 1: %v", round, failed, errs)
		}
		// Make room for the next round of this rep.
		for _, c := range cs {
			if got := e.get(c.ID); got.OwnerID != "" {
				if _, err := e.svc.Release(e.as[rep], c.ID, ""); err != nil {
					t.Fatal(err)
				}
			}
		}
	}
}

func TestRelease(t *testing.T) {
	e := newPoolEnv(t)
	own := e.seed("repA", "杭州", "B", "")
	other := e.seed("repB", "杭州", "B", "")
	pooled := e.seed("", "杭州", "B", "")
	for _, tc := range []struct {
		name, as, id string
		kind         problem.Kind
		key          string
	}{
		{"someone else's customer is invisible", "repA", other.ID, problem.KindNotFound, ""},
		{"presales sees but may not release", "presales", other.ID, problem.KindForbidden, ""},
		{"already in the pool", "repA", pooled.ID, problem.KindConflict, "customer.error.already_in_pool"},
		{"reason too long", "repA", own.ID, problem.KindValidation, "customer.error.too_long"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			reason := ""
			if tc.key == "customer.error.too_long" {
				reason = strings.Repeat("因", 501)
			}
			_, err := e.svc.Release(e.as[tc.as], tc.id, reason)
			wantErr(t, err, tc.kind, tc.key)
		})
	}
	if _, err := e.svc.Release(e.as["repA"], own.ID, "  客户已转给代理商  "); err != nil {
		t.Fatalf("owner releases: %v", err)
	}
	if _, err := e.svc.Release(e.as["manager"], other.ID, ""); err != nil {
		t.Fatalf("manager releases a rep's customer: %v", err)
	}
	e.wantOwner(own.ID, "")
	e.wantOwner(other.ID, "")
	evs := e.events(own.ID, "customer.release")
	if len(evs) != 1 || evs[0].Data["from"] != e.id("repA") || evs[0].Data["reason"] != "客户已转给代理商" {
		t.Errorf("release events = %+v", evs)
	}
}

func TestAssign(t *testing.T) {
	e := newPoolEnv(t)
	pooled := e.seed("", "杭州", "B", "")
	owned := e.seed("repA", "杭州", "B", "")
	disabled := e.disabledRep()
	for _, tc := range []struct {
		name, as, id, to string
		kind             problem.Kind
		key              string
	}{
		{"a manager of another region cannot see it", "managerSouth", pooled.ID, "repB", problem.KindNotFound, ""},
		{"a rep may not assign", "repA", owned.ID, "repB", problem.KindForbidden, ""},
		{"presales may not assign", "presales", owned.ID, "repB", problem.KindForbidden, ""},
		{"no owner", "manager", pooled.ID, " ", problem.KindValidation, "customer.error.owner_required"},
		{"unknown owner", "manager", pooled.ID, "01ARZ3NDEKTSV4RRFFQ69G5FAV", problem.KindValidation,
			"customer.error.owner_unknown"},
		{"disabled owner", "manager", pooled.ID, disabled, problem.KindValidation, "customer.error.owner_unknown"},
		{"not a rep", "director", pooled.ID, "manager", problem.KindValidation, "customer.error.owner_not_rep"},
		{"rep of another region", "director", pooled.ID, "repSZ", problem.KindValidation,
			"customer.error.owner_outside_region"},
		{"the owner already", "manager", owned.ID, "repA", problem.KindValidation, "customer.error.owner_same"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			to := tc.to
			if p, ok := e.as[to]; ok {
				to = p.UserID
			}
			_, err := e.svc.Assign(e.as[tc.as], tc.id, to, "")
			wantErr(t, err, tc.kind, tc.key)
		})
	}

	if _, err := e.svc.Assign(e.as["manager"], pooled.ID, e.id("repB"), "熟悉这个行业"); err != nil {
		t.Fatalf("manager assigns from the pool: %v", err)
	}
	if _, err := e.svc.Assign(e.as["director"], owned.ID, e.id("repZJ"), ""); err != nil {
		t.Fatalf("director reassigns to a rep of the parent region: %v", err)
	}
	e.wantOwner(pooled.ID, "repB")
	e.wantOwner(owned.ID, "repZJ")
	evs := e.events(owned.ID, "customer.assign")
	if len(evs) != 1 || evs[0].Data["from"] != e.id("repA") || evs[0].Data["to"] != e.id("repZJ") {
		t.Errorf("assign events = %+v, want from repA to repZJ", evs)
	}
	if n := e.notes("repB", "customer.assign"); len(n) != 1 || n[0].Subject != "customer/"+pooled.ID {
		t.Errorf("repB's notifications = %+v, want one about the assigned customer", n)
	}
}

// disabledRep creates a disabled rep of 杭州 and returns their id.
func (e *poolEnv) disabledRep() string {
	e.t.Helper()
	u, err := e.org.CreateUser(access.SystemPrincipal, org.UserInput{Email: "gone@pool.test", Name: "离职",
		Roles: []string{"rep"}, Regions: []string{e.region["杭州"]}})
	if err != nil {
		e.t.Fatal(err)
	}
	if _, err := e.org.SetDisabled(access.SystemPrincipal, u.ID, true); err != nil {
		e.t.Fatal(err)
	}
	return u.ID
}
