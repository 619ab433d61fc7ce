package job

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/frontline-crm/frontline/app/store"
)

// RunFunc is a recurring job's work. It runs inside tx, which also records
// the run; returning an error rolls back everything it wrote. due is the
// time the run was due: after downtime, when several runs were missed, it
// is the earliest missed one and the job runs only once. Like every
// store.Update function it may run more than once if tx conflicts with a
// concurrent writer, so it must have no effect outside tx.
type RunFunc func(ctx context.Context, tx *store.Tx, due time.Time) error

// ExternalFunc is the work of a recurring job whose effect lies outside
// the database (a backup file, value-log GC). due is as for RunFunc.
type ExternalFunc func(ctx context.Context, due time.Time) error

// recurring is one registered recurring job; exactly one of run and ext
// is set.
type recurring struct {
	name     string
	interval time.Duration
	run      RunFunc
	ext      ExternalFunc
}

// Every registers a recurring job that runs every interval, exactly once
// per due time: run's writes and the job's next due time commit in one
// transaction. A job that never ran is due at once. Missed runs are
// coalesced into one, and the next due time stays on the original grid
// (due + k*interval). After a failure it is retried with back-off, never
// later than one interval.
//
// Every panics if name is empty or already registered, interval is not
// positive or run is nil: these are programming errors found at start-up.
// A job registered while the loop runs is picked up at once.
func (s *Scheduler) Every(name string, interval time.Duration, run RunFunc) {
	s.register(&recurring{name: name, interval: interval, run: run})
}

// EveryExternal registers a recurring job like Every, for an effect
// outside the database. It is at-least-once: the run is recorded only
// after run returns nil, so a crash (or a failed record write) between the
// two repeats the effect, which therefore must be idempotent. It panics
// like Every.
func (s *Scheduler) EveryExternal(name string, interval time.Duration, run ExternalFunc) {
	s.register(&recurring{name: name, interval: interval, ext: run})
}

func (s *Scheduler) register(j *recurring) {
	if j.name == "" || j.interval <= 0 || (j.run == nil && j.ext == nil) {
		panic(fmt.Sprintf("job: invalid job %q every %v", j.name, j.interval))
	}
	s.mu.Lock()
	defer s.poke()
	defer s.mu.Unlock()
	if _, dup := s.jobs[j.name]; dup {
		panic(fmt.Sprintf("job: job %q registered twice", j.name))
	}
	s.jobs[j.name] = j
}

// runJobs runs every due recurring job in name order.
func (s *Scheduler) runJobs(ctx context.Context, stop <-chan struct{}) (int, error) {
	ran := 0
	var errs []error
	for _, j := range s.sortedJobs() {
		if halted(ctx, stop) {
			break
		}
		ok, err := s.runJob(ctx, j)
		if ok {
			ran++
		}
		errs = append(errs, err)
	}
	return ran, errors.Join(errs...)
}

// runJob runs j if it is due and reports whether it ran successfully.
func (s *Scheduler) runJob(ctx context.Context, j *recurring) (bool, error) {
	if j.ext != nil {
		return s.runExternal(ctx, j)
	}
	return s.runInTx(ctx, j)
}

// runInTx runs j and records the run in one transaction; on failure the
// transaction is rolled back and the failure recorded in another.
func (s *Scheduler) runInTx(ctx context.Context, j *recurring) (bool, error) {
	now := s.clk.Now()
	started := false
	err := s.db.Update(func(tx *store.Tx) error {
		st, err := loadState(tx, j, now)
		started = err == nil && !now.Before(st.Next)
		if !started {
			return err
		}
		if err := s.protect(j.name, func() error { return j.run(ctx, tx, st.Due) }); err != nil {
			return err
		}
		return saveState(tx, j.name, st.succeeded(now))
	})
	if err != nil && started {
		return false, s.recordFailure(j, now, err)
	}
	return started && err == nil, err
}

// runExternal runs j's effect, then records the run; see EveryExternal.
func (s *Scheduler) runExternal(ctx context.Context, j *recurring) (bool, error) {
	now := s.clk.Now()
	st, err := s.viewState(j, now)
	if err != nil || now.Before(st.Next) {
		return false, err
	}
	if err := s.protect(j.name, func() error { return j.ext(ctx, st.Due) }); err != nil {
		return false, s.recordFailure(j, now, err)
	}
	err = s.db.Update(func(tx *store.Tx) error {
		st, err := loadState(tx, j, now)
		if err != nil {
			return err
		}
		return saveState(tx, j.name, st.succeeded(now))
	})
	if err != nil {
		return false, fmt.Errorf("job: record run of %s: %w", j.name, err)
	}
	return true, nil
}

// recordFailure logs runErr and stores it with the retry time.
func (s *Scheduler) recordFailure(j *recurring, now time.Time, runErr error) error {
	var st jobState
	err := s.db.Update(func(tx *store.Tx) error {
		loaded, err := loadState(tx, j, now)
		if err != nil {
			return err
		}
		st = loaded.failed(now, runErr)
		return saveState(tx, j.name, st)
	})
	s.log.Warn("job failed", "job", j.name, "error", runErr,
		"attempt", st.Failures, "retry_at", st.Next)
	if err != nil {
		return fmt.Errorf("job: record failure of %s: %w", j.name, err)
	}
	return nil
}
