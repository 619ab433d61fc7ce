package search

import (
	"context"
	"testing"
)

// scopeDocs: two reps in the east, one in the south, pool records in both.
func scopeDocs() []Doc {
	d := func(id, owner, region string) Doc {
		return Doc{Type: TypeFollowUp, ID: id, Title: "拜访", Text: []string{"讨论续约条款"},
			OwnerID: owner, RegionID: region, Tags: []string{"提及续约"}}
	}
	return []Doc{
		d("a1", "rep-a", "east"), d("a2", "rep-a", "east"),
		d("b1", "rep-b", "east"), d("b2", "rep-b", "east"), d("b3", "rep-b", "east"),
		d("c1", "rep-c", "south"),
		d("pool-east", "", "east"), d("pool-south", "", "south"),
	}
}

func TestScope(t *testing.T) {
	ix := openTest(t)
	put(t, ix, scopeDocs()...)
	cases := []struct {
		name  string
		scope Scope
		want  []string
	}{
		{"nothing", Scope{}, nil},
		{"rep A", Scope{OwnerID: "rep-a"}, []string{"a1", "a2"}},
		{"rep A with east pool", Scope{OwnerID: "rep-a", PoolRegions: []string{"east"}},
			[]string{"a1", "a2", "pool-east"}},
		{"pool only", Scope{PoolRegions: []string{"east", "south"}}, []string{"pool-east", "pool-south"}},
		{"east manager", Scope{Regions: []string{"east"}},
			[]string{"a1", "a2", "b1", "b2", "b3", "pool-east"}},
		{"south manager and own", Scope{OwnerID: "rep-a", Regions: []string{"south"}},
			[]string{"a1", "a2", "c1", "pool-south"}},
		{"unknown owner", Scope{OwnerID: "rep-x"}, nil},
		{"all", Scope{All: true},
			[]string{"a1", "a2", "b1", "b2", "b3", "c1", "pool-east", "pool-south"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			// Limit 1 forces paging, so totals and facets must not depend
			// on the page.
			hits, first := searchAll(t, ix, Request{Q: "续约", Scope: c.scope, Limit: 1})
			got := ids(hits)
			if !sameSet(got, c.want) {
				t.Fatalf("hits %v, want %v", got, c.want)
			}
			if first.Total != len(c.want) {
				t.Errorf("Total = %d, want %d", first.Total, len(c.want))
			}
			if n := first.Facets[FacetType][TypeFollowUp]; n != len(c.want) {
				t.Errorf("type facet = %d, want %d", n, len(c.want))
			}
			if n := first.Facets[FacetTag]["提及续约"]; n != len(c.want) {
				t.Errorf("tag facet = %d, want %d", n, len(c.want))
			}
			east := 0
			for _, id := range c.want {
				if id != "c1" && id != "pool-south" {
					east++
				}
			}
			if n := first.Facets[FacetRegion]["east"]; n != east {
				t.Errorf("region facet east = %d, want %d", n, east)
			}
		})
	}
}

// Request filters narrow the scope; they never widen it.
func TestFilters(t *testing.T) {
	ix := corpusIndex(t)
	cases := []struct {
		name  string
		req   Request
		check func(h Hit) bool
	}{
		{"types", Request{Q: "华信", Types: []string{TypeContact}},
			func(h Hit) bool { return h.Type == TypeContact }},
		{"region", Request{Q: "王", Region: "r-south"},
			func(h Hit) bool { return h.ID != "p-wangfang" }},
		{"owner", Request{Q: "续约", Owner: "u-li"},
			func(h Hit) bool { return h.ID == "f-renewal-apart" }},
		{"tag", Request{Q: "续约", Tag: "提及续约"},
			func(h Hit) bool { return h.Type == TypeFollowUp }},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			c.req.Scope = everything
			hits, _ := searchAll(t, ix, c.req)
			if len(hits) == 0 {
				t.Fatal("no hits")
			}
			for _, h := range hits {
				if !c.check(h) {
					t.Errorf("hit %s/%s does not satisfy the filter", h.Type, h.ID)
				}
			}
		})
	}
	// Owner filter with a scope that does not grant the owner's records.
	res, err := ix.Search(context.Background(),
		Request{Q: "续约", Owner: "u-li", Scope: Scope{OwnerID: "u-zhang"}})
	if err != nil {
		t.Fatal(err)
	}
	if res.Total != 0 {
		t.Errorf("owner filter widened the scope: %v", ids(res.Items))
	}
}

func sameSet(a, b []string) bool {
	if len(a) != len(b) {
		return false
	}
	for _, s := range a {
		if indexOf(b, s) < 0 {
			return false
		}
	}
	return true
}
