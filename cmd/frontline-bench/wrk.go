package main

import (
	"fmt"
	"os/exec"
	"strings"
)

// wrkDuration is how long wrk drives each endpoint.
const wrkDuration = "10s"

// wrkResult is what wrk reported for one endpoint, as printed by it.
type wrkResult struct {
	Name                     string
	PerSecond, P50, P90, P99 string
}

// runWrk drives both endpoints with wrk as a cross-check of the Go load
// generator, when asked and when wrk is installed.
func (r *httpResult) runWrk(o *options, me, hw target) {
	if !o.wrk {
		return
	}
	if _, err := exec.LookPath("wrk"); err != nil {
		logStderr("-wrk: wrk not installed (apt-get install -y wrk); skipped")
		return
	}
	for _, t := range []struct {
		name string
		tg   target
	}{{"GET /api/v1/me", me}, {"hello-world", hw}} {
		res, err := wrk(t.name, t.tg, o.clients)
		if err != nil {
			logStderr("wrk %s: %v", t.name, err)
			continue
		}
		r.Wrk = append(r.Wrk, res)
	}
}

func wrk(name string, t target, conns int) (wrkResult, error) {
	args := []string{"-t2", fmt.Sprintf("-c%d", conns), "-d" + wrkDuration, "--latency"}
	for k, vs := range t.header {
		for _, v := range vs {
			args = append(args, "-H", k+": "+v)
		}
	}
	out, err := exec.Command("wrk", append(args, t.url)...).CombinedOutput()
	if err != nil {
		return wrkResult{}, fmt.Errorf("%w: %s", err, out)
	}
	return parseWrk(name, string(out)), nil
}

// parseWrk picks the throughput and latency percentiles from wrk's text.
func parseWrk(name, out string) wrkResult {
	r := wrkResult{Name: name}
	for _, line := range strings.Split(out, "\n") {
		f := strings.Fields(line)
		if len(f) < 2 {
			continue
		}
		switch f[0] {
		case "Requests/sec:":
			r.PerSecond = f[1]
		case "50%":
			r.P50 = f[1]
		case "90%":
			r.P90 = f[1]
		case "99%":
			r.P99 = f[1]
		}
	}
	return r
}
