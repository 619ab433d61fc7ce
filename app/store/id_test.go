package store_test

import (
	"strings"
	"testing"
	"time"

	"github.com/frontline-crm/frontline/app/store"
)

func TestValidID(t *testing.T) {
	id := store.NewID(t0)
	tests := []struct {
		name string
		id   string
		want bool
	}{
		{"new id", id, true},
		{"new id of the epoch", store.NewID(time.Unix(0, 0)), true},
		{"empty", "", false},
		{"garbage", "not-an-id", false},
		{"too short", id[:25], false},
		{"too long", id + "0", false},
		{"letter outside the alphabet", id[:25] + "U", false},
		{"path characters", id[:24] + "/.", false},
		{"overflowing time", "8" + id[1:], false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := store.ValidID(tc.id); got != tc.want {
				t.Errorf("ValidID(%q) = %v, want %v", tc.id, got, tc.want)
			}
		})
	}
}

func TestNewIDSortsByTime(t *testing.T) {
	steps := []struct {
		name string
		gap  time.Duration
	}{
		{"one millisecond", time.Millisecond},
		{"one second", time.Second},
		{"one year", 365 * 24 * time.Hour},
	}
	for _, tc := range steps {
		t.Run(tc.name, func(t *testing.T) {
			for i := range 200 {
				at := t0.Add(time.Duration(i) * tc.gap)
				earlier, later := store.NewID(at), store.NewID(at.Add(tc.gap))
				if strings.Compare(earlier, later) >= 0 {
					t.Fatalf("NewID(%v) = %s does not sort before NewID(%v) = %s", at, earlier, at.Add(tc.gap), later)
				}
			}
		})
	}
}

func TestNewIDIsUnguessable(t *testing.T) {
	seen := map[string]bool{}
	for range 1000 {
		id := store.NewID(t0)
		if len(id) != 26 {
			t.Fatalf("len(NewID) = %d, want 26", len(id))
		}
		if seen[id] {
			t.Fatalf("NewID(t0) repeated %s, want random ids for the same time", id)
		}
		seen[id] = true
	}
}
