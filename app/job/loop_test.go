package job_test

import (
	"context"
	"log/slog"
	"sync/atomic"
	"testing"
	"time"

	"github.com/frontline-crm/frontline/app/clock"
	"github.com/frontline-crm/frontline/app/job"
	"github.com/frontline-crm/frontline/app/store"
)

// guard is how long a loop test waits for something that should happen
// within milliseconds before it fails.
const guard = 10 * time.Second

// realScheduler returns a scheduler on the real clock and its database.
func realScheduler(t *testing.T) (*job.Scheduler, *store.DB) {
	t.Helper()
	db, err := store.Open(t.TempDir(), store.DefaultOptions(), slog.New(slog.DiscardHandler))
	if err != nil {
		t.Fatalf("store.Open: %v", err)
	}
	t.Cleanup(func() { db.Close() })
	return job.New(db, clock.Real{}, slog.New(slog.DiscardHandler)), db
}

// receive waits for a value on ch, failing after guard.
func receive[T any](t *testing.T, ch <-chan T, what string) T {
	t.Helper()
	select {
	case v := <-ch:
		return v
	case <-time.After(guard):
		t.Fatalf("no %s within %v", what, guard)
	}
	var zero T
	return zero
}

func TestStartRunsShortIntervalJob(t *testing.T) {
	s, _ := realScheduler(t)
	ticks := make(chan time.Time, 16)
	s.Every("tick", 10*time.Millisecond, func(_ context.Context, _ *store.Tx, due time.Time) error {
		select {
		case ticks <- due:
		default:
		}
		return nil
	})
	s.Start(context.Background())
	defer s.Stop()

	first := receive(t, ticks, "first run")
	for range 2 {
		due := receive(t, ticks, "later run")
		if !due.After(first) {
			t.Errorf("due %v not after first due %v", due, first)
		}
	}
}

func TestStopWaitsForRunningJob(t *testing.T) {
	s, _ := realScheduler(t)
	started := make(chan struct{})
	release := make(chan struct{})
	var finished atomic.Bool
	s.EveryExternal("backup", time.Hour, func(context.Context, time.Time) error {
		close(started)
		<-release
		finished.Store(true)
		return nil
	})
	s.Start(context.Background())
	receive(t, started, "job start")

	go close(release)
	s.Stop()
	if !finished.Load() {
		t.Errorf("Stop returned before the running job finished")
	}
	s.Stop()
}

func TestScheduleWakesSleepingLoop(t *testing.T) {
	s, db := realScheduler(t)
	ran := make(chan struct{})
	s.Every("hourly", time.Hour, func(context.Context, *store.Tx, time.Time) error {
		close(ran)
		return nil
	})
	fired := make(chan job.Timer, 1)
	s.Handle("ping", func(_ context.Context, _ *store.Tx, tm job.Timer) error {
		select {
		case fired <- tm:
		default:
		}
		return nil
	})
	s.Start(context.Background())
	defer s.Stop()
	receive(t, ran, "hourly run")

	// The loop now sleeps for its longest wait (a minute), far beyond
	// guard: only the wake-up from Schedule brings the timer in time.
	err := db.Update(func(tx *store.Tx) error {
		return s.Schedule(tx, "ping", "1", time.Now().Add(20*time.Millisecond), nil)
	})
	if err != nil {
		t.Fatalf("Schedule: %v", err)
	}
	if tm := receive(t, fired, "timer"); tm.Key != "1" {
		t.Errorf("fired key %q; want %q", tm.Key, "1")
	}
}

func TestStartEndsWithContext(t *testing.T) {
	s, _ := realScheduler(t)
	ctx, cancel := context.WithCancel(context.Background())
	ran := make(chan struct{})
	s.EveryExternal("wait", time.Hour, func(ctx context.Context, _ time.Time) error {
		close(ran)
		<-ctx.Done()
		return ctx.Err()
	})
	s.Start(ctx)
	receive(t, ran, "job start")

	cancel()
	stopped := make(chan struct{})
	go func() {
		s.Stop()
		close(stopped)
	}()
	receive(t, stopped, "stop after cancel")
}
