package search

import (
	"strings"
	"unicode/utf8"
)

// token is one term produced by analyze, with byte offsets into the
// original (unfolded) text and a 1-based position. Several tokens may share
// a position: a phone number's joined form and its last four digits sit on
// the position of its first and last group.
type token struct {
	term       string
	start, end int
	pos        int
	class      runeClass
}

// segment is one scanned unit before tokens are emitted: a single
// ideograph, a word, or a run of digits.
type segment struct {
	class      runeClass
	text       string // folded
	start, end int
	// joined is true when the segment follows the previous one after
	// exactly one space or hyphen; adjacent is true when nothing separates
	// them. Both are false after any other separator.
	joined, adjacent bool
}

// analysisMode selects what analyze emits.
type analysisMode struct {
	// bigrams emits overlapping pairs for runs of ideographs instead of
	// one token per ideograph.
	bigrams bool
	// query emits only what a user's term should be looked up by: the
	// joined form of a phone number but not its groups or last digits.
	query bool
}

// suffixDigits is how many trailing digits of a phone or other long number
// are indexed as a term of their own, so "5678" finds 13812345678.
const suffixDigits = 4

// analyze splits text into tokens. It is the single implementation behind
// both Bleve analyzers and the query parser, so the two always agree.
func analyze(text string, mode analysisMode) []token {
	segs := scan(text)
	e := emitter{text: text, segs: segs, mode: mode, pos: 1}
	for e.i < len(segs) {
		switch segs[e.i].class {
		case classIdeograph:
			e.ideographs()
		case classDigit:
			e.number()
		default:
			e.add(segs[e.i].text, segs[e.i].start, segs[e.i].end, segs[e.i].class)
			e.i++
		}
	}
	return e.out
}

// scan folds text and cuts it into segments.
func scan(text string) []segment {
	var segs []segment
	var cur strings.Builder
	curClass, curStart := classSeparator, 0
	seps, lastSep := 0, rune(0)
	flush := func(end int) {
		if curClass == classSeparator {
			return
		}
		segs = append(segs, segment{
			class: curClass, text: cur.String(), start: curStart, end: end,
			adjacent: seps == 0 && len(segs) > 0,
			joined:   seps == 1 && (lastSep == ' ' || lastSep == '-'),
		})
		cur.Reset()
		curClass, seps = classSeparator, 0
	}
	for i, r := range text {
		r = fold(r)
		c := classify(r)
		if c != curClass || c == classIdeograph {
			flush(i)
		}
		if c == classSeparator {
			seps++
			lastSep = r
			continue
		}
		if curClass == classSeparator {
			curClass, curStart = c, i
		}
		cur.WriteRune(r)
	}
	flush(len(text))
	return segs
}

// emitter turns segments into tokens.
type emitter struct {
	text string
	segs []segment
	mode analysisMode
	i    int
	pos  int
	out  []token
}

// add emits a token at the next position.
func (e *emitter) add(term string, start, end int, c runeClass) {
	e.out = append(e.out, token{term: term, start: start, end: end, pos: e.pos, class: c})
	e.pos++
}

// extra emits a token at an already used position.
func (e *emitter) extra(term string, start, end, pos int) {
	e.out = append(e.out, token{term: term, start: start, end: end, pos: pos, class: classDigit})
}

// ideographs emits the run of adjacent ideographs starting at e.i: one
// token per character, or in bigram mode overlapping pairs (a lone
// character stays a single token).
func (e *emitter) ideographs() {
	j := e.i + 1
	for j < len(e.segs) && e.segs[j].class == classIdeograph && e.segs[j].adjacent {
		j++
	}
	run := e.segs[e.i:j]
	e.i = j
	if !e.mode.bigrams || len(run) == 1 {
		for _, s := range run {
			e.add(s.text, s.start, s.end, classIdeograph)
		}
		return
	}
	for k := 0; k+1 < len(run); k++ {
		e.add(run[k].text+run[k+1].text, run[k].start, run[k+1].end, classIdeograph)
	}
}

// number emits the digit run at e.i. Groups separated by single spaces or
// hyphens that together look like a phone number (138 1234 5678,
// 010-8888-6666) also get their joined form; long standalone numbers and
// phone numbers also get their last four digits.
func (e *emitter) number() {
	j, joined := e.phoneGroup()
	if j > e.i {
		e.phone(j, joined)
		return
	}
	s := e.segs[e.i]
	e.i++
	e.add(s.text, s.start, s.end, classDigit)
	n := len(s.text)
	if e.mode.query || n < 7 || n > 13 || !e.standalone(e.i-1) {
		return
	}
	e.extra(s.text[n-suffixDigits:], e.suffixStart(s.end), s.end, e.pos-1)
}

// phoneGroup finds the longest run of digit segments from e.i joined by
// single spaces or hyphens whose digits are phone-shaped. It returns the
// index of the last segment and the joined digits, or e.i when there is
// no such run.
func (e *emitter) phoneGroup() (int, string) {
	best, bestDigits := e.i, ""
	digits := e.segs[e.i].text
	for j := e.i + 1; j < len(e.segs) && j-e.i < 5; j++ {
		s := e.segs[j]
		if s.class != classDigit || !s.joined {
			break
		}
		digits += s.text
		if isPhoneShaped(digits) {
			best, bestDigits = j, digits
		}
	}
	return best, bestDigits
}

// phone emits the groups e.i..last (index mode only), their joined digits
// on the first group's position and the last digits on the last group's.
func (e *emitter) phone(last int, digits string) {
	first, end := e.segs[e.i], e.segs[last].end
	p0 := e.pos
	if e.mode.query {
		e.add(digits, first.start, end, classDigit)
		e.i = last + 1
		return
	}
	for ; e.i <= last; e.i++ {
		e.add(e.segs[e.i].text, e.segs[e.i].start, e.segs[e.i].end, classDigit)
	}
	e.extra(digits, first.start, end, p0)
	suffix := digits[len(digits)-suffixDigits:]
	if e.segs[last].text != suffix {
		e.extra(suffix, e.suffixStart(end), end, e.pos-1)
	}
}

// standalone reports whether digit segment k is not glued to letters, as
// in a credit code or a product code, where its last digits mean nothing.
func (e *emitter) standalone(k int) bool {
	if k > 0 && e.segs[k].adjacent && e.segs[k-1].class == classLetter {
		return false
	}
	next := k + 1
	return next >= len(e.segs) || !e.segs[next].adjacent || e.segs[next].class != classLetter
}

// suffixStart walks back from end over the original text to the byte
// offset where the last suffixDigits digits begin.
func (e *emitter) suffixStart(end int) int {
	seen := 0
	for i := end; i > 0; {
		r, size := utf8.DecodeLastRuneInString(e.text[:i])
		i -= size
		if classify(fold(r)) == classDigit {
			seen++
			if seen == suffixDigits {
				return i
			}
		}
	}
	return 0
}
