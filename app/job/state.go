package job

import (
	"errors"
	"time"

	"github.com/frontline-crm/frontline/app/store"
)

// Back-off after a failure doubles from minBackoff up to maxBackoff.
const (
	minBackoff = 30 * time.Second
	maxBackoff = time.Hour
)

// jobState is a recurring job's record under job/<name>.
type jobState struct {
	// Interval is the interval the state was computed with; a changed
	// interval pulls a far-off due time in (see adjust).
	Interval time.Duration `json:"interval"`
	// Due is when the pending run was due; it is passed to the job.
	Due time.Time `json:"due"`
	// Next is when the pending run is attempted: Due, or a retry time.
	Next        time.Time `json:"next"`
	LastRun     time.Time `json:"last_run,omitzero"`
	LastError   string    `json:"last_error,omitempty"`
	LastErrorAt time.Time `json:"last_error_at,omitzero"`
	// Failures counts failed attempts since the last success.
	Failures int `json:"failures,omitempty"`
}

func stateKey(name string) string { return store.Key("job", name) }

// loadState reads j's state; a job that never ran is due at now.
func loadState(tx *store.Tx, j *recurring, now time.Time) (jobState, error) {
	var st jobState
	err := tx.GetJSON(stateKey(j.name), &st)
	if errors.Is(err, store.ErrNotFound) {
		return jobState{Interval: j.interval, Due: now, Next: now}, nil
	}
	if err != nil {
		return jobState{}, err
	}
	return st.adjust(j.interval), nil
}

func saveState(tx *store.Tx, name string, st jobState) error {
	return tx.PutJSON(stateKey(name), st)
}

// viewState is loadState in its own read-only transaction.
func (s *Scheduler) viewState(j *recurring, now time.Time) (jobState, error) {
	var st jobState
	err := s.db.View(func(tx *store.Tx) error {
		var err error
		st, err = loadState(tx, j, now)
		return err
	})
	return st, err
}

// adjust applies a changed interval: the job becomes due no later than
// one new interval after its last run, so shortening a weekly job to a
// daily one takes effect within a day.
func (st jobState) adjust(interval time.Duration) jobState {
	if st.Interval == interval || st.LastRun.IsZero() {
		return st
	}
	st.Interval = interval
	limit := st.LastRun.Add(interval)
	if limit.Before(st.Due) {
		st.Due = limit
	}
	if limit.Before(st.Next) {
		st.Next = limit
	}
	return st
}

// succeeded returns the state after a successful run at now.
func (st jobState) succeeded(now time.Time) jobState {
	st.LastRun = now
	st.Failures = 0
	st.Due = nextAfter(st.Due, st.Interval, now)
	st.Next = st.Due
	return st
}

// failed returns the state after a failed attempt at now.
func (st jobState) failed(now time.Time, err error) jobState {
	st.Failures++
	st.LastError = err.Error()
	st.LastErrorAt = now
	st.Next = now.Add(min(backoff(st.Failures), st.Interval))
	return st
}

// nextAfter returns the first time on the grid due + k*interval (k >= 1)
// that is after now. This coalesces any number of missed runs into one.
func nextAfter(due time.Time, interval time.Duration, now time.Time) time.Time {
	if now.Before(due) {
		return due.Add(interval)
	}
	steps := now.Sub(due)/interval + 1
	return due.Add(steps * interval)
}

// backoff is the wait before attempt failures+1.
func backoff(failures int) time.Duration {
	d := minBackoff
	for i := 1; i < failures && d < maxBackoff; i++ {
		d *= 2
	}
	return min(d, maxBackoff)
}
