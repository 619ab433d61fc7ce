package search

import (
	"github.com/blevesearch/bleve/v2/search/query"
)

// Scope says which records the asking user may see. A record is visible
// when any clause grants it; the zero Scope sees nothing. The app builds it
// from the user's role; Search applies it inside the Bleve query, so
// totals, facets and pages only ever count visible records.
type Scope struct {
	// All grants every record (admins).
	All bool
	// OwnerID grants the records this user owns.
	OwnerID string
	// Regions grants every record of these regions, owned or not (a
	// manager's region subtree).
	Regions []string
	// PoolRegions grants the unowned (pool) records of these regions (a
	// rep's regions).
	PoolRegions []string
}

// IsZero reports whether s grants nothing.
func (s Scope) IsZero() bool {
	return !s.All && s.OwnerID == "" && len(s.Regions) == 0 && len(s.PoolRegions) == 0
}

// query returns the visibility filter, or nil when s grants everything.
// It must not be called on a zero Scope.
func (s Scope) query() query.Query {
	if s.All {
		return nil
	}
	var grants []query.Query
	if s.OwnerID != "" {
		grants = append(grants, fieldTerm(fieldOwner, s.OwnerID))
	}
	if len(s.Regions) > 0 {
		grants = append(grants, anyOf(fieldRegion, s.Regions))
	}
	if len(s.PoolRegions) > 0 {
		grants = append(grants, query.NewConjunctionQuery([]query.Query{
			fieldTerm(fieldOwner, poolOwner),
			anyOf(fieldRegion, s.PoolRegions),
		}))
	}
	if len(grants) == 1 {
		return grants[0]
	}
	return query.NewDisjunctionQuery(grants)
}

// anyOf matches records whose field holds one of values.
func anyOf(field string, values []string) query.Query {
	if len(values) == 1 {
		return fieldTerm(field, values[0])
	}
	qs := make([]query.Query, len(values))
	for i, v := range values {
		qs[i] = fieldTerm(field, v)
	}
	return query.NewDisjunctionQuery(qs)
}

// filterQuery combines the scope and the request's filters, or returns nil
// when nothing restricts the result. Filters never change scores.
func filterQuery(r *Request) query.Query {
	var all []query.Query
	add := func(q query.Query) {
		if q != nil {
			all = append(all, q)
		}
	}
	add(r.Scope.query())
	if len(r.Types) > 0 {
		add(anyOf(fieldType, r.Types))
	}
	if r.Region != "" {
		add(fieldTerm(fieldRegion, r.Region))
	}
	if r.Owner != "" {
		add(fieldTerm(fieldOwner, r.Owner))
	}
	if r.Tag != "" {
		add(fieldTerm(fieldTag, r.Tag))
	}
	add(dateRange(r))
	switch len(all) {
	case 0:
		return nil
	case 1:
		return all[0]
	}
	return query.NewConjunctionQuery(all)
}

// dateRange keeps records with From <= OccurredAt < To.
func dateRange(r *Request) query.Query {
	if r.From.IsZero() && r.To.IsZero() {
		return nil
	}
	incl, excl := true, false
	// The zero time stays zero in UTC, and Bleve reads it as an open end.
	q := query.NewDateRangeInclusiveQuery(r.From.UTC(), r.To.UTC(), &incl, &excl)
	q.SetField(fieldAt)
	return q
}
