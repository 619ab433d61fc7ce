package web_test

import (
	"net/http"
	"net/url"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/frontline-crm/frontline/app/customer"
	"github.com/frontline-crm/frontline/app/store"
)

// accessFixture is the customers the access tests share: one per rep, and
// one in the pool of 杭州.
type accessFixture struct {
	mine, sameRegion, shenzhen, pool customer.Customer
	followUp                         customer.FollowUp
	contact                          customer.Contact
}

func newAccessFixture(e *activityEnv) accessFixture {
	e.t.Helper()
	var fx accessFixture
	fx.mine = e.seedCustomer("rep", customer.Input{Name: "西湖茶叶合作社"})
	fx.sameRegion = e.seedCustomer("rep3", customer.Input{Name: "滨江智能装备"})
	fx.shenzhen = e.seedCustomer("rep2", customer.Input{Name: "南山电子元件", RegionID: e.region["深圳"]})
	fx.pool = e.seedCustomer("manager", customer.Input{Name: "萧山纺织印染", OwnerID: poolOwner()})
	fx.followUp = e.seedFollowUp("rep3", fx.sameRegion.ID, "客户觉得太贵") // tagged 价格异议
	var err error
	fx.contact, err = e.cust.AddContact(e.principal("rep3"), fx.sameRegion.ID, customer.ContactInput{Name: "赵"})
	if err != nil {
		e.t.Fatal(err)
	}
	return fx
}

