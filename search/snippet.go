package search

import (
	"html"
	"html/template"
	"sort"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Snippet window, in runes: how much text to show, and how much of it
// before the first match.
const (
	snippetRunes = 120
	snippetLead  = 30
)

// span is a byte range of a text to wrap in <mark>.
type span struct{ start, end int }

// snippet picks the stored text with the most matches (preferring any
// text over the title, which the result list shows anyway), cuts a window
// around its first match, HTML-escapes it and wraps the matches in
// <mark>…</mark>. With no match it shows the start of the first text.
func snippet(texts []string, title string, terms []term) template.HTML {
	best, bestSpans := -1, []span(nil)
	for i, text := range texts {
		spans := matchSpans(text, terms)
		if best < 0 || beats(len(spans), text == title, len(bestSpans), texts[best] == title) {
			best, bestSpans = i, spans
		}
	}
	if best < 0 {
		return ""
	}
	return render(texts[best], bestSpans)
}

// beats orders candidate texts: more matches first, then non-title texts.
func beats(n int, isTitle bool, bestN int, bestIsTitle bool) bool {
	if n != bestN {
		return n > bestN
	}
	return bestIsTitle && !isTitle
}

// matchSpans finds where the terms occur in text, analysed the way the
// index analysed it. A term is marked where all its tokens follow each
// other; a long Han term found only in parts (see termQuery) has its
// character pairs marked instead.
func matchSpans(text string, terms []term) []span {
	byPos := positions(analyze(text, analysisMode{}))
	var spans []span
	for _, t := range terms {
		seq := termTexts(t.uni)
		found := findSeq(byPos, seq)
		if len(found) == 0 && len(seq) > 2 {
			for k := 0; k+1 < len(t.uni); k++ {
				if t.uni[k].class == classIdeograph && t.uni[k+1].class == classIdeograph {
					found = append(found, findSeq(byPos, seq[k:k+2])...)
				}
			}
		}
		spans = append(spans, found...)
	}
	return mergeSpans(spans)
}

// positions groups tokens by position; index 0 is position 1.
func positions(toks []token) [][]token {
	if len(toks) == 0 {
		return nil
	}
	maxPos := 0
	for _, tk := range toks {
		maxPos = max(maxPos, tk.pos)
	}
	out := make([][]token, maxPos)
	for _, tk := range toks {
		out[tk.pos-1] = append(out[tk.pos-1], tk)
	}
	return out
}

// findSeq returns the spans where seq occurs at consecutive positions.
func findSeq(byPos [][]token, seq []string) []span {
	var out []span
	for p := 0; p+len(seq) <= len(byPos); p++ {
		sp, ok := span{start: -1}, true
		for k, want := range seq {
			tk, hit := tokenAt(byPos[p+k], want)
			if !hit {
				ok = false
				break
			}
			if sp.start < 0 || tk.start < sp.start {
				sp.start = tk.start
			}
			sp.end = max(sp.end, tk.end)
		}
		if ok {
			out = append(out, sp)
		}
	}
	return out
}

func tokenAt(toks []token, term string) (token, bool) {
	for _, tk := range toks {
		if tk.term == term {
			return tk, true
		}
	}
	return token{}, false
}

func mergeSpans(spans []span) []span {
	sort.Slice(spans, func(i, j int) bool { return spans[i].start < spans[j].start })
	var out []span
	for _, s := range spans {
		if n := len(out); n > 0 && s.start <= out[n-1].end {
			out[n-1].end = max(out[n-1].end, s.end)
			continue
		}
		out = append(out, s)
	}
	return out
}

// render cuts the window and builds the escaped, marked-up snippet.
func render(text string, spans []span) template.HTML {
	from := 0
	if len(spans) > 0 {
		from = backRunes(text, spans[0].start, snippetLead)
	}
	to := forwardRunes(text, from, snippetRunes)
	if len(spans) > 0 {
		to = max(to, spans[0].end)
	}
	var b strings.Builder
	if from > 0 {
		b.WriteString("…")
	}
	at := from
	for _, s := range spans {
		if s.start >= to {
			break
		}
		b.WriteString(escape(text[at:s.start]))
		b.WriteString("<mark>")
		b.WriteString(escape(text[s.start:min(s.end, to)]))
		b.WriteString("</mark>")
		at = min(s.end, to)
	}
	b.WriteString(escape(text[at:to]))
	if to < len(text) {
		b.WriteString("…")
	}
	// The only markup is ours; everything from the text went through
	// escape.
	return template.HTML(b.String()) //nolint:gosec // escaped above
}

// escape HTML-escapes s and collapses white space runs to one space.
func escape(s string) string {
	var b strings.Builder
	space := false
	for _, r := range s {
		if unicode.IsSpace(r) {
			space = true
			continue
		}
		if space {
			b.WriteByte(' ')
			space = false
		}
		b.WriteRune(r)
	}
	if space {
		b.WriteByte(' ')
	}
	return html.EscapeString(b.String())
}

// backRunes returns the offset n runes before i (or 0).
func backRunes(s string, i, n int) int {
	for ; n > 0 && i > 0; n-- {
		_, size := utf8.DecodeLastRuneInString(s[:i])
		i -= size
	}
	return i
}

// forwardRunes returns the offset n runes after i (or len(s)).
func forwardRunes(s string, i, n int) int {
	for ; n > 0 && i < len(s); n-- {
		_, size := utf8.DecodeRuneInString(s[i:])
		i += size
	}
	return i
}
