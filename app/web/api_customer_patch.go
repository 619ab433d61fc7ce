package web

import (
	"encoding/json"
	"fmt"

	"github.com/gofiber/fiber/v2"

	"github.com/frontline-crm/frontline/app/problem"
)

// decodePatch applies a PATCH body to cur, the input that would save the
// record unchanged: members the body names replace cur's (null clears
// them), the others keep their values. The body is checked as strictly
// as decodeJSON checks it, against the same type. It returns the merged
// input and the names of the members the body gave.
//
// Members are matched by their exact JSON name (encoding/json alone would
// take "Name" for "name"); T's fields must not be omitempty, so that
// every name appears in cur's encoding.
func decodePatch[T any](c *fiber.Ctx, cur T) (T, map[string]bool, error) {
	var zero, probe T
	if err := decodeJSON(c, &probe); err != nil {
		return zero, nil, err
	}
	var patch map[string]json.RawMessage
	if err := json.Unmarshal(c.BodyRaw(), &patch); err != nil {
		return zero, nil, jsonProblem(err)
	}
	merged, err := jsonMembers(cur)
	if err != nil {
		return zero, nil, err
	}
	var v problem.Validation
	has := map[string]bool{}
	for name, raw := range patch {
		if _, known := merged[name]; !known {
			v.Add(name, "problem.field_unknown")
			continue
		}
		merged[name], has[name] = raw, true
	}
	if err := v.Err(); err != nil {
		return zero, nil, err
	}
	var out T
	raw, err := json.Marshal(merged)
	if err == nil {
		err = json.Unmarshal(raw, &out)
	}
	if err != nil {
		return zero, nil, fmt.Errorf("web: merge patch: %w", err)
	}
	return out, has, nil
}

// jsonMembers encodes v as a JSON object and returns its members.
func jsonMembers(v any) (map[string]json.RawMessage, error) {
	raw, err := json.Marshal(v)
	if err != nil {
		return nil, fmt.Errorf("web: encode patch base: %w", err)
	}
	var out map[string]json.RawMessage
	if err := json.Unmarshal(raw, &out); err != nil {
		return nil, fmt.Errorf("web: decode patch base: %w", err)
	}
	return out, nil
}

// queryBool reads a true/false query parameter; absent is false, any
// other value is a validation error on that parameter.
func queryBool(c *fiber.Ctx, v *problem.Validation, name string) bool {
	switch c.Query(name) {
	case "", "false":
		return false
	case "true":
		return true
	}
	v.Add(name, "problem.field_type", "boolean")
	return false
}
