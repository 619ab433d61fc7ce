package auth

import (
	"sync"
	"time"

	"github.com/frontline-crm/frontline/app/clock"
)

// Limiter counts attempts per key in a sliding one-minute window. It is in
// memory: a restart forgets counts, which only ever errs towards allowing.
type Limiter struct {
	mu       sync.Mutex
	perMin   int
	clock    clock.Clock
	attempts map[string][]time.Time
}

// NewLimiter allows perMinute attempts per key per minute.
func NewLimiter(perMinute int, clk clock.Clock) *Limiter {
	return &Limiter{perMin: perMinute, clock: clk, attempts: map[string][]time.Time{}}
}

// Allow records an attempt for every key and reports whether all of them
// are still within the limit. A refused attempt is not recorded, so a
// client that waits gets in again after a minute.
func (l *Limiter) Allow(keys ...string) bool {
	l.mu.Lock()
	defer l.mu.Unlock()
	now := l.clock.Now()
	for _, k := range keys {
		l.attempts[k] = recent(l.attempts[k], now)
		if len(l.attempts[k]) >= l.perMin {
			return false
		}
	}
	for _, k := range keys {
		l.attempts[k] = append(l.attempts[k], now)
	}
	l.sweep(now)
	return true
}

// recent drops attempts older than a minute.
func recent(ts []time.Time, now time.Time) []time.Time {
	cut := 0
	for cut < len(ts) && now.Sub(ts[cut]) >= time.Minute {
		cut++
	}
	return ts[cut:]
}

// sweep forgets idle keys once the map grows, bounding memory under a
// spray of addresses.
func (l *Limiter) sweep(now time.Time) {
	if len(l.attempts) < 10000 {
		return
	}
	for k, ts := range l.attempts {
		if len(recent(ts, now)) == 0 {
			delete(l.attempts, k)
		}
	}
}
