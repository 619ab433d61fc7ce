package config

import (
	"errors"
	"fmt"
	"os"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/BurntSushi/toml"
)

// Config is a validated set of values for every option in Table.
type Config struct {
	values map[string]string
	// origin says where each value came from: default, file, env or flag.
	origin map[string]string
}

// Sources are where Load reads values from, lowest precedence first after
// the defaults.
type Sources struct {
	// File is a TOML file path; empty means none.
	File string
	// Env looks up environment variables; nil means os.LookupEnv.
	Env func(string) (string, bool)
	// Flags are values given on the command line, by option name.
	Flags map[string]string
}

// Load merges defaults, file, environment and flags, and validates every
// value. The error lists every problem found, one per line.
func Load(src Sources) (*Config, error) {
	c := &Config{values: map[string]string{}, origin: map[string]string{}}
	for _, o := range Table {
		c.set(o.Name, o.Default, "default")
	}
	var problems []string
	if src.File != "" {
		problems = append(problems, c.loadFile(src.File)...)
	}
	env := src.Env
	if env == nil {
		env = os.LookupEnv
	}
	for _, o := range Table {
		if v, ok := env(o.Env()); ok {
			c.set(o.Name, v, "env")
		}
	}
	for name, v := range src.Flags {
		c.set(name, v, "flag")
	}
	problems = append(problems, c.validate()...)
	if len(problems) > 0 {
		return nil, errors.New(strings.Join(problems, "\n"))
	}
	return c, nil
}

// Default returns the configuration made of defaults only.
func Default() *Config {
	c, err := Load(Sources{Env: func(string) (string, bool) { return "", false }})
	if err != nil {
		panic("config: defaults do not validate: " + err.Error())
	}
	return c
}

func (c *Config) set(name, value, origin string) {
	c.values[name] = value
	c.origin[name] = origin
}

// loadFile reads a TOML file of [section] tables whose keys are options.
func (c *Config) loadFile(path string) []string {
	var doc map[string]map[string]any
	if _, err := toml.DecodeFile(path, &doc); err != nil {
		return []string{fmt.Sprintf("config file %s: %v", path, err)}
	}
	var problems []string
	for section, keys := range doc {
		for key, raw := range keys {
			name := section + "." + key
			if _, ok := lookup(name); !ok {
				problems = append(problems, fmt.Sprintf("config file %s: unknown option %q", path, name))
				continue
			}
			c.set(name, tomlString(raw), "file")
		}
	}
	return problems
}

// tomlString turns a decoded TOML value back into the option's text form.
func tomlString(raw any) string {
	switch v := raw.(type) {
	case []any:
		parts := make([]string, len(v))
		for i, p := range v {
			parts[i] = fmt.Sprint(p)
		}
		return strings.Join(parts, ",")
	default:
		return fmt.Sprint(v)
	}
}

func (c *Config) validate() []string {
	var problems []string
	for _, o := range Table {
		v := c.values[o.Name]
		if err := checkKind(o.Kind, v); err != nil {
			problems = append(problems, fmt.Sprintf("%s (from %s): %v", o.Name, c.origin[o.Name], err))
			continue
		}
		if o.Check != nil && v != "" {
			if err := o.Check(v); err != nil {
				problems = append(problems, fmt.Sprintf("%s (from %s): %v", o.Name, c.origin[o.Name], err))
			}
		}
	}
	sort.Strings(problems)
	return problems
}

func checkKind(k Kind, v string) error {
	var err error
	switch k {
	case Int:
		_, err = strconv.Atoi(v)
		if err != nil {
			return fmt.Errorf("%q is not a whole number", v)
		}
	case Bool:
		_, err = strconv.ParseBool(v)
		if err != nil {
			return fmt.Errorf("%q is not true or false", v)
		}
	case Duration:
		_, err = time.ParseDuration(v)
		if err != nil {
			return fmt.Errorf("%q is not a duration such as 30s, 5m or 8h", v)
		}
	}
	return nil
}

// String returns an option's value. It panics on a name not in Table,
// which is a programming error caught by any test that reaches it.
func (c *Config) String(name string) string {
	v, ok := c.values[name]
	if !ok {
		panic("config: unknown option " + name)
	}
	return v
}

// Int returns an Int option's value.
func (c *Config) Int(name string) int {
	i, _ := strconv.Atoi(c.String(name))
	return i
}

// Bool returns a Bool option's value.
func (c *Config) Bool(name string) bool {
	b, _ := strconv.ParseBool(c.String(name))
	return b
}

// Duration returns a Duration option's value.
func (c *Config) Duration(name string) time.Duration {
	d, _ := time.ParseDuration(c.String(name))
	return d
}

// List returns a List option's values.
func (c *Config) List(name string) []string { return splitList(c.String(name)) }

// redacted replaces secret values in dumps.
const redacted = "<redacted>"

// Dump renders the effective configuration, one "name = value  # origin"
// line per option, with secrets redacted.
func (c *Config) Dump() string {
	var b strings.Builder
	for _, o := range Table {
		v := c.values[o.Name]
		if o.Secret && v != "" {
			v = redacted
		}
		fmt.Fprintf(&b, "%s = %q  # %s\n", o.Name, v, c.origin[o.Name])
	}
	return b.String()
}
