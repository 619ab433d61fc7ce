package search

import (
	"context"
	"errors"
	"reflect"
	"strings"
	"testing"
)

func TestParseQuery(t *testing.T) {
	cases := []struct {
		name string
		q    string
		want []string // term texts; a leading " marks a quoted term
	}{
		{"words", "续约  条款", []string{"续约", "条款"}},
		{"ideographic space", "续约　条款", []string{"续约", "条款"}},
		{"quoted phrase", `王总 "续约 条款"`, []string{"王总", `"续约 条款`}},
		{"curly quotes", "“交付周期” 吴刚", []string{`"交付周期`, "吴刚"}},
		{"unbalanced quote", `"续约 条款`, []string{"续约", "条款"}},
		{"phone groups", "138 1234 5678 王总", []string{"138 1234 5678", "王总"}},
		{"not a phone", "2023 2024", []string{"2023", "2024"}},
		{"duplicates", "sku-1234 SKU-1234", []string{"sku-1234"}},
		{"punctuation only terms dropped", "&& 续约 ||", []string{"续约"}},
		{"syntax is text", "title:x +a -b", []string{"title:x", "+a", "-b"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			terms, err := parseQuery(c.q)
			if err != nil {
				t.Fatalf("parseQuery(%q): %v", c.q, err)
			}
			var got []string
			for _, tm := range terms {
				s := tm.text
				if tm.quoted {
					s = `"` + s
				}
				got = append(got, s)
			}
			if !reflect.DeepEqual(got, c.want) {
				t.Errorf("parseQuery(%q) = %q, want %q", c.q, got, c.want)
			}
		})
	}
}

// User input never panics and never reaches Bleve's query syntax.
func TestSearchBadInput(t *testing.T) {
	ix := corpusIndex(t)
	cases := []struct {
		name    string
		q       string
		wantErr error
		minHits int // at least this many hits when there is no error
	}{
		{"empty", "", ErrEmptyQuery, 0},
		{"blank", " \t\n　", ErrEmptyQuery, 0},
		{"too long", strings.Repeat("续", MaxQueryRunes+1), ErrQueryTooLong, 0},
		{"500 chars", strings.Repeat("a", 500), ErrQueryTooLong, 0},
		{"exactly the limit", strings.Repeat("续", MaxQueryRunes), nil, 0},
		{"unbalanced quotes", `"续约条款`, nil, 1},
		{"three quotes", `"续约" "条款`, nil, 1},
		{"empty quotes", `""`, nil, 0},
		{"field syntax", "title:x", nil, 0},
		{"field syntax on real word", "type:followup", nil, 0},
		{"operators", `+-&&||!(){}[]^"~*?:\/`, nil, 0},
		{"operators around a word", `+续约 -条款`, nil, 1},
		{"wildcards", "续*", nil, 1},
		{"fuzzy", "poc~2", nil, 0},
		{"regexp", "/.*/", nil, 0},
		{"boost", "续约^10", nil, 0},
		{"html", "<script>", nil, 1},
		{"control characters", "\x00\x01续约\x7f", nil, 1},
		{"invalid utf-8", "\xff\xfe续约", nil, 1},
		{"emoji", "😀 续约", nil, 1},
		{"lone surrogate escape", "\\ud800", nil, 0},
		{"many terms", strings.Repeat("a ", 100), nil, 0},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			res, err := ix.Search(context.Background(), Request{Q: c.q, Scope: everything})
			if c.wantErr != nil {
				if !errors.Is(err, c.wantErr) {
					t.Fatalf("Search(%q) error = %v, want %v", c.q, err, c.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatalf("Search(%q): %v", c.q, err)
			}
			if len(res.Items) < c.minHits {
				t.Errorf("Search(%q): %d hits, want at least %d", c.q, len(res.Items), c.minHits)
			}
		})
	}
}
