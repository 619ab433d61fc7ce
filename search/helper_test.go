package search

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"testing"
	"time"
)

// corpusRecord is one line of testdata/corpus.json.
type corpusRecord struct {
	Type     string    `json:"type"`
	ID       string    `json:"id"`
	Customer string    `json:"customer"`
	Title    string    `json:"title"`
	Text     []string  `json:"text"`
	Codes    []string  `json:"codes"`
	Tags     []string  `json:"tags"`
	Kind     string    `json:"kind"`
	Owner    string    `json:"owner"`
	Region   string    `json:"region"`
	At       time.Time `json:"at"`
}

// loadCorpus reads the fixed test corpus.
func loadCorpus(t testing.TB) []Doc {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", "corpus.json"))
	if err != nil {
		t.Fatalf("read corpus: %v", err)
	}
	var recs []corpusRecord
	if err := json.Unmarshal(b, &recs); err != nil {
		t.Fatalf("parse corpus: %v", err)
	}
	docs := make([]Doc, len(recs))
	for i, r := range recs {
		docs[i] = Doc{
			Type: r.Type, ID: r.ID, CustomerID: r.Customer, Title: r.Title,
			Text: r.Text, Codes: r.Codes, Tags: r.Tags, Kind: r.Kind,
			OwnerID: r.Owner, RegionID: r.Region, OccurredAt: r.At,
		}
	}
	return docs
}

// openTest opens a new index in a temporary directory, closed at the end
// of the test.
func openTest(t testing.TB) *Index {
	t.Helper()
	ix, err := Open(filepath.Join(t.TempDir(), "index"), Options{})
	if err != nil {
		t.Fatalf("Open: %v", err)
	}
	t.Cleanup(func() {
		if err := ix.Close(); err != nil {
			t.Errorf("Close: %v", err)
		}
	})
	return ix
}

// put applies docs in one batch.
func put(t testing.TB, ix *Index, docs ...Doc) {
	t.Helper()
	var b Batch
	for _, d := range docs {
		b.Put(d)
	}
	if err := ix.Apply(context.Background(), &b); err != nil {
		t.Fatalf("Apply: %v", err)
	}
}

// corpusIndex is a new index holding the test corpus.
func corpusIndex(t testing.TB) *Index {
	t.Helper()
	ix := openTest(t)
	put(t, ix, loadCorpus(t)...)
	return ix
}

// searchAll follows cursors to collect every hit of r.
func searchAll(t testing.TB, ix *Index, r Request) ([]Hit, Result) {
	t.Helper()
	var hits []Hit
	var first Result
	for page := 0; ; page++ {
		res, err := ix.Search(context.Background(), r)
		if err != nil {
			t.Fatalf("Search(%q) page %d: %v", r.Q, page, err)
		}
		if page == 0 {
			first = res
		}
		hits = append(hits, res.Items...)
		if res.NextCursor == "" || page > 50 {
			return hits, first
		}
		r.Cursor = res.NextCursor
	}
}

// ids lists the ids of hits in order.
func ids(hits []Hit) []string {
	out := make([]string, len(hits))
	for i, h := range hits {
		out[i] = h.ID
	}
	return out
}

func indexOf(list []string, s string) int {
	for i, v := range list {
		if v == s {
			return i
		}
	}
	return -1
}

var everything = Scope{All: true}
