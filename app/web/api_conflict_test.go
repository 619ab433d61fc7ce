package web_test

import (
	"net/http"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/frontline-crm/frontline/app/access"
	"github.com/frontline-crm/frontline/app/customer"
	"github.com/frontline-crm/frontline/app/i18n"
	"github.com/frontline-crm/frontline/app/store"
)

// conflictOut is a status conflict as tests read it.
type conflictOut struct {
	ID               string     `json:"id"`
	CustomerID       string     `json:"customer_id"`
	Rule             string     `json:"rule"`
	Message          string     `json:"message"`
	Code             string     `json:"code"`
	UserIDs          []string   `json:"user_ids"`
	FollowUpID       string     `json:"followup_id"`
	CreatedAt        time.Time  `json:"created_at"`
	ResolvedAt       *time.Time `json:"resolved_at"`
	ResolvedBy       string     `json:"resolved_by"`
	ResolutionReason string     `json:"resolution_reason"`
}

// conflictFixture: rep said quoted and the manager, two days later,
// unclear (a status pair on rep's customer); rep3 tagged 竞品介入 on a
// customer they follow (a follow-up signal on rep3's).
type conflictFixture struct {
	pair, signal customer.Conflict
	mine, theirs customer.Customer
	followUp     customer.FollowUp
}

func newConflictFixture(e *activityEnv) conflictFixture {
	e.t.Helper()
	var fx conflictFixture
	fx.mine = e.seedCustomer("rep", customer.Input{Name: "西湖茶叶合作社"})
	fx.theirs = e.seedCustomer("rep3", customer.Input{Name: "滨江智能装备"})
	e.setStatus("rep", fx.mine.ID, customer.StatusQuoted)
	e.clk.Advance(48 * time.Hour)
	e.setStatus("manager", fx.mine.ID, customer.StatusUnclear)
	e.setStatus("rep3", fx.theirs.ID, customer.StatusFollowing)
	e.clk.Advance(time.Hour)
	fx.followUp = e.seedFollowUp("rep3", fx.theirs.ID, "客户说在看竞品")
	fx.pair, fx.signal = e.onlyConflict(fx.mine.ID), e.onlyConflict(fx.theirs.ID)
	return fx
}

func (e *activityEnv) setStatus(as, id, status string) {
	e.t.Helper()
	if _, err := e.cust.ChangeStatus(e.principal(as), id, status, "电话确认"); err != nil {
		e.t.Fatalf("%s sets %s: %v", as, status, err)
	}
}

// onlyConflict is the one conflict of a customer.
func (e *activityEnv) onlyConflict(customerID string) customer.Conflict {
	e.t.Helper()
	items, _, err := e.cust.Conflicts(access.SystemPrincipal, customer.ConflictRequest{CustomerID: customerID,
		Resolved: true, Page: store.PageRequest{Limit: 10}})
	if err != nil || len(items) != 1 {
		e.t.Fatalf("conflicts of %s = %+v, %v; want one", customerID, items, err)
	}
	return items[0]
}

// conflictIDs lists the ids of the conflicts path gives the account.
func (e *activityEnv) conflictIDs(t *testing.T, as, path string) []string {
	t.Helper()
	var l listOut[conflictOut]
	e.get(t, as, path, &l)
	ids := []string{}
	for _, c := range l.Items {
		ids = append(ids, c.ID)
	}
	return ids
}

