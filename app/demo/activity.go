package demo

import (
	"math/rand/v2"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/frontline-crm/frontline/app/access"
	"github.com/frontline-crm/frontline/app/customer"
)

// cst is China Standard Time, the working day the demo's history follows.
var cst = time.FixedZone("CST", 8*3600)

// step is one thing that happens to a customer: a follow-up or a status
// statement, by someone, recorded at a time.
type step struct {
	at      time.Time
	by      *access.Principal
	fu      *customer.FollowUpInput
	contact int    // index into the company's contacts for fu, or -1
	status  string // a statement when fu is nil
	reason  string
}

// The ends a customer's story can reach.
const (
	fateNew       = customer.StatusNew
	fateFollowing = customer.StatusFollowing
	fateQuoted    = customer.StatusQuoted
	fateUnclear   = customer.StatusUnclear
	fateWon       = customer.StatusWon
	fateLost      = customer.StatusLost
)

func drawFate(r *rand.Rand, pool bool) string {
	if pool {
		return weighted(r, []string{fateNew, fateFollowing, fateUnclear}, []int{60, 30, 10})
	}
	return weighted(r, []string{fateWon, fateLost, fateQuoted, fateFollowing, fateUnclear, fateNew},
		[]int{15, 10, 25, 32, 10, 8})
}

// createdAt is when a customer entered the system: two weeks to five
// months ago, in office hours.
func createdAt(r *rand.Rand, now time.Time) time.Time {
	t := now.Add(-time.Duration(14+r.IntN(137)) * 24 * time.Hour)
	return officeHours(r, t, time.Time{}, now)
}

// plot is a customer's story while it is drawn.
type plot struct {
	r                  *rand.Rand
	cr                 *crew
	now                time.Time
	fate               string
	owner              *access.Principal // who states the customer's status
	k                  int               // follow-ups
	quoteAt, unclearAt int               // after which follow-up, or -1
	steps              []step
}

// plan is a customer's story: k follow-ups between created and now, and
// the status statements along the way, in time order.
func plan(r *rand.Rand, c *company, cr *crew, k int, created, now time.Time) []step {
	p := &plot{r: r, cr: cr, now: now, fate: drawFate(r, c.pool), owner: cr.owner, k: k,
		quoteAt: -1, unclearAt: -1}
	if c.pool {
		p.owner = cr.toucher
	}
	if k >= 3 && slices.Contains([]string{fateQuoted, fateUnclear, fateWon, fateLost}, p.fate) {
		p.quoteAt = k / 2
	}
	if p.fate == fateUnclear {
		p.unclearAt = max(p.quoteAt+1, 2*k/3)
	}
	for j, t := range touchTimes(r, k, created, now) {
		by := author(r, c, cr)
		p.steps = append(p.steps, followUp(r, c, by, cr, stageOf(c, p.fate, j, k, p.quoteAt), t))
		p.statements(j, t, by)
	}
	slices.SortStableFunc(p.steps, func(a, b step) int { return a.at.Compare(b.at) })
	return dropRepeats(p.steps)
}

// statements adds what people state after the j-th follow-up, recorded
// at t by by: interest after the first, a quote at the middle (which
// someone else sometimes contradicts within days), the end at the last.
func (p *plot) statements(j int, t time.Time, by *access.Principal) {
	switch {
	case j == 0 && p.fate != fateNew:
		p.say(t.Add(20*time.Minute), by, fateFollowing)
	case j == p.quoteAt:
		p.say(t.Add(30*time.Minute), p.owner, fateQuoted)
		if p.fate != fateUnclear && p.r.IntN(4) == 0 {
			p.say(t.Add(time.Duration(24+p.r.IntN(5*24))*time.Hour), p.cr.second, fateUnclear)
		}
	case j == p.unclearAt:
		p.say(t.Add(30*time.Minute), p.owner, fateUnclear)
	}
	if j == p.k-1 && (p.fate == fateWon || p.fate == fateLost) {
		p.say(t.Add(40*time.Minute), p.owner, p.fate)
	}
}

// say adds a status statement, at the latest a minute before now.
func (p *plot) say(at time.Time, by *access.Principal, status string) {
	if latest := p.now.Add(-time.Minute); at.After(latest) {
		at = latest
	}
	reason := pick(p.r, statusReasons[status])
	p.steps = append(p.steps, step{at: at, by: by, status: status, reason: reason})
}

// dropRepeats removes statements of the status the customer already has.
func dropRepeats(steps []step) []step {
	current := customer.StatusNew
	return slices.DeleteFunc(steps, func(s step) bool {
		if s.fu != nil {
			return false
		}
		same := s.status == current
		current = s.status
		return same
	})
}

