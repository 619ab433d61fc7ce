package customer

import (
	"reflect"
	"testing"
	"time"

	"github.com/frontline-crm/frontline/app/access"
	"github.com/frontline-crm/frontline/app/problem"
)

// touch is one follow-up of a health case: how many days ago it occurred,
// whom it named, its tags and notes, and a next step due dueIn days from
// now (nil: none).
type touch struct {
	ago   int
	role  DecisionRole
	tags  []string
	notes string
	dueIn *int
}

// healthCase builds a customer with contacts in roles and follow-ups,
// all with the default rules, and expects one score and, when given, the
// reasons of that score.
type healthCase struct {
	name    string
	roles   []DecisionRole
	touches []touch
	want    int
	reasons []Reason
}

func runHealthCases(t *testing.T, axis string, cases []healthCase) {
	t.Helper()
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			e := newRadarEnv(t)
			h := e.build(tc)
			got := map[string]int{AxisDecisionChain: h.DecisionChain, AxisUrgency: h.Urgency,
				AxisCompetition: h.Competition}[axis]
			if got != tc.want {
				t.Errorf("%s = %d, want %d; reasons %+v", axis, got, tc.want, h.Reasons)
			}
			if tc.reasons == nil {
				return
			}
			if gotR := reasonsOf(h, axis); !reflect.DeepEqual(gotR, tc.reasons) {
				t.Errorf("%s reasons =\n  %+v\nwant\n  %+v", axis, gotR, tc.reasons)
			}
		})
	}
}

// build makes the case's customer and returns its health as Health
// reports it.
func (e *radarEnv) build(tc healthCase) Health {
	e.t.Helper()
	c := e.customer("repA", "杭州", StatusFollowing)
	byRole := map[DecisionRole]string{}
	for _, r := range tc.roles {
		byRole[r] = e.contact(c.ID, r).ID
	}
	for _, tch := range tc.touches {
		in := FollowUpInput{CustomerID: c.ID, ContactID: byRole[tch.role], Tags: tch.tags,
			Notes: tch.notes}
		if tch.dueIn != nil {
			due := e.clk.Now().Add(days(*tch.dueIn))
			in.NextStep, in.NextDue = "发报价单", &due
		}
		e.followUp(e.as["repA"], in, tch.ago)
	}
	h, err := e.svc.Health(e.as["repA"], c.ID)
	if err != nil {
		e.t.Fatalf("Health: %v", err)
	}
	return h
}

func reasonsOf(h Health, axis string) []Reason {
	out := []Reason{}
	for _, r := range h.Reasons {
		if r.Axis == axis {
			out = append(out, r)
		}
	}
	return out
}

var allRoles = []DecisionRole{DecisionMaker, TechnicalEvaluator, Procurement, Finance}

// touchAll names every role of allRoles, ago days before now.
func touchAll(ago int) []touch {
	var out []touch
	for _, r := range allRoles {
		out = append(out, touch{ago: ago, role: r})
	}
	return out
}

// The default weights: decision maker 50, technical evaluator 20,
// procurement 20, finance 10; an untouched role keeps half.
func TestHealthDecisionChain(t *testing.T) {
	dc := func(key string, points int, args ...any) Reason {
		return reason(AxisDecisionChain, "health.reason."+key, points, args...)
	}
	runHealthCases(t, AxisDecisionChain, []healthCase{
		{name: "no contacts", want: 0, reasons: []Reason{
			dc("role_missing", -50, "决策人"), dc("role_missing", -20, "技术评估"),
			dc("role_missing", -20, "采购"), dc("role_missing", -10, "财务")}},
		{name: "all roles touched yesterday", roles: allRoles, touches: touchAll(1), want: 100,
			reasons: []Reason{}},
		{name: "decision maker touched 31 days ago", roles: allRoles,
			touches: append(touchAll(1)[1:], touch{ago: 31, role: DecisionMaker}), want: 75,
			reasons: []Reason{dc("role_untouched", -25, "决策人", 30)}},
		{name: "decision maker touched 30 days ago still counts", roles: allRoles,
			touches: append(touchAll(1)[1:], touch{ago: 30, role: DecisionMaker}), want: 100},
		{name: "roles present but never touched", roles: allRoles, want: 50},
		{name: "two roles, one touched", roles: []DecisionRole{DecisionMaker, Procurement},
			touches: []touch{{ago: 3, role: Procurement}}, want: 45, reasons: []Reason{
				dc("role_untouched", -25, "决策人", 30), dc("role_missing", -20, "技术评估"),
				dc("role_missing", -10, "财务")}},
		{name: "roles outside the required ones do not count", roles: []DecisionRole{Influencer, User},
			touches: []touch{{ago: 1, role: Influencer}}, want: 0},
		{name: "a follow-up without a contact touches no role", roles: allRoles,
			touches: []touch{{ago: 1}}, want: 50},
	})
}

