package web

import (
	"strings"
	"time"

	"github.com/gofiber/fiber/v2"

	"github.com/frontline-crm/frontline/app/customer"
	"github.com/frontline-crm/frontline/app/problem"
)

// customerJSON is a customer as the API shows it.
type customerJSON struct {
	ID           string         `json:"id"`
	Name         string         `json:"name"`
	CreditCode   string         `json:"credit_code"`
	Industry     string         `json:"industry"`
	RegionID     string         `json:"region_id"`
	Address      string         `json:"address"`
	Source       string         `json:"source"`
	OwnerID      string         `json:"owner_id"`
	Level        string         `json:"level"`
	ProductLines []string       `json:"product_lines"`
	Phone        string         `json:"phone"`
	Status       string         `json:"status"`
	Custom       map[string]any `json:"custom"`
	// Flagged is true while a status conflict of the customer is open.
	Flagged        bool       `json:"flagged"`
	LastFollowUpAt *time.Time `json:"last_followup_at,omitempty"`
	Archived       bool       `json:"archived"`
	CreatedAt      time.Time  `json:"created_at"`
	UpdatedAt      time.Time  `json:"updated_at"`
}

func toCustomerJSON(c customer.Customer) customerJSON {
	return customerJSON{ID: c.ID, Name: c.Name, CreditCode: c.CreditCode, Industry: c.Industry,
		RegionID: c.RegionID, Address: c.Address, Source: c.Source, OwnerID: c.OwnerID, Level: c.Level,
		ProductLines: nonNil(c.ProductLines), Phone: c.Phone, Status: c.Status, Custom: c.Custom,
		Flagged: c.Flagged, LastFollowUpAt: c.LastFollowUpAt, Archived: c.Archived,
		CreatedAt: c.CreatedAt, UpdatedAt: c.UpdatedAt}
}

// customerPatchBase is the Input that saves c unchanged, the base a PATCH
// applies its members to.
func customerPatchBase(c customer.Customer) customer.Input {
	return customer.Input{Name: c.Name, CreditCode: c.CreditCode, Industry: c.Industry, RegionID: c.RegionID,
		Address: c.Address, Source: c.Source, Level: c.Level, ProductLines: c.ProductLines, Phone: c.Phone,
		Custom: c.Custom}
}

func (s *Server) apiCustomerList(c *fiber.Ctx) error {
	req, err := pageRequest(c)
	if err != nil {
		return err
	}
	f, err := customerFilter(c)
	if err != nil {
		return err
	}
	items, next, err := s.Customers.List(current(c).Principal, f, req)
	if err != nil {
		return badCursor(err)
	}
	return c.JSON(list(mapEach(items, toCustomerJSON), next))
}

// customerFilter reads the list's query parameters: owner, region (and
// below), level, status, tag, q, and the switches pool, flagged (open
// status conflicts) and archived (archived customers instead, which only
// admins see).
func customerFilter(c *fiber.Ctx) (customer.Filter, error) {
	var v problem.Validation
	f := customer.Filter{
		OwnerID:  strings.TrimSpace(c.Query("owner")),
		RegionID: strings.TrimSpace(c.Query("region")),
		Level:    strings.ToUpper(strings.TrimSpace(c.Query("level"))),
		Status:   strings.TrimSpace(c.Query("status")),
		Tag:      strings.TrimSpace(c.Query("tag")),
		Query:    c.Query("q"),
		Pool:     queryBool(c, &v, "pool"),
		Flagged:  queryBool(c, &v, "flagged"),
		Archived: queryBool(c, &v, "archived"),
	}
	return f, v.Err()
}

func (s *Server) apiCustomerCreate(c *fiber.Ctx) error {
	var in customer.Input
	if err := decodeJSON(c, &in); err != nil {
		return err
	}
	cu, err := s.Customers.Create(current(c).Principal, in)
	if err != nil {
		return err
	}
	c.Location("/api/v1/customers/" + cu.ID)
	return c.Status(fiber.StatusCreated).JSON(toCustomerJSON(cu))
}

func (s *Server) apiCustomerGet(c *fiber.Ctx) error {
	cu, err := s.Customers.Get(current(c).Principal, c.Params("id"))
	if err != nil {
		return err
	}
	return c.JSON(toCustomerJSON(cu))
}

// apiCustomerUpdate applies the members the body names to the stored
// customer. Status and owner have their own actions, which keep their
// history, so naming them here is refused.
func (s *Server) apiCustomerUpdate(c *fiber.Ctx) error {
	p := current(c).Principal
	old, err := s.Customers.Get(p, c.Params("id"))
	if err != nil {
		return err
	}
	in, has, err := decodePatch(c, customerPatchBase(old))
	if err != nil {
		return err
	}
	var v problem.Validation
	if has["status"] {
		v.Add("status", "customer.error.status_by_action")
	}
	if has["owner_id"] {
		v.Add("owner_id", "customer.error.owner_by_action")
	}
	if err := v.Err(); err != nil {
		return err
	}
	cu, err := s.Customers.Update(p, old.ID, in)
	if err != nil {
		return err
	}
	return c.JSON(toCustomerJSON(cu))
}

// apiCustomerArchive is DELETE: the customer is archived, not erased, so
// its history stays and an admin can restore it.
func (s *Server) apiCustomerArchive(c *fiber.Ctx) error {
	if err := s.Customers.Archive(current(c).Principal, c.Params("id")); err != nil {
		return err
	}
	return c.SendStatus(fiber.StatusNoContent)
}

func (s *Server) apiCustomerRestore(c *fiber.Ctx) error {
	p := current(c).Principal
	if err := s.Customers.Restore(p, c.Params("id")); err != nil {
		return err
	}
	cu, err := s.Customers.Get(p, c.Params("id"))
	if err != nil {
		return err
	}
	return c.JSON(toCustomerJSON(cu))
}

// mapEach converts every item of a list.
func mapEach[T, U any](items []T, f func(T) U) []U {
	out := make([]U, len(items))
	for i, it := range items {
		out[i] = f(it)
	}
	return out
}

// nonNil makes a missing list an empty one, so JSON shows [] not null.
func nonNil[T any](s []T) []T {
	if s == nil {
		return []T{}
	}
	return s
}