func TestConflictAPIRead(t *testing.T) {
	t.Parallel()
	e := newActivityEnv(t)
	fx := newConflictFixture(e)
	pair, signal := fx.pair.ID, fx.signal.ID

	t.Run("one conflict, in the caller's language", func(t *testing.T) {
		for _, loc := range []string{i18n.ZH, i18n.EN} {
			var got conflictOut
			e.run(t, scenario{method: "GET", path: "/api/v1/conflicts/" + pair, as: "rep", status: http.StatusOK,
				header: map[string]string{"Accept-Language": loc}}).decode(t, &got)
			d := fx.pair.Detail
			want := conflictOut{ID: pair, CustomerID: fx.mine.ID, Rule: customer.RuleStatusPair,
				Message: e.cat.T(loc, d.Key, d.Args...), Code: "conflict.detail.status_pair",
				UserIDs:   []string{e.account("rep").ID, e.account("manager").ID},
				CreatedAt: t0.Add(48 * time.Hour)}
			if !sameConflict(got, want) {
				t.Errorf("%s: conflict = %+v\nwant %+v", loc, got, want)
			}
			for _, part := range []string{"Hang 杭州销售", "已报价待确认", "Mei 浙江经理", "需求模糊需再沟通", "7"} {
				if !strings.Contains(got.Message, part) {
					t.Errorf("%s: message %q does not name %q", loc, got.Message, part)
				}
			}
		}
		var got conflictOut
		e.get(t, "manager", "/api/v1/conflicts/"+signal, &got)
		if got.Rule != customer.RuleFollowUpSignal || got.FollowUpID != fx.followUp.ID ||
			got.Code != "conflict.detail.followup_tag" || !slices.Equal(got.UserIDs, []string{e.account("rep3").ID}) {
			t.Errorf("follow-up conflict = %+v, want the signal of follow-up %s", got, fx.followUp.ID)
		}
	})

	t.Run("lists by scope", func(t *testing.T) {
		for _, tc := range []struct {
			as   string
			want []string
		}{
			{"rep", []string{pair}},
			{"rep3", []string{signal}},
			{"rep2", nil},
			{"manager", []string{signal, pair}},
			{"director", []string{signal, pair}},
			{"admin", []string{signal, pair}},
		} {
			if got := e.conflictIDs(t, tc.as, "/api/v1/conflicts"); !slices.Equal(got, tc.want) {
				t.Errorf("%s's conflicts = %v, want %v (newest first)", tc.as, got, tc.want)
			}
		}
		for _, as := range []string{"presales", "legal", "finance", "warehouse"} {
			checkProblem(t, e.send(t, scenario{method: "GET", path: "/api/v1/conflicts", as: as}),
				http.StatusForbidden)
			checkProblem(t, e.send(t, scenario{method: "GET", path: "/api/v1/conflicts/" + pair, as: as}),
				http.StatusForbidden)
		}
		checkProblem(t, e.send(t, scenario{method: "GET", path: "/api/v1/conflicts"}), http.StatusUnauthorized)
	})

	t.Run("one by scope", func(t *testing.T) {
		for _, tc := range []struct {
			as, id string
			status int
		}{
			{"rep", pair, http.StatusOK},
			{"rep", signal, http.StatusNotFound},
			{"rep3", pair, http.StatusNotFound},
			{"rep2", pair, http.StatusNotFound},
			{"manager", signal, http.StatusOK},
			{"director", pair, http.StatusOK},
			{"admin", store.NewID(t0), http.StatusNotFound},
			{"admin", "nope", http.StatusNotFound},
			{"", pair, http.StatusUnauthorized},
		} {
			r := e.run(t, scenario{method: "GET", path: "/api/v1/conflicts/" + tc.id, as: tc.as, status: tc.status})
			if tc.status != http.StatusOK {
				checkProblem(t, r, tc.status)
			}
		}
	})

	t.Run("filters and pages", func(t *testing.T) {
		if got := e.conflictIDs(t, "manager", "/api/v1/conflicts?customer="+fx.theirs.ID); !slices.Equal(got,
			[]string{signal}) {
			t.Errorf("conflicts of %s = %v, want %s", fx.theirs.ID, got, signal)
		}
		if got := e.conflictIDs(t, "rep", "/api/v1/conflicts?customer="+fx.theirs.ID); len(got) != 0 {
			t.Errorf("rep filters by rep3's customer and gets %v, want nothing", got)
		}
		var first, second listOut[conflictOut]
		e.get(t, "manager", "/api/v1/conflicts?limit=1", &first)
		if len(first.Items) != 1 || first.Items[0].ID != signal || first.NextCursor == nil ||
			*first.NextCursor == "" {
			t.Fatalf("first page = %+v, want the newest and a cursor", first)
		}
		e.get(t, "manager", "/api/v1/conflicts?limit=1&cursor="+*first.NextCursor, &second)
		if len(second.Items) != 1 || second.Items[0].ID != pair {
			t.Errorf("second page = %+v, want %s", second, pair)
		}
		for query, field := range map[string]string{"resolved=yes": "resolved", "limit=0": "limit",
			"cursor=bogus": "cursor"} {
			checkProblem(t, e.send(t, scenario{method: "GET", path: "/api/v1/conflicts?" + query, as: "manager"}),
				http.StatusUnprocessableEntity, field)
		}
	})
}

// sameConflict compares what a fixture can know.
func sameConflict(got, want conflictOut) bool {
	return got.ID == want.ID && got.CustomerID == want.CustomerID && got.Rule == want.Rule &&
		got.Message == want.Message && got.Code == want.Code && slices.Equal(got.UserIDs, want.UserIDs) &&
		got.FollowUpID == want.FollowUpID && got.CreatedAt.Equal(want.CreatedAt) &&
		(got.ResolvedAt == nil) == (want.ResolvedAt == nil) && got.ResolvedBy == want.ResolvedBy &&
		got.ResolutionReason == want.ResolutionReason
}

