package i18n

import (
	"testing"
	"time"

	"github.com/frontline-crm/frontline/embedui"
)

func catalogs(t *testing.T) Catalogs {
	t.Helper()
	c, err := Load(embedui.Locales, "locales")
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func TestRelTime(t *testing.T) {
	c := catalogs(t)
	loc := time.FixedZone("CST", 8*3600)
	now := time.Date(2026, 3, 5, 16, 0, 0, 0, loc)
	cases := []struct {
		name, locale string
		t            time.Time
		want         string
	}{
		{"today zh", ZH, time.Date(2026, 3, 5, 14, 30, 0, 0, loc), "今天 14:30"},
		{"today en", EN, time.Date(2026, 3, 5, 14, 30, 0, 0, loc), "Today 14:30"},
		{"yesterday", ZH, time.Date(2026, 3, 4, 9, 5, 0, 0, loc), "昨天 09:05"},
		{"this year zh", ZH, time.Date(2026, 1, 20, 9, 0, 0, 0, loc), "1月20日"},
		{"this year en", EN, time.Date(2026, 1, 20, 9, 0, 0, 0, loc), "Jan 20"},
		{"other year zh", ZH, time.Date(2025, 12, 31, 9, 0, 0, 0, loc), "2025年12月31日"},
		{"other year en", EN, time.Date(2025, 12, 31, 9, 0, 0, 0, loc), "Dec 31, 2025"},
		{"utc input shown in local zone", ZH, time.Date(2026, 3, 4, 23, 0, 0, 0, time.UTC), "今天 07:00"},
		{"zero", ZH, time.Time{}, ""},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			if got := c.RelTime(tc.locale, tc.t, now); got != tc.want {
				t.Errorf("RelTime = %q, want %q", got, tc.want)
			}
		})
	}
}

func TestTranslate(t *testing.T) {
	c := catalogs(t)
	if got := c.T("en", "home.greeting", "Wang"); got != "Hello, Wang" {
		t.Errorf("T en = %q", got)
	}
	if got := c.T("fr", "home.greeting", "王"); got != "你好，王" {
		t.Errorf("unknown locale falls back to zh-CN: got %q", got)
	}
	if got := c.T("en", "no.such.key"); got != "no.such.key" {
		t.Errorf("missing key shows as %q, want the key", got)
	}
}

func TestFromAcceptLanguage(t *testing.T) {
	cases := map[string]string{
		"en-US,en;q=0.9":   EN,
		"zh-CN,zh;q=0.9":   ZH,
		"fr-FR, en;q=0.5":  EN,
		"":                 ZH,
		"de-DE":            ZH,
		"zh-TW,en-US;q=.8": ZH,
	}
	for header, want := range cases {
		if got := FromAcceptLanguage(header, ZH); got != want {
			t.Errorf("FromAcceptLanguage(%q) = %q, want %q", header, got, want)
		}
	}
}
