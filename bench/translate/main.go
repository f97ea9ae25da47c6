// Command translate-bench measures newsbridge/translate end to end on a
// generated corpus of Spanish news articles translated into Catalan, and in
// the same run the raw Apertium pipeline (`apertium -f txt spa-cat` over the
// whole corpus in one process) and, when installed, Apertium's HTTP server
// APy on the same text. It prints a Markdown section for docs/benchmarks.md
// (and appends it there with -md).
//
//	go -C bench run ./translate -articles 220 -md docs/benchmarks.md
//
// newsbridge's passes go through the real pipeline: segment, protect
// (with a glossary of the corpus's people), translation-memory lookup, one
// engine call per article through the embedded Apertium engine
// (translate/engine/apertium), restore, quality checks, save to memory. The
// memory is the store's SQLite memory in a temporary data directory
// (-memory sqlite, the default) or the in-memory cache (-memory cache).
// The second pass translates the same articles again: every sentence is a
// memory hit.
package main

import (
	"bytes"
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"log"
	"math/rand/v2"
	"net"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"runtime/pprof"
	"sort"
	"strings"
	"sync"
	"time"

	"newsbridge/bench/internal/repo"
	"newsbridge/model"
	"newsbridge/store"
	"newsbridge/translate"
	"newsbridge/translate/engine/apertium"
)

