package main

import (
	"fmt"
	"regexp"
	"runtime"
	"sort"
	"strings"
	"time"
	"unicode"

	"golang.org/x/text/unicode/norm"

	"newsbridge/model"
	"newsbridge/translate"
)

// A defect is one kind of error seeded into a clean translation: seed
// returns the sentence with the defect (ok false where the sentence has no
// place for it) and the flag kind that should catch it.
type defect struct {
	name, flag string
	// seed changes sentence i of the article's targets; src are the
	// article's sources, terms the glossary.
	seed func(src, tgt []string, i int, terms []model.GlossaryTerm) (string, bool)
}

var defects = []defect{
	{"doubled word", translate.FlagRepeated, func(_, tgt []string, i int, _ []model.GlossaryTerm) (string, bool) {
		ws := letterWords(tgt[i])
		if len(ws) == 0 {
			return "", false
		}
		w := ws[i%len(ws)]
		return tgt[i][:w[1]] + " " + tgt[i][w[0]:w[1]] + tgt[i][w[1]:], true
	}},
	{"doubled phrase", translate.FlagRepeated, func(_, tgt []string, i int, _ []model.GlossaryTerm) (string, bool) {
		ws := letterWords(tgt[i])
		var pairs [][2]int
		for k := 0; k+1 < len(ws); k++ {
			if tgt[i][ws[k][1]:ws[k+1][0]] == " " {
				pairs = append(pairs, [2]int{ws[k][0], ws[k+1][1]})
			}
		}
		if len(pairs) == 0 {
			return "", false
		}
		p := pairs[i%len(pairs)]
		return tgt[i][:p[1]] + " " + tgt[i][p[0]:p[1]] + tgt[i][p[1]:], true
	}},
	{"number changed", translate.FlagNumbers, func(src, tgt []string, i int, _ []model.GlossaryTerm) (string, bool) {
		ns := sourceNumbers(reDigits, src[i], tgt[i])
		if len(ns) == 0 {
			return "", false
		}
		n := ns[i%len(ns)]
		d := tgt[i][n[1]-1]
		return tgt[i][:n[1]-1] + string('0'+(d-'0'+1)%10) + tgt[i][n[1]:], true
	}},
	{"number dropped", translate.FlagNumbers, func(src, tgt []string, i int, _ []model.GlossaryTerm) (string, bool) {
		ns := sourceNumbers(reNumber, src[i], tgt[i])
		if len(ns) == 0 {
			return "", false
		}
		n := ns[i%len(ns)]
		return tgt[i][:n[0]] + tgt[i][n[1]:], true
	}},
	{"bracket dropped", translate.FlagBrackets, func(src, tgt []string, i int, _ []model.GlossaryTerm) (string, bool) {
		// a closing bracket or quote of the source's
		for _, c := range [][2]string{{"(", ")"}, {"«", "»"}, {"“", "”"}, {"[", "]"}, {"\"", "\""}} {
			ok := true
			for _, s := range []string{src[i], tgt[i]} {
				n, m := strings.Count(s, c[0]), strings.Count(s, c[1])
				ok = ok && m > 0 && (c[0] == c[1] && n%2 == 0 || c[0] != c[1] && n == m)
			}
			if k := strings.LastIndex(tgt[i], c[1]); ok {
				return tgt[i][:k] + tgt[i][k+len(c[1]):], true
			}
		}
		return "", false
	}},
	{"URL changed", translate.FlagURL, func(src, tgt []string, i int, _ []model.GlossaryTerm) (string, bool) {
		for _, u := range reURL.FindAllString(tgt[i], -1) {
			u = strings.TrimRight(u, ".,;:!?)]")
			if strings.Contains(src[i], u) && len(u) > 8 {
				k := strings.Index(tgt[i], u) + len(u) - 1
				return tgt[i][:k] + tgt[i][k+1:], true // its last character lost
			}
		}
		return "", false
	}},
	{"question or exclamation mark changed", translate.FlagPunctuation, func(src, tgt []string, i int, _ []model.GlossaryTerm) (string, bool) {
		// a sentence that ends as its source does
		t := strings.TrimRight(tgt[i], " \"'»”’)")
		s := strings.TrimRight(src[i], " \"'»”’)")
		if t == "" || s == "" || !strings.ContainsAny(t[len(t)-1:], "?!") || s[len(s)-1] != t[len(t)-1] {
			return "", false
		}
		return t[:len(t)-1] + "." + tgt[i][len(t):], true
	}},
	{"untranslated", translate.FlagUntranslated, func(src, tgt []string, i int, _ []model.GlossaryTerm) (string, bool) {
		// a reference that is its source (white space aside) left as it
		// is: no defect, and counted apart (sourceIsReference)
		return src[i], !sourceIsReference(src[i], tgt[i])
	}},
	{"name two ways", translate.FlagNameSpelling, func(src, tgt []string, i int, _ []model.GlossaryTerm) (string, bool) {
		// a name the article's translation writes in an earlier sentence
		// too, written another way here
		for k, w := range letterWords(tgt[i]) {
			name := tgt[i][w[0]:w[1]]
			if k == 0 || !capWord(name) || len([]rune(name)) < 4 || !inSource(src, name) {
				continue
			}
			for j := range i {
				if hasWord(tgt[j], name) {
					return tgt[i][:w[0]] + misspell(name) + tgt[i][w[1]:], true
				}
			}
		}
		return "", false
	}},
	{"glossary term ignored", translate.FlagGlossary, func(src, tgt []string, i int, terms []model.GlossaryTerm) (string, bool) {
		for _, t := range terms {
			r := t.Renderings["*"]
			if strings.Contains(src[i], t.Term) && strings.Contains(tgt[i], r) {
				return strings.Replace(tgt[i], r, misspell(r), 1), true
			}
		}
		return "", false
	}},
}

