package main

import (
	"crypto/rand"
	"fmt"
	"os"
	"path/filepath"
	"time"
)

// server is a running child that answers HTTP at base.
type server struct {
	*child
	base string
	// ready is when it first answered its ready URL.
	ready time.Duration
}

// benchEmail is the admin the HTTP benchmark signs in as.
const benchEmail = "bench@example.com"

// provision creates an admin in dataDir and returns a token for it, both
// through the binary's own CLI.
func provision(bin, dataDir string) (string, error) {
	pw := rand.Text() + "\n"
	_, err := runCLI(bin, pw, "user", "add", "--data", dataDir, "--email", benchEmail,
		"--name", "Bench Admin", "--role", "admin", "--password-stdin")
	if err != nil {
		return "", err
	}
	return runCLI(bin, "", "token", "create", "--data", dataDir,
		"--user", benchEmail, "--name", "bench")
}

// startFrontline runs `frontline serve` on dataDir and a free port and
// waits until /readyz answers 200.
func startFrontline(cl *cleanup, bin, dataDir string) (*server, error) {
	addr, err := freeAddr()
	if err != nil {
		return nil, err
	}
	logPath := filepath.Join(filepath.Dir(dataDir), filepath.Base(dataDir)+".log")
	start := time.Now()
	c, err := startChild(cl, "frontline serve", logPath, bin,
		"serve", "--data", dataDir, "--addr", addr)
	if err != nil {
		return nil, err
	}
	return awaitServer(c, "http://"+addr, "/readyz", start)
}

// startHello runs this program again as the Fiber hello-world server.
func startHello(cl *cleanup, work string) (*server, error) {
	self, err := os.Executable()
	if err != nil {
		return nil, fmt.Errorf("find own executable: %w", err)
	}
	addr, err := freeAddr()
	if err != nil {
		return nil, err
	}
	start := time.Now()
	logPath := filepath.Join(work, "hello.log")
	c, err := startChild(cl, "hello-world", logPath, self, "-hello-addr", addr)
	if err != nil {
		return nil, err
	}
	return awaitServer(c, "http://"+addr, "/", start)
}

func awaitServer(c *child, base, readyPath string, start time.Time) (*server, error) {
	at, err := waitReady(c, base+readyPath)
	if err != nil {
		c.stop()
		return nil, err
	}
	return &server{child: c, base: base, ready: at.Sub(start)}, nil
}
