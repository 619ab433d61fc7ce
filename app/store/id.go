package store

import (
	"crypto/rand"
	"sync"
	"time"

	"github.com/oklog/ulid/v2"
)

// entropy makes ids created in the same millisecond sort in creation
// order (events of one request stay in order) while staying unguessable:
// each millisecond starts from fresh secure random bits.
var (
	entropyMu sync.Mutex
	entropy   = ulid.Monotonic(rand.Reader, 0)
)

// NewID returns a new ULID: time-ordered, 26 characters, with 80 bits from
// the system's secure random source so ids in URLs cannot be guessed.
func NewID(now time.Time) string {
	entropyMu.Lock()
	defer entropyMu.Unlock()
	return ulid.MustNew(ulid.Timestamp(now), entropy).String()
}

// ValidID reports whether s has the shape of an id made by NewID.
func ValidID(s string) bool {
	_, err := ulid.ParseStrict(s)
	return err == nil
}