var (
	reDigits = regexp.MustCompile(`[0-9]+`)
	// a number as written: digits with their separators, a sign or unit
	// attached, and one space before it
	reNumber = regexp.MustCompile(` ?[0-9]+(?:[.,  ][0-9]+)*(?: ?%)?`)
	reWord   = regexp.MustCompile(`\p{L}[\p{L}\p{M}]+`)
	reURL    = regexp.MustCompile(`(?i)(?:https?|ftp)://[^\s<>"'«»]+|www\.[^\s<>"'«»]+`)
)

// sourceNumbers returns the numbers of tgt (as re finds them) whose
// digits the source has too: a defect is a number of the source changed
// or lost, and references are not always aligned sentence by sentence.
func sourceNumbers(re *regexp.Regexp, src, tgt string) [][]int {
	have := map[string]bool{}
	for _, d := range digitRuns(src) {
		have[d] = true
	}
	var out [][]int
	for _, n := range re.FindAllStringIndex(tgt, -1) {
		ok := true
		for _, d := range digitRuns(tgt[n[0]:n[1]]) {
			ok = ok && have[d]
		}
		if ok {
			out = append(out, n)
		}
	}
	return out
}

func letterWords(s string) [][]int { return reWord.FindAllStringIndex(s, -1) }

// sourceIsReference reports whether the human translation is the source
// itself once white space is normalised: the source left as the
// translation is then the right translation, not a defect.
func sourceIsReference(src, ref string) bool {
	return strings.Join(strings.Fields(src), " ") == strings.Join(strings.Fields(ref), " ")
}

// inSource reports whether a source of the article has the word: a name,
// not a translated word that happens to be capitalised.
func inSource(src []string, w string) bool {
	for _, s := range src {
		if hasWord(s, w) {
			return true
		}
	}
	return false
}

