package customer

import (
	"reflect"
	"slices"
	"testing"
	"time"

	"github.com/frontline-crm/frontline/app/access"
	"github.com/frontline-crm/frontline/app/notify"
	"github.com/frontline-crm/frontline/app/problem"
	"github.com/frontline-crm/frontline/app/store"
)

// statement is one status change in a conflict case: who, how long after
// the previous one, to what.
type statement struct {
	by     string
	after  time.Duration
	status string
}

func TestStatusPairConflicts(t *testing.T) {
	day := 24 * time.Hour
	cases := []struct {
		name  string
		steps []statement
		want  bool
	}{
		{"two people, quoted vs unclear within 7 days", []statement{
			{"repA", 0, StatusQuoted}, {"director", 3 * day, StatusUnclear}}, true},
		{"won vs following", []statement{
			{"repA", 0, StatusFollowing}, {"manager", 2 * day, StatusWon}}, true},
		{"lost vs won, either order", []statement{
			{"manager", 0, StatusWon}, {"repA", day, StatusLost}}, true},
		{"exactly 7 days apart", []statement{
			{"repA", 0, StatusQuoted}, {"director", 7 * day, StatusUnclear}}, true},
		{"same person twice within 7 days", []statement{
			{"repA", 0, StatusQuoted}, {"repA", day, StatusUnclear}}, false},
		{"two people 8 days apart", []statement{
			{"repA", 0, StatusQuoted}, {"director", 8 * day, StatusUnclear}}, false},
		{"not a contradicting pair", []statement{
			{"repA", 0, StatusFollowing}, {"director", day, StatusQuoted}}, false},
		{"only the other person's latest statement counts", []statement{
			{"repA", 0, StatusQuoted}, {"repA", time.Hour, StatusFollowing}, {"director", day, StatusUnclear}}, false},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			e := newRadarEnv(t)
			c := e.customer("repA", "杭州", StatusNew)
			var got Customer
			for _, st := range tc.steps {
				e.clk.Advance(st.after)
				var err error
				if got, err = e.svc.ChangeStatus(e.as[st.by], c.ID, st.status, "test"); err != nil {
					t.Fatalf("ChangeStatus(%s, %s): %v", st.by, st.status, err)
				}
			}
			if got.Flagged != tc.want || e.get(c.ID).Flagged != tc.want {
				t.Errorf("flagged = %v (stored %v), want %v", got.Flagged, e.get(c.ID).Flagged, tc.want)
			}
			if n := len(e.conflicts("director", ConflictRequest{CustomerID: c.ID})); n != map[bool]int{true: 1}[tc.want] {
				t.Errorf("%d open conflicts, want flagged %v", n, tc.want)
			}
		})
	}
}

func TestStatusPairConflictRecord(t *testing.T) {
	e := newRadarEnv(t)
	c := e.customer("repA", "杭州", StatusNew)
	e.status("repA", c.ID, StatusQuoted)
	e.clk.Advance(48 * time.Hour)
	e.status("director", c.ID, StatusUnclear)

	got := e.conflicts("director", ConflictRequest{})
	if len(got) != 1 {
		t.Fatalf("conflicts = %+v, want one", got)
	}
	cf := got[0]
	want := Message{Key: "conflict.detail.status_pair",
		Args: []any{"repA", "已报价待确认", "director", "需求模糊需再沟通", 7}}
	if cf.Rule != RuleStatusPair || !reflect.DeepEqual(cf.Detail, want) || cf.CustomerID != c.ID {
		t.Errorf("conflict = %+v, want rule %s, detail %+v", cf, RuleStatusPair, want)
	}
	if !slices.Equal(cf.UserIDs, []string{e.as["repA"].UserID, e.as["director"].UserID}) || !cf.Open() ||
		!cf.CreatedAt.Equal(e.clk.Now()) {
		t.Errorf("conflict = %+v, want both people, open, created now", cf)
	}
	if !e.hasEvent(c.ID, "customer.conflict_flagged") {
		t.Error("no customer.conflict_flagged event")
	}
}

