package job_test

import (
	"context"
	"errors"
	"fmt"
	"runtime"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/frontline-crm/frontline/app/job"
	"github.com/frontline-crm/frontline/app/store"
)

// counting registers an hourly job "tick" that counts its runs under the
// key "count/tick" and records the due times it was given.
func counting(h *harness, dues *[]time.Time) {
	h.s.Every("tick", time.Hour, func(_ context.Context, tx *store.Tx, due time.Time) error {
		*dues = append(*dues, due)
		return incr(tx, "count/tick")
	})
}

func TestEveryRunsWhenDueAndNotBefore(t *testing.T) {
	h := newHarness(t)
	var dues []time.Time
	counting(h, &dues)

	steps := []struct {
		name    string
		advance time.Duration
		want    int
	}{
		{"never run is due at once", 0, 1},
		{"not again at the same time", 0, 0},
		{"not a moment early", time.Hour - time.Nanosecond, 0},
		{"when due", time.Nanosecond, 1},
		{"half an interval later", 30 * time.Minute, 0},
		{"next due", 30 * time.Minute, 1},
	}
	for _, step := range steps {
		h.clk.Advance(step.advance)
		got, err := h.s.RunDue(context.Background())
		if err != nil || got != step.want {
			t.Fatalf("%s: RunDue() = %d, %v; want %d, nil", step.name, got, err, step.want)
		}
	}
	if got := h.counter("count/tick"); got != 3 {
		t.Errorf("count/tick = %d; want 3", got)
	}
	wantDues := []time.Time{t0, t0.Add(time.Hour), t0.Add(2 * time.Hour)}
	if !slices.EqualFunc(dues, wantDues, time.Time.Equal) {
		t.Errorf("due times = %v; want %v", dues, wantDues)
	}
}

func TestEveryPersistsNextDue(t *testing.T) {
	h := newHarness(t)
	var dues []time.Time
	counting(h, &dues)
	h.runDue(1)

	h.restart()
	counting(h, &dues)
	st := h.status("tick")
	if !st.Next.Equal(t0.Add(time.Hour)) || !st.LastRun.Equal(t0) {
		t.Fatalf("after restart Next, LastRun = %v, %v; want %v, %v",
			st.Next, st.LastRun, t0.Add(time.Hour), t0)
	}
	h.clk.Advance(59 * time.Minute)
	h.runDue(0)
	h.clk.Advance(time.Minute)
	h.runDue(1)
}

func TestEveryRestartNeitherLosesNorRepeats(t *testing.T) {
	tests := []struct {
		name string
		// downtime passes between the crash and the restart.
		downtime  time.Duration
		wantRuns  int
		wantCount int
	}{
		{"crash after commit is not repeated", 0, 0, 1},
		{"crash after commit, back before due", 59 * time.Minute, 0, 1},
		{"run due during downtime is not lost", time.Hour, 1, 2},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			h := newHarness(t)
			var dues []time.Time
			counting(h, &dues)
			h.runDue(1)

			h.restart()
			counting(h, &dues)
			h.clk.Advance(tc.downtime)
			h.runDue(tc.wantRuns)
			if got := h.counter("count/tick"); got != tc.wantCount {
				t.Errorf("count/tick = %d; want %d", got, tc.wantCount)
			}
		})
	}
}

// TestEveryCrashBeforeCommitIsNotLost ends the goroutine running the job
// part-way through its transaction, as a crash would, and checks that the
// half-done run left nothing behind and runs again after restart.
func TestEveryCrashBeforeCommitIsNotLost(t *testing.T) {
	h := newHarness(t)
	h.s.Every("tick", time.Hour, func(_ context.Context, tx *store.Tx, _ time.Time) error {
		if err := incr(tx, "count/tick"); err != nil {
			return err
		}
		runtime.Goexit()
		return nil
	})
	done := make(chan struct{})
	go func() {
		defer close(done)
		h.s.RunDue(context.Background())
	}()
	<-done
	if got := h.counter("count/tick"); got != 0 {
		t.Fatalf("count/tick after crash = %d; want 0", got)
	}

	h.restart()
	var dues []time.Time
	counting(h, &dues)
	h.runDue(1)
	if got := h.counter("count/tick"); got != 1 {
		t.Errorf("count/tick = %d; want 1", got)
	}
}

