// Command soak runs `newsbridge serve --demo` (the sample outlets ingested
// and translated while it runs) and sends it mixed reader traffic at a
// fixed rate on loopback for a while: front pages, category pages, second
// pages, articles, search and feeds. It reports errors, latency
// percentiles and the server's resident memory growth after warm-up, and
// records them in docs/benchmarks.md under "## Soak".
//
//	go -C bench run ./soak                    # 10 minutes at 1000 req/s
//	go -C bench run ./soak -d 2m -out ""      # a short run, printed only
package main

import (
	"bufio"
	"context"
	"encoding/xml"
	"flag"
	"fmt"
	"io"
	"log"
	"math/rand/v2"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"sort"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"newsbridge/bench/internal/repo"
)

func main() {
	if err := repo.Chdir(); err != nil {
		log.Fatal(err)
	}
	var (
		dur     = flag.Duration("d", 10*time.Minute, "how long to send traffic, warm-up included")
		warm    = flag.Duration("warmup", time.Minute, "the first part of the run, left out of the memory growth")
		rate    = flag.Int("rate", 1000, "requests per second")
		workers = flag.Int("c", 64, "concurrent connections at most")
		ready   = flag.Int("articles", 6, "articles the demo must have published before traffic starts")
		out     = flag.String("out", "docs/benchmarks.md", "file whose \"## Soak\" section is (re)written; \"\" = none")
	)
	flag.Parse()
	log.SetFlags(0)

	tmp, err := os.MkdirTemp("", "newsbridge-soak-")
	if err != nil {
		log.Fatal(err)
	}
	defer os.RemoveAll(tmp)
	bin := filepath.Join(tmp, "newsbridge")
	if b, err := exec.Command("go", "build", "-o", bin, "./cmd/newsbridge").CombinedOutput(); err != nil {
		log.Fatalf("soak: build: %v\n%s", err, b)
	}
	addr := freeAddr()
	cmd := exec.Command(bin, "serve", "--demo", "--addr", addr, "--data", filepath.Join(tmp, "data"))
	logf, _ := os.Create(filepath.Join(tmp, "serve.log"))
	cmd.Stdout, cmd.Stderr = logf, logf
	if err := cmd.Start(); err != nil {
		log.Fatal(err)
	}
	defer func() {
		cmd.Process.Signal(os.Interrupt)
		done := make(chan struct{})
		go func() { cmd.Wait(); close(done) }()
		select {
		case <-done:
		case <-time.After(30 * time.Second):
			cmd.Process.Kill()
		}
	}()
	base := "http://" + addr
	client := &http.Client{Timeout: 10 * time.Second, Transport: &http.Transport{MaxIdleConnsPerHost: *workers},
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}

	// Wait for the demo to publish articles; their URLs come from the
	// sitemaps, as a crawler would find them.
	start := time.Now()
	var pages, articles []string
	for time.Since(start) < 5*time.Minute {
		pages, articles = sitemapURLs(client, base), nil
		for _, p := range pages {
			if strings.Contains(p, "/a/") {
				articles = append(articles, p)
			}
		}
		if len(articles) >= *ready {
			break
		}
		time.Sleep(2 * time.Second)
	}
	if len(articles) < *ready {
		log.Fatalf("soak: only %d articles published after %s (see the server's log)", len(articles), time.Since(start).Round(time.Second))
	}
	log.Printf("%d article pages published after %s; sending %d req/s for %s", len(articles), time.Since(start).Round(time.Second), *rate, *dur)
	mix := readerMix(pages)

	var (
		mu        sync.Mutex
		lat       []time.Duration
		byKind    = map[string][]time.Duration{}
		errs      atomic.Int64
		sent      atomic.Int64
		late      atomic.Int64
		errSample []string
	)
	jobs := make(chan string, *workers)
	var wg sync.WaitGroup
	for i := 0; i < *workers; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for u := range jobs {
				t0 := time.Now()
				resp, err := client.Get(base + u)
				ok := err == nil && resp.StatusCode < 400
				if err == nil {
					io.Copy(io.Discard, resp.Body)
					resp.Body.Close()
				}
				d := time.Since(t0)
				if !ok {
					errs.Add(1)
					mu.Lock()
					if len(errSample) < 5 {
						if err != nil {
							errSample = append(errSample, u+": "+err.Error())
						} else {
							errSample = append(errSample, u+": "+resp.Status)
						}
					}
					mu.Unlock()
				}
				mu.Lock()
				lat = append(lat, d)
				byKind[kind(u)] = append(byKind[kind(u)], d)
				mu.Unlock()
			}
		}()
	}
	pid := cmd.Process.Pid
	var rss []sample
	ctx, cancel := context.WithTimeout(context.Background(), *dur)
	defer cancel()
	go func() {
		t := time.NewTicker(5 * time.Second)
		defer t.Stop()
		for {
			select {
			case <-ctx.Done():
				return
			case <-t.C:
				mu.Lock()
				rss = append(rss, sample{time.Since(start), rssKB(pid)})
				mu.Unlock()
			}
		}
	}()
	runStart := time.Now()
	start = runStart
	interval := time.Second / time.Duration(*rate)
	next := time.Now()
	rng := rand.New(rand.NewPCG(1, 2))
	for ctx.Err() == nil {
		next = next.Add(interval)
		if d := time.Until(next); d > 0 {
			time.Sleep(d)
		}
		select {
		case jobs <- mix[rng.IntN(len(mix))]:
			sent.Add(1)
		default:
			late.Add(1) // every connection busy: the server is behind
		}
	}
	close(jobs)
	wg.Wait()
	elapsed := time.Since(runStart)

	pct := func(p float64) time.Duration { return percentile(lat, p) }
	var kinds []string
	for k, v := range byKind {
		kinds = append(kinds, fmt.Sprintf("%s: %d, p50 %s, p99 %s", k, len(v),
			percentile(v, 0.5).Round(10*time.Microsecond), percentile(v, 0.99).Round(10*time.Microsecond)))
	}
	sort.Strings(kinds)
	var atWarm, last int64
	for _, s := range rss {
		if s.at >= *warm && atWarm == 0 {
			atWarm = s.kb
		}
		last = s.kb
	}
	growth := 0.0
	if atWarm > 0 {
		growth = float64(last-atWarm) / float64(atWarm) * 100
	}
	res := result{sent: sent.Load(), late: late.Load(), errs: errs.Load(), elapsed: elapsed,
		p50: pct(0.50), p99: pct(0.99), p999: pct(0.999), max: pct(1), rssWarm: atWarm, rssEnd: last, growth: growth,
		rate: *rate, dur: *dur, warm: *warm, pages: len(articles), conns: *workers, kinds: kinds}
	log.Print(res.summary())
	log.Printf("by kind of page: %s", strings.Join(kinds, "; "))
	for _, e := range errSample {
		log.Printf("error: %s", e)
	}
	if *out != "" {
		if err := repo.WriteSection(*out, "## Soak", res.report()); err != nil {
			log.Fatal(err)
		}
		log.Printf("wrote the Soak section of %s", *out)
	}
}

