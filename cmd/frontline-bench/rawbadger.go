package main

import (
	"encoding/json"
	"fmt"
	"time"

	"github.com/dgraph-io/badger/v4"
	badgeropts "github.com/dgraph-io/badger/v4/options"

	"github.com/frontline-crm/frontline/app/org"
	"github.com/frontline-crm/frontline/app/store"
)

// openRawBadger opens Badger directly with the settings store.Open uses.
// They are replicated here by hand from store.DefaultOptions and
// store.badgerOptions (the store package does not export its Badger
// options, and no Badger type may leave it): SyncWrites on, 16 MiB
// memtables ×3, 64 MiB block cache, 32 MiB index cache, 256 MiB value-log
// files, 4 KiB value threshold, 2 compactors, L0 4/10 tables, Snappy.
// If store changes them, change them here too.
func openRawBadger(dir string) (*badger.DB, error) {
	d := store.DefaultOptions()
	b := badger.DefaultOptions(dir).
		WithSyncWrites(true).
		WithMemTableSize(d.MemTableSize).
		WithNumMemtables(d.NumMemtables).
		WithBlockCacheSize(d.BlockCacheSize).
		WithIndexCacheSize(d.IndexCacheSize).
		WithValueLogFileSize(d.ValueLogFileSize).
		WithValueThreshold(d.ValueThreshold).
		WithNumCompactors(d.NumCompactors).
		WithNumLevelZeroTables(4).
		WithNumLevelZeroTablesStall(10).
		WithCompression(badgeropts.Snappy).
		WithLogger(quietBadger{})
	db, err := badger.Open(b)
	if err != nil {
		return nil, fmt.Errorf("open raw badger %s: %w", dir, err)
	}
	return db, nil
}

// rawCreate writes one region record the way the service would, minus
// everything but the record: the same JSON bytes under region/<id>, in
// one Update.
func rawCreate(db *badger.DB, name string) error {
	now := time.Now().UTC()
	r := org.Region{ID: store.NewID(now), Name: name, CreatedAt: now, UpdatedAt: now}
	val, err := json.Marshal(r)
	if err != nil {
		return err
	}
	return db.Update(func(txn *badger.Txn) error {
		return txn.Set([]byte("region/"+r.ID), val)
	})
}

// quietBadger drops Badger's chatter but keeps its errors and warnings,
// as store's logger does at the default level.
type quietBadger struct{}

func (quietBadger) Errorf(f string, a ...any)   { logStderr("badger error: "+f, a...) }
func (quietBadger) Warningf(f string, a ...any) { logStderr("badger warning: "+f, a...) }
func (quietBadger) Infof(string, ...any)        {}
func (quietBadger) Debugf(string, ...any)       {}
