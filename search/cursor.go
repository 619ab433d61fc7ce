package search

import (
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
	"time"
)

// A cursor is Bleve's search_after position, the sort values of the last
// hit of a page (score, then document id), plus a fingerprint of the query
// and filters so that a cursor cannot be replayed against another query.
// It is base64url-encoded JSON and opaque to callers. Scores are written
// with full precision, so the next page starts exactly after the last hit;
// if the index changes between two pages, a record may move across the
// page boundary and be missed or seen twice, as with any relevance-ordered
// paging.
type cursor struct {
	Score string `json:"s"`
	DocID string `json:"d"`
	Print string `json:"f"`
}

func encodeCursor(score float64, docID, fp string) string {
	b, _ := json.Marshal(cursor{
		Score: strconv.FormatFloat(score, 'g', -1, 64),
		DocID: docID,
		Print: fp,
	})
	return base64.RawURLEncoding.EncodeToString(b)
}

// decodeCursor returns the search_after values of s, checking that it was
// made for the query with fingerprint fp.
func decodeCursor(s, fp string) ([]string, error) {
	b, err := base64.RawURLEncoding.DecodeString(s)
	if err != nil {
		return nil, fmt.Errorf("%w: %w", ErrBadCursor, err)
	}
	var c cursor
	if err := json.Unmarshal(b, &c); err != nil {
		return nil, fmt.Errorf("%w: %w", ErrBadCursor, err)
	}
	if c.Print != fp || c.DocID == "" {
		return nil, fmt.Errorf("%w: made for another query", ErrBadCursor)
	}
	if _, err := strconv.ParseFloat(c.Score, 64); err != nil {
		return nil, fmt.Errorf("%w: %w", ErrBadCursor, err)
	}
	return []string{c.Score, c.DocID}, nil
}

// fingerprint identifies the query text and filters of r (not its scope,
// limit or cursor).
func fingerprint(r *Request) string {
	h := sha256.New()
	for _, s := range []string{
		strings.TrimSpace(r.Q),
		strings.Join(r.Types, ","),
		r.Region, r.Owner, r.Tag,
		r.From.UTC().Format(time.RFC3339Nano),
		r.To.UTC().Format(time.RFC3339Nano),
	} {
		h.Write([]byte(s))
		h.Write([]byte{0})
	}
	return hex.EncodeToString(h.Sum(nil)[:8])
}
