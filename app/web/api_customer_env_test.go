package web_test

import (
	"log/slog"
	"net/http"
	"strconv"
	"testing"
	"time"

	"github.com/frontline-crm/frontline/app/access"
	"github.com/frontline-crm/frontline/app/audit"
	"github.com/frontline-crm/frontline/app/customer"
	"github.com/frontline-crm/frontline/app/filestore"
	"github.com/frontline-crm/frontline/app/org"
	"github.com/frontline-crm/frontline/app/web"
)

// activityEnv is an env whose server serves customer activity, with
// photos in a temporary folder, and four more accounts: "rep3" (a second
// rep of 杭州), "presales", "finance" and "warehouse".
type activityEnv struct {
	*env
	cust  *customer.Service
	files *filestore.Store
}

func newActivityEnv(t *testing.T) *activityEnv {
	t.Helper()
	base := newEnv(t, options{})
	log := slog.New(base.logs)
	files := filestore.New(t.TempDir())
	cust := customer.NewService(base.db, base.org, base.clk, log, files)
	srv, err := web.New(web.Deps{Config: base.cfg, DB: base.db, Org: base.org, Auth: base.auth,
		Audit: audit.New(base.db), Customers: cust, Files: files, Catalogs: base.cat, Clock: base.clk,
		Log: log, Version: "test"})
	if err != nil {
		t.Fatalf("web.New: %v", err)
	}
	base.srv = srv
	e := &activityEnv{env: base, cust: cust, files: files}
	for i, a := range []struct {
		key     string
		role    access.Role
		regions []string
	}{
		{"rep3", access.Rep, []string{e.region["杭州"]}},
		{"presales", access.Presales, nil},
		{"finance", access.Finance, nil},
		{"warehouse", access.Warehouse, nil},
	} {
		e.addAccount(a.key, a.role, a.regions, "192.0.2."+strconv.Itoa(20+i))
	}
	return e
}

// addAccount creates a user with a token and a session, known to
// scenarios by key.
func (e *activityEnv) addAccount(key string, role access.Role, regions []string, ip string) {
	e.t.Helper()
	sys := access.SystemPrincipal
	u, err := e.org.CreateUser(sys, org.UserInput{Email: key + "@example.com", Name: key,
		Roles: []string{string(role)}, Regions: regions, Password: testPassword})
	if err != nil {
		e.t.Fatalf("seed user %s: %v", key, err)
	}
	a := &account{ID: u.ID, Email: u.Email, Name: u.Name}
	if _, a.Token, err = e.auth.CreateToken(sys, u.ID, "test"); err != nil {
		e.t.Fatalf("seed token %s: %v", key, err)
	}
	a.Session, a.CSRF = e.login(a.Email, ip)
	e.acct[key] = a
}

// principal is the access principal of a seeded account.
func (e *activityEnv) principal(name string) *access.Principal {
	e.t.Helper()
	u, err := e.org.UserByID(e.account(name).ID)
	if err != nil {
		e.t.Fatalf("user %s: %v", name, err)
	}
	p, err := e.org.Principal(u)
	if err != nil {
		e.t.Fatalf("principal of %s: %v", name, err)
	}
	return p
}

// seedCustomer creates a customer through the service, acting as the
// account as; level defaults to B and the region to 杭州.
func (e *activityEnv) seedCustomer(as string, in customer.Input) customer.Customer {
	e.t.Helper()
	if in.Level == "" {
		in.Level = "B"
	}
	if in.RegionID == "" {
		in.RegionID = e.region["杭州"]
	}
	c, err := e.cust.Create(e.principal(as), in)
	if err != nil {
		e.t.Fatalf("seed customer %s: %v", in.Name, err)
	}
	return c
}

// poolOwner asks for a customer without an owner.
func poolOwner() *string {
	none := ""
	return &none
}

// seedFollowUp records a visit an hour before the fake clock's time.
func (e *activityEnv) seedFollowUp(as, customerID, notes string) customer.FollowUp {
	e.t.Helper()
	at := e.clk.Now().Add(-time.Hour)
	f, err := e.cust.AddFollowUp(e.principal(as), customer.FollowUpInput{CustomerID: customerID, Kind: "visit",
		OccurredAt: &at, Notes: notes})
	if err != nil {
		e.t.Fatalf("seed follow-up: %v", err)
	}
	return f
}

// The customer-activity records as tests read them.
type (
	customerOut struct {
		ID           string         `json:"id"`
		Name         string         `json:"name"`
		CreditCode   string         `json:"credit_code"`
		Industry     string         `json:"industry"`
		RegionID     string         `json:"region_id"`
		Address      string         `json:"address"`
		Source       string         `json:"source"`
		OwnerID      string         `json:"owner_id"`
		Level        string         `json:"level"`
		ProductLines []string       `json:"product_lines"`
		Phone        string         `json:"phone"`
		Status       string         `json:"status"`
		Custom       map[string]any `json:"custom"`
		Flagged      bool           `json:"flagged"`
		Archived     bool           `json:"archived"`
	}
	contactOut struct {
		ID           string `json:"id"`
		CustomerID   string `json:"customer_id"`
		Name         string `json:"name"`
		Title        string `json:"title"`
		Mobile       string `json:"mobile"`
		Email        string `json:"email"`
		WeChat       string `json:"wechat"`
		DecisionRole string `json:"decision_role"`
	}
	followUpOut struct {
		ID          string     `json:"id"`
		CustomerID  string     `json:"customer_id"`
		ContactID   string     `json:"contact_id"`
		Kind        string     `json:"kind"`
		OccurredAt  time.Time  `json:"occurred_at"`
		DurationMin int        `json:"duration_min"`
		Tags        []string   `json:"tags"`
		AutoTags    []string   `json:"auto_tags"`
		Notes       string     `json:"notes"`
		NextStep    string     `json:"next_step"`
		NextDue     *time.Time `json:"next_due"`
		Photos      []string   `json:"photos"`
		AuthorID    string     `json:"author_id"`
	}
	eventOut struct {
		ID      string         `json:"id"`
		Kind    string         `json:"kind"`
		At      time.Time      `json:"at"`
		ActorID string         `json:"actor_id"`
		Data    map[string]any `json:"data"`
	}
)

// get fetches path as the account and decodes the JSON answer into v,
// failing unless it is 200.
func (e *activityEnv) get(t *testing.T, as, path string, v any) {
	t.Helper()
	e.run(t, scenario{method: http.MethodGet, path: path, as: as, status: http.StatusOK}).decode(t, v)
}

// customerIDs lists the ids of the customers path gives the account.
func (e *activityEnv) customerIDs(t *testing.T, as, path string) []string {
	t.Helper()
	var l listOut[customerOut]
	e.get(t, as, path, &l)
	ids := []string{}
	for _, c := range l.Items {
		ids = append(ids, c.ID)
	}
	return ids
}
