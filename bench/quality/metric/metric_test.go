package metric

import (
	"math"
	"strings"
	"testing"
)

func near(a, b float64) bool { return math.Abs(a-b) < 0.005 }

func TestChrF(t *testing.T) {
	tests := []struct {
		hyp, ref string
		want     float64
	}{
		{"the cat sat on the mat", "the cat sat on the mat", 100},
		{"abc", "xyz", 0},
		// unigrams: 1 of 2 match (F=0.5); bigrams: none; longer: none in
		// either → 2 effective orders: (0.5 + 0) / 2
		{"ab", "ac", 25},
		// unigrams 2/3 (F=2/3), bigrams ab of {ab,bc}/{ab,bd} (F=1/2),
		// trigrams none: (2/3 + 1/2 + 0) / 3
		{"abc", "abd", 100 * (2.0/3 + 0.5) / 3},
		// whitespace is ignored
		{"a b c", "abc", 100},
		// precision 1, recall 1/2 at unigrams (hyp "a", ref "ab"):
		// F2 = 5·1·0.5/(4·1+0.5) = 5/9; bigrams: hyp has none, ref one →
		// not effective; so chrF = 100·(5/9)/1
		{"a", "ab", 100 * 5.0 / 9},
	}
	for _, tc := range tests {
		if got := SentenceChrF(tc.hyp, tc.ref); !near(got, tc.want) {
			t.Errorf("chrF(%q, %q) = %.4f, want %.4f", tc.hyp, tc.ref, got, tc.want)
		}
	}
	// corpus statistics are summed, not averaged per sentence
	var c ChrF
	c.Add("ab", "ac")
	c.Add("ab", "ab")
	// unigrams: hyp 4, ref 4, match 3 → 0.75; bigrams: hyp 2, ref 2,
	// match 1 → 0.5
	if got := c.Score(); !near(got, 100*(0.75+0.5)/2) {
		t.Errorf("corpus chrF = %.4f", got)
	}
}

func TestBLEU(t *testing.T) {
	var b BLEU
	b.Add("the cat sat on the mat .", "the cat sat on the mat .")
	if got := b.Score(); !near(got, 100) {
		t.Errorf("identical: %.4f", got)
	}
	// precisions 3/4, 2/3, 1/2 and, smoothed, 1/(2·1): geometric mean
	b = BLEU{}
	b.Add("a b c d", "a b c e")
	want := 100 * math.Pow(0.75*(2.0/3)*0.5*0.5, 0.25)
	if got := b.Score(); !near(got, want) {
		t.Errorf("a b c d: %.4f, want %.4f", got, want)
	}
	// brevity penalty: 4 of 8 reference words, all matching
	b = BLEU{}
	b.Add("a b c d", "a b c d e f g h")
	want = 100 * math.Exp(1-8.0/4)
	if got := b.Score(); !near(got, want) {
		t.Errorf("short: %.4f, want %.4f", got, want)
	}
	b = BLEU{}
	b.Add("x y z w", "a b c d")
	if got := b.Score(); got != 0 {
		t.Errorf("disjoint: %.4f", got)
	}
}

func TestTokenize13a(t *testing.T) {
	tests := []struct{ in, want string }{
		{"Hello, world.", "Hello , world ."},
		{"It cost 1,500.50 dollars (or 3-4 euros)!", "It cost 1,500.50 dollars ( or 3 - 4 euros ) !"},
		{"l'home \"va\" a casa", "l'home \" va \" a casa"}, // ' is not split
		{"well-known", "well-known"},
	}
	for _, tc := range tests {
		if got := strings.Join(Tokenize13a(tc.in), " "); got != tc.want {
			t.Errorf("Tokenize13a(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}
