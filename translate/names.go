package translate

import (
	"sort"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Names.
//
// A machine translation engine that does not know a name translates it or
// its parts: Apertium turned "Rubén Castaño" into "Rubén Brown" and a lone
// "Castaño" into "Chestnut tree" (es>en), and into "Castanyer" (es>ca) in
// the same article — one person spelled two ways, the defect the product
// exists to avoid. So before translating an article the translator finds
// its names and protects every occurrence, like a do-not-translate glossary
// term:
//
//   - a name is a run of two or more capitalized words inside a sentence,
//     with particles allowed between them ("Rubén Castaño", "Nuestra Señora
//     del Mar"), plus the byline's; a run that starts a sentence loses its
//     first word (it is capitalized anyway: "Según Castaño") unless that
//     word is capitalized inside a sentence elsewhere in the article;
//   - each significant word of a name (not a particle, not a function word
//     of the language) is protected too where it stands alone and
//     capitalized ("Castaño dijo…"), so the surname is one spelling;
//   - a single capitalized word that never occurs in a multi-word name is
//     not a name (sentence starts, places Apertium knows).
//
// Glossary terms keep priority: names are looked for in what they leave.

// nameParticles may stand between the capitalized words of a name.
var nameParticles = set("de del la las los le y i e da das do dos di du van von der den ter bin d")

// nameConjunctions join two names as often as they belong inside one
// ("Ortega y Gasset"): a run is cut there when a side has two capitalized
// words ("Rubén Castaño y Marina Esteve" is two people).
var nameConjunctions = set("y i e and og och und et")

// bylineWords start a byline without being a name.
var bylineWords = set("por by av per de text texto texte redacción redacció redacción agencias")

// nameMatcher finds an article's names in text: whole names, and their
// significant words when capitalized alone. Matching is exact (case and
// diacritics): "castaño" is a colour.
type nameMatcher struct {
	byFirst map[string][][]string // first word → names (word lists), longest first
	single  map[string]bool       // significant words, matched alone
}

// detectNames returns the names of texts (plain text; an article's fields)
// and byline in language lang, or nil if there are none.
func detectNames(texts []string, byline, lang string) *nameMatcher {
	stop := stopwords[langKey(lang)]
	titleCase := langKey(lang) == "en"
	// words capitalized inside a sentence somewhere: a sentence-initial
	// run keeps its first word only if it is one ("Rubén Castaño dijo")
	mid := make(map[string]bool)
	for _, t := range texts {
		for _, w := range tokenizeWords(t) {
			if x := t[w.start:w.end]; capitalized(x) && !sentenceStart(t, w.start) && !stop[strings.ToLower(x)] {
				mid[x] = true
			}
		}
	}
	var names [][]string
	for _, t := range texts {
		for line := range strings.SplitSeq(t, "\n") {
			names = append(names, nameRuns(line, stop, mid, false, titleCase)...)
		}
	}
	if byline != "" {
		names = append(names, nameRuns(byline, stop, nil, true, false)...)
	}
	if len(names) == 0 {
		return nil
	}
	m := &nameMatcher{byFirst: make(map[string][][]string), single: make(map[string]bool)}
	seen := make(map[string]bool)
	for _, n := range names {
		k := strings.Join(n, " ")
		if seen[k] {
			continue
		}
		seen[k] = true
		m.byFirst[n[0]] = append(m.byFirst[n[0]], n)
		for _, w := range n {
			if significant(w, stop) {
				m.single[w] = true
			}
		}
	}
	for k, ns := range m.byFirst {
		sort.SliceStable(ns, func(i, j int) bool { return len(ns[i]) > len(ns[j]) })
		m.byFirst[k] = ns
	}
	return m
}

// significant reports whether w, a word of a name, is protected alone.
func significant(w string, stop map[string]bool) bool {
	if utf8.RuneCountInString(w) < 2 || !capitalized(w) {
		return false
	}
	l := strings.ToLower(w)
	return !nameParticles[l] && !stop[l] && !stop[fold(w)]
}

// capitalized reports whether w starts with an upper-case letter and is not
// all capitals (a headline in capitals, an acronym: not a name's word).
func capitalized(w string) bool {
	r, size := utf8.DecodeRuneInString(w)
	if !unicode.IsUpper(r) {
		return false
	}
	if len(w) == size {
		return true
	}
	for _, r := range w[size:] {
		if unicode.IsLower(r) {
			return true
		}
	}
	return false
}

// nameRuns returns the names in text t.
func nameRuns(t string, stop, mid map[string]bool, byline, titleCase bool) [][]string {
	words := tokenizeWords(t)
	if len(words) < 2 {
		return nil
	}
	// English headlines are written in Title Case: every word capitalized,
	// and none can be told apart as a name.
	if titleCase && !byline {
		caps, long := 0, 0
		for _, w := range words {
			if w.end-w.start > 3 {
				long++
				if capitalized(t[w.start:w.end]) {
					caps++
				}
			}
		}
		if long >= 3 && caps == long {
			return nil
		}
	}
	var out [][]string
	for i := 0; i < len(words); {
		w := t[words[i].start:words[i].end]
		if !nameWord(w) {
			i++
			continue
		}
		// the run: capitalized words, particles between them, only spaces
		// (or a hyphen) between the words
		run := []int{i}
		j := i + 1
		for j < len(words) && joined(t, words[j-1], words[j]) {
			wj := t[words[j].start:words[j].end]
			if nameWord(wj) {
				run = append(run, j)
				j++
				continue
			}
			// particles, then a capitalized word
			k := j
			for k < len(words) && nameParticles[t[words[k].start:words[k].end]] && joined(t, words[k-1], words[k]) {
				k++
			}
			if k == j || k >= len(words) || !joined(t, words[k-1], words[k]) || !nameWord(t[words[k].start:words[k].end]) {
				break
			}
			for ; j <= k; j++ {
				run = append(run, j)
			}
		}
		next := run[len(run)-1] + 1
		if byline {
			for len(run) > 0 && bylineWords[strings.ToLower(t[words[run[0]].start:words[run[0]].end])] {
				run = run[1:]
			}
		} else if sentenceStart(t, words[run[0]].start) && !mid[t[words[run[0]].start:words[run[0]].end]] {
			run = run[1:]
		}
		for len(run) > 0 && !nameWord(t[words[run[0]].start:words[run[0]].end]) {
			run = run[1:] // particles left at the front
		}
		for _, piece := range splitConjunctions(t, words, run) {
			// two name words, one of them not an acronym ("CD Ribera")
			if n := len(piece); n > 0 && nameWordCount(t, words, piece) >= 2 && capitalizedCount(t, words, piece) >= 1 {
				var ws []string
				for _, k := range piece {
					ws = append(ws, t[words[k].start:words[k].end])
				}
				out = append(out, ws)
			}
		}
		i = next
	}
	return out
}

// joined reports whether only spaces (or one hyphen) separate words a and
// b, so that they can belong to one name.
func joined(t string, a, b word) bool {
	sep := t[a.end:b.start]
	return sep == "-" || sep != "" && strings.Trim(sep, " \u00a0") == ""
}

// splitConjunctions cuts a run at a conjunction with two capitalized words
// on one side, and drops trailing particles.
func splitConjunctions(t string, words []word, run []int) [][]int {
	var out [][]int
	start := 0
	for k := 1; k < len(run)-1; k++ {
		w := t[words[run[k]].start:words[run[k]].end]
		if !nameConjunctions[w] {
			continue
		}
		left, right := run[start:k], run[k+1:]
		if nameWordCount(t, words, left) >= 2 || nameWordCount(t, words, right) >= 2 {
			out = append(out, left)
			start = k + 1
		}
	}
	out = append(out, run[start:])
	for i, p := range out {
		for len(p) > 0 && !nameWord(t[words[p[len(p)-1]].start:words[p[len(p)-1]].end]) {
			p = p[:len(p)-1]
		}
		out[i] = p
	}
	return out
}

// nameWord reports whether w can be a word of a name: capitalized, or an
// acronym of two to four capitals ("CD Ribera", "Valdeloma CF").
func nameWord(w string) bool {
	if capitalized(w) {
		return true
	}
	n := 0
	for _, r := range w {
		if !unicode.IsUpper(r) {
			return false
		}
		n++
	}
	return n >= 2 && n <= 4
}

func nameWordCount(t string, words []word, idx []int) int {
	n := 0
	for _, k := range idx {
		if nameWord(t[words[k].start:words[k].end]) {
			n++
		}
	}
	return n
}

func capitalizedCount(t string, words []word, idx []int) int {
	n := 0
	for _, k := range idx {
		if capitalized(t[words[k].start:words[k].end]) {
			n++
		}
	}
	return n
}

// sentenceStart reports whether the word at byte i starts a sentence: only
// opening punctuation and spaces between it and the start of the text or a
// sentence end (. ! ? : … or a line break).
func sentenceStart(t string, i int) bool {
	for i > 0 {
		r, size := utf8.DecodeLastRuneInString(t[:i])
		switch {
		case r == '.' || r == '!' || r == '?' || r == ':' || r == '…' || r == '\n' || r == ';':
			return true
		case unicode.IsSpace(r) || strings.ContainsRune("«“\"'‘(¿¡—–-[", r):
			i -= size
		default:
			return false
		}
	}
	return true
}

// find returns the names in s as byte ranges, left to right, not
// overlapping; a whole name wins over its words.
func (m *nameMatcher) find(s string) [][2]int {
	if m == nil || s == "" {
		return nil
	}
	words := tokenizeWords(s)
	var out [][2]int
	for i := 0; i < len(words); i++ {
		w := s[words[i].start:words[i].end]
		matched := false
		for _, n := range m.byFirst[w] {
			if i+len(n) > len(words) {
				continue
			}
			ok := true
			for k := 1; k < len(n) && ok; k++ {
				ok = joined(s, words[i+k-1], words[i+k]) && s[words[i+k].start:words[i+k].end] == n[k]
			}
			if ok {
				out = append(out, [2]int{words[i].start, words[i+len(n)-1].end})
				i += len(n) - 1
				matched = true
				break
			}
		}
		if !matched && m.single[w] {
			out = append(out, [2]int{words[i].start, words[i].end})
		}
	}
	return out
}
