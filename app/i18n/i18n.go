// Package i18n holds the translation catalogs and the rules for showing
// dates and amounts the way people say them. Every user-visible string
// comes from a catalog: flat JSON files of dotted keys, one per locale,
// with fmt verbs for arguments.
//
// It must not import any Frontline package except embedui.
package i18n

import (
	"encoding/json"
	"fmt"
	"io/fs"
	"path"
	"sort"
	"strings"
)

// The supported locales; zh-CN is the default.
const (
	ZH = "zh-CN"
	EN = "en"
)

// Locales lists the supported locales, default first.
var Locales = []string{ZH, EN}

// Catalogs maps locale → key → message.
type Catalogs map[string]map[string]string

// Load reads <locale>.json for every supported locale from fsys.
func Load(fsys fs.FS, dir string) (Catalogs, error) {
	c := Catalogs{}
	for _, loc := range Locales {
		raw, err := fs.ReadFile(fsys, path.Join(dir, loc+".json"))
		if err != nil {
			return nil, fmt.Errorf("i18n: read %s: %w", loc, err)
		}
		m := map[string]string{}
		if err := json.Unmarshal(raw, &m); err != nil {
			return nil, fmt.Errorf("i18n: parse %s: %w", loc, err)
		}
		c[loc] = m
	}
	return c, nil
}

// T translates key into locale, formatting args into the message. A missing
// key shows as the key itself so the gap is visible, never as blank text.
func (c Catalogs) T(locale, key string, args ...any) string {
	msg, ok := c[Supported(locale)][key]
	if !ok {
		return key
	}
	if len(args) == 0 {
		return msg
	}
	return fmt.Sprintf(msg, args...)
}

// Has reports whether key exists in every locale.
func (c Catalogs) Has(key string) bool {
	for _, loc := range Locales {
		if _, ok := c[loc][key]; !ok {
			return false
		}
	}
	return true
}

// Keys returns the sorted keys of one locale.
func (c Catalogs) Keys(locale string) []string {
	keys := make([]string, 0, len(c[locale]))
	for k := range c[locale] {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

// Supported maps any locale tag to one we have: English tags to en,
// everything else to zh-CN.
func Supported(tag string) string {
	if strings.HasPrefix(strings.ToLower(strings.TrimSpace(tag)), "en") {
		return EN
	}
	return ZH
}

// FromAcceptLanguage picks the first supported language of an
// Accept-Language header, or def.
func FromAcceptLanguage(header, def string) string {
	for _, part := range strings.Split(header, ",") {
		tag := strings.ToLower(strings.TrimSpace(strings.Split(part, ";")[0]))
		switch {
		case strings.HasPrefix(tag, "zh"):
			return ZH
		case strings.HasPrefix(tag, "en"):
			return EN
		}
	}
	return def
}
