package customer

import (
	"slices"
	"testing"
	"time"

	"github.com/frontline-crm/frontline/app/access"
	"github.com/frontline-crm/frontline/app/problem"
	"github.com/frontline-crm/frontline/app/store"
)

// scopeActions are the things a user may try on one customer; each
// returns the service's answer. "list" answers not found when the
// customer is missing from the list the user asks for.
var scopeActions = map[string]func(f *fixture, p *access.Principal, c Customer) error{
	"get": func(f *fixture, p *access.Principal, c Customer) error {
		_, err := f.svc.Get(p, c.ID)
		return err
	},
	"list": func(f *fixture, p *access.Principal, c Customer) error {
		items, _, err := f.svc.List(p, Filter{OwnerID: c.OwnerID, Pool: c.InPool()}, store.PageRequest{})
		if err != nil {
			return err
		}
		if !slices.Contains(customerIDs(items), c.ID) {
			return problem.NotFound()
		}
		return nil
	},
	"update": func(f *fixture, p *access.Principal, c Customer) error {
		in := Input{Name: c.Name, RegionID: c.RegionID, Level: "A", OverrideReason: "test fixture"}
		_, err := f.svc.Update(p, c.ID, in)
		return err
	},
	"follow up": func(f *fixture, p *access.Principal, c Customer) error {
		_, err := f.svc.AddFollowUp(p, FollowUpInput{CustomerID: c.ID, Kind: "call", OccurredAt: f.ago(time.Hour)})
		return err
	},
	"change status": func(f *fixture, p *access.Principal, c Customer) error {
		_, err := f.svc.ChangeStatus(p, c.ID, StatusFollowing, "")
		return err
	},
	"archive": func(f *fixture, p *access.Principal, c Customer) error {
		return f.svc.Archive(p, c.ID)
	},
	"add contact": func(f *fixture, p *access.Principal, c Customer) error {
		_, err := f.svc.AddContact(p, c.ID, ContactInput{Name: "王总"})
		return err
	},
	"list follow-ups": func(f *fixture, p *access.Principal, c Customer) error {
		_, _, err := f.svc.FollowUps(p, c.ID, store.PageRequest{})
		return err
	},
}

// hiddenKind is how a follow-up on a customer outside the user's scope is
// refused: as a customer_id that does not exist, the same answer as for
// an unknown id, so the error tells nothing about other people's customers.
const hiddenKind = problem.Kind(-1)

