package translate

import (
	"fmt"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"

	"newsbridge/model"
	"newsbridge/translate/engine/placeholder"
)

// Flag kinds (model.Flag.Kind).
const (
	FlagNumbers      = "numbers"
	FlagProtected    = "protected_missing"
	FlagUntranslated = "untranslated"
	FlagRepeated     = "repeated"
	FlagLengthRatio  = "length_ratio"
	FlagUnknownWord  = "unknown_word"
	FlagGlossary     = "glossary"
	// FlagNameSpelling: a name written two ways in one article.
	FlagNameSpelling = "name_spelling"
	// FlagBrackets: brackets or quotes left open (or closed twice) where
	// the source's are balanced.
	FlagBrackets = "brackets"
	// FlagURL: a URL of the source not in the translation as it is.
	FlagURL = "url"
	// FlagPunctuation: the sentence ends as a question or an exclamation
	// on one side only.
	FlagPunctuation = "end_punctuation"
)

// Ratio bounds the length of a translation relative to its source (in
// characters) for a pair; a segment outside it is flagged.
type Ratio struct{ Min, Max float64 }

// DefaultRatio is used for pairs without their own norm. Closely related
// languages (es>ca, nb>nn) stay within a few percent; the bounds are wide so
// that only a truncated or runaway output is flagged.
var DefaultRatio = Ratio{Min: 0.5, Max: 2.0}

// minRatioRunes: shorter sources vary too much in length to judge.
const minRatioRunes = 40

type issue struct {
	kind, msg string
}

// reUnknown finds Apertium's marks: *word (unknown to the analyser), @word
// (no bilingual entry), #word (no generated form). Source text never reaches
// the engine with such marks: protect turns #hashtags, @handles and footnote
// stars into placeholders.
//
// ⟦ is excluded before a mark: ⟦#n⟧ and ⟦@n⟧ are placeholders, not marks.
//
// A word does not end with a hyphen or a middle dot: in "*CC-NC-*BY" and
// "*Col·*lectiu" (Apertium's analysis of an unknown "Col·lectiu") the
// second mark follows the first word's hyphen or dot, and is stripped too.
var reUnknown = sync.OnceValue(func() *regexp.Regexp {
	return regexp.MustCompile(`(^|[^\p{L}\p{N}_*#@` + placeholder.Open + `])[*#@]+([\p{L}\p{N}](?:[\p{L}\p{M}\p{N}'’_]|[-·][\p{L}\p{N}])*)`)
})

// stripUnknown removes Apertium's unknown-word marks from engine output so
// readers never see them, and returns the words that carried one.
func stripUnknown(s string) (string, []string) {
	if !strings.ContainsAny(s, "*#@") {
		return s, nil
	}
	// One pass: the submatch indexes give both the word and what to keep,
	// where ReplaceAllStringFunc would match every mark twice.
	ms := reUnknown().FindAllStringSubmatchIndex(s, -1)
	if len(ms) == 0 {
		return s, nil
	}
	words := make([]string, 0, len(ms))
	var b strings.Builder
	b.Grow(len(s))
	last := 0
	for _, m := range ms {
		b.WriteString(s[last:m[0]])
		b.WriteString(s[m[2]:m[3]]) // the character before the mark
		b.WriteString(s[m[4]:m[5]]) // the word
		words = append(words, s[m[4]:m[5]])
		last = m[1]
	}
	b.WriteString(s[last:])
	return b.String(), words
}

