package web

import (
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/gofiber/fiber/v2"

	"github.com/frontline-crm/frontline/app/access"
	"github.com/frontline-crm/frontline/app/customer"
	"github.com/frontline-crm/frontline/app/problem"
	"github.com/frontline-crm/frontline/app/store"
)

// timelinePage is how many follow-ups the customer page shows at once.
const timelinePage = 20

// customerPageData is the customer page: header, actions, status form,
// contacts, details and the timeline.
type customerPageData struct {
	customerLookup
	Customer      customer.Customer
	Contacts      []customer.Contact
	Timeline      []timelineItem
	OlderHref     string
	Statuses      []customer.Status
	Fields        []customer.Field
	DecisionRoles []choice
	CanEdit       bool
	CanFollowUp   bool
	Health        healthCard
	Owner         ownerCard
	// Conflicts are the customer's open status conflicts, if flagged.
	Conflicts []conflictItem
}

// timelineItem is one entry of the timeline: a follow-up or an event
// (a status change, the customer's creation).
type timelineItem struct {
	At       time.Time
	FollowUp *customer.FollowUp
	Event    *store.Event
	// Contact is the name of the follow-up's contact.
	Contact string
	// Due is the next step's due date as people say it; Overdue marks a
	// due date that passed with no newer follow-up.
	Due     string
	Overdue bool
}

// EventData is one detail of an event ("from", "to", "reason"), as text.
func (it timelineItem) EventData(key string) string {
	if it.Event == nil {
		return ""
	}
	s, _ := it.Event.Data[key].(string)
	return s
}

func (s *Server) customerPage(c *fiber.Ctx) error {
	v := s.view(c, "customers.title", "customers")
	return s.renderCustomer(c, fiber.StatusOK, v)
}

// renderCustomer shows the customer of the :id parameter, with v's form
// values and errors (a status or contact form that was refused).
func (s *Server) renderCustomer(c *fiber.Ctx, status int, v *View) error {
	p := current(c).Principal
	cu, err := s.Customers.Get(p, c.Params("id"))
	if err != nil {
		return err
	}
	l, set, err := s.lookup(p)
	if err != nil {
		return err
	}
	d := customerPageData{customerLookup: l, Customer: cu, Statuses: set.Statuses, Fields: set.Fields,
		DecisionRoles: decisionRoles(), CanEdit: mayEdit(p, cu), CanFollowUp: mayFollowUp(p, cu)}
	if d.Contacts, err = s.Customers.Contacts(p, cu.ID); err != nil {
		return err
	}
	if err := s.fillTimeline(c, v, p, &d); err != nil {
		return err
	}
	if err := s.fillCustomerCards(v, p, &d); err != nil {
		return err
	}
	v.Data = d
	return s.render(c, status, "customer", v)
}

// fillCustomerCards loads the health radar, the owner moves the user may
// make and the open conflicts.
func (s *Server) fillCustomerCards(v *View, p *access.Principal, d *customerPageData) error {
	var err error
	if d.Health, err = s.health(v, p, d.Customer.ID); err != nil {
		return err
	}
	if d.Owner, err = s.ownerCardFor(p, d.Customer); err != nil {
		return err
	}
	d.Conflicts, err = s.openConflicts(v, p, d.Customer)
	return err
}

// fillTimeline merges one page of follow-ups with the status events of the
// same stretch of time, newest first. The page's stretch runs from its
// oldest follow-up (or the beginning, on the last page) up to "until",
// the oldest follow-up of the page before.
func (s *Server) fillTimeline(c *fiber.Ctx, v *View, p *access.Principal, d *customerPageData) error {
	req := store.PageRequest{Cursor: c.Query("cursor"), Limit: timelinePage}
	followUps, next, err := s.Customers.FollowUps(p, d.Customer.ID, req)
	if err != nil {
		return badCursor(err)
	}
	events, err := s.Customers.Events(p, d.Customer.ID)
	if err != nil {
		return err
	}
	var from, until time.Time
	if n, err := strconv.ParseInt(c.Query("until"), 10, 64); err == nil {
		until = time.Unix(0, n)
	}
	if next != "" {
		from = followUps[len(followUps)-1].OccurredAt
		d.OlderHref = c.Path() + "?cursor=" + url.QueryEscape(next) + "&until=" +
			strconv.FormatInt(from.UnixNano(), 10) + "#timeline"
	}
	names := map[string]string{}
	for _, ct := range d.Contacts {
		names[ct.ID] = ct.Name
	}
	for i := range followUps {
		d.Timeline = append(d.Timeline, s.followUpItem(v, &followUps[i], names, i == 0 && req.Cursor == ""))
	}
	d.Timeline = append(d.Timeline, eventItems(events, from, until)...)
	slices.SortStableFunc(d.Timeline, func(a, b timelineItem) int { return b.At.Compare(a.At) })
	return nil
}

// eventItems are the status changes and the creation among events, from
// from up to until (zero: no end).
func eventItems(events []store.Event, from, until time.Time) []timelineItem {
	var out []timelineItem
	for i := range events {
		e := &events[i]
		shown := e.Kind == "customer.status" || e.Kind == "customer.create"
		if shown && !e.At.Before(from) && (until.IsZero() || e.At.Before(until)) {
			out = append(out, timelineItem{At: e.At, Event: e})
		}
	}
	return out
}

