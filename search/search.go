package search

import (
	"context"
	"fmt"
	"html/template"
	"time"

	"github.com/blevesearch/bleve/v2"
	bsearch "github.com/blevesearch/bleve/v2/search"
)

// Page sizes.
const (
	DefaultLimit = 20
	MaxLimit     = 100
)

// Facet names in Result.Facets, and how many values each reports (the
// most frequent ones).
const (
	FacetType   = "type"
	FacetTag    = "tag"
	FacetRegion = "region"
)

var facetSizes = map[string]int{FacetType: 20, FacetTag: 50, FacetRegion: 100}

var facetFields = map[string]string{FacetType: fieldType, FacetTag: fieldTag, FacetRegion: fieldRegion}

// Request is one search. Only Q and Scope are required.
type Request struct {
	// Q is the user's text; see parseQuery for its (small) syntax.
	Q string
	// Filters: records of any of Types, of Region, owned by Owner, with
	// Tag, and with From <= OccurredAt < To (a zero time is an open end).
	Types  []string
	Region string
	Owner  string
	Tag    string
	From   time.Time
	To     time.Time
	// Limit is the page size: DefaultLimit when 0 or less, at most
	// MaxLimit.
	Limit int
	// Cursor is Result.NextCursor of the previous page, "" for the first.
	Cursor string
	// Scope is what the asking user may see.
	Scope Scope
}

func (r *Request) limit() int {
	switch {
	case r.Limit <= 0:
		return DefaultLimit
	case r.Limit > MaxLimit:
		return MaxLimit
	}
	return r.Limit
}

// Hit is one result.
type Hit struct {
	Type, ID   string
	CustomerID string
	Title      string
	// Snippet is HTML: text around the match, escaped, with the matched
	// terms in <mark>…</mark>. It is safe to embed as is.
	Snippet    template.HTML
	Score      float64
	OccurredAt time.Time
}

// Result is one page of results.
type Result struct {
	Items []Hit
	// Total counts every visible match, not just this page.
	Total int
	// Facets counts visible matches by FacetType, FacetTag and
	// FacetRegion value.
	Facets map[string]map[string]int
	// NextCursor fetches the next page; "" on the last one.
	NextCursor string
}

func emptyResult() Result {
	return Result{Items: []Hit{}, Facets: map[string]map[string]int{
		FacetType: {}, FacetTag: {}, FacetRegion: {},
	}}
}

// Search runs r against the live index (the old one while a rebuild
// runs). Results are ordered by score, then by type and id, and include
// only records r.Scope grants; a zero Scope, or a query with nothing to
// search for (only punctuation), gives an empty Result.
//
// Errors: ErrEmptyQuery, ErrQueryTooLong and ErrBadCursor are the user's
// to fix; ErrClosed, ErrPanic and wrapped Bleve or context errors are not.
func (ix *Index) Search(ctx context.Context, r Request) (res Result, err error) {
	defer ix.guard("search", &err)
	terms, err := parseQuery(r.Q)
	if err != nil {
		return Result{}, err
	}
	fp := fingerprint(&r)
	var after []string
	if r.Cursor != "" {
		if after, err = decodeCursor(r.Cursor, fp); err != nil {
			return Result{}, err
		}
	}
	if r.Scope.IsZero() || len(terms) == 0 {
		return emptyResult(), nil
	}
	req := searchRequest(terms, &r, after)
	gen, err := ix.acquire()
	defer ix.mu.RUnlock()
	if err != nil {
		return Result{}, err
	}
	sr, err := gen.bleve.SearchInContext(ctx, req)
	if err != nil {
		return Result{}, fmt.Errorf("search: query: %w", err)
	}
	return result(sr, terms, r.limit(), fp), nil
}

// searchRequest builds the Bleve request: the text query, the filters as
// a non-scoring filter clause, one hit more than a page to learn whether
// there is a next one, and the facets.
func searchRequest(terms []term, r *Request, after []string) *bleve.SearchRequest {
	q := textQuery(terms)
	if f := filterQuery(r); f != nil {
		q.AddFilter(f)
	}
	req := bleve.NewSearchRequestOptions(q, r.limit()+1, 0, false)
	req.SortBy([]string{"-_score", "_id"})
	req.SearchAfter = after
	req.Fields = []string{fieldType, fieldID, fieldCustomer, fieldTitle, fieldUni, fieldAt}
	// TODO: facets cost a pass over every match; skip them when r.Cursor
	// is set if the app keeps the first page's facets.
	for name, size := range facetSizes {
		req.AddFacet(name, bleve.NewFacetRequest(facetFields[name], size))
	}
	return req
}

// result converts a Bleve result into a page.
func result(sr *bleve.SearchResult, terms []term, limit int, fp string) Result {
	res := emptyResult()
	res.Total = int(sr.Total)
	hits := sr.Hits
	if len(hits) > limit {
		hits = hits[:limit]
		last := hits[limit-1]
		res.NextCursor = encodeCursor(last.Score, last.ID, fp)
	}
	for _, h := range hits {
		res.Items = append(res.Items, hit(h, terms))
	}
	for name, f := range sr.Facets {
		if f.Terms == nil {
			continue
		}
		for _, t := range f.Terms.Terms() {
			res.Facets[name][t.Term] = t.Count
		}
	}
	return res
}

func hit(h *bsearch.DocumentMatch, terms []term) Hit {
	k := keyOf(h.ID)
	title := stringField(h.Fields[fieldTitle])
	out := Hit{
		Type:       k.Type,
		ID:         k.ID,
		CustomerID: stringField(h.Fields[fieldCustomer]),
		Title:      title,
		Snippet:    snippet(stringsField(h.Fields[fieldUni]), title, terms),
		Score:      h.Score,
	}
	if at := stringField(h.Fields[fieldAt]); at != "" {
		out.OccurredAt, _ = time.Parse(time.RFC3339Nano, at)
	}
	return out
}

// stringField reads a stored single value.
func stringField(v interface{}) string {
	s, _ := v.(string)
	return s
}

// stringsField reads a stored value that may hold one or more strings.
func stringsField(v interface{}) []string {
	switch v := v.(type) {
	case string:
		return []string{v}
	case []interface{}:
		out := make([]string, 0, len(v))
		for _, e := range v {
			if s, ok := e.(string); ok {
				out = append(out, s)
			}
		}
		return out
	}
	return nil
}