func TestScopeMatrix(t *testing.T) {
	f := newFixture(t)
	const (
		ok        = problem.Kind(0)
		notFound  = problem.KindNotFound
		forbidden = problem.KindForbidden
	)
	type target struct{ owner, region string }
	var (
		repBs     = target{"repB", "杭州"}
		poolHZ    = target{"", "杭州"}
		poolSX    = target{"", "绍兴"}
		shenzhens = target{"repSZ", "深圳"}
	)
	cases := []struct {
		actor  string
		target target
		what   string
		action string
		want   problem.Kind
	}{
		// A rep and a colleague's customer in the same region.
		{"repA", repBs, "colleague's", "get", notFound},
		{"repA", repBs, "colleague's", "list", notFound},
		{"repA", repBs, "colleague's", "update", notFound},
		{"repA", repBs, "colleague's", "follow up", hiddenKind},
		{"repA", repBs, "colleague's", "change status", notFound},
		{"repA", repBs, "colleague's", "archive", notFound},
		{"repA", repBs, "colleague's", "add contact", notFound},
		{"repA", repBs, "colleague's", "list follow-ups", notFound},
		{"repB", repBs, "own", "update", ok},
		{"repB", repBs, "own", "archive", ok},

		// The pool: open to the reps of its region, for a touch before
		// claiming; editing waits for the claim.
		{"repA", poolHZ, "own region's pool", "get", ok},
		{"repA", poolHZ, "own region's pool", "list", ok},
		{"repA", poolHZ, "own region's pool", "follow up", ok},
		{"repA", poolHZ, "own region's pool", "change status", ok},
		{"repA", poolHZ, "own region's pool", "list follow-ups", ok},
		{"repA", poolHZ, "own region's pool", "update", forbidden},
		{"repA", poolHZ, "own region's pool", "archive", forbidden},
		{"repA", poolSX, "another region's pool", "get", notFound},
		{"repA", poolSX, "another region's pool", "list", notFound},
		{"repA", poolSX, "another region's pool", "follow up", hiddenKind},
		{"repA", poolSX, "another region's pool", "change status", notFound},
		{"repSX", poolSX, "own region's pool", "get", ok},
		{"repSX", poolSX, "own region's pool", "list", ok},

		// A manager: the subtree of their regions, and only that.
		{"manager", repBs, "subtree", "get", ok},
		{"manager", repBs, "subtree", "list", ok},
		{"manager", repBs, "subtree", "update", ok},
		{"manager", repBs, "subtree", "follow up", ok},
		{"manager", repBs, "subtree", "change status", ok},
		{"manager", repBs, "subtree", "archive", ok},
		{"manager", poolSX, "subtree pool", "get", ok},
		{"manager", poolSX, "subtree pool", "list", ok},
		{"manager", poolSX, "subtree pool", "update", ok},
		{"manager", shenzhens, "outside subtree", "get", notFound},
		{"manager", shenzhens, "outside subtree", "list", notFound},
		{"manager", shenzhens, "outside subtree", "update", notFound},
		{"manager", shenzhens, "outside subtree", "follow up", hiddenKind},
		{"manager", shenzhens, "outside subtree", "change status", notFound},
		{"managerSouth", shenzhens, "subtree", "update", ok},
		{"director", shenzhens, "anywhere", "update", ok},
		{"director", shenzhens, "anywhere", "change status", ok},
		{"admin", shenzhens, "anywhere", "archive", ok},

		// Presales, legal and finance serve every region: they read, and
		// do not edit. Presales records their meetings and may state a
		// status; legal and finance may not.
		{"presales", shenzhens, "any", "get", ok},
		{"presales", shenzhens, "any", "list", ok},
		{"presales", shenzhens, "any", "list follow-ups", ok},
		{"presales", shenzhens, "any", "update", forbidden},
		{"presales", shenzhens, "any", "archive", forbidden},
		{"presales", shenzhens, "any", "add contact", forbidden},
		{"presales", shenzhens, "any", "follow up", ok},
		{"presales", shenzhens, "any", "change status", ok},
		{"legal", repBs, "any", "get", ok},
		{"legal", repBs, "any", "list", ok},
		{"legal", repBs, "any", "update", forbidden},
		{"legal", repBs, "any", "follow up", forbidden},
		{"legal", repBs, "any", "change status", forbidden},
		{"legal", repBs, "any", "archive", forbidden},
		{"finance", poolSX, "any", "get", ok},
		{"finance", poolSX, "any", "list", ok},
		{"finance", poolSX, "any", "update", forbidden},
		{"finance", poolSX, "any", "follow up", forbidden},
		{"finance", poolSX, "any", "change status", forbidden},
		{"finance", poolSX, "any", "add contact", forbidden},

		// Warehouse staff have no business with customers.
		{"warehouse", repBs, "any", "list", forbidden},
		{"warehouse", repBs, "any", "get", notFound},
		{"warehouse", repBs, "any", "update", notFound},
		{"warehouse", repBs, "any", "follow up", forbidden},
		{"warehouse", repBs, "any", "change status", notFound},
	}
	for _, tc := range cases {
		name := tc.actor + " " + tc.action + " " + tc.what + " " + tc.target.region
		t.Run(name, func(t *testing.T) {
			c := f.seed(tc.target.owner, tc.target.region) // fresh, so actions do not interfere
			err := scopeActions[tc.action](f, f.as[tc.actor], c)
			switch tc.want {
			case ok:
				wantOK(t, err)
			case hiddenKind:
				wantProblem(t, err, problem.KindValidation, "customer_id", "followup.error.customer_unknown")
			default:
				wantProblem(t, err, tc.want, "", "")
			}
		})
	}
}

