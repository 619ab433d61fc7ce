package web

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/gofiber/fiber/v2"

	"github.com/frontline-crm/frontline/app/customer"
	"github.com/frontline-crm/frontline/app/org"
	"github.com/frontline-crm/frontline/app/problem"
)

// customerFormData is the one-column form that creates or edits a
// customer.
type customerFormData struct {
	Customer *customer.Customer // nil when creating
	Regions  []*org.TreeNode
	Statuses []customer.Status
	Levels   []string
	Fields   []customer.Field
	// Warning is the duplicate guard's message; Duplicates are the
	// similar customers it found, and the form then asks for a reason.
	Warning    string
	Duplicates []customer.Duplicate
	// ExistingID is the customer that already holds the credit code.
	ExistingID string
}

// customerFields are the plain inputs of the form, echoed after an error.
var customerFields = []string{"name", "credit_code", "region_id", "level", "status", "industry", "source",
	"phone", "address", "product_lines", "override_reason"}

func (s *Server) customerNewPage(c *fiber.Ctx) error {
	cur := current(c)
	if !mayCreateCustomer(cur.Principal) {
		return problem.Forbidden()
	}
	v := s.view(c, "customers.new_title", "customers")
	set, err := s.Customers.Settings()
	if err != nil {
		return err
	}
	v.Form["status"], v.Form["level"] = set.DefaultStatus, "B"
	if len(cur.User.Regions) > 0 {
		v.Form["region_id"] = cur.User.Regions[0]
	}
	return s.renderCustomerForm(c, fiber.StatusOK, v, nil, customerFormData{})
}

func (s *Server) customerEditPage(c *fiber.Ctx) error {
	cur := current(c)
	cu, err := s.Customers.Get(cur.Principal, c.Params("id"))
	if err != nil {
		return err
	}
	if !mayEdit(cur.Principal, cu) {
		return problem.Forbidden()
	}
	v := s.view(c, "customers.edit_title", "customers")
	fillCustomerForm(v, cu)
	return s.renderCustomerForm(c, fiber.StatusOK, v, &cu, customerFormData{})
}

// fillCustomerForm shows a stored customer in the form's fields.
func fillCustomerForm(v *View, cu customer.Customer) {
	f := v.Form
	f["name"], f["credit_code"], f["region_id"], f["level"] = cu.Name, cu.CreditCode, cu.RegionID, cu.Level
	f["status"], f["industry"], f["source"], f["phone"] = cu.Status, cu.Industry, cu.Source, cu.Phone
	f["address"], f["product_lines"] = cu.Address, strings.Join(cu.ProductLines, ", ")
	for key, val := range cu.Custom {
		f["custom."+key] = customText(val)
	}
}

// customText shows a stored custom value in an input: numbers without a
// trailing ".0", everything else as stored.
func customText(val any) string {
	if n, ok := val.(float64); ok {
		return strconv.FormatFloat(n, 'f', -1, 64)
	}
	return fmt.Sprint(val)
}

func (s *Server) renderCustomerForm(c *fiber.Ctx, status int, v *View, cu *customer.Customer,
	d customerFormData) error {
	set, err := s.Customers.Settings()
	if err != nil {
		return err
	}
	if d.Regions, err = s.placeableRegions(current(c).Principal); err != nil {
		return err
	}
	d.Customer, d.Statuses, d.Levels, d.Fields = cu, set.Statuses, customer.Levels, set.Fields
	v.Data = d
	return s.render(c, status, "customer_form", v)
}

func (s *Server) customerCreateSubmit(c *fiber.Ctx) error {
	set, err := s.Customers.Settings()
	if err != nil {
		return err
	}
	cu, err := s.Customers.Create(current(c).Principal, customerInput(c, set.Fields))
	if err != nil {
		return s.customerFormProblem(c, err, nil, set.Fields)
	}
	s.flash(c, "flash.customer_created")
	return seeOther(c, "/customers/"+cu.ID)
}

func (s *Server) customerUpdateSubmit(c *fiber.Ctx) error {
	cur := current(c)
	old, err := s.Customers.Get(cur.Principal, c.Params("id"))
	if err != nil {
		return err
	}
	set, err := s.Customers.Settings()
	if err != nil {
		return err
	}
	if _, err := s.Customers.Update(cur.Principal, old.ID, customerInput(c, set.Fields)); err != nil {
		return s.customerFormProblem(c, err, &old, set.Fields)
	}
	s.flash(c, "flash.customer_saved")
	return seeOther(c, "/customers/"+old.ID)
}

// customerInput reads the form. Custom fields are named custom.<key>;
// empty ones are left out, so the service treats them as not given.
func customerInput(c *fiber.Ctx, fields []customer.Field) customer.Input {
	in := customer.Input{Name: c.FormValue("name"), CreditCode: c.FormValue("credit_code"),
		Industry: c.FormValue("industry"), RegionID: c.FormValue("region_id"), Address: c.FormValue("address"),
		Source: c.FormValue("source"), Level: c.FormValue("level"), Phone: c.FormValue("phone"),
		ProductLines: splitList(c.FormValue("product_lines")), Status: c.FormValue("status"),
		OverrideReason: c.FormValue("override_reason"), Custom: map[string]any{}}
	for _, f := range fields {
		if val := strings.TrimSpace(c.FormValue("custom." + f.Key)); val != "" {
			in.Custom[f.Key] = val
		}
	}
	return in
}

// customerFormProblem shows the form again with what was typed and the
// errors next to their fields: validation errors, the duplicate warning
// (with the similar customers and a reason field) and the credit-code
// clash (with a link to the customer holding the code).
func (s *Server) customerFormProblem(c *fiber.Ctx, err error, old *customer.Customer,
	fields []customer.Field) error {
	pe, ok := problem.As(err)
	if !ok || (pe.Kind != problem.KindValidation && pe.Kind != problem.KindConflict) {
		return err
	}
	title, status := "customers.new_title", fiber.StatusUnprocessableEntity
	if old != nil {
		title = "customers.edit_title"
	}
	if pe.Kind == problem.KindConflict {
		status = fiber.StatusConflict
	}
	v := s.view(c, title, "customers")
	echo(c, v, customerFields...)
	for _, f := range fields {
		echo(c, v, "custom."+f.Key)
	}
	v.Errors = s.fieldErrors(c, err)
	var d customerFormData
	if dups, ok := pe.Extra["duplicates"].([]customer.Duplicate); ok {
		d.Duplicates, d.Warning = dups, v.T(pe.Key)
	}
	d.ExistingID, _ = pe.Extra["existing_id"].(string)
	return s.renderCustomerForm(c, status, v, old, d)
}
