// Package problem holds the errors people see: validation failures,
// permission refusals, missing records and conflicts. Each carries a locale
// key (and the field it concerns), never internal detail; the web layer
// renders them as a translated page message or as application/problem+json.
// Every other error is internal: logged, and shown as a generic failure.
//
// It must not import any other Frontline package.
package problem

import (
	"errors"
	"strings"
)

// Kind is the class of a user-facing error; it decides the HTTP status.
type Kind int

// The kinds of user-facing error.
const (
	KindValidation   Kind = iota + 1 // 422: the input is wrong
	KindUnauthorized                 // 401: who are you?
	KindForbidden                    // 403: your role may not do this
	KindNotFound                     // 404: no such record you may see
	KindConflict                     // 409: clashes with existing data
	KindTooMany                      // 429: slow down
	KindBadRequest                   // 400: malformed request
	KindTooLarge                     // 413: request body too large
)

// Error is a user-facing error. Key is a locale key such as
// "user.error.email_taken"; Args fill its placeholders.
type Error struct {
	Kind   Kind
	Key    string
	Args   []any
	Fields []FieldError
	// Extra holds machine-readable details a client can act on, e.g. the
	// id of the existing record a duplicate clashes with. The API adds
	// them to the problem document as extension members.
	Extra map[string]any
}

// FieldError is one validation failure of one input field.
type FieldError struct {
	// Field is the JSON/form field name, e.g. "email".
	Field string
	Key   string
	Args  []any
}

func (e *Error) Error() string {
	if len(e.Fields) == 0 {
		return "problem: " + e.Key
	}
	keys := make([]string, len(e.Fields))
	for i, f := range e.Fields {
		keys[i] = f.Field + ": " + f.Key
	}
	return "problem: " + e.Key + " (" + strings.Join(keys, ", ") + ")"
}

// Is lets errors.Is match on Kind against the sentinels below.
func (e *Error) Is(target error) bool {
	t, ok := target.(*Error)
	return ok && t.Key == "" && t.Kind == e.Kind
}

// Sentinels for errors.Is(err, problem.ErrNotFound) and friends.
var (
	ErrValidation   = &Error{Kind: KindValidation}
	ErrUnauthorized = &Error{Kind: KindUnauthorized}
	ErrForbidden    = &Error{Kind: KindForbidden}
	ErrNotFound     = &Error{Kind: KindNotFound}
	ErrConflict     = &Error{Kind: KindConflict}
)

// Forbidden is the refusal for a role that may not act.
func Forbidden() error { return &Error{Kind: KindForbidden, Key: "problem.forbidden"} }

// NotFound is the answer for a missing record or one outside the caller's
// scope; the two are indistinguishable on purpose.
func NotFound() error { return &Error{Kind: KindNotFound, Key: "problem.not_found"} }

// Unauthorized asks the caller to sign in.
func Unauthorized() error { return &Error{Kind: KindUnauthorized, Key: "problem.unauthorized"} }

// New makes a user-facing error of a kind with a message key.
func New(kind Kind, key string, args ...any) error {
	return &Error{Kind: kind, Key: key, Args: args}
}

// Validation collects field errors; the zero value is ready to use.
type Validation struct {
	fields []FieldError
}

// Add records a problem with one field.
func (v *Validation) Add(field, key string, args ...any) {
	v.fields = append(v.fields, FieldError{Field: field, Key: key, Args: args})
}

// Has reports whether field already has a problem.
func (v *Validation) Has(field string) bool {
	for _, f := range v.fields {
		if f.Field == field {
			return true
		}
	}
	return false
}

// Err returns nil when nothing was added, else a validation *Error.
func (v *Validation) Err() error {
	if len(v.fields) == 0 {
		return nil
	}
	return &Error{Kind: KindValidation, Key: "problem.validation", Fields: v.fields}
}

// As returns err as a user-facing *Error, if it is one.
func As(err error) (*Error, bool) {
	var pe *Error
	ok := errors.As(err, &pe)
	return pe, ok
}
