package i18n

import "time"

// RelTime shows t the way people say it, relative to now in now's zone:
// "14:30" style with 今天/昨天 (today/yesterday), "3月5日" this year, a full
// date otherwise.
func (c Catalogs) RelTime(locale string, t, now time.Time) string {
	if t.IsZero() {
		return ""
	}
	t = t.In(now.Location())
	y1, m1, d1 := t.Date()
	y2, m2, d2 := now.Date()
	today := time.Date(y2, m2, d2, 0, 0, 0, 0, now.Location())
	day := time.Date(y1, m1, d1, 0, 0, 0, 0, now.Location())
	clock := t.Format("15:04")
	switch {
	case day.Equal(today):
		return c.T(locale, "time.today", clock)
	case day.Equal(today.AddDate(0, 0, -1)):
		return c.T(locale, "time.yesterday", clock)
	case y1 == y2:
		return c.T(locale, "time.this_year", int(m1), d1, monthName(m1))
	}
	return c.T(locale, "time.other_year", y1, int(m1), d1, monthName(m1))
}

// Exact is the full timestamp shown on hover.
func Exact(t time.Time, loc *time.Location) string {
	if t.IsZero() {
		return ""
	}
	return t.In(loc).Format("2006-01-02 15:04:05")
}

func monthName(m time.Month) string { return m.String()[:3] }