func ptrInt(n int) *int { return &n }

// The default urgency rules: base 30; 询问交付周期 +20, 预算已批 +25,
// 决策人参与 +10 within 30 days; next step due within 7 days +15, overdue
// +10; +5 per touch in 30 days up to 25; no touch in 14 days −30.
func TestHealthUrgency(t *testing.T) {
	u := func(key string, points int, args ...any) Reason {
		return reason(AxisUrgency, "health.reason."+key, points, args...)
	}
	runHealthCases(t, AxisUrgency, []healthCase{
		{name: "never followed up", want: 0, reasons: []Reason{u("base", 30), u("quiet", -30, 14)}},
		{name: "one plain call yesterday", touches: []touch{{ago: 1}}, want: 35,
			reasons: []Reason{u("base", 30), u("touches", 5, 30, 1)}},
		{name: "asks about delivery, budget approved", touches: []touch{{ago: 2, tags: []string{"询问交付周期", "预算已批"}}},
			want: 80, reasons: []Reason{u("base", 30), u("urgent_tag", 20, "询问交付周期", 2),
				u("urgent_tag", 25, "预算已批", 2), u("touches", 5, 30, 1)}},
		{name: "keyword in notes adds the tag", touches: []touch{{ago: 0, notes: "客户问交期能否提前"}}, want: 55},
		{name: "next step due in 3 days", touches: []touch{{ago: 1, dueIn: ptrInt(3)}}, want: 50,
			reasons: []Reason{u("base", 30), u("next_step_due", 15, "发报价单", 3), u("touches", 5, 30, 1)}},
		{name: "next step due in 10 days", touches: []touch{{ago: 1, dueIn: ptrInt(10)}}, want: 35},
		{name: "next step overdue by 2 days", touches: []touch{{ago: 5, dueIn: ptrInt(-2)}}, want: 45,
			reasons: []Reason{u("base", 30), u("next_step_overdue", 10, "发报价单", 2), u("touches", 5, 30, 1)}},
		{name: "touches count up to 25", touches: []touch{{ago: 1}, {ago: 2}, {ago: 3}, {ago: 4}, {ago: 5}, {ago: 6}},
			want: 55},
		{name: "quiet for 20 days", touches: []touch{{ago: 20}}, want: 5,
			reasons: []Reason{u("base", 30), u("touches", 5, 30, 1), u("quiet", -30, 14)}},
		{name: "tags older than 30 days do not count", touches: []touch{{ago: 40, tags: []string{"预算已批"}}},
			want: 0},
		{name: "clamped at 100", want: 100, touches: []touch{
			{ago: 1, tags: []string{"询问交付周期", "预算已批", "决策人参与"}, dueIn: ptrInt(2)},
			{ago: 2}, {ago: 3}, {ago: 4}, {ago: 5}}},
	})
}

