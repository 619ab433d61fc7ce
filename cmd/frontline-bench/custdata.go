package main

import (
	"crypto/rand"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"time"
)

// genTimeout bounds one `frontline demo` run; 100k customers with 1M
// follow-ups take minutes.
const genTimeout = time.Hour

// Demo users the customer benchmark acts as. Reps read and follow up
// their own customers; the manager (Zhejiang) and the director list.
const (
	managerEmail  = "manager.zhejiang@demo.frontline.local"
	directorEmail = "director@demo.frontline.local"
)

var repEmails = []string{
	"rep.hangzhou@demo.frontline.local",
	"rep.shaoxing@demo.frontline.local",
	"rep.shenzhen@demo.frontline.local",
}

// actor is a demo user with the credentials the benchmark made for it.
type actor struct {
	email    string
	userID   string
	token    string
	password string
	// session is the browser session cookie, once signed in.
	session string
	// customers are the ids of customers the user owns.
	customers []string
}

// customerData is the generated data set and who acts on it.
type customerData struct {
	dir       string
	generated time.Duration // 0 when reused
	reps      []*actor
	manager   *actor
	director  *actor
	// total customers in the directory, as the director lists them.
	total int
}

// generate runs `frontline demo` into dir with a fixed seed.
func generate(bin, dir string, customers, followUps int) (time.Duration, error) {
	logPhase("generating %d customers, %d follow-ups in %s (100k/1M: about 4 to 5 min, 3.5 GB)",
		customers, followUps, dir)
	start := time.Now()
	_, err := runCLIWithin(genTimeout, bin, "", "demo", "--data", dir,
		"--customers", strconv.Itoa(customers), "--followups", strconv.Itoa(followUps), "--seed", "1")
	return time.Since(start), err
}

// prepareCustomerData generates the data set (or takes the one given),
// gives the reps a known password and every actor a token, all through
// the binary's CLI, and finds each rep's customers. It must run before the
// server holds the directory.
func prepareCustomerData(o *options, work string) (*customerData, error) {
	d := &customerData{dir: o.cust.dataDir}
	if d.dir == "" {
		d.dir = filepath.Join(work, "customer-data")
		var err error
		d.generated, err = generate(o.binary, d.dir, o.cust.customers, o.cust.followUps)
		if err != nil {
			return nil, err
		}
	} else if _, err := os.Stat(d.dir); err != nil {
		return nil, fmt.Errorf("-customer-data: %w", err)
	}
	if err := d.provision(o.binary); err != nil {
		return nil, err
	}
	return d, d.findCustomers()
}

func (d *customerData) provision(bin string) error {
	pw := "bench-" + rand.Text()
	for _, email := range repEmails {
		a := &actor{email: email, password: pw}
		_, err := runCLI(bin, pw+"\n", "user", "reset-password", "--data", d.dir,
			"--email", email, "--password-stdin")
		if err != nil {
			return err
		}
		d.reps = append(d.reps, a)
	}
	d.manager, d.director = &actor{email: managerEmail}, &actor{email: directorEmail}
	for _, a := range d.actors() {
		tok, err := runCLI(bin, "", "token", "create", "--data", d.dir, "--user", a.email,
			"--name", "bench")
		if err != nil {
			return err
		}
		a.token = tok
	}
	return nil
}

func (d *customerData) actors() []*actor {
	return append([]*actor{d.manager, d.director}, d.reps...)
}