// TestCustomerAPIPermissions is the permission matrix: who may read and
// write whose customers, and what a refusal looks like.
func TestCustomerAPIPermissions(t *testing.T) {
	t.Parallel()
	e := newActivityEnv(t)
	fx := newAccessFixture(e)
	b := fx.sameRegion.ID

	t.Run("a rep cannot touch another rep's customer", func(t *testing.T) {
		for _, sc := range []scenario{
			{method: "GET", path: "/api/v1/customers/" + b},
			{method: "PATCH", path: "/api/v1/customers/" + b, body: `{"name": "改"}`},
			{method: "DELETE", path: "/api/v1/customers/" + b},
			{method: "POST", path: "/api/v1/customers/" + b + "/status", body: `{"status": "won"}`},
			{method: "GET", path: "/api/v1/customers/" + b + "/events"},
			{method: "GET", path: "/api/v1/customers/" + b + "/contacts"},
			{method: "POST", path: "/api/v1/customers/" + b + "/contacts", body: `{"name": "x"}`},
			{method: "PATCH", path: "/api/v1/contacts/" + fx.contact.ID, body: `{"name": "x"}`},
			{method: "DELETE", path: "/api/v1/contacts/" + fx.contact.ID},
			{method: "GET", path: "/api/v1/customers/" + b + "/followups"},
			{method: "GET", path: "/api/v1/followups/" + fx.followUp.ID},
			{method: "PATCH", path: "/api/v1/followups/" + fx.followUp.ID, body: `{"notes": "x"}`},
		} {
			t.Run(sc.method+" "+sc.path, func(t *testing.T) {
				before := e.snapshot(t)
				sc.as = "rep"
				r := e.send(t, sc)
				checkProblem(t, r, http.StatusNotFound)
				if strings.Contains(r.body, fx.sameRegion.Name) {
					t.Errorf("refusal names the customer: %s", r.body)
				}
				if diff := diffKeys(before, e.snapshot(t), ignoreTokenUse); diff != "" {
					t.Errorf("a refused request changed the database:\n%s", diff)
				}
			})
		}
		// A follow-up names its customer in the body: the answer is the one
		// for a customer that does not exist.
		for _, id := range []string{b, store.NewID(t0)} {
			r := e.run(t, scenario{method: "POST", path: "/api/v1/followups", as: "rep",
				body: map[string]string{"customer_id": id, "kind": "call"}})
			p := checkProblem(t, r, http.StatusUnprocessableEntity, "customer_id")
			if want := e.cat.T("zh-CN", "followup.error.customer_unknown"); p.message("customer_id") != want {
				t.Errorf("customer_id message = %q, want %q", p.message("customer_id"), want)
			}
		}
		for _, query := range []string{"", "?owner=" + e.account("rep3").ID, "?q=" + url.QueryEscape("智能"),
			"?region=" + e.region["杭州"], "?tag=" + url.QueryEscape("价格异议")} {
			if ids := e.customerIDs(t, "rep", "/api/v1/customers"+query); slices.Contains(ids, b) {
				t.Errorf("rep's list%s shows rep3's customer", query)
			}
		}
	})

	t.Run("a manager sees their subtree only", func(t *testing.T) {
		ids := e.customerIDs(t, "manager", "/api/v1/customers")
		if want := []string{fx.mine.ID, fx.sameRegion.ID, fx.pool.ID}; !sameIDs(ids, want) {
			t.Errorf("manager's list = %v, want the three 杭州 customers %v", ids, want)
		}
		for _, sc := range []scenario{
			{method: "GET", path: "/api/v1/customers/" + fx.shenzhen.ID},
			{method: "PATCH", path: "/api/v1/customers/" + fx.shenzhen.ID, body: `{"level": "A"}`},
			{method: "POST", path: "/api/v1/customers/" + fx.shenzhen.ID + "/status", body: `{"status": "won"}`},
		} {
			sc.as = "manager"
			checkProblem(t, e.send(t, sc), http.StatusNotFound)
		}
		e.run(t, scenario{method: "PATCH", path: "/api/v1/customers/" + fx.mine.ID, as: "manager",
			body: `{"level": "A"}`, status: http.StatusOK})
		for _, name := range []string{"director", "admin"} {
			if ids := e.customerIDs(t, name, "/api/v1/customers"); len(ids) != 4 {
				t.Errorf("%s sees %d customers, want all 4", name, len(ids))
			}
		}
	})

	t.Run("presales, legal and finance read but do not write", func(t *testing.T) {
		a := fx.mine.ID
		for _, name := range []string{"presales", "legal", "finance"} {
			var c customerOut
			e.get(t, name, "/api/v1/customers/"+a, &c)
			if ids := e.customerIDs(t, name, "/api/v1/customers"); len(ids) != 4 {
				t.Errorf("%s lists %d customers, want all 4", name, len(ids))
			}
			e.run(t, scenario{method: "GET", path: "/api/v1/customers/" + a + "/events", as: name,
				status: http.StatusOK})
			writes := []scenario{
				{method: "POST", path: "/api/v1/customers", body: map[string]string{"name": "新", "level": "B",
					"region_id": e.region["杭州"]}},
				{method: "PATCH", path: "/api/v1/customers/" + a, body: `{"name": "改"}`},
				{method: "DELETE", path: "/api/v1/customers/" + a},
				{method: "POST", path: "/api/v1/customers/" + a + "/contacts", body: `{"name": "x"}`},
				{method: "PATCH", path: "/api/v1/contacts/" + fx.contact.ID, body: `{"name": "x"}`},
			}
			if name != "presales" {
				// Presales record their own meetings (and so state a status).
				writes = append(writes,
					scenario{method: "POST", path: "/api/v1/followups",
						body: map[string]string{"customer_id": a, "kind": "meeting"}},
					scenario{method: "POST", path: "/api/v1/customers/" + a + "/status", body: `{"status": "won"}`},
					scenario{method: "PATCH", path: "/api/v1/followups/" + fx.followUp.ID, body: `{"notes": "x"}`})
			}
			for _, sc := range writes {
				t.Run(name+" "+sc.method+" "+sc.path, func(t *testing.T) {
					sc.as = name
					checkProblem(t, e.send(t, sc), http.StatusForbidden)
				})
			}
		}
		e.run(t, scenario{method: "POST", path: "/api/v1/followups", as: "presales", status: http.StatusCreated,
			body: map[string]string{"customer_id": a, "kind": "meeting", "notes": "技术交流"}})
	})

	t.Run("warehouse has no customer list", func(t *testing.T) {
		checkProblem(t, e.run(t, scenario{method: "GET", path: "/api/v1/customers", as: "warehouse"}),
			http.StatusForbidden)
		checkProblem(t, e.run(t, scenario{method: "GET", path: "/api/v1/customers/" + fx.mine.ID,
			as: "warehouse"}), http.StatusNotFound)
	})

	t.Run("settings are the admin's", func(t *testing.T) {
		checkProblem(t, e.run(t, scenario{method: "PUT", path: "/api/v1/settings/customer", as: "director",
			body: customer.DefaultSettings()}), http.StatusForbidden)
	})
}