func TestConflictAPIResolve(t *testing.T) {
	t.Parallel()
	e := newActivityEnv(t)
	fx := newConflictFixture(e)
	path := func(id string) string { return "/api/v1/conflicts/" + id + "/resolve" }
	why := map[string]string{"reason": "客户在等新报价，状态改回已报价"}
	for _, tc := range []refusal{
		{name: "anonymous", id: fx.pair.ID, body: why, status: http.StatusUnauthorized},
		{name: "a colleague's customer", as: "rep3", id: fx.pair.ID, body: why, status: http.StatusNotFound},
		{name: "another region", as: "rep2", id: fx.pair.ID, body: why, status: http.StatusNotFound},
		{name: "presales", as: "presales", id: fx.pair.ID, body: why, status: http.StatusNotFound},
		{name: "legal", as: "legal", id: fx.pair.ID, body: why, status: http.StatusNotFound},
		{name: "unknown", as: "admin", id: store.NewID(t0), body: why, status: http.StatusNotFound},
		{name: "no reason", as: "rep", id: fx.pair.ID, body: `{}`, status: http.StatusUnprocessableEntity,
			code: "conflict.error.reason_required"},
		{name: "a blank reason", as: "rep", id: fx.pair.ID, body: `{"reason": "  "}`,
			status: http.StatusUnprocessableEntity, code: "conflict.error.reason_required"},
		{name: "reason too long", as: "rep", id: fx.pair.ID,
			body:   map[string]string{"reason": strings.Repeat("因", 501)},
			status: http.StatusUnprocessableEntity, code: "customer.error.too_long"},
		{name: "unknown member", as: "rep", id: fx.pair.ID, body: `{"note": "x"}`,
			status: http.StatusUnprocessableEntity, code: "problem.field_unknown"},
		{name: "no body", as: "rep", id: fx.pair.ID, status: http.StatusBadRequest, code: "problem.json_required"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := e.refuse(t, scenario{method: "POST", path: path(tc.id), as: tc.as, body: tc.body}, tc.status,
				tc.code)
			if tc.status == http.StatusUnprocessableEntity && tc.code != "problem.field_unknown" {
				checkProblem(t, r, tc.status, "reason")
			}
		})
	}

	e.clk.Advance(time.Hour)
	var got conflictOut
	e.run(t, scenario{method: "POST", path: path(fx.pair.ID), as: "rep", body: why, status: http.StatusOK}).
		decode(t, &got)
	if got.ID != fx.pair.ID || got.ResolvedAt == nil || !got.ResolvedAt.Equal(e.clk.Now()) ||
		got.ResolvedBy != e.account("rep").ID || got.ResolutionReason != why["reason"] {
		t.Errorf("resolved = %+v, want resolved now by rep with the reason", got)
	}
	var c customerOut
	if e.get(t, "rep", "/api/v1/customers/"+fx.mine.ID, &c); c.Flagged {
		t.Errorf("the customer is still flagged with no open conflict")
	}
	if evs := e.customerEvents(t, fx.mine.ID, "customer.conflict_resolved"); len(evs) != 1 ||
		evs[0].Data["reason"] != why["reason"] {
		t.Errorf("conflict_resolved events = %+v, want one with the reason", evs)
	}
	e.refuse(t, scenario{method: "POST", path: path(fx.pair.ID), as: "manager", body: why}, http.StatusConflict,
		"conflict.error.already_resolved")

	if got := e.conflictIDs(t, "manager", "/api/v1/conflicts"); !slices.Equal(got, []string{fx.signal.ID}) {
		t.Errorf("open conflicts = %v, want only %s", got, fx.signal.ID)
	}
	if got := e.conflictIDs(t, "manager", "/api/v1/conflicts?resolved=true"); !slices.Equal(got,
		[]string{fx.signal.ID, fx.pair.ID}) {
		t.Errorf("all conflicts = %v, want both", got)
	}
	if got := e.conflictIDs(t, "rep", "/api/v1/conflicts?resolved=false"); len(got) != 0 {
		t.Errorf("rep's open conflicts = %v, want none", got)
	}

	// A manager of the region resolves a rep's conflict too.
	e.run(t, scenario{method: "POST", path: path(fx.signal.ID), as: "manager",
		body: map[string]string{"reason": "竞品只是询价"}, status: http.StatusOK,
		contains: []string{`"resolved_by":"` + e.account("manager").ID + `"`}})
}

// TestConflictNotifiesManagers: the managers of the region are told, in
// their own notifications and nobody else's.
func TestConflictNotifiesManagers(t *testing.T) {
	t.Parallel()
	e := newActivityEnv(t)
	fx := newConflictFixture(e)
	notes := e.notifications(t, "manager", "")
	if len(notes) != 2 {
		t.Fatalf("manager's notifications = %+v, want one per flagged customer", notes)
	}
	want := notificationOut{Kind: "customer.conflict", Subject: "customer/" + fx.mine.ID,
		Message: e.cat.T(i18n.ZH, "notify.customer.conflict", fx.mine.Name), Code: "notify.customer.conflict",
		Args: []any{fx.mine.Name}, At: fx.pair.CreatedAt}
	if !sameNotification(notes[1], want) {
		t.Errorf("older notification = %+v\nwant %+v", notes[1], want)
	}
	for _, as := range []string{"rep", "rep3", "director", "admin"} {
		if n := e.unread(t, as); n != 0 {
			t.Errorf("%s has %d unread notifications, want 0", as, n)
		}
	}
	checkProblem(t, e.send(t, scenario{method: "POST", path: "/api/v1/notifications/" + notes[0].ID + "/read",
		as: "rep"}), http.StatusNotFound)
}
