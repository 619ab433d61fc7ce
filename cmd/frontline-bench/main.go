// Command frontline-bench measures Frontline on the machine it runs on and
// prints Markdown for docs/benchmarks.md:
//
//  1. durable creates through the org service against raw Badger updates
//     of the same bytes, at several numbers of concurrent writers;
//  2. GET /api/v1/me over real HTTP against a Fiber hello-world;
//  3. the binary's size, its cold start to /readyz and its memory;
//  4. customer activity (issue 3) on generated demo data: customer reads
//     and lists over HTTP, and durable follow-up creates over HTTP and
//     through customer.Service, each against raw Badger.
//
// Child processes (the frontline binary, and this program again as the
// hello-world server) are stopped with SIGTERM, and temporary directories
// removed, on every exit path, including Ctrl-C.
package main

import (
	"errors"
	"flag"
	"fmt"
	"os"
)

func main() {
	o, err := parseFlags(os.Args[1:])
	if errors.Is(err, flag.ErrHelp) {
		return
	}
	if err != nil {
		os.Exit(2)
	}
	if o.helloAddr != "" {
		exitOn(serveHello(o.helloAddr))
		return
	}
	cl := newCleanup()
	cl.onSignal()
	runErr := run(o, cl)
	cl.run()
	exitOn(runErr)
}

func exitOn(err error) {
	if err != nil {
		fmt.Fprintln(os.Stderr, "frontline-bench:", err)
		os.Exit(1)
	}
}

// run measures the chosen sections in a fresh working directory and
// prints the report.
func run(o *options, cl *cleanup) error {
	if err := checkBinary(o); err != nil {
		return err
	}
	work, err := os.MkdirTemp(o.tmpBase, "frontline-bench-")
	if err != nil {
		return fmt.Errorf("create work dir: %w", err)
	}
	cl.add(func() { removeDir(work) })

	rep := &report{Machine: describeMachine(work, o.binary)}
	if err := measure(o, cl, work, rep); err != nil {
		return err
	}
	rep.print(os.Stdout, o)
	return nil
}

func removeDir(dir string) {
	if err := os.RemoveAll(dir); err != nil {
		logStderr("remove %s: %v", dir, err)
	}
}

// checkBinary fails early when a section needs the binary and it is not
// there.
func checkBinary(o *options) error {
	if !o.has("start") && !o.has("http") && !o.cust.enabled {
		return nil
	}
	if _, err := os.Stat(o.binary); err != nil {
		return fmt.Errorf("-binary: %w (run make build first)", err)
	}
	return nil
}

// measure runs each section asked for, in the order of the report.
func measure(o *options, cl *cleanup, work string, rep *report) error {
	var err error
	if o.has("writes") {
		if rep.Writes, err = runWrites(o, work); err != nil {
			return err
		}
	}
	if o.has("start") {
		if rep.Start, err = runStart(o, cl, work); err != nil {
			return err
		}
	}
	if o.has("http") {
		if rep.HTTP, err = runHTTP(o, cl, work); err != nil {
			return err
		}
	}
	if o.cust.enabled {
		if rep.Customers, err = runCustomers(o, cl, work); err != nil {
			return err
		}
	}
	return nil
}

// logStderr reports trouble that does not stop the benchmark.
func logStderr(f string, a ...any) { fmt.Fprintf(os.Stderr, "frontline-bench: "+f+"\n", a...) }
