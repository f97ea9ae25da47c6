package translate

import (
	"slices"
	"sort"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"

	"newsbridge/model"
	"newsbridge/translate/engine"
)

// glossaryMatcher finds glossary terms in text, ignoring case and diacritics
// ("Nguyễn Phú Trọng" matches the term "Nguyen Phu Trong"), matching whole
// words only, and each word in its inflected forms too (inflect.go).
type glossaryMatcher struct {
	// byFirst maps a form of a term's first folded word to its entries,
	// longest first.
	byFirst map[string][]glossEntry
	terms   []model.GlossaryTerm
	// first holds the first byte of every first word, folded, and the
	// length bounds: most words of a text are ruled out without folding.
	first          [256]bool
	minLen, maxLen int
	lang           string // the text's language
}

type glossEntry struct {
	// words holds each word's forms: the word itself folded first, then
	// its inflections in lower case, diacritics kept (folded, "fått"
	// would match "fattet", "anunció" "anuncios").
	words [][]string
	term  *model.GlossaryTerm
}

type termMatch struct {
	start, end int
	term       *model.GlossaryTerm
	// inflected is set when a word matched in an inflected form; suffix is
	// then the ending the last such word has beyond the term's word.
	inflected bool
	suffix    string
}

// newGlossaryMatcher returns a matcher of terms in text of language lang
// (whose endings make the inflected forms), or nil if there are none.
func newGlossaryMatcher(terms []model.GlossaryTerm, lang string) *glossaryMatcher {
	if len(terms) == 0 {
		return nil
	}
	g := &glossaryMatcher{byFirst: make(map[string][]glossEntry), terms: terms, lang: lang}
	for i := range terms {
		t := &terms[i]
		var words [][]string
		for _, w := range tokenizeWords(t.Term) {
			x := t.Term[w.start:w.end]
			words = append(words, append([]string{fold(x)}, inflections(strings.ToLower(x), lang)...))
		}
		if len(words) == 0 {
			continue
		}
		for k, f := range words[0] {
			if k > 0 {
				f = fold(f)
			}
			g.first[f[0]] = true
			// the source may spell the word with more bytes (diacritics) or
			// fewer (a folded ß): keep the bounds loose
			n := len(f)
			if g.minLen == 0 || n/2 < g.minLen {
				g.minLen = max(n/2, 1)
			}
			g.maxLen = max(g.maxLen, 3*n)
			g.byFirst[f] = append(g.byFirst[f], glossEntry{words: words, term: t})
		}
	}
	for k, es := range g.byFirst {
		sort.SliceStable(es, func(i, j int) bool { return len(es[i].words) > len(es[j].words) })
		g.byFirst[k] = es
	}
	return g
}

// splitTerms returns a matcher of the terms that are protected (exact and
// do-not-translate) and one of the forbidden ones.
func splitTerms(terms []model.GlossaryTerm, lang string) (protect, forbid *glossaryMatcher) {
	var p, f []model.GlossaryTerm
	for _, t := range terms {
		if t.TermMode() == model.ModeForbidden {
			f = append(f, t)
		} else {
			p = append(p, t)
		}
	}
	return newGlossaryMatcher(p, lang), newGlossaryMatcher(f, lang)
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
	// a form of a term word: the word folded, or an inflection as it is
	form := func(i int, forms []string) (ok, inflected bool) {
		if fw(i) == forms[0] {
			return true, false
		}
		if len(forms) == 1 {
			return false, false
		}
		return slices.Contains(forms[1:], strings.ToLower(s[words[i].start:words[i].end])), true
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
			m := termMatch{term: c.term}
			ok := true
			for k := 0; k < len(c.words) && ok; k++ {
				if k > 0 {
					// words of a term are separated by spaces or hyphens only
					sep := s[words[i+k-1].end:words[i+k].start]
					if strings.Trim(sep, " \u00a0-") != "" {
						ok = false
						break
					}
				}
				var infl bool
				ok, infl = form(i+k, c.words[k])
				if ok && infl {
					m.inflected = true
					f := fw(i + k)
					if strings.HasPrefix(f, c.words[k][0]) {
						m.suffix = f[len(c.words[k][0]):]
					} else {
						m.suffix = ""
					}
				}
			}
			if ok {
				last := words[i+len(c.words)-1]
				m.start, m.end = words[i].start, last.end
				out = append(out, m)
				i += len(c.words) - 1
				break
			}
		}
	}
	return out
}

// renderTerm is how a term found as surface is written in lang: as the
// source writes it for a do-not-translate term or a language the glossary
// does not list, else as its rendering, in the plural when the source has
// it so (or with the same ending between Nordic languages).
func renderTerm(m termMatch, from, lang, surface string) string {
	t := m.term
	if t.TermMode() == model.ModeKeep {
		return surface
	}
	r, ok := t.Renderings[lang]
	if !ok || r == "" {
		r = t.Renderings[model.BaseLang(lang)]
	}
	if r == "" {
		return surface
	}
	if !m.inflected {
		return r
	}
	if nordic(from) && nordic(lang) && m.suffix != "" {
		return r + m.suffix
	}
	return pluralize(r, lang)
}

func nordic(lang string) bool {
	switch langKey(lang) {
	case "nb", "nn", "no", "da", "sv":
		return true
	}
	return false
}

// forbiddenUsed returns the forbidden renderings into lang of the terms in
// source that target uses (whole words, case and diacritics ignored, in
// the plural too), each once.
func forbiddenUsed(g *glossaryMatcher, source, target, lang string) []string {
	if g == nil {
		return nil
	}
	var out []string
	for _, m := range g.find(source) {
		r, ok := m.term.Renderings[lang]
		if !ok || r == "" {
			r = m.term.Renderings[model.BaseLang(lang)]
		}
		if r == "" || contains(out, r) {
			continue
		}
		rg := newGlossaryMatcher([]model.GlossaryTerm{{Term: r}}, lang)
		if len(rg.find(target)) > 0 {
			out = append(out, r)
		}
	}
	return out
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
	latin := latinFold()
	for _, r := range s {
		if r < 0x250 { // Latin: a table, no decomposition needed
			b.WriteString(latin[r])
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

// latinFold holds the folded form of every rune below U+0250, made at
// first use.
var latinFold = sync.OnceValue(func() *[0x250]string {
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
	return &t
})

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

// TermMatch is a glossary term found in text: its byte range and whether
// it was found in an inflected form.
type TermMatch struct {
	Start, End int
	Term       *model.GlossaryTerm
	Inflected  bool
}

// FindTerms returns the terms found in text of language lang as the
// translator finds them (whole words, case and diacritics ignored,
// inflected forms too), left to right, not overlapping.
func FindTerms(terms []model.GlossaryTerm, lang, text string) []TermMatch {
	var out []TermMatch
	for _, m := range newGlossaryMatcher(terms, lang).find(text) {
		out = append(out, TermMatch{Start: m.start, End: m.end, Term: m.term, Inflected: m.inflected})
	}
	return out
}
