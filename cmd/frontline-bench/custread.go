package main

import (
	"fmt"
	"math/rand/v2"
	"net/http"
	"os"
	"path/filepath"
	"time"
)

// readTarget is the p95 the issue asks of every customer read, in ms.
const readTarget = 20 * time.Millisecond

// readCase is one customer read endpoint, measured.
type readCase struct {
	Name    string
	Clients int
	Result  result
}

// customerReads names the read endpoints in report order and builds one
// request of each for operation i.
type customerReads struct {
	base string
	d    *customerData
}

// listURL is the filtered list of issue 3.
const listURL = "/api/v1/customers?status=following&level=A&limit=50"

// readEndpoint is one endpoint and how to build a request to it.
type readEndpoint struct {
	name string
	next func() target
}

// customerEndpoints are the reads of one customer, by its owning rep.
func (cr customerReads) customerEndpoints() []readEndpoint {
	return []readEndpoint{
		{"GET /api/v1/customers/{id} (owning rep, token)", func() target {
			rep, id := cr.pick()
			return target{url: cr.base + "/api/v1/customers/" + id, header: bearerOf(rep)}
		}},
		{"GET /customers/{id} (HTML page, owning rep, session)", func() target {
			rep, id := cr.pick()
			h := http.Header{"Accept": {"text/html"},
				"Cookie": {sessionCookieName + "=" + rep.session}}
			return target{url: cr.base + "/customers/" + id, header: h}
		}},
		{"GET /api/v1/customers/{id}/followups?limit=20 (owning rep)", func() target {
			rep, id := cr.pick()
			return target{url: cr.base + "/api/v1/customers/" + id + "/followups?limit=20",
				header: bearerOf(rep)}
		}},
	}
}

// listEndpoints are the filtered list as the manager and the director.
func (cr customerReads) listEndpoints() []readEndpoint {
	return []readEndpoint{
		{"GET " + listURL + " (manager Zhejiang)", func() target {
			return target{url: cr.base + listURL, header: bearerOf(cr.d.manager)}
		}},
		{"GET " + listURL + " (director)", func() target {
			return target{url: cr.base + listURL, header: bearerOf(cr.d.director)}
		}},
	}
}

// pick is a random rep and a random customer of theirs.
func (cr customerReads) pick() (*actor, string) {
	rep := cr.d.reps[rand.IntN(len(cr.d.reps))]
	return rep, rep.customers[rand.IntN(len(rep.customers))]
}

func bearerOf(a *actor) http.Header { return http.Header{"Authorization": {"Bearer " + a.token}} }

// listTimeout bounds one list request: at 100k customers a list that
// walks every customer queues for far longer than newClient allows.
const listTimeout = 10 * time.Minute

// soloLists is how many list requests one client sends one after the
// other, to show a list's own cost without queueing.
const soloLists = 10

// runReads loads the customer endpoints, then the lists (fewer requests,
// as a list can cost far more), at o.clients; then the lists from one
// client.
func runReads(o *options, base string, d *customerData) ([]readCase, error) {
	cr := customerReads{base: base, d: d}
	client := newClient(o.clients)
	client.Timeout = listTimeout
	n, ln := o.cust.requests, o.cust.listRequests
	cases, err := loadEndpoints(client, o.clients, n, o.httpRounds, cr.customerEndpoints(), "")
	if err != nil {
		return cases, err
	}
	lists, err := loadEndpoints(client, o.clients, ln, o.httpRounds, cr.listEndpoints(), "")
	cases = append(cases, lists...)
	if err != nil {
		return cases, err
	}
	solo, err := loadEndpoints(client, 1, soloLists, 1, cr.listEndpoints(), ", 1 client")
	return append(cases, solo...), err
}

// loadEndpoints measures eps against each other, taking turns, after a
// tenth of n as warm-up.
func loadEndpoints(client *http.Client, conc, n, rounds int, eps []readEndpoint,
	suffix string) ([]readCase, error) {
	sides := make([]func(int) error, len(eps))
	for i, ep := range eps {
		sides[i] = func(int) error { return hit(client, ep.next()) }
	}
	res := takeTurns(conc, max(n/10, 1), n, rounds, sides...)
	cases := make([]readCase, len(eps))
	for i, ep := range eps {
		cases[i] = readCase{Name: ep.name + suffix, Clients: conc, Result: res[i]}
		printLoad(fmt.Sprintf("%-40.40s", cases[i].Name), res[i])
		if res[i].Errors > 0 {
			return cases, fmt.Errorf("%s: %d errors, first: %w", ep.name, res[i].Errors, res[i].FirstErr)
		}
	}
	return cases, nil
}

// startCustomerServer runs `frontline serve` on the customer data, its
// log in the work directory rather than beside a reused data directory.
func startCustomerServer(cl *cleanup, bin, dataDir, work string) (*server, error) {
	addr, err := freeAddr()
	if err != nil {
		return nil, err
	}
	start := time.Now()
	c, err := startChild(cl, "frontline serve (customers)", filepath.Join(work, "customers.log"), bin,
		"serve", "--data", dataDir, "--addr", addr)
	if err != nil {
		return nil, err
	}
	return awaitServer(c, "http://"+addr, "/readyz", start)
}

// signInReps opens a browser session for every rep, for the HTML page.
func signInReps(base string, d *customerData) error {
	for _, r := range d.reps {
		if err := signIn(base, r); err != nil {
			return err
		}
	}
	return nil
}

func logPhase(f string, a ...any) { fmt.Fprintf(os.Stderr, "customers: "+f+"\n", a...) }