func TestFollowUpConflicts(t *testing.T) {
	cases := []struct {
		name, status string
		tags         []string
		notes        string
		want         *Message // nil: no conflict
	}{
		{"competitor tag while following", StatusFollowing, []string{"竞品介入"}, "",
			&Message{"conflict.detail.followup_tag", []any{"repA", "竞品介入", "跟进中"}}},
		{"loss word while won", StatusWon, nil, "客户说已签了别家",
			&Message{"conflict.detail.followup_word", []any{"repA", "已签了别家", "已成交"}}},
		{"keyword that adds the competitor tag", StatusWon, nil, "最后选了竞品",
			&Message{"conflict.detail.followup_tag", []any{"repA", "竞品介入", "已成交"}}},
		{"budget approved while lost", StatusLost, []string{"预算已批"}, "",
			&Message{"conflict.detail.followup_tag", []any{"repA", "预算已批", "已流失"}}},
		{"loss word while quoted", StatusQuoted, nil, "客户说不做了", nil},
		{"budget approved while won", StatusWon, []string{"预算已批"}, "", nil},
		{"competitor tag on a new lead", StatusNew, []string{"竞品介入"}, "", nil},
		{"nothing contradicting", StatusFollowing, []string{"询问交付周期"}, "约了下周演示", nil},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			e := newRadarEnv(t)
			c := e.customer("repA", "杭州", tc.status)
			f := e.followUp(e.as["repA"], FollowUpInput{CustomerID: c.ID, Tags: tc.tags, Notes: tc.notes}, 0)
			got := e.conflicts("director", ConflictRequest{CustomerID: c.ID})
			if e.get(c.ID).Flagged != (tc.want != nil) {
				t.Errorf("flagged = %v, want %v", e.get(c.ID).Flagged, tc.want != nil)
			}
			if tc.want == nil {
				if len(got) != 0 {
					t.Errorf("conflicts = %+v, want none", got)
				}
				return
			}
			if len(got) != 1 || got[0].Rule != RuleFollowUpSignal || got[0].FollowUpID != f.ID ||
				!reflect.DeepEqual(got[0].Detail, *tc.want) {
				t.Fatalf("conflicts = %+v, want one of follow-up %s with %+v", got, f.ID, *tc.want)
			}
		})
	}
}

func TestConflictNotifiesManagersOnce(t *testing.T) {
	e := newRadarEnv(t)
	c := e.customer("repA", "杭州", StatusFollowing)
	e.followUp(e.as["repA"], FollowUpInput{CustomerID: c.ID, Tags: []string{"竞品介入"}}, 0)
	// A second signal of the same rule while the first is open adds
	// nothing.
	e.clk.Advance(time.Hour)
	e.followUp(e.as["repA"], FollowUpInput{CustomerID: c.ID, Notes: "他们可能不做了"}, 0)

	for who, want := range map[string]int{"manager": 1, "managerEast": 1, "managerSouth": 0,
		"director": 0, "repA": 0} {
		items, _, err := notify.List(e.db, e.as[who].UserID, store.PageRequest{})
		if err != nil {
			t.Fatal(err)
		}
		if len(items) != want {
			t.Errorf("%s has %d notifications, want %d: %+v", who, len(items), want, items)
			continue
		}
		if want == 0 {
			continue
		}
		n := items[0]
		if n.Kind != "customer.conflict" || n.Subject != "customer/"+c.ID || n.Key != "notify.customer.conflict" ||
			!reflect.DeepEqual(n.Args, []any{c.Name}) || n.Read {
			t.Errorf("%s's notification = %+v", who, n)
		}
	}
	if n := len(e.conflicts("director", ConflictRequest{})); n != 1 {
		t.Errorf("%d open conflicts, want 1", n)
	}
}

