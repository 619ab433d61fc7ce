package search

import (
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"time"
)

// On disk, the directory given to Open holds:
//
//	state.json      which generation is live, its MappingVersion, and
//	                whether it is complete (built by a finished Rebuild)
//	gen-<time>/     a Bleve index: the live one, and during a rebuild the
//	                one being built
//
// Switching generations is one atomic rename of state.json, so a crash
// leaves either the old or the new generation live, never a mix.
// Generations that state.json does not name are leftovers and are removed
// by Open. A directory that cannot be used is renamed to a sibling
// <dir>.broken-<time> (or <dir>.old-<time> after a version change) and
// left for an admin to inspect or delete.
const (
	stateFile    = "state.json"
	genPrefix    = "gen-"
	timeLayout   = "20060102T150405Z"
	dirPerm      = 0o700
	statePerm    = 0o600
	stateTmpFile = stateFile + ".tmp"
)

// state is the content of state.json.
type state struct {
	Version    int    `json:"version"`
	Generation string `json:"generation"`
	Complete   bool   `json:"complete"`
	// Reason says why the live generation is incomplete.
	Reason string `json:"reason,omitempty"`
}

// errNoState: the directory has no state.json.
var errNoState = errors.New("no state file")

func readState(dir string) (state, error) {
	var st state
	b, err := os.ReadFile(filepath.Join(dir, stateFile))
	if errors.Is(err, fs.ErrNotExist) {
		return st, errNoState
	}
	if err != nil {
		return st, fmt.Errorf("read %s: %w", stateFile, err)
	}
	if err := json.Unmarshal(b, &st); err != nil {
		return st, fmt.Errorf("parse %s: %w", stateFile, err)
	}
	if !strings.HasPrefix(st.Generation, genPrefix) || strings.ContainsAny(st.Generation, `/\`) {
		return st, fmt.Errorf("%s names no generation: %q", stateFile, st.Generation)
	}
	return st, nil
}

// writeState replaces state.json atomically and durably: write a temporary
// file, sync it, rename it over the old one, sync the directory.
func writeState(dir string, st state) error {
	b, err := json.Marshal(st)
	if err != nil {
		return fmt.Errorf("encode state: %w", err)
	}
	tmp := filepath.Join(dir, stateTmpFile)
	if err := writeSynced(tmp, b); err != nil {
		return err
	}
	if err := os.Rename(tmp, filepath.Join(dir, stateFile)); err != nil {
		return fmt.Errorf("replace %s: %w", stateFile, err)
	}
	return syncDir(dir)
}

func writeSynced(path string, b []byte) error {
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_TRUNC, statePerm)
	if err != nil {
		return fmt.Errorf("create %s: %w", path, err)
	}
	_, err = f.Write(b)
	if err == nil {
		err = f.Sync()
	}
	if closeErr := f.Close(); err == nil {
		err = closeErr
	}
	if err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	return nil
}

// syncDir makes a rename inside dir durable. Some systems (Windows) cannot
// sync a directory; there the rename is as durable as the OS makes it.
func syncDir(dir string) error {
	d, err := os.Open(dir)
	if err != nil {
		return fmt.Errorf("open %s: %w", dir, err)
	}
	defer d.Close()
	if err := d.Sync(); err != nil && !errors.Is(err, os.ErrInvalid) {
		return fmt.Errorf("sync %s: %w", dir, err)
	}
	return nil
}

// newGeneration returns the name of a generation directory that does not
// exist yet.
func newGeneration(dir string, now time.Time) string {
	base := genPrefix + now.UTC().Format("20060102T150405.000000000Z")
	return unusedName(dir, base)
}

// moveAside renames dir to <dir>.<label>-<time> and returns the new path.
//
// TODO: keep only the newest few moved-aside directories once an admin
// page or `frontline doctor` reports them; today they accumulate.
func moveAside(dir, label string, now time.Time) (string, error) {
	parent, name := filepath.Split(filepath.Clean(dir))
	target := filepath.Join(parent, unusedName(parent, name+"."+label+"-"+now.UTC().Format(timeLayout)))
	if err := os.Rename(dir, target); err != nil {
		return "", fmt.Errorf("move %s aside: %w", dir, err)
	}
	return target, nil
}

// unusedName returns base, or base-1, base-2, … whichever does not exist
// in dir.
func unusedName(dir, base string) string {
	name := base
	for i := 1; ; i++ {
		if _, err := os.Lstat(filepath.Join(dir, name)); errors.Is(err, fs.ErrNotExist) {
			return name
		}
		name = fmt.Sprintf("%s-%d", base, i)
	}
}

// removeLeftovers deletes generations other than keep and a stale
// temporary state file, and reports whether anything else is in dir.
func removeLeftovers(dir, keep string) (foreign bool, err error) {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return false, fmt.Errorf("list %s: %w", dir, err)
	}
	for _, e := range entries {
		name := e.Name()
		switch {
		case name == keep || name == stateFile:
		case name == stateTmpFile || strings.HasPrefix(name, genPrefix):
			if err := os.RemoveAll(filepath.Join(dir, name)); err != nil {
				return foreign, fmt.Errorf("remove leftover %s: %w", name, err)
			}
		default:
			foreign = true
		}
	}
	return foreign, nil
}
