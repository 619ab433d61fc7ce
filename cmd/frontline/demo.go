package main

import (
	"fmt"
	"io"
	"time"

	"github.com/frontline-crm/frontline/app/demo"
	"github.com/frontline-crm/frontline/app/server"
)

func runDemo(e *env, args []string) error {
	fs := newFlags("demo", "Seed the demo organisation into a data directory without users, then generate "+
		"customers with months of activity, e.g. for benchmarks. Names resembling each other are accepted "+
		"with a reason, as an import would. Progress goes to stderr every 1%.")
	var d dataFlags
	d.register(fs)
	customers := fs.Int("customers", 60, "customers to generate")
	followUps := fs.Int("followups", 400, "follow-ups to share among them")
	seed := fs.Int64("seed", 1, "random seed: the same seed gives the same companies, contacts and notes")
	workers := fs.Int("workers", 8, "customers written in parallel")
	if err := parse(fs, e, args); err != nil || helpAsked(args) {
		return err
	}
	if *customers < 0 || *followUps < 0 || *workers < 1 || (*customers == 0 && *followUps > 0) {
		fmt.Fprintln(e.stderr, "frontline demo: --customers and --followups must not be negative, "+
			"follow-ups need customers, and --workers must be at least 1")
		return errUsage
	}
	return withApp(&d, func(a *server.App) error {
		seeded, pw, err := demo.Seed(a.Org)
		if err != nil {
			return err
		}
		if seeded {
			fmt.Fprintf(e.stdout, "Demo organisation created. Demo users share the password: %s\n", pw)
		}
		start := time.Now()
		n, err := demo.Generate(a.Customers, a.Org, demo.Options{Seed: *seed, Customers: *customers,
			FollowUps: *followUps, Now: a.Clock.Now(), Workers: *workers, Bulk: true,
			Progress: progressLine(e.stderr, *customers, *followUps)})
		fmt.Fprintf(e.stdout, "Wrote %s in %s.\n", n, time.Since(start).Round(time.Millisecond))
		return err
	})
}

// progressLine prints the totals each time another 1% of the customers
// is written.
func progressLine(w io.Writer, customers, followUps int) func(demo.Counts) {
	step := max(1, customers/100)
	return func(n demo.Counts) {
		if n.Customers%step == 0 || n.Customers == customers {
			fmt.Fprintf(w, "customers %d/%d, follow-ups %d/%d\n",
				n.Customers, customers, n.FollowUps, followUps)
		}
	}
}