func main() {
	if err := repo.Chdir(); err != nil {
		log.Fatal(err)
	}
	var (
		articles = flag.Int("articles", 220, "number of articles in the corpus")
		seed     = flag.Uint64("seed", 1, "corpus seed")
		memory   = flag.String("memory", "sqlite", "translation memory: sqlite (the store) or cache (in memory)")
		workers  = flag.Int("workers", 2, "articles translated concurrently")
		noAPy    = flag.Bool("no-apy", false, "skip APy even if installed")
		md       = flag.String("md", "", "append the Markdown section to this file")
		dump     = flag.String("dump", "", "write the corpus as plain text to this file and exit")
		noRaw    = flag.Bool("no-raw", false, "skip the raw Apertium run")
		profile  = flag.String("cpuprofile", "", "write a CPU profile of pass 2 to this file")
	)
	flag.Parse()
	log.SetFlags(0)
	ctx := context.Background()

	g := &gen{r: rand.New(rand.NewPCG(*seed, 2026))}
	corpus := make([]*model.Article, *articles)
	var plain strings.Builder
	for i := range corpus {
		corpus[i] = g.article(i)
		if i > 0 {
			plain.WriteString("\n\n")
		}
		plain.WriteString(plainText(corpus[i]))
	}
	text := plain.String() + "\n"
	words := len(strings.Fields(text))
	if *dump != "" {
		if err := os.WriteFile(*dump, []byte(text), 0o644); err != nil {
			log.Fatal(err)
		}
		return
	}
	log.Printf("corpus: %d articles, %d words, %d bytes", len(corpus), words, len(text))

	// 1. raw Apertium, one process over the whole corpus
	rawDur, rawCPU := time.Duration(1), time.Duration(1)
	if !*noRaw {
		var err error
		if rawDur, rawCPU, err = timeRaw(ctx, text); err != nil {
			log.Fatal(err)
		}
	}
	log.Printf("raw apertium: %v wall (%.0f words/s), %v CPU (%.0f words per CPU-second)", rawDur.Round(time.Millisecond), float64(words)/rawDur.Seconds(), rawCPU.Round(time.Millisecond), float64(words)/rawCPU.Seconds())

	// 2. newsbridge, first pass and all-memory second pass
	var mem model.Memory
	memName := "in-memory cache (translate.NewMemoryCache)"
	switch *memory {
	case "cache":
		mem = translate.NewMemoryCache()
	case "sqlite":
		dir, err := os.MkdirTemp("", "translate-bench")
		if err != nil {
			log.Fatal(err)
		}
		defer os.RemoveAll(dir)
		st, err := store.OpenSQLite(filepath.Join(dir, "newsbridge.db"))
		if err != nil {
			log.Fatal(err)
		}
		defer st.Close()
		if err := st.Migrate(ctx); err != nil {
			log.Fatal(err)
		}
		mem = st
		memName = "SQLite store (store.OpenSQLite, WAL)"
	default:
		log.Fatalf("unknown -memory %q", *memory)
	}
	eng := apertium.New(apertium.Options{})
	defer eng.Close()
	tr := &translate.Translator{Router: translate.NewRouter(eng), Memory: mem, Glossary: peopleGlossary()}
	// start the pipeline outside the timing, as a running server has it
	if _, _, err := tr.TranslateText(ctx, "es", "ca", "Hola."); err != nil {
		log.Fatal(err)
	}

	p1, err := pass(ctx, tr, corpus, *workers)
	if err != nil {
		log.Fatal(err)
	}
	log.Printf("newsbridge pass 1: %v wall (%.0f words/s), %v CPU; %d segments, %d sent, %d flags; heap %s",
		p1.dur.Round(time.Millisecond), float64(words)/p1.dur.Seconds(), p1.cpu.Round(time.Millisecond), p1.segments, p1.fresh, p1.flags, p1.heap())
	if *profile != "" {
		f, err := os.Create(*profile)
		if err != nil {
			log.Fatal(err)
		}
		pprof.StartCPUProfile(f)
	}
	for _, ex := range p1.examples {
		log.Printf("  flag %s", ex)
	}
	p2, err := pass(ctx, tr, corpus, *workers)
	if *profile != "" {
		pprof.StopCPUProfile()
	}
	if err != nil {
		log.Fatal(err)
	}
	log.Printf("newsbridge pass 2: %v wall (%.0f words/s), %v CPU; %d from memory of %d; heap %s",
		p2.dur.Round(time.Millisecond), float64(words)/p2.dur.Seconds(), p2.cpu.Round(time.Millisecond), p2.fromMemory, p2.segments, p2.heap())

	// without memory: what the pipeline costs when nothing repeats
	p0, err := pass(ctx, &translate.Translator{Router: tr.Router, Glossary: tr.Glossary}, corpus, *workers)
	if err != nil {
		log.Fatal(err)
	}
	log.Printf("newsbridge without memory: %v wall (%.0f words/s), %v CPU",
		p0.dur.Round(time.Millisecond), float64(words)/p0.dur.Seconds(), p0.cpu.Round(time.Millisecond))

	// 3. APy, when installed
	var apyDur, apyCPU time.Duration
	apyNote := "not installed"
	if _, err := exec.LookPath("apertium-apy"); err == nil && !*noAPy {
		apyDur, apyCPU, err = timeAPy(ctx, corpus)
		if err != nil {
			apyNote = "failed: " + err.Error()
			apyDur = 0
		} else {
			apyNote = ""
			log.Printf("apy: %v wall (%.0f words/s), %v CPU", apyDur.Round(time.Millisecond), float64(words)/apyDur.Seconds(), apyCPU.Round(time.Millisecond))
		}
	} else if *noAPy {
		apyNote = "skipped (-no-apy)"
	}

	out := report(reportData{
		articles: len(corpus), words: words, bytes: len(text), memName: memName, workers: *workers,
		raw: rawDur, rawCPU: rawCPU, apyCPU: apyCPU, p0: p0, p1: p1, p2: p2, apy: apyDur, apyNote: apyNote, version: eng.Version(),
		args: strings.Join(os.Args[1:], " "),
	})
	fmt.Print(out)
	if *md != "" {
		f, err := os.OpenFile(*md, os.O_APPEND|os.O_CREATE|os.O_WRONLY, 0o644)
		if err != nil {
			log.Fatal(err)
		}
		defer f.Close()
		if _, err := f.WriteString(out); err != nil {
			log.Fatal(err)
		}
	}
}

// peopleGlossary protects the corpus's people: one spelling, never
// translated ("Rosa", "Pilar" and "Ángel" are also common nouns).
type staticGlossary []model.GlossaryTerm

