package customer

import "strings"

// creditAlphabet is the character set of the unified social credit code
// (统一社会信用代码, GB 32100-2015): digits and the capital letters other
// than I, O, S, V and Z. A character's value is its index here.
const creditAlphabet = "0123456789ABCDEFGHJKLMNPQRTUWXY"

// creditWeights are the weights of the first 17 characters (3^i mod 31).
var creditWeights = [17]int{1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28}

// NormalizeCreditCode trims, upper-cases and turns full-width characters
// into half-width ones, the form codes are stored and matched in.
func NormalizeCreditCode(s string) string {
	return strings.ToUpper(halfWidth(strings.TrimSpace(s)))
}

// ValidCreditCode reports whether code (normalised) is 18 characters of the
// code's alphabet whose last character is the GB 32100-2015 check
// character of the first 17.
func ValidCreditCode(code string) bool {
	if len(code) != 18 {
		return false
	}
	sum := 0
	for i := 0; i < 17; i++ {
		v := strings.IndexByte(creditAlphabet, code[i])
		if v < 0 {
			return false
		}
		sum += v * creditWeights[i]
	}
	return code[17] == creditCheck(sum)
}

// creditCheck is the check character for a weighted sum.
func creditCheck(sum int) byte {
	c := 31 - sum%31
	if c == 31 {
		c = 0
	}
	return creditAlphabet[c]
}

// CompleteCreditCode appends the check character to 17 valid characters;
// the demo data uses it to make believable codes.
func CompleteCreditCode(first17 string) string {
	sum := 0
	for i := 0; i < 17; i++ {
		sum += strings.IndexByte(creditAlphabet, first17[i]) * creditWeights[i]
	}
	return first17 + string(creditCheck(sum))
}

// halfWidth maps full-width ASCII (Ｕ, ０-９, －, ＋, space) to half-width.
func halfWidth(s string) string {
	return strings.Map(func(r rune) rune {
		switch {
		case r >= '！' && r <= '～':
			return r - '！' + '!'
		case r == '　':
			return ' '
		}
		return r
	}, s)
}
