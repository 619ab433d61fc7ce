package web_test

import (
	"net/http"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/frontline-crm/frontline/app/customer"
	"github.com/frontline-crm/frontline/app/i18n"
)

// TestCustomerPageHealth: the customer page lists the radar's three
// scores and their reasons as text, with the points signed and marked,
// and leaves the chart box to radar.js (hidden without it).
func TestCustomerPageHealth(t *testing.T) {
	t.Parallel()
	e := newActivityEnv(t)
	c := e.seedCustomer("rep", customer.Input{Name: "杭州西湖数码"})
	page := "/customers/" + c.ID
	rep := e.signedIn("rep")

	r := rep.get(t, page)
	before := healthScores(t, r.body)
	if !strings.Contains(r.body, e.T(i18n.ZH, "health.none.competition")) {
		t.Errorf("a customer without follow-ups does not say there are no competitor signals")
	}
	at := e.clk.Now().Add(-time.Hour)
	due := e.clk.Now().AddDate(0, 0, 3)
	if _, err := e.cust.AddFollowUp(e.principal("rep"), customer.FollowUpInput{CustomerID: c.ID, Kind: "visit",
		OccurredAt: &at, Tags: []string{"询问交付周期", "竞品介入"}, NextStep: "发报价单", NextDue: &due}); err != nil {
		t.Fatal(err)
	}
	r = rep.get(t, page)
	checkHTML(t, r, http.StatusOK)
	after := healthScores(t, r.body)
	h, err := e.cust.Health(e.principal("rep"), c.ID)
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]int{customer.AxisDecisionChain: h.DecisionChain, customer.AxisUrgency: h.Urgency,
		customer.AxisCompetition: h.Competition}
	for axis, n := range want {
		if after[axis] != n {
			t.Errorf("%s on the page: got %d, want %d (Service.Health)", axis, after[axis], n)
		}
	}
	if after[customer.AxisUrgency] <= before[customer.AxisUrgency] {
		t.Errorf("urgency after a visit with 询问交付周期 and a step due in 3 days: got %d, want more than %d",
			after[customer.AxisUrgency], before[customer.AxisUrgency])
	}
	for _, want := range []string{
		`<div class="health-radar" data-radar data-max="100" hidden aria-hidden="true">`,
		e.T(i18n.ZH, "health.reason.urgent_tag_today", "询问交付周期"),
		e.T(i18n.ZH, "health.reason.role_missing", "决策人"),
		`<span class="health-points num">` + htmlEscape("+20") + `</span>`,
		`<span class="health-points num">−50</span>`,
		"/radar.js",
		"/vendor/echarts/echarts.min.js",
	} {
		if !strings.Contains(r.body, want) {
			t.Errorf("customer page lacks %q", want)
		}
	}
	bad := regexp.MustCompile(`(?s)<li class="health-reason is-bad">.{0,200}?alert-triangle`)
	if !bad.MatchString(r.body) {
		t.Errorf("a deduction is not marked with an icon")
	}
	// A rival's points raise the competition score: bad news, marked so.
	rival := regexp.MustCompile(`(?s)<li class="health-reason is-bad">.{0,200}?` +
		regexp.QuoteMeta(htmlEscape(e.cat.T(i18n.ZH, "health.reason.competitor_tag_today", "竞品介入", 1))))
	if !rival.MatchString(r.body) {
		t.Errorf("the competitor tag's points are not marked as bad news")
	}
	if strings.Contains(r.body, "<script>") || regexp.MustCompile(`\sstyle="`).MatchString(r.body) {
		t.Errorf("the page carries an inline script or style, which the CSP refuses")
	}
}

// healthScores reads the three scores from the customer page's text.
func healthScores(t *testing.T, body string) map[string]int {
	t.Helper()
	re := regexp.MustCompile(`data-radar-axis="(\w+)" data-name="[^"]*" data-score="(\d+)"`)
	out := map[string]int{}
	for _, m := range re.FindAllStringSubmatch(body, -1) {
		n, _ := strconv.Atoi(m[2])
		out[m[1]] = n
	}
	if len(out) != 3 {
		t.Fatalf("the page lists %d radar scores, want 3: %v", len(out), out)
	}
	return out
}