func TestEveryFailureRollsBackAndRetries(t *testing.T) {
	h := newHarness(t)
	failures := 2
	var dues []time.Time
	h.s.Every("flaky", time.Hour, func(_ context.Context, tx *store.Tx, due time.Time) error {
		dues = append(dues, due)
		if err := incr(tx, "count/flaky"); err != nil {
			return err
		}
		if failures > 0 {
			failures--
			return fmt.Errorf("boom %d", failures)
		}
		return nil
	})
	var healthy []time.Time
	counting(h, &healthy)

	steps := []struct {
		name         string
		advance      time.Duration
		wantRan      int
		wantFailures int
		wantCount    int
	}{
		{"first attempt fails, other job runs", 0, 1, 1, 0},
		{"not retried before back-off", 30*time.Second - time.Nanosecond, 0, 1, 0},
		{"second attempt fails", time.Nanosecond, 0, 2, 0},
		{"back-off doubles", 60*time.Second - time.Nanosecond, 0, 2, 0},
		{"third attempt succeeds", time.Nanosecond, 1, 0, 1},
	}
	for _, step := range steps {
		h.clk.Advance(step.advance)
		got, err := h.s.RunDue(context.Background())
		if err != nil || got != step.wantRan {
			t.Fatalf("%s: RunDue() = %d, %v; want %d, nil", step.name, got, err, step.wantRan)
		}
		st := h.status("flaky")
		if st.Failures != step.wantFailures {
			t.Errorf("%s: Failures = %d; want %d", step.name, st.Failures, step.wantFailures)
		}
		if got := h.counter("count/flaky"); got != step.wantCount {
			t.Errorf("%s: count/flaky = %d; want %d", step.name, got, step.wantCount)
		}
	}
	st := h.status("flaky")
	if st.LastError != "boom 0" || !st.Next.Equal(t0.Add(time.Hour)) {
		t.Errorf("LastError, Next = %q, %v; want %q, %v",
			st.LastError, st.Next, "boom 0", t0.Add(time.Hour))
	}
	if !slices.EqualFunc(dues, []time.Time{t0, t0, t0}, time.Time.Equal) {
		t.Errorf("due times of the attempts = %v; want t0 three times", dues)
	}
	h.wantLog(`"job":"flaky"`, `"error":"boom 1"`, `"attempt":1`)
}

func TestEveryCoalescesMissedRuns(t *testing.T) {
	h := newHarness(t)
	var dues []time.Time
	counting(h, &dues)
	h.runDue(1)

	h.restart()
	counting(h, &dues)
	h.clk.Advance(100*time.Hour + 30*time.Minute)
	h.runDue(1)
	h.runDue(0)

	if got := h.counter("count/tick"); got != 2 {
		t.Errorf("count/tick = %d; want 2", got)
	}
	if want := t0.Add(time.Hour); !dues[1].Equal(want) {
		t.Errorf("due of the coalesced run = %v; want %v (the first missed)", dues[1], want)
	}
	if got, want := h.status("tick").Next, t0.Add(101*time.Hour); !got.Equal(want) {
		t.Errorf("Next = %v; want %v (on the hourly grid)", got, want)
	}
}

func TestEveryRecoversPanic(t *testing.T) {
	h := newHarness(t)
	h.s.Every("a-panics", time.Hour, func(context.Context, *store.Tx, time.Time) error {
		panic("nil map")
	})
	var dues []time.Time
	counting(h, &dues)

	h.runDue(1)

	st := h.status("a-panics")
	if st.Failures != 1 || !strings.Contains(st.LastError, "nil map") {
		t.Errorf("Failures, LastError = %d, %q; want 1 and the panic", st.Failures, st.LastError)
	}
	if want := t0.Add(30 * time.Second); !st.Next.Equal(want) {
		t.Errorf("Next = %v; want %v", st.Next, want)
	}
	h.wantLog(`"job":"a-panics"`, `"panic":"nil map"`, `"stack"`)
}

func TestEveryIntervalChangeTakesEffect(t *testing.T) {
	h := newHarness(t)
	week := 7 * 24 * time.Hour
	h.s.Every("backup", week, func(context.Context, *store.Tx, time.Time) error { return nil })
	h.runDue(1)

	h.restart()
	h.s.Every("backup", 24*time.Hour, func(context.Context, *store.Tx, time.Time) error { return nil })
	h.clk.Advance(24*time.Hour - time.Nanosecond)
	h.runDue(0)
	h.clk.Advance(time.Nanosecond)
	h.runDue(1)
	if got, want := h.status("backup").Next, t0.Add(48*time.Hour); !got.Equal(want) {
		t.Errorf("Next = %v; want %v", got, want)
	}
}

