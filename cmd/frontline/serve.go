package main

import (
	"context"

	"github.com/frontline-crm/frontline/app/clock"
	"github.com/frontline-crm/frontline/app/osservice"
	"github.com/frontline-crm/frontline/app/server"
)

func runServe(e *env, args []string) error {
	fs := newFlags("serve", "Run the server in the foreground until SIGTERM or SIGINT.")
	var d dataFlags
	d.register(fs)
	addr := fs.String("addr", "", "address to listen on, host:port (overrides server.addr)")
	demo := fs.Bool("demo", false, "seed the demo organisation into an empty data directory")
	insecure := fs.Bool("insecure-http", false, "allow plain HTTP on a non-loopback address (behind a TLS proxy only)")
	if err := parse(fs, e, args); err != nil || helpAsked(args) {
		return err
	}
	extra := map[string]string{}
	if *addr != "" {
		extra["server.addr"] = *addr
	}
	if *insecure {
		extra["server.insecure_http"] = "true"
	}
	cfg, err := d.load(extra)
	if err != nil {
		return err
	}
	w, err := server.CheckTransport(cfg)
	if err != nil {
		return err
	}
	log := newLogger(cfg.String("log.level"))
	app, err := server.Open(cfg, clock.Real{}, log)
	if err != nil {
		return err
	}
	opts := server.ServeOptions{Version: version, Demo: *demo, Console: e.stderr}
	// Run cancels the context on SIGINT/SIGTERM, or when the Windows
	// service manager or launchd says stop.
	return osservice.Run(osservice.Config{ConfigPath: d.config, DataDir: cfg.String("data.dir")},
		func(ctx context.Context) error { return app.Serve(ctx, w, opts) })
}