// checkSegment runs the quality checks on one translated sentence. source
// and target are plain text (markup removed, spans restored).
// lex, when not nil, gives the untranslated check the languages'
// dictionaries.
func checkSegment(lex Lexicon, from, to, source, target string, spans []Span, probs []restoreProblem, unknown []string, ratio Ratio) []issue {
	var out []issue
	for _, p := range probs {
		switch p.kind {
		case "missing":
			out = append(out, issue{FlagProtected, fmt.Sprintf("%s %q lost by the engine; appended at the end", p.span.Kind, p.span.Out)})
		case "duplicated":
			out = append(out, issue{FlagProtected, fmt.Sprintf("%s %q duplicated by the engine; kept once", p.span.Kind, p.span.Out)})
		case "unknown":
			out = append(out, issue{FlagProtected, fmt.Sprintf("engine invented placeholder %q; removed", p.span.Source)})
		case "tags":
			out = append(out, issue{FlagProtected, "engine broke the inline markup; markup dropped"})
		}
	}
	if a, b := numberValues(source), numberValues(target); len(a) > 0 || len(b) > 0 {
		// a number of one side written in words on the other ("30" and
		// "trenta"), or in Roman numerals in the source, is kept
		missA, missB := minus(a, b), minus(b, a)
		missA = minus(missA, numberWordValues(to, target))
		// an English ordinal the engine writes in Roman numerals ("the
		// 19th century": "el siglo XIX")
		if len(missA) > 0 && strings.ContainsAny(target, "IVXLCDM") {
			missA = minus(missA, intersect(ordinalValues(source), romanNumbers(target)))
		}
		missB = minus(minus(missB, numberWordValues(from, source)), romanNumbers(source))
		if len(missA) > 0 || len(missB) > 0 {
			out = append(out, issue{FlagNumbers, fmt.Sprintf("numbers differ: source %v, translation %v", a, b)})
		}
	}
	// Unknown vocabulary only: a capitalized unknown word is a name (the
	// article's names are protected and never reach the engine; a place
	// it does not know keeps its spelling), and flagging each would bury
	// the real problems in the review queue.
	var vocab []string
	for _, w := range unknown {
		if r, _ := utf8.DecodeRuneInString(w); !unicode.IsUpper(r) && !unicode.IsTitle(r) {
			vocab = appendDistinct(vocab, w)
		}
	}
	if len(vocab) > 0 {
		out = append(out, issue{FlagUnknownWord, "words the engine did not know: " + strings.Join(vocab, ", ")})
	}
	if msg := untranslated(lex, from, to, source, target, spans); msg != "" {
		out = append(out, issue{FlagUntranslated, msg})
	}
	if r := repeats(target); len(r) > 0 {
		src := repeats(source)
		var extra []string
		for _, x := range r {
			if !contains(src, x) {
				extra = append(extra, x)
			}
		}
		if len(extra) > 0 {
			out = append(out, issue{FlagRepeated, "repeated by the engine: " + strings.Join(extra, "; ")})
		}
	}
	if msg := unbalanced(source, target); msg != "" {
		out = append(out, issue{FlagBrackets, msg})
	}
	if lost := minus(urls(source), urls(target)); len(lost) > 0 {
		out = append(out, issue{FlagURL, "URL not kept as it is: " + strings.Join(lost, ", ")})
	}
	if a, b := endClass(source), endClass(target); a != b && (a == "?" || a == "!" || b == "?" || b == "!") {
		out = append(out, issue{FlagPunctuation, fmt.Sprintf("the source ends with %q, the translation with %q", a, b)})
	} else if strings.Count(target, "¿") > strings.Count(target, "?") || strings.Count(target, "¡") > strings.Count(target, "!") {
		out = append(out, issue{FlagPunctuation, "a question or exclamation the translation opens (¿ ¡) and does not close"})
	}
	if n := utf8.RuneCountInString(source); n >= minRatioRunes {
		r := float64(utf8.RuneCountInString(target)) / float64(n)
		if r < ratio.Min || r > ratio.Max {
			out = append(out, issue{FlagLengthRatio, fmt.Sprintf("translation is %.2f× the source's length (norm %.2f–%.2f)", r, ratio.Min, ratio.Max)})
		}
	}
	// glossary: each term's rendering as many times as the term occurs (a
	// forbidden rendering used: forbiddenIssue)
	var want map[string]int
	for _, s := range spans {
		if s.Kind == SpanTerm {
			if want == nil {
				want = map[string]int{}
			}
			want[s.Out]++
		}
	}
	for r, n := range want {
		if strings.Count(target, r) < n {
			out = append(out, issue{FlagGlossary, fmt.Sprintf("glossary term not rendered as %q", r)})
		}
	}
	if len(out) > 1 {
		sort.SliceStable(out, func(i, j int) bool { return out[i].kind < out[j].kind })
	}
	return out
}

// digitRuns returns the runs of digits in s.
func digitRuns(s string) []string {
	var out []string
	start := -1
	for i := 0; i < len(s); i++ {
		d := s[i] >= '0' && s[i] <= '9'
		if d && start < 0 {
			start = i
		} else if !d && start >= 0 {
			out = append(out, s[start:i])
			start = -1
		}
	}
	if start >= 0 {
		out = append(out, s[start:])
	}
	return out
}

