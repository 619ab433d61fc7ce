package web_test

import (
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/frontline-crm/frontline/app/i18n"
	"github.com/frontline-crm/frontline/app/notify"
	"github.com/frontline-crm/frontline/app/store"
)

// leaveNotice writes a notification for the account, a second after the
// last, and returns its id.
func (e *env) leaveNotice(t *testing.T, as, kind, subject, key string, args ...any) string {
	t.Helper()
	e.clk.Advance(time.Second)
	err := e.db.Update(func(tx *store.Tx) error {
		return notify.Add(tx, e.account(as).ID, kind, subject, key, args, e.clk.Now())
	})
	if err != nil {
		t.Fatalf("notify.Add: %v", err)
	}
	items, _, err := notify.List(e.db, e.account(as).ID, store.PageRequest{Limit: 1})
	if err != nil || len(items) == 0 {
		t.Fatalf("notify.List: %v", err)
	}
	return items[0].ID
}

var badge = regexp.MustCompile(`<span class="badge" data-testid="unread-badge">([^<]*)</span>`)

// bellCount is the number on the top bar's bell, "" without a badge.
func bellCount(body string) string {
	if m := badge.FindStringSubmatch(body); m != nil {
		return m[1]
	}
	return ""
}

// TestNotificationsPage: the bell counts the unread, the page lists them
// newest first, opening one marks it read and leads to its customer, and
// "mark all read" clears the badge. The plain server (no customer
// activity) has the page too.
func TestNotificationsPage(t *testing.T) {
	t.Parallel()
	e := newEnv(t, options{})
	rep := e.signedIn("rep")
	r := rep.get(t, "/notifications")
	checkHTML(t, r, http.StatusOK)
	if bellCount(r.body) != "" || !strings.Contains(r.body, e.T(i18n.ZH, "notifications.empty_title")) {
		t.Errorf("no notifications: want the empty state and no badge")
	}

	const customerID = "01KJW16MM07FNZ56PMCRDM0B9H"
	first := e.leaveNotice(t, "rep", "customer.assign", "customer/"+customerID, "notify.customer.assign", "甲公司")
	e.leaveNotice(t, "rep", "customer.pool_return", "customer/"+customerID, "notify.customer.pool_return", "乙公司", 30)
	e.leaveNotice(t, "rep2", "customer.assign", "customer/"+customerID, "notify.customer.assign", "丙公司")

	r = rep.get(t, "/")
	if got := bellCount(r.body); got != "2" {
		t.Errorf("bell on the home page: %q, want 2", got)
	}
	if !strings.Contains(r.body, `aria-label="`+e.T(i18n.ZH, "nav.notifications_unread", 2)+`"`) {
		t.Errorf("the bell does not say how many are unread")
	}
	r = rep.get(t, "/notifications")
	newer := strings.Index(r.body, e.T(i18n.ZH, "notify.customer.pool_return", "乙公司", 30))
	older := strings.Index(r.body, e.T(i18n.ZH, "notify.customer.assign", "甲公司"))
	if newer < 0 || older < 0 || newer > older {
		t.Errorf("want both notifications, newest first (at %d, %d)", newer, older)
	}
	if strings.Contains(r.body, "丙公司") {
		t.Errorf("the rep sees another user's notification")
	}

	r = rep.post(t, "/notifications/"+first+"/read", url.Values{"next": {"/customers/" + customerID}})
	if r.status != http.StatusSeeOther || r.header.Get("Location") != "/customers/"+customerID {
		t.Fatalf("open a notification: %d to %q, want 303 to its customer", r.status, r.header.Get("Location"))
	}
	if got := bellCount(rep.get(t, "/profile").body); got != "1" {
		t.Errorf("bell after reading one: %q, want 1", got)
	}
	if r := e.signedIn("rep2").post(t, "/notifications/"+first+"/read", nil); r.status != http.StatusNotFound {
		t.Errorf("marking someone else's notification: %d, want 404", r.status)
	}
	r = rep.post(t, "/notifications/"+first+"/read", url.Values{"next": {"//evil.example"}})
	if r.header.Get("Location") != "/" {
		t.Errorf("a foreign next: redirected to %q, want /", r.header.Get("Location"))
	}

	r = rep.post(t, "/notifications/read", nil)
	if r.status != http.StatusSeeOther {
		t.Fatalf("mark all read: %d, want 303", r.status)
	}
	r = rep.get(t, "/notifications")
	if bellCount(r.body) != "" || !strings.Contains(r.body, e.T(i18n.ZH, "flash.notifications_read")) {
		t.Errorf("after marking all read: want the flash and no badge")
	}
	if got := bellCount(e.signedIn("rep2").get(t, "/").body); got != "1" {
		t.Errorf("another user's bell after the rep marked all read: %q, want 1", got)
	}
}
