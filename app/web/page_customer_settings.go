package web

import (
	"slices"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/gofiber/fiber/v2"

	"github.com/frontline-crm/frontline/app/customer"
	"github.com/frontline-crm/frontline/app/problem"
	"github.com/frontline-crm/frontline/app/store"
)

// The settings form offers this many empty rows for new entries.
const (
	newStatusRows = 2
	newFieldRows  = 1
)

// settingsData is the customer settings form: statuses, tags, keywords and
// custom fields, as stored or as just typed.
type settingsData struct {
	Statuses []statusRow
	Default  string
	Tags     string // one per line
	Keywords string // "词 → 标签" per line
	Fields   []fieldRow
	Types    []choice
}

// statusRow is one status line of the form. Key is empty for a new one.
type statusRow struct {
	Index  int
	Key    string
	Name   string
	Closed bool
	Remove bool
}

// fieldRow is one custom field line. Existing fields keep their key.
type fieldRow struct {
	Index    int
	Key      string
	Name     string
	Type     string
	Choices  string
	Required bool
	Remove   bool
	Existing bool
}

func (s *Server) customerSettingsPage(c *fiber.Ctx) error {
	if err := current(c).Principal.RequireAdmin(); err != nil {
		return err
	}
	set, err := s.Customers.Settings()
	if err != nil {
		return err
	}
	v := s.view(c, "settings_customer.title", "customer_settings")
	v.Data = settingsFormOf(set)
	return s.render(c, fiber.StatusOK, "settings_customer", v)
}

// settingsFormOf shows stored settings in the form, with empty rows.
func settingsFormOf(set customer.Settings) settingsData {
	d := settingsData{Default: set.DefaultStatus, Tags: strings.Join(set.Tags, "\n"), Types: fieldTypes()}
	for i, st := range set.Statuses {
		d.Statuses = append(d.Statuses, statusRow{Index: i, Key: st.Key, Name: st.Name, Closed: st.Closed})
	}
	words := make([]string, 0, len(set.Keywords))
	for w := range set.Keywords {
		words = append(words, w)
	}
	sort.Strings(words)
	lines := make([]string, len(words))
	for i, w := range words {
		lines[i] = w + " → " + set.Keywords[w]
	}
	d.Keywords = strings.Join(lines, "\n")
	for i, f := range set.Fields {
		d.Fields = append(d.Fields, fieldRow{Index: i, Key: f.Key, Name: f.Name, Type: string(f.Type),
			Choices: strings.Join(f.Choices, ", "), Required: f.Required, Existing: true})
	}
	return d.withBlankRows()
}

// withBlankRows appends the empty rows for new statuses and fields.
func (d settingsData) withBlankRows() settingsData {
	for range newStatusRows {
		d.Statuses = append(d.Statuses, statusRow{Index: len(d.Statuses)})
	}
	for range newFieldRows {
		d.Fields = append(d.Fields, fieldRow{Index: len(d.Fields), Type: string(customer.FieldText)})
	}
	return d
}

func fieldTypes() []choice {
	return []choice{
		{Value: string(customer.FieldText), Label: "settings_customer.type.text"},
		{Value: string(customer.FieldNumber), Label: "settings_customer.type.number"},
		{Value: string(customer.FieldDate), Label: "settings_customer.type.date"},
		{Value: string(customer.FieldChoice), Label: "settings_customer.type.choice"},
	}
}

func (s *Server) customerSettingsSubmit(c *fiber.Ctx) error {
	p := current(c).Principal
	if err := p.RequireAdmin(); err != nil {
		return err
	}
	d := settingsFromForm(c)
	stored, err := s.Customers.Settings()
	if err != nil {
		return err
	}
	set, err := settingsOf(stored, d, s.Clock.Now())
	if err == nil {
		_, err = s.Customers.SaveSettings(p, set)
	}
	if err != nil {
		pe, ok := problem.As(err)
		if !ok || pe.Kind != problem.KindValidation {
			return err
		}
		v := s.view(c, "settings_customer.title", "customer_settings")
		v.Errors = s.fieldErrors(c, err)
		v.Data = d.withBlankRows()
		return s.render(c, fiber.StatusUnprocessableEntity, "settings_customer", v)
	}
	s.flash(c, "flash.settings_saved")
	return seeOther(c, "/admin/settings/customer")
}