// The default competition rules: 竞品介入 30, 技术方案对比 15, 价格异议 10,
// a mention of 友商/别家/其他厂家/其他供应商 15, each × (60 − days ago) / 60.
func TestHealthCompetition(t *testing.T) {
	c := func(key string, points int, args ...any) Reason {
		return reason(AxisCompetition, "health.reason."+key, points, args...)
	}
	runHealthCases(t, AxisCompetition, []healthCase{
		{name: "no signals", touches: []touch{{ago: 1}}, want: 0, reasons: []Reason{}},
		{name: "competitor today", touches: []touch{{ago: 0, tags: []string{"竞品介入"}}}, want: 30,
			reasons: []Reason{c("competitor_tag_today", 30, "竞品介入", 1)}},
		{name: "competitor 30 days ago is half", touches: []touch{{ago: 30, tags: []string{"竞品介入"}}}, want: 15},
		{name: "old competitor and a price objection today", want: 18, touches: []touch{
			{ago: 0, tags: []string{"价格异议"}}, {ago: 45, tags: []string{"竞品介入"}}},
			reasons: []Reason{c("competitor_tag", 8, "竞品介入", 1, 45), c("competitor_tag_today", 10, "价格异议", 1)}},
		{name: "competitor 61 days ago is gone", touches: []touch{{ago: 61, tags: []string{"竞品介入"}}}, want: 0},
		{name: "mention in notes", touches: []touch{{ago: 12, notes: "客户说友商也来拜访过"}}, want: 12,
			reasons: []Reason{c("competitor_mention", 12, "友商", 1, 12)}},
		{name: "repeated comparisons add up", want: 27, touches: []touch{
			{ago: 0, tags: []string{"技术方案对比"}}, {ago: 12, tags: []string{"技术方案对比"}}},
			reasons: []Reason{c("competitor_tag_today", 27, "技术方案对比", 2)}},
		{name: "keyword tag from notes", touches: []touch{{ago: 0, notes: "对手报价更低"}}, want: 30},
		{name: "clamped at 100", want: 100, touches: []touch{
			{ago: 0, tags: []string{"竞品介入", "技术方案对比", "价格异议"}, notes: "别家"},
			{ago: 1, tags: []string{"竞品介入", "技术方案对比", "价格异议"}, notes: "其他厂家"}}},
	})
}

// TestHealthStoredWithEachChange follows the stored radar through the
// changes that move it.
func TestHealthStoredWithEachChange(t *testing.T) {
	e := newRadarEnv(t)
	c := e.customer("repA", "杭州", StatusFollowing)
	dm := e.contact(c.ID, DecisionMaker)
	if got := e.stored(c.ID).DecisionChain; got != 25 {
		t.Fatalf("after AddContact: decision chain = %d, want 25 (100 − 25 − 20 − 20 − 10)", got)
	}

	e.clk.Advance(time.Hour)
	e.followUp(e.as["repA"], FollowUpInput{CustomerID: c.ID, ContactID: dm.ID, Tags: []string{"竞品介入"}}, 0)
	h := e.stored(c.ID)
	if h.DecisionChain != 50 || h.Urgency != 35 || h.Competition != 30 {
		t.Errorf("after AddFollowUp: %d/%d/%d, want 50/35/30", h.DecisionChain, h.Urgency, h.Competition)
	}
	if !h.ComputedAt.Equal(e.clk.Now()) {
		t.Errorf("computed at %v, want %v", h.ComputedAt, e.clk.Now())
	}

	e.clk.Advance(time.Hour)
	if _, err := e.svc.AddContact(e.as["repA"], c.ID, ContactInput{Name: "王工", DecisionRole: "finance"}); err != nil {
		t.Fatal(err)
	}
	if got := e.stored(c.ID).DecisionChain; got != 55 {
		t.Errorf("after adding finance: decision chain = %d, want 55", got)
	}

	e.clk.Advance(time.Hour)
	if _, err := e.svc.ChangeStatus(e.as["repA"], c.ID, StatusQuoted, ""); err != nil {
		t.Fatal(err)
	}
	if got := e.stored(c.ID).ComputedAt; !got.Equal(e.clk.Now()) {
		t.Errorf("after ChangeStatus: computed at %v, want %v", got, e.clk.Now())
	}

	if err := e.svc.DeleteContact(e.as["repA"], dm.ID); err != nil {
		t.Fatal(err)
	}
	if got := e.stored(c.ID).DecisionChain; got != 5 {
		t.Errorf("after deleting the decision maker: decision chain = %d, want 5", got)
	}
}

