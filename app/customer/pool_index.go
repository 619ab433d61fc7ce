package customer

import (
	"fmt"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/frontline-crm/frontline/app/store"
)

// The touch index lists owned customers by level, status and last touch:
//
//	idx/customer/touch/<level>|<status>|<unix nanos, 20 digits>/<id>
//
// so the recycling job reads, for each level and each status that may
// return, only the customers past the deadline, oldest first, and stops
// at the first one still in time. Status is in the key because closed
// statuses are skipped whole while they are exempt; whether a status is
// closed lives in the settings and may change, so it is not baked in.
// customerIndexes adds the entry, so it changes with every putCustomer.

// touchIndex is the touch index entry of c: none for pool customers.
func touchIndex(c Customer) [][2]string {
	if c.InPool() {
		return nil
	}
	at := lastTouch(c)
	return [][2]string{{"touch", touchValue(c.Level, c.Status) + fmt.Sprintf("%020d", at.UnixNano())}}
}

func touchValue(level, status string) string { return level + "|" + status + "|" }

// lastTouch is when the customer was last worked on, for the pool: its
// latest follow-up (or its creation, if it has none), or the moment the
// current owner received it, whichever is later. A claimed customer
// thus gets a full period with its new owner.
func lastTouch(c Customer) time.Time {
	at := c.CreatedAt
	if c.LastFollowUpAt != nil {
		at = *c.LastFollowUpAt
	}
	if c.AssignedAt != nil && c.AssignedAt.After(at) {
		at = *c.AssignedAt
	}
	return at.UTC()
}

// touchedBefore returns up to limit ids of owned customers of level and
// status whose last touch is at or before cutoff, oldest first.
func touchedBefore(tx *store.Tx, level, status string, cutoff time.Time, limit int) ([]string, error) {
	prefix := store.Key("idx", "customer", "touch", url.PathEscape(touchValue(level, status)))
	var ids []string
	err := tx.Scan(prefix, store.ScanOptions{KeysOnly: true}, func(key string, _ []byte) (bool, error) {
		nanos, id, ok := parseTouchKey(key[len(prefix):])
		if !ok {
			// A status whose key extends this one ("x|1" after "x").
			return true, nil
		}
		if nanos > cutoff.UnixNano() || len(ids) >= limit {
			return false, nil
		}
		ids = append(ids, id)
		return true, nil
	})
	return ids, err
}

// parseTouchKey splits "<20 digits>/<id>".
func parseTouchKey(rest string) (int64, string, bool) {
	digits, id, ok := strings.Cut(rest, "/")
	if !ok || len(digits) != 20 || strings.Contains(id, "/") {
		return 0, "", false
	}
	nanos, err := strconv.ParseInt(digits, 10, 64)
	return nanos, id, err == nil
}
