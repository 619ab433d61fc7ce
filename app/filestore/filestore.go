// Package filestore keeps uploaded files (follow-up photos, later contract
// documents) under <data>/files, addressed by their SHA-256: the same
// bytes are stored once, and a stored file never changes.
//
// It must not import any other Frontline package.
package filestore

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"regexp"
)

// ErrNotFound is returned by Open for an unknown digest.
var ErrNotFound = errors.New("filestore: not found")

var digestRe = regexp.MustCompile(`^[0-9a-f]{64}$`)

// Store is a directory of files named by content.
type Store struct {
	dir string
}

// New returns a store rooted at dir (created on first Put).
func New(dir string) *Store { return &Store{dir: dir} }

// path spreads files over 256 folders: files/ab/abcdef….
func (s *Store) path(sum string) string { return filepath.Join(s.dir, sum[:2], sum) }

// Put stores data durably and returns its SHA-256 in hex. It writes a
// temporary file, syncs it, renames it into place and syncs the folder, so
// a crash never leaves a partial file under a digest's name.
func (s *Store) Put(data []byte) (string, error) {
	raw := sha256.Sum256(data)
	sum := hex.EncodeToString(raw[:])
	if s.Has(sum) {
		return sum, nil
	}
	dir := filepath.Dir(s.path(sum))
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return "", fmt.Errorf("filestore: %w", err)
	}
	tmp, err := os.CreateTemp(dir, sum+".partial-*")
	if err != nil {
		return "", fmt.Errorf("filestore: %w", err)
	}
	defer func() { _ = os.Remove(tmp.Name()) }() // no-op after the rename
	if err := writeSync(tmp, data); err != nil {
		return "", err
	}
	if err := os.Rename(tmp.Name(), s.path(sum)); err != nil {
		return "", fmt.Errorf("filestore: %w", err)
	}
	return sum, syncDir(dir)
}

func writeSync(f *os.File, data []byte) error {
	_, err := f.Write(data)
	if err == nil {
		err = f.Sync()
	}
	if closeErr := f.Close(); err == nil {
		err = closeErr
	}
	if err != nil {
		return fmt.Errorf("filestore: write: %w", err)
	}
	return nil
}

func syncDir(dir string) error {
	d, err := os.Open(dir)
	if err != nil {
		return fmt.Errorf("filestore: %w", err)
	}
	defer d.Close()
	if err := d.Sync(); err != nil {
		return fmt.Errorf("filestore: sync %s: %w", dir, err)
	}
	return nil
}

// Has reports whether a file with that digest is stored.
func (s *Store) Has(sum string) bool {
	if !digestRe.MatchString(sum) {
		return false
	}
	_, err := os.Stat(s.path(sum))
	return err == nil
}

// Open returns the stored file, or ErrNotFound.
func (s *Store) Open(sum string) (io.ReadSeekCloser, error) {
	if !digestRe.MatchString(sum) {
		return nil, ErrNotFound
	}
	f, err := os.Open(s.path(sum))
	if errors.Is(err, os.ErrNotExist) {
		return nil, ErrNotFound
	}
	return f, err
}
