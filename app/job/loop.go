package job

import (
	"context"
	"time"

	"github.com/frontline-crm/frontline/app/store"
)

const (
	// maxWait caps the loop's sleep, so a changed wall clock or a timer
	// whose wake-up was missed is noticed within this time.
	maxWait = time.Minute
	// recheckDelay is how soon the loop looks again after a Schedule
	// for a time already past: its transaction may not have committed
	// when the loop first looked.
	recheckDelay = time.Second
)

// Start starts the scheduler's one goroutine. It loops: run what is due,
// then sleep until the earliest due time in the database (at most
// maxWait), a Schedule call, Stop, or the end of ctx. ctx is also passed
// to the jobs, so cancelling it asks a running job to give up; Stop lets
// it finish. Start panics if the scheduler is already running.
func (s *Scheduler) Start(ctx context.Context) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.stop != nil {
		panic("job: scheduler started twice")
	}
	s.stop = make(chan struct{})
	s.done = make(chan struct{})
	go s.loop(ctx, s.stop, s.done)
}

// Stop ends the loop started by Start and returns once the job or timer
// in progress, if any, has finished; jobs still due stay due. It does
// nothing if the scheduler is not running.
func (s *Scheduler) Stop() {
	s.mu.Lock()
	stop, done := s.stop, s.done
	s.stop, s.done = nil, nil
	s.mu.Unlock()
	if stop == nil {
		return
	}
	close(stop)
	<-done
}

func (s *Scheduler) loop(ctx context.Context, stop, done chan struct{}) {
	defer close(done)
	s.log.Info("job scheduler started")
	defer s.log.Info("job scheduler stopped")
	for {
		wait := s.pass(ctx, stop)
		if !sleep(ctx, stop, s.wake, wait) {
			return
		}
	}
}

// pass runs what is due and returns how long to sleep afterwards. After a
// storage error it waits maxWait rather than retrying at once.
func (s *Scheduler) pass(ctx context.Context, stop chan struct{}) time.Duration {
	if _, err := s.runDue(ctx, stop); err != nil && ctx.Err() == nil {
		s.log.Error("job pass failed", "error", err)
		return maxWait
	}
	return s.nextWait(s.clk.Now())
}

// sleep waits for d, a wake-up, stop or the end of ctx; it reports
// whether the loop should go on.
func sleep(ctx context.Context, stop, wake <-chan struct{}, d time.Duration) bool {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return false
	case <-stop:
		return false
	case <-wake:
		return true
	case <-t.C:
		return true
	}
}

// nextWait is the time from now until the earliest due job or timer, or
// the earliest hint from Schedule, clamped to [0, maxWait].
func (s *Scheduler) nextWait(now time.Time) time.Duration {
	next, err := s.nextDue(now)
	if err != nil {
		s.log.Error("job read next due time", "error", err)
		next = now.Add(maxWait)
	}
	if h, ok := s.takeHint(now); ok && h.Before(next) {
		next = h
	}
	return min(max(next.Sub(now), 0), maxWait)
}

// nextDue reads the earliest due time of any job or timer, or now plus
// maxWait when nothing is pending.
func (s *Scheduler) nextDue(now time.Time) (time.Time, error) {
	next := now.Add(maxWait)
	jobs := s.sortedJobs()
	err := s.db.View(func(tx *store.Tx) error {
		for _, j := range jobs {
			st, err := loadState(tx, j, now)
			if err != nil {
				return err
			}
			next = earlier(next, st.Next)
		}
		at, ok, err := firstTimer(tx)
		if ok {
			next = earlier(next, at)
		}
		return err
	})
	return next, err
}

// firstTimer returns the due time of the earliest timer, if any.
func firstTimer(tx *store.Tx) (time.Time, bool, error) {
	first := ""
	takeFirst := func(key string, _ []byte) (bool, error) {
		first = key
		return false, nil
	}
	err := tx.Scan(duePrefix, store.ScanOptions{KeysOnly: true}, takeFirst)
	if err != nil || first == "" {
		return time.Time{}, false, err
	}
	at, err := dueTime(first)
	return at, err == nil, err
}

func earlier(a, b time.Time) time.Time {
	if b.Before(a) {
		return b
	}
	return a
}

// hintAt remembers that a timer may become due at at and wakes the loop
// to take it into account. The transaction holding the timer may still
// be open, so the hint is kept until it is past (see takeHint).
func (s *Scheduler) hintAt(at time.Time) {
	s.mu.Lock()
	if s.hint.IsZero() || at.Before(s.hint) {
		s.hint = at
	}
	s.mu.Unlock()
	s.poke()
}

// poke interrupts the loop's sleep so it looks at the database again; a
// poke while the loop is busy makes its next sleep end at once.
func (s *Scheduler) poke() {
	select {
	case s.wake <- struct{}{}:
	default:
	}
}

// takeHint returns the time the loop should look again because of
// Schedule calls. A hint in the past is consumed and becomes one re-check
// recheckDelay from now, in case its transaction had not yet committed.
func (s *Scheduler) takeHint(now time.Time) (time.Time, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	h := s.hint
	if h.IsZero() {
		return h, false
	}
	if h.After(now) {
		return h, true
	}
	s.hint = time.Time{}
	return now.Add(recheckDelay), true
}
