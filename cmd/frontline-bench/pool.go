package main

import (
	"sync"
	"sync/atomic"
	"time"
)

// result is one measured run of n operations.
type result struct {
	Ops      int
	Errors   int
	FirstErr error
	Elapsed  time.Duration
	Latency  latency
	// CPU is this process's CPU time per operation while the run lasted.
	CPU time.Duration
}

// PerSecond is completed operations per second of wall time.
func (r result) PerSecond() float64 {
	if r.Elapsed <= 0 {
		return 0
	}
	return float64(r.Ops-r.Errors) / r.Elapsed.Seconds()
}

// sample is the raw timings of one or more runs.
type sample struct {
	lats    []time.Duration
	errs    []error
	elapsed time.Duration
	cpu     time.Duration
}

// add appends another run's timings; elapsed times add up, so the rate of
// the whole is the rate of the runs back to back.
func (s *sample) add(o sample) {
	s.lats = append(s.lats, o.lats...)
	s.errs = append(s.errs, o.errs...)
	s.elapsed += o.elapsed
	s.cpu += o.cpu
}

func (s sample) result() result {
	r := summarise(s.lats, s.errs, s.elapsed)
	if len(s.lats) > 0 {
		r.CPU = s.cpu / time.Duration(len(s.lats))
	}
	return r
}

// runPool runs op n times on conc goroutines and times each call. op gets
// the operation's number, 0..n-1.
func runPool(conc, n int, op func(i int) error) sample {
	lats := make([]time.Duration, n)
	errs := make([]error, n)
	var next atomic.Int64
	var wg sync.WaitGroup
	cpu, start := processCPU(), time.Now()
	for range conc {
		wg.Go(func() {
			for i := int(next.Add(1) - 1); i < n; i = int(next.Add(1) - 1) {
				t := time.Now()
				errs[i] = op(i)
				lats[i] = time.Since(t)
			}
		})
	}
	wg.Wait()
	return sample{lats: lats, errs: errs, elapsed: time.Since(start), cpu: processCPU() - cpu}
}

func summarise(lats []time.Duration, errs []error, elapsed time.Duration) result {
	r := result{Ops: len(lats), Elapsed: elapsed, Latency: percentiles(lats)}
	for _, err := range errs {
		if err == nil {
			continue
		}
		r.Errors++
		if r.FirstErr == nil {
			r.FirstErr = err
		}
	}
	return r
}