type sample struct {
	at time.Duration
	kb int64
}

type result struct {
	sent, late, errs    int64
	elapsed, dur, warm  time.Duration
	p50, p99, p999, max time.Duration
	rssWarm, rssEnd     int64
	growth              float64
	rate, pages, conns  int
	kinds               []string // latency by kind of page
}

func (r result) summary() string {
	return fmt.Sprintf("%d requests in %s (%.0f/s; %d not sent, every connection busy), %d errors; latency p50 %s, p99 %s, p99.9 %s, max %s; RSS %d MiB after warm-up → %d MiB at the end (%+.1f%%)",
		r.sent, r.elapsed.Round(time.Second), float64(r.sent)/r.elapsed.Seconds(), r.late, r.errs,
		r.p50.Round(10*time.Microsecond), r.p99.Round(10*time.Microsecond), r.p999.Round(10*time.Microsecond), r.max.Round(time.Millisecond),
		r.rssWarm>>10, r.rssEnd>>10, r.growth)
}

func (r result) report() string {
	var b strings.Builder
	fmt.Fprintf(&b, "## Soak\n\n")
	fmt.Fprintf(&b, "`newsbridge serve --demo` (the sample outlets polled, extracted, translated by Apertium and\n")
	fmt.Fprintf(&b, "published while the run goes on) under mixed reader traffic on loopback: front pages, category\n")
	fmt.Fprintf(&b, "pages, articles (%d pages), search (uncached), feeds and sitemaps, at a fixed rate of %d\n", r.pages, r.rate)
	fmt.Fprintf(&b, "requests per second over at most %d connections, for %s; memory growth is measured from the\n", r.conns, r.dur)
	fmt.Fprintf(&b, "end of a %s warm-up.\n\n", r.warm)
	fmt.Fprintf(&b, "| requests | errors | not sent (all connections busy) | p50 | p99 | p99.9 | max | RSS after warm-up | RSS at end | growth |\n")
	fmt.Fprintf(&b, "| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |\n")
	fmt.Fprintf(&b, "| %d | %d | %d | %s | %s | %s | %s | %d MiB | %d MiB | %+.1f%% |\n\n", r.sent, r.errs, r.late,
		r.p50.Round(10*time.Microsecond), r.p99.Round(10*time.Microsecond), r.p999.Round(10*time.Microsecond), r.max.Round(time.Millisecond),
		r.rssWarm>>10, r.rssEnd>>10, r.growth)
	fmt.Fprintf(&b, "By kind of page: %s.\n\n", strings.Join(r.kinds, "; "))
	host, _ := os.Hostname()
	load, _ := os.ReadFile("/proc/loadavg")
	fmt.Fprintf(&b, "- date: %s\n", time.Now().UTC().Format("2006-01-02 15:04 MST"))
	fmt.Fprintf(&b, "- machine: %s, %d logical CPUs shared with other work (load at the end: %s), %s/%s, %s\n", host, runtime.NumCPU(),
		strings.Join(strings.Fields(string(load))[:3], " "), runtime.GOOS, runtime.GOARCH, runtime.Version())
	fmt.Fprintf(&b, "- command: `go -C bench run ./soak -d %s -rate %d -c %d -warmup %s`\n", r.dur, r.rate, r.conns, r.warm)
	return b.String()
}

