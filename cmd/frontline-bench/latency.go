package main

import (
	"fmt"
	"slices"
	"time"
)

// latency is the distribution of one run's per-operation times.
type latency struct {
	P50, P95, P99, Max time.Duration
}

// percentiles computes nearest-rank percentiles of d (which it sorts).
func percentiles(d []time.Duration) latency {
	if len(d) == 0 {
		return latency{}
	}
	slices.Sort(d)
	return latency{P50: rank(d, 50), P95: rank(d, 95), P99: rank(d, 99), Max: d[len(d)-1]}
}

// rank is the nearest-rank p-th percentile of sorted d.
func rank(sorted []time.Duration, p int) time.Duration {
	i := (p*len(sorted)+99)/100 - 1
	return sorted[max(i, 0)]
}

// ms formats a duration in milliseconds with two decimals.
func ms(d time.Duration) string {
	return fmt.Sprintf("%.2f", float64(d)/float64(time.Millisecond))
}

// us formats a duration in whole microseconds.
func us(d time.Duration) string { return fmt.Sprintf("%d", d.Microseconds()) }

// medianDuration returns the median of d (which it sorts).
func medianDuration(d []time.Duration) time.Duration {
	slices.Sort(d)
	return d[len(d)/2]
}
