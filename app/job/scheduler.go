package job

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"runtime/debug"
	"sort"
	"sync"
	"time"

	"github.com/frontline-crm/frontline/app/clock"
	"github.com/frontline-crm/frontline/app/store"
)

// Scheduler runs recurring jobs and one-off timers whose due times are
// stored in the database. Register jobs and handlers with Every,
// EveryExternal and Handle, then drive it with Start (production) or RunDue
// (tests). It is safe for concurrent use.
type Scheduler struct {
	db  *store.DB
	clk clock.Clock
	log *slog.Logger

	// mu guards the registrations, the wake-up hint and the loop handles.
	mu       sync.Mutex
	jobs     map[string]*recurring
	handlers map[string]HandlerFunc
	hint     time.Time
	stop     chan struct{}
	done     chan struct{}

	// runMu lets one pass over due work run at a time, so an external
	// effect is not started twice by concurrent passes.
	runMu sync.Mutex
	// wake interrupts the loop's wait when Schedule adds a timer.
	wake chan struct{}
}

// New returns a Scheduler over db that reads the time from clk and logs
// to log (nil discards logs). Nothing runs until Start or RunDue.
func New(db *store.DB, clk clock.Clock, log *slog.Logger) *Scheduler {
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	return &Scheduler{
		db:       db,
		clk:      clk,
		log:      log,
		jobs:     make(map[string]*recurring),
		handlers: make(map[string]HandlerFunc),
		wake:     make(chan struct{}, 1),
	}
}

// RunDue runs, once, every recurring job and timer due at the clock's
// current time and returns how many completed successfully. A job or
// timer that fails (or panics) is logged, recorded with its attempt count
// and retried after a back-off; it is not counted and does not stop the
// others. One call runs at most 1,000 timers, earliest first; the rest
// stay due for the next call.
//
// The error reports storage failures (reading due times, recording an
// outcome), joined, or ctx's error when ctx ended part-way.
func (s *Scheduler) RunDue(ctx context.Context) (int, error) {
	return s.runDue(ctx, nil)
}

// runDue is RunDue that also returns early, without error, once stop is
// closed; the run in progress finishes first.
func (s *Scheduler) runDue(ctx context.Context, stop <-chan struct{}) (int, error) {
	s.runMu.Lock()
	defer s.runMu.Unlock()

	jobs, jobErr := s.runJobs(ctx, stop)
	if halted(ctx, stop) {
		return jobs, errors.Join(jobErr, ctx.Err())
	}
	timers, timerErr := s.runTimers(ctx, stop)
	return jobs + timers, errors.Join(jobErr, timerErr, ctx.Err())
}

// halted reports whether ctx has ended or stop is closed.
func halted(ctx context.Context, stop <-chan struct{}) bool {
	select {
	case <-ctx.Done():
		return true
	case <-stop:
		return true
	default:
		return false
	}
}

// protect calls fn and turns a panic into an error, logging the stack.
func (s *Scheduler) protect(name string, fn func() error) (err error) {
	defer func() {
		r := recover()
		if r == nil {
			return
		}
		s.log.Error("job panicked", "job", name, "panic", fmt.Sprint(r),
			"stack", string(debug.Stack()))
		err = fmt.Errorf("job: %s panicked: %v", name, r)
	}()
	return fn()
}

// sortedJobs returns the registered recurring jobs in name order.
func (s *Scheduler) sortedJobs() []*recurring {
	s.mu.Lock()
	defer s.mu.Unlock()
	jobs := make([]*recurring, 0, len(s.jobs))
	for _, j := range s.jobs {
		jobs = append(jobs, j)
	}
	sort.Slice(jobs, func(a, b int) bool { return jobs[a].name < jobs[b].name })
	return jobs
}
