package job

import (
	"errors"
	"sort"
	"testing"
	"time"
)

var base = time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)

func TestNextAfter(t *testing.T) {
	tests := []struct {
		name     string
		due, now time.Time
		want     time.Time
	}{
		{"on time", base, base, base.Add(time.Hour)},
		{"a little late", base, base.Add(time.Minute), base.Add(time.Hour)},
		{"exactly one missed", base, base.Add(time.Hour), base.Add(2 * time.Hour)},
		{"many missed", base, base.Add(100*time.Hour + time.Minute), base.Add(101 * time.Hour)},
		{"clock went back", base, base.Add(-time.Hour), base.Add(time.Hour)},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := nextAfter(tc.due, time.Hour, tc.now); !got.Equal(tc.want) {
				t.Errorf("nextAfter() = %v; want %v", got, tc.want)
			}
		})
	}
}

func TestBackoff(t *testing.T) {
	tests := []struct {
		failures int
		want     time.Duration
	}{
		{1, 30 * time.Second},
		{2, time.Minute},
		{3, 2 * time.Minute},
		{8, time.Hour},
		{1000, time.Hour},
	}
	for _, tc := range tests {
		if got := backoff(tc.failures); got != tc.want {
			t.Errorf("backoff(%d) = %v; want %v", tc.failures, got, tc.want)
		}
	}
}

func TestFailedRetriesWithinInterval(t *testing.T) {
	st := jobState{Interval: 45 * time.Second, Due: base, Next: base}
	st = st.failed(base, errors.New("x")).failed(base, errors.New("y"))
	if want := base.Add(45 * time.Second); !st.Next.Equal(want) {
		t.Errorf("Next after two failures = %v; want %v (one interval)", st.Next, want)
	}
	if st.Failures != 2 || st.LastError != "y" || !st.Due.Equal(base) {
		t.Errorf("state = %+v; want Failures 2, LastError y, Due unchanged", st)
	}
}

func TestDueKeysSortInTimeOrder(t *testing.T) {
	times := []time.Time{
		time.Date(2262, 12, 1, 0, 0, 0, 0, time.UTC),
		base.Add(time.Nanosecond),
		time.Date(1960, 1, 1, 0, 0, 0, 0, time.UTC),
		base,
		base.Add(10 * 365 * 24 * time.Hour),
	}
	var keys []string
	for _, at := range times {
		keys = append(keys, dueKey(at, Timer{Kind: "k", Key: "x"}))
	}
	sort.Strings(keys)
	want := []int64{0, base.UnixNano(), base.UnixNano() + 1,
		base.Add(10 * 365 * 24 * time.Hour).UnixNano(), 1<<63 - 1}
	for i, key := range keys {
		at, err := dueTime(key)
		if err != nil || at.UnixNano() != want[i] {
			t.Errorf("key %d %q = %v, %v; want %d", i, key, at.UnixNano(), err, want[i])
		}
	}
}
