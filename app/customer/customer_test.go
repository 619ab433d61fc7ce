package customer

import (
	"bytes"
	"crypto/sha256"
	"errors"
	"fmt"
	"image"
	"image/color"
	"image/png"
	"io"
	"log/slog"
	"slices"
	"testing"
	"time"

	"github.com/frontline-crm/frontline/app/access"
	"github.com/frontline-crm/frontline/app/clock"
	"github.com/frontline-crm/frontline/app/filestore"
	"github.com/frontline-crm/frontline/app/org"
	"github.com/frontline-crm/frontline/app/password"
	"github.com/frontline-crm/frontline/app/problem"
	"github.com/frontline-crm/frontline/app/store"
)

// fixtureT0 is the fake clock's starting time: a Monday morning in Hangzhou.
var fixtureT0 = time.Date(2026, 3, 2, 10, 0, 0, 0, time.FixedZone("CST", 8*3600))

// fixtureRegions is the test tree as parent → child ("" is the top).
var fixtureRegions = [][2]string{
	{"", "华东"}, {"华东", "浙江"}, {"浙江", "杭州"}, {"浙江", "绍兴"}, {"华东", "上海"},
	{"", "华南"}, {"华南", "深圳"},
}

// fixtureUsers are the users tests act as, by the name tests use.
var fixtureUsers = []struct {
	name    string
	role    access.Role
	regions []string
}{
	{"admin", access.Admin, nil},
	{"director", access.Director, nil},
	{"manager", access.Manager, []string{"浙江"}},
	{"managerSouth", access.Manager, []string{"华南"}},
	{"repA", access.Rep, []string{"杭州"}},
	{"repB", access.Rep, []string{"杭州"}},
	{"repSX", access.Rep, []string{"绍兴"}},
	{"repSZ", access.Rep, []string{"深圳"}},
	{"presales", access.Presales, []string{"华东"}},
	{"legal", access.Legal, nil},
	{"finance", access.Finance, nil},
	{"warehouse", access.Warehouse, []string{"华东"}},
}

// fixture is a customer service over a real Badger in a temporary
// directory, with the region tree and users above.
type fixture struct {
	t      *testing.T
	db     *store.DB
	svc    *Service
	org    *org.Service
	clk    *clock.Fake
	files  *filestore.Store
	region map[string]string            // name → id
	as     map[string]*access.Principal // user name → principal
	seq    int                          // numbers the customers seed makes
}

func newFixture(t *testing.T) *fixture {
	t.Helper()
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	db, err := store.Open(t.TempDir(), store.DefaultOptions(), log)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	clk := clock.NewFake(fixtureT0)
	orgs := org.NewService(db, clk, log)
	orgs.Hashing = password.Params{MemoryKiB: 64, Time: 1, Threads: 1}
	files := filestore.New(t.TempDir())
	f := &fixture{t: t, db: db, svc: NewService(db, orgs, clk, log, files), org: orgs, clk: clk, files: files,
		region: map[string]string{}, as: map[string]*access.Principal{}}
	f.seedOrg()
	return f
}

func (f *fixture) seedOrg() {
	f.t.Helper()
	sys := access.SystemPrincipal
	for _, pc := range fixtureRegions {
		r, err := f.org.CreateRegion(sys, org.RegionInput{Name: pc[1], ParentID: f.region[pc[0]]})
		if err != nil {
			f.t.Fatalf("region %s: %v", pc[1], err)
		}
		f.region[pc[1]] = r.ID
	}
	for _, fu := range fixtureUsers {
		in := org.UserInput{Email: fu.name + "@test.local", Name: fu.name, Roles: []string{string(fu.role)},
			Regions: []string{}, Password: "a long test password"}
		for _, r := range fu.regions {
			in.Regions = append(in.Regions, f.region[r])
		}
		u, err := f.org.CreateUser(sys, in)
		if err != nil {
			f.t.Fatalf("user %s: %v", fu.name, err)
		}
		p, err := f.org.Principal(u)
		if err != nil {
			f.t.Fatal(err)
		}
		f.as[fu.name] = p
	}
}

// unknownID is a well-formed id that names nothing.
const unknownID = "01ARZ3NDEKTSV4RRFFQ69G5FAV"

// id is the user id of a fixture user.
func (f *fixture) id(name string) string { return f.as[name].UserID }

// input is a valid customer input in a region.
func (f *fixture) input(region, name string) Input {
	return Input{Name: name, RegionID: f.region[region], Level: "B", Industry: "制造业", Source: "展会"}
}

// create creates a customer and fails the test on any error.
func (f *fixture) create(p *access.Principal, in Input) Customer {
	f.t.Helper()
	c, err := f.svc.Create(p, in)
	if err != nil {
		f.t.Fatalf("Create(%s) = %v, want success", in.Name, err)
	}
	return c
}