func TestListScope(t *testing.T) {
	f := newFixture(t)
	all := map[string]Customer{}
	for _, s := range []struct{ key, owner, region string }{
		{"repA own", "repA", "杭州"}, {"repB own", "repB", "杭州"},
		{"hz pool 1", "", "杭州"}, {"hz pool 2", "", "杭州"},
		{"sx pool", "", "绍兴"}, {"sx own", "repSX", "绍兴"},
		{"sh pool", "", "上海"}, {"sz own", "repSZ", "深圳"}, {"sz pool", "", "深圳"},
	} {
		all[s.key] = f.seed(s.owner, s.region)
	}
	everyone := []string{"repA own", "repB own", "hz pool 1", "hz pool 2", "sx pool", "sx own", "sh pool",
		"sz own", "sz pool"}
	cases := []struct {
		name   string
		actor  string
		filter Filter
		want   []string
	}{
		{"a rep's list is their own customers", "repA", Filter{}, []string{"repA own"}},
		{"a rep's pool is their region's", "repA", Filter{Pool: true}, []string{"hz pool 1", "hz pool 2"}},
		{"another region's rep, another pool", "repSX", Filter{Pool: true}, []string{"sx pool"}},
		{"a rep asking for a colleague's gets nothing", "repA", Filter{OwnerID: "<repB>"}, nil},
		{"a manager sees the subtree", "manager", Filter{},
			[]string{"repA own", "repB own", "hz pool 1", "hz pool 2", "sx pool", "sx own"}},
		{"a manager's pool is the subtree's", "manager", Filter{Pool: true},
			[]string{"hz pool 1", "hz pool 2", "sx pool"}},
		{"a manager narrows to one region", "manager", Filter{RegionID: "<绍兴>"}, []string{"sx pool", "sx own"}},
		{"a manager asking outside gets nothing", "manager", Filter{RegionID: "<深圳>"}, nil},
		{"the south manager", "managerSouth", Filter{}, []string{"sz own", "sz pool"}},
		{"a director sees everyone", "director", Filter{}, everyone},
		{"presales sees everyone", "presales", Filter{}, everyone},
		{"legal sees everyone", "legal", Filter{}, everyone},
		{"finance sees the whole pool", "finance", Filter{Pool: true},
			[]string{"hz pool 1", "hz pool 2", "sx pool", "sh pool", "sz pool"}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			filter := tc.filter
			if o := filter.OwnerID; o != "" {
				filter.OwnerID = f.id(o[1 : len(o)-1])
			}
			if r := filter.RegionID; r != "" {
				filter.RegionID = f.region[r[1:len(r)-1]]
			}
			items, _, err := f.svc.List(f.as[tc.actor], filter, store.PageRequest{Limit: 100})
			wantOK(t, err)
			var want []string
			for _, k := range tc.want {
				want = append(want, all[k].ID)
			}
			got := customerIDs(items)
			slices.Sort(got)
			slices.Sort(want)
			if !slices.Equal(got, want) {
				t.Errorf("List = %s, want %s", customerNames(items), tc.want)
			}
		})
	}
	t.Run("warehouse may not list", func(t *testing.T) {
		_, _, err := f.svc.List(f.as["warehouse"], Filter{}, store.PageRequest{})
		wantProblem(t, err, problem.KindForbidden, "", "")
	})
}

func customerNames(cs []Customer) []string {
	var out []string
	for _, c := range cs {
		out = append(out, c.Name)
	}
	return out
}

func TestListPages(t *testing.T) {
	f := newFixture(t)
	for i := 0; i < 7; i++ {
		f.seed("repA", "杭州")
	}
	f.seed("repB", "杭州")
	seen := map[string]bool{}
	req := store.PageRequest{Limit: 3}
	for pages := 1; ; pages++ {
		items, next, err := f.svc.List(f.as["repA"], Filter{}, req)
		wantOK(t, err)
		for _, c := range items {
			if seen[c.ID] || c.OwnerID != f.id("repA") {
				t.Errorf("page %d: %s repeated or not repA's", pages, c.Name)
			}
			seen[c.ID] = true
		}
		if next == "" || pages > 5 {
			break
		}
		req.Cursor = next
	}
	if len(seen) != 7 {
		t.Errorf("%d customers over the pages, want 7", len(seen))
	}
}
