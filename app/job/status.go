package job

import (
	"time"

	"github.com/frontline-crm/frontline/app/store"
)

// JobStatus describes one recurring job for the admin pages.
type JobStatus struct {
	Name     string
	Interval time.Duration
	// External is true for jobs registered with EveryExternal.
	External bool
	// LastRun is when the job last succeeded; zero if it never did.
	LastRun time.Time
	// Next is when the job is next attempted.
	Next time.Time
	// LastError and LastErrorAt describe the latest failure, kept after a
	// later success; Failures counts failures since the last success.
	LastError   string
	LastErrorAt time.Time
	Failures    int
}

// Status lists every registered recurring job, by name, as stored in the
// database. A job that never ran shows Next as now. The error is a storage
// error.
func (s *Scheduler) Status() ([]JobStatus, error) {
	now := s.clk.Now()
	jobs := s.sortedJobs()
	out := make([]JobStatus, 0, len(jobs))
	err := s.db.View(func(tx *store.Tx) error {
		for _, j := range jobs {
			st, err := loadState(tx, j, now)
			if err != nil {
				return err
			}
			out = append(out, st.status(j))
		}
		return nil
	})
	return out, err
}

func (st jobState) status(j *recurring) JobStatus {
	return JobStatus{
		Name:        j.name,
		Interval:    j.interval,
		External:    j.ext != nil,
		LastRun:     st.LastRun,
		Next:        st.Next,
		LastError:   st.LastError,
		LastErrorAt: st.LastErrorAt,
		Failures:    st.Failures,
	}
}
