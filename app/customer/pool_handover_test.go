package customer_test

import (
	"testing"

	"github.com/frontline-crm/frontline/app/access"
	"github.com/frontline-crm/frontline/app/customer"
	"github.com/frontline-crm/frontline/app/org"
	"github.com/frontline-crm/frontline/app/problem"
)

func TestHandOverToAColleague(t *testing.T) {
	e := newPoolEnv(t)
	var mine []customer.Customer
	for range 3 {
		mine = append(mine, e.seed("repA", "杭州", "B", ""))
	}
	archived := e.seed("repA", "杭州", "B", "")
	if err := e.svc.Archive(e.as["director"], archived.ID); err != nil {
		t.Fatal(err)
	}
	others := e.seed("repZJ", "杭州", "B", "")

	moved, err := e.svc.HandOver(e.as["admin"], e.id("repA"), e.id("repB"))
	if err != nil || moved != 3 {
		t.Fatalf("HandOver = %d, %v; want 3, nil", moved, err)
	}
	for _, c := range mine {
		e.wantOwner(c.ID, "repB")
		evs := e.events(c.ID, "customer.handover")
		if len(evs) != 1 || evs[0].Data["from"] != e.id("repA") || evs[0].Data["to"] != e.id("repB") ||
			evs[0].ActorID != e.id("admin") {
			t.Errorf("handover events of %s = %+v", c.Name, evs)
		}
		if e.get(c.ID).AssignedAt == nil {
			t.Errorf("%s: AssignedAt not set, want the receiver's clock restarted", c.Name)
		}
	}
	e.wantOwner(others.ID, "repZJ")
	notes := e.notes("repB", "customer.handover")
	if len(notes) != 1 || notes[0].Args[0] != "repA名" || notes[0].Args[1] != 3 {
		t.Errorf("repB's notifications = %+v, want one saying 3 from repA名", notes)
	}
	if c, _ := e.svc.Get(access.SystemPrincipal, archived.ID); c.OwnerID != e.id("repA") {
		t.Errorf("archived customer owner = %q, want it kept", c.OwnerID)
	}
	if moved, err := e.svc.HandOver(e.as["admin"], e.id("repA"), e.id("repB")); err != nil || moved != 0 {
		t.Errorf("second HandOver = %d, %v; want 0, nil", moved, err)
	}
}

// TestHandOverToThePoolInBatches moves more customers than one batch.
func TestHandOverToThePoolInBatches(t *testing.T) {
	e := newPoolEnv(t)
	const total = 205
	for range total {
		e.seed("repA", "杭州", "C", "")
	}
	moved, err := e.svc.HandOver(access.SystemPrincipal, e.id("repA"), "")
	if err != nil || moved != total {
		t.Fatalf("HandOver to the pool = %d, %v; want %d, nil", moved, err, total)
	}
	mine, _, err := e.svc.List(e.as["repA"], customer.Filter{}, pageAll)
	if err != nil || len(mine) != 0 {
		t.Errorf("repA still lists %d customers (%v), want 0", len(mine), err)
	}
	pool, _, err := e.svc.List(e.as["repB"], customer.Filter{Pool: true}, pageAll)
	if err != nil || len(pool) != 200 {
		t.Errorf("pool page = %d customers (%v), want a full page of 200", len(pool), err)
	}
}

// TestHandOverByAManager: a manager hands over a user of their regions and
// moves the customers in their subtree only.
func TestHandOverByAManager(t *testing.T) {
	e := newPoolEnv(t)
	hz := e.seed("repA", "杭州", "B", "")
	sz := e.seed("repA", "深圳", "B", "")
	moved, err := e.svc.HandOver(e.as["manager"], e.id("repA"), e.id("repZJ"))
	if err != nil || moved != 1 {
		t.Fatalf("HandOver by the 浙江 manager = %d, %v; want 1, nil", moved, err)
	}
	e.wantOwner(hz.ID, "repZJ")
	e.wantOwner(sz.ID, "repA")
}

func TestHandOverRules(t *testing.T) {
	e := newPoolEnv(t)
	e.seed("repA", "杭州", "B", "")
	disabled := e.disabledRep()
	for _, tc := range []struct {
		name, as, from, to string
		kind               problem.Kind
		key                string
	}{
		{"reps may not", "repB", "repA", "", problem.KindForbidden, ""},
		{"presales may not", "presales", "repA", "", problem.KindForbidden, ""},
		{"a user outside the manager's regions", "managerSouth", "repA", "", problem.KindNotFound, ""},
		{"unknown giver", "admin", "01ARZ3NDEKTSV4RRFFQ69G5FAV", "", problem.KindNotFound, ""},
		{"to oneself", "admin", "repA", "repA", problem.KindValidation, "customer.error.handover_same"},
		{"to nobody known", "admin", "repA", "01ARZ3NDEKTSV4RRFFQ69G5FAV", problem.KindValidation,
			"customer.error.owner_unknown"},
		{"to a disabled user", "admin", "repA", disabled, problem.KindValidation,
			"customer.error.handover_target_invalid"},
		{"to legal", "admin", "repA", "legal", problem.KindValidation, "customer.error.handover_target_invalid"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			from, to := tc.from, tc.to
			if p, ok := e.as[from]; ok {
				from = p.UserID
			}
			if p, ok := e.as[to]; ok {
				to = p.UserID
			}
			err := e.svc.CheckHandOver(e.as[tc.as], from, to)
			pe := wantErr(t, err, tc.kind, tc.key)
			if tc.kind == problem.KindValidation && pe.Fields[0].Field != "hand_over_to" {
				t.Errorf("field = %q, want hand_over_to", pe.Fields[0].Field)
			}
			moved, err := e.svc.HandOver(e.as[tc.as], from, to)
			if moved != 0 {
				t.Errorf("HandOver moved %d despite %v", moved, err)
			}
			wantErr(t, err, tc.kind, tc.key)
		})
	}
}

func TestMayOwnCustomers(t *testing.T) {
	for _, tc := range []struct {
		roles    []access.Role
		disabled bool
		want     bool
	}{
		{[]access.Role{access.Rep}, false, true},
		{[]access.Role{access.Manager}, false, true},
		{[]access.Role{access.Director}, false, true},
		{[]access.Role{access.Admin}, false, false},
		{[]access.Role{access.Legal, access.Finance}, false, false},
		{[]access.Role{access.Rep}, true, false},
	} {
		if got := customer.MayOwnCustomers(org.User{Roles: tc.roles, Disabled: tc.disabled}); got != tc.want {
			t.Errorf("MayOwnCustomers(%v, disabled %v) = %v, want %v", tc.roles, tc.disabled, got, tc.want)
		}
	}
}