// misspell writes a name another way: without its accents where it has
// some ("Castaño" → "Castano"), else with a letter doubled ("Smith" →
// "Smiith").
func misspell(s string) string {
	d := norm.NFD.String(s)
	var b strings.Builder
	for _, r := range d {
		if !unicode.Is(unicode.Mn, r) {
			b.WriteRune(r)
		}
	}
	if t := norm.NFC.String(b.String()); t != s {
		return t
	}
	rs := []rune(s)
	k := len(rs) / 2
	return string(rs[:k+1]) + string(rs[k:])
}

// glossary builds the pair's glossary from the data: the runs of two or
// more capitalised words of the sources that the references keep, as they
// are, in every sentence that has them, and at least twice.
func glossary(src, ref []string) []model.GlossaryTerm {
	seen := map[string]int{}
	bad := map[string]bool{}
	var order []string
	for i := range src {
		for _, r := range capRuns(src[i]) {
			if ws := strings.Fields(r); len(ws) > 2 {
				r = strings.Join(ws[1:], " ") // a sentence's first word
			}
			if !strings.Contains(ref[i], r) {
				bad[r] = true
			}
			if seen[r] == 0 {
				order = append(order, r)
			}
			seen[r]++
		}
	}
	var out []model.GlossaryTerm
	for _, t := range order {
		if !bad[t] && seen[t] >= 2 {
			out = append(out, model.GlossaryTerm{Term: t, Renderings: map[string]string{"*": t}})
		}
	}
	return out
}

type checkResult struct {
	pair            string
	segments        int
	terms           int
	seeded, caught  map[string]int
	falseFlags      map[string]int // clean segments flagged, by kind
	anyFalse        int
	examples        []string // seeded defects missed, clean segments flagged
	falseBySegments map[string][]string
	// sentences whose reference is the source (white space aside): no
	// untranslated defect is seeded there
	sameAsSource int
}

// checks measures the quality checks of translate.CheckArticle on the
// references: false flags on the clean sentences, recall on copies with a
// defect seeded.
func checks(c translate.Checks, p pair, src, ref []string, size int) checkResult {
	terms := glossary(src, ref)
	// the glossary renders in every target language: "*" stands for it
	for i := range terms {
		terms[i].Renderings[p.to] = terms[i].Renderings["*"]
	}
	r := checkResult{pair: p.name, segments: len(src), terms: len(terms), seeded: map[string]int{}, caught: map[string]int{}, falseFlags: map[string]int{}}
	for a := 0; a < len(src); a += size {
		end := min(a+size, len(src))
		s, t := src[a:end], ref[a:end]
		flags := c.Article(p.from, p.to, pairsOf(s, t), terms)
		for i := range s {
			if sourceIsReference(s[i], t[i]) {
				r.sameAsSource++
			}
		}
		for i, fs := range flags {
			for _, f := range fs {
				r.falseFlags[f]++
				if len(r.examples) < 400 {
					r.examples = append(r.examples, fmt.Sprintf("%s false %s\n   src: %s\n   tgt: %s", p.name, f, s[i], t[i]))
				}
			}
			if len(fs) > 0 {
				r.anyFalse++
			}
		}
		for _, d := range defects {
			for i := range t {
				bad, ok := d.seed(s, t, i, terms)
				if !ok {
					continue
				}
				cp := append([]string(nil), t...)
				cp[i] = bad
				r.seeded[d.name]++
				got := c.Article(p.from, p.to, pairsOf(s, cp), terms)
				if contains(got[i], d.flag) {
					r.caught[d.name]++
				} else if len(r.examples) < 800 {
					r.examples = append(r.examples, fmt.Sprintf("%s missed %s\n   src: %s\n   tgt: %s", p.name, d.name, s[i], bad))
				}
			}
		}
	}
	return r
}

func pairsOf(src, tgt []string) []translate.Checked {
	out := make([]translate.Checked, len(src))
	for i := range src {
		out[i] = translate.Checked{Source: src[i], Target: tgt[i]}
	}
	return out
}