// seed creates a customer owned by owner ("" for the pool) in region,
// as the director, under a name no other seeded customer resembles.
func (f *fixture) seed(owner, region string) Customer {
	f.t.Helper()
	f.seq++
	ownerID := ""
	if owner != "" {
		ownerID = f.id(owner)
	}
	in := f.input(region, fmt.Sprintf("%s第%d号客户", region, f.seq))
	in.OwnerID = &ownerID
	in.OverrideReason = "test fixture"
	return f.create(f.as["director"], in)
}

// followUp records a call on a customer and fails the test on any error.
func (f *fixture) followUp(p *access.Principal, in FollowUpInput) FollowUp {
	f.t.Helper()
	if in.Kind == "" {
		in.Kind = "call"
	}
	fu, err := f.svc.AddFollowUp(p, in)
	if err != nil {
		f.t.Fatalf("AddFollowUp(%+v) = %v, want success", in, err)
	}
	return fu
}

// ago is a time d before the fake clock's now.
func (f *fixture) ago(d time.Duration) *time.Time {
	t := f.clk.Now().Add(-d)
	return &t
}

// creditCode is a valid credit code of a Hangzhou company, distinct per n.
func creditCode(n int) string {
	return CompleteCreditCode(fmt.Sprintf("91330106MA2%06d", n))
}

var problemKindNames = map[problem.Kind]string{
	problem.KindValidation: "validation", problem.KindUnauthorized: "unauthorized",
	problem.KindForbidden: "forbidden", problem.KindNotFound: "not found", problem.KindConflict: "conflict",
	problem.KindTooMany: "too many", problem.KindBadRequest: "bad request", problem.KindTooLarge: "too large",
}

// wantProblem checks that err is a user-facing error of kind and, when
// field is given, that it names field (with key, when key is given).
func wantProblem(t *testing.T, err error, kind problem.Kind, field, key string) *problem.Error {
	t.Helper()
	pe, ok := problem.As(err)
	if !ok {
		t.Fatalf("err = %v, want a %s problem", err, problemKindNames[kind])
	}
	if pe.Kind != kind {
		t.Fatalf("err = %v (%s), want %s", err, problemKindNames[pe.Kind], problemKindNames[kind])
	}
	if field == "" {
		return pe
	}
	for _, fe := range pe.Fields {
		if fe.Field == field && (key == "" || fe.Key == key) {
			return pe
		}
	}
	t.Fatalf("fields = %+v, want %s: %q", pe.Fields, field, key)
	return nil
}

// wantOK fails the test when err is not nil.
func wantOK(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatalf("err = %v, want success", err)
	}
}

func ptrTo[T any](v T) *T { return &v }

func TestCreateValidation(t *testing.T) {
	f := newFixture(t)
	cases := []struct {
		name       string
		as         string
		edit       func(*Input)
		field, key string
	}{
		{"name required", "repA", func(in *Input) { in.Name = "  " }, "name", "customer.error.name_required"},
		{"name too long", "repA", func(in *Input) { in.Name = string(make([]rune, 101)) }, "name",
			"customer.error.name_too_long"},
		{"bad credit code", "repA", func(in *Input) { in.CreditCode = "91330106MA27Y5XX0A" }, "credit_code",
			"customer.error.credit_code_invalid"},
		{"level outside A/B/C", "repA", func(in *Input) { in.Level = "D" }, "level",
			"customer.error.level_invalid"},
		{"phone not a phone", "repA", func(in *Input) { in.Phone = "12345" }, "phone",
			"customer.error.phone_invalid"},
		{"unknown status", "repA", func(in *Input) { in.Status = "hot" }, "status",
			"customer.error.status_unknown"},
		{"region required", "repA", func(in *Input) { in.RegionID = "" }, "region_id",
			"customer.error.region_required"},
		{"unknown region", "director", func(in *Input) { in.RegionID = unknownID }, "region_id",
			"customer.error.region_unknown"},
		{"rep outside own region", "repA", func(in *Input) { in.RegionID = f.region["深圳"] }, "region_id",
			"customer.error.region_outside"},
		{"manager outside subtree", "manager", func(in *Input) { in.RegionID = f.region["深圳"] }, "region_id",
			"customer.error.region_outside"},
		{"rep gives a colleague the customer", "repA", func(in *Input) { in.OwnerID = ptrTo(f.id("repB")) },
			"owner_id", "customer.error.owner_not_allowed"},
		{"manager names an unknown owner", "manager", func(in *Input) { in.OwnerID = ptrTo(unknownID) },
			"owner_id", "customer.error.owner_unknown"},
		{"address too long", "repA", func(in *Input) { in.Address = string(make([]rune, 201)) }, "address",
			"customer.error.too_long"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			in := f.input("杭州", "杭州校验测试有限公司")
			tc.edit(&in)
			_, err := f.svc.Create(f.as[tc.as], in)
			wantProblem(t, err, problem.KindValidation, tc.field, tc.key)
		})
	}
}

