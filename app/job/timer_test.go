package job_test

import (
	"context"
	"errors"
	"slices"
	"testing"
	"time"

	"github.com/frontline-crm/frontline/app/job"
	"github.com/frontline-crm/frontline/app/store"
)

// recorder handles timers of kind "overdue": it records each one and
// counts it in the database under "count/<key>".
type recorder struct {
	fired []job.Timer
	// fail makes the next calls return this error, once each.
	fail []error
}

func (r *recorder) handle(_ context.Context, tx *store.Tx, t job.Timer) error {
	r.fired = append(r.fired, t)
	if err := incr(tx, "count/"+t.Key); err != nil {
		return err
	}
	if len(r.fail) > 0 {
		err := r.fail[0]
		r.fail = r.fail[1:]
		return err
	}
	return nil
}

func (h *harness) schedule(key string, at time.Time, payload string) {
	h.t.Helper()
	h.update(func(tx *store.Tx) error {
		return h.s.Schedule(tx, "overdue", key, at, []byte(payload))
	})
}

func TestTimerFiresOnceAcrossRestarts(t *testing.T) {
	h := newHarness(t)
	rec := &recorder{}
	h.s.Handle("overdue", rec.handle)
	at := t0.Add(2 * time.Hour)
	h.schedule("approval/7/step/2", at, "manager")

	h.runDue(0)
	h.clk.Advance(2*time.Hour - time.Nanosecond)
	h.runDue(0)
	h.clk.Advance(time.Nanosecond)
	h.runDue(1)
	h.runDue(0)

	h.restart()
	h.s.Handle("overdue", rec.handle)
	h.clk.Advance(time.Hour)
	h.runDue(0)

	want := job.Timer{Kind: "overdue", Key: "approval/7/step/2", At: at, Payload: []byte("manager")}
	if len(rec.fired) != 1 || !sameTimer(rec.fired[0], want) {
		t.Fatalf("fired = %+v; want once %+v", rec.fired, want)
	}
	if got := h.counter("count/approval/7/step/2"); got != 1 {
		t.Errorf("handler's count = %d; want 1", got)
	}
}

func sameTimer(a, b job.Timer) bool {
	return a.Kind == b.Kind && a.Key == b.Key && a.At.Equal(b.At) &&
		string(a.Payload) == string(b.Payload) && a.Attempt == b.Attempt
}

// TestTimerNotLostAcrossRestart schedules a timer, restarts before it is
// due and checks the new scheduler fires it.
func TestTimerNotLostAcrossRestart(t *testing.T) {
	h := newHarness(t)
	h.schedule("k", t0.Add(time.Hour), "")

	h.restart()
	rec := &recorder{}
	h.s.Handle("overdue", rec.handle)
	h.clk.Advance(3 * time.Hour)
	h.runDue(1)
	if len(rec.fired) != 1 {
		t.Errorf("fired %d times; want 1", len(rec.fired))
	}
}

func TestTimerScheduleAgainReplaces(t *testing.T) {
	tests := []struct {
		name          string
		first, second time.Duration
	}{
		{"later", time.Hour, 3 * time.Hour},
		{"earlier", 3 * time.Hour, time.Hour},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			h := newHarness(t)
			rec := &recorder{}
			h.s.Handle("overdue", rec.handle)
			h.schedule("k", t0.Add(tc.first), "first")
			h.schedule("k", t0.Add(tc.second), "second")

			for range 4 {
				h.clk.Advance(time.Hour)
				h.s.RunDue(context.Background())
			}
			if len(rec.fired) != 1 {
				t.Fatalf("fired %d times; want 1", len(rec.fired))
			}
			got := rec.fired[0]
			if string(got.Payload) != "second" || !got.At.Equal(t0.Add(tc.second)) {
				t.Errorf("fired %q at %v; want %q at %v", got.Payload, got.At, "second", t0.Add(tc.second))
			}
		})
	}
}

func TestTimerCancel(t *testing.T) {
	h := newHarness(t)
	rec := &recorder{}
	h.s.Handle("overdue", rec.handle)
	h.schedule("k", t0.Add(time.Hour), "")
	h.schedule("other", t0.Add(time.Hour), "")

	h.update(func(tx *store.Tx) error { return h.s.Cancel(tx, "overdue", "k") })
	h.update(func(tx *store.Tx) error { return h.s.Cancel(tx, "overdue", "never-scheduled") })
	h.clk.Advance(2 * time.Hour)
	h.runDue(1)

	if len(rec.fired) != 1 || rec.fired[0].Key != "other" {
		t.Errorf("fired = %+v; want only %q", rec.fired, "other")
	}
}

func TestTimerCommitsWithCallersTransaction(t *testing.T) {
	tests := []struct {
		name       string
		txErr      error
		wantRecord bool
		wantFired  int
	}{
		{"committed", nil, true, 1},
		{"rolled back", errors.New("validation failed"), false, 0},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			h := newHarness(t)
			rec := &recorder{}
			h.s.Handle("overdue", rec.handle)
			err := h.db.Update(func(tx *store.Tx) error {
				if err := tx.Put("approval/7", []byte("pending")); err != nil {
					return err
				}
				if err := h.s.Schedule(tx, "overdue", "7", t0.Add(time.Hour), nil); err != nil {
					return err
				}
				return tc.txErr
			})
			if !errors.Is(err, tc.txErr) {
				t.Fatalf("Update() = %v; want %v", err, tc.txErr)
			}
			if got := hasKey(h, "approval/7"); got != tc.wantRecord {
				t.Errorf("record exists = %v; want %v", got, tc.wantRecord)
			}
			h.clk.Advance(time.Hour)
			h.runDue(tc.wantFired)
		})
	}
}

