// Package metric computes the machine translation metrics the quality
// benchmark reports, as sacrebleu computes them by default: chrF (character
// n-grams up to 6, no word n-grams, beta 2) and BLEU (4-grams, 13a
// tokenisation, brevity penalty, exponential smoothing). Both are corpus
// metrics: statistics are summed over sentences, then scored once.
package metric

import (
	"math"
	"regexp"
	"strings"
	"unicode"
)

// ChrFOrder and ChrFBeta are sacrebleu's chrF defaults.
const (
	ChrFOrder = 6
	ChrFBeta  = 2
)

// ChrF accumulates chrF statistics over sentences: for each character
// n-gram order, the hypothesis n-grams, the reference n-grams and their
// (clipped) matches.
type ChrF struct {
	stats [ChrFOrder][3]float64
}

// Add adds one sentence pair.
func (c *ChrF) Add(hyp, ref string) {
	h, r := charNgrams(hyp), charNgrams(ref)
	for n := 0; n < ChrFOrder; n++ {
		c.stats[n][0] += float64(total(h[n]))
		c.stats[n][1] += float64(total(r[n]))
		c.stats[n][2] += float64(matches(h[n], r[n]))
	}
}

// Score returns chrF (0–100) of what was added.
func (c *ChrF) Score() float64 {
	const eps = 1e-16
	factor := float64(ChrFBeta * ChrFBeta)
	score, effective := 0.0, 0
	for _, s := range c.stats {
		nHyp, nRef, nMatch := s[0], s[1], s[2]
		prec, rec := eps, eps
		if nHyp > 0 {
			prec = nMatch / nHyp
		}
		if nRef > 0 {
			rec = nMatch / nRef
		}
		if d := factor*prec + rec; d > 0 {
			score += (1 + factor) * prec * rec / d
		} else {
			score += eps
		}
		if nHyp > 0 && nRef > 0 {
			effective++
		}
	}
	if effective == 0 {
		return 0
	}
	return 100 * score / float64(effective)
}

// SentenceChrF returns chrF of one sentence pair.
func SentenceChrF(hyp, ref string) float64 {
	var c ChrF
	c.Add(hyp, ref)
	return c.Score()
}

// charNgrams returns the character n-grams of s, whitespace removed, per
// order (index 0: unigrams).
func charNgrams(s string) [ChrFOrder]map[string]int {
	rs := []rune(strings.Join(strings.Fields(s), ""))
	var out [ChrFOrder]map[string]int
	for n := 1; n <= ChrFOrder; n++ {
		m := make(map[string]int)
		for i := 0; i+n <= len(rs); i++ {
			m[string(rs[i:i+n])]++
		}
		out[n-1] = m
	}
	return out
}

func total(m map[string]int) int {
	n := 0
	for _, c := range m {
		n += c
	}
	return n
}

func matches(h, r map[string]int) int {
	n := 0
	for g, c := range h {
		n += min(c, r[g])
	}
	return n
}

// BLEUOrder is the longest n-gram BLEU counts.
const BLEUOrder = 4

// BLEU accumulates corpus BLEU statistics: hypothesis and reference
// lengths, and per order the clipped matches and the hypothesis n-grams.
type BLEU struct {
	hypLen, refLen float64
	match, count   [BLEUOrder]float64
}

// Add adds one sentence pair, tokenised as sacrebleu's 13a tokeniser does.
func (b *BLEU) Add(hyp, ref string) {
	h, r := Tokenize13a(hyp), Tokenize13a(ref)
	b.hypLen += float64(len(h))
	b.refLen += float64(len(r))
	for n := 1; n <= BLEUOrder; n++ {
		hg, rg := wordNgrams(h, n), wordNgrams(r, n)
		b.count[n-1] += float64(total(hg))
		b.match[n-1] += float64(matches(hg, rg))
	}
}

// Score returns BLEU (0–100) of what was added, with sacrebleu's default
// "exp" smoothing of orders without a match.
func (b *BLEU) Score() float64 {
	if b.hypLen == 0 {
		return 0
	}
	if b.match == [BLEUOrder]float64{} {
		return 0 // no match at all: sacrebleu stops early too
	}
	logSum := 0.0
	smooth := 1.0
	for n := 0; n < BLEUOrder; n++ {
		if b.count[n] == 0 {
			return 0
		}
		p := b.match[n] / b.count[n]
		if b.match[n] == 0 {
			smooth *= 2
			p = 1 / (smooth * b.count[n])
		}
		logSum += math.Log(p)
	}
	bp := 1.0
	if b.hypLen < b.refLen {
		bp = math.Exp(1 - b.refLen/b.hypLen)
	}
	return 100 * bp * math.Exp(logSum/BLEUOrder)
}

func wordNgrams(ws []string, n int) map[string]int {
	m := make(map[string]int)
	for i := 0; i+n <= len(ws); i++ {
		m[strings.Join(ws[i:i+n], " ")]++
	}
	return m
}

var tok13a = []struct {
	re   *regexp.Regexp
	repl string
}{
	{regexp.MustCompile(`([\{-\~\[-\x60 -\&\(-\+\:-\@\/])`), " $1 "},
	{regexp.MustCompile(`([^0-9])([\.,])`), "$1 $2 "},
	{regexp.MustCompile(`([\.,])([^0-9])`), " $1 $2"},
	{regexp.MustCompile(`([0-9])(-)`), "$1 $2 "},
}

// Tokenize13a splits s into tokens as mteval-v13a (sacrebleu's default
// BLEU tokeniser) does: punctuation apart, except periods and commas
// inside numbers.
func Tokenize13a(s string) []string {
	s = strings.ReplaceAll(s, "<skipped>", "")
	s = strings.ReplaceAll(s, "-\n", "")
	s = strings.ReplaceAll(s, "\n", " ")
	if strings.Contains(s, "&") {
		s = strings.NewReplacer("&quot;", `"`, "&amp;", "&", "&lt;", "<", "&gt;", ">").Replace(s)
	}
	s = " " + s + " "
	for _, r := range tok13a {
		s = r.re.ReplaceAllString(s, r.repl)
	}
	return strings.FieldsFunc(s, unicode.IsSpace)
}
