package job_test

import (
	"bytes"
	"context"
	"errors"
	"log/slog"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/frontline-crm/frontline/app/clock"
	"github.com/frontline-crm/frontline/app/job"
	"github.com/frontline-crm/frontline/app/store"
)

// t0 is the fake clock's starting time in every test.
var t0 = time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)

// harness is a scheduler over a real Badger in a temporary directory.
type harness struct {
	t    *testing.T
	dir  string
	clk  *clock.Fake
	db   *store.DB
	logs *syncBuffer
	s    *job.Scheduler
}

func newHarness(t *testing.T) *harness {
	t.Helper()
	h := &harness{t: t, dir: t.TempDir(), clk: clock.NewFake(t0)}
	h.open()
	t.Cleanup(func() { h.db.Close() })
	return h
}

// open opens the database and makes a new scheduler with no jobs.
func (h *harness) open() {
	h.t.Helper()
	db, err := store.Open(h.dir, store.DefaultOptions(), slog.New(slog.DiscardHandler))
	if err != nil {
		h.t.Fatalf("store.Open: %v", err)
	}
	h.db = db
	h.logs = &syncBuffer{}
	h.s = job.New(db, h.clk, slog.New(slog.NewJSONHandler(h.logs, nil)))
}

// restart closes the database without stopping anything, as a crash right
// after the last commit would leave it, and opens it with a new scheduler;
// the test registers its jobs again.
func (h *harness) restart() {
	h.t.Helper()
	if err := h.db.Close(); err != nil {
		h.t.Fatalf("close: %v", err)
	}
	h.open()
}

// runDue calls RunDue and checks how many ran.
func (h *harness) runDue(want int) {
	h.t.Helper()
	got, err := h.s.RunDue(context.Background())
	if err != nil || got != want {
		h.t.Fatalf("RunDue() = %d, %v; want %d, nil", got, err, want)
	}
}

// counter reads the number stored under key; 0 if there is none.
func (h *harness) counter(key string) int {
	h.t.Helper()
	n := 0
	err := h.db.View(func(tx *store.Tx) error {
		var err error
		n, err = readCounter(tx, key)
		return err
	})
	if err != nil {
		h.t.Fatalf("read %s: %v", key, err)
	}
	return n
}

// status returns the status of the named job.
func (h *harness) status(name string) job.JobStatus {
	h.t.Helper()
	all, err := h.s.Status()
	if err != nil {
		h.t.Fatalf("Status: %v", err)
	}
	for _, st := range all {
		if st.Name == name {
			return st
		}
	}
	h.t.Fatalf("Status() has no job %q: %+v", name, all)
	return job.JobStatus{}
}

// update runs fn in a transaction that must commit.
func (h *harness) update(fn func(tx *store.Tx) error) {
	h.t.Helper()
	if err := h.db.Update(fn); err != nil {
		h.t.Fatalf("update: %v", err)
	}
}

func readCounter(tx *store.Tx, key string) (int, error) {
	raw, err := tx.Get(key)
	if errors.Is(err, store.ErrNotFound) {
		return 0, nil
	}
	if err != nil {
		return 0, err
	}
	return strconv.Atoi(string(raw))
}

// incr adds one to the number stored under key.
func incr(tx *store.Tx, key string) error {
	n, err := readCounter(tx, key)
	if err != nil {
		return err
	}
	return tx.Put(key, []byte(strconv.Itoa(n+1)))
}

// wantLog fails unless the log holds a line with every fragment.
func (h *harness) wantLog(fragments ...string) {
	h.t.Helper()
	for line := range strings.SplitSeq(h.logs.String(), "\n") {
		if containsAll(line, fragments) {
			return
		}
	}
	h.t.Errorf("log has no line with %q; got:\n%s", fragments, h.logs.String())
}

func containsAll(s string, parts []string) bool {
	for _, p := range parts {
		if !strings.Contains(s, p) {
			return false
		}
	}
	return true
}

// syncBuffer is a bytes.Buffer safe for the scheduler's goroutine.
type syncBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}
