package main

import (
	"fmt"
	"log/slog"
	"strings"
	"testing"

	"github.com/frontline-crm/frontline/app/access"
	"github.com/frontline-crm/frontline/app/clock"
	"github.com/frontline-crm/frontline/app/config"
	"github.com/frontline-crm/frontline/app/customer"
	"github.com/frontline-crm/frontline/app/org"
	"github.com/frontline-crm/frontline/app/server"
)

// openApp opens a data directory in-process, as the commands do.
func openApp(t *testing.T, dir string) *server.App {
	t.Helper()
	cfg, err := config.Load(config.Sources{Flags: map[string]string{"data.dir": dir},
		Env: func(string) (string, bool) { return "", false }})
	if err != nil {
		t.Fatal(err)
	}
	a, err := server.Open(cfg, clock.Real{}, slog.New(slog.DiscardHandler))
	if err != nil {
		t.Fatal(err)
	}
	return a
}

// seedHandOver makes the region 杭州, the reps wang (with three
// customers) and li (with one), the rep zhao and a legal user.
func seedHandOver(t *testing.T, dir string) (wang, li []string) {
	t.Helper()
	a := openApp(t, dir)
	defer a.Close()
	sys := access.SystemPrincipal
	hz, err := a.Org.CreateRegion(sys, org.RegionInput{Name: "杭州"})
	if err != nil {
		t.Fatal(err)
	}
	owned := map[string]int{"wang": 3, "li": 1, "zhao": 0}
	ids := map[string][]string{}
	for _, name := range []string{"wang", "li", "zhao", "legal"} {
		role := "rep"
		if name == "legal" {
			role = "legal"
		}
		u, err := a.Org.CreateUser(sys, org.UserInput{Email: name + "@example.com", Name: name,
			Roles: []string{role}, Regions: []string{hz.ID}})
		if err != nil {
			t.Fatal(err)
		}
		for i := range owned[name] {
			c, err := a.Customers.Create(sys, customer.Input{Name: fmt.Sprintf("%s的客户%d", name, i),
				RegionID: hz.ID, Level: "B", OwnerID: &u.ID, OverrideReason: "test"})
			if err != nil {
				t.Fatal(err)
			}
			ids[name] = append(ids[name], c.ID)
		}
	}
	return ids["wang"], ids["li"]
}

// ownersIn returns the owners' e-mails of customers ("" is the pool).
func ownersIn(t *testing.T, dir string, ids []string) []string {
	t.Helper()
	a := openApp(t, dir)
	defer a.Close()
	var out []string
	for _, id := range ids {
		c, err := a.Customers.Get(access.SystemPrincipal, id)
		if err != nil {
			t.Fatal(err)
		}
		email := ""
		if c.OwnerID != "" {
			u, err := a.Org.UserByID(c.OwnerID)
			if err != nil {
				t.Fatal(err)
			}
			email = u.Email
		}
		out = append(out, email)
	}
	return out
}

func TestUserDisableHandsCustomersOver(t *testing.T) {
	dir := t.TempDir()
	wang, li := seedHandOver(t, dir)

	for _, tc := range []struct {
		name, to, want string
	}{
		{"unknown colleague", "nobody@example.com", `--hand-over-to: no user with e-mail "nobody@example.com"`},
		{"to oneself", "wang@example.com", "--hand-over-to: Choose someone other than the user"},
		{"to someone who may not own customers", "legal@example.com", "--hand-over-to: The receiver must be"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			code, _, errOut := cli(t, "", "user", "disable", "--data", dir, "--email", "wang@example.com",
				"--hand-over-to", tc.to)
			if code != exitFailed || !strings.Contains(errOut, tc.want) {
				t.Errorf("exit %d, stderr %q; want %d and %q", code, errOut, exitFailed, tc.want)
			}
		})
	}
	if list := mustCLI(t, "", "user", "list", "--data", dir); strings.Contains(list, "disabled") {
		t.Fatalf("a refused disable disabled someone:\n%s", list)
	}

	out := mustCLI(t, "", "user", "disable", "--data", dir, "--email", "wang@example.com",
		"--hand-over-to", "Zhao@Example.com")
	if out != "disabled wang@example.com; 3 customers handed to zhao@example.com\n" {
		t.Errorf("output = %q", out)
	}
	for i, got := range ownersIn(t, dir, wang) {
		if got != "zhao@example.com" {
			t.Errorf("customer %d of wang is owned by %q, want zhao@example.com", i, got)
		}
	}

	out = mustCLI(t, "", "user", "disable", "--data", dir, "--email", "li@example.com")
	if out != "disabled li@example.com; 1 customer handed to the pool\n" {
		t.Errorf("output = %q", out)
	}
	if got := ownersIn(t, dir, li); got[0] != "" {
		t.Errorf("li's customer is owned by %q, want the pool", got[0])
	}
}