// touchTimes are k recording times between created and now, in order.
func touchTimes(r *rand.Rand, k int, created, now time.Time) []time.Time {
	from, to := created.Add(2*time.Hour), now.Add(-30*time.Minute)
	span := float64(to.Sub(from))
	times := make([]time.Time, k)
	for i := range times {
		times[i] = officeHours(r, from.Add(time.Duration(r.Float64()*span)), from, to)
	}
	slices.SortFunc(times, time.Time.Compare)
	return times
}

// officeHours moves t into a weekday's office hours, unless that would
// leave (lo, hi); a few touches stay on weekends. It always draws the
// same amount from r, so the data drawn after it does not depend on the
// time (Options.Seed promises the same data at any Now).
func officeHours(r *rand.Rand, t, lo, hi time.Time) time.Time {
	l := t.In(cst)
	moved := time.Date(l.Year(), l.Month(), l.Day(), 10+r.IntN(9), r.IntN(60), r.IntN(60), 0, cst)
	weekendWork := r.IntN(6) == 0
	if wd := moved.Weekday(); (wd == time.Saturday || wd == time.Sunday) && !weekendWork {
		moved = moved.AddDate(0, 0, -1-int(wd+1)%7) // back to Friday
	}
	if (!lo.IsZero() && !moved.After(lo)) || !moved.Before(hi) {
		return t
	}
	return moved
}

// author is who records a follow-up: mostly the owner, sometimes the
// manager on a joint visit or presales at a technical meeting.
func author(r *rand.Rand, c *company, cr *crew) *access.Principal {
	if c.pool {
		return cr.toucher
	}
	switch n := r.IntN(100); {
	case n < 8:
		return cr.presales
	case n < 18:
		return cr.second
	}
	return cr.owner
}

// stageOf is the stage of the j-th of k follow-ups.
func stageOf(c *company, fate string, j, k, quoteAt int) stage {
	switch {
	case c.pool && j%2 == 0:
		return poolStage
	case j == 0:
		return firstStage
	case j == k-1 && fate == fateWon:
		return wonStage
	case j == k-1 && fate == fateLost:
		return lostStage
	case quoteAt >= 0 && j >= quoteAt:
		return quoteStage
	}
	return earlyStage
}

// followUp writes one follow-up recorded at t, of stage sg (or of
// presales' own when they are the author).
func followUp(r *rand.Rand, c *company, by *access.Principal, cr *crew, sg stage, t time.Time) step {
	if by == cr.presales {
		sg = presalesStage
	}
	n := pick(r, sg.notes)
	kind := pick(r, n.kinds)
	dur := duration(r, kind)
	occurred := t.Add(-time.Duration(dur+5+r.IntN(60)) * time.Minute)
	st := step{at: t, by: by, contact: -1}
	if len(c.contacts) > 0 && r.IntN(5) > 0 {
		st.contact = r.IntN(len(c.contacts))
	}
	in := &customer.FollowUpInput{Kind: kind, OccurredAt: &occurred, DurationMin: dur,
		Notes: fill(r, c, st.contact, n.text), Tags: []string{}}
	for _, tag := range n.tags {
		if r.IntN(10) < 7 {
			in.Tags = append(in.Tags, tag)
		}
	}
	if by == cr.second && by != cr.presales && kind == "visit" {
		in.Notes = "陪同拜访：" + in.Notes
	}
	if len(sg.steps) > 0 && r.IntN(10) < 7 {
		in.NextStep = fill(r, c, st.contact, pick(r, sg.steps))
		day := occurred.In(cst)
		due := time.Date(day.Year(), day.Month(), day.Day()+1+r.IntN(10), 10, 0, 0, 0, cst)
		in.NextDue = &due
	}
	if kind == "visit" {
		in.Location = &customer.Location{Lat: c.city.lat + (r.Float64()-0.5)*0.16,
			Lng: c.city.lng + (r.Float64()-0.5)*0.16, Accuracy: float64(10 + r.IntN(50))}
	}
	st.fu = in
	return st
}

func duration(r *rand.Rand, kind string) int {
	switch kind {
	case "visit":
		return 30 + r.IntN(91)
	case "meeting":
		return 45 + r.IntN(106)
	case "call":
		return 3 + r.IntN(23)
	case "wechat":
		return r.IntN(11)
	}
	return 0
}

// fill replaces a template's placeholders (see note).
func fill(r *rand.Rand, c *company, contact int, text string) string {
	who := "对方"
	if contact >= 0 {
		who = c.contacts[contact].short
	} else if len(c.contacts) > 0 {
		who = c.contacts[0].short
	}
	return strings.NewReplacer(
		"{c}", who,
		"{p}", pick(r, c.products),
		"{x}", pick(r, competitors),
		"{n}", strconv.Itoa(2+r.IntN(8)),
		"{m}", strconv.Itoa(1+r.IntN(12)),
		"{w}", strconv.Itoa(20+r.IntN(281)),
	).Replace(text)
}
