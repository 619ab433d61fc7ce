package store

import (
	"errors"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"sync"
	"time"

	"github.com/dgraph-io/badger/v4"
	"github.com/dgraph-io/badger/v4/options"
)

// ErrNotFound is returned by Get and the typed helpers when a key does not
// exist.
var ErrNotFound = errors.New("store: not found")

// ErrConflict is returned by Update when a transaction kept conflicting with
// concurrent writers after all retries.
var ErrConflict = errors.New("store: transaction conflict")

// Options are the memory and disk settings Badger is opened with. They are
// sized for a small 2-core server with a few GiB to spare; the zero value is
// not useful, start from DefaultOptions.
type Options struct {
	// MemTableSize is the size of one in-memory write table.
	MemTableSize int64
	// NumMemtables is how many write tables may be held before writes stall.
	NumMemtables int
	// BlockCacheSize is the cache of decompressed table blocks.
	BlockCacheSize int64
	// IndexCacheSize is the cache of table indexes and bloom filters.
	IndexCacheSize int64
	// ValueLogFileSize is the size at which a value-log file is rotated.
	ValueLogFileSize int64
	// ValueThreshold is the value size above which values go to the
	// value log instead of the LSM tree.
	ValueThreshold int64
	// NumCompactors is the number of concurrent compaction workers.
	NumCompactors int
	// InMemory keeps everything in memory; for tests that need no disk.
	InMemory bool
}

// DefaultOptions returns the settings Frontline uses on a small server:
// about 160 MiB of memory at most for tables and caches, instead of
// Badger's defaults that assume a large dedicated machine.
func DefaultOptions() Options {
	return Options{
		MemTableSize:     16 << 20,
		NumMemtables:     3,
		BlockCacheSize:   64 << 20,
		IndexCacheSize:   32 << 20,
		ValueLogFileSize: 256 << 20,
		ValueThreshold:   4 << 10,
		NumCompactors:    2,
	}
}

// DB is an open Frontline database. It is safe for concurrent use.
type DB struct {
	bdb *badger.DB
	log *slog.Logger

	// maintenance is held for reading by value-log GC and for writing by
	// work that must not run beside it, such as a backup.
	maintenance sync.RWMutex
}

// Open opens (creating if needed) the database in dir with writes synced to
// disk before a commit returns. It fails at once, without waiting, when
// another process holds the directory.
func Open(dir string, opts Options, log *slog.Logger) (*DB, error) {
	if !opts.InMemory {
		if err := os.MkdirAll(dir, 0o700); err != nil {
			return nil, fmt.Errorf("store: create %s: %w", dir, err)
		}
	}
	bopts := badgerOptions(dir, opts, log)
	bdb, err := badger.Open(bopts)
	if err != nil {
		return nil, fmt.Errorf("store: open %s: %w", filepath.Clean(dir), err)
	}
	return &DB{bdb: bdb, log: log}, nil
}

// badgerOptions translates Options into Badger's. Badger's With* methods
// return modified copies, so each result is reassigned.
func badgerOptions(dir string, opts Options, log *slog.Logger) badger.Options {
	b := badger.DefaultOptions(dir)
	if opts.InMemory {
		b = badger.DefaultOptions("").WithInMemory(true)
	}
	b = b.WithSyncWrites(!opts.InMemory)
	b = b.WithMemTableSize(opts.MemTableSize)
	b = b.WithNumMemtables(opts.NumMemtables)
	b = b.WithBlockCacheSize(opts.BlockCacheSize)
	b = b.WithIndexCacheSize(opts.IndexCacheSize)
	b = b.WithValueLogFileSize(opts.ValueLogFileSize)
	b = b.WithValueThreshold(opts.ValueThreshold)
	b = b.WithNumCompactors(opts.NumCompactors)
	b = b.WithNumLevelZeroTables(4)
	b = b.WithNumLevelZeroTablesStall(10)
	b = b.WithCompression(options.Snappy)
	b = b.WithLogger(badgerLogger{log})
	return b
}

// EffectiveOptions reports the options Badger is actually running with,
// for tests and `frontline doctor`.
func (db *DB) EffectiveOptions() Options {
	o := db.bdb.Opts()
	return Options{
		MemTableSize:     o.MemTableSize,
		NumMemtables:     o.NumMemtables,
		BlockCacheSize:   o.BlockCacheSize,
		IndexCacheSize:   o.IndexCacheSize,
		ValueLogFileSize: o.ValueLogFileSize,
		ValueThreshold:   o.ValueThreshold,
		NumCompactors:    o.NumCompactors,
		InMemory:         o.InMemory,
	}
}

// SyncWrites reports whether commits are synced to disk before returning.
func (db *DB) SyncWrites() bool { return db.bdb.Opts().SyncWrites }

// Close flushes and closes the database.
func (db *DB) Close() error {
	if err := db.bdb.Close(); err != nil {
		return fmt.Errorf("store: close: %w", err)
	}
	return nil
}

// Sizes returns the bytes used by the LSM tree and by the value log.
func (db *DB) Sizes() (lsm, vlog int64) { return db.bdb.Size() }

// maxRetries bounds how often Update re-runs a function whose transaction
// conflicted with a concurrent writer.
const maxRetries = 10

// Update runs fn in a read-write transaction and commits it. fn may run more
// than once if it conflicts with concurrent writers, so it must not have side
// effects outside the transaction. An error from fn aborts the transaction
// and is returned unchanged.
func (db *DB) Update(fn func(tx *Tx) error) error {
	for attempt := 0; attempt < maxRetries; attempt++ {
		err := db.bdb.Update(func(btx *badger.Txn) error {
			return fn(&Tx{btx: btx, db: db, writable: true})
		})
		if errors.Is(err, badger.ErrConflict) {
			time.Sleep(time.Duration(attempt+1) * time.Millisecond)
			continue
		}
		return mapErr(err)
	}
	return ErrConflict
}

// View runs fn in a read-only transaction that sees one consistent snapshot.
func (db *DB) View(fn func(tx *Tx) error) error {
	err := db.bdb.View(func(btx *badger.Txn) error {
		return fn(&Tx{btx: btx, db: db})
	})
	return mapErr(err)
}

func mapErr(err error) error {
	if errors.Is(err, badger.ErrKeyNotFound) {
		return ErrNotFound
	}
	return err
}

// badgerLogger sends Badger's own messages to slog at matching levels;
// Badger's info chatter goes to debug.
type badgerLogger struct{ log *slog.Logger }

func (l badgerLogger) Errorf(f string, a ...any) {
	l.log.Error(fmt.Sprintf(f, a...), "component", "badger")
}
func (l badgerLogger) Warningf(f string, a ...any) {
	l.log.Warn(fmt.Sprintf(f, a...), "component", "badger")
}
func (l badgerLogger) Infof(f string, a ...any) {
	l.log.Debug(fmt.Sprintf(f, a...), "component", "badger")
}
func (l badgerLogger) Debugf(f string, a ...any) {
	l.log.Debug(fmt.Sprintf(f, a...), "component", "badger")
}
