package store

import (
	"encoding/json"
	"errors"
	"fmt"
	"net/url"
)

// ErrTaken is returned by ClaimUnique when another record already holds the
// value.
var ErrTaken = errors.New("store: unique value taken")

// uniqueKey is where the owner of a unique value is kept:
// uniq/<entity>/<field>/<escaped value>.
func uniqueKey(entity, field, value string) string {
	return Key("uniq", entity, field, url.PathEscape(value))
}

// ClaimUnique records that id holds value for entity.field, in the same
// transaction as the record. It returns ErrTaken when a different id holds
// it already; claiming a value one already holds is a no-op.
func (tx *Tx) ClaimUnique(entity, field, value, id string) error {
	owner, err := tx.LookupUnique(entity, field, value)
	if err == nil && owner != id {
		return fmt.Errorf("store: %s.%s: %w", entity, field, ErrTaken)
	}
	if err != nil && !errors.Is(err, ErrNotFound) {
		return err
	}
	return tx.Put(uniqueKey(entity, field, value), []byte(id))
}

// ReleaseUnique frees value, e.g. when a record's e-mail changes.
func (tx *Tx) ReleaseUnique(entity, field, value string) error {
	return tx.Delete(uniqueKey(entity, field, value))
}

// LookupUnique returns the id holding value, or ErrNotFound.
func (tx *Tx) LookupUnique(entity, field, value string) (string, error) {
	raw, err := tx.Get(uniqueKey(entity, field, value))
	if err != nil {
		return "", err
	}
	return string(raw), nil
}

// IndexPrefix is the key prefix of all ids indexed under one value of a
// non-unique index: idx/<entity>/<field>/<escaped value>/.
func IndexPrefix(entity, field, value string) string {
	return Key("idx", entity, field, url.PathEscape(value)) + "/"
}

// AddIndex files id under value in a non-unique secondary index.
func (tx *Tx) AddIndex(entity, field, value, id string) error {
	return tx.Put(IndexPrefix(entity, field, value)+id, nil)
}

// AddIndexJSON files id under value with a copy of the record v as the
// entry's value: a covering index, which lists and ListIndex read in one
// scan instead of a point read per record. The caller writes the record
// and its entry in the same transaction, so the copy is never stale.
func (tx *Tx) AddIndexJSON(entity, field, value, id string, v any) error {
	raw, err := json.Marshal(v)
	if err != nil {
		return fmt.Errorf("store: encode index %s.%s: %w", entity, field, err)
	}
	return tx.Put(IndexPrefix(entity, field, value)+id, raw)
}

// IndexedJSON decodes the record of an index entry: the entry's own value
// when the index covers it (AddIndexJSON), else the record under recKey.
func (tx *Tx) IndexedJSON(val []byte, recKey string, v any) error {
	if len(val) == 0 {
		return tx.GetJSON(recKey, v)
	}
	if err := json.Unmarshal(val, v); err != nil {
		return fmt.Errorf("store: decode index entry of %s: %w", recKey, err)
	}
	return nil
}

// RemoveIndex removes id from value's entry in a secondary index.
func (tx *Tx) RemoveIndex(entity, field, value, id string) error {
	return tx.Delete(IndexPrefix(entity, field, value) + id)
}

// IndexIDs returns every id filed under value, in id order.
func (tx *Tx) IndexIDs(entity, field, value string) ([]string, error) {
	prefix := IndexPrefix(entity, field, value)
	var ids []string
	err := tx.Scan(prefix, ScanOptions{KeysOnly: true}, func(key string, _ []byte) (bool, error) {
		ids = append(ids, key[len(prefix):])
		return true, nil
	})
	return ids, err
}
