// Command quality measures translation quality on real news: the parallel
// text in ../shared/devdata (WMT news en→es, Global Voices es→ca and en→ca,
// news-agency copy nb→nn), grouped into articles, each article translated
// by newsbridge as `newsbridge translate` does it (translate.Translator over
// the embedded Apertium engine, a fresh memory, no glossary) and, on the
// same sentences, by raw Apertium (`apertium -f txt MODE`, the default mode
// with its unknown-word marks, the marks * # @ then removed, as a user of
// the raw engine would read it). It reports per pair chrF and BLEU of both
// against the human reference, the numbers each loses, whether person names
// are written one way in each article, and writes the sentences where
// newsbridge loses most to raw to a file.
//
//	go -C bench run ./quality                    # every pair, full sets
//	go -C bench run ./quality -pairs es-ca -limit 300
//	go -C bench run ./quality -md docs/benchmarks.md
//	go -C bench run ./quality -pairs en-es -mixed   # log the names written two ways, with their sentences
//	go -C bench run ./quality -checks -limit 3000  # the quality checks' recall and false flags
//	go -C bench run ./quality -stems -limit 3000   # glossary terms' inflected matches, checked by Apertium's analysers
package main

import (
	"context"
	"flag"
	"fmt"
	"log"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime"
	"sort"
	"strings"
	"time"
	"unicode"

	"newsbridge/bench/internal/repo"
	"newsbridge/bench/quality/metric"
	"newsbridge/translate"
	"newsbridge/translate/engine/apertium"
)

// pair is one language pair of the development data.
type pair struct {
	name, from, to string
	mode           string // the Apertium mode raw Apertium runs
	load           func(dir string) (src, ref []string, err error)
}

var pairs = []pair{
	{"en-es", "en", "es", "eng-spa", func(dir string) ([]string, []string, error) {
		var src, ref []string
		for _, set := range []string{"newstest2012", "newstest2013"} {
			s, r, err := twoFiles(filepath.Join(dir, "en-es", set+".en"), filepath.Join(dir, "en-es", set+".es"))
			if err != nil {
				return nil, nil, err
			}
			src, ref = append(src, s...), append(ref, r...)
		}
		return src, ref, nil
	}},
	{"es-ca", "es", "ca", "spa-cat", func(dir string) ([]string, []string, error) {
		return twoFiles(filepath.Join(dir, "es-ca", "globalvoices.es"), filepath.Join(dir, "es-ca", "globalvoices.ca"))
	}},
	{"en-ca", "en", "ca", "eng-cat", func(dir string) ([]string, []string, error) {
		return twoFiles(filepath.Join(dir, "en-ca", "globalvoices.en"), filepath.Join(dir, "en-ca", "globalvoices.ca"))
	}},
	{"nb-nn", "nb", "nn", "nob-nno", func(dir string) ([]string, []string, error) {
		b, err := os.ReadFile(filepath.Join(dir, "nb-nn", "npk-dev.tsv"))
		if err != nil {
			return nil, nil, err
		}
		var src, ref []string
		for _, l := range strings.Split(strings.TrimRight(string(b), "\n"), "\n") {
			s, r, ok := strings.Cut(l, "\t")
			if !ok {
				continue
			}
			src, ref = append(src, strings.TrimSpace(s)), append(ref, strings.TrimSpace(r))
		}
		return src, ref, nil
	}},
}

func twoFiles(a, b string) ([]string, []string, error) {
	var out [2][]string
	for i, p := range []string{a, b} {
		data, err := os.ReadFile(p)
		if err != nil {
			return nil, nil, err
		}
		for _, l := range strings.Split(strings.TrimRight(string(data), "\n"), "\n") {
			out[i] = append(out[i], strings.TrimSpace(l))
		}
	}
	if len(out[0]) != len(out[1]) {
		return nil, nil, fmt.Errorf("%s and %s differ in length (%d, %d lines)", a, b, len(out[0]), len(out[1]))
	}
	return out[0], out[1], nil
}

