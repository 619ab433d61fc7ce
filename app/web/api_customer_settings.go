package web

import (
	"github.com/gofiber/fiber/v2"

	"github.com/frontline-crm/frontline/app/customer"
)

// apiCustomerSettings gives the statuses, tags, keywords and custom
// fields to every signed-in user: forms and clients need the lists.
func (s *Server) apiCustomerSettings(c *fiber.Ctx) error {
	set, err := s.Customers.Settings()
	if err != nil {
		return err
	}
	return c.JSON(settingsJSON(set))
}

// apiCustomerSettingsSave replaces the settings (admins).
func (s *Server) apiCustomerSettingsSave(c *fiber.Ctx) error {
	var in customer.Settings
	if err := decodeJSON(c, &in); err != nil {
		return err
	}
	set, err := s.Customers.SaveSettings(current(c).Principal, in)
	if err != nil {
		return err
	}
	return c.JSON(settingsJSON(set))
}

// settingsJSON shows empty lists as [] and {}, never null.
func settingsJSON(set customer.Settings) customer.Settings {
	set.Statuses, set.Tags, set.Fields = nonNil(set.Statuses), nonNil(set.Tags), nonNil(set.Fields)
	if set.Keywords == nil {
		set.Keywords = map[string]string{}
	}
	return set
}
