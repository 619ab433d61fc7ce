package store

import (
	"bytes"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"github.com/dgraph-io/badger/v4"
	"strings"
)

// ErrBadCursor is returned for a cursor that was not made for the same list.
var ErrBadCursor = errors.New("store: invalid cursor")

// MaxPageSize caps the limit a caller may ask for.
const MaxPageSize = 200

// DefaultPageSize is used when a caller gives no limit.
const DefaultPageSize = 50

// PageRequest asks for one page of a list.
type PageRequest struct {
	// Cursor is the opaque next_cursor of the previous page, or empty.
	Cursor string
	// Limit is the page size; 0 means DefaultPageSize, larger than
	// MaxPageSize is clamped.
	Limit int
	// Reverse lists from the largest key down, i.e. newest first for keys
	// ending in ids made by NewID.
	Reverse bool
}

// List decodes the JSON records under prefix, from the cursor on, and
// returns up to req.Limit of those keep accepts, with the cursor of the next
// page ("" when there is none). Filtering happens before counting, so a page
// is never short because of records the caller may not see.
func List[T any](tx *Tx, prefix string, req PageRequest, keep func(rec *T) bool) ([]T, string, error) {
	after, err := decodeCursor(prefix, req.Cursor)
	if err != nil {
		return nil, "", err
	}
	limit := clampLimit(req.Limit)
	var items []T
	var keys []string
	err = tx.Scan(prefix, ScanOptions{After: after, Reverse: req.Reverse}, func(key string, val []byte) (bool, error) {
		var rec T
		if err := json.Unmarshal(val, &rec); err != nil {
			return false, fmt.Errorf("store: decode %s: %w", key, err)
		}
		if keep != nil && !keep(&rec) {
			return true, nil
		}
		items = append(items, rec)
		keys = append(keys, key)
		return len(items) <= limit, nil
	})
	if err != nil {
		return nil, "", err
	}
	if len(items) <= limit {
		return items, "", nil
	}
	return items[:limit], encodeCursor(prefix, keys[limit-1]), nil
}

func clampLimit(n int) int {
	switch {
	case n <= 0:
		return DefaultPageSize
	case n > MaxPageSize:
		return MaxPageSize
	}
	return n
}

// cursorSumLen is how many bytes of a SHA-256 over the list's prefix and
// the key a cursor carries, so that a cursor made for another list, or an
// altered one, is refused instead of silently starting somewhere else.
const cursorSumLen = 8

func encodeCursor(prefix, key string) string {
	rest := strings.TrimPrefix(key, prefix)
	raw := append(cursorSum(prefix, rest), rest...)
	return base64.RawURLEncoding.EncodeToString(raw)
}

func decodeCursor(prefix, cursor string) (string, error) {
	if cursor == "" {
		return "", nil
	}
	raw, err := base64.RawURLEncoding.DecodeString(cursor)
	if err != nil || len(raw) <= cursorSumLen {
		return "", ErrBadCursor
	}
	rest := string(raw[cursorSumLen:])
	if !bytes.Equal(raw[:cursorSumLen], cursorSum(prefix, rest)) {
		return "", ErrBadCursor
	}
	return prefix + rest, nil
}

func cursorSum(prefix, rest string) []byte {
	sum := sha256.Sum256([]byte(prefix + "\x00" + rest))
	return sum[:cursorSumLen]
}

// ListIndex pages through the records an index points at: it walks the
// index keys under prefix (from the cursor on), maps each key's suffix to
// the record's key with resolve (false skips the entry), decodes the
// record and keeps it if keep accepts it. Cursors are index positions, so
// lists in index order (e.g. by time) page correctly.
func ListIndex[T any](tx *Tx, prefix string, req PageRequest, resolve func(suffix string) (string, bool),
	keep func(rec *T) bool) ([]T, string, error) {
	after, err := decodeCursor(prefix, req.Cursor)
	if err != nil {
		return nil, "", err
	}
	limit := clampLimit(req.Limit)
	var items []T
	var keys []string
	opts := ScanOptions{After: after, Reverse: req.Reverse}
	err = tx.Scan(prefix, opts, func(key string, val []byte) (bool, error) {
		recKey, ok := resolve(key[len(prefix):])
		if !ok {
			return true, nil
		}
		var rec T
		if err := tx.IndexedJSON(val, recKey, &rec); err != nil {
			return false, err
		}
		if keep != nil && !keep(&rec) {
			return true, nil
		}
		items = append(items, rec)
		keys = append(keys, key)
		return len(items) <= limit, nil
	})
	if err != nil {
		return nil, "", err
	}
	if len(items) <= limit {
		return items, "", nil
	}
	return items[:limit], encodeCursor(prefix, keys[limit-1]), nil
}