func (g staticGlossary) GlossaryTerms(context.Context, string) ([]model.GlossaryTerm, error) {
	return g, nil
}
func (g staticGlossary) GlossaryVersion(context.Context) (int64, error) { return 1, nil }

func peopleGlossary() model.Glossary {
	var g staticGlossary
	for i, p := range people {
		g = append(g, model.GlossaryTerm{ID: int64(i + 1), SourceLang: "es", Term: p, Kind: model.TermPerson})
	}
	return g
}

func timeRaw(ctx context.Context, text string) (wall, cpu time.Duration, err error) {
	cmd := exec.CommandContext(ctx, "apertium", "-f", "txt", "spa-cat")
	cmd.Stdin = strings.NewReader(text)
	var out, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &stderr
	c0 := waitedChildren()
	start := time.Now()
	if err := cmd.Run(); err != nil {
		return 0, 0, fmt.Errorf("apertium spa-cat: %v: %s", err, stderr.String())
	}
	return time.Since(start), waitedChildren() - c0, nil
}

type passResult struct {
	cpu                                time.Duration
	dur                                time.Duration
	segments, fresh, fromMemory, flags int
	kinds                              map[string]int
	examples                           []string
	heapSamples                        []uint64
}

func (p passResult) heap() string {
	var s []string
	for _, h := range p.heapSamples {
		s = append(s, fmt.Sprintf("%.1f", float64(h)/(1<<20)))
	}
	return strings.Join(s, " → ") + " MiB"
}

// pass translates every article with workers goroutines. The heap is
// sampled (after a GC) every 50 articles.
func pass(ctx context.Context, tr *translate.Translator, corpus []*model.Article, workers int) (passResult, error) {
	var res passResult
	var mu sync.Mutex
	var firstErr error
	sample := func() {
		runtime.GC()
		var ms runtime.MemStats
		runtime.ReadMemStats(&ms)
		res.heapSamples = append(res.heapSamples, ms.HeapAlloc)
	}
	sample()
	jobs := make(chan *model.Article)
	var wg sync.WaitGroup
	done := 0
	c0 := cpuStart()
	start := time.Now()
	var paused, pausedCPU time.Duration
	for w := 0; w < max(workers, 1); w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for a := range jobs {
				t, err := tr.TranslateArticle(ctx, a, "ca")
				mu.Lock()
				if err != nil && firstErr == nil {
					firstErr = err
				}
				if t != nil {
					res.segments += len(t.Segments)
					res.flags += len(t.Flags)
					if res.kinds == nil {
						res.kinds = map[string]int{}
					}
					for _, f := range t.Flags {
						res.kinds[f.Kind]++
						if res.kinds[f.Kind] <= 3 {
							res.examples = append(res.examples, f.Kind+": "+f.Message)
						}
					}
					for _, s := range t.Segments {
						if s.FromMemory {
							res.fromMemory++
						}
					}
				}
				done++
				mu.Unlock()
			}
		}()
	}
	for i, a := range corpus {
		if i > 0 && i%50 == 0 {
			mu.Lock()
			ps, pc := time.Now(), selfCPU()
			sample()
			paused += time.Since(ps)
			pausedCPU += selfCPU() - pc
			mu.Unlock()
		}
		jobs <- a
	}
	close(jobs)
	wg.Wait()
	res.dur = time.Since(start) - paused
	res.cpu = cpuEnd() - c0 - pausedCPU
	sample()
	res.fresh = res.segments - res.fromMemory
	return res, firstErr
}