func main() {
	var (
		data    = flag.String("data", "../shared/devdata", "the development data (relative to the working directory)")
		only    = flag.String("pairs", "", "comma-separated pairs to run (en-es,es-ca,en-ca,nb-nn); default all")
		limit   = flag.Int("limit", 0, "at most this many sentences per pair (0: all)")
		article = flag.Int("article", 15, "sentences per article")
		worst   = flag.String("worst", filepath.Join(os.TempDir(), "newsbridge-quality-worst.md"), "write the sentences where newsbridge loses most to raw Apertium here")
		md      = flag.String("md", "", "add (or replace) the results section in this Markdown file")
		checkM  = flag.Bool("checks", false, "measure the quality checks instead: seed defects into the human references, report each flag's recall and false flags")
		misses  = flag.String("misses", filepath.Join(os.TempDir(), "newsbridge-quality-checks.md"), "with -checks, write the defects missed and the clean sentences flagged here")
		stemM   = flag.Bool("stems", false, "measure instead how glossary terms match inflected forms: the frequent words of the sources as terms, each inflected match checked against Apertium's analyser")
		nTerms  = flag.Int("terms", 300, "with -stems, how many terms")
		lexicon = flag.Bool("lexicon", true, "with -checks, give the checks Apertium's morphological analysers, as the translator does (false: without, as where no analyser is installed)")
	)
	flag.Parse()
	if err := repo.Chdir(); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	log.SetFlags(0)
	ctx := context.Background()

	eng := apertium.New(apertium.Options{MarkUnknown: true})
	defer eng.Close()
	if *checkM {
		c := translate.Checks{}
		if *lexicon {
			c.Lexicon = eng
		}
		runChecks(c, *data, *only, *limit, *article, *md, *misses)
		return
	}
	if *stemM {
		runStems(*data, *only, *limit, *nTerms, *md)
		return
	}
	var results []result
	var worstText strings.Builder
	for _, p := range pairs {
		if *only != "" && !contains(strings.Split(*only, ","), p.name) {
			continue
		}
		src, ref := load(p, *data, *limit)
		start := time.Now()
		raw, err := rawApertium(ctx, p.mode, src)
		if err != nil {
			log.Fatalf("quality: raw apertium %s: %v", p.name, err)
		}
		rawDur := time.Since(start)
		start = time.Now()
		nb, arts, err := newsbridge(ctx, eng, p, src, *article)
		if err != nil {
			log.Fatalf("quality: newsbridge %s: %v", p.name, err)
		}
		r := score(p, src, ref, raw, nb, arts)
		log.Printf("%s: %d sentences, %d articles; raw %v, newsbridge %v; chrF raw %.2f newsbridge %.2f", p.name, len(src), len(arts), rawDur.Round(time.Second), time.Since(start).Round(time.Second), r.chrfRaw, r.chrfNB)
		results = append(results, r)
		worstText.WriteString(r.worst)
	}
	table := render(results, os.Args[1:])
	fmt.Print(table)
	if *worst != "" {
		if err := os.WriteFile(*worst, []byte(worstText.String()), 0o644); err != nil {
			log.Fatal(err)
		}
		log.Printf("worst sentences: %s", *worst)
	}
	if *md != "" {
		if err := replaceSection(*md, sectionTitle, table); err != nil {
			log.Fatal(err)
		}
	}
}

// load reads a pair's sentences, at most limit, both sides non-empty.
func load(p pair, data string, limit int) ([]string, []string) {
	src, ref, err := p.load(data)
	if err != nil {
		log.Fatalf("quality: unable to read %s: %v", p.name, err)
	}
	if limit > 0 && len(src) > limit {
		src, ref = src[:limit], ref[:limit]
	}
	// lines empty on either side say nothing about the translation
	var s2, r2 []string
	for i := range src {
		if src[i] != "" && ref[i] != "" {
			s2, r2 = append(s2, src[i]), append(r2, ref[i])
		}
	}
	return s2, r2
}