// minus returns the items of a not in b, as multisets.
func minus(a, b []string) []string {
	if len(a) == 0 || len(b) == 0 {
		return a
	}
	m := make(map[string]int, len(b))
	for _, x := range b {
		m[x]++
	}
	var out []string
	for _, x := range a {
		if m[x] > 0 {
			m[x]--
		} else {
			out = append(out, x)
		}
	}
	return out
}

func sameMultiset(a, b []string) bool {
	if len(a) != len(b) {
		return false
	}
	m := make(map[string]int, len(a))
	for _, x := range a {
		m[x]++
	}
	for _, x := range b {
		if m[x] == 0 {
			return false
		}
		m[x]--
	}
	return true
}

func contains(xs []string, x string) bool {
	for _, y := range xs {
		if y == x {
			return true
		}
	}
	return false
}

// minUnchangedWords: a shorter sentence may read the same in two close
// languages ("Un club que crece" is Galician too).
const minUnchangedWords = 8

// untranslated reports text still in the source language: the output equals
// the input (minUnchangedWords or more, with a function word of the source
// language only), or it holds more of
// the source language's own function words than of the target's. Protected
// names and terms are left out of the count: "Nuestra Señora del Mar" is a
// name, not Spanish left in the English.
func untranslated(lex Lexicon, from, to, source, target string, spans []Span) string {
	sw, tw := stopwords()[langKey(from)], stopwords()[langKey(to)]
	text := target
	for _, s := range spans {
		if s.Kind == SpanName || s.Kind == SpanTerm {
			text = strings.Replace(text, s.Out, " ", 1)
		}
	}
	words := tokenizeWords(text)
	srcOnly, tgtOnly, lower := 0, 0, 0
	for i, w := range words {
		f := text[w.start:w.end] // the sets hold plain and folded spellings
		if r, _ := utf8.DecodeRuneInString(f); !unicode.IsLower(r) {
			if i > 0 || w.end-w.start > 16 {
				continue // names: not evidence either way
			}
			f = strings.ToLower(f) // "Los vecinos…": the first word is
		} else {
			lower++
		}
		if w.end-w.start > 16 {
			continue // longer than any function word
		}
		if sw[f] && !tw[f] {
			srcOnly++
		}
		if tw[f] && !sw[f] {
			tgtOnly++
		}
	}
	if sw != nil && tw != nil && srcOnly >= 2 && srcOnly > tgtOnly {
		return fmt.Sprintf("still in %s: %d of its function words, %d of %s", from, srcOnly, tgtOnly, to)
	}
	// The same text, exactly (the accent of "jugarà" is the translation),
	// is untranslated if it is long enough to tell, names left out, and
	// holds a function word of the source language only: close languages
	// share short sentences ("El Museo del Albar dedica una gran
	// retrospectiva a la pintora Rosario Gálvez" is Catalan too).
	// A function word of the source language only is evidence enough
	// whatever the length, and so is a word in lower case with a letter
	// the target language never writes ("año" in Catalan).
	// A word the target language's dictionary does not know and the source
	// language's does is evidence too ("kommer", "sikkerheten" in
	// Nynorsk; "después", "entonces" in Catalan).
	if collapseSpace(source) == collapseSpace(target) {
		if lower >= 1 && srcOnly >= 1 || foreignLetters(to, text) {
			return "translation is the source text unchanged"
		}
		if w := sourceOnlyWords(lex, from, to, text); len(w) > 0 {
			return "translation is the source text unchanged: " + strings.Join(w, ", ") + " " + from + " only"
		}
	}
	return ""
}

// A Lexicon tells which word forms a language's dictionary knows (the
// Apertium engine's morphological analysers do). The untranslated check
// takes a word of a translation that the target language does not know
// and the source language does as evidence that the text is still in the
// source language.
type Lexicon interface {
	// KnownWords reports, for each word (lower case), whether the
	// dictionary of lang (a BCP-47 tag) has it as it is written. A
	// compound the dictionary does not list is unknown, on both sides
	// alike ("matindustrien" to Bokmål and Nynorsk). ok is false when it
	// cannot tell (no dictionary for lang, or it failed): the checks then
	// go without. It must answer promptly whatever happens to the
	// dictionary.
	KnownWords(lang string, words []string) (known []bool, ok bool)
}

