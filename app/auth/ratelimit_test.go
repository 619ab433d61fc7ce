package auth

import (
	"testing"
	"time"

	"github.com/frontline-crm/frontline/app/clock"
)

func TestLimiterWindow(t *testing.T) {
	clk := clock.NewFake(time.Date(2026, 3, 5, 9, 0, 0, 0, time.UTC))
	l := NewLimiter(3, clk)
	for i := 0; i < 3; i++ {
		if !l.Allow("account:a", "ip:1") {
			t.Fatalf("attempt %d refused, want allowed", i+1)
		}
	}
	if l.Allow("account:a", "ip:2") {
		t.Error("4th attempt for one account allowed, want refused")
	}
	if l.Allow("account:b", "ip:1") {
		t.Error("4th attempt from one address allowed, want refused")
	}
	if !l.Allow("account:b", "ip:2") {
		t.Error("fresh account and address refused")
	}
	clk.Advance(time.Minute)
	if !l.Allow("account:a", "ip:1") {
		t.Error("attempt a minute later refused, want allowed")
	}
}

// TestRefusedAttemptsDoNotExtendTheBlock proves a client that keeps
// hammering is let in again a minute after its last allowed attempt.
func TestRefusedAttemptsDoNotExtendTheBlock(t *testing.T) {
	clk := clock.NewFake(time.Date(2026, 3, 5, 9, 0, 0, 0, time.UTC))
	l := NewLimiter(1, clk)
	l.Allow("k")
	for i := 0; i < 5; i++ {
		clk.Advance(10 * time.Second)
		if l.Allow("k") {
			t.Fatal("allowed within the window")
		}
	}
	clk.Advance(10 * time.Second)
	if !l.Allow("k") {
		t.Error("refused a minute after the last allowed attempt")
	}
}