func TestCreateRolesAndDefaults(t *testing.T) {
	f := newFixture(t)
	pool := ""
	cases := []struct {
		name      string
		as        string
		owner     *string // nil: not given
		wantOwner string  // user name; "" for the pool
		wantErr   problem.Kind
	}{
		{"rep's customer is their own", "repA", nil, "repA", 0},
		{"rep may put it in the pool", "repA", &pool, "", 0},
		{"manager's customer starts in the pool", "manager", nil, "", 0},
		{"manager assigns a rep", "manager", ptrTo(f.id("repB")), "repB", 0},
		{"director assigns a rep", "director", ptrTo(f.id("repA")), "repA", 0},
		{"presales may not create", "presales", nil, "", problem.KindForbidden},
		{"legal may not create", "legal", nil, "", problem.KindForbidden},
		{"warehouse may not create", "warehouse", nil, "", problem.KindForbidden},
	}
	marks := []string{"甲", "乙", "丙", "丁", "戊", "己", "庚", "辛"}
	for i, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			in := f.input("杭州", "杭州"+marks[i]+marks[i]+"默认值测试有限公司")
			in.OwnerID = tc.owner
			c, err := f.svc.Create(f.as[tc.as], in)
			if tc.wantErr != 0 {
				wantProblem(t, err, tc.wantErr, "", "")
				return
			}
			wantOK(t, err)
			want := ""
			if tc.wantOwner != "" {
				want = f.id(tc.wantOwner)
			}
			if c.OwnerID != want {
				t.Errorf("owner = %q, want %q", c.OwnerID, want)
			}
			if c.Status != StatusNew || c.CreatedBy != f.id(tc.as) || !c.CreatedAt.Equal(fixtureT0) {
				t.Errorf("status, created_by, created_at = %q, %q, %v; want %q, %q, %v",
					c.Status, c.CreatedBy, c.CreatedAt, StatusNew, f.id(tc.as), fixtureT0)
			}
		})
	}
}

func TestCreateNormalisesAndGets(t *testing.T) {
	f := newFixture(t)
	in := f.input("杭州", "  杭州西湖科技有限公司 ")
	in.CreditCode = " " + toFullWidth(creditCode(1)) + " "
	in.Phone = "(0571) 8888 6666"
	in.Level = "a"
	in.ProductLines = []string{"MES", " MES ", "", "WMS"}
	in.Custom = nil
	c := f.create(f.as["repA"], in)
	got, err := f.svc.Get(f.as["repA"], c.ID)
	wantOK(t, err)
	checks := []struct{ what, got, want string }{
		{"name", got.Name, "杭州西湖科技有限公司"},
		{"credit code", got.CreditCode, creditCode(1)},
		{"phone", got.Phone, "0571-88886666"},
		{"level", got.Level, "A"},
		{"product lines", fmt.Sprint(got.ProductLines), "[MES WMS]"},
		{"custom", fmt.Sprint(got.Custom), "map[]"},
	}
	for _, ch := range checks {
		if ch.got != ch.want {
			t.Errorf("%s = %q, want %q", ch.what, ch.got, ch.want)
		}
	}
}

// toFullWidth writes ASCII letters and digits as full-width characters,
// as Chinese input methods do.
func toFullWidth(s string) string {
	out := []rune{}
	for _, r := range s {
		if r > ' ' && r <= '~' {
			r = r - '!' + '！'
		}
		out = append(out, r)
	}
	return string(out)
}