// runChecks is the -checks mode.
func runChecks(c translate.Checks, data, only string, limit, article int, md, misses string) {
	var rs []checkResult
	var ex strings.Builder
	for _, p := range pairs {
		if only != "" && !contains(strings.Split(only, ","), p.name) {
			continue
		}
		src, ref := load(p, data, limit)
		r := checks(c, p, src, ref, article)
		rs = append(rs, r)
		for _, e := range r.examples {
			ex.WriteString(e + "\n\n")
		}
	}
	table := renderChecks(rs, os.Args[1:], c.Lexicon != nil)
	fmt.Print(table)
	if misses != "" {
		if err := os.WriteFile(misses, []byte(ex.String()), 0o644); err != nil {
			log.Fatal(err)
		}
		log.Printf("defects missed, clean sentences flagged: %s", misses)
	}
	if md != "" {
		// what follows the generated tables (notes on earlier runs, and
		// the subsections of other benchmarks filed under this one) is
		// kept
		if err := replaceSection(md, checksTitle, table+notesAfter(md, checksTitle, falseFlagsHeader)); err != nil {
			log.Fatal(err)
		}
	}
}

// notesAfter returns the text of section title in the Markdown file path
// that follows the table whose header line is header (the last table the
// benchmark writes), or "".
func notesAfter(path, title, header string) string {
	b, err := os.ReadFile(path)
	if err != nil {
		return ""
	}
	doc := string(b)
	i := strings.Index(doc, title+"\n")
	if i < 0 {
		return ""
	}
	sec := doc[i+len(title):]
	if k := strings.Index(sec, "\n## "); k >= 0 {
		sec = sec[:k+1]
	}
	h := strings.Index(sec, "\n"+header+"\n")
	if h < 0 {
		return ""
	}
	rest := sec[h+1:]
	end := strings.Index(rest, "\n\n")
	if end < 0 {
		return ""
	}
	return strings.TrimLeft(rest[end:], "\n")
}

// rawApertium translates the sentences with one `apertium -f txt MODE`
// process, sentences apart as paragraphs, and removes the unknown-word
// marks.
func rawApertium(ctx context.Context, mode string, src []string) ([]string, error) {
	const sep = "\n\n"
	cmd := exec.CommandContext(ctx, "apertium", "-f", "txt", mode)
	cmd.Stdin = strings.NewReader(strings.Join(src, sep) + "\n")
	var stderr strings.Builder
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		return nil, fmt.Errorf("%v: %s", err, stderr.String())
	}
	got := strings.Split(strings.TrimRight(string(out), "\n"), sep)
	if len(got) != len(src) {
		return nil, fmt.Errorf("%d sentences in, %d out", len(src), len(got))
	}
	for i := range got {
		got[i] = stripMarks(strings.TrimSpace(got[i]))
	}
	return got, nil
}

var reMark = regexp.MustCompile(`(^|[^\p{L}\p{N}_*#@])[*#@]+([\p{L}\p{N}])`)

// stripMarks removes Apertium's marks (*unknown, @untransferred,
// #ungenerated) before a word.
func stripMarks(s string) string { return reMark.ReplaceAllString(s, "$1$2") }

// newsbridge translates the sentences an article at a time, each sentence
// a paragraph, as `newsbridge translate --from F --to T` does with a text
// file; every article gets a fresh memory. It returns the translations and
// the articles' first sentence indexes.
func newsbridge(ctx context.Context, eng *apertium.Engine, p pair, src []string, size int) ([]string, []int, error) {
	var out []string
	var arts []int
	for i := 0; i < len(src); i += size {
		end := min(i+size, len(src))
		tr := &translate.Translator{Router: translate.NewRouter(eng), Memory: translate.NewMemoryCache(), Lexicon: eng}
		text, _, err := tr.TranslateText(ctx, p.from, p.to, strings.Join(src[i:end], "\n\n"))
		if err != nil {
			return nil, nil, err
		}
		got := strings.Split(text, "\n\n")
		if len(got) != end-i {
			return nil, nil, fmt.Errorf("article at %d: %d paragraphs in, %d out", i, end-i, len(got))
		}
		arts = append(arts, i)
		out = append(out, got...)
	}
	return out, arts, nil
}

type result struct {
	pair                      string
	sentences, articles       int
	chrfRaw, chrfNB           float64
	bleuRaw, bleuNB           float64
	numbers, lostRaw, lostNB  int
	lostRomanRaw, lostRomanNB int // the same, an English ordinal written in Roman numerals kept
	names, consRaw, consNB    int
	mixedRaw, mixedNB         int // names kept in some occurrences and not in others
	aloneRaw, aloneNB         int // the same, surnames counted where they stand alone
	differ, better, worse     int
	worst                     string
}

