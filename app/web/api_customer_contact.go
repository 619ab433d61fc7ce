package web

import (
	"time"

	"github.com/gofiber/fiber/v2"

	"github.com/frontline-crm/frontline/app/customer"
)

// contactJSON is a contact as the API shows it.
type contactJSON struct {
	ID           string    `json:"id"`
	CustomerID   string    `json:"customer_id"`
	Name         string    `json:"name"`
	Title        string    `json:"title"`
	Mobile       string    `json:"mobile"`
	Email        string    `json:"email"`
	WeChat       string    `json:"wechat"`
	DecisionRole string    `json:"decision_role"`
	CreatedAt    time.Time `json:"created_at"`
	UpdatedAt    time.Time `json:"updated_at"`
}

func toContactJSON(ct customer.Contact) contactJSON {
	return contactJSON{ID: ct.ID, CustomerID: ct.CustomerID, Name: ct.Name, Title: ct.Title,
		Mobile: ct.Mobile, Email: ct.Email, WeChat: ct.WeChat, DecisionRole: string(ct.DecisionRole),
		CreatedAt: ct.CreatedAt, UpdatedAt: ct.UpdatedAt}
}

func (s *Server) apiContactList(c *fiber.Ctx) error {
	items, err := s.Customers.Contacts(current(c).Principal, c.Params("id"))
	if err != nil {
		return err
	}
	return c.JSON(list(mapEach(items, toContactJSON), ""))
}

func (s *Server) apiContactCreate(c *fiber.Ctx) error {
	var in customer.ContactInput
	if err := decodeJSON(c, &in); err != nil {
		return err
	}
	ct, err := s.Customers.AddContact(current(c).Principal, c.Params("id"), in)
	if err != nil {
		return err
	}
	return c.Status(fiber.StatusCreated).JSON(toContactJSON(ct))
}

func (s *Server) apiContactUpdate(c *fiber.Ctx) error {
	p := current(c).Principal
	old, err := s.Customers.GetContact(p, c.Params("id"))
	if err != nil {
		return err
	}
	in, _, err := decodePatch(c, customer.ContactInput{Name: old.Name, Title: old.Title, Mobile: old.Mobile,
		Email: old.Email, WeChat: old.WeChat, DecisionRole: string(old.DecisionRole)})
	if err != nil {
		return err
	}
	ct, err := s.Customers.UpdateContact(p, old.ID, in)
	if err != nil {
		return err
	}
	return c.JSON(toContactJSON(ct))
}

func (s *Server) apiContactDelete(c *fiber.Ctx) error {
	if err := s.Customers.DeleteContact(current(c).Principal, c.Params("id")); err != nil {
		return err
	}
	return c.SendStatus(fiber.StatusNoContent)
}
