// Command serve measures the reader's site serving one cached ~40 KB
// article page through the server `newsbridge serve` runs (app.Server: the
// fast path for cached pages, net/http with metrics, health routes and the
// site behind it) against nginx serving the same bytes as a static file,
// nginx serving the page from a --static-dir directory with the
// configuration of docs/deploy.md, and, for reference, the same chain with
// net/http answering every request; with wrk, in one run, and records the
// result in docs/benchmarks.md under "## Serving".
//
//	go -C bench run ./serve                      # measure and write docs/benchmarks.md
//	go -C bench run ./serve -listen 127.0.0.1:8080 # only serve the sample site (for checks)
//
// It needs wrk and nginx (Debian wrk and nginx-light) on PATH.
package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"log"
	"log/slog"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime"
	"runtime/pprof"
	"sort"
	"strconv"
	"strings"
	"syscall"
	"time"

	"newsbridge/app"
	"newsbridge/bench/internal/repo"
	"newsbridge/metrics"
	"newsbridge/model"
	"newsbridge/publish"
	"newsbridge/site"
)

func main() {
	if err := repo.Chdir(); err != nil {
		log.Fatal(err)
	}
	var (
		listen   = flag.String("listen", "", "only serve the sample site on this address, measure nothing")
		duration = flag.Duration("d", 10*time.Second, "wrk duration per run")
		conns    = flag.Int("c", 64, "wrk connections")
		threads  = flag.Int("t", 2, "wrk threads")
		rounds   = flag.Int("rounds", 3, "alternating rounds per server; the median is reported")
		out      = flag.String("out", "docs/benchmarks.md", "file whose \"## Serving\" section is (re)written; \"\" = none")
		cpuprof  = flag.String("cpuprofile", "", "write a CPU profile of the Go server's wrk runs to this file")
	)
	flag.Parse()
	log.SetFlags(0)

	s, err := site.New(site.Config{
		BaseURL: "http://127.0.0.1", SiteName: "newsbridge bench",
		Languages: []model.Language{
			{Tag: "es", Name: "Español", Dir: "ltr", Prefix: "es", Weight: 1, Enabled: true},
			{Tag: "en", Name: "English", Dir: "ltr", Prefix: "en", Weight: 2, Enabled: true},
			{Tag: "ar", Name: "العربية", Dir: "rtl", Prefix: "ar", Weight: 3, Enabled: true},
		},
		DefaultLang: "es", Backend: newBackend(),
		Logger: slog.New(slog.NewTextHandler(io.Discard, nil)),
	})
	if err != nil {
		log.Fatal(err)
	}
	// The chain serve runs: metrics by route, /healthz, /readyz, /metrics,
	// then the reader's site; the fast path in front of it.
	ready := func(*http.Request) app.Readiness { return app.Readiness{Ready: true} }
	m := metrics.New()
	h := app.ServeHandler(m, ready, s.Handler(), s.Route)
	srv := app.Server(app.HTTPServer(h), m, s)
	addr := "127.0.0.1:0"
	if *listen != "" {
		addr = *listen
	}
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		log.Fatal(err)
	}
	if *listen != "" {
		log.Printf("serving the sample site on http://%s/ (article: /es/a/%s)", *listen, slug)
		log.Fatal(srv.Serve(ln))
	}
	for _, tool := range []string{"wrk", "nginx"} {
		if _, err := exec.LookPath(tool); err != nil {
			log.Fatalf("bench/serve: %s is not installed (Debian: apt-get install wrk nginx-light)", tool)
		}
	}
	go srv.Serve(ln)
	defer srv.Shutdown(context.Background())
	goURL := "http://" + ln.Addr().String() + "/es/a/" + slug
	// The reference: the same chain with net/http answering every request,
	// as serve did before the fast path.
	plainLn, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		log.Fatal(err)
	}
	plain := app.HTTPServer(h)
	go plain.Serve(plainLn)
	defer plain.Shutdown(context.Background())
	plainURL := "http://" + plainLn.Addr().String() + "/es/a/" + slug

	// Warm the cache and take the exact bytes nginx will serve.
	resp, err := http.Get(goURL)
	if err != nil {
		log.Fatal(err)
	}
	page, err := io.ReadAll(resp.Body)
	resp.Body.Close()
	if err != nil || resp.StatusCode != 200 {
		log.Fatalf("bench/serve: warm-up got %d: %v", resp.StatusCode, err)
	}

	dir, err := os.MkdirTemp("", "newsbridge-bench-")
	if err != nil {
		log.Fatal(err)
	}
	defer os.RemoveAll(dir)
	// nginx's workers may run as another user (nobody, when started as
	// root): the page and its directory must be readable to them.
	if err := os.Chmod(dir, 0o755); err != nil {
		log.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "article.html"), page, 0o644); err != nil {
		log.Fatal(err)
	}
	// Two comparisons: each server as it is configured by default (Go with
	// GOMAXPROCS = all CPUs, nginx with worker_processes auto), and each on
	// one core (GOMAXPROCS=1, worker_processes 1).
	ngAuto, stopAuto, err := startNginx(dir, "auto", len(page))
	if err != nil {
		log.Fatal(err)
	}
	defer stopAuto()
	ngOne, stopOne, err := startNginx(dir, "1", len(page))
	if err != nil {
		log.Fatal(err)
	}
	defer stopOne()
	ngStatic, stopStatic, err := startDeployNginx(dir, s, ln.Addr().String(), "/es/a/"+slug, page)
	if err != nil {
		log.Fatal(err)
	}
	defer stopStatic()
	procs := runtime.GOMAXPROCS(0)
	targets := []*target{
		{name: fmt.Sprintf("newsbridge serve, GOMAXPROCS=%d", procs), url: goURL, cpu: selfCPU, procs: procs, profile: *cpuprof},
		{name: "nginx, worker_processes auto", url: ngAuto.url, cpu: childrenCPU(ngAuto.pid)},
		{name: "nginx, docs/deploy.md, --static-dir, worker_processes auto", url: ngStatic.url, cpu: childrenCPU(ngStatic.pid)},
		{name: "newsbridge serve, GOMAXPROCS=1", url: goURL, cpu: selfCPU, procs: 1},
		{name: "nginx, worker_processes 1", url: ngOne.url, cpu: childrenCPU(ngOne.pid)},
		{name: fmt.Sprintf("net/http alone (no fast path), GOMAXPROCS=%d", procs), url: plainURL, cpu: selfCPU, procs: procs},
	}
	// Each comparison: the server measured, the one it is measured against.
	pairs := []pair{
		{of: 0, to: 1, label: "newsbridge serve / nginx, default configuration", target: 0.6},
		{of: 3, to: 4, label: "newsbridge serve / nginx, one core each", target: 0.6},
		{of: 2, to: 1, label: "nginx from --static-dir (docs/deploy.md) / nginx serving a plain file", target: 0.95},
		{of: 5, to: 1, label: "for reference, net/http alone / nginx, default configuration"},
	}

	load := loadAvg()
	args := []string{"-t" + strconv.Itoa(*threads), "-c" + strconv.Itoa(*conns), "-d" + duration.String()}
	for i := 0; i < *rounds; i++ {
		// Alternate, so that a noisy neighbour hurts every server alike.
		for _, t := range targets {
			if err := t.run(args); err != nil {
				log.Fatal(err)
			}
			log.Printf("round %d: %s: %.0f req/s, %.1f µs CPU/req", i+1, t.name, t.rps[i], t.cpuUS[i])
		}
	}
	runtime.GOMAXPROCS(procs)
	for _, p := range pairs {
		g, n := targets[p.of], targets[p.to]
		log.Printf("median: %s %.0f req/s vs %s %.0f req/s: ratio %.2f; CPU per request %.1f µs vs %.1f µs",
			g.name, median(g.rps), n.name, median(n.rps), p.ratio(targets), median(g.cpuUS), median(n.cpuUS))
	}
	if *out == "" {
		return
	}
	section := report(len(page), args, *rounds, targets, pairs, load+" → "+loadAvg())
	if err := repo.WriteSection(*out, "## Serving", section); err != nil {
		log.Fatal(err)
	}
	log.Printf("wrote the Serving section of %s", *out)
}