func TestDuplicateGuard(t *testing.T) {
	f := newFixture(t)
	repA := f.as["repA"]
	first := f.input("杭州", "杭州西湖科技有限公司")
	first.CreditCode, first.Phone = creditCode(1), "0571-88886666"
	existing := f.create(repA, first)

	cases := []struct {
		name    string
		in      func() Input
		kind    problem.Kind // 0: accepted
		reasons []string     // duplicate reasons of a warning
	}{
		{"same credit code is refused", func() Input {
			in := f.input("绍兴", "绍兴完全不同纺织有限公司")
			in.CreditCode = " " + toFullWidth(creditCode(1))
			return in
		}, problem.KindConflict, nil},
		{"same phone warns", func() Input {
			in := f.input("杭州", "杭州钱塘物流有限公司")
			in.Phone = "0571 8888 6666"
			return in
		}, problem.KindConflict, []string{"phone"}},
		{"same name without the suffix warns", func() Input {
			return f.input("杭州", "杭州西湖科技")
		}, problem.KindConflict, []string{"name"}},
		{"name one character apart warns", func() Input {
			return f.input("杭州", "杭州西湖科枝有限公司")
		}, problem.KindConflict, []string{"name"}},
		{"full-width and bracketed variant warns", func() Input {
			return f.input("杭州", "杭州西湖科技（集团）有限公司")
		}, problem.KindConflict, []string{"name"}},
		{"a match by phone and name is listed once", func() Input {
			in := f.input("杭州", "杭州西湖科技股份有限公司")
			in.Phone = "057188886666"
			return in
		}, problem.KindConflict, []string{"phone"}},
		{"same name in another region is fine", func() Input {
			return f.input("绍兴", "杭州西湖科技有限公司")
		}, 0, nil},
		{"override reason accepts the warning", func() Input {
			in := f.input("杭州", "杭州西湖科技")
			in.OverrideReason = "同名不同主体，已电话核实"
			return in
		}, 0, nil},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			p := repA
			in := tc.in()
			if in.RegionID == f.region["绍兴"] {
				p = f.as["manager"]
			}
			_, err := f.svc.Create(p, in)
			if tc.kind == 0 {
				wantOK(t, err)
				return
			}
			pe := wantProblem(t, err, tc.kind, "", "")
			if tc.reasons == nil {
				if pe.Key != "customer.error.credit_code_taken" || pe.Extra["existing_id"] != existing.ID {
					t.Errorf("key %q, extra %v; want credit_code_taken with existing_id %s",
						pe.Key, pe.Extra, existing.ID)
				}
				return
			}
			dups, _ := pe.Extra["duplicates"].([]Duplicate)
			if pe.Key != "customer.warning.duplicate" || len(dups) == 0 || dups[0].ID != existing.ID {
				t.Fatalf("key %q, duplicates %+v; want a warning listing %s", pe.Key, dups, existing.ID)
			}
			if len(dups) != 1 {
				t.Errorf("duplicates %+v, want the one existing customer", dups)
			}
			for _, want := range tc.reasons {
				if !slices.ContainsFunc(dups, func(d Duplicate) bool { return d.Reason == want }) {
					t.Errorf("duplicates %+v, want one for %s", dups, want)
				}
			}
			if pe.Extra["override_field"] != "override_reason" {
				t.Errorf("override_field = %v, want override_reason", pe.Extra["override_field"])
			}
		})
	}
}

func TestEditingDoesNotClashWithItself(t *testing.T) {
	f := newFixture(t)
	in := f.input("杭州", "杭州西湖科技有限公司")
	in.CreditCode, in.Phone = creditCode(1), "13812345678"
	c := f.create(f.as["repA"], in)
	in.Address = "杭州市西湖区文三路 90 号"
	got, err := f.svc.Update(f.as["repA"], c.ID, in)
	wantOK(t, err)
	if got.Address != in.Address {
		t.Errorf("address = %q, want %q", got.Address, in.Address)
	}

	other := f.input("杭州", "杭州滨江物联网有限公司")
	other.CreditCode = creditCode(2)
	o := f.create(f.as["repA"], other)
	other.CreditCode = creditCode(1)
	_, err = f.svc.Update(f.as["repA"], o.ID, other)
	pe := wantProblem(t, err, problem.KindConflict, "credit_code", "customer.error.credit_code_taken")
	if pe.Extra["existing_id"] != c.ID {
		t.Errorf("existing_id = %v, want %s", pe.Extra["existing_id"], c.ID)
	}
}

func TestUpdateKeepsStatusAndOwner(t *testing.T) {
	f := newFixture(t)
	c := f.create(f.as["repA"], f.input("杭州", "杭州西湖科技有限公司"))
	if _, err := f.svc.ChangeStatus(f.as["repA"], c.ID, StatusQuoted, "报价已发"); err != nil {
		t.Fatal(err)
	}
	f.clk.Advance(time.Hour)
	in := f.input("杭州", "杭州西湖科技有限公司")
	in.Status, in.OwnerID, in.Level = StatusLost, ptrTo(f.id("repB")), "A"
	got, err := f.svc.Update(f.as["repA"], c.ID, in)
	wantOK(t, err)
	if got.Status != StatusQuoted || got.OwnerID != f.id("repA") || got.Level != "A" {
		t.Errorf("status, owner, level = %q, %q, %q; want %q, %q, A", got.Status, got.OwnerID, got.Level,
			StatusQuoted, f.id("repA"))
	}
	if !got.UpdatedAt.Equal(fixtureT0.Add(time.Hour)) || !got.CreatedAt.Equal(fixtureT0) {
		t.Errorf("created, updated = %v, %v; want %v, %v",
			got.CreatedAt, got.UpdatedAt, fixtureT0, fixtureT0.Add(time.Hour))
	}
	in.Level = "Z"
	_, err = f.svc.Update(f.as["repA"], c.ID, in)
	wantProblem(t, err, problem.KindValidation, "level", "")
	_, err = f.svc.Update(f.as["repA"], unknownID, in)
	wantProblem(t, err, problem.KindNotFound, "", "")
}