// TestHealthEditedFollowUp: moving a follow-up out of the window moves
// the scores with it.
func TestHealthEditedFollowUp(t *testing.T) {
	e := newRadarEnv(t)
	c := e.customer("repA", "杭州", StatusFollowing)
	f := e.followUp(e.as["repA"], FollowUpInput{CustomerID: c.ID, Tags: []string{"竞品介入"}}, 0)
	if got := e.stored(c.ID).Competition; got != 30 {
		t.Fatalf("competition = %d, want 30", got)
	}
	old := e.clk.Now().Add(-days(45))
	_, err := e.svc.UpdateFollowUp(e.as["repA"], f.ID, FollowUpInput{Kind: "call", OccurredAt: &old,
		Tags: []string{"竞品介入"}})
	if err != nil {
		t.Fatal(err)
	}
	if got := e.stored(c.ID).Competition; got != 8 {
		t.Errorf("after moving it 45 days back: competition = %d, want 8", got)
	}
}

// TestHealthRecomputedWhenStale: a stored radar older than a day, or than
// the rules, is recomputed by Health.
func TestHealthRecomputedWhenStale(t *testing.T) {
	e := newRadarEnv(t)
	c := e.customer("repA", "杭州", StatusFollowing)
	e.followUp(e.as["repA"], FollowUpInput{CustomerID: c.ID, Tags: []string{"竞品介入"}}, 0)

	rules := DefaultHealthRules()
	rules.Competition.Tags[0].Points = 60
	if _, err := e.svc.SaveHealthRules(e.as["admin"], rules); err != nil {
		t.Fatal(err)
	}
	h, err := e.svc.Health(e.as["repA"], c.ID)
	if err != nil {
		t.Fatal(err)
	}
	if h.Competition != 60 {
		t.Errorf("with 竞品介入 at 60: competition = %d, want 60", h.Competition)
	}

	e.clk.Advance(days(30))
	if h, _ = e.svc.Health(e.as["repA"], c.ID); h.Competition != 30 {
		t.Errorf("30 days on: competition = %d, want 30", h.Competition)
	}
}

func TestHealthScope(t *testing.T) {
	e := newRadarEnv(t)
	c := e.customer("repA", "杭州", StatusFollowing)
	for _, who := range []string{"repA", "manager", "director", "presales"} {
		if _, err := e.svc.Health(e.as[who], c.ID); err != nil {
			t.Errorf("Health as %s: %v", who, err)
		}
	}
	for _, who := range []string{"repB", "repSZ", "managerSouth"} {
		_, err := e.svc.Health(e.as[who], c.ID)
		wantKind(t, err, problem.KindNotFound, "", "")
	}
}

