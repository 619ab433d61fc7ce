package job

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/frontline-crm/frontline/app/store"
)

// maxTimerBatch bounds the timers one pass runs, so a backlog after long
// downtime is worked off in passes that each end (and can be stopped).
const maxTimerBatch = 1000

// runTimers runs the timers due now, earliest first.
func (s *Scheduler) runTimers(ctx context.Context, stop <-chan struct{}) (int, error) {
	keys, err := s.dueTimerKeys(s.clk.Now())
	if err != nil {
		return 0, err
	}
	ran := 0
	var errs []error
	for _, due := range keys {
		if halted(ctx, stop) {
			break
		}
		ok, err := s.runTimer(ctx, due)
		if ok {
			ran++
		}
		errs = append(errs, err)
	}
	return ran, errors.Join(errs...)
}

// dueTimerKeys lists up to maxTimerBatch due keys of timers due by now.
func (s *Scheduler) dueTimerKeys(now time.Time) ([]string, error) {
	var keys []string
	collect := func(key string, _ []byte) (bool, error) {
		at, err := dueTime(key)
		if err != nil || at.After(now) {
			return false, err
		}
		keys = append(keys, key)
		return len(keys) < maxTimerBatch, nil
	}
	err := s.db.View(func(tx *store.Tx) error {
		return tx.Scan(duePrefix, store.ScanOptions{KeysOnly: true}, collect)
	})
	return keys, err
}

// runTimer runs the timer under due, if it still exists, and deletes it
// in the same transaction. It reports whether the handler succeeded.
func (s *Scheduler) runTimer(ctx context.Context, due string) (bool, error) {
	var t Timer
	found := false
	err := s.db.Update(func(tx *store.Tx) error {
		var err error
		t, found, err = readTimer(tx, due)
		if errors.Is(err, errUnreadable) {
			return s.dropUnreadable(tx, due, err)
		}
		if err != nil || !found {
			return err
		}
		if err := deleteTimer(tx, due, t); err != nil {
			return err
		}
		return s.protect(t.Kind, func() error { return s.handle(ctx, tx, t) })
	})
	if err != nil && found {
		return false, s.recordTimerFailure(due, err)
	}
	return found && err == nil, err
}

// handle calls the handler registered for t's kind.
func (s *Scheduler) handle(ctx context.Context, tx *store.Tx, t Timer) error {
	s.mu.Lock()
	fn := s.handlers[t.Kind]
	s.mu.Unlock()
	if fn == nil {
		return fmt.Errorf("job: no handler for timer kind %q", t.Kind)
	}
	return fn(ctx, tx, t)
}

// deleteTimer removes the timer under due and its pointer.
func deleteTimer(tx *store.Tx, due string, t Timer) error {
	if err := tx.Delete(due); err != nil {
		return err
	}
	return tx.Delete(pointerKey(t.Kind, t.Key))
}

// dropUnreadable deletes a timer that can never run, rather than failing
// every pass on it.
func (s *Scheduler) dropUnreadable(tx *store.Tx, due string, err error) error {
	s.log.Error("job dropped unreadable timer", "timer_key", due, "error", err)
	return tx.Delete(due)
}

// recordTimerFailure logs runErr and moves the timer to its retry time
// with one more attempt, unless it was replaced or cancelled meanwhile.
func (s *Scheduler) recordTimerFailure(due string, runErr error) error {
	now := s.clk.Now()
	var t Timer
	err := s.db.Update(func(tx *store.Tx) error {
		cur, ok, err := readTimer(tx, due)
		if err != nil || !ok {
			return err
		}
		t = cur
		t.Attempt++
		t.LastError = runErr.Error()
		if err := tx.Delete(due); err != nil {
			return err
		}
		return putTimer(tx, dueKey(now.Add(backoff(t.Attempt)), t), t)
	})
	s.log.Warn("timer failed", "job", t.Kind, "timer_key", t.Key, "error", runErr,
		"attempt", t.Attempt, "retry_at", now.Add(backoff(t.Attempt)))
	if err != nil {
		return fmt.Errorf("job: record failure of timer %s: %w", due, err)
	}
	return nil
}