// timeAPy starts APy on a free loopback port and posts every article's text
// to /translate, workers at a time like newsbridge's passes.
func timeAPy(ctx context.Context, corpus []*model.Article) (wall, cpu time.Duration, err error) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return 0, 0, err
	}
	port := l.Addr().(*net.TCPAddr).Port
	l.Close()
	dir, err := os.MkdirTemp("", "apy")
	if err != nil {
		return 0, 0, err
	}
	defer os.RemoveAll(dir)
	// only the pair measured: APy starts its pipes lazily anyway
	modes := filepath.Join(dir, "modes")
	if err := os.MkdirAll(modes, 0o755); err != nil {
		return 0, 0, err
	}
	if err := os.Symlink("/usr/share/apertium/modes/spa-cat.mode", filepath.Join(modes, "spa-cat.mode")); err != nil {
		return 0, 0, err
	}
	cmd := exec.CommandContext(ctx, "apertium-apy", "-p", fmt.Sprint(port), "-t", "300", "-l", filepath.Join(dir, "langNames.db"), modes)
	var logs bytes.Buffer
	cmd.Stdout, cmd.Stderr = &logs, &logs
	if err := cmd.Start(); err != nil {
		return 0, 0, err
	}
	defer func() { cmd.Process.Kill(); cmd.Wait() }()
	base := fmt.Sprintf("http://127.0.0.1:%d", port)
	client := &http.Client{Timeout: 5 * time.Minute}
	post := func(text string) error {
		resp, err := client.PostForm(base+"/translate", url.Values{"langpair": {"spa|cat"}, "q": {text}})
		if err != nil {
			return err
		}
		defer resp.Body.Close()
		var r struct {
			ResponseData struct {
				TranslatedText string `json:"translatedText"`
			} `json:"responseData"`
			ResponseStatus int `json:"responseStatus"`
		}
		if err := json.NewDecoder(resp.Body).Decode(&r); err != nil {
			return err
		}
		if r.ResponseStatus != 200 || r.ResponseData.TranslatedText == "" {
			return fmt.Errorf("apy answered status %d", r.ResponseStatus)
		}
		return nil
	}
	deadline := time.Now().Add(60 * time.Second)
	for { // wait for it to listen, and warm the pipe up
		if err := post("Hola."); err == nil {
			break
		}
		if time.Now().After(deadline) {
			return 0, 0, fmt.Errorf("apy did not start: %s", logs.String())
		}
		time.Sleep(300 * time.Millisecond)
	}
	c0 := cpuStart()
	start := time.Now()
	for _, a := range corpus {
		if err := post(plainText(a)); err != nil {
			return 0, 0, err
		}
	}
	return time.Since(start), cpuEnd() - c0, nil
}

type reportData struct {
	articles, words, bytes int
	memName                string
	workers                int
	raw, rawCPU            time.Duration
	p0, p1, p2             passResult
	apy, apyCPU            time.Duration
	apyNote                string
	version                string
	args                   string
}

func cpuModel() string {
	b, err := os.ReadFile("/proc/cpuinfo")
	if err != nil {
		return "unknown CPU"
	}
	for _, line := range strings.Split(string(b), "\n") {
		if strings.HasPrefix(line, "model name") {
			if i := strings.IndexByte(line, ':'); i >= 0 {
				return strings.TrimSpace(line[i+1:])
			}
		}
	}
	return "unknown CPU"
}