func score(p pair, src, ref, raw, nb []string, arts []int) result {
	r := result{pair: p.name, sentences: len(src), articles: len(arts)}
	var cr, cn metric.ChrF
	var br, bn metric.BLEU
	type loss struct {
		i     int
		delta float64
	}
	var losses []loss
	for i := range src {
		cr.Add(raw[i], ref[i])
		cn.Add(nb[i], ref[i])
		br.Add(raw[i], ref[i])
		bn.Add(nb[i], ref[i])
		nums := digitRuns(src[i])
		r.numbers += len(nums)
		r.lostRaw += lost(nums, raw[i])
		r.lostNB += lost(nums, nb[i])
		r.lostRomanRaw += lostOrdinals(src[i], nums, raw[i])
		r.lostRomanNB += lostOrdinals(src[i], nums, nb[i])
		if raw[i] != nb[i] {
			r.differ++
			d := metric.SentenceChrF(nb[i], ref[i]) - metric.SentenceChrF(raw[i], ref[i])
			switch {
			case d > 0:
				r.better++
			case d < 0:
				r.worse++
			}
			losses = append(losses, loss{i, d})
		}
	}
	r.chrfRaw, r.chrfNB = cr.Score(), cn.Score()
	r.bleuRaw, r.bleuNB = br.Score(), bn.Score()
	for k, a := range arts {
		end := len(src)
		if k+1 < len(arts) {
			end = arts[k+1]
		}
		n, cRaw, cNB, mRaw, mNB, aRaw, aNB := namesBoth(src[a:end], ref[a:end], raw[a:end], nb[a:end])
		r.aloneRaw += aRaw
		r.aloneNB += aNB
		r.names += n
		r.consRaw += cRaw
		r.consNB += cNB
		r.mixedRaw += mRaw
		r.mixedNB += mNB
	}
	sort.SliceStable(losses, func(a, b int) bool { return losses[a].delta < losses[b].delta })
	var w strings.Builder
	fmt.Fprintf(&w, "# %s: where newsbridge loses most to raw Apertium (sentence chrF)\n\n", p.name)
	for k, l := range losses {
		if k == 10 || l.delta >= 0 {
			break
		}
		i := l.i
		fmt.Fprintf(&w, "%d. line %d, %.1f chrF\n   src: %s\n   ref: %s\n   raw: %s\n   nb:  %s\n\n", k+1, i+1, l.delta, src[i], ref[i], raw[i], nb[i])
	}
	r.worst = w.String()
	return r
}

// digitRuns returns the runs of digits in s: what a number is made of,
// whatever the separators.
func digitRuns(s string) []string {
	var out []string
	start := -1
	for i, c := range s + " " {
		if c >= '0' && c <= '9' {
			if start < 0 {
				start = i
			}
		} else if start >= 0 {
			out = append(out, s[start:i])
			start = -1
		}
	}
	return out
}

var (
	reOrdinal = regexp.MustCompile(`(?i)(?:^|[^\p{L}\p{N}])([0-9]+)(?:st|nd|rd|th)(?:$|[^\p{L}\p{N}])`)
	reRoman   = regexp.MustCompile(`\b[IVXLCDM]{2,}\b`)
)

// lostOrdinals is lost, an English ordinal of src ("19th") kept where out
// has its value in Roman numerals ("siglo XIX").
func lostOrdinals(src string, nums []string, out string) int {
	n := lost(nums, out)
	if n == 0 {
		return 0
	}
	// the numbers lost, as a multiset
	missing := make(map[string]int)
	for _, d := range nums {
		missing[d]++
	}
	for _, d := range digitRuns(out) {
		if missing[d] > 0 {
			missing[d]--
		}
	}
	roman := make(map[string]int)
	for _, r := range reRoman.FindAllString(out, -1) {
		if v := romanValue(r); v > 0 {
			roman[fmt.Sprint(v)]++
		}
	}
	for _, m := range reOrdinal.FindAllStringSubmatch(src, -1) {
		d := m[1]
		if v := strings.TrimLeft(d, "0"); missing[d] > 0 && roman[v] > 0 {
			missing[d]--
			roman[v]--
			n--
		}
	}
	return n
}

