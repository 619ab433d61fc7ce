package main

import (
	"path/filepath"

	"github.com/frontline-crm/frontline/app/access"
	appserver "github.com/frontline-crm/frontline/app/server"
)

// serviceRep is a rep acting in-process, with their customers.
type serviceRep struct {
	p   *access.Principal
	rep *actor
}

// runServiceCreate generates a small data set, opens it in this process
// as the server would, and calls customer.Service.AddFollowUp as the
// owning reps against raw commits of the follow-up record. The server's
// directory cannot be used: the running server holds it.
func runServiceCreate(o *options, work string) (createCase, error) {
	dir := filepath.Join(work, "service-customers")
	n := o.cust.serviceCustomers
	if _, err := generate(o.binary, dir, n, 10*n); err != nil {
		return createCase{}, err
	}
	d := &customerData{dir: dir}
	for _, email := range repEmails {
		d.reps = append(d.reps, &actor{email: email})
	}
	if err := d.findCustomers(); err != nil {
		return createCase{}, err
	}
	a, err := openApp(dir)
	if err != nil {
		return createCase{}, err
	}
	defer closeApp(a)
	reps, err := serviceReps(a, d.reps)
	if err != nil {
		return createCase{}, err
	}
	return measureServiceCreate(o, a, reps, work)
}

func serviceReps(a *appserver.App, reps []*actor) ([]serviceRep, error) {
	out := make([]serviceRep, len(reps))
	for i, r := range reps {
		p, _, err := principalOf(a, r.email)
		if err != nil {
			return nil, err
		}
		out[i] = serviceRep{p: p, rep: r}
	}
	return out, nil
}

func measureServiceCreate(o *options, a *appserver.App, reps []serviceRep, work string) (createCase, error) {
	raw, err := openRawBadger(filepath.Join(work, "followup-raw-service"))
	if err != nil {
		return createCase{}, err
	}
	defer closeRaw(raw)
	pick := func() (serviceRep, string) {
		r := reps[randIntN(len(reps))]
		return r, r.rep.customers[randIntN(len(r.rep.customers))]
	}
	res := takeTurns(o.clients, o.writeWarm, o.writeOps, o.writeRounds,
		func(int) error {
			r, id := pick()
			_, err := a.Customers.AddFollowUp(r.p, followUpInput(id))
			return err
		},
		func(int) error {
			r, id := pick()
			return rawFollowUp(raw, r.rep.userID, id)
		})
	c := createCase{Side: res[0], Raw: res[1]}
	printCreate("service", c)
	return c, c.check("follow-up create through customer.Service")
}
