package web

import (
	"errors"
	"strings"

	"github.com/gofiber/fiber/v2"

	"github.com/frontline-crm/frontline/app/problem"
)

// problemBody is an RFC 9457 problem document.
type problemBody struct {
	Type   string `json:"type"`
	Title  string `json:"title"`
	Status int    `json:"status"`
	Detail string `json:"detail,omitempty"`
	// Code is the stable, untranslated message key clients may match on.
	Code   string       `json:"code,omitempty"`
	Errors []fieldError `json:"errors,omitempty"`
}

type fieldError struct {
	Code    string `json:"code"`
	Field   string `json:"field"`
	Message string `json:"message"`
}

// kindInfo gives each user-facing error kind its status and type slug.
var kindInfo = map[problem.Kind]struct {
	status int
	slug   string
}{
	problem.KindValidation:   {fiber.StatusUnprocessableEntity, "validation"},
	problem.KindUnauthorized: {fiber.StatusUnauthorized, "unauthorized"},
	problem.KindForbidden:    {fiber.StatusForbidden, "forbidden"},
	problem.KindNotFound:     {fiber.StatusNotFound, "not-found"},
	problem.KindConflict:     {fiber.StatusConflict, "conflict"},
	problem.KindTooMany:      {fiber.StatusTooManyRequests, "too-many-requests"},
	problem.KindBadRequest:   {fiber.StatusBadRequest, "bad-request"},
	problem.KindTooLarge:     {fiber.StatusRequestEntityTooLarge, "too-large"},
}

// fiberKinds maps Fiber's own errors (unknown route, body too large, …)
// to our kinds and messages.
func fromFiber(fe *fiber.Error) *problem.Error {
	switch fe.Code {
	case fiber.StatusNotFound:
		return &problem.Error{Kind: problem.KindNotFound, Key: "problem.not_found"}
	case fiber.StatusRequestEntityTooLarge:
		return &problem.Error{Kind: problem.KindTooLarge, Key: "problem.too_large"}
	case fiber.StatusMethodNotAllowed:
		return &problem.Error{Kind: problem.KindBadRequest, Key: "problem.method_not_allowed"}
	}
	if fe.Code >= 400 && fe.Code < 500 {
		// Connection-level trouble Fiber reports before any handler runs:
		// a read timeout, oversized headers, an unparsable request. The
		// client's fault, never an internal error.
		return &problem.Error{Kind: problem.KindBadRequest, Key: "problem.bad_request"}
	}
	return nil
}

// handleError is the one place an error becomes a response: user-facing
// errors are translated, anything else is logged and shown as a generic
// failure with the request id to quote.
func (s *Server) handleError(c *fiber.Ctx, err error) error {
	pe, ok := problem.As(err)
	var fe *fiber.Error
	if !ok && errors.As(err, &fe) {
		pe = fromFiber(fe)
		ok = pe != nil
	}
	if !ok {
		s.Log.Error("request failed", "request_id", requestID(c), "route", routeOf(c), "error", err)
		pe = &problem.Error{Key: "problem.internal", Args: []any{requestID(c)}}
	}
	status, slug := fiber.StatusInternalServerError, "internal"
	if info, found := kindInfo[pe.Kind]; found {
		status, slug = info.status, info.slug
	}
	if wantsHTML(c) {
		return s.renderError(c, status, pe)
	}
	return c.Status(status).JSON(s.problemDoc(c, status, slug, pe), "application/problem+json")
}

// problemDoc is the problem body plus the error's extension members.
func (s *Server) problemDoc(c *fiber.Ctx, status int, slug string, pe *problem.Error) any {
	body := s.problemBody(c, status, slug, pe)
	if len(pe.Extra) == 0 {
		return body
	}
	doc := map[string]any{}
	for k, v := range pe.Extra {
		doc[k] = v
	}
	doc["type"], doc["title"], doc["status"], doc["detail"] = body.Type, body.Title, body.Status, body.Detail
	doc["code"] = body.Code
	if len(body.Errors) > 0 {
		doc["errors"] = body.Errors
	}
	return doc
}

func (s *Server) problemBody(c *fiber.Ctx, status int, slug string, pe *problem.Error) problemBody {
	loc := localeOf(c)
	body := problemBody{
		Type:   "urn:frontline:problem:" + slug,
		Title:  s.Catalogs.T(loc, "problem.title."+slug),
		Status: status,
		Detail: s.Catalogs.T(loc, pe.Key, pe.Args...),
		Code:   pe.Key,
	}
	for _, f := range pe.Fields {
		body.Errors = append(body.Errors, fieldError{Code: f.Key, Field: f.Field,
			Message: s.Catalogs.T(loc, f.Key, f.Args...)})
	}
	return body
}

// wantsHTML is true for page requests: anything outside the API and the
// machine endpoints.
func wantsHTML(c *fiber.Ctx) bool {
	p := c.Path()
	return !strings.HasPrefix(p, "/api/") && p != "/metrics" && p != "/readyz" && p != "/healthz"
}

// fieldErrors translates a validation error into field → message, for
// re-rendering a form; other errors give nil.
func (s *Server) fieldErrors(c *fiber.Ctx, err error) map[string]string {
	pe, ok := problem.As(err)
	if !ok {
		return nil
	}
	out := map[string]string{}
	for _, f := range pe.Fields {
		if _, dup := out[f.Field]; !dup {
			out[f.Field] = s.Catalogs.T(localeOf(c), f.Key, f.Args...)
		}
	}
	if len(pe.Fields) == 0 {
		out["_"] = s.Catalogs.T(localeOf(c), pe.Key, pe.Args...)
	}
	return out
}
