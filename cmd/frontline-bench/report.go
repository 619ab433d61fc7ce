package main

import (
	"fmt"
	"io"
	"time"
)

// report is everything measured, printed as Markdown at the end.
type report struct {
	Machine machine
	Writes  []writeCase
	Start   startResult
	HTTP    httpResult
	// Customers is section 4, the customer activity of issue 3.
	Customers customerResult
}

func (r *report) print(w io.Writer, o *options) {
	r.Machine.print(w)
	fmt.Fprintf(w, "## Results\n\nOther work on the machine (load 1/5/15 min; PSI some avg60) "+
		"at start: %s; at end: %s.\n\n", r.Machine.Busy, contention())
	if o.has("writes") {
		r.printWrites(w, o)
	}
	if o.has("http") {
		r.printHTTP(w, o)
	}
	if o.has("start") || o.has("http") {
		r.printFootprint(w, o)
	}
	if o.cust.enabled {
		r.Customers.print(w, o)
	}
}

func (r *report) printWrites(w io.Writer, o *options) {
	fmt.Fprintf(w, "### 1. Durable create: org.Service.CreateRegion vs raw Badger Update\n\n")
	fmt.Fprintf(w, "%d creates per side and case after %d warm-up, in %d alternating rounds; "+
		"latency in ms.\n\n", o.writeOps, o.writeWarm, o.writeRounds)
	fmt.Fprintln(w, "| writers | service /s | service p50 | p95 | p99 | "+
		"raw /s | raw p50 | p95 | p99 | service/raw |")
	fmt.Fprintln(w, "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
	for _, c := range r.Writes {
		s, b := c.Service, c.Raw
		fmt.Fprintf(w, "| %d | %.0f | %s | %s | %s | %.0f | %s | %s | %s | %.2f |\n", c.Writers,
			s.PerSecond(), ms(s.Latency.P50), ms(s.Latency.P95), ms(s.Latency.P99),
			b.PerSecond(), ms(b.Latency.P50), ms(b.Latency.P95), ms(b.Latency.P99), c.Ratio())
	}
	fmt.Fprintln(w)
	r.printWriteCost(w)
}

// printWriteCost is the diagnostic: the service's whole write set written
// raw, and the CPU each kind of create costs.
func (r *report) printWriteCost(w io.Writer) {
	record, all := writeSetSizes()
	fmt.Fprintf(w, "Where the time goes: \"raw write set\" writes the service's five keys "+
		"(claim, index, record, event, event index; %d bytes of keys and values, against %d "+
		"for the record alone) in one raw Update, without reads or checks. CPU is this "+
		"process's user+system time per create, Badger's background work included.\n\n",
		all, record)
	fmt.Fprintln(w, "| writers | raw write set /s | p50 | p99 | service / raw write set | "+
		"CPU µs: service | raw | raw write set |")
	fmt.Fprintln(w, "|---:|---:|---:|---:|---:|---:|---:|---:|")
	for _, c := range r.Writes {
		a := c.RawAll
		fmt.Fprintf(w, "| %d | %.0f | %s | %s | %.2f | %s | %s | %s |\n", c.Writers, a.PerSecond(),
			ms(a.Latency.P50), ms(a.Latency.P99), c.Service.PerSecond()/a.PerSecond(),
			us(c.Service.CPU), us(c.Raw.CPU), us(a.CPU))
	}
	fmt.Fprintln(w)
}

func (r *report) printHTTP(w io.Writer, o *options) {
	h := r.HTTP
	fmt.Fprintf(w, "### 2. HTTP, %d concurrent keep-alive clients (Go net/http)\n\n", h.Clients)
	fmt.Fprintf(w, "%d requests per endpoint after %d warm-up, in %d alternating rounds; "+
		"latency in ms.\n\n", o.requests, o.httpWarm, o.httpRounds)
	fmt.Fprintln(w, "| endpoint | req/s | p50 | p95 | p99 | max |")
	fmt.Fprintln(w, "|---|---:|---:|---:|---:|---:|")
	httpRow(w, "GET /api/v1/me (frontline, bearer token)", h.Me)
	httpRow(w, "GET / (Fiber hello-world, separate process)", h.Hello)
	fmt.Fprintln(w)
	if len(h.Wrk) > 0 {
		printWrk(w, h)
	}
}

func httpRow(w io.Writer, name string, r result) {
	l := r.Latency
	fmt.Fprintf(w, "| %s | %.0f | %s | %s | %s | %s |\n",
		name, r.PerSecond(), ms(l.P50), ms(l.P95), ms(l.P99), ms(l.Max))
}

func printWrk(w io.Writer, h httpResult) {
	fmt.Fprintf(w, "wrk cross-check (-t2 -c%d -d%s, as printed by wrk):\n\n", h.Clients, wrkDuration)
	fmt.Fprintln(w, "| endpoint | req/s | p50 | p90 | p99 |")
	fmt.Fprintln(w, "|---|---:|---:|---:|---:|")
	for _, x := range h.Wrk {
		fmt.Fprintf(w, "| %s | %s | %s | %s | %s |\n", x.Name, x.PerSecond, x.P50, x.P90, x.P99)
	}
	fmt.Fprintln(w)
}

func (r *report) printFootprint(w io.Writer, o *options) {
	fmt.Fprintf(w, "### 3. Footprint\n\n| measure | value |\n|---|---:|\n")
	if o.has("start") {
		s := r.Start
		fmt.Fprintf(w, "| binary size | %.1f MiB (%d bytes) |\n",
			float64(s.BinaryBytes)/(1<<20), s.BinaryBytes)
		fmt.Fprintf(w, "| cold start to /readyz, median of %d | %s ms |\n", len(s.Starts), ms(s.Median))
		fmt.Fprintf(w, "| cold starts | %s ms |\n", joinMs(s.Starts))
	}
	if o.has("http") {
		h := r.HTTP
		fmt.Fprintf(w, "| RSS idle (%s after ready) | %s MiB |\n", o.idle, mib(h.IdleRSS))
		fmt.Fprintf(w, "| RSS after %d requests | %s MiB |\n", fewRequests, mib(h.FewRSS))
		fmt.Fprintf(w, "| RSS after the HTTP load | %s MiB |\n", mib(h.LoadedRSS))
		fmt.Fprintf(w, "| hello-world RSS after its load | %s MiB |\n", mib(h.HelloRSS))
	}
	fmt.Fprintln(w)
}

func joinMs(ds []time.Duration) string {
	s := ""
	for i, d := range ds {
		if i > 0 {
			s += ", "
		}
		s += ms(d)
	}
	return s
}