// maxLexiconAsk bounds the words of one sentence asked of a Lexicon.
const maxLexiconAsk = 64

// sourceOnlyWords returns the words of s in lower case (names left out;
// the first word lowered) that lex says to does not know and from does,
// each once; nil without a lexicon or an answer for both languages.
func sourceOnlyWords(lex Lexicon, from, to, s string) []string {
	if lex == nil || langKey(from) == langKey(to) {
		return nil
	}
	var words []string
	for i, w := range tokenizeWords(s) {
		f := s[w.start:w.end]
		r, _ := utf8.DecodeRuneInString(f)
		if !unicode.IsLower(r) {
			if i > 0 {
				continue // a name: not evidence either way
			}
			f = strings.ToLower(f)
		}
		if utf8.RuneCountInString(f) >= 2 && !contains(words, f) {
			words = append(words, f)
		}
		if len(words) == maxLexiconAsk {
			break
		}
	}
	if len(words) == 0 {
		return nil
	}
	ask, ok := knownAs(lex, to, words, false)
	if !ok || len(ask) == 0 {
		return nil
	}
	out, _ := knownAs(lex, from, ask, true)
	return out
}

// knownAs returns the words lang's lexicon knows (known) or does not know
// (!known); ok is false when the lexicon cannot answer for all of them.
func knownAs(lex Lexicon, lang string, words []string, known bool) (out []string, ok bool) {
	in, ok := lex.KnownWords(lang, words)
	if !ok || len(in) != len(words) {
		return nil, false
	}
	for i, w := range words {
		if in[i] == known {
			out = append(out, w)
		}
	}
	return out, true
}

// notLetters holds, per language, letters its own words never have.
var notLetters = map[string]string{"ca": "ñáÑ¿¡", "en": "ñáéíóúàèòçüÑ¿¡", "nn": "", "es": "àèòçÀÈÒÇ"}

// notWords holds, per language, spellings its own words never have:
// Spanish endings in Catalan ("ciudad", "considerado", "cambiando"),
// Bokmål's hv-, -lig and -het in Nynorsk ("hvis", "vanlig", "sikkerhet").
var notWords = sync.OnceValue(func() map[string]*regexp.Regexp {
	return map[string]*regexp.Regexp{
		"ca": regexp.MustCompile(`(ción|ciones|dad|dades|ado|ados|ido|idos|ando|iendo|ía|ían)$`),
		"nn": regexp.MustCompile(`^hv|lig(e|t|st|ste|ere|vis)?$|het(en|er|ene)?$`),
	}
})

// foreignLetters reports whether a word of s in lower case (names left
// out) has a letter lang never writes, or a spelling of notWords.
func foreignLetters(lang, s string) bool {
	nl, nw := notLetters[langKey(lang)], notWords()[langKey(lang)]
	if nl == "" && nw == nil {
		return false
	}
	for i, w := range tokenizeWords(s) {
		f := s[w.start:w.end]
		if r, _ := utf8.DecodeRuneInString(f); i > 0 && !unicode.IsLower(r) {
			continue
		}
		if nl != "" && strings.ContainsAny(f, nl) || nw != nil && nw.MatchString(strings.ToLower(f)) {
			return true
		}
	}
	return strings.ContainsAny(s, "¿¡") && strings.ContainsAny(nl, "¿")
}

// intersect returns the values of a that b has too (as multisets).
func intersect(a, b []string) []string {
	return minus(a, minus(a, b))
}

// romanNumbers returns the values of the Roman numerals in s ("siglo XVII"
// → "17"): engines write them in digits ("17th century").
func romanNumbers(s string) []string {
	var out []string
	for _, w := range tokenizeWords(s) {
		if v := romanValue(s[w.start:w.end]); v > 0 {
			out = append(out, strconv.Itoa(v))
		}
	}
	return out
}

// romanValue returns the value of w, two or more capitals I V X L C D M in
// canonical order, or 0.
func romanValue(w string) int {
	if len(w) < 2 || len(w) > 12 {
		return 0
	}
	val := &romanDigits
	total := 0
	for i := 0; i < len(w); i++ {
		v := val[w[i]]
		if v == 0 {
			return 0
		}
		if i+1 < len(w) && val[w[i+1]] > v {
			total -= v
		} else {
			total += v
		}
	}
	if toRoman(total) != w {
		return 0 // not canonical: "MIX" is a word too, "IIII" is not a number
	}
	return total
}