func TestEveryExternal(t *testing.T) {
	h := newHarness(t)
	fail := true
	var calls []time.Time
	h.s.EveryExternal("gc", time.Hour, func(_ context.Context, due time.Time) error {
		calls = append(calls, due)
		if fail {
			fail = false
			return errors.New("disk busy")
		}
		return nil
	})

	h.runDue(0)
	if st := h.status("gc"); st.Failures != 1 || st.LastError != "disk busy" {
		t.Fatalf("Failures, LastError = %d, %q; want 1, %q", st.Failures, st.LastError, "disk busy")
	}
	h.clk.Advance(30 * time.Second)
	h.runDue(1)
	h.runDue(0)
	if st := h.status("gc"); !st.External || !st.Next.Equal(t0.Add(time.Hour)) {
		t.Errorf("External, Next = %v, %v; want true, %v", st.External, st.Next, t0.Add(time.Hour))
	}
	if len(calls) != 2 {
		t.Errorf("effect ran %d times; want 2", len(calls))
	}
}

// TestEveryExternalIsAtLeastOnce crashes between the effect and the record
// of the run: the effect runs again after restart.
func TestEveryExternalIsAtLeastOnce(t *testing.T) {
	h := newHarness(t)
	calls := 0
	h.s.EveryExternal("gc", time.Hour, func(context.Context, time.Time) error {
		calls++
		runtime.Goexit()
		return nil
	})
	done := make(chan struct{})
	go func() {
		defer close(done)
		h.s.RunDue(context.Background())
	}()
	<-done

	h.restart()
	h.s.EveryExternal("gc", time.Hour, func(context.Context, time.Time) error {
		calls++
		return nil
	})
	h.runDue(1)
	if calls != 2 {
		t.Errorf("effect ran %d times; want 2", calls)
	}
}

func TestStatusListsJobsByName(t *testing.T) {
	h := newHarness(t)
	noop := func(context.Context, *store.Tx, time.Time) error { return nil }
	h.s.Every("b", time.Minute, noop)
	h.s.Every("a", time.Hour, noop)

	all, err := h.s.Status()
	if err != nil {
		t.Fatalf("Status: %v", err)
	}
	want := []job.JobStatus{
		{Name: "a", Interval: time.Hour, Next: t0},
		{Name: "b", Interval: time.Minute, Next: t0},
	}
	if !slices.EqualFunc(all, want, sameStatus) {
		t.Errorf("Status() = %+v; want %+v", all, want)
	}
}

func sameStatus(a, b job.JobStatus) bool {
	return a.Name == b.Name && a.Interval == b.Interval && a.Next.Equal(b.Next) &&
		a.LastRun.Equal(b.LastRun) && a.LastError == b.LastError && a.Failures == b.Failures
}

func TestRegisterPanicsOnMistakes(t *testing.T) {
	noop := func(context.Context, *store.Tx, time.Time) error { return nil }
	handler := func(context.Context, *store.Tx, job.Timer) error { return nil }
	tests := []struct {
		name     string
		register func(s *job.Scheduler)
	}{
		{"empty name", func(s *job.Scheduler) { s.Every("", time.Hour, noop) }},
		{"zero interval", func(s *job.Scheduler) { s.Every("a", 0, noop) }},
		{"nil run", func(s *job.Scheduler) { s.EveryExternal("a", time.Hour, nil) }},
		{"duplicate job", func(s *job.Scheduler) { s.Every("dup", time.Hour, noop) }},
		{"kind with slash", func(s *job.Scheduler) { s.Handle("a/b", handler) }},
		{"empty kind", func(s *job.Scheduler) { s.Handle("", handler) }},
		{"duplicate kind", func(s *job.Scheduler) { s.Handle("dup", handler) }},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			s := job.New(nil, nil, nil)
			s.Every("dup", time.Hour, noop)
			s.Handle("dup", handler)
			defer func() {
				if recover() == nil {
					t.Errorf("%s: no panic; want one", tc.name)
				}
			}()
			tc.register(s)
		})
	}
}
