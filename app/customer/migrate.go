package customer

import (
	"encoding/json"
	"fmt"

	"github.com/frontline-crm/frontline/app/store"
)

// Migrations are the schema steps of customer activity, in order; the
// server appends them to its list.
func Migrations() []store.Migration {
	return []store.Migration{
		{To: 2, Name: "customer filtered-list indexes", Run: addFilterIndexes},
	}
}

// migrateChunk is how many customers one migration transaction touches,
// so a large directory is migrated in transactions Badger accepts.
const migrateChunk = 500

// addFilterIndexes files every live customer under the status-and-level
// indexes (rsl, sl) that schema 1 did not have. Writing an index key that
// exists is harmless, so a run cut short is simply run again.
func addFilterIndexes(db *store.DB) error {
	after := ""
	for {
		var chunk []Customer
		err := db.View(func(tx *store.Tx) error {
			return tx.Scan(customerPrefix, store.ScanOptions{After: after}, func(key string, val []byte) (bool, error) {
				var c Customer
				if err := json.Unmarshal(val, &c); err != nil {
					return false, fmt.Errorf("decode %s: %w", key, err)
				}
				chunk = append(chunk, c)
				after = key
				return len(chunk) < migrateChunk, nil
			})
		})
		if err != nil || len(chunk) == 0 {
			return err
		}
		err = db.Update(func(tx *store.Tx) error {
			for _, c := range chunk {
				if c.Archived {
					continue
				}
				if err := tx.AddIndex("customer", "rsl", rslValue(c.RegionID, c.Status, c.Level), c.ID); err != nil {
					return err
				}
				if err := tx.AddIndex("customer", "sl", slValue(c.Status, c.Level), c.ID); err != nil {
					return err
				}
			}
			return nil
		})
		if err != nil {
			return err
		}
	}
}