// settingsFromForm reads the form as typed; empty new rows are dropped.
func settingsFromForm(c *fiber.Ctx) settingsData {
	d := settingsData{Default: c.FormValue("default_status"), Tags: c.FormValue("tags"),
		Keywords: c.FormValue("keywords"), Types: fieldTypes()}
	rows, _ := strconv.Atoi(c.FormValue("status_rows"))
	for i := range min(rows, 100) {
		n := strconv.Itoa(i)
		r := statusRow{Key: strings.TrimSpace(c.FormValue("status_key_" + n)),
			Name: strings.TrimSpace(c.FormValue("status_name_" + n)), Closed: c.FormValue("status_closed_"+n) != "",
			Remove: c.FormValue("status_remove_"+n) != ""}
		if r.Key != "" || r.Name != "" {
			r.Index = len(d.Statuses)
			d.Statuses = append(d.Statuses, r)
		}
	}
	rows, _ = strconv.Atoi(c.FormValue("field_rows"))
	for i := range min(rows, 100) {
		n := strconv.Itoa(i)
		r := fieldRow{Key: strings.TrimSpace(c.FormValue("field_key_" + n)),
			Name: strings.TrimSpace(c.FormValue("field_name_" + n)), Type: c.FormValue("field_type_" + n),
			Choices: c.FormValue("field_choices_" + n), Required: c.FormValue("field_required_"+n) != "",
			Remove: c.FormValue("field_remove_"+n) != "", Existing: c.FormValue("field_existing_"+n) != ""}
		if r.Existing || r.Key != "" || r.Name != "" {
			r.Index = len(d.Fields)
			d.Fields = append(d.Fields, r)
		}
	}
	return d
}

// settingsOf puts the form into the stored settings, keeping whatever the
// form does not show: rows marked for removal are left out and new
// statuses get a generated key.
func settingsOf(set customer.Settings, d settingsData, now time.Time) (customer.Settings, error) {
	set.DefaultStatus, set.Tags, set.Keywords = d.Default, splitLines(d.Tags), map[string]string{}
	set.Statuses, set.Fields = nil, nil
	for _, r := range d.Statuses {
		if r.Remove {
			continue
		}
		key := r.Key
		if key == "" {
			key = newStatusKey(set.Statuses, now)
		}
		set.Statuses = append(set.Statuses, customer.Status{Key: key, Name: r.Name, Closed: r.Closed})
	}
	for _, r := range d.Fields {
		if !r.Remove {
			set.Fields = append(set.Fields, customer.Field{Key: r.Key, Name: r.Name,
				Type: customer.FieldType(r.Type), Choices: splitList(r.Choices), Required: r.Required})
		}
	}
	var v problem.Validation
	for i, line := range strings.Split(d.Keywords, "\n") {
		if strings.TrimSpace(line) == "" {
			continue
		}
		word, tag, ok := cutKeyword(line)
		if !ok {
			v.Add("keywords", "settings_customer.error.keyword_line", i+1)
			break
		}
		set.Keywords[word] = tag
	}
	return set, v.Err()
}

// keywordArrows are the separators accepted between a word and its tag.
var keywordArrows = []string{"→", "->", "=>", "：", ":", "="}

func cutKeyword(line string) (word, tag string, ok bool) {
	for _, sep := range keywordArrows {
		if w, t, found := strings.Cut(line, sep); found {
			w, t = strings.TrimSpace(w), strings.TrimSpace(t)
			return w, t, w != "" && t != ""
		}
	}
	return "", "", false
}

// newStatusKey makes a stable key for a status an admin adds: people see
// only its name, customers store the key.
func newStatusKey(taken []customer.Status, now time.Time) string {
	for {
		id := strings.ToLower(store.NewID(now))
		key := "s_" + id[len(id)-8:]
		if !slices.ContainsFunc(taken, func(st customer.Status) bool { return st.Key == key }) {
			return key
		}
	}
}

func splitLines(s string) []string {
	var out []string
	for _, line := range strings.Split(s, "\n") {
		if line = strings.TrimSpace(line); line != "" {
			out = append(out, line)
		}
	}
	return out
}
