package osservice

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/signal"
	"runtime"
	"syscall"

	"github.com/kardianos/service"
)

// Run runs serve until it returns or the process is asked to stop, and
// returns serve's error. serve must return soon after its context is
// cancelled.
//
// On Linux, and whenever a person started the program, serve runs in the
// foreground and SIGINT or SIGTERM cancels its context: systemd needs
// nothing more. Under launchd and the Windows service manager, Run hands
// control to kardianos/service, which cancels the context when the manager
// says stop. If serve fails on its own there, its error also goes to the
// system log; the caller should exit non-zero so that launchd restarts the
// service. On Windows Run then ends the process itself, with status 1,
// because only a process that dies makes the manager restart it.
func Run(cfg Config, serve func(ctx context.Context) error) error {
	// kardianos calls a process whose parent is systemd non-interactive; it
	// still runs in the foreground, so Linux never needs the detour.
	if runtime.GOOS == "linux" || service.Interactive() {
		return runForeground(serve)
	}
	c, err := cfg.withDefaults()
	if err != nil {
		return err
	}
	return runManaged(c, serve)
}

func runForeground(serve func(ctx context.Context) error) error {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	return serve(ctx)
}

func runManaged(c Config, serve func(ctx context.Context) error) error {
	prg := newProgram(serve)
	svc, err := newService(c, prg, prg.wait)
	if err != nil {
		return err
	}
	err = svc.Run()
	if err != nil {
		logFailure(svc, err)
	}
	return err
}

// logFailure writes err to the system log (the Windows event log, syslog),
// where an administrator looks when a service stops.
func logFailure(svc service.Service, err error) {
	if logger, logErr := svc.Logger(nil); logErr == nil {
		_ = logger.Error(err)
	}
}

// program adapts serve to service.Interface: Start runs it with a context
// that Stop cancels.
type program struct {
	serve  func(ctx context.Context) error
	cancel context.CancelFunc
	done   chan struct{} // closed when serve has returned
	err    error         // serve's result, read after done
}

func newProgram(serve func(ctx context.Context) error) *program {
	return &program{serve: serve, done: make(chan struct{})}
}

// Start runs serve in the background; the manager wants it to return.
func (p *program) Start(s service.Service) error {
	ctx, cancel := context.WithCancel(context.Background())
	p.cancel = cancel
	go p.run(ctx, s)
	return nil
}

func (p *program) run(ctx context.Context, s service.Service) {
	p.err = p.serve(ctx)
	close(p.done)
	// The Windows service loop waits only for control requests, and the
	// manager applies its restart action only to a process that ends without
	// reporting a stop: so end it, after logging why.
	if ctx.Err() == nil && runtime.GOOS == "windows" {
		logFailure(s, fmt.Errorf("osservice: server stopped: %w", p.err))
		os.Exit(1)
	}
}

// Stop cancels serve's context and waits for serve to return; a serve that
// ended because of the cancellation counts as a clean stop.
func (p *program) Stop(service.Service) error {
	p.cancel()
	<-p.done
	if errors.Is(p.err, context.Canceled) {
		return nil
	}
	return p.err
}

// wait replaces kardianos's wait for a signal on Unix managers, so that a
// serve failing on its own also ends Run.
func (p *program) wait() {
	sig := make(chan os.Signal, 1)
	signal.Notify(sig, os.Interrupt, syscall.SIGTERM)
	defer signal.Stop(sig)
	select {
	case <-sig:
	case <-p.done:
	}
}
