package main

import (
	"fmt"
	"os"
	"os/signal"
	"sync"
	"syscall"
)

// cleanup holds what must be undone before the program exits: child
// processes to stop and directories to remove. It runs once, in reverse
// order of registration, on a normal exit or on SIGINT/SIGTERM.
type cleanup struct {
	mu    sync.Mutex
	funcs []func()
	done  bool
}

func newCleanup() *cleanup { return &cleanup{} }

// add registers fn; if cleanup already ran, fn runs at once.
func (c *cleanup) add(fn func()) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.done {
		fn()
		return
	}
	c.funcs = append(c.funcs, fn)
}

func (c *cleanup) run() {
	c.mu.Lock()
	defer c.mu.Unlock()
	for i := len(c.funcs) - 1; i >= 0; i-- {
		c.funcs[i]()
	}
	c.funcs, c.done = nil, true
}

// onSignal cleans up and exits when the program is interrupted.
func (c *cleanup) onSignal() {
	ch := make(chan os.Signal, 1)
	signal.Notify(ch, os.Interrupt, syscall.SIGTERM)
	go func() {
		sig := <-ch
		fmt.Fprintf(os.Stderr, "frontline-bench: %v, cleaning up\n", sig)
		c.run()
		os.Exit(130)
	}()
}