// TestCustomerAPIPool checks a region's pool is open to that region's reps
// and to nobody else's.
func TestCustomerAPIPool(t *testing.T) {
	t.Parallel()
	e := newActivityEnv(t)
	fx := newAccessFixture(e)
	p := fx.pool.ID
	if ids := e.customerIDs(t, "rep", "/api/v1/customers?pool=true"); !slices.Equal(ids, []string{p}) {
		t.Errorf("rep's pool = %v, want %s", ids, p)
	}
	if ids := e.customerIDs(t, "rep", "/api/v1/customers"); slices.Contains(ids, p) {
		t.Errorf("rep's own list shows the pool customer")
	}
	if ids := e.customerIDs(t, "rep2", "/api/v1/customers?pool=true"); len(ids) != 0 {
		t.Errorf("深圳 rep's pool = %v, want nothing from 杭州", ids)
	}
	if ids := e.customerIDs(t, "manager", "/api/v1/customers?pool=true"); !slices.Equal(ids, []string{p}) {
		t.Errorf("manager's pool = %v, want %s", ids, p)
	}
	e.run(t, scenario{method: "GET", path: "/api/v1/customers/" + p, as: "rep", status: http.StatusOK})
	checkProblem(t, e.run(t, scenario{method: "GET", path: "/api/v1/customers/" + p, as: "rep2"}),
		http.StatusNotFound)
	// A rep may note a touch on a pool customer of their region, not edit it.
	e.run(t, scenario{method: "POST", path: "/api/v1/followups", as: "rep", status: http.StatusCreated,
		body: map[string]string{"customer_id": p, "kind": "call"}})
	checkProblem(t, e.run(t, scenario{method: "PATCH", path: "/api/v1/customers/" + p, as: "rep",
		body: `{"level": "A"}`}), http.StatusForbidden)
	checkProblem(t, e.run(t, scenario{method: "POST", path: "/api/v1/followups", as: "rep2",
		body: map[string]string{"customer_id": p, "kind": "call"}}), http.StatusUnprocessableEntity, "customer_id")
}

// TestCustomerAPIArchive checks archived customers leave every list and
// read except an admin's, and come back when restored.
func TestCustomerAPIArchive(t *testing.T) {
	t.Parallel()
	e := newActivityEnv(t)
	fx := newAccessFixture(e)
	a := fx.mine.ID
	checkProblem(t, e.run(t, scenario{method: "DELETE", path: "/api/v1/customers/" + a, as: "rep3"}),
		http.StatusNotFound)
	e.run(t, scenario{method: "DELETE", path: "/api/v1/customers/" + a, as: "rep", status: http.StatusNoContent})

	for _, name := range []string{"rep", "manager", "director", "legal"} {
		checkProblem(t, e.run(t, scenario{method: "GET", path: "/api/v1/customers/" + a, as: name}),
			http.StatusNotFound)
		for _, query := range []string{"", "?archived=true", "?q=" + url.QueryEscape("茶叶")} {
			if ids := e.customerIDs(t, name, "/api/v1/customers"+query); slices.Contains(ids, a) {
				t.Errorf("%s's list%s shows the archived customer", name, query)
			}
		}
	}
	for _, sc := range []scenario{
		{method: "PATCH", path: "/api/v1/customers/" + a, body: `{"level": "A"}`},
		{method: "POST", path: "/api/v1/customers/" + a + "/status", body: `{"status": "won"}`},
		{method: "DELETE", path: "/api/v1/customers/" + a},
	} {
		sc.as = "rep"
		checkProblem(t, e.send(t, sc), http.StatusNotFound)
	}
	checkProblem(t, e.run(t, scenario{method: "POST", path: "/api/v1/followups", as: "rep",
		body: map[string]string{"customer_id": a, "kind": "call"}}), http.StatusUnprocessableEntity, "customer_id")
	checkProblem(t, e.run(t, scenario{method: "POST", path: "/api/v1/customers/" + a + "/restore", as: "rep"}),
		http.StatusForbidden)

	var c customerOut
	e.get(t, "admin", "/api/v1/customers/"+a, &c)
	if !c.Archived {
		t.Errorf("admin sees archived = false, want true")
	}
	if ids := e.customerIDs(t, "admin", "/api/v1/customers"); slices.Contains(ids, a) {
		t.Errorf("admin's default list shows the archived customer")
	}
	if ids := e.customerIDs(t, "admin", "/api/v1/customers?archived=true"); !slices.Equal(ids, []string{a}) {
		t.Errorf("admin's archived list = %v, want %s", ids, a)
	}

	e.run(t, scenario{method: "POST", path: "/api/v1/customers/" + a + "/restore", as: "admin",
		status: http.StatusOK})
	var back customerOut
	e.get(t, "rep", "/api/v1/customers/"+a, &back)
	if back.Archived {
		t.Errorf("restored customer still archived")
	}
	if ids := e.customerIDs(t, "rep", "/api/v1/customers"); !slices.Contains(ids, a) {
		t.Errorf("rep's list lacks the restored customer")
	}
	var l listOut[eventOut]
	e.get(t, "rep", "/api/v1/customers/"+a+"/events", &l)
	var kinds []string
	for _, ev := range l.Items {
		kinds = append(kinds, ev.Kind)
	}
	if !slices.Contains(kinds, "customer.archive") || !slices.Contains(kinds, "customer.restore") {
		t.Errorf("events = %v, want the archive and the restore", kinds)
	}
}