// percentile returns the p-th percentile of v (sorted in place).
func percentile(v []time.Duration, p float64) time.Duration {
	if len(v) == 0 {
		return 0
	}
	sort.Slice(v, func(i, j int) bool { return v[i] < v[j] })
	return v[min(len(v)-1, int(p*float64(len(v))))]
}

// kind names the kind of page a URL is, for latency by kind.
func kind(u string) string {
	switch {
	case strings.Contains(u, "/search"):
		return "search"
	case strings.Contains(u, "/feed."):
		return "feeds"
	case strings.Contains(u, "/a/"):
		return "articles"
	case strings.HasSuffix(u, "/"):
		return "lists"
	}
	return "sitemaps and robots.txt"
}

// readerMix is the URLs readers ask for, weighted: articles most, then
// front pages, categories, feeds and search.
func readerMix(pages []string) []string {
	var mix []string
	for _, a := range pages {
		if strings.Contains(a, "/a/") {
			mix = append(mix, a, a, a)
		} else {
			mix = append(mix, a) // a category page
		}
	}
	langs := map[string]bool{}
	for _, a := range pages {
		if segs := strings.Split(a, "/"); len(segs) > 2 {
			langs[segs[1]] = true
		}
	}
	words := []string{"ciudad", "mercado", "city", "market", "puerto", "water", "government", "escuela"}
	for l := range langs {
		p := "/" + l + "/"
		mix = append(mix, p, p, p, p, p+"feed.rss", p+"feed.atom", p+"feed.json", p+"sitemap.xml")
		for _, w := range words[:4] {
			mix = append(mix, p+"search?q="+w)
		}
	}
	mix = append(mix, "/robots.txt", "/sitemap.xml")
	return mix
}

// sitemapURLs reads the article pages from the site's sitemaps.
func sitemapURLs(c *http.Client, base string) []string {
	var index struct {
		Locs []string `xml:"sitemap>loc"`
	}
	if !getXML(c, base+"/sitemap.xml", &index) {
		return nil
	}
	var out []string
	for _, loc := range index.Locs {
		if !strings.HasSuffix(loc, "/sitemap.xml") {
			continue
		}
		var set struct {
			Locs []string `xml:"url>loc"`
		}
		u := loc[strings.Index(loc[len("https://"):], "/")+len("https://"):]
		if !getXML(c, base+u, &set) {
			continue
		}
		for _, l := range set.Locs {
			// Articles and category pages; the front pages are added by
			// readerMix.
			p := l[strings.Index(l[len("https://"):], "/")+len("https://"):]
			if strings.Contains(p, "/a/") || strings.Count(p, "/") == 3 && strings.HasSuffix(p, "/") {
				out = append(out, p)
			}
		}
	}
	return out
}

func getXML(c *http.Client, u string, v any) bool {
	r, err := c.Get(u)
	if err != nil {
		return false
	}
	defer r.Body.Close()
	return r.StatusCode == 200 && xml.NewDecoder(r.Body).Decode(v) == nil
}

// rssKB is a process's resident memory in KiB, from /proc.
func rssKB(pid int) int64 {
	f, err := os.Open("/proc/" + strconv.Itoa(pid) + "/status")
	if err != nil {
		return 0
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if v, ok := strings.CutPrefix(sc.Text(), "VmRSS:"); ok {
			n, _ := strconv.ParseInt(strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(v), "kB")), 10, 64)
			return n
		}
	}
	return 0
}

func freeAddr() string {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		log.Fatal(err)
	}
	defer ln.Close()
	return ln.Addr().String()
}
