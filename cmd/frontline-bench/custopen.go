package main

import (
	"fmt"
	"log/slog"
	"os"

	"github.com/frontline-crm/frontline/app/access"
	"github.com/frontline-crm/frontline/app/clock"
	"github.com/frontline-crm/frontline/app/config"
	"github.com/frontline-crm/frontline/app/customer"
	appserver "github.com/frontline-crm/frontline/app/server"
	"github.com/frontline-crm/frontline/app/store"
)

// openApp opens a data directory in this process, as the CLI does, with
// defaults only (no file, no environment).
func openApp(dir string) (*appserver.App, error) {
	cfg, err := config.Load(config.Sources{
		Env:   func(string) (string, bool) { return "", false },
		Flags: map[string]string{"data.dir": dir},
	})
	if err != nil {
		return nil, fmt.Errorf("config for %s: %w", dir, err)
	}
	log := slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: slog.LevelWarn}))
	return appserver.Open(cfg, clock.Real{}, log)
}

func closeApp(a *appserver.App) {
	if err := a.Close(); err != nil {
		logStderr("close %s: %v", a.Dir, err)
	}
}

// principalOf is the demo user's principal in a.
func principalOf(a *appserver.App, email string) (*access.Principal, string, error) {
	u, err := a.Org.UserByEmail(email)
	if err != nil {
		return nil, "", fmt.Errorf("demo user %s: %w", email, err)
	}
	p, err := a.Org.Principal(u)
	return p, u.ID, err
}

// findCustomers walks every customer as the director and keeps, for each
// rep, the ids of the customers the rep owns.
func (d *customerData) findCustomers() error {
	a, err := openApp(d.dir)
	if err != nil {
		return err
	}
	defer closeApp(a)
	byOwner, err := ownedCustomers(a)
	if err != nil {
		return err
	}
	for _, r := range d.reps {
		if _, r.userID, err = principalOf(a, r.email); err != nil {
			return err
		}
		r.customers = byOwner[r.userID]
		if len(r.customers) == 0 {
			return fmt.Errorf("customers: %s owns no customers in %s", r.email, d.dir)
		}
	}
	for _, ids := range byOwner {
		d.total += len(ids)
	}
	return nil
}

// ownedCustomers maps owner id to customer ids ("" for the pool), listing
// as the director, who sees every customer.
func ownedCustomers(a *appserver.App) (map[string][]string, error) {
	p, _, err := principalOf(a, directorEmail)
	if err != nil {
		return nil, err
	}
	out := map[string][]string{}
	req := store.PageRequest{Limit: store.MaxPageSize}
	for {
		items, next, err := a.Customers.List(p, customer.Filter{}, req)
		if err != nil {
			return nil, err
		}
		for _, c := range items {
			out[c.OwnerID] = append(out[c.OwnerID], c.ID)
		}
		if next == "" {
			return out, nil
		}
		req.Cursor = next
	}
}
