package translate

import (
	"fmt"
	"regexp"
	"sort"
	"strings"
	"unicode"
	"unicode/utf8"
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
var reUnknown = regexp.MustCompile(`(^|[^\p{L}\p{N}_*#@⟦])[*#@]+([\p{L}\p{N}][\p{L}\p{M}\p{N}·'’_\-]*)`)

// stripUnknown removes Apertium's unknown-word marks from engine output so
// readers never see them, and returns the words that carried one.
func stripUnknown(s string) (string, []string) {
	if !strings.ContainsAny(s, "*#@") {
		return s, nil
	}
	var words []string
	out := reUnknown.ReplaceAllStringFunc(s, func(m string) string {
		sub := reUnknown.FindStringSubmatch(m)
		words = append(words, sub[2])
		return sub[1] + sub[2]
	})
	return out, words
}

// checkSegment runs the quality checks on one translated sentence. source
// and target are plain text (markup removed, spans restored).
func checkSegment(from, to, source, target string, spans []Span, probs []restoreProblem, unknown []string, ratio Ratio) []issue {
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
	if a, b := digitRuns(source), digitRuns(target); (len(a) > 0 || len(b) > 0) && !sameMultiset(a, b) {
		out = append(out, issue{FlagNumbers, fmt.Sprintf("numbers differ: source %v, translation %v", a, b)})
	}
	if len(unknown) > 0 {
		msg := "words the engine did not know: " + strings.Join(unknown, ", ")
		names := 0
		for _, w := range unknown {
			if r, _ := utf8.DecodeRuneInString(w); unicode.IsUpper(r) {
				names++
			}
		}
		if names == len(unknown) {
			msg += " (capitalized: probably names; a glossary entry fixes their spelling)"
		}
		out = append(out, issue{FlagUnknownWord, msg})
	}
	if msg := untranslated(from, to, source, target); msg != "" {
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
	if n := utf8.RuneCountInString(source); n >= minRatioRunes {
		r := float64(utf8.RuneCountInString(target)) / float64(n)
		if r < ratio.Min || r > ratio.Max {
			out = append(out, issue{FlagLengthRatio, fmt.Sprintf("translation is %.2f× the source's length (norm %.2f–%.2f)", r, ratio.Min, ratio.Max)})
		}
	}
	// glossary: each term's rendering as many times as the term occurs
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

// untranslated reports text still in the source language: the output equals
// the input, or it holds more of the source language's own function words
// than of the target's.
func untranslated(from, to, source, target string) string {
	sw, tw := stopwords[langKey(from)], stopwords[langKey(to)]
	words := tokenizeWords(target)
	srcOnly, tgtOnly, lower := 0, 0, 0
	for _, w := range words {
		if r, _ := utf8.DecodeRuneInString(target[w.start:]); !unicode.IsLower(r) {
			continue // names and sentence starts: not evidence either way
		}
		lower++
		if w.end-w.start > 16 {
			continue // longer than any function word
		}
		f := target[w.start:w.end] // the sets hold plain and folded spellings
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
	// the same text is untranslated unless it is only names (no lower-case
	// words: a list of names, a title of a work)
	if lower >= 2 && fold(collapseSpace(source)) == fold(collapseSpace(target)) {
		return "translation is the source text unchanged"
	}
	return ""
}

// repeats finds words or phrases written twice in a row ("la la", "in the in
// the") and "X and X" ("efforts and efforts"), ignoring numbers and
// placeholders.
func repeats(s string) []string {
	type tok struct {
		w     string
		glued bool // only spaces between this word and the previous one
	}
	var toks []tok
	prevEnd := -1
	for _, w := range tokenizeWords(s) {
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
			if len(c.w) <= 3 && c.glued && b.glued && strings.EqualFold(a.w, b.w) && conjunctions[strings.ToLower(c.w)] &&
				isWord(a.w) && utf8.RuneCountInString(a.w) > 2 && !repeatOK[strings.ToLower(a.w)] {
				out = append(out, strings.ToLower(a.w+" "+c.w+" "+b.w))
				continue
			}
		}
		for k := 1; k <= 4 && i+2*k <= len(toks); k++ {
			same := true
			for j := 0; j < k && same; j++ {
				a, b := toks[i+j], toks[i+k+j]
				same = b.glued && (j == 0 || a.glued) && strings.EqualFold(a.w, b.w) && isWord(a.w)
			}
			if same {
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
