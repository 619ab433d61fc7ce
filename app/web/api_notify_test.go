package web_test

import (
	"fmt"
	"net/http"
	"slices"
	"testing"
	"time"

	"github.com/frontline-crm/frontline/app/i18n"
	"github.com/frontline-crm/frontline/app/notify"
	"github.com/frontline-crm/frontline/app/store"
)

// notificationOut is a notification as tests read it.
type notificationOut struct {
	ID      string    `json:"id"`
	Kind    string    `json:"kind"`
	Subject string    `json:"subject"`
	Message string    `json:"message"`
	Code    string    `json:"code"`
	Args    []any     `json:"args"`
	At      time.Time `json:"at"`
	Read    bool      `json:"read"`
}

// sameNotification compares all but the id.
func sameNotification(got, want notificationOut) bool {
	return got.Kind == want.Kind && got.Subject == want.Subject && got.Message == want.Message &&
		got.Code == want.Code && fmt.Sprint(got.Args) == fmt.Sprint(want.Args) && got.At.Equal(want.At) &&
		got.Read == want.Read
}

// notifications lists the account's notifications, newest first, in
// locale ("" for the default).
func (e *env) notifications(t *testing.T, as, locale string) []notificationOut {
	t.Helper()
	var l listOut[notificationOut]
	sc := scenario{method: "GET", path: "/api/v1/notifications?limit=200", as: as, status: http.StatusOK}
	if locale != "" {
		sc.header = map[string]string{"Accept-Language": locale}
	}
	e.run(t, sc).decode(t, &l)
	return l.Items
}

// unread is the account's unread count.
func (e *env) unread(t *testing.T, as string) int {
	t.Helper()
	var out struct {
		Count *int `json:"count"`
	}
	e.run(t, scenario{method: "GET", path: "/api/v1/notifications/unread", as: as, status: http.StatusOK}).
		decode(t, &out)
	if out.Count == nil {
		t.Fatalf("unread answer has no count")
	}
	return *out.Count
}

// notifyAt leaves the account a notification, a second after the last.
func (e *env) notifyAt(t *testing.T, as, subject, key string, args ...any) {
	t.Helper()
	e.clk.Advance(time.Second)
	err := e.db.Update(func(tx *store.Tx) error {
		return notify.Add(tx, e.account(as).ID, "customer.assign", subject, key, args, e.clk.Now())
	})
	if err != nil {
		t.Fatalf("notify.Add: %v", err)
	}
}

