package server

import (
	"context"
	"crypto/tls"
	"fmt"
	"io"
	"net"
	"strings"
	"time"

	"github.com/frontline-crm/frontline/app/customer"
	"github.com/frontline-crm/frontline/app/demo"
	"github.com/frontline-crm/frontline/app/i18n"
	"github.com/frontline-crm/frontline/app/job"
	"github.com/frontline-crm/frontline/app/web"
	"github.com/frontline-crm/frontline/embedui"
)

// ServeOptions are the parts of serving that do not come from the config.
type ServeOptions struct {
	Version string
	// Demo seeds the demo organisation into an empty database.
	Demo bool
	// Console receives the start-up banner: the address, and the setup link
	// and demo password when there are any. They are printed here, not
	// logged, so they never reach a log collector.
	Console io.Writer
}

// Serve runs Frontline until ctx is cancelled (SIGTERM/SIGINT), then shuts
// down in order: stop accepting and drain requests (bounded by
// server.shutdown_timeout), stop the scheduler, close the database, release
// the data directory.
func (a *App) Serve(ctx context.Context, w *WebConfig, o ServeOptions) error {
	cats, err := i18n.Load(embedui.Locales, "locales")
	if err != nil {
		return err
	}
	if err := a.prepare(o); err != nil {
		return err
	}
	srv, err := web.New(web.Deps{Config: w.Config, DB: a.DB, Org: a.Org, Auth: a.Auth, Audit: a.Audit,
		Customers: a.Customers, Files: a.Files, Catalogs: cats, Clock: a.Clock, Log: a.Log, Version: o.Version, TLS: w.TLS != nil})
	if err != nil {
		return err
	}
	ln, err := listen(w.Config.String("server.addr"), w.TLS)
	if err != nil {
		return err
	}
	sched := a.scheduler(w)
	sched.Start(ctx)
	serveErr := make(chan error, 1)
	go func() { serveErr <- srv.Serve(ln) }()
	a.Log.Info("server started", "addr", ln.Addr().String(), "version", o.Version)
	if err := a.banner(o, w.baseURL(ln.Addr())); err != nil {
		a.Log.Error("banner failed", "error", err)
	}
	select {
	case err = <-serveErr:
	case <-ctx.Done():
	}
	return a.shutdown(srv, sched, w.Config.Duration("server.shutdown_timeout"), err)
}

// prepare seeds the demo organisation, with months of customer activity,
// when asked and the database is new.
func (a *App) prepare(o ServeOptions) error {
	if !o.Demo {
		return nil
	}
	seeded, pw, err := demo.Seed(a.Org)
	if err != nil || !seeded {
		return err
	}
	if err := demo.SeedCustomers(a.Customers, a.Org, 1, 60, 400, a.Clock.Now()); err != nil {
		return err
	}
	fmt.Fprintf(o.Console, "Demo organisation created. Demo users (e.g. rep.hangzhou@demo.frontline.local) "+
		"share the password: %s\n", pw)
	return nil
}

func (a *App) scheduler(w *WebConfig) *job.Scheduler {
	s := job.New(a.DB, a.Clock, a.Log)
	s.EveryExternal("store.value_log_gc", w.Config.Duration("store.gc_interval"), func(context.Context, time.Time) error {
		n, skipped, err := a.DB.RunValueLogGC()
		a.Log.Debug("value-log gc", "rewritten", n, "skipped", skipped)
		return err
	})
	s.Every(customer.PoolRecycleJob, customer.PoolRecycleInterval, a.Customers.RecyclePool)
	return s
}

// banner prints where Frontline listens and, while no admin can sign in,
// a fresh one-time setup link.
func (a *App) banner(o ServeOptions, base string) error {
	fmt.Fprintf(o.Console, "Frontline %s is listening on %s\n", o.Version, base)
	need, err := a.Auth.SetupNeeded()
	if err != nil || !need {
		return err
	}
	secret, err := a.Auth.NewSetupLink()
	if err != nil {
		return err
	}
	fmt.Fprintf(o.Console, "First login: open %s/setup/%s to create the admin account "+
		"(valid for 24 hours, once).\n", base, secret)
	return nil
}

func (a *App) shutdown(srv *web.Server, sched *job.Scheduler, timeout time.Duration, serveErr error) error {
	a.Log.Info("shutdown: stop accepting, drain requests", "timeout_ms", timeout.Milliseconds())
	ctx, cancel := context.WithTimeout(context.Background(), timeout)
	defer cancel()
	if err := srv.Shutdown(ctx); err != nil {
		a.Log.Warn("shutdown: requests still running were cut off", "error", err)
	}
	a.Log.Info("shutdown: stop jobs")
	sched.Stop()
	a.Log.Info("shutdown: close database")
	if err := a.Close(); err != nil {
		return err
	}
	a.Log.Info("shutdown: done")
	return serveErr
}

func listen(addr string, tlsCfg *tls.Config) (net.Listener, error) {
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return nil, fmt.Errorf("server: listen on %s: %w", addr, err)
	}
	if tlsCfg != nil {
		return tls.NewListener(ln, tlsCfg), nil
	}
	return ln, nil
}

// baseURL is server.base_url, or the address actually listened on.
func (w *WebConfig) baseURL(addr net.Addr) string {
	if b := w.Config.String("server.base_url"); b != "" {
		return strings.TrimRight(b, "/")
	}
	scheme := "http"
	if w.TLS != nil {
		scheme = "https"
	}
	host := addr.String()
	if tcp, ok := addr.(*net.TCPAddr); ok && tcp.IP.IsUnspecified() {
		host = net.JoinHostPort("127.0.0.1", fmt.Sprint(tcp.Port))
	}
	return scheme + "://" + host
}
