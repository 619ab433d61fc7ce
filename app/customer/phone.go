package customer

import (
	"regexp"
	"strings"
)

var (
	mobileRe = regexp.MustCompile(`^1[3-9][0-9]{9}$`)
	// landlineRe: area codes are 010 and 02x, or 0 and three digits from
	// 03 up; spelling that out keeps 01062345678 from splitting as
	// 0106-2345678.
	landlineRe = regexp.MustCompile(`^(010|02[0-9]|0[3-9][0-9]{2})-?([2-9][0-9]{6,7})(?:-([0-9]{1,6}))?$`)
)

// NormalizeMobile turns a Chinese mobile number written any usual way
// (spaces, dashes, dots, brackets, +86/0086/86 prefixes, full-width digits)
// into its 11-digit canonical form. ok is false for anything else.
func NormalizeMobile(s string) (canonical string, ok bool) {
	d := strings.Map(func(r rune) rune {
		switch r {
		case ' ', '-', '.', '(', ')', '+':
			return -1
		}
		return r
	}, halfWidth(strings.TrimSpace(s)))
	switch {
	case len(d) == 15 && strings.HasPrefix(d, "0086"):
		d = d[4:]
	case len(d) == 13 && strings.HasPrefix(d, "86"):
		d = d[2:]
	}
	if !mobileRe.MatchString(d) {
		return "", false
	}
	return d, true
}

// NormalizePhone accepts a mobile number (canonical 11 digits) or a
// landline with its area code, stored as "0571-88886666" (with "-123" for
// an extension). ok is false for anything else.
func NormalizePhone(s string) (canonical string, ok bool) {
	if m, ok := NormalizeMobile(s); ok {
		return m, true
	}
	t := strings.Map(func(r rune) rune {
		switch r {
		case ' ', '(', ')':
			return -1
		}
		return r
	}, halfWidth(strings.TrimSpace(s)))
	t = strings.TrimPrefix(strings.TrimPrefix(t, "+86-"), "+86")
	if !strings.HasPrefix(t, "0") {
		t = "0" + t // +86 571… drops the trunk 0
	}
	m := landlineRe.FindStringSubmatch(t)
	if m == nil {
		return "", false
	}
	out := m[1] + "-" + m[2]
	if m[3] != "" {
		out += "-" + m[3]
	}
	return out, true
}
