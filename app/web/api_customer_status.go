package web

import (
	"time"

	"github.com/gofiber/fiber/v2"

	"github.com/frontline-crm/frontline/app/store"
)

// eventJSON is one entry of a customer's history. The client address the
// event keeps for the audit log is left out.
type eventJSON struct {
	ID      string         `json:"id"`
	Kind    string         `json:"kind"`
	At      time.Time      `json:"at"`
	ActorID string         `json:"actor_id"`
	Data    map[string]any `json:"data"`
}

func toEventJSON(e store.Event) eventJSON {
	data := e.Data
	if data == nil {
		data = map[string]any{}
	}
	return eventJSON{ID: e.ID, Kind: e.Kind, At: e.At, ActorID: e.ActorID, Data: data}
}

// apiCustomerStatus sets the customer's status; the change is kept as a
// customer.status event with from, to and reason.
func (s *Server) apiCustomerStatus(c *fiber.Ctx) error {
	var in struct {
		Status string `json:"status"`
		Reason string `json:"reason"`
	}
	if err := decodeJSON(c, &in); err != nil {
		return err
	}
	cu, err := s.Customers.ChangeStatus(current(c).Principal, c.Params("id"), in.Status, in.Reason)
	if err != nil {
		return err
	}
	return c.JSON(toCustomerJSON(cu))
}

// apiCustomerEvents is the customer's history, oldest first, in one page.
func (s *Server) apiCustomerEvents(c *fiber.Ctx) error {
	events, err := s.Customers.Events(current(c).Principal, c.Params("id"))
	if err != nil {
		return err
	}
	return c.JSON(list(mapEach(events, toEventJSON), ""))
}
