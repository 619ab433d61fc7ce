package search

import "unicode"

// runeClass says how the tokenizer treats one (already folded) rune.
type runeClass uint8

const (
	classSeparator runeClass = iota // ends a token: spaces, punctuation, symbols
	classIdeograph                  // Han, kana, hangul: one token per character
	classLetter                     // Latin and other alphabetic scripts: words
	classDigit                      // decimal digits: numbers
)

// fold maps full-width ASCII variants to their ASCII forms, the ideographic
// space to a space, and letters to lower case, so that ＳＫＵ－１２３４ and
// sku-1234 analyse to the same tokens.
func fold(r rune) rune {
	switch {
	case r >= 0xFF01 && r <= 0xFF5E: // full-width ! through ~
		r -= 0xFEE0
	case r == 0x3000: // ideographic space
		r = ' '
	}
	return unicode.ToLower(r)
}

// classify returns the class of a folded rune.
func classify(r rune) runeClass {
	switch {
	case r < 0x80:
		return classifyASCII(r)
	case isIdeograph(r):
		return classIdeograph
	case unicode.IsDigit(r):
		return classDigit
	case unicode.IsLetter(r), unicode.Is(unicode.Mn, r):
		return classLetter
	}
	return classSeparator
}

func classifyASCII(r rune) runeClass {
	switch {
	case r >= '0' && r <= '9':
		return classDigit
	case r >= 'a' && r <= 'z', r >= 'A' && r <= 'Z':
		return classLetter
	}
	return classSeparator
}

// isIdeograph reports whether r is written without spaces between words,
// so that every character has to be a token of its own.
func isIdeograph(r rune) bool {
	return unicode.Is(unicode.Han, r) ||
		unicode.Is(unicode.Hiragana, r) ||
		unicode.Is(unicode.Katakana, r) ||
		unicode.Is(unicode.Hangul, r)
}

// isPhoneShaped reports whether a digit string looks like a Chinese phone
// number: an 11-digit mobile number starting with 1, or a 10- to 12-digit
// landline number with its area code starting with 0.
func isPhoneShaped(digits string) bool {
	n := len(digits)
	switch {
	case n == 11 && digits[0] == '1':
		return true
	case n >= 10 && n <= 12 && digits[0] == '0':
		return true
	}
	return false
}
