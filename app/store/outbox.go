package store

import (
	"encoding/json"
	"fmt"
	"time"
)

// The outbox holds work that must follow a committed change, such as
// updating the search index. The change writes an entry in its own
// transaction, so the two commit or fail together; a worker reads the
// pending entries, does the work, and only then acks them. After a crash
// the entries are still there and are simply done again, so the work
// must be idempotent (at least once).
//
//	outbox/<queue>/<id made by NewID>  →  {"type": ..., "id": ...}

// OutboxEntry names one record whose follow-up work is pending.
type OutboxEntry struct {
	// Key is where the entry is stored; Ack deletes by it.
	Key  string `json:"-"`
	Type string `json:"type"`
	ID   string `json:"id"`
}

func outboxPrefix(queue string) string { return Key("outbox", queue) + "/" }

// Enqueue adds an entry for the record typ/id to queue, in tx. The same
// record may be queued many times; the worker may fold repeats.
func (tx *Tx) Enqueue(queue, typ, id string) error {
	raw, err := json.Marshal(OutboxEntry{Type: typ, ID: id})
	if err != nil {
		return fmt.Errorf("store: encode outbox entry: %w", err)
	}
	return tx.Put(outboxPrefix(queue)+NewID(time.Now()), raw)
}

// Pending returns up to n of queue's entries, oldest first.
func (db *DB) Pending(queue string, n int) ([]OutboxEntry, error) {
	var out []OutboxEntry
	err := db.View(func(tx *Tx) error {
		return tx.Scan(outboxPrefix(queue), ScanOptions{}, func(key string, val []byte) (bool, error) {
			var e OutboxEntry
			if err := json.Unmarshal(val, &e); err != nil {
				return false, fmt.Errorf("store: decode %s: %w", key, err)
			}
			e.Key = key
			out = append(out, e)
			return len(out) < n, nil
		})
	})
	return out, err
}

// Ack removes entries whose work is done. Entries queued after Pending
// read them have other keys and stay.
func (db *DB) Ack(entries []OutboxEntry) error {
	return db.Update(func(tx *Tx) error {
		for _, e := range entries {
			if err := tx.Delete(e.Key); err != nil {
				return err
			}
		}
		return nil
	})
}
