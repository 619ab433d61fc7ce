package search

import (
	"fmt"
	"sync/atomic"

	"github.com/blevesearch/bleve/v2/analysis"
	"github.com/blevesearch/bleve/v2/registry"
)

// Names under which the analysis is registered with Bleve. The index
// mapping refers to them by name, so renaming one means bumping
// MappingVersion.
const (
	unigramAnalyzer = "frontline_unigram"
	bigramAnalyzer  = "frontline_bigram"
)

// analysisPanics counts panics caught inside the tokenizer. Bleve runs
// analysis on its own goroutines, where a panic would end the process; the
// tokenizer swallows it, and Index.Apply turns a changed count into "needs
// rebuild".
var analysisPanics atomic.Uint64

func init() {
	register(unigramAnalyzer, analysisMode{})
	register(bigramAnalyzer, analysisMode{bigrams: true})
}

// register adds a tokenizer and an analyzer of the same name. The analyzer
// is the tokenizer alone: folding and lower-casing happen while scanning,
// so token offsets stay those of the original text.
func register(name string, mode analysisMode) {
	tok := tokenizer{mode: mode}
	err := registry.RegisterTokenizer(name,
		func(map[string]interface{}, *registry.Cache) (analysis.Tokenizer, error) {
			return tok, nil
		})
	if err != nil {
		panic(fmt.Sprintf("search: register tokenizer %s: %v", name, err))
	}
	err = registry.RegisterAnalyzer(name,
		func(map[string]interface{}, *registry.Cache) (analysis.Analyzer, error) {
			return &analysis.DefaultAnalyzer{Tokenizer: tok}, nil
		})
	if err != nil {
		panic(fmt.Sprintf("search: register analyzer %s: %v", name, err))
	}
}

// tokenizer adapts analyze to Bleve's Tokenizer interface.
type tokenizer struct {
	mode analysisMode
}

// Tokenize implements analysis.Tokenizer. A panic yields no tokens and is
// counted in analysisPanics instead of crashing the process.
func (t tokenizer) Tokenize(input []byte) (stream analysis.TokenStream) {
	defer func() {
		if r := recover(); r != nil {
			analysisPanics.Add(1)
			stream = nil
		}
	}()
	toks := analyze(string(input), t.mode)
	stream = make(analysis.TokenStream, len(toks))
	for i, tk := range toks {
		stream[i] = &analysis.Token{
			Term:     []byte(tk.term),
			Start:    tk.start,
			End:      tk.end,
			Position: tk.pos,
			Type:     tokenType(tk.class),
		}
	}
	return stream
}

func tokenType(c runeClass) analysis.TokenType {
	switch c {
	case classIdeograph:
		return analysis.Ideographic
	case classDigit:
		return analysis.Numeric
	}
	return analysis.AlphaNumeric
}
