package search

import (
	"fmt"
	"reflect"
	"strings"
	"testing"
)

// render lists tokens as term@position.
func renderTokens(toks []token) string {
	parts := make([]string, len(toks))
	for i, tk := range toks {
		parts[i] = fmt.Sprintf("%s@%d", tk.term, tk.pos)
	}
	return strings.Join(parts, " ")
}

func TestAnalyze(t *testing.T) {
	uni, bi, query := analysisMode{}, analysisMode{bigrams: true}, analysisMode{query: true}
	cases := []struct {
		name string
		text string
		mode analysisMode
		want string
	}{
		{"han unigrams", "续约条款", uni, "续@1 约@2 条@3 款@4"},
		{"han bigrams", "续约条款", bi, "续约@1 约条@2 条款@3"},
		{"lone han in bigram field", "客", bi, "客@1"},
		{"punctuation splits runs", "续约，条款", bi, "续约@1 条款@2"},
		{"latin lower-cased", "RESTful API", uni, "restful@1 api@2"},
		{"code split at letters and digits", "SKU-1234 X5", uni, "sku@1 1234@2 x@3 5@4"},
		{"full-width folded", "ＳＫＵ－１２３４ ｘ５", uni, "sku@1 1234@2 x@3 5@4"},
		{"mixed scripts", "X5控制器", bi, "x@1 5@2 控制@3 制器@4"},
		{"mobile with suffix", "13812345678", uni, "13812345678@1 5678@1"},
		{"mobile in groups", "138 1234 5678", uni, "138@1 1234@2 5678@3 13812345678@1"},
		{"mobile in groups, query", "138-1234-5678", query, "13812345678@1"},
		{"landline in groups", "0512-6288 3366", uni, "0512@1 6288@2 3366@3 051262883366@1"},
		{"suffix spans groups", "0755-8666 12 34", uni, "0755@1 8666@2 12@3 34@4 075586661234@1 1234@4"},
		{"long number suffix", "订单号 20240305001", uni, "订@1 单@2 号@3 20240305001@4 5001@4"},
		{"code digits get no suffix", "91310000MA1K12345X", uni, "91310000@1 ma@2 1@3 k@4 12345@5 x@6"},
		{"short numbers joined by space stay apart", "2023 2024", uni, "2023@1 2024@2"},
		{"greek letter word", "Φ12轴承", bi, "φ@1 12@2 轴承@3"},
		{"kana per character", "カタ", uni, "カ@1 タ@2"},
		{"symbols dropped", `+-&&||!(){}[]^"~*?:\/`, uni, ""},
		{"invalid utf-8 ignored", "\xff续", uni, "续@1"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if got := renderTokens(analyze(c.text, c.mode)); got != c.want {
				t.Errorf("analyze(%q) = %q, want %q", c.text, got, c.want)
			}
		})
	}
}

// Offsets point into the original text, full-width or not, so snippets
// can mark it.
func TestAnalyzeOffsets(t *testing.T) {
	text := "电话１３８１２３４５６７８"
	var got []string
	for _, tk := range analyze(text, analysisMode{}) {
		got = append(got, text[tk.start:tk.end])
	}
	want := []string{"电", "话", "１３８１２３４５６７８", "５６７８"}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("token texts %q, want %q", got, want)
	}
}

func FuzzAnalyze(f *testing.F) {
	for _, s := range []string{"续约条款", "138 1234 5678", "ＳＫＵ－１２３４", "\xff\xfe", "a1b2-3 4"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		for _, m := range []analysisMode{{}, {bigrams: true}, {query: true}} {
			for _, tk := range analyze(s, m) {
				if tk.start < 0 || tk.end > len(s) || tk.start >= tk.end || tk.pos < 1 || tk.term == "" {
					t.Fatalf("analyze(%q): bad token %+v", s, tk)
				}
			}
		}
		parseQuery(s)
	})
}
