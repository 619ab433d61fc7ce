package main

import (
	"fmt"
	"os"
	"path/filepath"
	"time"
)

// startResult is section 3 without memory: size and cold starts.
type startResult struct {
	BinaryBytes int64
	Starts      []time.Duration
	Median      time.Duration
}

// runStart measures the binary's size and times cold starts on fresh,
// empty data directories: from exec to the first 200 from /readyz.
func runStart(o *options, cl *cleanup, work string) (startResult, error) {
	var r startResult
	fi, err := os.Stat(o.binary)
	if err != nil {
		return r, fmt.Errorf("binary: %w", err)
	}
	r.BinaryBytes = fi.Size()
	for i := range o.starts {
		d, err := coldStart(cl, o.binary, filepath.Join(work, fmt.Sprintf("cold-%d", i)))
		if err != nil {
			return r, err
		}
		logStderr("cold start %d: %s ms", i+1, ms(d))
		r.Starts = append(r.Starts, d)
	}
	if len(r.Starts) > 0 {
		r.Median = medianDuration(append([]time.Duration(nil), r.Starts...))
	}
	return r, nil
}

// coldStart starts the server on an empty data directory, times it to
// ready, and stops it again.
func coldStart(cl *cleanup, bin, dataDir string) (time.Duration, error) {
	s, err := startFrontline(cl, bin, dataDir)
	if err != nil {
		return 0, err
	}
	s.stop()
	return s.ready, nil
}
