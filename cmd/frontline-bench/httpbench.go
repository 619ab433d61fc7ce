package main

import (
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"time"
)

// httpResult is section 2 and the memory half of section 3.
type httpResult struct {
	Clients int
	Me      result
	Hello   result
	Wrk     []wrkResult
	// Server memory, KiB: idle after start, after a few requests, after
	// the load run; and the hello-world's after its load run.
	IdleRSS, FewRSS, LoadedRSS, HelloRSS int64
}

// fewRequests is how many /api/v1/me calls "after a few requests" means.
const fewRequests = 100

// runHTTP provisions and starts the real server and the hello-world, reads
// the server's idle memory, and loads both endpoints in turn.
func runHTTP(o *options, cl *cleanup, work string) (httpResult, error) {
	r := httpResult{Clients: o.clients}
	dataDir := filepath.Join(work, "http-data")
	token, err := provision(o.binary, dataDir)
	if err != nil {
		return r, err
	}
	fl, err := startFrontline(cl, o.binary, dataDir)
	if err != nil {
		return r, err
	}
	defer fl.stop()
	hello, err := startHello(cl, work)
	if err != nil {
		return r, err
	}
	defer hello.stop()
	return r, r.measure(o, fl, hello, token)
}

func (r *httpResult) measure(o *options, fl, hello *server, token string) error {
	bearer := http.Header{"Authorization": {"Bearer " + token}}
	me := target{url: fl.base + "/api/v1/me", header: bearer}
	hw := target{url: hello.base + "/"}
	client := newClient(o.clients)
	if err := r.readMemory(o, fl, client, me); err != nil {
		return err
	}
	res := takeTurns(o.clients, o.httpWarm, o.requests, o.httpRounds,
		func(int) error { return hit(client, me) },
		func(int) error { return hit(client, hw) })
	r.Me, r.Hello = res[0], res[1]
	printLoad("GET /api/v1/me", r.Me)
	printLoad("hello-world   ", r.Hello)
	if err := r.checkErrors(); err != nil {
		return err
	}
	r.runWrk(o, me, hw)
	return r.readLoadedMemory(fl, hello)
}

// readMemory reads the server's RSS after it idled, then after a few
// requests.
func (r *httpResult) readMemory(o *options, fl *server, client *http.Client, me target) error {
	time.Sleep(o.idle)
	var err error
	if r.IdleRSS, err = rssKiB(fl.pid()); err != nil {
		return err
	}
	few := runPool(1, fewRequests, func(int) error { return hit(client, me) }).result()
	if few.Errors > 0 {
		return fmt.Errorf("GET /api/v1/me: %w", few.FirstErr)
	}
	r.FewRSS, err = rssKiB(fl.pid())
	return err
}

func (r *httpResult) readLoadedMemory(fl, hello *server) error {
	var err error
	if r.LoadedRSS, err = rssKiB(fl.pid()); err != nil {
		return err
	}
	r.HelloRSS, err = rssKiB(hello.pid())
	return err
}

func (r *httpResult) checkErrors() error {
	for _, res := range []result{r.Me, r.Hello} {
		if res.Errors > 0 {
			return fmt.Errorf("http load: %d errors, first: %w", res.Errors, res.FirstErr)
		}
	}
	return nil
}

func printLoad(name string, r result) {
	fmt.Fprintf(os.Stderr, "http    %s: %7.0f req/s p50 %s p95 %s p99 %s ms\n",
		name, r.PerSecond(), ms(r.Latency.P50), ms(r.Latency.P95), ms(r.Latency.P99))
}
