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

// eventSummary shows an event's details as "key: value" pairs; for a
// change (data with "from" and "to") only what changed, as "key: old →
// new". Ids found in labels (regions, users) are shown by name.
func eventSummary(e store.Event, labels map[string]string) string {
	from, isMap1 := e.Data["from"].(map[string]any)
	to, isMap2 := e.Data["to"].(map[string]any)
	if isMap1 && isMap2 {
		return changeSummary(from, to, labels)
	}
	parts := []string{}
	for _, k := range sortedKeys(e.Data) {
		v := label(e.Data[k], labels)
		if v != "—" && v != "false" && v != "[]" { // unset details say nothing
			parts = append(parts, k+": "+v)
		}
	}
	return strings.Join(parts, " · ")
}

func changeSummary(from, to map[string]any, labels map[string]string) string {
	parts := []string{}
	for _, k := range sortedKeys(to) {
		before, after := label(from[k], labels), label(to[k], labels)
		if before != after {
			parts = append(parts, k+": "+before+" → "+after)
		}
	}
	return strings.Join(parts, " · ")
}

func sortedKeys(m map[string]any) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

// label renders one value, naming known ids.
func label(v any, labels map[string]string) string {
	switch x := v.(type) {
	case nil:
		return "—"
	case string:
		if name, ok := labels[x]; ok {
			return name
		}
		if x == "" {
			return "—"
		}
		return x
	case []any:
		items := make([]string, len(x))
		for i, item := range x {
			items[i] = label(item, labels)
		}
		return "[" + strings.Join(items, ", ") + "]"
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
