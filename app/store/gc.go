package store

import (
	"errors"
	"fmt"

	"github.com/dgraph-io/badger/v4"
)

// gcDiscardRatio is the share of stale data a value-log file must hold
// before GC rewrites it.
const gcDiscardRatio = 0.5

// RunValueLogGC reclaims space in the value log until no file is worth
// rewriting. It returns skipped=true without doing anything while a backup
// (or other maintenance holding PauseGC) runs.
func (db *DB) RunValueLogGC() (rewritten int, skipped bool, err error) {
	if !db.maintenance.TryRLock() {
		return 0, true, nil
	}
	defer db.maintenance.RUnlock()

	for {
		err := db.bdb.RunValueLogGC(gcDiscardRatio)
		if errors.Is(err, badger.ErrNoRewrite) || errors.Is(err, badger.ErrRejected) {
			return rewritten, false, nil
		}
		if err != nil {
			return rewritten, false, fmt.Errorf("store: value-log gc: %w", err)
		}
		rewritten++
	}
}

// PauseGC keeps value-log GC from running until the returned function is
// called; it waits for a GC pass in progress to finish. Backups hold it so
// the files they stream are not rewritten underneath them.
func (db *DB) PauseGC() (resume func()) {
	db.maintenance.Lock()
	return db.maintenance.Unlock
}
