package web_test

import (
	"net/http"
	"regexp"
	"strings"
	"testing"
	"time"
)

// TestGetRoutesChangeNothing calls every GET (and HEAD) route of the server
// and checks the database is the same afterwards. Every route must be in
// the table below, so a new GET route fails here until it is added.
func TestGetRoutesChangeNothing(t *testing.T) {
	t.Parallel()
	e := newEnv(t, options{})
	secret, err := e.auth.NewSetupLink()
	if err != nil {
		t.Fatal(err)
	}
	asset := regexp.MustCompile(`/assets/[0-9a-f]{10}/app\.css`).FindString(
		e.run(t, scenario{method: "GET", path: "/login", status: http.StatusOK}).body)
	if asset == "" {
		t.Fatalf("the login page links no hashed app.css")
	}
	rep, region := e.account("rep").ID, e.region["杭州"]

	// Each route pattern, the address it is called at and the answer an
	// admin with a session gets.
	table := map[string]struct {
		path   string
		status int
	}{
		"/healthz":             {"/healthz", http.StatusOK},
		"/readyz":              {"/readyz", http.StatusOK},
		"/metrics":             {"/metrics", http.StatusOK},
		"/assets/:hash/*":      {asset, http.StatusOK},
		"/login":               {"/login?next=/profile", http.StatusSeeOther},
		"/setup/:secret":       {"/setup/" + secret, http.StatusOK},
		"/":                    {"/", http.StatusOK},
		"/profile":             {"/profile", http.StatusOK},
		"/admin/users":         {"/admin/users?role=rep", http.StatusOK},
		"/admin/users/new":     {"/admin/users/new", http.StatusOK},
		"/admin/users/:id":     {"/admin/users/" + rep, http.StatusOK},
		"/admin/regions":       {"/admin/regions", http.StatusOK},
		"/admin/audit":         {"/admin/audit?kind=auth.", http.StatusOK},
		"/api/v1/me":           {"/api/v1/me", http.StatusOK},
		"/api/v1/regions":      {"/api/v1/regions?limit=2", http.StatusOK},
		"/api/v1/regions/:id":  {"/api/v1/regions/" + region, http.StatusOK},
		"/api/v1/users":        {"/api/v1/users?q=rep", http.StatusOK},
		"/api/v1/users/:id":    {"/api/v1/users/" + rep, http.StatusOK},
		"/api/v1/tokens":       {"/api/v1/tokens", http.StatusOK},
		"/api/v1/audit":        {"/api/v1/audit", http.StatusOK},
		"/notifications":       {"/notifications", http.StatusOK},
		"/this/is/not/a/route": {"/this/is/not/a/route", http.StatusNotFound},

		// This server has no customer activity (Deps.Customers nil): its
		// pages answer not-found here. TestCustomerPagesGetsChangeNothing
		// walks them with real records on a server that has it.
		"/customers":               {"/customers?tab=pool", http.StatusNotFound},
		"/customers/new":           {"/customers/new", http.StatusNotFound},
		"/customers/:id":           {"/customers/" + region, http.StatusNotFound},
		"/customers/:id/edit":      {"/customers/" + region + "/edit", http.StatusNotFound},
		"/followups/new":           {"/followups/new?customer=" + region, http.StatusNotFound},
		"/admin/settings/customer": {"/admin/settings/customer", http.StatusNotFound},
		"/conflicts":               {"/conflicts?tab=resolved", http.StatusNotFound},

		// The notification API needs no customer activity: every server
		// serves it.
		"/api/v1/notifications":        {"/api/v1/notifications?limit=5", http.StatusOK},
		"/api/v1/notifications/unread": {"/api/v1/notifications/unread", http.StatusOK},
	}

	// A minute on, the first request of each session refreshes its
	// last-seen time (the idle timeout needs it); that write is the one
	// change a GET may make, and the comparison below ignores only it.
	e.clk.Advance(2 * time.Minute)
	before := e.snapshot(t)
	covered := map[string]bool{"/this/is/not/a/route": true}
	for _, r := range e.srv.App().GetRoutes(true) {
		if r.Method != http.MethodGet && r.Method != http.MethodHead {
			continue
		}
		tc, ok := table[r.Path]
		if !ok {
			t.Errorf("GET route %s is not in the table: add it with real parameters", r.Path)
			continue
		}
		covered[r.Path] = true
		t.Run(r.Method+" "+r.Path, func(t *testing.T) {
			e.run(t, scenario{method: r.Method, path: tc.path, as: "admin", session: true, status: tc.status})
			// Other callers take other branches (redirects, refusals).
			e.run(t, scenario{method: r.Method, path: tc.path, as: "rep", session: true})
			e.run(t, scenario{method: r.Method, path: tc.path})
			e.run(t, scenario{method: r.Method, path: tc.path, header: map[string]string{
				"Cookie": "fl_session=unknown; fl_flash=flash.user_saved; fl_locale=en"}})
		})
	}
	e.run(t, scenario{method: "GET", path: "/this/is/not/a/route", as: "admin", session: true,
		status: http.StatusNotFound})
	for path := range table {
		if !covered[path] {
			t.Errorf("table entry %s matches no GET route: remove it", path)
		}
	}

	after := e.snapshot(t)
	if diff := diffKeys(before, after, ignoreLastSeen); diff != "" {
		t.Errorf("GET requests changed the database:\n%s", diff)
	}
	// The refresh did happen, so the exemption is needed (and works).
	refreshed := false
	for k, v := range after {
		if strings.HasPrefix(k, "session/") && v != before[k] {
			refreshed = true
		}
	}
	if !refreshed {
		t.Errorf("no session's last-seen time was refreshed; the idle timeout would end active sessions")
	}
}

// ignoreLastSeen drops a session's last-seen time, the one value a read
// may write.
func ignoreLastSeen(key, val string) string {
	if strings.HasPrefix(key, "session/") {
		return lastSeen.ReplaceAllString(val, "")
	}
	return val
}

var lastSeen = regexp.MustCompile(`"last_seen_at":"[^"]*"`)
