package main

import (
	"bufio"
	"fmt"
	"log"
	"os/exec"
	"sort"
	"strings"
	"time"
	"unicode"

	"newsbridge/model"
	"newsbridge/translate"
)

// The -stems mode measures how glossary terms match their inflected forms
// (translate.FindTerms) on the sources of the development data: the most
// frequent lower-case words of four letters or more are made terms, and
// each word of the text matched in an inflected form is checked against
// Apertium's morphological analyser of the language: the match is right
// when the word and the term share a lemma ("riberas" and "ribera": both
// ribera), false otherwise ("partes" for the term "parte" is right; a
// false one would be "mes" for "me").

// analysers are the Apertium analysers of the source languages.
var analysers = map[string]string{
	"es": "/usr/share/apertium/apertium-spa-cat/spa-cat.automorf.bin",
	"en": "/usr/share/apertium/apertium-eng-spa/eng-spa.automorf.bin",
	"nb": "/usr/share/apertium/apertium-nno-nob/nob-nno.automorf.bin",
}

type stemResult struct {
	pair, lang              string
	terms                   int
	exact, inflected, wrong int
	examples                []string
}

func runStems(data, only string, limit, nTerms int, md string) {
	var rs []stemResult
	done := map[string]bool{}
	for _, p := range pairs {
		if only != "" && !contains(strings.Split(only, ","), p.name) || done[p.from] || analysers[p.from] == "" {
			continue
		}
		done[p.from] = true
		src, _ := load(p, data, limit)
		rs = append(rs, stems(p, src, nTerms))
	}
	var b strings.Builder
	fmt.Fprintf(&b, "%s\n\n", stemsTitle)
	fmt.Fprintf(&b, "%s. Command:\n\n    go -C bench run ./quality -stems %s\n\n", time.Now().Format("2006-01-02"), strings.Join(onlyArgs(), " "))
	b.WriteString("The sources of `../shared/devdata`; the terms are the most frequent lower-case words of four letters or more (function words and words of fewer letters left out); a match is right when Apertium's analyser of the language gives the word and the term a common lemma.\n\n")
	b.WriteString("| source language (data) | terms | exact matches | inflected matches | of them wrong | examples of wrong ones |\n|---|---|---|---|---|---|\n")
	for _, r := range rs {
		fmt.Fprintf(&b, "| %s (%s) | %d | %d | %d | %d (%.1f%%) | %s |\n", r.lang, r.pair, r.terms, r.exact, r.inflected, r.wrong, pct(r.wrong, r.inflected), strings.Join(r.examples, ", "))
	}
	b.WriteString("\n")
	fmt.Print(b.String())
	if md != "" {
		if err := replaceSection(md, stemsTitle, b.String()); err != nil {
			log.Fatal(err)
		}
	}
}

const stemsTitle = "## Glossary terms in inflected forms"

func onlyArgs() []string {
	var out []string
	for _, a := range flagArgs() {
		if a != "-stems" && !strings.HasPrefix(a, "-md") && !strings.HasSuffix(a, ".md") {
			out = append(out, a)
		}
	}
	return out
}

func pct(a, b int) float64 {
	if b == 0 {
		return 0
	}
	return 100 * float64(a) / float64(b)
}

func stems(p pair, src []string, nTerms int) stemResult {
	r := stemResult{pair: p.name, lang: p.from}
	count := map[string]int{}
	for _, s := range src {
		for _, w := range strings.FieldsFunc(s, func(r rune) bool { return !unicode.IsLetter(r) }) {
			if len([]rune(w)) >= 4 && strings.ToLower(w) == w {
				count[w]++
			}
		}
	}
	words := make([]string, 0, len(count))
	for w := range count {
		words = append(words, w)
	}
	sort.Slice(words, func(i, j int) bool {
		if count[words[i]] != count[words[j]] {
			return count[words[i]] > count[words[j]]
		}
		return words[i] < words[j]
	})
	var terms []model.GlossaryTerm
	for _, w := range words {
		if len(terms) == nTerms {
			break
		}
		if !isFunctionWord(p.from, w) {
			terms = append(terms, model.GlossaryTerm{SourceLang: p.from, Term: w})
		}
	}
	r.terms = len(terms)
	type pairKey struct{ term, word string }
	seen := map[pairKey]int{}
	for _, s := range src {
		for _, m := range translate.FindTerms(terms, p.from, s) {
			if !m.Inflected {
				r.exact++
				continue
			}
			r.inflected++
			seen[pairKey{m.Term.Term, strings.ToLower(s[m.Start:m.End])}]++
		}
	}
	var ask []string
	for k := range seen {
		ask = append(ask, k.term, k.word)
	}
	lemmas, err := analyse(analysers[p.from], ask)
	if err != nil {
		log.Fatalf("quality: analyser %s: %v", p.from, err)
	}
	var wrong []string
	for k, n := range seen {
		if !shareLemma(lemmas[k.term], lemmas[k.word]) {
			r.wrong += n
			wrong = append(wrong, fmt.Sprintf("%s → %s (%d)", k.term, k.word, n))
		}
	}
	sort.Strings(wrong)
	if len(wrong) > 8 {
		wrong = wrong[:8]
	}
	r.examples = wrong
	return r
}

func isFunctionWord(lang, w string) bool {
	// the checks' own word lists are not exported; a short list of the
	// frequent words that are not terms does here
	common := map[string]string{
		"es": "para como pero este esta estos estas más sobre entre cuando donde desde hasta porque según también todo todos todas había están eran será dijo otro otra otros otras años ahora sólo solo muchos mucho cada parte", "en": "that this these those with from have were been their they which would said after about than when where there also more most year years will could should what into over just only then some other", "nb": "ikke også etter mens være vært blir ble skal kommer sier noen hvor hvordan dette disse",
	}[lang]
	for _, c := range strings.Fields(common) {
		if c == w {
			return true
		}
	}
	return false
}

// analyse runs words through an Apertium analyser and returns each word's
// lemmas (lower case).
func analyse(bin string, words []string) (map[string][]string, error) {
	out := map[string][]string{}
	if len(words) == 0 {
		return out, nil
	}
	cmd := exec.Command("lt-proc", bin)
	cmd.Stdin = strings.NewReader(strings.Join(words, "\n") + "\n")
	b, err := cmd.Output()
	if err != nil {
		return nil, err
	}
	sc := bufio.NewScanner(strings.NewReader(string(b)))
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	for sc.Scan() {
		line := sc.Text()
		for _, lu := range strings.Split(line, "$") {
			i := strings.Index(lu, "^")
			if i < 0 {
				continue
			}
			parts := strings.Split(lu[i+1:], "/")
			if len(parts) < 2 {
				continue
			}
			surface := strings.ToLower(parts[0])
			for _, a := range parts[1:] {
				lemma := a
				if k := strings.Index(a, "<"); k >= 0 {
					lemma = a[:k]
				}
				lemma = strings.TrimPrefix(strings.ToLower(lemma), "*")
				out[surface] = append(out[surface], lemma)
			}
		}
	}
	return out, sc.Err()
}

func shareLemma(a, b []string) bool {
	for _, x := range a {
		for _, y := range b {
			if x == y {
				return true
			}
		}
	}
	return false
}
