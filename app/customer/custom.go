package customer

import (
	"fmt"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/frontline-crm/frontline/app/problem"
)

// Field is an admin-defined custom field of customers.
type Field struct {
	// Key names the field in the API's "custom" object: lower-case letters,
	// digits and underscores.
	Key      string    `json:"key"`
	Name     string    `json:"name"`
	Type     FieldType `json:"type"`
	Choices  []string  `json:"choices,omitempty"` // for choice fields
	Required bool      `json:"required,omitempty"`
}

// FieldType is the kind of value a custom field holds.
type FieldType string

// The custom field types.
const (
	FieldText   FieldType = "text"
	FieldNumber FieldType = "number"
	FieldDate   FieldType = "date" // YYYY-MM-DD
	FieldChoice FieldType = "choice"
)

var fieldKeyRe = regexp.MustCompile(`^[a-z][a-z0-9_]{0,39}$`)

// checkCustom validates custom values against the field definitions and
// returns them in canonical form (numbers as float64, dates as
// YYYY-MM-DD, text trimmed). Unknown keys are refused.
func checkCustom(v *problem.Validation, fields []Field, in map[string]any) map[string]any {
	out := map[string]any{}
	for key := range in {
		if !slices.ContainsFunc(fields, func(f Field) bool { return f.Key == key }) {
			v.Add("custom."+key, "customer.error.custom_unknown")
		}
	}
	for _, f := range fields {
		raw, given := in[f.Key]
		if !given || raw == nil || raw == "" {
			if f.Required {
				v.Add("custom."+f.Key, "customer.error.custom_required", f.Name)
			}
			continue
		}
		val, ok := customValue(f, raw)
		if !ok {
			v.Add("custom."+f.Key, "customer.error.custom_"+string(f.Type), f.Name)
			continue
		}
		out[f.Key] = val
	}
	return out
}

// customValue converts one raw value (from JSON or a form string).
func customValue(f Field, raw any) (any, bool) {
	s := strings.TrimSpace(fmt.Sprint(raw))
	switch f.Type {
	case FieldNumber:
		if n, ok := raw.(float64); ok {
			return n, true
		}
		n, err := strconv.ParseFloat(s, 64)
		return n, err == nil
	case FieldDate:
		t, err := time.Parse("2006-01-02", s)
		return t.Format("2006-01-02"), err == nil
	case FieldChoice:
		return s, slices.Contains(f.Choices, s)
	}
	return s, utf8.RuneCountInString(s) <= 500
}

// checkFields validates the field definitions in settings.
func checkFields(v *problem.Validation, fields []Field) {
	seen := map[string]bool{}
	for _, f := range fields {
		bad := !fieldKeyRe.MatchString(f.Key) || seen[f.Key] || strings.TrimSpace(f.Name) == "" ||
			!slices.Contains([]FieldType{FieldText, FieldNumber, FieldDate, FieldChoice}, f.Type) ||
			(f.Type == FieldChoice && len(f.Choices) == 0)
		if bad {
			v.Add("fields", "customer.error.field_invalid", f.Key)
			return
		}
		seen[f.Key] = true
	}
}