// pair compares two targets: the ratio of their median request rates.
type pair struct {
	of, to int
	label  string
	target float64
}

// ratio is the median rate of the target compared over the other's; each
// round's ratio is taken first, so that a round the machine was busy
// weighs on both sides alike.
func (p pair) ratio(t []*target) float64 {
	var r []float64
	for i := range t[p.of].rps {
		r = append(r, t[p.of].rps[i]/t[p.to].rps[i])
	}
	return median(r)
}

// target is one server under test and its results, one per round.
type target struct {
	name    string
	url     string
	cpu     func() time.Duration
	procs   int    // GOMAXPROCS for the in-process Go server; 0 = not Go
	profile string // CPU profile file for the Go runs, if any
	rps     []float64
	cpuUS   []float64
}

func (t *target) run(args []string) error {
	if t.procs > 0 {
		runtime.GOMAXPROCS(t.procs)
	}
	if t.profile != "" {
		f, err := os.Create(t.profile)
		if err != nil {
			return err
		}
		defer f.Close()
		pprof.StartCPUProfile(f)
		defer pprof.StopCPUProfile()
	}
	rps, us, err := measure(args, t.url, t.cpu)
	if err != nil {
		return err
	}
	t.rps, t.cpuUS = append(t.rps, rps), append(t.cpuUS, us)
	return nil
}

