package web

import (
	"time"

	"github.com/gofiber/fiber/v2"

	"github.com/frontline-crm/frontline/app/customer"
)

// healthJSON is a customer's radar as the API shows it.
type healthJSON struct {
	DecisionChain int          `json:"decision_chain"`
	Urgency       int          `json:"urgency"`
	Competition   int          `json:"competition"`
	Reasons       []reasonJSON `json:"reasons"`
	ComputedAt    time.Time    `json:"computed_at"`
}

// reasonJSON is one reason of a score: its message in the caller's
// language, and its locale key as the code clients may match on.
type reasonJSON struct {
	Axis    string `json:"axis"`
	Code    string `json:"code"`
	Message string `json:"message"`
	Points  int    `json:"points"`
}

func (s *Server) toHealthJSON(locale string, h customer.Health) healthJSON {
	reasons := make([]reasonJSON, len(h.Reasons))
	for i, r := range h.Reasons {
		reasons[i] = reasonJSON{Axis: r.Axis, Code: r.Key, Message: s.Catalogs.T(locale, r.Key, r.Args...),
			Points: r.Points}
	}
	return healthJSON{DecisionChain: h.DecisionChain, Urgency: h.Urgency, Competition: h.Competition,
		Reasons: reasons, ComputedAt: h.ComputedAt}
}

// apiCustomerHealth is the radar of a customer the caller may see,
// computed now when the stored one is stale (docs/health.md).
func (s *Server) apiCustomerHealth(c *fiber.Ctx) error {
	h, err := s.Customers.Health(current(c).Principal, c.Params("id"))
	if err != nil {
		return err
	}
	return c.JSON(s.toHealthJSON(localeOf(c), h))
}