func TestArchiveAndRestore(t *testing.T) {
	f := newFixture(t)
	repA, admin := f.as["repA"], f.as["admin"]
	in := f.input("杭州", "杭州西湖科技有限公司")
	in.CreditCode = creditCode(7)
	c := f.create(repA, in)

	wantProblem(t, f.svc.Archive(f.as["repB"], c.ID), problem.KindNotFound, "", "")
	wantProblem(t, f.svc.Archive(f.as["presales"], c.ID), problem.KindForbidden, "", "")
	wantOK(t, f.svc.Archive(repA, c.ID))

	if _, err := f.svc.Get(repA, c.ID); !errors.Is(err, problem.ErrNotFound) {
		t.Errorf("owner Get of archived = %v, want not found", err)
	}
	if got, err := f.svc.Get(admin, c.ID); err != nil || !got.Archived {
		t.Errorf("admin Get of archived = %+v, %v; want it, archived", got, err)
	}
	if items, _, _ := f.svc.List(repA, Filter{}, store.PageRequest{}); len(items) != 0 {
		t.Errorf("owner's list = %d customers, want 0 after archiving", len(items))
	}
	if items, _, _ := f.svc.List(admin, Filter{Archived: true}, store.PageRequest{}); len(items) != 1 {
		t.Errorf("admin's archived list = %d customers, want 1", len(items))
	}
	_, err := f.svc.AddFollowUp(repA, FollowUpInput{CustomerID: c.ID, Kind: "call"})
	wantProblem(t, err, problem.KindValidation, "customer_id", "followup.error.customer_unknown")

	again := f.input("绍兴", "绍兴另一家公司")
	again.CreditCode = creditCode(7)
	_, err = f.svc.Create(f.as["manager"], again)
	wantProblem(t, err, problem.KindConflict, "credit_code", "")

	wantProblem(t, f.svc.Restore(repA, c.ID), problem.KindForbidden, "", "")
	wantOK(t, f.svc.Restore(admin, c.ID))
	if got, err := f.svc.Get(repA, c.ID); err != nil || got.Archived {
		t.Errorf("owner Get after restore = %+v, %v; want it, not archived", got, err)
	}
	if items, _, _ := f.svc.List(repA, Filter{}, store.PageRequest{}); len(items) != 1 {
		t.Errorf("owner's list = %d customers after restore, want 1", len(items))
	}
}

func TestFollowUpValidation(t *testing.T) {
	f := newFixture(t)
	repA := f.as["repA"]
	c := f.create(repA, f.input("杭州", "杭州西湖科技有限公司"))
	other := f.create(repA, f.input("杭州", "杭州滨江物联网有限公司"))
	ct, err := f.svc.AddContact(repA, other.ID, ContactInput{Name: "王总", DecisionRole: "decision_maker"})
	wantOK(t, err)
	cases := []struct {
		name       string
		edit       func(*FollowUpInput)
		field, key string
	}{
		{"missing customer", func(in *FollowUpInput) { in.CustomerID = "" }, "customer_id",
			"followup.error.customer_required"},
		{"unknown customer", func(in *FollowUpInput) { in.CustomerID = unknownID }, "customer_id",
			"followup.error.customer_unknown"},
		{"malformed customer id", func(in *FollowUpInput) { in.CustomerID = "../x" }, "customer_id",
			"followup.error.customer_unknown"},
		{"unknown kind", func(in *FollowUpInput) { in.Kind = "fax" }, "kind", "followup.error.kind_invalid"},
		{"unknown tag", func(in *FollowUpInput) { in.Tags = []string{"价格异议", "客户很热情"} }, "tags",
			"followup.error.tag_unknown"},
		{"contact of another customer", func(in *FollowUpInput) { in.ContactID = ct.ID }, "contact_id",
			"followup.error.contact_unknown"},
		{"unknown contact", func(in *FollowUpInput) { in.ContactID = unknownID }, "contact_id",
			"followup.error.contact_unknown"},
		{"in the future", func(in *FollowUpInput) { in.OccurredAt = ptrTo(fixtureT0.Add(time.Hour)) },
			"occurred_at", "followup.error.in_future"},
		{"next due without next step", func(in *FollowUpInput) { in.NextDue = ptrTo(fixtureT0.Add(48 * time.Hour)) },
			"next_step", "followup.error.next_step_required"},
		{"negative duration", func(in *FollowUpInput) { in.DurationMin = -1 }, "duration_min",
			"followup.error.duration_invalid"},
		{"location off the globe", func(in *FollowUpInput) { in.Location = &Location{Lat: 91, Lng: 120} },
			"location", "followup.error.location_invalid"},
		{"unknown photo", func(in *FollowUpInput) { in.Photos = []string{fmt.Sprintf("%064x", 1)} }, "photos",
			"followup.error.photo_unknown"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			in := FollowUpInput{CustomerID: c.ID, Kind: "visit", Notes: "拜访"}
			tc.edit(&in)
			_, err := f.svc.AddFollowUp(repA, in)
			wantProblem(t, err, problem.KindValidation, tc.field, tc.key)
		})
	}
	t.Run("a few minutes of clock skew is fine", func(t *testing.T) {
		f.followUp(repA, FollowUpInput{CustomerID: c.ID, OccurredAt: ptrTo(fixtureT0.Add(4 * time.Minute))})
	})
}

