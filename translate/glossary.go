package translate

import (
	"sort"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"

	"newsbridge/model"
)

// glossaryMatcher finds glossary terms in text, ignoring case and diacritics
// ("Nguyễn Phú Trọng" matches the term "Nguyen Phu Trong") and matching whole
// words only.
type glossaryMatcher struct {
	// byFirst maps a term's first folded word to its entries, longest first.
	byFirst map[string][]glossEntry
	terms   []model.GlossaryTerm
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
			words = append(words, w.folded)
		}
		if len(words) == 0 {
			continue
		}
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
	var out []termMatch
	for i := 0; i < len(words); i++ {
		cands := g.byFirst[words[i].folded]
		for _, c := range cands {
			if i+len(c.words) > len(words) {
				continue
			}
			ok := true
			for k := 1; k < len(c.words) && ok; k++ {
				w := words[i+k]
				// words of a term are separated by spaces or hyphens only
				sep := s[words[i+k-1].end:w.start]
				ok = w.folded == c.words[k] && strings.Trim(sep, " \u00a0-") == ""
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
	folded     string
}

// tokenizeWords splits s into words (letters, digits and combining marks)
// with their byte offsets and folded form.
func tokenizeWords(s string) []word {
	var out []word
	start := -1
	for i, r := range s {
		if isWordRune(r) {
			if start < 0 {
				start = i
			}
			continue
		}
		if start >= 0 {
			out = append(out, word{start, i, fold(s[start:i])})
			start = -1
		}
	}
	if start >= 0 {
		out = append(out, word{start, len(s), fold(s[start:])})
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
	d := norm.NFD.String(s)
	var b strings.Builder
	b.Grow(len(d))
	for _, r := range d {
		if unicode.Is(unicode.Mn, r) {
			continue
		}
		switch r {
		case 'đ', 'Đ':
			r = 'd'
		case 'ø', 'Ø':
			r = 'o'
		case 'ł', 'Ł':
			r = 'l'
		}
		b.WriteRune(unicode.ToLower(r))
	}
	return b.String()
}
