package demo

import (
	"io"
	"log/slog"
	"testing"

	"github.com/frontline-crm/frontline/app/access"
	"github.com/frontline-crm/frontline/app/clock"
	"github.com/frontline-crm/frontline/app/org"
	"github.com/frontline-crm/frontline/app/password"
	"github.com/frontline-crm/frontline/app/store"
)

func TestSeedCoversEveryRoleOnce(t *testing.T) {
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	db, err := store.Open(t.TempDir(), store.DefaultOptions(), log)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	orgs := org.NewService(db, clock.Real{}, log)
	orgs.Hashing = password.Params{MemoryKiB: 64, Time: 1, Threads: 1}

	seeded, pw, err := Seed(orgs)
	if err != nil || !seeded || len(pw) < password.MinLength {
		t.Fatalf("Seed = %v, %q, %v; want seeded with a usable password", seeded, pw, err)
	}
	users, _, err := orgs.ListUsers(access.SystemPrincipal, org.UserFilter{}, store.PageRequest{Limit: 100})
	if err != nil {
		t.Fatal(err)
	}
	roles := map[access.Role]bool{}
	for _, u := range users {
		for _, r := range u.Roles {
			roles[r] = true
		}
		if u.Email == AdminEmail && u.HasPassword() {
			t.Error("demo admin has a password; it must be set through the setup link")
		}
		if u.Email != AdminEmail && !u.HasPassword() {
			t.Errorf("%s has no password", u.Email)
		}
	}
	for _, r := range access.Roles {
		if !roles[r] {
			t.Errorf("no demo user with role %s", r)
		}
	}
	tree, _ := orgs.Tree(access.SystemPrincipal)
	if got := len(org.Flatten(tree)); got != len(regionTree) {
		t.Errorf("%d regions, want %d", got, len(regionTree))
	}

	again, _, err := Seed(orgs)
	if err != nil || again {
		t.Errorf("second Seed = %v, %v; want no-op", again, err)
	}
}
