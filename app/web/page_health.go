package web

import (
	"strconv"
	"time"

	"github.com/frontline-crm/frontline/app/access"
	"github.com/frontline-crm/frontline/app/customer"
)

// healthCard is the customer page's health radar (客户健康度): the three
// scores, which radar.js draws, and the reasons behind each, which are
// the chart's table and all a page without scripts shows.
type healthCard struct {
	Axes       []healthAxis
	ComputedAt time.Time
}

// healthAxis is one score with its reasons, in the rules' order.
type healthAxis struct {
	Axis  string // customer.AxisUrgency, …
	Label string // locale key of the axis name
	// None is what the page says when no reason applies: a locale key in
	// healthAxes, its text once translated.
	None    string
	Score   int
	Reasons []healthReason
}

// healthReason is one reason, translated, with its signed points as
// people write them ("−25", "+20").
type healthReason struct {
	Text   string
	Points string
	// Tone is how the reason reads for the sale: "good" or "bad". A
	// competitor's points raise the competition score, which is bad news.
	Tone string
}

// healthAxes are the radar's axes in the order the page lists them and
// radar.js draws them.
var healthAxes = []healthAxis{
	{Axis: customer.AxisDecisionChain, Label: "health.axis.decision_chain", None: "health.none.decision_chain"},
	{Axis: customer.AxisUrgency, Label: "health.axis.urgency", None: "health.none.urgency"},
	{Axis: customer.AxisCompetition, Label: "health.axis.competition", None: "health.none.competition"},
}

// health loads a customer's radar as the page shows it.
func (s *Server) health(v *View, p *access.Principal, id string) (healthCard, error) {
	h, err := s.Customers.Health(p, id)
	if err != nil {
		return healthCard{}, err
	}
	return newHealthCard(v, h), nil
}

func newHealthCard(v *View, h customer.Health) healthCard {
	card := healthCard{ComputedAt: h.ComputedAt}
	scores := map[string]int{customer.AxisDecisionChain: h.DecisionChain, customer.AxisUrgency: h.Urgency,
		customer.AxisCompetition: h.Competition}
	for _, ax := range healthAxes {
		ax.Score, ax.None = scores[ax.Axis], v.T(ax.None)
		for _, r := range h.Reasons {
			if r.Axis == ax.Axis && r.Points != 0 {
				ax.Reasons = append(ax.Reasons, healthReason{Text: v.T(r.Key, r.Args...),
					Points: signedPoints(r.Points), Tone: reasonTone(r)})
			}
		}
		card.Axes = append(card.Axes, ax)
	}
	return card
}

// reasonTone: points taken off are bad news, points added good news,
// except on the competition axis, where every point is a rival's.
func reasonTone(r customer.Reason) string {
	if r.Points < 0 || r.Axis == customer.AxisCompetition {
		return "bad"
	}
	return "good"
}

// signedPoints writes points with a plus or a true minus sign (−, not -).
func signedPoints(n int) string {
	if n < 0 {
		return "−" + strconv.Itoa(-n)
	}
	return "+" + strconv.Itoa(n)
}