func TestFollowUpDefaultsAndAutoTags(t *testing.T) {
	f := newFixture(t)
	repA := f.as["repA"]
	c := f.create(repA, f.input("杭州", "杭州西湖科技有限公司"))
	ct, err := f.svc.AddContact(repA, c.ID,
		ContactInput{Name: "陈总", Mobile: "138 1234 5678", DecisionRole: "decision_maker"})
	wantOK(t, err)
	cases := []struct {
		name      string
		tags      []string
		notes     string
		wantTags  []string
		wantAutos []string
	}{
		{"keyword adds its tag", nil, "客户提出 90 天账期", []string{}, []string{"账期诉求"}},
		{"tag chosen by hand is not repeated", []string{"账期诉求"}, "又谈到账期", []string{"账期诉求"}, []string{}},
		{"two keywords of one tag add it once", nil, "交期紧，交付周期要压到两周", []string{}, []string{"询问交付周期"}},
		{"several keywords", []string{"价格异议"}, "总经理说国产替代要看竞品", []string{"价格异议"},
			[]string{"决策人参与", "国产替代顾虑", "竞品介入"}},
		{"hand tags are deduplicated", []string{"价格异议", " 价格异议", ""}, "", []string{"价格异议"}, []string{}},
		{"no keyword, no auto tag", nil, "寒暄，送了样品", []string{}, []string{}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			fu := f.followUp(repA,
				FollowUpInput{CustomerID: c.ID, ContactID: ct.ID, Tags: tc.tags, Notes: tc.notes})
			if !slices.Equal(fu.Tags, tc.wantTags) {
				t.Errorf("tags = %q, want %q", fu.Tags, tc.wantTags)
			}
			if !sameStrings(fu.AutoTags, tc.wantAutos) {
				t.Errorf("auto tags = %q, want %q", fu.AutoTags, tc.wantAutos)
			}
			if !fu.OccurredAt.Equal(fixtureT0) || fu.AuthorID != f.id("repA") || fu.ContactID != ct.ID {
				t.Errorf("occurred, author, contact = %v, %q, %q; want %v, %q, %q", fu.OccurredAt, fu.AuthorID,
					fu.ContactID, fixtureT0, f.id("repA"), ct.ID)
			}
			got, err := f.svc.GetFollowUp(repA, fu.ID)
			if err != nil || !slices.Equal(got.AutoTags, fu.AutoTags) {
				t.Errorf("GetFollowUp = %+v, %v; want the stored auto tags %q", got.AutoTags, err, fu.AutoTags)
			}
		})
	}
}

func sameStrings(a, b []string) bool {
	a, b = slices.Clone(a), slices.Clone(b)
	slices.Sort(a)
	slices.Sort(b)
	return slices.Equal(a, b)
}

func TestLastFollowUpMovesForwardOnly(t *testing.T) {
	f := newFixture(t)
	repA := f.as["repA"]
	c := f.create(repA, f.input("杭州", "杭州西湖科技有限公司"))
	steps := []struct {
		name     string
		occurred time.Duration // before now
		want     time.Duration // LastFollowUpAt, before now
	}{
		{"first follow-up sets it", 2 * time.Hour, 2 * time.Hour},
		{"an older one leaves it", 5 * time.Hour, 2 * time.Hour},
		{"the same time leaves it", 2 * time.Hour, 2 * time.Hour},
		{"a later one moves it", 30 * time.Minute, 30 * time.Minute},
	}
	for _, st := range steps {
		f.followUp(repA, FollowUpInput{CustomerID: c.ID, OccurredAt: f.ago(st.occurred)})
		got, err := f.svc.Get(repA, c.ID)
		wantOK(t, err)
		if want := fixtureT0.Add(-st.want); got.LastFollowUpAt == nil || !got.LastFollowUpAt.Equal(want) {
			t.Errorf("%s: last follow-up = %v, want %v", st.name, got.LastFollowUpAt, want)
		}
	}
}

