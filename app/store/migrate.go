package store

import (
	"errors"
	"fmt"
	"log/slog"
	"strconv"
)

// ErrNewerSchema means the data directory was written by a newer release
// than this binary; opening it would risk damaging it.
var ErrNewerSchema = errors.New("store: data written by a newer release")

const schemaKey = "meta/schema_version"

// Migration moves the database from schema To-1 to To. Run may be
// interrupted by a crash and run again, so it must be idempotent: it reads
// records, rewrites the ones still in the old shape, and leaves the others.
type Migration struct {
	To   int
	Name string
	Run  func(db *DB) error
}

// SchemaVersion returns the schema version recorded in the database, 0 for
// a database that has none.
func (db *DB) SchemaVersion() (int, error) {
	var v int
	err := db.View(func(tx *Tx) error {
		raw, err := tx.Get(schemaKey)
		if errors.Is(err, ErrNotFound) {
			return nil
		}
		if err != nil {
			return err
		}
		v, err = strconv.Atoi(string(raw))
		return err
	})
	return v, err
}

// Migrate brings the database to the newest schema in migrations, which
// must be ordered by To starting at 2 (schema 1 is the first release).
//
// Steps: (1) read the recorded version; an empty database is stamped with
// the newest version and nothing runs. (2) A version newer than the newest
// known fails with ErrNewerSchema and changes nothing. (3) If anything is
// pending, before is called once (the automatic backup); its error stops
// the run with nothing changed. (4) Each pending migration runs and then its
// version is recorded; a failure stops there, leaving the version of the
// last completed step, so the next start resumes at the failed step.
func Migrate(db *DB, migrations []Migration, before func(from, to int) error, log *slog.Logger) error {
	latest := 1
	if n := len(migrations); n > 0 {
		latest = migrations[n-1].To
	}
	current, err := db.SchemaVersion()
	if err != nil {
		return err
	}
	if current == 0 {
		empty, err := db.empty()
		if err != nil {
			return err
		}
		if empty {
			return db.setSchemaVersion(latest)
		}
		current = 1
	}
	if current > latest {
		return fmt.Errorf("%w: schema %d, this release knows up to %d", ErrNewerSchema, current, latest)
	}
	if current == latest {
		return db.setSchemaVersion(latest)
	}
	if before != nil {
		if err := before(current, latest); err != nil {
			return fmt.Errorf("store: before migration: %w", err)
		}
	}
	for _, m := range migrations {
		if m.To <= current {
			continue
		}
		log.Info("migration start", "schema_version", m.To, "migration", m.Name)
		if err := m.Run(db); err != nil {
			return fmt.Errorf("store: migration %d %s: %w", m.To, m.Name, err)
		}
		if err := db.setSchemaVersion(m.To); err != nil {
			return err
		}
		log.Info("migration done", "schema_version", m.To, "migration", m.Name)
	}
	return nil
}

func (db *DB) setSchemaVersion(v int) error {
	return db.Update(func(tx *Tx) error {
		return tx.Put(schemaKey, []byte(strconv.Itoa(v)))
	})
}

// empty reports whether the database holds no keys at all.
func (db *DB) empty() (bool, error) {
	empty := true
	err := db.View(func(tx *Tx) error {
		return tx.Scan("", ScanOptions{KeysOnly: true}, func(string, []byte) (bool, error) {
			empty = false
			return false, nil
		})
	})
	return empty, err
}
