package store

import (
	"crypto/rand"
	"time"

	"github.com/oklog/ulid/v2"
)

// NewID returns a new ULID: time-ordered, 26 characters, with 80 bits from
// the system's secure random source so ids in URLs cannot be guessed.
func NewID(now time.Time) string {
	return ulid.MustNew(ulid.Timestamp(now), rand.Reader).String()
}

// ValidID reports whether s has the shape of an id made by NewID.
func ValidID(s string) bool {
	_, err := ulid.ParseStrict(s)
	return err == nil
}