func TestFollowUpsNewestFirstWithPaging(t *testing.T) {
	f := newFixture(t)
	repA := f.as["repA"]
	c := f.create(repA, f.input("杭州", "杭州西湖科技有限公司"))
	other := f.create(repA, f.input("杭州", "杭州滨江物联网有限公司"))
	f.followUp(repA, FollowUpInput{CustomerID: other.ID, OccurredAt: f.ago(90 * time.Minute)})
	for _, h := range []int{5, 1, 3, 2, 4} { // recorded out of order
		f.followUp(repA, FollowUpInput{CustomerID: c.ID, Notes: fmt.Sprintf("%dh", h),
			OccurredAt: f.ago(time.Duration(h) * time.Hour)})
	}
	var got []string
	req := store.PageRequest{Limit: 2}
	for pages := 0; pages < 10; pages++ {
		items, next, err := f.svc.FollowUps(repA, c.ID, req)
		wantOK(t, err)
		if len(items) > 2 {
			t.Fatalf("page of %d, want at most 2", len(items))
		}
		for _, it := range items {
			got = append(got, it.Notes)
		}
		if next == "" {
			break
		}
		req.Cursor = next
	}
	if want := []string{"1h", "2h", "3h", "4h", "5h"}; !slices.Equal(got, want) {
		t.Errorf("follow-ups = %q, want %q", got, want)
	}
	_, _, err := f.svc.FollowUps(f.as["repB"], c.ID, store.PageRequest{})
	if !errors.Is(err, problem.ErrNotFound) {
		t.Errorf("another rep listing them = %v, want not found", err)
	}
}

func TestListTagFilter(t *testing.T) {
	f := newFixture(t)
	repA := f.as["repA"]
	priced := f.create(repA, f.input("杭州", "杭州西湖科技有限公司"))
	rival := f.create(repA, f.input("杭州", "杭州滨江物联网有限公司"))
	f.create(repA, f.input("杭州", "杭州余杭纺织有限公司"))
	f.followUp(repA, FollowUpInput{CustomerID: priced.ID, Tags: []string{"价格异议"}})
	f.followUp(repA, FollowUpInput{CustomerID: rival.ID, Notes: "对手报价低 8%"})
	cases := []struct {
		tag  string
		want []string
	}{
		{"价格异议", []string{priced.ID}},
		{"竞品介入", []string{rival.ID}}, // an auto tag
		{"账期诉求", nil},
	}
	for _, tc := range cases {
		t.Run(tc.tag, func(t *testing.T) {
			items, _, err := f.svc.List(repA, Filter{Tag: tc.tag}, store.PageRequest{})
			wantOK(t, err)
			if got := customerIDs(items); !slices.Equal(got, tc.want) {
				t.Errorf("List(tag %s) = %q, want %q", tc.tag, got, tc.want)
			}
		})
	}
	if items, _, _ := f.svc.List(repA, Filter{}, store.PageRequest{}); len(items) != 3 {
		t.Errorf("unfiltered list = %d customers, want 3", len(items))
	}
}

func customerIDs(cs []Customer) []string {
	var out []string
	for _, c := range cs {
		out = append(out, c.ID)
	}
	return out
}

func TestChangeStatus(t *testing.T) {
	f := newFixture(t)
	repA := f.as["repA"]
	c := f.create(repA, f.input("杭州", "杭州西湖科技有限公司"))
	f.clk.Advance(time.Hour)
	got, err := f.svc.ChangeStatus(f.as["manager"], c.ID, " "+StatusQuoted, " 方案已报价 ")
	wantOK(t, err)
	if got.Status != StatusQuoted {
		t.Errorf("status = %q, want %q", got.Status, StatusQuoted)
	}
	events, err := f.svc.Events(repA, c.ID)
	wantOK(t, err)
	last := events[len(events)-1]
	want := map[string]any{"from": StatusNew, "to": StatusQuoted, "reason": "方案已报价"}
	at := fixtureT0.Add(time.Hour)
	if last.Kind != "customer.status" || last.ActorID != f.id("manager") || !last.At.Equal(at) ||
		fmt.Sprint(last.Data) != fmt.Sprint(want) {
		t.Errorf("event = %s by %s at %v with %v; want customer.status by the manager at %v with %v",
			last.Kind, last.ActorID, last.At, last.Data, fixtureT0.Add(time.Hour), want)
	}

	cases := []struct {
		name, status, reason string
		key                  string
	}{
		{"unknown status", "hot", "", "customer.error.status_unknown"},
		{"same status", StatusQuoted, "again", "customer.error.status_same"},
		{"empty status", "", "", "customer.error.status_unknown"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			_, err := f.svc.ChangeStatus(repA, c.ID, tc.status, tc.reason)
			wantProblem(t, err, problem.KindValidation, "status", tc.key)
		})
	}
	after, _ := f.svc.Events(repA, c.ID)
	if len(after) != len(events) {
		t.Errorf("%d events after refused changes, want %d", len(after), len(events))
	}
}

