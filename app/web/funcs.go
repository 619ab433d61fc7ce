package web

import (
	"encoding/json"
	"fmt"
	"html/template"
	"sort"
	"strings"
	"unicode/utf8"

	"github.com/gofiber/fiber/v2"

	"github.com/frontline-crm/frontline/app/org"
	"github.com/frontline-crm/frontline/app/store"
)

// templateFuncs are the helpers every template may call, besides View's
// methods.
func templateFuncs(a *assets) template.FuncMap {
	return template.FuncMap{
		"asset": a.URL,
		"icon": func(name string) template.HTML {
			return template.HTML(`<svg class="icon" aria-hidden="true"><use href="` +
				template.HTMLEscapeString(a.URL("icons.svg")) + `#` + template.HTMLEscapeString(name) + `"></use></svg>`)
		},
		"join":         strings.Join,
		"initial":      initial,
		"list":         func(items ...string) []string { return items },
		"pager":        func(href, label string) map[string]string { return map[string]string{"Href": href, "Label": label} },
		"regionArgs":   regionArgs,
		"eventSummary": eventSummary,
	}
}

// initial is the first character of a name, for the avatar.
func initial(name string) string {
	r, _ := utf8.DecodeRuneInString(name)
	if r == utf8.RuneError {
		return "?"
	}
	return strings.ToUpper(string(r))
}

// regionArgs bundles what the recursive region_nodes template needs.
func regionArgs(v *View, nodes, flat []*org.TreeNode) map[string]any {
	return map[string]any{"View": v, "Nodes": nodes, "Flat": flat}
}

// eventSummary shows an event's details as "key: value" pairs.
func eventSummary(e store.Event) string {
	keys := make([]string, 0, len(e.Data))
	for k := range e.Data {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	parts := make([]string, 0, len(keys))
	for _, k := range keys {
		parts = append(parts, k+": "+compact(e.Data[k]))
	}
	return strings.Join(parts, " · ")
}

func compact(v any) string {
	if s, ok := v.(string); ok {
		return s
	}
	raw, err := json.Marshal(v)
	if err != nil {
		return fmt.Sprint(v)
	}
	return string(raw)
}

// nextHref is the current page's address with the cursor of the next page,
// keeping the filters; "" when there is no next page.
func nextHref(c *fiber.Ctx, cursor string) string {
	if cursor == "" {
		return ""
	}
	args := fiber.AcquireArgs()
	defer fiber.ReleaseArgs(args)
	c.Context().QueryArgs().CopyTo(args)
	args.Set("cursor", cursor)
	return c.Path() + "?" + args.String()
}
