package search

import (
	"strings"
	"unicode/utf8"

	"github.com/blevesearch/bleve/v2/search/query"
)

// Boosts that order results. An exact phrase outranks a term whose
// characters only occur in parts, and terms typed next to each other
// outrank the same terms far apart; these two boosts are large so that the
// phrase decides the order whatever the lengths of the notes (BM25 scores
// a term in a long note several times lower than in a short one), and
// BM25 only orders notes within the same tier. A term in the title (a
// customer's or contact's name) counts a little more than one in the body.
const (
	phraseBoost    = 50.0
	adjacencyBoost = 50.0
	titleBoost     = 2.0
)

// fieldPair names the unigram and bigram fields of one text.
type fieldPair struct{ uni, bi string }

var (
	textFields  = fieldPair{uni: fieldUni, bi: fieldBi}
	titleFields = fieldPair{uni: fieldTitle, bi: fieldTitleBi}
)

// textQuery is the scoring part of a search: every term must match the
// text (which includes the title); terms found next to each other in their
// typed order, and terms found in the title, score more.
func textQuery(terms []term) *query.BooleanQuery {
	must := make([]query.Query, len(terms))
	var should []query.Query
	for i, t := range terms {
		must[i] = termQuery(t, textFields)
		inTitle := termQuery(t, titleFields)
		setBoost(inTitle, titleBoost)
		should = append(should, inTitle)
	}
	if len(terms) > 1 {
		if q := adjacencyQuery(terms); q != nil {
			should = append(should, q)
		}
	}
	return query.NewBooleanQuery(must, should, nil)
}

// setBoost sets the boost of the queries termQuery returns.
func setBoost(q query.Query, boost float64) {
	if b, ok := q.(query.BoostableQuery); ok {
		b.SetBoost(boost)
	}
}

// termQuery matches one term:
//   - one token: that term in the unigram field (so 客 finds 客户);
//   - several tokens: a phrase, over bigrams when every run of Han
//     characters in the term has at least two (fewer, rarer terms), else
//     over unigrams;
//   - an unquoted term with three or more Han bigrams (four characters or
//     more) also matches when all of its bigrams but one occur anywhere in
//     the text, which finds 续约…条款 for 续约条款 without a dictionary, and
//     scores below the exact phrase.
//
// TODO: a Latin word is matched whole ("huaw" does not find "huawei");
// add a prefix query on the last Latin token if users type as they search.
func termQuery(t term, fields fieldPair) query.Query {
	if len(t.uni) == 1 {
		return fieldTerm(fields.uni, t.uni[0].term)
	}
	field, toks := fields.uni, t.uni
	if !hasLoneIdeograph(t.bi) {
		field, toks = fields.bi, t.bi
	}
	if len(toks) == 1 {
		return fieldTerm(field, toks[0].term)
	}
	phrase := query.NewPhraseQuery(termTexts(toks), field)
	if t.quoted || field != fields.bi || countHanBigrams(toks) < 3 {
		return phrase
	}
	phrase.SetBoost(phraseBoost)
	parts := make([]query.Query, len(toks))
	for i, tk := range toks {
		parts[i] = fieldTerm(fields.bi, tk.term)
	}
	relaxed := query.NewDisjunctionQuery(parts)
	relaxed.SetMin(float64(len(toks) - 1))
	return query.NewDisjunctionQuery([]query.Query{phrase, relaxed})
}

// adjacencyQuery is an optional phrase of all terms as typed, joined
// without a space where two Han characters meet (续约 条款 → 续约条款).
func adjacencyQuery(terms []term) query.Query {
	var b strings.Builder
	for i, t := range terms {
		if i > 0 && (!endsWithIdeograph(terms[i-1].text) || !startsWithIdeograph(t.text)) {
			b.WriteByte(' ')
		}
		b.WriteString(t.text)
	}
	joined := term{text: b.String(), quoted: true}
	joined.uni = analyze(joined.text, analysisMode{query: true})
	joined.bi = analyze(joined.text, analysisMode{query: true, bigrams: true})
	q := termQuery(joined, textFields)
	if p, ok := q.(*query.PhraseQuery); ok {
		p.SetBoost(adjacencyBoost)
		return p
	}
	return nil
}

func fieldTerm(field, text string) *query.TermQuery {
	q := query.NewTermQuery(text)
	q.SetField(field)
	return q
}

func termTexts(toks []token) []string {
	out := make([]string, len(toks))
	for i, tk := range toks {
		out[i] = tk.term
	}
	return out
}

// hasLoneIdeograph reports a Han run of one character among bigram-mode
// tokens: the bigram field holds that character only where it stands
// alone, so such a term must be looked up in the unigram field.
func hasLoneIdeograph(bi []token) bool {
	for _, tk := range bi {
		if tk.class == classIdeograph && utf8.RuneCountInString(tk.term) == 1 {
			return true
		}
	}
	return false
}

func countHanBigrams(toks []token) int {
	n := 0
	for _, tk := range toks {
		if tk.class == classIdeograph {
			n++
		}
	}
	return n
}

func startsWithIdeograph(s string) bool {
	r, _ := utf8.DecodeRuneInString(s)
	return isIdeograph(r)
}

func endsWithIdeograph(s string) bool {
	r, _ := utf8.DecodeLastRuneInString(s)
	return isIdeograph(r)
}