func TestContacts(t *testing.T) {
	f := newFixture(t)
	repA := f.as["repA"]
	c := f.create(repA, f.input("杭州", "杭州西湖科技有限公司"))
	cases := []struct {
		name       string
		in         ContactInput
		field, key string
	}{
		{"valid", ContactInput{Name: "陈总", Mobile: "+86 138-1234-5678", Email: "chen@xihu.cn",
			DecisionRole: "decision_maker"}, "", ""},
		{"name required", ContactInput{Name: " "}, "name", "contact.error.name_required"},
		{"bad mobile", ContactInput{Name: "李工", Mobile: "0571-88886666"}, "mobile",
			"contact.error.mobile_invalid"},
		{"bad e-mail", ContactInput{Name: "李工", Email: "li at xihu"}, "email", "contact.error.email_invalid"},
		{"unknown role", ContactInput{Name: "李工", DecisionRole: "boss"}, "decision_role",
			"contact.error.decision_role_invalid"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			ct, err := f.svc.AddContact(repA, c.ID, tc.in)
			if tc.field != "" {
				wantProblem(t, err, problem.KindValidation, tc.field, tc.key)
				return
			}
			wantOK(t, err)
			if ct.Mobile != "13812345678" {
				t.Errorf("mobile = %q, want 13812345678", ct.Mobile)
			}
		})
	}
	_, err := f.svc.AddContact(f.as["repB"], c.ID, ContactInput{Name: "赵"})
	wantProblem(t, err, problem.KindNotFound, "", "")
	list, err := f.svc.Contacts(repA, c.ID)
	if err != nil || len(list) != 1 || list[0].Name != "陈总" {
		t.Errorf("Contacts = %+v, %v; want the one valid contact", list, err)
	}
}

// pngBytes encodes a small real picture.
func pngBytes(t *testing.T) []byte {
	t.Helper()
	img := image.NewRGBA(image.Rect(0, 0, 4, 3))
	img.Set(1, 1, color.RGBA{R: 200, A: 255})
	var buf bytes.Buffer
	if err := png.Encode(&buf, img); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func TestAddPhoto(t *testing.T) {
	f := newFixture(t)
	repA := f.as["repA"]
	picture := pngBytes(t)
	pngHeader := picture[:8]
	cases := []struct {
		name string
		data []byte
		key  string // "" when accepted
	}{
		{"empty", []byte{}, "followup.error.photo_empty"},
		{"over 10 MiB", append(slices.Clone(pngHeader), make([]byte, 10<<20-7)...), "followup.error.photo_too_large"},
		{"plain text", []byte("这不是图片，是一段文字"), "followup.error.photo_type"},
		{"PDF", []byte("%PDF-1.7\n1 0 obj <</Type /Catalog>> endobj\n"), "followup.error.photo_type"},
		{"HTML", []byte("<html><body><img src=x></body></html>"), "followup.error.photo_type"},
		{"a real PNG", picture, ""},
		{"exactly 10 MiB", append(slices.Clone(pngHeader), make([]byte, 10<<20-8)...), ""},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			sum, err := f.svc.AddPhoto(repA, tc.data)
			if tc.key != "" {
				wantProblem(t, err, problem.KindValidation, "photo", tc.key)
				return
			}
			wantOK(t, err)
			if want := fmt.Sprintf("%x", sha256.Sum256(tc.data)); sum != want || !f.files.Has(sum) {
				t.Errorf("digest %s (stored %v), want %s stored", sum, f.files.Has(sum), want)
			}
		})
	}

	sum, err := f.svc.AddPhoto(repA, picture)
	wantOK(t, err)
	c := f.create(repA, f.input("杭州", "杭州西湖科技有限公司"))
	fu := f.followUp(repA, FollowUpInput{CustomerID: c.ID, Kind: "visit", Photos: []string{sum, sum}})
	if !slices.Equal(fu.Photos, []string{sum}) {
		t.Errorf("photos = %q, want the one digest %s", fu.Photos, sum)
	}
	_, err = f.svc.AddPhoto(f.as["legal"], picture)
	wantProblem(t, err, problem.KindForbidden, "", "")
	noFiles := NewService(f.db, f.org, f.clk, slog.New(slog.NewTextHandler(io.Discard, nil)), nil)
	_, err = noFiles.AddPhoto(repA, picture)
	wantProblem(t, err, problem.KindBadRequest, "", "")
}
