package job

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"strconv"
	"strings"
	"time"

	"github.com/frontline-crm/frontline/app/store"
)

// ErrInvalidTimer is returned by Schedule and Cancel for an empty kind or
// key, or a kind containing "/".
var ErrInvalidTimer = errors.New("job: invalid timer")

// Timer is a one-off timer as its handler sees it.
type Timer struct {
	// Kind selects the handler, e.g. "approval.overdue".
	Kind string `json:"kind"`
	// Key identifies the timer within its kind, e.g. an approval step id;
	// it may contain "/".
	Key string `json:"key"`
	// At is the time the timer was scheduled for, unchanged by retries.
	At time.Time `json:"at"`
	// Payload is what was given to Schedule.
	Payload []byte `json:"payload,omitempty"`
	// Attempt counts earlier failed attempts: 0 on the first.
	Attempt int `json:"attempt,omitempty"`
	// LastError is the error of the last failed attempt.
	LastError string `json:"last_error,omitempty"`
}

// HandlerFunc handles a due timer inside tx. The timer has already been
// deleted in tx, so the handler's writes and the deletion commit together
// (exactly once) or, when it returns an error, not at all. It may Schedule
// the same kind and key again in tx, for a later time, to recur. Like
// every store.Update function it may run more than once on a conflict, so
// it must have no effect outside tx.
type HandlerFunc func(ctx context.Context, tx *store.Tx, t Timer) error

const (
	duePrefix = "timer/due/"
	// nanosWidth zero-pads unix nanoseconds so keys sort in time order.
	nanosWidth = 19
)

// Handle registers fn for timers of kind. It panics if kind is invalid or
// already has a handler. A due timer whose kind has no handler counts as
// failed and is retried, so handlers registered late still get it.
func (s *Scheduler) Handle(kind string, fn HandlerFunc) {
	if err := checkTimer(kind, "-"); err != nil || fn == nil {
		panic(fmt.Sprintf("job: invalid timer handler for %q", kind))
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if _, dup := s.handlers[kind]; dup {
		panic(fmt.Sprintf("job: timer kind %q handled twice", kind))
	}
	s.handlers[kind] = fn
}

// Schedule writes, in the caller's tx, a timer that makes kind's handler
// run at at (or as soon as possible after) with payload. Because it is
// written in tx, the timer exists if and only if tx commits. Scheduling
// an existing kind and key again replaces the earlier timer, resetting its
// attempts. It fails with ErrInvalidTimer for a bad kind or key and with
// store errors otherwise.
func (s *Scheduler) Schedule(tx *store.Tx, kind, key string, at time.Time, payload []byte) error {
	if err := checkTimer(kind, key); err != nil {
		return err
	}
	if err := removeTimer(tx, kind, key); err != nil {
		return err
	}
	t := Timer{Kind: kind, Key: key, At: at, Payload: payload}
	if err := putTimer(tx, dueKey(at, t), t); err != nil {
		return err
	}
	s.hintAt(at)
	return nil
}

// Cancel deletes the timer for kind and key in tx, if there is one.
// It fails with ErrInvalidTimer for a bad kind or key.
func (s *Scheduler) Cancel(tx *store.Tx, kind, key string) error {
	if err := checkTimer(kind, key); err != nil {
		return err
	}
	return removeTimer(tx, kind, key)
}

func checkTimer(kind, key string) error {
	if kind == "" || key == "" || strings.Contains(kind, "/") {
		return fmt.Errorf("%w: kind %q key %q", ErrInvalidTimer, kind, key)
	}
	return nil
}

// pointerKey is timer/key/<kind>/<key>; its value is the timer's due key.
func pointerKey(kind, key string) string { return store.Key("timer", "key", kind, key) }

// dueKey is timer/due/<nanos>/<kind>/<key>.
func dueKey(at time.Time, t Timer) string {
	return fmt.Sprintf("%s%0*d/%s/%s", duePrefix, nanosWidth, sortNanos(at), t.Kind, t.Key)
}

// sortNanos is at in unix nanoseconds, with times before 1970 (due
// anyway) as 0 and times past 2262 as the largest value.
func sortNanos(at time.Time) int64 {
	switch {
	case at.Before(time.Unix(0, 0)):
		return 0
	case at.Before(time.Unix(0, math.MaxInt64)):
		return at.UnixNano()
	}
	return math.MaxInt64
}

// dueTime reads the time back from a due key.
func dueTime(key string) (time.Time, error) {
	digits := strings.TrimPrefix(key, duePrefix)
	if len(digits) < nanosWidth {
		return time.Time{}, fmt.Errorf("job: bad timer key %q", key)
	}
	nanos, err := strconv.ParseInt(digits[:nanosWidth], 10, 64)
	if err != nil {
		return time.Time{}, fmt.Errorf("job: bad timer key %q: %w", key, err)
	}
	return time.Unix(0, nanos), nil
}

func putTimer(tx *store.Tx, due string, t Timer) error {
	if err := tx.PutJSON(due, t); err != nil {
		return err
	}
	return tx.Put(pointerKey(t.Kind, t.Key), []byte(due))
}

// removeTimer deletes the timer for kind and key, if any.
func removeTimer(tx *store.Tx, kind, key string) error {
	due, err := tx.Get(pointerKey(kind, key))
	if errors.Is(err, store.ErrNotFound) {
		return nil
	}
	if err != nil {
		return err
	}
	if err := tx.Delete(string(due)); err != nil {
		return err
	}
	return tx.Delete(pointerKey(kind, key))
}

// errUnreadable marks a stored timer that cannot be decoded.
var errUnreadable = errors.New("job: unreadable timer")

// readTimer loads the timer under a due key; ok is false when it is gone.
func readTimer(tx *store.Tx, due string) (t Timer, ok bool, err error) {
	raw, err := tx.Get(due)
	if errors.Is(err, store.ErrNotFound) {
		return Timer{}, false, nil
	}
	if err != nil {
		return Timer{}, false, err
	}
	if err := json.Unmarshal(raw, &t); err != nil {
		return Timer{}, false, fmt.Errorf("%w %s: %w", errUnreadable, due, err)
	}
	return t, true, nil
}
