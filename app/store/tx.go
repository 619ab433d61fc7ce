package store

import (
	"encoding/json"
	"errors"
	"fmt"
	"strings"

	"github.com/dgraph-io/badger/v4"
)

// ErrReadOnly is returned by writes inside a View transaction.
var ErrReadOnly = errors.New("store: write in read-only transaction")

// Tx is one transaction. Everything written through one Tx is committed
// together or not at all, which is how a record, its indexes, its outbox
// entry and its event stay in agreement.
type Tx struct {
	btx      *badger.Txn
	db       *DB
	writable bool
}

// Get returns the value stored under key, or ErrNotFound.
func (tx *Tx) Get(key string) ([]byte, error) {
	item, err := tx.btx.Get([]byte(key))
	if err != nil {
		return nil, fmt.Errorf("store: get %s: %w", key, mapErr(err))
	}
	val, err := item.ValueCopy(nil)
	if err != nil {
		return nil, fmt.Errorf("store: read %s: %w", key, err)
	}
	return val, nil
}

// Has reports whether key exists.
func (tx *Tx) Has(key string) (bool, error) {
	_, err := tx.btx.Get([]byte(key))
	if errors.Is(err, badger.ErrKeyNotFound) {
		return false, nil
	}
	if err != nil {
		return false, fmt.Errorf("store: get %s: %w", key, err)
	}
	return true, nil
}

// Put stores val under key, replacing any previous value.
func (tx *Tx) Put(key string, val []byte) error {
	if !tx.writable {
		return ErrReadOnly
	}
	if err := tx.btx.Set([]byte(key), val); err != nil {
		return fmt.Errorf("store: put %s: %w", key, err)
	}
	return nil
}

// Delete removes key; deleting a missing key is not an error.
func (tx *Tx) Delete(key string) error {
	if !tx.writable {
		return ErrReadOnly
	}
	if err := tx.btx.Delete([]byte(key)); err != nil {
		return fmt.Errorf("store: delete %s: %w", key, err)
	}
	return nil
}

// GetJSON loads the JSON value under key into v; ErrNotFound if missing.
func (tx *Tx) GetJSON(key string, v any) error {
	raw, err := tx.Get(key)
	if err != nil {
		return err
	}
	if err := json.Unmarshal(raw, v); err != nil {
		return fmt.Errorf("store: decode %s: %w", key, err)
	}
	return nil
}

// PutJSON stores v as JSON under key.
func (tx *Tx) PutJSON(key string, v any) error {
	raw, err := json.Marshal(v)
	if err != nil {
		return fmt.Errorf("store: encode %s: %w", key, err)
	}
	return tx.Put(key, raw)
}

// ScanOptions narrow a Scan.
type ScanOptions struct {
	// After starts the scan just past this key (exclusive); empty starts at
	// the beginning (or end, when Reverse) of the prefix.
	After string
	// Reverse walks keys from the largest to the smallest.
	Reverse bool
	// KeysOnly skips reading values; fn receives nil values.
	KeysOnly bool
}

// Scan calls fn for every key starting with prefix, in key order, until fn
// returns false or an error.
func (tx *Tx) Scan(prefix string, opts ScanOptions, fn func(key string, val []byte) (bool, error)) error {
	iopts := badger.DefaultIteratorOptions
	iopts.Prefix = []byte(prefix)
	iopts.Reverse = opts.Reverse
	// No read-ahead: most scans stop early (a page, a time window), and
	// prefetching parses and copies up to 100 entries past the stop. Our
	// values are small and live in the LSM tree, so reading each one as
	// it is reached costs no extra disk read.
	iopts.PrefetchValues = false
	it := tx.btx.NewIterator(iopts)
	defer it.Close()

	for it.Seek(seekKey(prefix, opts)); it.ValidForPrefix([]byte(prefix)); it.Next() {
		item := it.Item()
		key := string(item.Key())
		if opts.After != "" && key == opts.After {
			continue
		}
		var val []byte
		if !opts.KeysOnly {
			v, err := item.ValueCopy(nil)
			if err != nil {
				return fmt.Errorf("store: read %s: %w", key, err)
			}
			val = v
		}
		more, err := fn(key, val)
		if err != nil || !more {
			return err
		}
	}
	return nil
}

// seekKey is where an iterator starts: the cursor key, the prefix, or for a
// reverse scan the largest possible key under the prefix.
func seekKey(prefix string, opts ScanOptions) []byte {
	if opts.After != "" {
		return []byte(opts.After)
	}
	if opts.Reverse {
		return append([]byte(prefix), 0xff, 0xff, 0xff, 0xff)
	}
	return []byte(prefix)
}

// Key joins parts with "/" into a key, e.g. Key("user", id).
func Key(parts ...string) string { return strings.Join(parts, "/") }
