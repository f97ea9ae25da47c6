package translate

import (
	"sort"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"

	"newsbridge/model"
	"newsbridge/translate/engine"
)

// glossaryMatcher finds glossary terms in text, ignoring case and diacritics
// ("Nguyễn Phú Trọng" matches the term "Nguyen Phu Trong") and matching whole
// words only.
type glossaryMatcher struct {
	// byFirst maps a term's first folded word to its entries, longest first.
	byFirst map[string][]glossEntry
	terms   []model.GlossaryTerm
	// first holds the first byte of every first word, folded, and the
	// length bounds: most words of a text are ruled out without folding.
	first          [256]bool
	minLen, maxLen int
}

type glossEntry struct {
	words []string
	term  *model.GlossaryTerm
}

type termMatch struct {
	start, end int
	term       *model.GlossaryTerm
}

func newGlossaryMatcher(terms []model.GlossaryTerm) *glossaryMatcher {
	if len(terms) == 0 {
		return nil
	}
	g := &glossaryMatcher{byFirst: make(map[string][]glossEntry), terms: terms}
	for i := range terms {
		t := &terms[i]
		var words []string
		for _, w := range tokenizeWords(t.Term) {
			words = append(words, fold(t.Term[w.start:w.end]))
		}
		if len(words) == 0 {
			continue
		}
		g.first[words[0][0]] = true
		// the source may spell the word with more bytes (diacritics) or
		// fewer (a folded ß): keep the bounds loose
		n := len(words[0])
		if g.minLen == 0 || n/2 < g.minLen {
			g.minLen = max(n/2, 1)
		}
		g.maxLen = max(g.maxLen, 3*n)
		g.byFirst[words[0]] = append(g.byFirst[words[0]], glossEntry{words: words, term: t})
	}
	for k, es := range g.byFirst {
		sort.SliceStable(es, func(i, j int) bool { return len(es[i].words) > len(es[j].words) })
		g.byFirst[k] = es
	}
	return g
}

// find returns the non-overlapping terms in s, left to right, the longest
// term winning where two start at the same word.
func (g *glossaryMatcher) find(s string) []termMatch {
	if g == nil || len(s) == 0 {
		return nil
	}
	words := tokenizeWords(s)
	folded := make([]string, len(words))
	fw := func(i int) string {
		if folded[i] == "" {
			folded[i] = fold(s[words[i].start:words[i].end])
		}
		return folded[i]
	}
	var out []termMatch
	for i := 0; i < len(words); i++ {
		w := s[words[i].start:words[i].end]
		if c := w[0]; len(w) < g.minLen || len(w) > g.maxLen || c < utf8.RuneSelf && !g.first[lowerASCII(c)] {
			continue
		}
		cands := g.byFirst[fw(i)]
		for _, c := range cands {
			if i+len(c.words) > len(words) {
				continue
			}
			ok := true
			for k := 1; k < len(c.words) && ok; k++ {
				w := words[i+k]
				// words of a term are separated by spaces or hyphens only
				sep := s[words[i+k-1].end:w.start]
				ok = strings.Trim(sep, " \u00a0-") == "" && fw(i+k) == c.words[k]
			}
			if ok {
				last := words[i+len(c.words)-1]
				out = append(out, termMatch{start: words[i].start, end: last.end, term: c.term})
				i += len(c.words) - 1
				break
			}
		}
	}
	return out
}

// render is the term's one spelling in lang; a language the glossary does
// not list keeps the term as the source wrote it.
func renderTerm(t *model.GlossaryTerm, lang, surface string) string {
	if r, ok := t.Renderings[lang]; ok && r != "" {
		return r
	}
	if r, ok := t.Renderings[model.BaseLang(lang)]; ok && r != "" {
		return r
	}
	return surface
}

type word struct {
	start, end int
}

func lowerASCII(c byte) byte {
	if c >= 'A' && c <= 'Z' {
		return c + 'a' - 'A'
	}
	return c
}

// tokenizeWords splits s into words (letters, digits and combining marks)
// and returns their byte offsets.
func tokenizeWords(s string) []word {
	// sized once for text of average words (about 6 bytes with the space
	// after): growing from nil was the largest allocator on the memory path
	out := make([]word, 0, len(s)/5+1)
	start := -1
	for i, r := range s {
		if engine.IsWordRune(r) {
			if start < 0 {
				start = i
			}
			continue
		}
		if start >= 0 {
			out = append(out, word{start, i})
			start = -1
		}
	}
	if start >= 0 {
		out = append(out, word{start, len(s)})
	}
	return out
}

// fold lower-cases s and removes its diacritics.
func fold(s string) string {
	ascii := true
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			ascii = false
			break
		}
	}
	if ascii {
		return strings.ToLower(s)
	}
	var b strings.Builder
	b.Grow(len(s))
	for _, r := range s {
		if r < 0x250 { // Latin: a table, no decomposition needed
			b.WriteString(latinFold[r])
			continue
		}
		for _, d := range norm.NFD.String(string(r)) {
			if unicode.Is(unicode.Mn, d) {
				continue
			}
			b.WriteRune(foldRune(d))
		}
	}
	return b.String()
}

// latinFold holds the folded form of every rune below U+0250.
var latinFold = func() [0x250]string {
	var t [0x250]string
	for r := rune(0); r < 0x250; r++ {
		var b strings.Builder
		for _, d := range norm.NFD.String(string(r)) {
			if unicode.Is(unicode.Mn, d) {
				continue
			}
			b.WriteRune(foldRune(d))
		}
		t[r] = b.String()
	}
	return t
}()

func foldRune(r rune) rune {
	switch r {
	case 'đ', 'Đ':
		return 'd'
	case 'ø', 'Ø':
		return 'o'
	case 'ł', 'Ł':
		return 'l'
	}
	return unicode.ToLower(r)
}
