// Package shingle scores extracted text against the expected text with
// 4-word shingles, the measure newsbridge's extraction benchmark reports:
// tokens are runs of Unicode letters, digits and underscores (`\w+`), case
// kept; precision and recall are those of the output's set of 4-token
// shingles against the truth's.
package shingle

import (
	"strings"
	"unicode"
)

// N is the shingle length in tokens.
const N = 4

// Tokens splits s into \w+ runs.
func Tokens(s string) []string {
	return strings.FieldsFunc(s, func(r rune) bool {
		return !(unicode.IsLetter(r) || unicode.IsDigit(r) || r == '_' || unicode.Is(unicode.Mn, r) || unicode.Is(unicode.Mc, r))
	})
}

// Set returns the set of n-token shingles of s; a text shorter than N tokens
// is one shingle.
func Set(s string) map[string]struct{} {
	toks := Tokens(s)
	set := make(map[string]struct{}, len(toks))
	if len(toks) == 0 {
		return set
	}
	if len(toks) < N {
		set[strings.Join(toks, " ")] = struct{}{}
		return set
	}
	for i := 0; i+N <= len(toks); i++ {
		set[strings.Join(toks[i:i+N], " ")] = struct{}{}
	}
	return set
}

// Score returns the precision and recall of got against want. An empty
// output scores precision 1 only when the truth is empty too.
func Score(got, want string) (precision, recall float64) {
	g, w := Set(got), Set(want)
	if len(g) == 0 && len(w) == 0 {
		return 1, 1
	}
	common := 0
	for s := range g {
		if _, ok := w[s]; ok {
			common++
		}
	}
	if len(g) > 0 {
		precision = float64(common) / float64(len(g))
	}
	if len(w) > 0 {
		recall = float64(common) / float64(len(w))
	}
	return precision, recall
}

// F1 is the harmonic mean of a precision and a recall.
func F1(precision, recall float64) float64 {
	if precision+recall == 0 {
		return 0
	}
	return 2 * precision * recall / (precision + recall)
}
