package web

import (
	"time"

	"github.com/gofiber/fiber/v2"

	"github.com/frontline-crm/frontline/app/customer"
	"github.com/frontline-crm/frontline/app/problem"
)

// followUpJSON is a follow-up as the API shows it.
type followUpJSON struct {
	ID          string             `json:"id"`
	CustomerID  string             `json:"customer_id"`
	ContactID   string             `json:"contact_id"`
	Kind        string             `json:"kind"`
	OccurredAt  time.Time          `json:"occurred_at"`
	DurationMin int                `json:"duration_min"`
	Tags        []string           `json:"tags"`
	AutoTags    []string           `json:"auto_tags"`
	Notes       string             `json:"notes"`
	NextStep    string             `json:"next_step"`
	NextDue     *time.Time         `json:"next_due"`
	Photos      []string           `json:"photos"`
	Location    *customer.Location `json:"location"`
	AuthorID    string             `json:"author_id"`
	CreatedAt   time.Time          `json:"created_at"`
	UpdatedAt   time.Time          `json:"updated_at"`
}

func toFollowUpJSON(f customer.FollowUp) followUpJSON {
	return followUpJSON{ID: f.ID, CustomerID: f.CustomerID, ContactID: f.ContactID, Kind: f.Kind,
		OccurredAt: f.OccurredAt, DurationMin: f.DurationMin, Tags: nonNil(f.Tags), AutoTags: nonNil(f.AutoTags),
		Notes: f.Notes, NextStep: f.NextStep, NextDue: f.NextDue, Photos: nonNil(f.Photos), Location: f.Location,
		AuthorID: f.AuthorID, CreatedAt: f.CreatedAt, UpdatedAt: f.UpdatedAt}
}

// followUpPatchBase is the input that saves f unchanged.
func followUpPatchBase(f customer.FollowUp) customer.FollowUpInput {
	return customer.FollowUpInput{CustomerID: f.CustomerID, ContactID: f.ContactID, Kind: f.Kind,
		OccurredAt: &f.OccurredAt, DurationMin: f.DurationMin, Tags: f.Tags, Notes: f.Notes,
		NextStep: f.NextStep, NextDue: f.NextDue, Photos: f.Photos, Location: f.Location}
}

func (s *Server) apiFollowUpCreate(c *fiber.Ctx) error {
	var in customer.FollowUpInput
	if err := decodeJSON(c, &in); err != nil {
		return err
	}
	f, err := s.Customers.AddFollowUp(current(c).Principal, in)
	if err != nil {
		return err
	}
	c.Location("/api/v1/followups/" + f.ID)
	return c.Status(fiber.StatusCreated).JSON(toFollowUpJSON(f))
}

// apiFollowUpList is a customer's follow-ups, newest first.
func (s *Server) apiFollowUpList(c *fiber.Ctx) error {
	req, err := pageRequest(c)
	if err != nil {
		return err
	}
	items, next, err := s.Customers.FollowUps(current(c).Principal, c.Params("id"), req)
	if err != nil {
		return badCursor(err)
	}
	return c.JSON(list(mapEach(items, toFollowUpJSON), next))
}

func (s *Server) apiFollowUpGet(c *fiber.Ctx) error {
	f, err := s.Customers.GetFollowUp(current(c).Principal, c.Params("id"))
	if err != nil {
		return err
	}
	return c.JSON(toFollowUpJSON(f))
}

// apiFollowUpUpdate applies the members the body names. A follow-up stays
// with its customer; auto_tags follow from the notes and are not input.
func (s *Server) apiFollowUpUpdate(c *fiber.Ctx) error {
	p := current(c).Principal
	old, err := s.Customers.GetFollowUp(p, c.Params("id"))
	if err != nil {
		return err
	}
	in, _, err := decodePatch(c, followUpPatchBase(old))
	if err != nil {
		return err
	}
	if in.CustomerID != old.CustomerID {
		var v problem.Validation
		v.Add("customer_id", "followup.error.customer_fixed")
		return v.Err()
	}
	f, err := s.Customers.UpdateFollowUp(p, old.ID, in)
	if err != nil {
		return err
	}
	return c.JSON(toFollowUpJSON(f))
}