// romanDigits holds each Roman digit's value by byte (0 for other bytes);
// an array, not a map, since romanValue runs on every word checked.
var romanDigits = [256]int{'I': 1, 'V': 5, 'X': 10, 'L': 50, 'C': 100, 'D': 500, 'M': 1000}

func toRoman(n int) string {
	vals := []int{1000, 900, 500, 400, 100, 90, 50, 40, 10, 9, 5, 4, 1}
	syms := []string{"M", "CM", "D", "CD", "C", "XC", "L", "XL", "X", "IX", "V", "IV", "I"}
	var b strings.Builder
	for i, v := range vals {
		for n >= v {
			b.WriteString(syms[i])
			n -= v
		}
	}
	return b.String()
}

// sameWord compares two words ignoring case only: "e" and "é" differ.
func sameWord(a, b string) bool {
	if a == b {
		return true
	}
	// ASCII on both sides: compare byte by byte without allocating; the
	// result is the same as comparing strings.ToLower of each.
	if len(a) == len(b) {
		ascii := true
		for i := 0; i < len(a); i++ {
			if a[i] >= utf8.RuneSelf || b[i] >= utf8.RuneSelf {
				ascii = false
				break
			}
		}
		if ascii {
			for i := 0; i < len(a); i++ {
				if lowerASCII(a[i]) != lowerASCII(b[i]) {
					return false
				}
			}
			return true
		}
	} else if isASCII(a) && isASCII(b) {
		return false // ASCII lower-casing keeps the length
	}
	return strings.ToLower(a) == strings.ToLower(b)
}

func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			return false
		}
	}
	return true
}

// repeats finds words or phrases written twice in a row ("la la", "in the in
// the") and "X and X" ("efforts and efforts"), ignoring numbers and
// placeholders.
func repeats(s string) []string {
	type tok struct {
		w     string
		glued bool // only spaces between this word and the previous one
	}
	ws := tokenizeWords(s)
	toks := make([]tok, 0, len(ws))
	prevEnd := -1
	for _, w := range ws {
		glued := prevEnd >= 0 && strings.TrimSpace(s[prevEnd:w.start]) == ""
		prevEnd = w.end
		toks = append(toks, tok{s[w.start:w.end], glued})
	}
	isWord := func(w string) bool {
		r, _ := utf8.DecodeRuneInString(w)
		return unicode.IsLetter(r)
	}
	var out []string
	for i := 0; i < len(toks); i++ {
		if i+2 < len(toks) {
			a, c, b := toks[i], toks[i+1], toks[i+2]
			if len(c.w) <= 3 && c.glued && b.glued && sameWord(a.w, b.w) && conjunctions()[strings.ToLower(c.w)] &&
				isWord(a.w) && utf8.RuneCountInString(a.w) > 2 && !repeatOK()[strings.ToLower(a.w)] {
				out = append(out, strings.ToLower(a.w+" "+c.w+" "+b.w))
				continue
			}
		}
		for k := 1; k <= 4 && i+2*k <= len(toks); k++ {
			same := true
			for j := 0; j < k && same; j++ {
				a, b := toks[i+j], toks[i+k+j]
				same = b.glued && (j == 0 || a.glued) && sameWord(a.w, b.w) && isWord(a.w)
			}
			// a 1-letter word ("e é", "o o") or a phrase led by one ("a poc
			// a poc", "poc a poc": a reduplication) is no defect
			if same && utf8.RuneCountInString(toks[i].w) > 1 {
				var ph []string
				for j := 0; j < k; j++ {
					ph = append(ph, toks[i+j].w)
				}
				p := strings.ToLower(strings.Join(ph, " "))
				out = append(out, p+" "+p)
				break
			}
		}
	}
	return out
}

// Checked is one sentence and its translation, plain text, as CheckArticle
// reads them.
type Checked struct{ Source, Target string }

// CheckArticle runs the translator's quality checks on translations made
// elsewhere (by a person, another tool): each sentence's checks, and those
// across the article, as Translator runs them on its own output with the
// glossary terms given. The checks that read the engine's own output
// (unknown words, placeholders lost) do not apply. It returns the flag
// kinds of each sentence, sorted, each kind once.
func CheckArticle(from, to string, segs []Checked, terms []model.GlossaryTerm) [][]string {
	return Checks{}.Article(from, to, segs, terms)
}