func TestSaveHealthRules(t *testing.T) {
	e := newRadarEnv(t)
	_, err := e.svc.SaveHealthRules(e.as["manager"], DefaultHealthRules())
	wantKind(t, err, problem.KindForbidden, "", "")

	bad := []struct {
		name        string
		change      func(*HealthRules)
		field, want string
	}{
		{"weights", func(r *HealthRules) { r.DecisionChain.Roles[0].Weight = 30 },
			"decision_chain.roles", "health.error.weights_sum"},
		{"unknown role", func(r *HealthRules) { r.DecisionChain.Roles[0].Role = "ceo" },
			"decision_chain.roles", "health.error.role_invalid"},
		{"window", func(r *HealthRules) { r.Urgency.WindowDays = 0 }, "urgency", "health.error.days_invalid"},
		{"partial", func(r *HealthRules) { r.DecisionChain.PartialPercent = 120 },
			"decision_chain.partial_percent", "health.error.percent_invalid"},
		{"unknown tag", func(r *HealthRules) { r.Competition.Tags[0].Tag = "没有这个标签" },
			"competition.tags", "health.error.tag_unknown"},
		{"points", func(r *HealthRules) { r.Urgency.Tags[0].Points = 500 }, "urgency.tags", "health.error.points_invalid"},
	}
	for _, tc := range bad {
		t.Run(tc.name, func(t *testing.T) {
			r := DefaultHealthRules()
			tc.change(&r)
			_, err := e.svc.SaveHealthRules(access.SystemPrincipal, r)
			wantKind(t, err, problem.KindValidation, tc.field, tc.want)
		})
	}

	r := DefaultHealthRules()
	r.Competition.Keywords = append(r.Competition.Keywords, " 某某科技 ", "")
	saved, err := e.svc.SaveHealthRules(e.as["admin"], r)
	if err != nil {
		t.Fatal(err)
	}
	got, err := e.svc.HealthRules()
	if err != nil || !reflect.DeepEqual(got, saved) {
		t.Errorf("HealthRules() = %+v, %v; want what was saved", got, err)
	}
	if kw := got.Competition.Keywords; kw[len(kw)-1] != "某某科技" {
		t.Errorf("keywords = %v, want the new one trimmed and the empty one dropped", kw)
	}
}

// TestHealthWorkedExample is the worked example of docs/health.md.
func TestHealthWorkedExample(t *testing.T) {
	e := newRadarEnv(t)
	c := e.customer("repA", "杭州", StatusFollowing)
	zhang := e.contact(c.ID, DecisionMaker)
	li := e.contact(c.ID, TechnicalEvaluator)
	wang := e.contact(c.ID, Procurement)
	rep := e.as["repA"]
	e.followUp(rep, FollowUpInput{CustomerID: c.ID, ContactID: zhang.ID, Tags: []string{"竞品介入"}}, 41)
	e.followUp(rep, FollowUpInput{CustomerID: c.ID, ContactID: wang.ID, Tags: []string{"价格异议"},
		Notes: "友商也在报价"}, 10)
	due := e.clk.Now().Add(days(3))
	e.followUp(rep, FollowUpInput{CustomerID: c.ID, ContactID: li.ID, Tags: []string{"技术方案对比", "询问交付周期"},
		NextStep: "发技术方案", NextDue: &due}, 2)

	h, err := e.svc.Health(rep, c.ID)
	if err != nil {
		t.Fatal(err)
	}
	if h.DecisionChain != 65 || h.Urgency != 75 || h.Competition != 46 {
		t.Errorf("scores = %d/%d/%d, want 65/75/46", h.DecisionChain, h.Urgency, h.Competition)
	}
	want := []Reason{
		reason(AxisDecisionChain, "health.reason.role_untouched", -25, "决策人", 30),
		reason(AxisDecisionChain, "health.reason.role_missing", -10, "财务"),
		reason(AxisUrgency, "health.reason.base", 30),
		reason(AxisUrgency, "health.reason.urgent_tag", 20, "询问交付周期", 2),
		reason(AxisUrgency, "health.reason.next_step_due", 15, "发技术方案", 3),
		reason(AxisUrgency, "health.reason.touches", 10, 30, 2),
		reason(AxisCompetition, "health.reason.competitor_tag", 10, "竞品介入", 1, 41),
		reason(AxisCompetition, "health.reason.competitor_tag", 15, "技术方案对比", 1, 2),
		reason(AxisCompetition, "health.reason.competitor_tag", 8, "价格异议", 1, 10),
		reason(AxisCompetition, "health.reason.competitor_mention", 13, "友商", 1, 10),
	}
	if !reflect.DeepEqual(h.Reasons, want) {
		t.Errorf("reasons =\n  %+v\nwant\n  %+v", h.Reasons, want)
	}
}