func TestResolveConflict(t *testing.T) {
	e := newRadarEnv(t)
	c := e.customer("repA", "杭州", StatusFollowing)
	e.followUp(e.as["repA"], FollowUpInput{CustomerID: c.ID, Tags: []string{"竞品介入"}}, 0)
	e.clk.Advance(time.Hour)
	e.status("director", c.ID, StatusWon) // the first statement: no pair yet
	e.status("repA", c.ID, StatusFollowing)
	open := e.conflicts("director", ConflictRequest{CustomerID: c.ID})
	if len(open) != 2 {
		t.Fatalf("open conflicts = %+v, want the follow-up one and the status one", open)
	}
	if flagged := e.flagged("director"); !slices.Equal(flagged, []string{c.ID}) {
		t.Errorf("flagged list = %v, want [%s]", flagged, c.ID)
	}

	err := e.svc.ResolveConflict(e.as["repA"], open[0].ID, "  ")
	wantKind(t, err, problem.KindValidation, "reason", "conflict.error.reason_required")
	for _, who := range []string{"repB", "repSZ", "managerSouth", "presales"} {
		err := e.svc.ResolveConflict(e.as[who], open[0].ID, "看过了")
		wantKind(t, err, problem.KindNotFound, "", "")
	}

	if err := e.svc.ResolveConflict(e.as["manager"], open[0].ID, "电话确认仍在跟进"); err != nil {
		t.Fatal(err)
	}
	if !e.get(c.ID).Flagged {
		t.Error("flag cleared with a conflict still open")
	}
	if err := e.svc.ResolveConflict(e.as["repA"], open[1].ID, "客户确认已签约"); err != nil {
		t.Fatal(err)
	}
	if e.get(c.ID).Flagged || len(e.flagged("director")) != 0 {
		t.Error("flag kept after every conflict was resolved")
	}
	err = e.svc.ResolveConflict(e.as["repA"], open[1].ID, "again")
	wantKind(t, err, problem.KindConflict, "", "")

	cf, err := e.svc.GetConflict(e.as["repA"], open[1].ID)
	if err != nil || cf.Open() || cf.ResolvedBy != e.as["repA"].UserID || cf.ResolutionReason != "客户确认已签约" {
		t.Errorf("resolved conflict = %+v, %v", cf, err)
	}
	if !e.hasEvent(c.ID, "customer.conflict_resolved") {
		t.Error("no customer.conflict_resolved event")
	}
	all := e.conflicts("director", ConflictRequest{Resolved: true})
	if len(all) != 2 || len(e.conflicts("director", ConflictRequest{})) != 0 {
		t.Errorf("with resolved: %d, open: want 2 and 0", len(all))
	}
}

func TestConflictsScope(t *testing.T) {
	e := newRadarEnv(t)
	hz := e.customer("repA", "杭州", StatusFollowing)
	sz := e.customer("repSZ", "深圳", StatusFollowing)
	e.followUp(e.as["repA"], FollowUpInput{CustomerID: hz.ID, Tags: []string{"竞品介入"}}, 0)
	e.followUp(e.as["repSZ"], FollowUpInput{CustomerID: sz.ID, Tags: []string{"竞品介入"}}, 0)

	want := map[string][]string{
		"director": {sz.ID, hz.ID}, "admin": {sz.ID, hz.ID}, "managerEast": {hz.ID}, "manager": {hz.ID},
		"managerSouth": {sz.ID}, "repA": {hz.ID}, "repSZ": {sz.ID}, "repB": nil,
	}
	for who, ids := range want {
		var got []string
		for _, cf := range e.conflicts(who, ConflictRequest{}) {
			got = append(got, cf.CustomerID)
		}
		if !slices.Equal(got, ids) {
			t.Errorf("Conflicts as %s = %v, want %v", who, got, ids)
		}
	}
	for _, who := range []string{"presales", "legal"} {
		_, _, err := e.svc.Conflicts(e.as[who], ConflictRequest{})
		wantKind(t, err, problem.KindForbidden, "", "")
	}
	if got := e.conflicts("repA", ConflictRequest{CustomerID: sz.ID}); len(got) != 0 {
		t.Errorf("repA asking for 深圳's conflicts got %+v", got)
	}
	szConflict := e.conflicts("repSZ", ConflictRequest{})[0]
	_, err := e.svc.GetConflict(e.as["repA"], szConflict.ID)
	wantKind(t, err, problem.KindNotFound, "", "")
}