// romanValue returns the value of a canonical Roman numeral, or 0.
func romanValue(w string) int {
	val := map[byte]int{'I': 1, 'V': 5, 'X': 10, 'L': 50, 'C': 100, 'D': 500, 'M': 1000}
	total := 0
	for i := 0; i < len(w); i++ {
		v := val[w[i]]
		if i+1 < len(w) && val[w[i+1]] > v {
			total -= v
		} else {
			total += v
		}
	}
	// canonical only: "MIX" is a word too
	var b strings.Builder
	n := total
	for i, v := range []int{1000, 900, 500, 400, 100, 90, 50, 40, 10, 9, 5, 4, 1} {
		for n >= v {
			b.WriteString([]string{"M", "CM", "D", "CD", "C", "XC", "L", "XL", "X", "IX", "V", "IV", "I"}[i])
			n -= v
		}
	}
	if b.String() != w {
		return 0
	}
	return total
}

// lost counts the numbers of nums that out lacks (as a multiset).
func lost(nums []string, out string) int {
	have := make(map[string]int)
	for _, d := range digitRuns(out) {
		have[d]++
	}
	n := 0
	for _, d := range nums {
		if have[d] > 0 {
			have[d]--
		} else {
			n++
		}
	}
	return n
}

// names counts an article's person names and, for raw and newsbridge, how
// many of them are written one way in every sentence that has them. A
// person name here is a run of two or more capitalised words in a source
// sentence that the human reference keeps as it is; its occurrences are
// the sentences with the whole name or its last word (the surname), and
// the name is written one way when every one of them keeps it. Only names
// that occur at least twice are counted. mixed counts the names kept in
// some occurrences and not in others: written two ways at least.
func names(src, ref, raw, nb []string) (n, consRaw, consNB, mixedRaw, mixedNB int) {
	n, consRaw, consNB, mixedRaw, mixedNB, _, _ = namesBoth(src, ref, raw, nb)
	return
}

// namesBoth is names, and also counts the names written two ways when a
// surname's occurrence is one where it stands alone (aloneRaw, aloneNB):
// not inside another run of capitalised words or a hyphenated name, where
// it is another name ("Air" of "Oman Air" in "Dubai Air Show", "Hewlett"
// of "Bill Hewlett" in "Hewlett-Packard", "Street" of "Canal Street" in
// "Wall Street"). The whole name is matched as before.
func namesBoth(src, ref, raw, nb []string) (n, consRaw, consNB, mixedRaw, mixedNB, aloneRaw, aloneNB int) {
	seen := make(map[string]bool)
	for i := range src {
		var cands []string
		for _, r := range capRuns(src[i]) {
			cands = append(cands, r)
			// a sentence's first word is capitalized anyway: "Habló Rubén Castaño"
			if ws := strings.Fields(r); len(ws) > 2 {
				cands = append(cands, strings.Join(ws[1:], " "))
			}
		}
		for _, name := range cands {
			if seen[name] || !strings.Contains(ref[i], name) {
				continue
			}
			seen[name] = true
			ws := strings.Fields(name)
			surname := ws[len(ws)-1]
			okRaw, okNB, occ := true, true, 0
			anyRaw, anyNB := false, false
			// the same with surnames standing alone
			okRawA, okNBA, anyRawA, anyNBA, occA := true, true, false, false, 0
			for k := range src {
				form := nameForm(src[k], name, surname)
				if form == "" {
					continue
				}
				occ++
				okRaw = okRaw && strings.Contains(raw[k], form)
				okNB = okNB && strings.Contains(nb[k], form)
				anyRaw = anyRaw || strings.Contains(raw[k], form)
				anyNB = anyNB || strings.Contains(nb[k], form)
				if form == name || aloneWord(src[k], surname) {
					occA++
					okRawA = okRawA && strings.Contains(raw[k], form)
					okNBA = okNBA && strings.Contains(nb[k], form)
					anyRawA = anyRawA || strings.Contains(raw[k], form)
					anyNBA = anyNBA || strings.Contains(nb[k], form)
				}
			}
			if occ < 2 {
				continue
			}
			if occA >= 2 && anyRawA && !okRawA {
				aloneRaw++
			}
			if occA >= 2 && anyNBA && !okNBA {
				aloneNB++
			}
			n++
			if okRaw {
				consRaw++
			}
			if !okNB && *verbose {
				log.Printf("name not kept: %q", name)
			}
			if okNB {
				consNB++
			}
			if anyRaw && !okRaw {
				mixedRaw++
			}
			if anyNB && !okNB {
				mixedNB++
				if *mixedLog {
					logMixed(name, src, nb)
				}
			}
		}
	}
	return n, consRaw, consNB, mixedRaw, mixedNB, aloneRaw, aloneNB
}

