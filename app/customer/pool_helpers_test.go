package customer_test

import (
	"context"
	"fmt"
	"log/slog"
	"testing"
	"time"

	"github.com/frontline-crm/frontline/app/access"
	"github.com/frontline-crm/frontline/app/clock"
	"github.com/frontline-crm/frontline/app/customer"
	"github.com/frontline-crm/frontline/app/job"
	"github.com/frontline-crm/frontline/app/notify"
	"github.com/frontline-crm/frontline/app/org"
	"github.com/frontline-crm/frontline/app/password"
	"github.com/frontline-crm/frontline/app/problem"
	"github.com/frontline-crm/frontline/app/store"
)

// poolT0 is the fake clock's start in the pool tests; the recycling job
// first runs then, and its 15-minute grid is counted from it.
var poolT0 = time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)

const day = 24 * time.Hour

// pageAll asks for the largest page.
var pageAll = store.PageRequest{Limit: store.MaxPageSize}

// poolUsers are the users the pool tests act as.
var poolUsers = []struct {
	name    string
	roles   []access.Role
	regions []string
}{
	{"admin", []access.Role{access.Admin}, nil},
	{"director", []access.Role{access.Director}, nil},
	{"manager", []access.Role{access.Manager}, []string{"浙江"}},
	{"managerSouth", []access.Role{access.Manager}, []string{"华南"}},
	{"repA", []access.Role{access.Rep}, []string{"杭州"}},
	{"repB", []access.Role{access.Rep}, []string{"杭州"}},
	{"repZJ", []access.Role{access.Rep}, []string{"浙江"}},
	{"repSZ", []access.Role{access.Rep}, []string{"深圳"}},
	{"repPresales", []access.Role{access.Rep, access.Presales}, []string{"深圳"}},
	{"presales", []access.Role{access.Presales}, []string{"华东"}},
	{"legal", []access.Role{access.Legal}, nil},
}

// poolEnv is the customer service and the scheduler with the recycling
// job, over a real Badger in a temporary directory, with the regions
// 华东 → 浙江 → 杭州, 绍兴 and 华南 → 深圳 and the users above.
type poolEnv struct {
	t      *testing.T
	dir    string
	clk    *clock.Fake
	db     *store.DB
	org    *org.Service
	svc    *customer.Service
	sched  *job.Scheduler
	region map[string]string            // name → id
	as     map[string]*access.Principal // user name → principal
	seq    int
}

func newPoolEnv(t *testing.T) *poolEnv {
	t.Helper()
	e := &poolEnv{t: t, dir: t.TempDir(), clk: clock.NewFake(poolT0), region: map[string]string{},
		as: map[string]*access.Principal{}}
	e.open()
	t.Cleanup(func() { e.db.Close() })
	e.seedOrg()
	return e
}

// open opens the database with new services and a new scheduler, as a
// server start does.
func (e *poolEnv) open() {
	e.t.Helper()
	log := slog.New(slog.DiscardHandler)
	db, err := store.Open(e.dir, store.DefaultOptions(), log)
	if err != nil {
		e.t.Fatalf("store.Open: %v", err)
	}
	e.db = db
	e.org = org.NewService(db, e.clk, log)
	e.org.Hashing = password.Params{MemoryKiB: 64, Time: 1, Threads: 1}
	e.svc = customer.NewService(db, e.org, e.clk, log, nil)
	e.sched = job.New(db, e.clk, log)
	e.sched.Every(customer.PoolRecycleJob, customer.PoolRecycleInterval, e.svc.RecyclePool)
}

// restart closes the database as a crash right after the last commit
// would leave it, and opens it again.
func (e *poolEnv) restart() {
	e.t.Helper()
	if err := e.db.Close(); err != nil {
		e.t.Fatalf("close: %v", err)
	}
	e.open()
}

func (e *poolEnv) seedOrg() {
	e.t.Helper()
	sys := access.SystemPrincipal
	for _, pc := range [][2]string{{"", "华东"}, {"华东", "浙江"}, {"浙江", "杭州"}, {"浙江", "绍兴"},
		{"", "华南"}, {"华南", "深圳"}} {
		r, err := e.org.CreateRegion(sys, org.RegionInput{Name: pc[1], ParentID: e.region[pc[0]]})
		if err != nil {
			e.t.Fatalf("region %s: %v", pc[1], err)
		}
		e.region[pc[1]] = r.ID
	}
	for _, pu := range poolUsers {
		in := org.UserInput{Email: pu.name + "@pool.test", Name: pu.name + "名", Regions: []string{}}
		for _, r := range pu.roles {
			in.Roles = append(in.Roles, string(r))
		}
		for _, r := range pu.regions {
			in.Regions = append(in.Regions, e.region[r])
		}
		u, err := e.org.CreateUser(sys, in)
		if err != nil {
			e.t.Fatalf("user %s: %v", pu.name, err)
		}
		e.as[pu.name] = e.principal(u)
	}
}

