package main

import (
	"flag"
	"fmt"
	"os"
	"slices"
	"strconv"
	"strings"
	"time"
)

// options are the command-line settings.
type options struct {
	binary    string
	tmpBase   string
	sections  []string
	writers   []int
	writeOps  int
	writeWarm int
	// writeRounds and httpRounds are how many turns the measured
	// operations are split into (see takeTurns).
	writeRounds int
	clients     int
	requests    int
	httpWarm    int
	httpRounds  int
	starts      int
	idle        time.Duration
	cpuProfile  string
	wrk         bool
	// cust is the customer-activity benchmark of issue 3.
	cust customerOptions
	// helloAddr switches to the hello-world server mode used as a child.
	helloAddr string
}

func parseFlags(args []string) (*options, error) {
	o := &options{}
	fs := flag.NewFlagSet("frontline-bench", flag.ContinueOnError)
	fs.StringVar(&o.binary, "binary", "./bin/frontline", "frontline binary to measure")
	fs.StringVar(&o.tmpBase, "tmp", "",
		"where to create temporary data dirs (default $TMPDIR or /tmp)")
	sections := fs.String("sections", "writes,start,http", "sections to run: writes, start, http")
	writers := fs.String("writers", "1,50,200", "concurrent writers for the write benchmark")
	fs.IntVar(&o.writeOps, "write-ops", 8000, "measured creates per case and side")
	fs.IntVar(&o.writeWarm, "write-warmup", 500, "warm-up creates per case and side")
	fs.IntVar(&o.writeRounds, "write-rounds", 4, "rounds the sides take turns in, per case")
	fs.IntVar(&o.clients, "clients", 50, "concurrent HTTP clients")
	fs.IntVar(&o.requests, "requests", 20000, "measured HTTP requests per endpoint")
	fs.IntVar(&o.httpWarm, "http-warmup", 2000, "warm-up HTTP requests per endpoint")
	fs.IntVar(&o.httpRounds, "http-rounds", 5, "rounds the endpoints take turns in")
	fs.IntVar(&o.starts, "starts", 5, "cold starts to time")
	fs.DurationVar(&o.idle, "idle", 2*time.Second, "idle time before reading the server's RSS")
	fs.StringVar(&o.cpuProfile, "cpuprofile", "",
		"write a CPU profile of the write benchmark to this file")
	fs.BoolVar(&o.wrk, "wrk", false, "also drive the HTTP endpoints with wrk, if installed")
	o.cust.register(fs)
	fs.StringVar(&o.helloAddr, "hello-addr", "",
		"internal: serve the Fiber hello-world on this address")
	if err := fs.Parse(args); err != nil {
		return nil, err
	}
	o.sections = strings.Split(*sections, ",")
	return o, o.parseWriters(*writers)
}

func (o *options) parseWriters(s string) error {
	for _, f := range strings.Split(s, ",") {
		n, err := strconv.Atoi(strings.TrimSpace(f))
		if err != nil || n < 1 {
			fmt.Fprintf(os.Stderr, "frontline-bench: -writers: bad number %q\n", f)
			return fmt.Errorf("bad -writers")
		}
		o.writers = append(o.writers, n)
	}
	return nil
}

// has reports whether a section was asked for.
func (o *options) has(section string) bool { return slices.Contains(o.sections, section) }
