package search

import (
	"context"
	"errors"
	"fmt"
	"testing"
	"time"
)

func TestPaging(t *testing.T) {
	ix := openTest(t)
	var docs []Doc
	for i := 0; i < 45; i++ {
		// Same text everywhere: equal scores, so the id decides the order.
		docs = append(docs, Doc{Type: TypeFollowUp, ID: fmt.Sprintf("f%02d", i),
			Text: []string{"讨论续约条款"}, OwnerID: "u"})
	}
	put(t, ix, docs...)
	hits, first := searchAll(t, ix, Request{Q: "续约", Scope: everything, Limit: 10})
	if first.Total != 45 || len(first.Items) != 10 {
		t.Fatalf("first page: total %d, %d items; want 45, 10", first.Total, len(first.Items))
	}
	got := ids(hits)
	for i, id := range got {
		if want := fmt.Sprintf("f%02d", i); id != want {
			t.Fatalf("hit %d = %s, want %s (all: %v)", i, id, want, got)
		}
	}
	if len(got) != 45 {
		t.Fatalf("collected %d hits over all pages, want 45", len(got))
	}
}

func TestLimit(t *testing.T) {
	ix := openTest(t)
	var docs []Doc
	for i := 0; i < 120; i++ {
		docs = append(docs, Doc{Type: TypeContact, ID: fmt.Sprintf("p%03d", i), Title: "王经理"})
	}
	put(t, ix, docs...)
	for _, c := range []struct{ limit, want int }{{0, DefaultLimit}, {-5, DefaultLimit}, {7, 7}, {500, MaxLimit}} {
		res, err := ix.Search(context.Background(), Request{Q: "王", Scope: everything, Limit: c.limit})
		if err != nil {
			t.Fatal(err)
		}
		if len(res.Items) != c.want || res.NextCursor == "" || res.Total != 120 {
			t.Errorf("limit %d: %d items (cursor %q, total %d), want %d with a cursor",
				c.limit, len(res.Items), res.NextCursor, res.Total, c.want)
		}
	}
}

func TestBadCursor(t *testing.T) {
	ix := corpusIndex(t)
	res, err := ix.Search(context.Background(), Request{Q: "王", Scope: everything, Limit: 2})
	if err != nil || res.NextCursor == "" {
		t.Fatalf("first page: %v, cursor %q", err, res.NextCursor)
	}
	for name, r := range map[string]Request{
		"garbage":       {Q: "王", Cursor: "!!!"},
		"not json":      {Q: "王", Cursor: "bm90IGpzb24"},
		"other query":   {Q: "李", Cursor: res.NextCursor},
		"other filters": {Q: "王", Types: []string{TypeContact}, Cursor: res.NextCursor},
	} {
		r.Scope = everything
		if _, err := ix.Search(context.Background(), r); !errors.Is(err, ErrBadCursor) {
			t.Errorf("%s: error %v, want ErrBadCursor", name, err)
		}
	}
}

func TestDateRange(t *testing.T) {
	ix := openTest(t)
	day := func(d int) time.Time { return time.Date(2024, 3, d, 9, 0, 0, 0, time.UTC) }
	put(t, ix,
		Doc{Type: TypeFollowUp, ID: "d1", Text: []string{"续约"}, OwnerID: "u", OccurredAt: day(1)},
		Doc{Type: TypeFollowUp, ID: "d2", Text: []string{"续约"}, OwnerID: "u", OccurredAt: day(2)},
		Doc{Type: TypeFollowUp, ID: "d3", Text: []string{"续约"}, OwnerID: "u", OccurredAt: day(3)},
		Doc{Type: TypeFollowUp, ID: "undated", Text: []string{"续约"}, OwnerID: "u"},
	)
	cases := []struct {
		name     string
		from, to time.Time
		want     []string
	}{
		{"open", time.Time{}, time.Time{}, []string{"d1", "d2", "d3", "undated"}},
		{"from is inclusive", day(2), time.Time{}, []string{"d2", "d3"}},
		{"to is exclusive", time.Time{}, day(2), []string{"d1"}},
		{"both", day(1), day(3), []string{"d1", "d2"}},
		{"other zone", day(2).In(time.FixedZone("CST", 8*3600)), day(3), []string{"d2"}},
	}
	for _, c := range cases {
		hits, _ := searchAll(t, ix, Request{Q: "续约", Scope: everything, From: c.from, To: c.to})
		if got := ids(hits); !sameSet(got, c.want) {
			t.Errorf("%s: got %v, want %v", c.name, got, c.want)
		}
	}
	hits, _ := searchAll(t, ix, Request{Q: "续约", Scope: everything, From: day(3)})
	if len(hits) != 1 || !hits[0].OccurredAt.Equal(day(3)) {
		t.Errorf("OccurredAt of d3: got %v", hits)
	}
}

func TestHitFields(t *testing.T) {
	ix := openTest(t)
	at := time.Date(2024, 3, 5, 10, 0, 0, 0, time.UTC)
	put(t, ix, Doc{Type: TypeFollowUp, ID: "f1", CustomerID: "c1", Title: "华信云 — 拜访 2024-03-05",
		Text: []string{"和王总谈了续约条款"}, OwnerID: "u", OccurredAt: at})
	res, err := ix.Search(context.Background(), Request{Q: "续约条款", Scope: everything})
	if err != nil || len(res.Items) != 1 {
		t.Fatalf("Search: %v, %d hits", err, len(res.Items))
	}
	h := res.Items[0]
	want := Hit{Type: TypeFollowUp, ID: "f1", CustomerID: "c1", Title: "华信云 — 拜访 2024-03-05",
		Snippet: "和王总谈了<mark>续约条款</mark>", Score: h.Score, OccurredAt: at}
	if h != want || h.Score <= 0 {
		t.Errorf("hit = %+v, want %+v", h, want)
	}
}
