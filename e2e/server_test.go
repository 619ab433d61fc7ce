//go:build e2e

package e2e

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"
)

// startTimeout bounds how long the server may take to print its address.
const startTimeout = 30 * time.Second

// stopTimeout is how long a graceful shutdown may take after SIGTERM.
const stopTimeout = 10 * time.Second

var (
	listeningRe = regexp.MustCompile(`is listening on (http\S+)`)
	setupRe     = regexp.MustCompile(`First login: open (http\S+/setup/\S+) `)
	demoPassRe  = regexp.MustCompile(`share the password: (demo-\S+)`)
)

// binary is the absolute path of bin/frontline, built by `make build`.
func binary(t *testing.T) string {
	t.Helper()
	path, err := filepath.Abs(filepath.Join("..", "bin", "frontline"))
	if err != nil {
		t.Fatalf("locate bin/frontline: %v", err)
	}
	if _, err := os.Stat(path); err != nil {
		t.Fatalf("%s is missing: run `make build` first (`make e2e` does it for you): %v", path, err)
	}
	return path
}

// addUser creates a local account with the CLI, before the server starts.
func addUser(t *testing.T, dataDir, email, name, role, password string) {
	t.Helper()
	cmd := exec.Command(binary(t), "user", "add", "--data", dataDir,
		"--email", email, "--name", name, "--role", role, "--password-stdin")
	cmd.Stdin = strings.NewReader(password + "\n")
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("frontline user add %s: %v\n%s", email, err, out)
	}
	if !strings.Contains(string(out), "created user "+email) {
		t.Fatalf("frontline user add %s: got output %q, want it to say the user was created", email, out)
	}
}

// server is a running `frontline serve` process.
type server struct {
	URL    string
	cmd    *exec.Cmd
	stderr *lineLog
	stdout *lineLog
	exited chan error
	once   sync.Once
}

// startServer runs `frontline serve` on a free port of the loopback
// interface and returns once it has printed its address. The server is
// stopped, and its graceful shutdown checked, when the test ends.
func startServer(t *testing.T, dataDir string, extra ...string) *server {
	t.Helper()
	args := append([]string{"serve", "--data", dataDir, "--addr", "127.0.0.1:0"}, extra...)
	s := &server{
		cmd:    exec.Command(binary(t), args...),
		stderr: newLineLog(),
		stdout: newLineLog(),
		exited: make(chan error, 1),
	}
	s.cmd.Stderr, s.cmd.Stdout = s.stderr, s.stdout
	if err := s.cmd.Start(); err != nil {
		t.Fatalf("start frontline serve: %v", err)
	}
	go func() {
		err := s.cmd.Wait()
		s.stderr.close()
		s.exited <- err
	}()
	t.Cleanup(func() {
		s.stop(t)
		if t.Failed() {
			s.dumpLog(t)
		}
	})
	s.URL = s.waitFor(t, listeningRe)
	return s
}

// dumpLog saves the server's output as artifacts/<test>-server.log and
// shows its end.
func (s *server) dumpLog(t *testing.T) {
	name := strings.NewReplacer("/", "_", " ", "_").Replace(t.Name())
	file := filepath.Join(artifactsDir, name+"-server.log")
	all := s.stderr.String() + "\n" + s.stdout.String() + "\n"
	if err := os.WriteFile(file, []byte(all), 0o644); err != nil {
		t.Logf("save server log: %v", err)
	}
	t.Logf("server stderr:\n%s\nserver log (last lines; all in %s):\n%s", s.stderr, file, s.stdout.tail(15))
}

// waitFor returns the first submatch of the first stderr line matching re,
// waiting for it to be printed.
func (s *server) waitFor(t *testing.T, re *regexp.Regexp) string {
	t.Helper()
	m, err := s.stderr.waitFor(re, startTimeout)
	if err != nil {
		t.Fatalf("server stderr: %v\nstderr so far:\n%s", err, s.stderr)
	}
	return m
}

// SetupURL is the one-time first-login link printed at start.
func (s *server) SetupURL(t *testing.T) string {
	t.Helper()
	return s.waitFor(t, setupRe)
}

// DemoPassword is the password the demo users share (with --demo).
func (s *server) DemoPassword(t *testing.T) string {
	t.Helper()
	return s.waitFor(t, demoPassRe)
}

// stop sends SIGTERM and checks that the server shuts down cleanly, with
// exit status 0, within stopTimeout. Later calls do nothing.
func (s *server) stop(t *testing.T) {
	t.Helper()
	s.once.Do(func() {
		if err := s.cmd.Process.Signal(syscall.SIGTERM); err != nil {
			t.Errorf("send SIGTERM to the server: %v", err)
		}
		select {
		case err := <-s.exited:
			if err != nil {
				t.Errorf("server exit after SIGTERM: got %v, want status 0", err)
			}
		case <-time.After(stopTimeout):
			_ = s.cmd.Process.Kill()
			<-s.exited
			t.Errorf("server still running %s after SIGTERM; killed it", stopTimeout)
		}
	})
}

// lineLog collects the lines a process writes and lets a test wait for one.
type lineLog struct {
	mu      sync.Mutex
	lines   []string
	partial []byte
	changed chan struct{} // closed and replaced on every new line
	closed  bool
}

func newLineLog() *lineLog { return &lineLog{changed: make(chan struct{})} }

func (l *lineLog) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.partial = append(l.partial, p...)
	for {
		i := bytes.IndexByte(l.partial, '\n')
		if i < 0 {
			break
		}
		l.lines = append(l.lines, string(l.partial[:i]))
		l.partial = l.partial[i+1:]
	}
	l.notify()
	return len(p), nil
}

// close marks the end of output: waiters stop waiting.
func (l *lineLog) close() {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.closed = true
	l.notify()
}

func (l *lineLog) notify() {
	close(l.changed)
	l.changed = make(chan struct{})
}

func (l *lineLog) waitFor(re *regexp.Regexp, timeout time.Duration) (string, error) {
	ctx, cancel := context.WithTimeout(context.Background(), timeout)
	defer cancel()
	for {
		l.mu.Lock()
		for _, line := range l.lines {
			if m := re.FindStringSubmatch(line); m != nil {
				l.mu.Unlock()
				return m[1], nil
			}
		}
		changed, closed := l.changed, l.closed
		l.mu.Unlock()
		if closed {
			return "", fmt.Errorf("process exited before printing a line matching %q", re)
		}
		select {
		case <-changed:
		case <-ctx.Done():
			return "", errors.New("no line matching " + re.String() + " within " + timeout.String())
		}
	}
}

func (l *lineLog) String() string { return l.tail(0) }

// tail is the last n lines, or all of them when n is 0.
func (l *lineLog) tail(n int) string {
	l.mu.Lock()
	defer l.mu.Unlock()
	lines := l.lines
	if n > 0 && len(lines) > n {
		lines = lines[len(lines)-n:]
	}
	return strings.Join(lines, "\n") + string(l.partial)
}
