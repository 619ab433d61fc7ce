package search

import (
	"errors"
	"fmt"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/index/scorch"
	bolterrors "go.etcd.io/bbolt/errors"
)

// When scorch opens an index whose newest snapshot has a segment it cannot
// load, it logs "unable to load snapshot … continuing" and serves an older
// snapshot instead, silently missing the newer records (and then purges
// the newest one). So before opening a generation for writing, Open opens
// it read-only, where scorch runs no persister or merger and removes
// nothing, and checks that the newest snapshot recorded in root.bolt loads.

// checkNewestSnapshot fails when the newest snapshot of the Bleve index at
// path cannot be loaded; ErrLocked when another process holds the index.
func checkNewestSnapshot(path string) (err error) {
	idx, err := bleve.OpenUsing(path, map[string]interface{}{
		"read_only":    true,
		"bolt_timeout": boltTimeout,
	})
	if errors.Is(err, bolterrors.ErrTimeout) {
		return fmt.Errorf("%w: %s", ErrLocked, path)
	}
	if err != nil {
		return err
	}
	defer func() {
		if closeErr := idx.Close(); err == nil {
			err = closeErr
		}
	}()
	adv, err := idx.Advanced()
	if err != nil {
		return err
	}
	s, ok := adv.(*scorch.Scorch)
	if !ok {
		return nil
	}
	epochs, err := s.RootBoltSnapshotEpochs() // newest first
	if err != nil || len(epochs) == 0 {
		return err
	}
	snap, err := s.LoadSnapshot(epochs[0])
	if err != nil {
		return fmt.Errorf("newest snapshot %d is unusable: %w", epochs[0], err)
	}
	return snap.DecRef()
}
