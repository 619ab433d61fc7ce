package customer

import (
	"fmt"
	"io"
	"log/slog"
	"testing"
	"time"

	"github.com/frontline-crm/frontline/app/access"
	"github.com/frontline-crm/frontline/app/clock"
	"github.com/frontline-crm/frontline/app/org"
	"github.com/frontline-crm/frontline/app/problem"
	"github.com/frontline-crm/frontline/app/store"
)

// radarT0 is where the fake clock starts in the health and conflict
// tests.
var radarT0 = time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)

// radarEnv is a customer service over a real Badger in a temporary
// directory, with the regions 华东 → 浙江 → 杭州 and 华南 → 深圳 and a user
// per name in radarUsers; the health and conflict tests share it.
type radarEnv struct {
	t      *testing.T
	db     *store.DB
	svc    *Service
	org    *org.Service
	clk    *clock.Fake
	region map[string]string            // name → id
	as     map[string]*access.Principal // user name → principal
	seq    int
}

var radarUsers = []struct {
	name    string
	role    access.Role
	regions []string
}{
	{"admin", access.Admin, nil},
	{"director", access.Director, nil},
	{"managerEast", access.Manager, []string{"华东"}},
	{"manager", access.Manager, []string{"浙江"}},
	{"managerSouth", access.Manager, []string{"华南"}},
	{"repA", access.Rep, []string{"杭州"}},
	{"repB", access.Rep, []string{"杭州"}},
	{"repSZ", access.Rep, []string{"深圳"}},
	{"presales", access.Presales, []string{"华东"}},
	{"legal", access.Legal, nil},
}

func newRadarEnv(t *testing.T) *radarEnv {
	t.Helper()
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	db, err := store.Open(t.TempDir(), store.DefaultOptions(), log)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	clk := clock.NewFake(radarT0)
	orgs := org.NewService(db, clk, log)
	e := &radarEnv{t: t, db: db, svc: NewService(db, orgs, clk, log, nil), org: orgs, clk: clk,
		region: map[string]string{}, as: map[string]*access.Principal{}}
	e.seedOrg()
	return e
}

func (e *radarEnv) seedOrg() {
	e.t.Helper()
	sys := access.SystemPrincipal
	for _, pc := range [][2]string{{"", "华东"}, {"华东", "浙江"}, {"浙江", "杭州"}, {"", "华南"}, {"华南", "深圳"}} {
		r, err := e.org.CreateRegion(sys, org.RegionInput{Name: pc[1], ParentID: e.region[pc[0]]})
		if err != nil {
			e.t.Fatalf("region %s: %v", pc[1], err)
		}
		e.region[pc[1]] = r.ID
	}
	for _, ru := range radarUsers {
		in := org.UserInput{Email: ru.name + "@test.local", Name: ru.name, Roles: []string{string(ru.role)}}
		for _, r := range ru.regions {
			in.Regions = append(in.Regions, e.region[r])
		}
		u, err := e.org.CreateUser(sys, in)
		if err != nil {
			e.t.Fatalf("user %s: %v", ru.name, err)
		}
		if e.as[ru.name], err = e.org.Principal(u); err != nil {
			e.t.Fatal(err)
		}
	}
}

// customer creates a customer owned by owner in region with status, as
// the director.
func (e *radarEnv) customer(owner, region, status string) Customer {
	e.t.Helper()
	e.seq++
	ownerID := e.as[owner].UserID
	c, err := e.svc.Create(e.as["director"], Input{Name: fmt.Sprintf("%s测试客户%d号", region, e.seq),
		RegionID: e.region[region], Level: "B", OwnerID: &ownerID, Status: status,
		OverrideReason: "test fixture"})
	if err != nil {
		e.t.Fatalf("Create: %v", err)
	}
	return c
}

// contact adds a contact with a decision role, as the director.
func (e *radarEnv) contact(customerID string, role DecisionRole) Contact {
	e.t.Helper()
	ct, err := e.svc.AddContact(e.as["director"], customerID, ContactInput{Name: "联系人" + string(role),
		DecisionRole: string(role)})
	if err != nil {
		e.t.Fatalf("AddContact: %v", err)
	}
	return ct
}

// followUp records a call as p, occurred daysAgo days before now.
func (e *radarEnv) followUp(p *access.Principal, in FollowUpInput, daysAgo int) FollowUp {
	e.t.Helper()
	at := e.clk.Now().Add(-days(daysAgo))
	in.OccurredAt, in.Kind = &at, "call"
	f, err := e.svc.AddFollowUp(p, in)
	if err != nil {
		e.t.Fatalf("AddFollowUp(%+v): %v", in, err)
	}
	return f
}

// stored reads the health stored with the customer's latest change.
func (e *radarEnv) stored(customerID string) Health {
	e.t.Helper()
	var h Health
	err := e.db.View(func(tx *store.Tx) error {
		var err error
		h, err = loadHealth(tx, customerID)
		return err
	})
	if err != nil {
		e.t.Fatalf("stored health of %s: %v", customerID, err)
	}
	return h
}

// get reads a customer as the director.
func (e *radarEnv) get(id string) Customer {
	e.t.Helper()
	c, err := e.svc.Get(e.as["director"], id)
	if err != nil {
		e.t.Fatalf("Get: %v", err)
	}
	return c
}

// wantKind checks that err is a user-facing error of kind, naming field
// with key when field is given.
func wantKind(t *testing.T, err error, kind problem.Kind, field, key string) {
	t.Helper()
	pe, ok := problem.As(err)
	if !ok || pe.Kind != kind {
		t.Fatalf("err = %v, want a problem of kind %d", err, kind)
	}
	if field == "" {
		return
	}
	for _, fe := range pe.Fields {
		if fe.Field == field && fe.Key == key {
			return
		}
	}
	t.Fatalf("fields = %+v, want %s: %s", pe.Fields, field, key)
}