func (e *poolEnv) principal(u org.User) *access.Principal {
	e.t.Helper()
	p, err := e.org.Principal(u)
	if err != nil {
		e.t.Fatalf("principal of %s: %v", u.Email, err)
	}
	return p
}

// id is the user id of a named user.
func (e *poolEnv) id(name string) string {
	e.t.Helper()
	p, ok := e.as[name]
	if !ok {
		e.t.Fatalf("no pool test user %q", name)
	}
	return p.UserID
}

// seed creates, as the director, a customer of level in region owned by
// owner ("" for the pool), in status (default: the default status).
func (e *poolEnv) seed(owner, region, level, status string) customer.Customer {
	e.t.Helper()
	e.seq++
	ownerID := ""
	if owner != "" {
		ownerID = e.id(owner)
	}
	in := customer.Input{Name: fmt.Sprintf("%s客户%04d", region, e.seq), RegionID: e.region[region], Level: level,
		Status: status, OwnerID: &ownerID, OverrideReason: "pool test"}
	c, err := e.svc.Create(e.as["director"], in)
	if err != nil {
		e.t.Fatalf("Create(%s) = %v", in.Name, err)
	}
	return c
}

// get reads a customer as the system.
func (e *poolEnv) get(id string) customer.Customer {
	e.t.Helper()
	c, err := e.svc.Get(access.SystemPrincipal, id)
	if err != nil {
		e.t.Fatalf("Get(%s) = %v", id, err)
	}
	return c
}

// wantOwner checks who owns a customer ("" is the pool).
func (e *poolEnv) wantOwner(id, owner string) {
	e.t.Helper()
	want := ""
	if owner != "" {
		want = e.id(owner)
	}
	if got := e.get(id).OwnerID; got != want {
		e.t.Errorf("owner of %s = %q, want %q (%s)", id, got, want, owner)
	}
}

// at sets the clock to poolT0 plus d and runs what is due; it returns how
// many jobs ran.
func (e *poolEnv) at(d time.Duration) int {
	e.t.Helper()
	e.clk.Set(poolT0.Add(d))
	n, err := e.sched.RunDue(context.Background())
	if err != nil {
		e.t.Fatalf("RunDue at +%v: %v", d, err)
	}
	if st, err := e.sched.Status(); err != nil || st[0].Failures > 0 {
		e.t.Fatalf("job status = %+v, %v; want no failures", st, err)
	}
	return n
}

// events returns a customer's events of kind, oldest first.
func (e *poolEnv) events(id, kind string) []store.Event {
	e.t.Helper()
	all, err := e.svc.Events(access.SystemPrincipal, id)
	if err != nil {
		e.t.Fatalf("Events(%s) = %v", id, err)
	}
	var out []store.Event
	for _, ev := range all {
		if ev.Kind == kind {
			out = append(out, ev)
		}
	}
	return out
}

// notes returns a user's notifications of kind, newest first.
func (e *poolEnv) notes(user, kind string) []notify.Notification {
	e.t.Helper()
	all, _, err := notify.List(e.db, e.id(user), store.PageRequest{Limit: store.MaxPageSize})
	if err != nil {
		e.t.Fatalf("notify.List(%s) = %v", user, err)
	}
	var out []notify.Notification
	for _, n := range all {
		if n.Kind == kind {
			out = append(out, n)
		}
	}
	return out
}

// setRules saves pool rules as the admin.
func (e *poolEnv) setRules(change func(*customer.PoolRules)) {
	e.t.Helper()
	r := customer.DefaultPoolRules()
	change(&r)
	if _, err := e.svc.SavePoolRules(e.as["admin"], r); err != nil {
		e.t.Fatalf("SavePoolRules(%+v) = %v", r, err)
	}
}

// wantErr checks err is a user-facing error of kind with key, either its
// own key or a field's.
func wantErr(t *testing.T, err error, kind problem.Kind, key string) *problem.Error {
	t.Helper()
	pe, ok := problem.As(err)
	if !ok || pe.Kind != kind {
		t.Fatalf("err = %v, want a problem of kind %d with key %s", err, kind, key)
	}
	if key == "" || pe.Key == key {
		return pe
	}
	for _, f := range pe.Fields {
		if f.Key == key {
			return pe
		}
	}
	t.Fatalf("err = %v, want key %s", err, key)
	return nil
}