// followUpItem is a follow-up on the timeline. Only the newest follow-up's
// next step can be overdue: a later touch is taken to have dealt with the
// earlier ones.
func (s *Server) followUpItem(v *View, f *customer.FollowUp, contacts map[string]string, newest bool) timelineItem {
	it := timelineItem{At: f.OccurredAt, FollowUp: f, Contact: contacts[f.ContactID]}
	if f.NextDue != nil {
		it.Due = dueLabel(v, *f.NextDue)
		it.Overdue = newest && f.NextDue.Before(startOfDay(v.now))
	}
	return it
}

// dueLabel shows a due date as people say it: 今天, 明天, 昨天, 3月8日.
func dueLabel(v *View, due time.Time) string {
	today := startOfDay(v.now)
	switch startOfDay(due.In(v.now.Location())) {
	case today:
		return v.T("followup.due_today")
	case today.AddDate(0, 0, 1):
		return v.T("followup.due_tomorrow")
	case today.AddDate(0, 0, -1):
		return v.T("followup.due_yesterday")
	}
	return v.When(due)
}

func startOfDay(t time.Time) time.Time {
	y, m, d := t.Date()
	return time.Date(y, m, d, 0, 0, 0, 0, t.Location())
}

// RoleLabel is the locale key of a contact's decision role.
func (d customerPageData) RoleLabel(role customer.DecisionRole) string {
	return labelOf(d.DecisionRoles, string(role))
}

// KindLabel is the locale key of a follow-up kind.
func (d customerPageData) KindLabel(kind string) string { return labelOf(followUpKinds(), kind) }

// CustomText shows a custom field's stored value.
func (d customerPageData) CustomText(val any) string { return customText(val) }

// decisionRoles are the contact roles, for the contact form.
func decisionRoles() []choice {
	return []choice{
		{Value: string(customer.DecisionMaker), Label: "contact.role.decision_maker"},
		{Value: string(customer.Influencer), Label: "contact.role.influencer"},
		{Value: string(customer.User), Label: "contact.role.user"},
		{Value: string(customer.Procurement), Label: "contact.role.procurement"},
		{Value: string(customer.Finance), Label: "contact.role.finance"},
		{Value: string(customer.TechnicalEvaluator), Label: "contact.role.technical_evaluator"},
	}
}

func (s *Server) customerStatusSubmit(c *fiber.Ctx) error {
	id := c.Params("id")
	err := pickedStatus(c.FormValue("status"))
	if err == nil {
		_, err = s.Customers.ChangeStatus(current(c).Principal, id, c.FormValue("status"), c.FormValue("reason"))
	}
	if err != nil {
		pe, ok := problem.As(err)
		if !ok || pe.Kind != problem.KindValidation {
			return err
		}
		v := s.view(c, "customers.title", "customers")
		echo(c, v, "status", "reason")
		v.Errors = s.fieldErrors(c, err)
		return s.renderCustomer(c, fiber.StatusUnprocessableEntity, v)
	}
	s.flash(c, "flash.status_changed")
	return seeOther(c, "/customers/"+id+"#timeline")
}

// pickedStatus refuses the form's "choose a status" placeholder.
func pickedStatus(status string) error {
	if strings.TrimSpace(status) != "" {
		return nil
	}
	var v problem.Validation
	v.Add("status", "customer.error.status_pick")
	return v.Err()
}

// contactFields are the add-contact inputs; each is named contact_<field>
// so they cannot be confused with the status form's.
var contactFields = []string{"name", "title", "mobile", "email", "wechat", "decision_role"}

func (s *Server) contactCreateSubmit(c *fiber.Ctx) error {
	id := c.Params("id")
	in := customer.ContactInput{Name: c.FormValue("contact_name"), Title: c.FormValue("contact_title"),
		Mobile: c.FormValue("contact_mobile"), Email: c.FormValue("contact_email"),
		WeChat: c.FormValue("contact_wechat"), DecisionRole: c.FormValue("contact_decision_role")}
	if _, err := s.Customers.AddContact(current(c).Principal, id, in); err != nil {
		pe, ok := problem.As(err)
		if !ok || pe.Kind != problem.KindValidation {
			return err
		}
		v := s.view(c, "customers.title", "customers")
		for field, msg := range s.fieldErrors(c, err) {
			v.Errors["contact_"+field] = msg
		}
		for _, f := range contactFields {
			echo(c, v, "contact_"+f)
		}
		v.Form["contact_open"] = "1"
		return s.renderCustomer(c, fiber.StatusUnprocessableEntity, v)
	}
	s.flash(c, "flash.contact_added")
	return seeOther(c, "/customers/"+id+"#contacts")
}

func (s *Server) contactDeleteSubmit(c *fiber.Ctx) error {
	p, id := current(c).Principal, c.Params("id")
	contacts, err := s.Customers.Contacts(p, id)
	if err != nil {
		return err
	}
	cid := c.Params("contact")
	if !slices.ContainsFunc(contacts, func(ct customer.Contact) bool { return ct.ID == cid }) {
		return problem.NotFound()
	}
	if err := s.Customers.DeleteContact(p, cid); err != nil {
		return err
	}
	s.flash(c, "flash.contact_deleted")
	return seeOther(c, "/customers/"+id+"#contacts")
}