// nginxServer is a running nginx: its URL and master process id.
type nginxServer struct {
	url string
	pid int
}

// startNginx serves dir/article.html (size bytes) on a loopback port with
// the given worker_processes, with the security headers the site sends.
func startNginx(dir, workers string, size int) (nginxServer, func(), error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nginxServer{}, nil, err
	}
	addr := ln.Addr().String()
	ln.Close()
	run := filepath.Join(dir, "nginx-"+workers)
	if err := os.MkdirAll(run, 0o755); err != nil {
		return nginxServer{}, nil, err
	}
	conf := fmt.Sprintf(`worker_processes %[3]s;
daemon off;
pid %[1]s/nginx.pid;
error_log %[1]s/error.log;
events { worker_connections 4096; }
http {
  access_log off;
  sendfile on;
  tcp_nopush on;
  keepalive_requests 1000000;
  client_body_temp_path %[1]s;
  proxy_temp_path %[1]s;
  fastcgi_temp_path %[1]s;
  uwsgi_temp_path %[1]s;
  scgi_temp_path %[1]s;
  types { text/html html; }
  server {
    listen %[2]s;
    root %[4]s;
    add_header Content-Security-Policy "default-src 'self'";
    add_header X-Content-Type-Options nosniff;
    add_header Referrer-Policy strict-origin-when-cross-origin;
    add_header Cache-Control "public, max-age=60";
  }
}
`, run, addr, workers, dir)
	u := "http://" + addr + "/article.html"
	return runNginx(run, conf, u, func(b []byte) bool { return len(b) == size }, "")
}

var rpsRE = regexp.MustCompile(`Requests/sec:\s+([0-9.]+)`)

var reqsRE = regexp.MustCompile(`(\d+) requests in`)

// measure runs wrk against url and returns the request rate and the CPU
// time the server spent per request (cpu reads the server's CPU time).
func measure(args []string, url string, cpu func() time.Duration) (rps, usPerReq float64, err error) {
	before := cpu()
	out, err := exec.Command("wrk", append(args, url)...).CombinedOutput()
	used := cpu() - before
	if err != nil {
		return 0, 0, fmt.Errorf("bench/serve: wrk %s: %w\n%s", url, err, out)
	}
	rps, err = parseWrk(out)
	if err != nil {
		return 0, 0, err
	}
	m := reqsRE.FindSubmatch(out)
	if m == nil {
		return 0, 0, fmt.Errorf("bench/serve: no request count in wrk output:\n%s", out)
	}
	n, _ := strconv.ParseFloat(string(m[1]), 64)
	if n > 0 {
		usPerReq = float64(used.Microseconds()) / n
	}
	return rps, usPerReq, nil
}

