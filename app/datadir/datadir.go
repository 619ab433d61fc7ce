// Package datadir holds the layout of a Frontline data directory and the
// lock that keeps two processes from using one at the same time.
//
// It must not import any other Frontline package.
package datadir

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"golang.org/x/sys/unix"
)

// ErrLocked is wrapped by a *LockedError when another process holds the
// directory.
var ErrLocked = errors.New("data directory in use")

// LockedError says which process holds a data directory.
type LockedError struct {
	Dir     string
	PID     int
	Command string
}

func (e *LockedError) Error() string {
	holder := "another process"
	if e.PID > 0 {
		holder = fmt.Sprintf("process %d (%s)", e.PID, e.Command)
	}
	return fmt.Sprintf("data directory %s is in use by %s; stop it first "+
		"(e.g. `frontline service stop`), or point --data at another directory", e.Dir, holder)
}

func (e *LockedError) Unwrap() error { return ErrLocked }

// Dir is a data directory, locked for this process.
type Dir struct {
	Path string
	lock *os.File
}

// lockName is the file a process holds an exclusive flock on while it uses
// the directory; it also records the holder's pid and command line.
const lockName = "frontline.lock"

// Open creates the directory if needed and locks it. It never waits: when
// another process holds the lock it returns a *LockedError at once.
func Open(path string) (*Dir, error) {
	abs, err := filepath.Abs(path)
	if err != nil {
		return nil, fmt.Errorf("datadir: %s: %w", path, err)
	}
	if err := os.MkdirAll(abs, 0o700); err != nil {
		return nil, fmt.Errorf("datadir: create %s: %w", abs, err)
	}
	f, err := os.OpenFile(filepath.Join(abs, lockName), os.O_RDWR|os.O_CREATE, 0o600)
	if err != nil {
		return nil, fmt.Errorf("datadir: open lock in %s: %w", abs, err)
	}
	if err := unix.Flock(int(f.Fd()), unix.LOCK_EX|unix.LOCK_NB); err != nil {
		f.Close()
		return nil, lockedError(abs)
	}
	holder := fmt.Sprintf("%d %s\n", os.Getpid(), strings.Join(os.Args, " "))
	if err := f.Truncate(0); err == nil {
		_, _ = f.WriteAt([]byte(holder), 0)
	}
	return &Dir{Path: abs, lock: f}, nil
}

// lockedError reads who holds the lock from the lock file.
func lockedError(dir string) error {
	e := &LockedError{Dir: dir}
	raw, err := os.ReadFile(filepath.Join(dir, lockName))
	if err != nil {
		return e
	}
	pid, cmd, _ := strings.Cut(strings.TrimSpace(string(raw)), " ")
	e.PID, _ = strconv.Atoi(pid)
	e.Command = cmd
	return e
}

// Close releases the lock. The lock file stays; it means nothing without
// the flock.
func (d *Dir) Close() error {
	return d.lock.Close()
}

// DB is where the Badger database lives.
func (d *Dir) DB() string { return filepath.Join(d.Path, "db") }

// Files is where uploaded files live, addressed by SHA-256.
func (d *Dir) Files() string { return filepath.Join(d.Path, "files") }

// Index is where the search index lives.
func (d *Dir) Index() string { return filepath.Join(d.Path, "index") }
