package web

import (
	"io"
	"mime/multipart"
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

// Input formats of the follow-up form's date fields.
const (
	dateTimeLocal = "2006-01-02T15:04" // <input type="datetime-local">
	dateOnly      = "2006-01-02"       // <input type="date">
)

// followUpFormData is the phone-first follow-up form, or, without a
// customer, the picker that leads to it.
type followUpFormData struct {
	Customer *customer.Customer
	// Picker lists the customers to choose from when none is given.
	Picker     []customer.Customer
	PickerNext string
	Query      string
	CanCreate  bool
	Kinds      []choice
	Tags       []string
	Contacts   []customer.Contact
	// Checked marks the talk tags ticked.
	Checked map[string]bool
	// Photos are digests stored by an earlier, refused submission.
	Photos []string
	// MaxBytes is the largest request the server reads; the script keeps
	// the photos under it.
	MaxBytes int
	Now      string // the latest time occurred_at accepts
}

// followUpFields are the inputs echoed after an error.
var followUpFields = []string{"kind", "occurred_at", "occurred_default", "duration_min", "contact_id", "notes", "next_step",
	"next_due", "lat", "lng", "accuracy"}

func (s *Server) followUpNewPage(c *fiber.Ctx) error {
	cur := current(c)
	if err := cur.Principal.RequireAny(access.Rep, access.Manager, access.Director, access.Presales); err != nil {
		return err
	}
	id := c.Query("customer")
	if id == "" {
		return s.followUpPicker(c)
	}
	cu, err := s.Customers.Get(cur.Principal, id)
	if err != nil {
		return err
	}
	if !mayFollowUp(cur.Principal, cu) {
		return problem.Forbidden()
	}
	v := s.view(c, "followup.title", "followup")
	v.Form["kind"] = "visit"
	v.Form["occurred_at"] = v.now.Format(dateTimeLocal)
	v.Form["occurred_default"] = v.Form["occurred_at"]
	return s.renderFollowUpForm(c, fiber.StatusOK, v, cu, followUpFormData{Checked: map[string]bool{}})
}

// followUpPicker lists the user's customers as large tap targets, with a
// search box; each leads to the form for that customer. The most recently
// touched come first, in pages as large as the store gives.
func (s *Server) followUpPicker(c *fiber.Ctx) error {
	cur := current(c)
	req := store.PageRequest{Cursor: c.Query("cursor"), Limit: store.MaxPageSize}
	q := c.Query("q")
	items, next, err := s.Customers.List(cur.Principal, customer.Filter{Query: q}, req)
	if err != nil {
		return badCursor(err)
	}
	slices.SortStableFunc(items, func(a, b customer.Customer) int {
		return lastTouch(b).Compare(lastTouch(a))
	})
	v := s.view(c, "followup.pick_title", "followup")
	v.Data = followUpFormData{Picker: items, PickerNext: nextHref(c, next), Query: q,
		CanCreate: mayCreateCustomer(cur.Principal)}
	return s.render(c, fiber.StatusOK, "followup_pick", v)
}

// lastTouch is when a customer was last followed up, or when it was
// created if never.
func lastTouch(c customer.Customer) time.Time {
	if c.LastFollowUpAt != nil {
		return *c.LastFollowUpAt
	}
	return c.CreatedAt
}

func (s *Server) renderFollowUpForm(c *fiber.Ctx, status int, v *View, cu customer.Customer,
	d followUpFormData) error {
	p := current(c).Principal
	set, err := s.Customers.Settings()
	if err != nil {
		return err
	}
	if d.Contacts, err = s.Customers.Contacts(p, cu.ID); err != nil {
		return err
	}
	d.Customer, d.Kinds, d.Tags, d.MaxBytes = &cu, followUpKinds(), set.Tags, bodyLimit
	d.Now = v.now.Format(dateTimeLocal)
	v.Data = d
	return s.render(c, status, "followup_form", v)
}

func (s *Server) followUpCreateSubmit(c *fiber.Ctx) error {
	p := current(c).Principal
	cu, err := s.Customers.Get(p, c.FormValue("customer_id"))
	if err != nil {
		return err
	}
	v := s.view(c, "followup.title", "followup")
	photos, err := s.recordFollowUp(c, p, cu.ID, v.now.Location())
	if err != nil {
		return s.followUpProblem(c, v, cu, photos, err)
	}
	s.flash(c, "flash.followup_saved")
	return seeOther(c, "/customers/"+cu.ID+"#timeline")
}

// recordFollowUp stores the uploaded photos, then the follow-up. It
// returns the photos' digests even when it fails, so a refused form keeps
// the photos instead of asking for them again.
func (s *Server) recordFollowUp(c *fiber.Ctx, p *access.Principal, customerID string,
	loc *time.Location) ([]string, error) {
	photos, err := s.storePhotos(c, p)
	if err != nil {
		return photos, err
	}
	in, err := s.followUpInput(c, loc)
	if err != nil {
		return photos, err
	}
	in.CustomerID, in.Photos = customerID, photos
	_, err = s.Customers.AddFollowUp(p, in)
	return photos, err
}

// followUpProblem shows the form again with what was typed, the photos
// already stored and the errors next to their fields.
func (s *Server) followUpProblem(c *fiber.Ctx, v *View, cu customer.Customer, photos []string, err error) error {
	pe, ok := problem.As(err)
	if !ok || pe.Kind != problem.KindValidation {
		return err
	}
	echo(c, v, followUpFields...)
	v.Errors = s.fieldErrors(c, err)
	d := followUpFormData{Checked: map[string]bool{}, Photos: photos}
	for _, t := range multiValues(c, "tags") {
		d.Checked[t] = true
	}
	return s.renderFollowUpForm(c, fiber.StatusUnprocessableEntity, v, cu, d)
}

// followUpInput reads the form's fields; dates are in the server's zone.
// A time left as the form filled it in (occurred_default, to the minute)
// means now, to the second, so the follow-up sorts after what happened
// earlier in that minute. Fields that do not parse are reported together.
func (s *Server) followUpInput(c *fiber.Ctx, loc *time.Location) (customer.FollowUpInput, error) {
	in := customer.FollowUpInput{ContactID: c.FormValue("contact_id"), Kind: c.FormValue("kind"),
		Tags: multiValues(c, "tags"), Notes: c.FormValue("notes"), NextStep: c.FormValue("next_step")}
	var v problem.Validation
	if raw := strings.TrimSpace(c.FormValue("occurred_at")); raw != "" && raw != c.FormValue("occurred_default") {
		at, err := time.ParseInLocation(dateTimeLocal, raw, loc)
		if err != nil {
			v.Add("occurred_at", "followup.error.occurred_at_invalid")
		}
		in.OccurredAt = &at
	}
	if raw := strings.TrimSpace(c.FormValue("duration_min")); raw != "" {
		n, err := strconv.Atoi(raw)
		if err != nil {
			v.Add("duration_min", "followup.error.duration_invalid")
		}
		in.DurationMin = n
	}
	if raw := strings.TrimSpace(c.FormValue("next_due")); raw != "" {
		due, err := time.ParseInLocation(dateOnly, raw, loc)
		if err != nil {
			v.Add("next_due", "followup.error.next_due_invalid")
		}
		in.NextDue = &due
	}
	in.Location = formLocation(c, &v)
	return in, v.Err()
}

// formLocation reads the hidden lat/lng/accuracy inputs the "记录位置"
// button fills; nil when the user did not record a place.
func formLocation(c *fiber.Ctx, v *problem.Validation) *customer.Location {
	lat, lng := strings.TrimSpace(c.FormValue("lat")), strings.TrimSpace(c.FormValue("lng"))
	if lat == "" && lng == "" {
		return nil
	}
	var l customer.Location
	var errs [3]error
	l.Lat, errs[0] = strconv.ParseFloat(lat, 64)
	l.Lng, errs[1] = strconv.ParseFloat(lng, 64)
	if acc := strings.TrimSpace(c.FormValue("accuracy")); acc != "" {
		l.Accuracy, errs[2] = strconv.ParseFloat(acc, 64)
	}
	for _, err := range errs {
		if err != nil {
			v.Add("location", "followup.error.location_invalid")
			return nil
		}
	}
	return &l
}

// storePhotos stores each uploaded photo and returns the digests, after
// those kept from an earlier, refused submission. A refused photo stops
// there, with its error on the photos field.
func (s *Server) storePhotos(c *fiber.Ctx, p *access.Principal) ([]string, error) {
	sums := multiValues(c, "photos_kept")
	form, err := c.MultipartForm()
	if err != nil {
		return sums, nil // a form without files
	}
	for _, fh := range form.File["photos"] {
		if fh.Size == 0 && fh.Filename == "" {
			continue // the empty part of an untouched file input
		}
		data, err := readPart(fh)
		if err != nil {
			return sums, err
		}
		sum, err := s.Customers.AddPhoto(p, data)
		if err != nil {
			return sums, onField(err, "photos")
		}
		sums = append(sums, sum)
	}
	return sums, nil
}

func readPart(fh *multipart.FileHeader) ([]byte, error) {
	f, err := fh.Open()
	if err != nil {
		return nil, err
	}
	defer func() { _ = f.Close() }() // read-only upload part
	return io.ReadAll(f)
}

// onField moves a validation error's messages onto one form field.
func onField(err error, field string) error {
	pe, ok := problem.As(err)
	if !ok || pe.Kind != problem.KindValidation {
		return err
	}
	for i := range pe.Fields {
		pe.Fields[i].Field = field
	}
	return pe
}

// multiValues reads every value of a repeated field, from a multipart or
// a URL-encoded form.
func multiValues(c *fiber.Ctx, name string) []string {
	form, err := c.MultipartForm()
	if err != nil {
		return formValues(c, name)
	}
	var out []string
	for _, v := range form.Value[name] {
		if v = strings.TrimSpace(v); v != "" {
			out = append(out, v)
		}
	}
	return out
}