// aloneWord reports whether s has the word w standing alone: not joined
// by a space or a hyphen to a capitalised word before it (other than the
// sentence's first word) or after it.
func aloneWord(s, w string) bool {
	const open, closing = "«\"('‘“¿¡", ".,;:!?»\")'’”"
	fields := strings.Fields(s)
	for i, f := range fields {
		parts := strings.Split(strings.TrimRight(strings.TrimLeft(f, open), closing), "-")
		for k, p := range parts {
			if p != w {
				continue
			}
			if k > 0 && capWord(parts[k-1]) || k+1 < len(parts) && capWord(parts[k+1]) {
				continue // Hewlett-Packard
			}
			before := i > 1 && !strings.ContainsAny(f[:1], open) && !strings.ContainsAny(fields[i-1][len(fields[i-1])-1:], closing) && capWord(fields[i-1])
			after := i+1 < len(fields) && !strings.ContainsAny(f[len(f)-1:], closing) && capWord(strings.TrimRight(fields[i+1], closing))
			if !before && !after {
				return true
			}
		}
	}
	return false
}

// capRuns returns the runs of two or more capitalised words (letters only,
// not all capitals) in s.
func capRuns(s string) []string {
	var out, run []string
	flush := func() {
		if len(run) >= 2 {
			out = append(out, strings.Join(run, " "))
		}
		run = run[:0]
	}
	for _, f := range strings.Fields(s) {
		open := strings.TrimLeft(f, "«\"('‘“¿¡")
		w := strings.TrimRight(open, ".,;:!?»\")'’”")
		if open != f {
			flush()
		}
		if capWord(w) {
			run = append(run, w)
		} else {
			flush()
		}
		if w != open {
			flush()
		}
	}
	flush()
	return out
}

func capWord(w string) bool {
	rs := []rune(w)
	if len(rs) < 2 || !unicode.IsUpper(rs[0]) {
		return false
	}
	lower := false
	for _, r := range rs {
		if !unicode.IsLetter(r) && r != '-' {
			return false
		}
		lower = lower || unicode.IsLower(r)
	}
	return lower
}

func hasWord(s, w string) bool {
	for i := 0; ; {
		k := strings.Index(s[i:], w)
		if k < 0 {
			return false
		}
		a, b := i+k, i+k+len(w)
		if (a == 0 || !isLetter(s[:a], true)) && (b == len(s) || !isLetter(s[b:], false)) {
			return true
		}
		i = a + 1
	}
}

func isLetter(s string, last bool) bool {
	var r rune
	if last {
		rs := []rune(s)
		r = rs[len(rs)-1]
	} else {
		r = []rune(s)[0]
	}
	return unicode.IsLetter(r) || unicode.IsDigit(r)
}

func contains(xs []string, x string) bool {
	for _, y := range xs {
		if y == x {
			return true
		}
	}
	return false
}

var (
	verbose  = flag.Bool("v", false, "log the person names newsbridge does not keep")
	mixedLog = flag.Bool("mixed", false, "log the names newsbridge writes two ways in an article, with the sentences that have them")
)

// nameForm is how a sentence of the source writes a name: whole, as its
// surname alone, or "" when it does not.
func nameForm(src, name, surname string) string {
	switch {
	case strings.Contains(src, name):
		return name
	case hasWord(src, surname):
		return surname
	}
	return ""
}

// logMixed logs a name newsbridge writes two ways: each sentence of the
// article with the name or its surname, source and newsbridge's output.
func logMixed(name string, src, nb []string) {
	ws := strings.Fields(name)
	surname := ws[len(ws)-1]
	var b strings.Builder
	fmt.Fprintf(&b, "name written two ways: %q\n", name)
	for k := range src {
		form := nameForm(src[k], name, surname)
		if form == "" {
			continue
		}
		fmt.Fprintf(&b, "  [%s kept=%v]\n    src: %s\n    nb:  %s\n", form, strings.Contains(nb[k], form), src[k], nb[k])
	}
	log.Print(b.String())
}