// selfCPU is this process's user+system CPU time: the Go server's, since
// it runs in this process and the harness is idle while wrk runs.
func selfCPU() time.Duration {
	var ru syscall.Rusage
	syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// childrenCPU is the CPU time of the processes whose parent is pid (the
// nginx workers), from /proc; clock ticks are 1/100 s on Linux.
func childrenCPU(pid int) func() time.Duration {
	return func() time.Duration {
		var total int64
		dirs, _ := filepath.Glob("/proc/[0-9]*/stat")
		for _, d := range dirs {
			b, err := os.ReadFile(d)
			if err != nil {
				continue
			}
			// Fields after the command name, which is in parentheses.
			i := strings.LastIndexByte(string(b), ')')
			if i < 0 {
				continue
			}
			f := strings.Fields(string(b[i+1:]))
			if len(f) < 13 || f[1] != strconv.Itoa(pid) {
				continue
			}
			ut, _ := strconv.ParseInt(f[11], 10, 64)
			st, _ := strconv.ParseInt(f[12], 10, 64)
			total += ut + st
		}
		return time.Duration(total) * 10 * time.Millisecond
	}
}

// parseWrk reads the request rate from wrk's output; errors wrk saw are
// logged, since a fast server answering errors proves nothing.
func parseWrk(out []byte) (float64, error) {
	if strings.Contains(string(out), "Non-2xx") || strings.Contains(string(out), "Socket errors") {
		log.Printf("wrk reported errors:\n%s", out)
	}
	m := rpsRE.FindSubmatch(out)
	if m == nil {
		return 0, fmt.Errorf("bench/serve: no Requests/sec in wrk output:\n%s", out)
	}
	return strconv.ParseFloat(string(m[1]), 64)
}

func median(v []float64) float64 {
	s := append([]float64(nil), v...)
	sort.Float64s(s)
	if len(s)%2 == 1 {
		return s[len(s)/2]
	}
	return (s[len(s)/2-1] + s[len(s)/2]) / 2
}

// loadAvg is the 1-minute load average, to show how busy the machine was.
func loadAvg() string {
	b, err := os.ReadFile("/proc/loadavg")
	if err != nil {
		return "?"
	}
	return strings.Fields(string(b))[0]
}

func report(size int, args []string, rounds int, targets []*target, pairs []pair, load string) string {
	host, _ := os.Hostname()
	cpu := "unknown CPU"
	if b, err := os.ReadFile("/proc/cpuinfo"); err == nil {
		if m := regexp.MustCompile(`(?m)^model name\s*:\s*(.+)$`).FindSubmatch(b); m != nil {
			cpu = string(m[1])
		}
	}
	ngv, _ := exec.Command("nginx", "-v").CombinedOutput()
	fmtRuns := func(v []float64) string {
		var p []string
		for _, x := range v {
			p = append(p, strconv.FormatFloat(x, 'f', 0, 64))
		}
		return strings.Join(p, ", ")
	}
	var b strings.Builder
	fmt.Fprintf(&b, "## Serving\n\n")
	fmt.Fprintf(&b, "One cached article page (%d bytes, no gzip asked) served by the server `newsbridge serve`\n", size)
	fmt.Fprintf(&b, "runs (`app.Server`: the fast path of `internal/httpfast` answers the pages and assets the site\n")
	fmt.Fprintf(&b, "holds in memory; net/http behind it, with metrics by route, the health routes and the site,\n")
	fmt.Fprintf(&b, "serves the rest), against nginx serving the same bytes as a plain static file (sendfile, access\n")
	fmt.Fprintf(&b, "log off, the security headers), and nginx serving the page written by `--static-dir` with the\n")
	fmt.Fprintf(&b, "configuration of docs/deploy.md (try_files, gzip_static, its headers, newsbridge behind it as\n")
	fmt.Fprintf(&b, "the fallback); measured with wrk in one run, servers alternating, median of %d rounds. Ratios\n", rounds)
	fmt.Fprintf(&b, "are the median of each round's ratio, so a round the shared machine was busy weighs on both\n")
	fmt.Fprintf(&b, "sides alike.\n\n")
	fmt.Fprintf(&b, "| server | req/s (median) | runs | server CPU per request (median) |\n| --- | ---: | --- | ---: |\n")
	for _, t := range targets {
		fmt.Fprintf(&b, "| %s | %.0f | %s | %.1f µs |\n", t.name, median(t.rps), fmtRuns(t.rps), median(t.cpuUS))
	}
	fmt.Fprintf(&b, "\n")
	for _, p := range pairs {
		g, n := targets[p.of], targets[p.to]
		target := ""
		if p.target > 0 {
			target = fmt.Sprintf(" (target ≥ %.2f)", p.target)
		}
		fmt.Fprintf(&b, "- **%s: %.2f** in requests per second%s; %.2f in CPU efficiency\n  (CPU time per request of the second over the first's).\n",
			p.label, p.ratio(targets), target, median(n.cpuUS)/median(g.cpuUS))
	}
	fmt.Fprintf(&b, "\nOn a machine whose cores are shared with other work, req/s depends on how much CPU each\n")
	fmt.Fprintf(&b, "server is given and swings from run to run; CPU time per request does not.\n\n")
	fmt.Fprintf(&b, "Where the Go server's time goes (a CPU profile of the server above under `wrk -t1 -c64 -d8s`:\n")
	fmt.Fprintf(&b, "`go -C bench run ./serve -t 1 -rounds 1 -cpuprofile f`, then `go tool pprof -top -cum f`):\n")
	fmt.Fprintf(&b, "about 60%% in the one writev that sends the head, the Date line and the page (the kernel copying\n")
	fmt.Fprintf(&b, "the page into the socket, where nginx uses sendfile), 17%% in reads, about 10%% in the scheduler\n")
	fmt.Fprintf(&b, "and the network poller (a connection's goroutine parks between requests); parsing the request,\n")
	fmt.Fprintf(&b, "the cache lookup, the metrics and allocation together about 5%%. net/http alone, as `serve` ran\n")
	fmt.Fprintf(&b, "until 2026-12-02 (the reference line above), spends its extra CPU on two writes per response,\n")
	fmt.Fprintf(&b, "the header map cloned and sorted, a background read goroutine per request, and the collector\n")
	fmt.Fprintf(&b, "for its per-request objects.\n\n")
	fmt.Fprintf(&b, "The fast path answers a GET or HEAD over HTTP/1.1 for a page in the site's cache or an asset,\n")
	fmt.Fprintf(&b, "honouring Accept-Encoding and If-None-Match; at the first request it does not answer (a miss, a\n")
	fmt.Fprintf(&b, "POST, a picture, anything unusual or malformed) the connection goes to net/http with the bytes\n")
	fmt.Fprintf(&b, "read, for good. Its answers are net/http's byte for byte, the Date line aside: `site/fast_test.go`\n")
	fmt.Fprintf(&b, "compares both over loopback, `internal/httpfast` fuzzes its parser and the whole server against\n")
	fmt.Fprintf(&b, "net/http (`go test -fuzz FuzzServerMatchesNetHTTP ./internal/httpfast`).\n\n")
	fmt.Fprintf(&b, "nginx from `--static-dir` costs about what nginx serving a plain file costs once\n")
	fmt.Fprintf(&b, "`open_file_cache` keeps try_files' lookups (docs/deploy.md); without it, nearly twice the CPU\n")
	fmt.Fprintf(&b, "per page. On a shared machine the request rates swing with the load: compare CPU per request.\n\n")
	fmt.Fprintf(&b, "- date: %s\n", time.Now().UTC().Format("2006-01-02 15:04 MST"))
	fmt.Fprintf(&b, "- machine: %s, %s, %d logical CPUs (shared with other work while measured: 1-minute load %s), %s/%s\n", host, cpu, runtime.NumCPU(), load, runtime.GOOS, runtime.GOARCH)
	fmt.Fprintf(&b, "- software: %s, %s, wrk 4.1.0\n", runtime.Version(), strings.TrimSpace(strings.TrimPrefix(string(ngv), "nginx version: ")))
	fmt.Fprintf(&b, "- command: `go -C bench run ./serve` (wrk %s URL)\n", strings.Join(args, " "))
	return b.String()
}

// startDeployNginx publishes the site to dir/public as `serve --static-dir`
// does and starts nginx (worker_processes auto) with the configuration of
// docs/deploy.md in front of it, newsbridge at backend as its fallback. The
// returned URL is the article at path, checked to be page.
func startDeployNginx(dir string, s *site.Site, backend, path string, page []byte) (nginxServer, func(), error) {
	public := filepath.Join(dir, "public")
	p, err := publish.New(publish.Config{Dir: public, Site: s, Log: slog.New(slog.NewTextHandler(io.Discard, nil))})
	if err != nil {
		return nginxServer{}, nil, err
	}
	if _, err := p.Publish(context.Background()); err != nil {
		return nginxServer{}, nil, err
	}
	doc, err := os.ReadFile("docs/deploy.md")
	if err != nil {
		return nginxServer{}, nil, err
	}
	m := regexp.MustCompile("(?s)```nginx\n(.*?)```").FindSubmatch(doc)
	if m == nil {
		return nginxServer{}, nil, fmt.Errorf("bench/serve: docs/deploy.md has no nginx block")
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nginxServer{}, nil, err
	}
	addr := ln.Addr().String()
	ln.Close()
	block := strings.NewReplacer("listen 80;", "listen "+addr+";", "/srv/newsbridge/static", public,
		"server 127.0.0.1:8080;", "server "+backend+";").Replace(string(m[1]))
	run := filepath.Join(dir, "nginx-deploy")
	if err := os.MkdirAll(run, 0o755); err != nil {
		return nginxServer{}, nil, err
	}
	conf := fmt.Sprintf(`worker_processes auto;
daemon off;
pid %[1]s/nginx.pid;
error_log %[1]s/error.log;
events { worker_connections 4096; }
http {
  access_log off;
  keepalive_requests 1000000;
  client_body_temp_path %[1]s;
  proxy_temp_path %[1]s;
  fastcgi_temp_path %[1]s;
  uwsgi_temp_path %[1]s;
  scgi_temp_path %[1]s;
%[2]s
}
`, run, block)
	u := "http://" + addr + path
	return runNginx(run, conf, u, func(b []byte) bool { return string(b) == string(page) }, " (docs/deploy.md)")
}

// runNginx starts nginx on conf, written into run, and waits until url
// answers 200 with a body that want accepts; stop ends it.
func runNginx(run, conf, url string, want func([]byte) bool, which string) (nginxServer, func(), error) {
	cf := filepath.Join(run, "nginx.conf")
	if err := os.WriteFile(cf, []byte(conf), 0o644); err != nil {
		return nginxServer{}, nil, err
	}
	cmd := exec.Command("nginx", "-c", cf, "-p", run)
	cmd.Stderr = os.Stderr
	if err := cmd.Start(); err != nil {
		return nginxServer{}, nil, fmt.Errorf("bench/serve: unable to start nginx: %w", err)
	}
	stop := func() {
		cmd.Process.Signal(os.Interrupt)
		done := make(chan struct{})
		go func() { cmd.Wait(); close(done) }()
		select {
		case <-done:
		case <-time.After(5 * time.Second):
			cmd.Process.Kill()
		}
	}
	for i := 0; i < 100; i++ {
		if r, err := http.Get(url); err == nil {
			b, _ := io.ReadAll(r.Body)
			r.Body.Close()
			if r.StatusCode == 200 && want(b) {
				return nginxServer{url: url, pid: cmd.Process.Pid}, stop, nil
			}
		}
		time.Sleep(50 * time.Millisecond)
	}
	stop()
	logText, _ := os.ReadFile(filepath.Join(run, "error.log"))
	return nginxServer{}, nil, fmt.Errorf("bench/serve: nginx%s did not serve %s as expected:\n%s", which, url, logText)
}
