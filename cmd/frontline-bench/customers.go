package main

import "time"

// customerResult is section 4: customer activity on generated demo data.
type customerResult struct {
	Dir       string
	Generated time.Duration // 0 when -customer-data was reused
	Customers int           // in the directory when the run started
	// RepCustomers is how many customers the reps own between them; the
	// reads and creates pick among them.
	RepCustomers int
	Reads        []readCase
	HTTPCreate   createCase
	Service      createCase
	// ServiceCustomers is the size of the small set the service create
	// ran on.
	ServiceCustomers int
	// ServerRSS is the server's memory after the loads, KiB.
	ServerRSS int64
}

// runCustomers prepares the data, measures reads and creates over HTTP
// against the real server, stops it, and measures the in-process service
// create on a small data set of its own.
func runCustomers(o *options, cl *cleanup, work string) (customerResult, error) {
	var r customerResult
	d, err := prepareCustomerData(o, work)
	if err != nil {
		return r, err
	}
	r.Dir, r.Generated, r.Customers = d.dir, d.generated, d.total
	if err := r.measureHTTP(o, cl, d, work); err != nil {
		return r, err
	}
	r.ServiceCustomers = o.cust.serviceCustomers
	r.Service, err = runServiceCreate(o, work)
	return r, err
}

func (r *customerResult) measureHTTP(o *options, cl *cleanup, d *customerData, work string) error {
	fl, err := startCustomerServer(cl, o.binary, d.dir, work)
	if err != nil {
		return err
	}
	defer fl.stop()
	logPhase("server ready in %s on %d customers", fl.ready.Round(time.Millisecond), d.total)
	if err := signInReps(fl.base, d); err != nil {
		return err
	}
	if err := listVisible(newClient(1), fl.base, d); err != nil {
		return err
	}
	r.RepCustomers = 0
	for _, rep := range d.reps {
		r.RepCustomers += len(rep.customers)
	}
	if r.Reads, err = runReads(o, fl.base, d); err != nil {
		return err
	}
	if r.HTTPCreate, err = runHTTPCreate(o, fl.base, d, work); err != nil {
		return err
	}
	r.ServerRSS, err = rssKiB(fl.pid())
	return err
}
