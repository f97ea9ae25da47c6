// Command search-bench measures newsbridge/search on a generated corpus:
// indexing throughput for N articles in several languages, then the
// latency of 1-, 2- and 3-word queries (highlighting included, as the site
// calls it), and prints a Markdown section for docs/benchmarks.md.
//
//	go -C bench run ./search -n 100000 -queries 3000
//
// Words are synthetic but follow a Zipf distribution over a per-language
// vocabulary, so posting lists have realistic lengths: a few very common
// words, a long tail of rare ones. Queries draw from the same distribution.
package main

import (
	"context"
	"flag"
	"fmt"
	"io/fs"
	"log"
	"math/rand/v2"
	"os"
	"path/filepath"
	"runtime"
	"runtime/pprof"
	"slices"
	"strings"
	"syscall"
	"time"

	"newsbridge/bench/internal/repo"
	"newsbridge/search"
)

// lang describes how to make words for one language: its syllables (or
// letters) and its share of the corpus.
type lang struct {
	tag       string
	syllables []string
	share     int
}

var langs = []lang{
	{"es", strings.Fields("ca la de ma pe ri to so ne mi ta lo ción dad men te re na co sa ga ve bi du"), 30},
	{"ca", strings.Fields("ca la de ma pe ri to so ne mi ta lo ció tat ment re na co sa ga ve bi du ll ny"), 15},
	{"ar", strings.Fields("ال م ب ت ك س ر ن و ي ة د ل ح ع ق ف ه ج ش ص ض ط خ"), 25},
	{"nb", strings.Fields("re gje ring en a vis er bud sjett et mø te for by dag kom mu ne hus sk ol e"), 15},
	{"en", strings.Fields("the re con gov ern ment port news day sta tion mar ket pol ic y in ter na al"), 15},
}

const vocabSize = 20000

type vocab struct {
	lang  lang
	words []string
	zipf  *rand.Zipf
}

func newVocab(r *rand.Rand, l lang) *vocab {
	seen := map[string]bool{}
	v := &vocab{lang: l}
	for len(v.words) < vocabSize {
		n := 2 + r.IntN(3)
		var b strings.Builder
		for range n {
			b.WriteString(l.syllables[r.IntN(len(l.syllables))])
		}
		w := b.String()
		if !seen[w] {
			seen[w] = true
			v.words = append(v.words, w)
		}
	}
	v.zipf = rand.NewZipf(r, 1.07, 2, vocabSize-1)
	return v
}

func (v *vocab) word() string { return v.words[v.zipf.Uint64()] }

func (v *vocab) sentence(n int) string {
	ws := make([]string, n)
	for i := range ws {
		ws[i] = v.word()
	}
	return strings.Join(ws, " ") + "."
}