// TestNotificationAPI: a user reads and marks only their own
// notifications, in their language; the plain server (no customer
// activity) serves these routes too.
func TestNotificationAPI(t *testing.T) {
	t.Parallel()
	e := newEnv(t, options{})
	for i, name := range []string{"甲公司", "乙公司", "丙公司"} {
		e.notifyAt(t, "rep", fmt.Sprintf("customer/%d", i), "notify.customer.assign", name)
	}
	e.notifyAt(t, "rep2", "customer/9", "notify.customer.pool_return", "丁公司", 30)

	if n := e.unread(t, "rep"); n != 3 {
		t.Errorf("rep's unread = %d, want 3", n)
	}
	if n := e.unread(t, "admin"); n != 0 {
		t.Errorf("admin's unread = %d, want 0", n)
	}
	mine := e.notifications(t, "rep", "")
	if len(mine) != 3 {
		t.Fatalf("rep's notifications = %+v, want 3", mine)
	}
	want := notificationOut{Kind: "customer.assign", Subject: "customer/2",
		Message: e.cat.T(i18n.ZH, "notify.customer.assign", "丙公司"), Code: "notify.customer.assign",
		Args: []any{"丙公司"}, At: t0.Add(3 * time.Second)}
	if !sameNotification(mine[0], want) {
		t.Errorf("newest = %+v\nwant     %+v", mine[0], want)
	}
	if en := e.notifications(t, "rep", i18n.EN); en[0].Message != e.cat.T(i18n.EN, "notify.customer.assign",
		"丙公司") {
		t.Errorf("English message = %q", en[0].Message)
	}
	theirs := e.notifications(t, "rep2", "")
	if len(theirs) != 1 || theirs[0].Message != e.cat.T(i18n.ZH, "notify.customer.pool_return", "丁公司", 30) {
		t.Errorf("rep2's notifications = %+v, want only the pool return", theirs)
	}

	t.Run("pages", func(t *testing.T) {
		var first, second listOut[notificationOut]
		page := scenario{method: "GET", path: "/api/v1/notifications?limit=2", as: "rep", status: http.StatusOK}
		e.run(t, page).decode(t, &first)
		if len(first.Items) != 2 || first.NextCursor == nil || *first.NextCursor == "" {
			t.Fatalf("first page = %+v, want 2 items and a cursor", first)
		}
		page.path += "&cursor=" + *first.NextCursor
		e.run(t, page).decode(t, &second)
		if len(second.Items) != 1 || second.NextCursor == nil || *second.NextCursor != "" ||
			second.Items[0].ID != mine[2].ID {
			t.Errorf("second page = %+v, want the oldest and no cursor", second)
		}
		checkProblem(t, e.send(t, scenario{method: "GET", path: "/api/v1/notifications?limit=0", as: "rep"}),
			http.StatusUnprocessableEntity, "limit")
		checkProblem(t, e.send(t, scenario{method: "GET", path: "/api/v1/notifications?cursor=bogus", as: "rep"}),
			http.StatusUnprocessableEntity, "cursor")
	})

	t.Run("someone else's is not found", func(t *testing.T) {
		before := e.snapshot(t)
		for _, sc := range []scenario{
			{method: "POST", path: "/api/v1/notifications/" + theirs[0].ID + "/read", as: "rep"},
			{method: "POST", path: "/api/v1/notifications/" + theirs[0].ID + "/read", as: "admin"},
			{method: "POST", path: "/api/v1/notifications/" + store.NewID(t0) + "/read", as: "rep"},
			{method: "POST", path: "/api/v1/notifications/nope/read", as: "rep"},
		} {
			checkProblem(t, e.send(t, sc), http.StatusNotFound)
		}
		if diff := diffKeys(before, e.snapshot(t), ignoreTokenUse); diff != "" {
			t.Errorf("refused reads changed the database:\n%s", diff)
		}
		if n := e.unread(t, "rep2"); n != 1 {
			t.Errorf("rep2's unread = %d, want 1", n)
		}
		if slices.ContainsFunc(e.notifications(t, "admin", ""), func(n notificationOut) bool {
			return n.ID == theirs[0].ID
		}) {
			t.Errorf("admin's list shows rep2's notification")
		}
	})

	t.Run("anonymous", func(t *testing.T) {
		for _, sc := range []scenario{
			{method: "GET", path: "/api/v1/notifications"},
			{method: "GET", path: "/api/v1/notifications/unread"},
			{method: "POST", path: "/api/v1/notifications/" + mine[0].ID + "/read"},
		} {
			checkProblem(t, e.send(t, sc), http.StatusUnauthorized)
		}
	})

	t.Run("mark read", func(t *testing.T) {
		read := scenario{method: "POST", path: "/api/v1/notifications/" + mine[1].ID + "/read", as: "rep",
			session: true, header: map[string]string{"X-CSRF-Token": ""}}
		checkProblem(t, e.send(t, read), http.StatusForbidden) // a session needs its CSRF token
		read.header, read.status = nil, http.StatusNoContent
		e.run(t, read)
		e.run(t, read) // again: nothing to do
		if n := e.unread(t, "rep"); n != 2 {
			t.Errorf("rep's unread = %d, want 2", n)
		}
		for _, n := range e.notifications(t, "rep", "") {
			if n.Read != (n.ID == mine[1].ID) {
				t.Errorf("notification %s read = %v", n.ID, n.Read)
			}
		}
	})
}