// Checks runs the translator's quality checks on translations made
// elsewhere, with what the checks may be given.
type Checks struct {
	// Lexicon gives the languages' dictionaries to the untranslated check;
	// nil goes without.
	Lexicon Lexicon
}

// Article is CheckArticle with c's lexicon.
func (c Checks) Article(from, to string, segs []Checked, terms []model.GlossaryTerm) [][]string {
	g, forbid := splitTerms(terms, from)
	issues := make([][]issue, len(segs))
	for i, s := range segs {
		var spans []Span
		for _, m := range g.find(s.Source) {
			spans = append(spans, Span{Kind: SpanTerm, Source: s.Source[m.start:m.end], Out: renderTerm(m, from, to, s.Source[m.start:m.end])})
		}
		issues[i] = checkSegment(c.Lexicon, from, to, s.Source, s.Target, spans, nil, nil, DefaultRatio)
		if is := forbiddenIssue(forbid, s.Source, s.Target, to); is != nil {
			issues[i] = append(issues[i], *is)
		}
	}
	src, tgt := make([]string, len(segs)), make([]string, len(segs))
	for i, s := range segs {
		src[i], tgt[i] = s.Source, s.Target
	}
	for i, is := range nameSpellings(src, tgt) {
		issues[i] = append(issues[i], is...)
	}
	out := make([][]string, len(segs))
	for i := range issues {
		for _, is := range issues[i] {
			out[i] = appendDistinct(out[i], is.kind)
		}
		sort.Strings(out[i])
	}
	return out
}

// bracketPairs are the brackets and quotes that open and close; a straight
// quote is both.
var bracketPairs = [][2]rune{{'(', ')'}, {'[', ']'}, {'{', '}'}, {'«', '»'}, {'“', '”'}, {'"', '"'}}

// unbalanced reports a pair of brackets or quotes the translation leaves
// open or closes twice where the source has the pair and opens and closes
// every one. A source without the pair says nothing: a quotation may span
// sentences, its marks in the first and the last.
func unbalanced(source, target string) string {
	for _, p := range bracketPairs {
		if strings.ContainsRune(source, p[0]) && balanced(source, p) && !balanced(target, p) {
			return fmt.Sprintf("%c%c not balanced in the translation", p[0], p[1])
		}
	}
	return ""
}

func balanced(s string, p [2]rune) bool {
	if p[0] == p[1] {
		return strings.Count(s, string(p[0]))%2 == 0
	}
	depth := 0
	for _, r := range s {
		switch r {
		case p[0]:
			depth++
		case p[1]:
			depth--
			if depth < 0 {
				return false
			}
		}
	}
	return depth == 0
}

var reCheckURL = sync.OnceValue(func() *regexp.Regexp {
	return regexp.MustCompile(`(?i)(?:https?|ftp)://[^\s<>"'«»]+|www\.[^\s<>"'«»]+`)
})

// urls returns the URLs of s, without the punctuation after them.
func urls(s string) []string {
	if !strings.Contains(s, "://") && !strings.Contains(s, "www.") {
		return nil
	}
	var out []string
	for _, u := range reCheckURL().FindAllString(s, -1) {
		out = append(out, strings.TrimRight(u, ".,;:!?)]"))
	}
	return out
}

// endClass is how a sentence ends: "?", "!", ":", "." or "" (closing
// quotes and brackets, and the Spanish opening marks, aside).
func endClass(s string) string {
	s = strings.TrimRight(s, " \t\"'»”’)]")
	r, _ := utf8.DecodeLastRuneInString(s)
	switch r {
	case '?', '!', ':':
		return string(r)
	case '.', '…':
		return "."
	}
	return ""
}

// forbiddenIssue is the glossary flag for a target that uses a forbidden
// rendering of a term of the source, or nil.
func forbiddenIssue(g *glossaryMatcher, source, target, to string) *issue {
	bad := forbiddenUsed(g, source, target, to)
	if len(bad) == 0 {
		return nil
	}
	q := make([]string, len(bad))
	for i, b := range bad {
		q[i] = strconv.Quote(b)
	}
	return &issue{FlagGlossary, "forbidden glossary rendering used: " + strings.Join(q, ", ")}
}