const checksTitle = "## Quality checks on real translations"

// falseFlagsHeader heads the last table of the checks' section.
const falseFlagsHeader = "| pair | clean sentences | flagged (any flag) | by flag |"

func renderChecks(rs []checkResult, args []string, lexicon bool) string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s\n\n", checksTitle)
	fmt.Fprintf(&b, "%s, %d cores (%s). Command:\n\n", time.Now().Format("2006-01-02"), runtime.NumCPU(), cpuModel())
	fmt.Fprintf(&b, "    go -C bench run ./quality %s\n\n", strings.Join(args, " "))
	b.WriteString("The human references of `../shared/devdata`, sentence by sentence with their sources, grouped into articles as above, are the clean translations; `translate.CheckArticle` (the checks the translator runs on its own output, and those across an article) runs on them, and on copies of each article with one defect seeded into one sentence, every sentence in turn where it has a place for the defect: a word doubled, two words doubled, a digit of a number the source has too changed, such a number dropped, a closing bracket or quote dropped (where source and translation both balance it), a URL of the source losing its last character, a final question or exclamation mark of the source's turned into a full stop, the source left as the translation (not where the reference is the source itself, white space aside: that copy is the right translation, and such sentences are counted apart below), a name the article writes earlier spelled another way (accents dropped, else a letter doubled), a glossary term's rendering spelled another way. The glossary is made from the data: the runs of two or more capitalised words of the sources that the references keep as they are wherever they occur, twice or more. Recall: seeded defects the expected flag catches on the sentence seeded.")
	if lexicon {
		b.WriteString(" The checks are given the Apertium engine's morphological analysers, as the translator is (a word of the translation that the target language's analyser does not know and the source language's does is evidence of an untranslated sentence); `-lexicon=false` runs them without.")
	} else {
		b.WriteString(" The checks run without morphological analysers (`-lexicon=false`), as where Apertium is not installed.")
	}
	b.WriteString(" False flags: clean sentences given the flag, of all clean sentences.\n\n")
	b.WriteString("| pair | sentences | glossary terms | defect | seeded | caught | recall |\n|---|---|---|---|---|---|---|\n")
	for _, r := range rs {
		for _, d := range defects {
			n := r.seeded[d.name]
			rec := "–"
			if n > 0 {
				rec = fmt.Sprintf("%.1f%%", 100*float64(r.caught[d.name])/float64(n))
			}
			fmt.Fprintf(&b, "| %s | %d | %d | %s | %d | %d | %s |\n", strings.Replace(r.pair, "-", "→", 1), r.segments, r.terms, d.name, n, r.caught[d.name], rec)
		}
	}
	var same []string
	for _, r := range rs {
		same = append(same, fmt.Sprintf("%s %d of %d", strings.Replace(r.pair, "-", "→", 1), r.sameAsSource, r.segments))
	}
	fmt.Fprintf(&b, "\nReferences that are their source (white space aside), where no untranslated copy is seeded: %s.\n", strings.Join(same, ", "))
	b.WriteString("\n" + falseFlagsHeader + "\n|---|---|---|---|\n")
	for _, r := range rs {
		var kinds []string
		for k := range r.falseFlags {
			kinds = append(kinds, k)
		}
		sort.Strings(kinds)
		var by []string
		for _, k := range kinds {
			by = append(by, fmt.Sprintf("%s %d (%.1f%%)", k, r.falseFlags[k], 100*float64(r.falseFlags[k])/float64(r.segments)))
		}
		if len(by) == 0 {
			by = []string{"none"}
		}
		fmt.Fprintf(&b, "| %s | %d | %d (%.1f%%) | %s |\n", strings.Replace(r.pair, "-", "→", 1), r.segments, r.anyFalse, 100*float64(r.anyFalse)/float64(r.segments), strings.Join(by, ", "))
	}
	b.WriteString("\n")
	return b.String()
}