func report(d reportData) string {
	w := float64(d.words)
	rate := func(t time.Duration) float64 { return w / t.Seconds() }
	var b strings.Builder
	fmt.Fprintf(&b, "\n### Translation es→ca, %s\n\n", time.Now().UTC().Format("2006-01-02 15:04 MST"))
	fmt.Fprintf(&b, "Machine: %d CPUs (nproc), %s, shared with other engineers' builds and benchmarks (load average during the run: %s). Apertium %s.\n", runtime.NumCPU(), cpuModel(), loadAvg(), d.version)
	fmt.Fprintf(&b, "Command: `go -C bench run ./translate %s`\n\n", d.args)
	fmt.Fprintf(&b, "Corpus: %d generated Spanish articles, %d words, %d bytes (title, lead, category, paragraphs, headings, captions, alt texts). Memory: %s. newsbridge translates %d articles at a time through the embedded Apertium engine, one engine call per article.\n\n",
		d.articles, d.words, d.bytes, d.memName, d.workers)
	b.WriteString("CPU time counts the process and every program it runs (the Apertium pipelines, APy); on a shared machine it is the steadier measure, wall time is shown too.\n\n")
	b.WriteString("| run | wall | words/s (wall) | CPU | words per CPU-second | ratio (CPU) | ratio (wall) |\n| --- | ---: | ---: | ---: | ---: | --- | --- |\n")
	fmt.Fprintf(&b, "| raw `apertium -f txt spa-cat`, one process, whole corpus | %.1f s | %.0f | %.1f s | %.0f | 1× | 1× |\n", d.raw.Seconds(), rate(d.raw), d.rawCPU.Seconds(), rate(d.rawCPU))
	fmt.Fprintf(&b, "| newsbridge pass 1: segment, protect, memory lookup, engine, restore, checks, save | %.1f s | %.0f | %.1f s | %.0f | %.2f× raw (target ≥ 0.9×) | %.2f× raw |\n",
		d.p1.dur.Seconds(), rate(d.p1.dur), d.p1.cpu.Seconds(), rate(d.p1.cpu), rate(d.p1.cpu)/rate(d.rawCPU), rate(d.p1.dur)/rate(d.raw))
	fmt.Fprintf(&b, "| newsbridge without memory: every sentence to the engine (repeats inside an article sent once) | %.1f s | %.0f | %.1f s | %.0f | %.2f× raw | %.2f× raw |\n",
		d.p0.dur.Seconds(), rate(d.p0.dur), d.p0.cpu.Seconds(), rate(d.p0.cpu), rate(d.p0.cpu)/rate(d.rawCPU), rate(d.p0.dur)/rate(d.raw))
	fmt.Fprintf(&b, "| newsbridge pass 2: every sentence from memory | %.2f s | %.0f | %.2f s | %.0f | %.0f× pass 1 (target ≥ 50×) | %.0f× pass 1 |\n",
		d.p2.dur.Seconds(), rate(d.p2.dur), d.p2.cpu.Seconds(), rate(d.p2.cpu), d.p1.cpu.Seconds()/d.p2.cpu.Seconds(), d.p1.dur.Seconds()/d.p2.dur.Seconds())
	if d.apy > 0 {
		fmt.Fprintf(&b, "| APy (apertium-apy 0.11), one POST /translate per article | %.1f s | %.0f | %.1f s | %.0f | newsbridge pass 1 = %.2f× APy (target ≥ 3×) | %.2f× APy |\n",
			d.apy.Seconds(), rate(d.apy), d.apyCPU.Seconds(), rate(d.apyCPU), rate(d.p1.cpu)/rate(d.apyCPU), rate(d.p1.dur)/rate(d.apy))
		fmt.Fprintf(&b, "\nWithout memory newsbridge is %.2f× APy in CPU, %.2f× in wall time.\n", rate(d.p0.cpu)/rate(d.apyCPU), rate(d.p0.dur)/rate(d.apy))
	} else {
		fmt.Fprintf(&b, "| APy | – | – | – | – | %s | |\n", d.apyNote)
	}
	fmt.Fprintf(&b, "\nPass 1: %d segments, %d missed memory and went to the engine (the others repeat a sentence met earlier in the pass once numbers, dates and links are placeholders), %d flags raised (%s). Pass 2: %d of %d segments from memory.\n",
		d.p1.segments, d.p1.fresh, d.p1.flags, kindList(d.p1.kinds), d.p2.fromMemory, d.p2.segments)
	fmt.Fprintf(&b, "Heap after GC, every 50 articles: pass 1 %s; pass 2 %s.\n", d.p1.heap(), d.p2.heap())
	return b.String()
}

func kindList(m map[string]int) string {
	var ks []string
	for k := range m {
		ks = append(ks, k)
	}
	sort.Strings(ks)
	var out []string
	for _, k := range ks {
		out = append(out, fmt.Sprintf("%s %d", k, m[k]))
	}
	return strings.Join(out, ", ")
}

func loadAvg() string {
	b, err := os.ReadFile("/proc/loadavg")
	if err != nil {
		return "unknown"
	}
	f := strings.Fields(string(b))
	if len(f) < 3 {
		return "unknown"
	}
	return strings.Join(f[:3], " ")
}