func main() {
	if err := repo.Chdir(); err != nil {
		log.Fatal(err)
	}
	n := flag.Int("n", 100000, "articles to index")
	queries := flag.Int("queries", 3000, "queries per word count")
	dir := flag.String("dir", "", "index directory (default: a temporary one, removed after)")
	reuse := flag.Bool("reuse", false, "query the index already in -dir instead of building one")
	cpuprofile := flag.String("cpuprofile", "", "write a CPU profile of the query phase to this file")
	flag.Parse()

	r := rand.New(rand.NewPCG(1, 2))
	var vocabs []*vocab
	var pick []int
	for i, l := range langs {
		vocabs = append(vocabs, newVocab(r, l))
		for range l.share {
			pick = append(pick, i)
		}
	}
	cats := []string{"politics", "economy", "culture", "sport", "world", "science"}

	path := *dir
	if path == "" {
		tmp, err := os.MkdirTemp("", "search-bench-")
		if err != nil {
			log.Fatal(err)
		}
		defer os.RemoveAll(tmp)
		path = filepath.Join(tmp, "index")
	}
	base := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	i := 0
	next := func() (search.Doc, bool, error) {
		if i == *n {
			return search.Doc{}, false, nil
		}
		i++
		v := vocabs[pick[r.IntN(len(pick))]]
		var body []string
		for range 8 + r.IntN(10) { // ~8-17 sentences of 12 words
			body = append(body, v.sentence(12))
		}
		c := cats[r.IntN(len(cats))]
		return search.Doc{
			ArticleID: int64(i), Lang: v.lang.tag, Slug: fmt.Sprint("a-", i),
			Title: v.sentence(8), Lead: v.sentence(25), Body: strings.Join(body, " "),
			Category: c, CategorySlug: c,
			Published: base.Add(time.Duration(i) * time.Minute),
		}, true, nil
	}
	start := time.Now()
	cpu0 := cpuTime()
	lastLog := start
	if !*reuse {
		err := search.Rebuild(context.Background(), path, *n, next, func(done, total int) {
			if time.Since(lastLog) > 10*time.Second {
				lastLog = time.Now()
				log.Printf("indexed %d/%d (%.0f docs/s)", done, total, float64(done)/time.Since(start).Seconds())
			}
		})
		if err != nil {
			log.Fatal(err)
		}
	} else {
		// Draw the corpus anyway so the queries' random stream matches a
		// full run's.
		for {
			if _, ok, _ := next(); !ok {
				break
			}
		}
	}
	indexTime := time.Since(start)
	indexCPU := cpuTime() - cpu0

	ix, err := search.Open(path)
	if err != nil {
		log.Fatal(err)
	}
	defer ix.Close()
	count, _ := ix.Count()
	size := dirSize(path)

	ctx := context.Background()
	// Warm the OS cache and Bleve's segment state like a running server's.
	for range 200 {
		v := vocabs[pick[r.IntN(len(pick))]]
		ix.Search(ctx, search.Query{Lang: v.lang.tag, Text: v.word()})
	}
	type row struct {
		words          int
		p50, p90, p99  time.Duration
		max            time.Duration
		meanHits       float64
		zeroHitQueries int
		cpuPerQuery    time.Duration
		cpu50, cpu99   time.Duration
	}
	var rows []row
	if *cpuprofile != "" {
		f, err := os.Create(*cpuprofile)
		if err != nil {
			log.Fatal(err)
		}
		if err := pprof.StartCPUProfile(f); err != nil {
			log.Fatal(err)
		}
		defer pprof.StopCPUProfile()
	}
	for words := 1; words <= 3; words++ {
		lat := make([]time.Duration, 0, *queries)
		cpus := make([]time.Duration, 0, *queries)
		var hits uint64
		zero := 0
		c0 := cpuTime()
		for range *queries {
			v := vocabs[pick[r.IntN(len(pick))]]
			ws := make([]string, words)
			for k := range ws {
				ws[k] = v.word()
			}
			t, c := time.Now(), cpuTime()
			res, err := ix.Search(ctx, search.Query{Lang: v.lang.tag, Text: strings.Join(ws, " ")})
			d := time.Since(t)
			cpus = append(cpus, cpuTime()-c)
			if err != nil {
				log.Fatal(err)
			}
			lat = append(lat, d)
			hits += res.Total
			if res.Total == 0 {
				zero++
			}
		}
		cpu := (cpuTime() - c0) / time.Duration(*queries)
		slices.Sort(lat)
		slices.Sort(cpus)
		pct := func(xs []time.Duration, p float64) time.Duration { return xs[int(p*float64(len(xs)-1))] }
		rows = append(rows, row{words, pct(lat, 0.5), pct(lat, 0.9), pct(lat, 0.99), lat[len(lat)-1], float64(hits) / float64(*queries), zero, cpu,
			pct(cpus, 0.5), pct(cpus, 0.99)})
	}

	host, _ := os.Hostname()
	fmt.Printf("### Bleve index and query latency, %s\n\n", time.Now().UTC().Format("2006-01-02 15:04 MST"))
	fmt.Printf("- Command: `go -C bench run ./search %s`\n", strings.Join(os.Args[1:], " "))
	fmt.Printf("- Machine: %s, %s/%s, %d CPUs (GOMAXPROCS %d), %s; %s\n", host, runtime.GOOS, runtime.GOARCH, runtime.NumCPU(), runtime.GOMAXPROCS(0), runtime.Version(), cpuModel())
	fmt.Printf("- Corpus: %d generated articles (es 30%%, ar 25%%, ca/nb/en 15%% each), title 8 + lead 25 + body ~150 words, Zipf(1.07) over %d words per language\n", count, vocabSize)
	fmt.Printf("- Load average when done: %s (other work on the machine competes for the CPUs)\n", loadAvg())
	if *reuse {
		fmt.Printf("- Indexing: not measured (-reuse of an existing index); index on disk %.0f MiB\n", float64(size)/(1<<20))
	} else {
		fmt.Printf("- Indexing (search.Rebuild): %s wall, %.0f docs/s; %s CPU, %.0f docs per CPU-second; index on disk %.0f MiB\n",
			indexTime.Round(time.Second), float64(count)/indexTime.Seconds(), indexCPU.Round(time.Second), float64(count)/indexCPU.Seconds(), float64(size)/(1<<20))
	}
	fmt.Printf("- Queries: %d per row, sequential, one language each, every word required, 20 hits with highlighted title and snippet\n\n", *queries)
	fmt.Println("Wall-clock latency, and the process CPU time each query used (all threads, GC included:")
	fmt.Println("close to what a query costs on an idle machine, where waiting for a CPU does not count):")
	fmt.Println()
	fmt.Println("| words | wall p50 | wall p90 | wall p99 | wall max | CPU p50 | CPU p99 | CPU mean | mean total hits | queries with 0 hits |")
	fmt.Println("| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |")
	for _, rw := range rows {
		fmt.Printf("| %d | %s | %s | %s | %s | %s | %s | %s | %.0f | %d |\n", rw.words, ms(rw.p50), ms(rw.p90), ms(rw.p99), ms(rw.max),
			ms(rw.cpu50), ms(rw.cpu99), ms(rw.cpuPerQuery), rw.meanHits, rw.zeroHitQueries)
	}
}

// cpuTime is the user+system CPU time this process has used: on a shared
// machine it says more about cost than wall time does.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

func loadAvg() string {
	b, err := os.ReadFile("/proc/loadavg")
	if err != nil {
		return "unknown"
	}
	return strings.Join(strings.Fields(string(b))[:3], " ")
}

func ms(d time.Duration) string { return fmt.Sprintf("%.2f ms", float64(d)/float64(time.Millisecond)) }

func dirSize(p string) int64 {
	var n int64
	filepath.WalkDir(p, func(_ string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			if fi, err := d.Info(); err == nil {
				n += fi.Size()
			}
		}
		return nil
	})
	return n
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