const sectionTitle = "## Translation quality on real news"

func render(rs []result, args []string) string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s\n\n", sectionTitle)
	fmt.Fprintf(&b, "%s, %d cores (%s), Apertium from the system packages. Command:\n\n", time.Now().Format("2006-01-02"), runtime.NumCPU(), cpuModel())
	fmt.Fprintf(&b, "    go -C bench run ./quality %s\n\n", strings.Join(args, " "))
	b.WriteString("The parallel news of `../shared/devdata`, grouped into articles of consecutive sentences, each sentence a paragraph. newsbridge: `translate.Translator.TranslateText` over the embedded Apertium engine (the path of `newsbridge translate`), a fresh memory per article, no glossary. Raw: `apertium -f txt MODE` on the same sentences, its unknown-word marks (`*`, `#`, `@`) removed. chrF and BLEU as sacrebleu's defaults (corpus statistics). Numbers: runs of digits of the source missing from the output; the same with an English ordinal (\"19th\") kept where the output writes its value in Roman numerals (\"siglo XIX\"). Names: person names (two or more capitalised words the reference keeps) occurring at least twice in an article, counted when every occurrence (whole name or surname) keeps them; written two ways: kept in some occurrences and not in others; surname alone: the same, a surname counted only where it stands alone, not inside another capitalised run or hyphenated name (\"Air\" of \"Oman Air\" in \"Dubai Air Show\" is another name).\n\n")
	b.WriteString("| pair | sentences (articles) | chrF raw | chrF newsbridge | BLEU raw | BLEU newsbridge | numbers lost, raw / newsbridge | the same, ordinals in Roman numerals kept | names kept everywhere, raw / newsbridge | names written two ways, raw / newsbridge | the same, surname alone | sentences differing: better / worse |\n")
	b.WriteString("|---|---|---|---|---|---|---|---|---|---|---|---|\n")
	for _, r := range rs {
		fmt.Fprintf(&b, "| %s | %d (%d) | %.2f | %.2f | %.2f | %.2f | %d / %d of %d | %d / %d | %d / %d of %d | %d / %d | %d / %d | %d: %d / %d |\n",
			strings.Replace(r.pair, "-", "→", 1), r.sentences, r.articles, r.chrfRaw, r.chrfNB, r.bleuRaw, r.bleuNB,
			r.lostRaw, r.lostNB, r.numbers, r.lostRomanRaw, r.lostRomanNB, r.consRaw, r.consNB, r.names, r.mixedRaw, r.mixedNB, r.aloneRaw, r.aloneNB, r.differ, r.better, r.worse)
	}
	b.WriteString("\n")
	return b.String()
}

func cpuModel() string {
	b, err := os.ReadFile("/proc/cpuinfo")
	if err != nil {
		return runtime.GOARCH
	}
	for _, l := range strings.Split(string(b), "\n") {
		if k, v, ok := strings.Cut(l, ":"); ok && strings.TrimSpace(k) == "model name" {
			return strings.TrimSpace(v)
		}
	}
	return runtime.GOARCH
}

// replaceSection replaces the section of path titled title (up to
// the next "## " heading) by section, or appends it.
func replaceSection(path, title, section string) error {
	b, err := os.ReadFile(path)
	if err != nil && !os.IsNotExist(err) {
		return err
	}
	doc := string(b)
	if i := strings.Index(doc, title+"\n"); i >= 0 {
		rest := doc[i+len(title):]
		end := len(doc)
		if k := strings.Index(rest, "\n## "); k >= 0 {
			end = i + len(title) + k + 1
		}
		doc = doc[:i] + section + doc[end:]
	} else {
		if doc != "" && !strings.HasSuffix(doc, "\n\n") {
			doc = strings.TrimRight(doc, "\n") + "\n\n"
		}
		doc += section
	}
	return os.WriteFile(path, []byte(doc), 0o644)
}

func flagArgs() []string { return os.Args[1:] }
