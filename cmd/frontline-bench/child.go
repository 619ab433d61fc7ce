package main

import (
	"fmt"
	"os"
	"os/exec"
	"strings"
	"sync"
	"syscall"
	"time"
)

// stopTimeout is how long a child gets to exit after SIGTERM before it is
// killed.
const stopTimeout = 15 * time.Second

// child is a process this program started. Its output goes to a log file
// so a failure can show what the child said.
type child struct {
	name    string
	cmd     *exec.Cmd
	logPath string
	done    chan struct{}
	once    sync.Once
}

// startChild starts bin with args, its output in logPath, and registers
// it with cl so it is stopped on every exit path.
func startChild(cl *cleanup, name, logPath, bin string, args ...string) (*child, error) {
	out, err := os.Create(logPath)
	if err != nil {
		return nil, fmt.Errorf("%s: create log: %w", name, err)
	}
	cmd := exec.Command(bin, args...)
	cmd.Stdout, cmd.Stderr = out, out
	setDeathSignal(cmd)
	if err := cmd.Start(); err != nil {
		out.Close()
		return nil, fmt.Errorf("%s: start %s: %w", name, bin, err)
	}
	c := &child{name: name, cmd: cmd, logPath: logPath, done: make(chan struct{})}
	go c.wait(out)
	cl.add(c.stop)
	return c, nil
}

func (c *child) wait(out *os.File) {
	_ = c.cmd.Wait()
	out.Close()
	close(c.done)
}

// stop sends SIGTERM and waits; a child still running after stopTimeout is
// killed. It is safe to call more than once.
func (c *child) stop() {
	c.once.Do(func() {
		_ = c.cmd.Process.Signal(syscall.SIGTERM)
		select {
		case <-c.done:
		case <-time.After(stopTimeout):
			fmt.Fprintf(os.Stderr, "frontline-bench: %s ignored SIGTERM, killing it\n", c.name)
			_ = c.cmd.Process.Kill()
			<-c.done
		}
	})
}

func (c *child) pid() int { return c.cmd.Process.Pid }

// exited reports whether the child has already ended.
func (c *child) exited() bool {
	select {
	case <-c.done:
		return true
	default:
		return false
	}
}

// logTail returns the last lines the child wrote, for error messages.
func (c *child) logTail() string {
	raw, _ := os.ReadFile(c.logPath)
	lines := strings.Split(strings.TrimSpace(string(raw)), "\n")
	if len(lines) > 10 {
		lines = lines[len(lines)-10:]
	}
	return strings.Join(lines, "\n")
}