func TestConflictsPaging(t *testing.T) {
	e := newRadarEnv(t)
	var want []string
	for range 3 {
		c := e.customer("repA", "杭州", StatusFollowing)
		e.followUp(e.as["repA"], FollowUpInput{CustomerID: c.ID, Tags: []string{"竞品介入"}}, 0)
		want = append([]string{c.ID}, want...)
		e.clk.Advance(time.Minute)
	}
	var got []string
	req := ConflictRequest{Page: store.PageRequest{Limit: 2}}
	for {
		items, next, err := e.svc.Conflicts(e.as["manager"], req)
		if err != nil {
			t.Fatal(err)
		}
		for _, cf := range items {
			got = append(got, cf.CustomerID)
		}
		if next == "" {
			break
		}
		req.Page.Cursor = next
	}
	if !slices.Equal(got, want) {
		t.Errorf("pages = %v, want newest first %v", got, want)
	}
}

func TestSaveConflictRules(t *testing.T) {
	e := newRadarEnv(t)
	_, err := e.svc.SaveConflictRules(e.as["director"], DefaultConflictRules())
	wantKind(t, err, problem.KindForbidden, "", "")

	bad := []struct {
		name        string
		change      func(*ConflictRules)
		field, want string
	}{
		{"window", func(r *ConflictRules) { r.WindowDays = 0 }, "window_days", "conflict.error.window_invalid"},
		{"unknown status", func(r *ConflictRules) { r.StatusPairs[0].Against = []string{"maybe"} },
			"status_pairs", "conflict.error.pair_invalid"},
		{"empty rule", func(r *ConflictRules) { r.FollowUpRules[1].Tags = nil },
			"followup_rules", "conflict.error.rule_incomplete"},
		{"unknown tag", func(r *ConflictRules) { r.FollowUpRules[1].Tags = []string{"没有"} },
			"followup_rules", "followup.error.tag_unknown"},
	}
	for _, tc := range bad {
		t.Run(tc.name, func(t *testing.T) {
			r := DefaultConflictRules()
			tc.change(&r)
			_, err := e.svc.SaveConflictRules(e.as["admin"], r)
			wantKind(t, err, problem.KindValidation, tc.field, tc.want)
		})
	}

	// With quoted vs unclear gone, the pair no longer conflicts.
	r := DefaultConflictRules()
	r.StatusPairs = r.StatusPairs[:2]
	if _, err := e.svc.SaveConflictRules(e.as["admin"], r); err != nil {
		t.Fatal(err)
	}
	c := e.customer("repA", "杭州", StatusNew)
	e.status("repA", c.ID, StatusQuoted)
	if got := e.status("director", c.ID, StatusUnclear); got.Flagged {
		t.Error("flagged by a pair the admin removed")
	}
}

// status changes a customer's status as who.
func (e *radarEnv) status(who, id, status string) Customer {
	e.t.Helper()
	c, err := e.svc.ChangeStatus(e.as[who], id, status, "")
	if err != nil {
		e.t.Fatalf("ChangeStatus(%s, %s): %v", who, status, err)
	}
	return c
}

// conflicts lists every page of conflicts as who.
func (e *radarEnv) conflicts(who string, req ConflictRequest) []Conflict {
	e.t.Helper()
	var out []Conflict
	for {
		items, next, err := e.svc.Conflicts(e.as[who], req)
		if err != nil {
			e.t.Fatalf("Conflicts as %s: %v", who, err)
		}
		out = append(out, items...)
		if next == "" {
			return out
		}
		req.Page.Cursor = next
	}
}

// flagged lists the ids of flagged customers as who.
func (e *radarEnv) flagged(who string) []string {
	e.t.Helper()
	cs, _, err := e.svc.List(e.as[who], Filter{Flagged: true}, store.PageRequest{})
	if err != nil {
		e.t.Fatalf("List flagged: %v", err)
	}
	var ids []string
	for _, c := range cs {
		ids = append(ids, c.ID)
	}
	return ids
}

func (e *radarEnv) hasEvent(customerID, kind string) bool {
	e.t.Helper()
	events, err := e.svc.Events(access.SystemPrincipal, customerID)
	if err != nil {
		e.t.Fatal(err)
	}
	return slices.ContainsFunc(events, func(ev store.Event) bool { return ev.Kind == kind })
}