func hasKey(h *harness, key string) bool {
	h.t.Helper()
	var ok bool
	err := h.db.View(func(tx *store.Tx) error {
		var err error
		ok, err = tx.Has(key)
		return err
	})
	if err != nil {
		h.t.Fatalf("has %s: %v", key, err)
	}
	return ok
}

func TestTimerFailureRollsBackAndRetries(t *testing.T) {
	h := newHarness(t)
	rec := &recorder{fail: []error{errors.New("webhook down")}}
	h.s.Handle("overdue", rec.handle)
	at := t0.Add(time.Hour)
	h.schedule("k", at, "p")
	h.clk.Advance(time.Hour)

	h.runDue(0)
	if got := h.counter("count/k"); got != 0 {
		t.Errorf("count/k after failure = %d; want 0 (rolled back)", got)
	}
	h.wantLog(`"job":"overdue"`, `"timer_key":"k"`, `"error":"webhook down"`, `"attempt":1`)
	h.clk.Advance(30*time.Second - time.Nanosecond)
	h.runDue(0)
	h.clk.Advance(time.Nanosecond)
	h.runDue(1)
	h.runDue(0)

	if len(rec.fired) != 2 {
		t.Fatalf("handler called %d times; want 2", len(rec.fired))
	}
	retry := rec.fired[1]
	if retry.Attempt != 1 || retry.LastError != "webhook down" || !retry.At.Equal(at) {
		t.Errorf("retry = %+v; want Attempt 1, LastError %q, At %v", retry, "webhook down", at)
	}
	if got := h.counter("count/k"); got != 1 {
		t.Errorf("count/k = %d; want 1", got)
	}
}

func TestTimerPanicIsRecoveredAndRetried(t *testing.T) {
	h := newHarness(t)
	calls := 0
	h.s.Handle("overdue", func(context.Context, *store.Tx, job.Timer) error {
		calls++
		if calls == 1 {
			panic("index out of range")
		}
		return nil
	})
	h.schedule("k", t0, "")

	h.runDue(0)
	h.wantLog(`"job":"overdue"`, `"panic":"index out of range"`)
	h.clk.Advance(30 * time.Second)
	h.runDue(1)
	if calls != 2 {
		t.Errorf("handler called %d times; want 2", calls)
	}
}

func TestTimerWithoutHandlerWaits(t *testing.T) {
	h := newHarness(t)
	h.schedule("k", t0, "")
	h.runDue(0)
	h.wantLog(`"job":"overdue"`, `no handler`)

	rec := &recorder{}
	h.s.Handle("overdue", rec.handle)
	h.clk.Advance(30 * time.Second)
	h.runDue(1)
}

func TestTimersRunInTimeOrder(t *testing.T) {
	h := newHarness(t)
	rec := &recorder{}
	h.s.Handle("overdue", rec.handle)
	h.schedule("c", t0.Add(3*time.Hour), "")
	h.schedule("a", t0.Add(time.Hour), "")
	h.schedule("b", t0.Add(2*time.Hour), "")
	h.schedule("later", t0.Add(4*time.Hour), "")

	h.clk.Advance(3 * time.Hour)
	h.runDue(3)

	var keys []string
	for _, f := range rec.fired {
		keys = append(keys, f.Key)
	}
	if want := []string{"a", "b", "c"}; !slices.Equal(keys, want) {
		t.Errorf("fired %v; want %v", keys, want)
	}
}

// TestTimerHandlerReschedules checks the documented way to recur at a
// time of day: the handler schedules its own kind and key again.
func TestTimerHandlerReschedules(t *testing.T) {
	h := newHarness(t)
	calls := 0
	h.s.Handle("todo", func(_ context.Context, tx *store.Tx, tm job.Timer) error {
		calls++
		return h.s.Schedule(tx, tm.Kind, tm.Key, tm.At.Add(24*time.Hour), nil)
	})
	h.update(func(tx *store.Tx) error { return h.s.Schedule(tx, "todo", "daily", t0, nil) })

	for day := range 3 {
		h.runDue(1)
		h.runDue(0)
		if calls != day+1 {
			t.Fatalf("day %d: handler called %d times; want %d", day, calls, day+1)
		}
		h.clk.Advance(24 * time.Hour)
	}
}

func TestScheduleRejectsInvalidTimers(t *testing.T) {
	tests := []struct {
		name, kind, key string
	}{
		{"empty kind", "", "k"},
		{"empty key", "overdue", ""},
		{"slash in kind", "over/due", "k"},
	}
	h := newHarness(t)
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			err := h.db.Update(func(tx *store.Tx) error {
				return h.s.Schedule(tx, tc.kind, tc.key, t0, nil)
			})
			if !errors.Is(err, job.ErrInvalidTimer) {
				t.Errorf("Schedule() = %v; want %v", err, job.ErrInvalidTimer)
			}
			err = h.db.Update(func(tx *store.Tx) error { return h.s.Cancel(tx, tc.kind, tc.key) })
			if !errors.Is(err, job.ErrInvalidTimer) {
				t.Errorf("Cancel() = %v; want %v", err, job.ErrInvalidTimer)
			}
		})
	}
}
