package config

import (
	"fmt"
	"strings"
)

// Reference renders the reference configuration file: every option with
// its help, environment variable and default, grouped by section. The
// result is a valid config file equal to the defaults.
func Reference() string {
	var b strings.Builder
	b.WriteString("# Frontline configuration reference.\n")
	b.WriteString("# Every option is shown with its default. Each can also be set by the\n")
	b.WriteString("# environment variable named below, which wins over this file; the most\n")
	b.WriteString("# common ones also have command-line flags, which win over both.\n")
	b.WriteString("# Generated from app/config/table.go; `go test ./app/config -update` rewrites it.\n")
	section := ""
	for _, o := range Table {
		sec, key, _ := strings.Cut(o.Name, ".")
		if sec != section {
			fmt.Fprintf(&b, "\n[%s]\n", sec)
			section = sec
		}
		fmt.Fprintf(&b, "\n# %s\n# Environment: %s", o.Help, o.Env())
		if o.Secret {
			b.WriteString(" (secret: never shown back or logged)")
		}
		fmt.Fprintf(&b, "\n%s = %s\n", key, tomlValue(o))
	}
	return b.String()
}

func tomlValue(o Option) string {
	switch o.Kind {
	case Int, Bool:
		return o.Default
	case List:
		items := splitList(o.Default)
		quoted := make([]string, len(items))
		for i, s := range items {
			quoted[i] = fmt.Sprintf("%q", s)
		}
		return "[" + strings.Join(quoted, ", ") + "]"
	}
	return fmt.Sprintf("%q", o.Default)
}