// customerRoutes are the customer-activity API routes of the server, with
// their :params filled with id, so a new route is covered without touching
// the tests.
func customerRoutes(t *testing.T, e *activityEnv, id string) []scenario {
	t.Helper()
	areas := regexp.MustCompile(`^/api/v1/(customers|contacts|followups|photos|settings/customer)(/|$)`)
	param := regexp.MustCompile(`:[a-z0-9]+`)
	var out []scenario
	for _, r := range e.srv.App().GetRoutes(true) {
		if !areas.MatchString(r.Path) || r.Method == http.MethodHead {
			continue
		}
		out = append(out, scenario{name: r.Path, method: r.Method, path: param.ReplaceAllString(r.Path, id)})
	}
	if len(out) < 20 {
		t.Fatalf("found %d customer routes, want at least the 20 of customerAPI", len(out))
	}
	return out
}

// TestCustomerAPIUnauthorized sends every customer route without
// credentials, and with a session but no CSRF token.
func TestCustomerAPIUnauthorized(t *testing.T) {
	t.Parallel()
	e := newActivityEnv(t)
	before := e.snapshot(t)
	for _, sc := range customerRoutes(t, e, store.NewID(t0)) {
		if sc.method != http.MethodGet {
			sc.body = `{}`
		}
		t.Run(sc.method+" "+sc.path, func(t *testing.T) {
			checkProblem(t, e.send(t, sc), http.StatusUnauthorized)
			if sc.method == http.MethodGet {
				return
			}
			sc.as, sc.session, sc.header = "admin", true, map[string]string{"X-CSRF-Token": ""}
			checkProblem(t, e.send(t, sc), http.StatusForbidden)
		})
	}
	if diff := diffKeys(before, e.snapshot(t), ignoreLastSeen); diff != "" {
		t.Errorf("refused requests changed the database:\n%s", diff)
	}
}

// TestCustomerAPIGetsChangeNothing calls every customer GET route, as
// every kind of caller, and checks the database is unchanged (as
// TestGetRoutesChangeNothing does for the routes of the plain server).
func TestCustomerAPIGetsChangeNothing(t *testing.T) {
	t.Parallel()
	e := newActivityEnv(t)
	fx := newAccessFixture(e)
	photo := pngImage(t, 3)
	sum, err := e.cust.AddPhoto(e.principal("rep3"), photo)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := e.cust.UpdateFollowUp(e.principal("rep3"), fx.followUp.ID, customer.FollowUpInput{
		Kind: "visit", Photos: []string{sum}}); err != nil {
		t.Fatal(err)
	}
	id := fx.sameRegion.ID
	table := map[string]string{
		"/api/v1/customers":               "/api/v1/customers?limit=2&pool=true",
		"/api/v1/customers/:id":           "/api/v1/customers/" + id,
		"/api/v1/customers/:id/events":    "/api/v1/customers/" + id + "/events",
		"/api/v1/customers/:id/contacts":  "/api/v1/customers/" + id + "/contacts",
		"/api/v1/customers/:id/followups": "/api/v1/customers/" + id + "/followups",
		"/api/v1/customers/:id/health":    "/api/v1/customers/" + id + "/health",
		"/api/v1/followups/:id":           "/api/v1/followups/" + fx.followUp.ID,
		"/api/v1/photos/:sum":             "/api/v1/photos/" + sum + "?followup=" + fx.followUp.ID,
		"/api/v1/settings/customer":       "/api/v1/settings/customer",
	}
	e.clk.Advance(2 * time.Minute)
	before := e.snapshot(t)
	for _, sc := range customerRoutes(t, e, id) {
		if sc.method != http.MethodGet {
			continue
		}
		path, ok := table[sc.name]
		if !ok {
			t.Errorf("GET route %s is not in the table: add it with real parameters", sc.name)
			continue
		}
		for _, as := range append([]string{""}, "admin", "rep3", "rep", "manager", "legal", "warehouse") {
			r := e.run(t, scenario{method: "GET", path: path, as: as, session: true})
			if as == "admin" || as == "rep3" {
				if r.status != http.StatusOK {
					t.Errorf("GET %s as %s: status %d, want 200", path, as, r.status)
				}
			}
		}
	}
	if diff := diffKeys(before, e.snapshot(t), ignoreLastSeen); diff != "" {
		t.Errorf("GET requests changed the database:\n%s", diff)
	}
}
