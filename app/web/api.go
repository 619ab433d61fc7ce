package web

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"reflect"
	"strconv"
	"strings"

	"github.com/gofiber/fiber/v2"

	"github.com/frontline-crm/frontline/app/problem"
	"github.com/frontline-crm/frontline/app/store"
)

// listResponse is the shape of every list the API returns.
type listResponse[T any] struct {
	Items      []T    `json:"items"`
	NextCursor string `json:"next_cursor"`
}

func list[T any](items []T, next string) listResponse[T] {
	if items == nil {
		items = []T{}
	}
	return listResponse[T]{Items: items, NextCursor: next}
}

// pageRequest reads limit and cursor from the query string; a limit that
// is not a whole number from 1 to store.MaxPageSize is refused.
func pageRequest(c *fiber.Ctx) (store.PageRequest, error) {
	req := store.PageRequest{Cursor: c.Query("cursor")}
	raw := c.Query("limit")
	if raw == "" {
		return req, nil
	}
	n, err := strconv.Atoi(raw)
	if err != nil || n < 1 || n > store.MaxPageSize {
		var v problem.Validation
		v.Add("limit", "problem.limit_range", store.MaxPageSize)
		return req, v.Err()
	}
	req.Limit = n
	return req, nil
}

// badCursor turns the store's cursor error into a validation error.
func badCursor(err error) error {
	if errors.Is(err, store.ErrBadCursor) {
		var v problem.Validation
		v.Add("cursor", "problem.cursor_invalid")
		return v.Err()
	}
	return err
}

// jsonLimit caps JSON bodies. The server reads bodies up to bodyLimit,
// which is sized for photo uploads; no JSON document needs that much.
const jsonLimit = 1 << 20

// decodeJSON reads a JSON object body into v strictly: the content type
// must be JSON, the body at most jsonLimit, unknown fields and wrong types
// are named in the error.
func decodeJSON(c *fiber.Ctx, v any) error {
	if !strings.HasPrefix(c.Get(fiber.HeaderContentType), fiber.MIMEApplicationJSON) {
		return problem.New(problem.KindBadRequest, "problem.json_required")
	}
	body, err := plainBody(c)
	if err != nil {
		return err
	}
	if len(body) > jsonLimit {
		return problem.New(problem.KindTooLarge, "problem.too_large")
	}
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.DisallowUnknownFields()
	err = dec.Decode(v)
	if err == nil && dec.Decode(&struct{}{}) != io.EOF {
		return problem.New(problem.KindBadRequest, "problem.json_trailing")
	}
	return jsonProblem(err)
}

// plainBody returns the request body as sent. A body with a
// Content-Encoding is refused: Fiber would inflate it without bound, so a
// small compressed body could fill the memory.
func plainBody(c *fiber.Ctx) ([]byte, error) {
	if enc := c.Get(fiber.HeaderContentEncoding); enc != "" && !strings.EqualFold(enc, "identity") {
		return nil, problem.New(problem.KindBadRequest, "problem.encoding_unsupported")
	}
	return c.BodyRaw(), nil
}

func jsonProblem(err error) error {
	if err == nil {
		return nil
	}
	var v problem.Validation
	var typeErr *json.UnmarshalTypeError
	// A type error without a field is the body itself (an array or a
	// string, not an object): not a field to name, and its Go type is
	// nobody's business outside.
	if errors.As(err, &typeErr) && typeErr.Field != "" {
		v.Add(typeErr.Field, "problem.field_type", jsonKind(typeErr.Type))
		return v.Err()
	}
	if field, ok := strings.CutPrefix(err.Error(), "json: unknown field "); ok {
		v.Add(strings.Trim(field, `"`), "problem.field_unknown")
		return v.Err()
	}
	return problem.New(problem.KindBadRequest, "problem.json_invalid")
}

// jsonKind names a Go type the way a JSON client thinks of it.
func jsonKind(t reflect.Type) string {
	switch t.Kind() {
	case reflect.String:
		return "string"
	case reflect.Bool:
		return "boolean"
	case reflect.Slice, reflect.Array:
		return "array"
	case reflect.Map, reflect.Struct:
		return "object"
	case reflect.Pointer:
		return jsonKind(t.Elem())
	}
	return "number"
}
