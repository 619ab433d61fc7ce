package access

import (
	"errors"
	"testing"

	"github.com/frontline-crm/frontline/app/problem"
)

func TestCanSee(t *testing.T) {
	manager := &Principal{UserID: "m", Roles: []Role{Manager}, Subtree: map[string]bool{"zj": true, "hz": true}}
	rep := &Principal{UserID: "r", Roles: []Role{Rep}, Subtree: map[string]bool{"hz": true}}
	director := &Principal{UserID: "d", Roles: []Role{Director}}
	legal := &Principal{UserID: "l", Roles: []Role{Legal}, Subtree: map[string]bool{"hz": true}}
	cases := []struct {
		name          string
		p             *Principal
		owner, region string
		want          bool
	}{
		{"manager sees own subtree", manager, "x", "hz", true},
		{"manager not outside", manager, "x", "sz", false},
		{"manager sees own record anywhere", manager, "m", "sz", true},
		{"rep sees own", rep, "r", "hz", true},
		{"rep not a colleague's in own region", rep, "x", "hz", false},
		{"director sees all", director, "x", "sz", true},
		{"system sees all", SystemPrincipal, "x", "sz", true},
		{"region alone is not scope for other roles", legal, "x", "hz", false},
		{"empty region never matches", manager, "x", "", false},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			if got := tc.p.CanSee(tc.owner, tc.region); got != tc.want {
				t.Errorf("CanSee = %v, want %v", got, tc.want)
			}
		})
	}
}

func TestRequire(t *testing.T) {
	rep := &Principal{Roles: []Role{Rep}}
	if err := rep.RequireAdmin(); !errors.Is(err, problem.ErrForbidden) {
		t.Errorf("rep RequireAdmin = %v, want forbidden", err)
	}
	if err := rep.RequireAny(Manager, Rep); err != nil {
		t.Errorf("rep RequireAny(manager, rep) = %v", err)
	}
	admin := &Principal{Roles: []Role{Admin}}
	if err := admin.RequireAny(Legal); err != nil {
		t.Errorf("admin RequireAny(legal) = %v, want allowed", err)
	}
	if !ValidRole("purchasing") || ValidRole("boss") {
		t.Error("ValidRole wrong")
	}
}