// ListMerged pages through records filed under several index prefixes at
// once (e.g. the regions of a manager's subtree), in the order of the
// index suffixes, which for ids made by NewID is creation order. It merges
// the prefixes' keys as it goes and stops as soon as the page is full, so
// a page costs about as much as the records it has to look at. name
// identifies the list for its cursors. It must run in a View transaction:
// Badger allows only one open iterator in a read-write one.
func ListMerged[T any](tx *Tx, name string, prefixes []string, req PageRequest,
	resolve func(suffix string) (string, bool), keep func(rec *T) bool) ([]T, string, error) {
	virtual := "merged/" + name + "/"
	after, err := decodeCursor(virtual, req.Cursor)
	if err != nil {
		return nil, "", err
	}
	limit := clampLimit(req.Limit)
	var items []T
	var last, next string
	err = tx.mergeKeys(prefixes, strings.TrimPrefix(after, virtual), req.Reverse, func(suffix string) (bool, error) {
		recKey, ok := resolve(suffix)
		if !ok {
			return true, nil
		}
		var rec T
		if err := tx.GetJSON(recKey, &rec); err != nil {
			return false, err
		}
		if keep != nil && !keep(&rec) {
			return true, nil
		}
		if len(items) == limit {
			next = encodeCursor(virtual, virtual+last)
			return false, nil
		}
		items = append(items, rec)
		last = suffix
		return true, nil
	})
	return items, next, err
}

// mergeKeys calls fn with the key suffixes under every prefix past after,
// in sorted (or, with reverse, descending) order, until fn returns false:
// one key-only iterator per prefix, merged by always taking the smallest.
func (tx *Tx) mergeKeys(prefixes []string, after string, reverse bool, fn func(suffix string) (bool, error)) error {
	its := make([]*mergeCursor, 0, len(prefixes))
	for _, prefix := range prefixes {
		c := newMergeCursor(tx, prefix, after, reverse)
		defer c.it.Close()
		if c.valid() {
			its = append(its, c)
		}
	}
	for len(its) > 0 {
		best := 0
		for i := 1; i < len(its); i++ {
			if (its[i].suffix() < its[best].suffix()) != reverse {
				best = i
			}
		}
		more, err := fn(its[best].suffix())
		if err != nil || !more {
			return err
		}
		if its[best].it.Next(); !its[best].valid() {
			its = append(its[:best], its[best+1:]...)
		}
	}
	return nil
}

// mergeCursor is one prefix's iterator in mergeKeys.
type mergeCursor struct {
	it     *badger.Iterator
	prefix []byte
}

func newMergeCursor(tx *Tx, prefix, after string, reverse bool) *mergeCursor {
	opts := badger.DefaultIteratorOptions
	opts.Prefix, opts.Reverse, opts.PrefetchValues = []byte(prefix), reverse, false
	c := &mergeCursor{it: tx.btx.NewIterator(opts), prefix: []byte(prefix)}
	sopts := ScanOptions{Reverse: reverse}
	if after != "" {
		sopts.After = prefix + after
	}
	c.it.Seek(seekKey(prefix, sopts))
	if after != "" && c.valid() && c.suffix() == after {
		c.it.Next()
	}
	return c
}

func (c *mergeCursor) valid() bool { return c.it.ValidForPrefix(c.prefix) }

func (c *mergeCursor) suffix() string { return string(c.it.Item().Key()[len(c.prefix):]) }
