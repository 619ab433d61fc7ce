package search

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// MaxQueryRunes is the longest query text Search accepts.
const MaxQueryRunes = 200

// term is one unit of a user's query: every term must match.
type term struct {
	text   string
	quoted bool    // typed in quotes: must match as an exact phrase
	uni    []token // query-mode tokens for the unigram field
	bi     []token // query-mode tokens for the bigram field
}

// parseQuery splits user text into terms. Whitespace separates terms; text
// in straight or curly double quotes is one term; an unmatched quote is
// ignored. No character has any other meaning, so nothing a user types
// reaches Bleve's query-string syntax. Terms without any letter or digit
// are dropped, so the result may be empty without an error.
func parseQuery(q string) ([]term, error) {
	q = strings.TrimSpace(q)
	if q == "" {
		return nil, ErrEmptyQuery
	}
	if utf8.RuneCountInString(q) > MaxQueryRunes {
		return nil, ErrQueryTooLong
	}
	var terms []term
	seen := map[string]bool{}
	for _, c := range mergePhoneChunks(chunks(q)) {
		t := term{
			text:   c.text,
			quoted: c.quoted,
			uni:    analyze(c.text, analysisMode{query: true}),
			bi:     analyze(c.text, analysisMode{query: true, bigrams: true}),
		}
		key := termKey(t)
		if len(t.uni) == 0 || seen[key] {
			continue
		}
		seen[key] = true
		terms = append(terms, t)
	}
	return terms, nil
}

// termKey identifies a term by its tokens, so "SKU-1234" and "sku 1234"
// typed twice count once.
func termKey(t term) string {
	var b strings.Builder
	if t.quoted {
		b.WriteByte('"')
	}
	for _, tk := range t.uni {
		b.WriteString(tk.term)
		b.WriteByte(0)
	}
	return b.String()
}

// chunk is a piece of query text before analysis.
type chunk struct {
	text   string
	quoted bool
}

func isQuote(r rune) bool {
	return r == '"' || r == '＂' || r == '“' || r == '”'
}

// chunks cuts q at whitespace, keeping quoted text together.
func chunks(q string) []chunk {
	var out []chunk
	for q != "" {
		open := strings.IndexFunc(q, isQuote)
		if open < 0 {
			return appendFields(out, q)
		}
		out = appendFields(out, q[:open])
		_, size := utf8.DecodeRuneInString(q[open:])
		rest := q[open+size:]
		end := strings.IndexFunc(rest, isQuote)
		if end < 0 {
			// Unbalanced: the quote is just a character.
			return appendFields(out, rest)
		}
		if s := strings.TrimSpace(rest[:end]); s != "" {
			out = append(out, chunk{text: s, quoted: true})
		}
		_, size = utf8.DecodeRuneInString(rest[end:])
		q = rest[end+size:]
	}
	return out
}

func appendFields(out []chunk, s string) []chunk {
	for _, f := range strings.FieldsFunc(s, unicode.IsSpace) {
		out = append(out, chunk{text: f})
	}
	return out
}

// mergePhoneChunks joins runs of unquoted digit-only chunks that together
// form a phone number, so "138 1234 5678" is one term like 13812345678.
func mergePhoneChunks(in []chunk) []chunk {
	var out []chunk
	for i := 0; i < len(in); i++ {
		j := i
		for k := i + 1; k < len(in) && k-i < 5 && isDigitChunk(in[k]) && isDigitChunk(in[i]); k++ {
			joined := joinChunks(in[i : k+1])
			if len(analyze(joined, analysisMode{query: true})) == 1 {
				j = k
			}
		}
		if j == i {
			out = append(out, in[i])
			continue
		}
		out = append(out, chunk{text: joinChunks(in[i : j+1])})
		i = j
	}
	return out
}

func isDigitChunk(c chunk) bool {
	if c.quoted {
		return false
	}
	for _, r := range c.text {
		if f := fold(r); classify(f) != classDigit && f != '-' {
			return false
		}
	}
	return true
}

func joinChunks(cs []chunk) string {
	parts := make([]string, len(cs))
	for i, c := range cs {
		parts[i] = c.text
	}
	return strings.Join(parts, " ")
}
