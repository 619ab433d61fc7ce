package server

import (
	"errors"
	"fmt"
	"log/slog"

	"github.com/frontline-crm/frontline/app/audit"
	"github.com/frontline-crm/frontline/app/auth"
	"github.com/frontline-crm/frontline/app/clock"
	"github.com/frontline-crm/frontline/app/config"
	"github.com/frontline-crm/frontline/app/customer"
	"github.com/frontline-crm/frontline/app/datadir"
	"github.com/frontline-crm/frontline/app/filestore"
	"github.com/frontline-crm/frontline/app/org"
	"github.com/frontline-crm/frontline/app/store"
)

// App is an open data directory with its services.
type App struct {
	Dir   *datadir.Dir
	DB    *store.DB
	Org   *org.Service
	Auth  *auth.Service
	Audit *audit.Log
	// Customers is customer activity: customers, contacts, follow-ups.
	Customers *customer.Service
	// Files holds uploaded files by SHA-256.
	Files *filestore.Store
	Clock clock.Clock
	Log   *slog.Logger
}

// migrations lists every schema step after the first release's schema 1,
// in order of To across all modules. Each module adds its steps here
// (slices.Concat of the modules' lists, numbers never reused).
var migrations = customer.Migrations()

// Open locks the data directory, opens the database and brings its schema
// up to date. It fails at once with a *datadir.LockedError when another
// process holds the directory.
//
// Steps and failures: (1) lock the directory — on failure nothing was
// touched; (2) open Badger — on failure the lock is released; (3) migrate —
// on failure the database is closed and the lock released, and the data
// stays at the last completed schema step.
func Open(cfg *config.Config, clk clock.Clock, log *slog.Logger) (*App, error) {
	dir, err := datadir.Open(cfg.String("data.dir"))
	if err != nil {
		return nil, err
	}
	db, err := store.Open(dir.DB(), store.DefaultOptions(), log)
	if err != nil {
		_ = dir.Close() // the open error is the one to report
		return nil, err
	}
	if err := store.Migrate(db, migrations, nil, log); err != nil {
		_ = db.Close() // the migration error is the one to report
		_ = dir.Close()
		return nil, err
	}
	return assemble(cfg, dir, db, clk, log), nil
}

func assemble(cfg *config.Config, dir *datadir.Dir, db *store.DB, clk clock.Clock, log *slog.Logger) *App {
	orgs := org.NewService(db, clk, log)
	set := auth.Settings{
		IdleTimeout:     cfg.Duration("session.idle_timeout"),
		AbsoluteTimeout: cfg.Duration("session.absolute_timeout"),
		LoginPerMinute:  cfg.Int("login.rate_limit"),
	}
	files := filestore.New(dir.Files())
	return &App{Dir: dir, DB: db, Org: orgs, Auth: auth.NewService(db, orgs, clk, log, set),
		Audit: audit.New(db), Customers: customer.NewService(db, orgs, clk, log, files), Files: files,
		Clock: clk, Log: log}
}

// Close closes the database and then releases the directory lock.
func (a *App) Close() error {
	dbErr := a.DB.Close()
	dirErr := a.Dir.Close()
	if err := errors.Join(dbErr, dirErr); err != nil {
		return fmt.Errorf("server: close: %w", err)
	}
	return nil
}

// SchemaVersion is the newest schema this release knows.
func SchemaVersion() int {
	if n := len(migrations); n > 0 {
		return migrations[n-1].To
	}
	return 1
}
