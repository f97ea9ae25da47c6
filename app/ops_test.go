package app_test

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"newsbridge/app"
	"newsbridge/internal/pgtest"
	"newsbridge/model"
	"newsbridge/web"
)

// newsOutlet serves a feed of n good articles; each page waits for gate
// (when set) so a test can hold a fetch in flight.
func newsOutlet(t *testing.T, n int, gate func(r *http.Request)) *httptest.Server {
	mux := http.NewServeMux()
	var srv *httptest.Server
	mux.HandleFunc("/feed.xml", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/rss+xml")
		fmt.Fprintf(w, `<?xml version="1.0"?><rss version="2.0"><channel><title>Diario</title><link>%s/</link>`, srv.URL)
		for i := 1; i <= n; i++ {
			fmt.Fprintf(w, `<item><title>Noticia %d</title><link>%s/n%d.html</link></item>`, i, srv.URL, i)
		}
		w.Write([]byte(`</channel></rss>`))
	})
	mux.HandleFunc("/{page}", func(w http.ResponseWriter, r *http.Request) {
		if gate != nil {
			gate(r)
		}
		num := strings.TrimSuffix(strings.TrimPrefix(r.PathValue("page"), "n"), ".html")
		fmt.Fprintf(w, goodPage, "El pleno número "+num+" aprobó el presupuesto de Valdemora")
	})
	srv = httptest.NewServer(mux)
	t.Cleanup(srv.Close)
	return srv
}

func count(t *testing.T, db *sql.DB, query string) int {
	t.Helper()
	var n int
	if err := db.QueryRow(query).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

// waitUntil polls cond every 100 ms until it holds or the time is up.
func waitUntil(t *testing.T, limit time.Duration, what string, cond func() bool) {
	t.Helper()
	for end := time.Now().Add(limit); !cond(); {
		if time.Now().After(end) {
			t.Fatalf("gave up waiting (%s) for %s", limit, what)
		}
		time.Sleep(100 * time.Millisecond)
	}
}

// openWebNode opens an app on SQLite without engines, and its web node;
// the app is closed when the test ends.
func openWebNode(t *testing.T) (*app.App, *web.Node) {
	t.Helper()
	a, err := app.Open(context.Background(), testConfig(t, ""), app.Options{NoEngines: true})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { a.Close() })
	node, err := a.OpenWeb(context.Background(), "http://127.0.0.1")
	if err != nil {
		t.Fatal(err)
	}
	return a, node
}

// TestHealthAndMetrics serves a web node's handler: /healthz, /readyz as
// JSON, /metrics labelled by route pattern, accepted by promtool.
func TestHealthAndMetrics(t *testing.T) {
	ctx := context.Background()
	a, node := openWebNode(t)
	h := a.Handler(node)
	get := func(path string) (int, string) {
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, httptest.NewRequest("GET", path, nil))
		return rec.Code, rec.Body.String()
	}
	if code, body := get("/healthz"); code != 200 || body != "ok\n" {
		t.Errorf("/healthz: %d %q", code, body)
	}
	code, body := get("/readyz")
	var rd app.Readiness
	if err := json.Unmarshal([]byte(body), &rd); err != nil || code != 200 || !rd.Ready {
		t.Errorf("/readyz: %d %s (%v)", code, body, err)
	}
	for _, c := range []string{"database", "schema", "search"} {
		if rd.Checks[c] != "ok" {
			t.Errorf("/readyz check %s = %q", c, rd.Checks[c])
		}
	}
	// A second web node on the same data directory is refused.
	if _, err := a.OpenWeb(ctx, "http://127.0.0.1"); model.ErrorCode(err) != model.EConflict {
		t.Errorf("second web node on one data directory: %v", err)
	}
	for _, p := range []string{"/es/", "/es/", "/es/a/one", "/es/a/two", "/es/search?q=x", "/nope/deeper/and/deeper"} {
		get(p)
	}
	code, body = get("/metrics")
	if code != 200 {
		t.Fatalf("/metrics: %d", code)
	}
	for _, want := range []string{
		`newsbridge_http_request_duration_seconds_count{code="404",method="GET",route="GET /{lang}/a/{slug}"} 2`,
		`newsbridge_http_request_duration_seconds_count{code="200",method="GET",route="GET /healthz"} 1`,
		`newsbridge_page_cache_requests_total{result="hit"}`,
		`newsbridge_search_duration_seconds_count`,
		`newsbridge_queue_oldest_available_seconds 0`,
		`go_goroutines`,
	} {
		if !strings.Contains(body, want) {
			t.Errorf("/metrics lacks %s", want)
		}
	}
	if strings.Contains(body, "/es/a/one") {
		t.Error("/metrics is labelled with a raw path")
	}
	promtool(t, body)
	// The database gone, the node is not ready and says why.
	a.Store.DB.Close()
	code, body = get("/readyz")
	if code != 503 || !strings.Contains(body, `"reason":"database: unreachable`) {
		t.Errorf("/readyz without a database: %d %s", code, body)
	}
}

// TestServerCountsFastAnswers runs the server `serve` listens with: a page
// rendered on a first connection is answered from memory on the next ones
// (outside net/http), and /metrics counts every answer under its route
// whichever way it went; Shutdown ends Serve.
func TestServerCountsFastAnswers(t *testing.T) {
	ctx := context.Background()
	a, node := openWebNode(t)
	srv := a.Server(app.HTTPServer(a.Handler(node)), node)
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	served := make(chan error, 1)
	go func() { served <- srv.Serve(ln) }()
	base := "http://" + ln.Addr().String()
	// A client of its own for each request: a new connection each time,
	// so that every request after the first can take the fast path.
	do := func(method, path string) (*http.Response, string) {
		t.Helper()
		req, _ := http.NewRequest(method, base+path, nil)
		res, err := (&http.Client{Transport: &http.Transport{}}).Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer res.Body.Close()
		b, _ := io.ReadAll(res.Body)
		return res, string(b)
	}
	first, body := do("GET", "/es/")
	if first.StatusCode != 200 {
		t.Fatalf("/es/: %d", first.StatusCode)
	}
	second, again := do("GET", "/es/")
	if second.StatusCode != 200 || again != body || second.Header.Get("ETag") != first.Header.Get("ETag") || second.Header.Get("Date") == "" {
		t.Errorf("the cached page differs: %d %v", second.StatusCode, second.Header)
	}
	if head, b := do("HEAD", "/es/"); head.StatusCode != 200 || b != "" || head.ContentLength <= 0 {
		t.Errorf("HEAD: %d %d %q", head.StatusCode, head.ContentLength, b)
	}
	wants := []string{
		`newsbridge_http_request_duration_seconds_count{code="200",method="GET",route="GET /{lang}/{$}"} 2`,
		`newsbridge_http_request_duration_seconds_count{code="200",method="HEAD",route="GET /{lang}/{$}"} 1`,
		`newsbridge_page_cache_requests_total{result="hit"} 2`,
		`newsbridge_page_cache_requests_total{result="miss"} 1`,
	}
	// A fast answer is counted once written, so perhaps after the client
	// read it: look again for a moment.
	var missing []string
	for end := time.Now().Add(2 * time.Second); ; time.Sleep(20 * time.Millisecond) {
		_, metrics := do("GET", "/metrics")
		missing = missing[:0]
		for _, want := range wants {
			if !strings.Contains(metrics, want) {
				missing = append(missing, want)
			}
		}
		if len(missing) == 0 || time.Now().After(end) {
			break
		}
	}
	for _, m := range missing {
		t.Errorf("/metrics lacks %s", m)
	}
	sctx, cancel := context.WithTimeout(ctx, 5*time.Second)
	defer cancel()
	if err := srv.Shutdown(sctx); err != nil {
		t.Errorf("Shutdown: %v", err)
	}
	if err := <-served; !errors.Is(err, http.ErrServerClosed) {
		t.Errorf("Serve: %v", err)
	}
}

// promtool checks an exposition with `promtool check metrics` when it is
// installed (Debian's prometheus package); NEWSBRIDGE_REQUIRE_PROMTOOL=1
// makes its absence a failure.
func promtool(t *testing.T, exposition string) {
	t.Helper()
	path, err := exec.LookPath("promtool")
	if err != nil {
		if os.Getenv("NEWSBRIDGE_REQUIRE_PROMTOOL") == "1" {
			t.Fatal("promtool is not installed (scripts/install-deps --test)")
		}
		t.Log("promtool not installed: exposition not checked")
		return
	}
	cmd := exec.Command(path, "check", "metrics")
	cmd.Stdin = strings.NewReader(exposition)
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Errorf("promtool check metrics: %v\n%s", err, out)
	}
}

// TestShutdownHandsBackRunningJobs stops the workers while a fetch is in
// flight past the deadline: the job is handed back, and after a restart
// on the same data directory the article is published.
func TestShutdownHandsBackRunningJobs(t *testing.T) {
	requireApertium(t)
	var hold atomic.Bool
	hold.Store(true)
	entered := make(chan struct{}, 10)
	srv := newsOutlet(t, 1, func(r *http.Request) {
		if hold.Load() {
			entered <- struct{}{}
			<-r.Context().Done()
		}
	})
	ctx := context.Background()
	cfg := testConfig(t, "")
	a, err := app.Open(ctx, cfg, app.Options{Work: true})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := a.AddSource(ctx, srv.URL+"/feed.xml", "Diario", "es", time.Hour); err != nil {
		t.Fatal(err)
	}
	if _, err := a.Pipeline.ScheduleDue(ctx); err != nil {
		t.Fatal(err)
	}
	if err := a.Start(ctx); err != nil {
		t.Fatal(err)
	}
	select {
	case <-entered:
	case <-time.After(time.Minute):
		t.Fatal("the article fetch never started")
	}
	stop, cancel := context.WithTimeout(ctx, 300*time.Millisecond)
	defer cancel()
	if err := a.Stop(stop); err != nil {
		t.Fatalf("stop: %v", err)
	}
	if err := a.Close(); err != nil {
		t.Fatal(err)
	}
	hold.Store(false)
	b, err := app.Open(ctx, cfg, app.Options{Work: true})
	if err != nil {
		t.Fatal(err)
	}
	defer b.Close()
	if err := b.Start(ctx); err != nil {
		t.Fatal(err)
	}
	defer b.Stop(ctx)
	waitUntil(t, 90*time.Second, "the handed-back article to be published in es and ca", func() bool {
		return count(t, b.Store.DB, `SELECT count(*) FROM publications`) == 2
	})
}

// TestRestoreBackupTakenWhileIngesting backs up the SQLite database while
// the pipeline runs, restores it, and finds every article the backup had
// published on the site and in the search index; the restored queue then
// finishes the rest.
func TestRestoreBackupTakenWhileIngesting(t *testing.T) {
	requireApertium(t)
	const articles = 8
	srv := newsOutlet(t, articles, func(r *http.Request) { time.Sleep(150 * time.Millisecond) })
	ctx := context.Background()
	cfg := testConfig(t, "")
	cfg.Workers = 2
	a, err := app.Open(ctx, cfg, app.Options{Work: true})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := a.AddSource(ctx, srv.URL+"/feed.xml", "Diario", "es", time.Hour); err != nil {
		t.Fatal(err)
	}
	if _, err := a.Pipeline.ScheduleDue(ctx); err != nil {
		t.Fatal(err)
	}
	if err := a.Start(ctx); err != nil {
		t.Fatal(err)
	}
	waitUntil(t, 2*time.Minute, "a first publication", func() bool {
		return count(t, a.Store.DB, `SELECT count(*) FROM publications`) > 0
	})
	before := count(t, a.Store.DB, `SELECT count(*) FROM publications`)
	backup := filepath.Join(t.TempDir(), "backup.db")
	if err := a.Backup(ctx, backup); err != nil {
		t.Fatal(err)
	}
	if err := a.Backup(ctx, backup); model.ErrorCode(err) != model.EConflict {
		t.Errorf("a backup over an existing file: %v", err)
	}
	if _, err := app.Restore(ctx, cfg, backup, nil); model.ErrorCode(err) != model.EConflict {
		t.Errorf("restore while a worker holds the data directory: %v", err)
	}
	a.Stop(ctx)
	if err := a.Close(); err != nil {
		t.Fatal(err)
	}
	if _, err := app.Restore(ctx, cfg, backup, nil); err != nil {
		t.Fatal(err)
	}

	b, err := app.Open(ctx, cfg, app.Options{Work: true})
	if err != nil {
		t.Fatal(err)
	}
	defer b.Close()
	restored := count(t, b.Store.DB, `SELECT count(*) FROM publications`)
	if restored < before {
		t.Fatalf("the backup holds %d publications, %d were published before it began", restored, before)
	}
	if restored == articles*2 {
		t.Log("the pipeline had finished before the backup: nothing was in flight")
	}
	node, err := b.OpenWeb(ctx, "http://127.0.0.1")
	if err != nil {
		t.Fatal(err)
	}
	checkAllServed := func(want int) {
		t.Helper()
		if n, _ := node.Index.Count(); int(n) != want {
			t.Errorf("search index holds %d documents, want %d", n, want)
		}
		h := b.Handler(node)
		for _, lang := range []string{"es", "ca"} {
			stories, _, err := b.Store.Stories(ctx, lang, "", 0, 100)
			if err != nil {
				t.Fatal(err)
			}
			for _, s := range stories {
				rec := httptest.NewRecorder()
				h.ServeHTTP(rec, httptest.NewRequest("GET", "/"+lang+"/a/"+s.Slug, nil))
				if rec.Code != 200 {
					t.Errorf("/%s/a/%s: %d", lang, s.Slug, rec.Code)
				}
			}
		}
	}
	checkAllServed(restored)
	// The jobs in flight at the backup are in it too: they finish now.
	if err := b.Start(ctx); err != nil {
		t.Fatal(err)
	}
	defer b.Stop(ctx)
	waitUntil(t, 3*time.Minute, "every article published in es and ca", func() bool {
		return count(t, b.Store.DB, `SELECT count(*) FROM publications`) == articles*2
	})
	if _, err := node.Sync(ctx); err != nil {
		t.Fatal(err)
	}
	checkAllServed(articles * 2)
	// The restored file is a whole database.
	if _, err := app.Restore(ctx, cfg, filepath.Join(t.TempDir(), "missing.db"), nil); err == nil || errors.Is(err, io.EOF) {
		t.Errorf("restore of a missing file: %v", err)
	}
}

// TestPeriodicWorkRunsOnceAcrossWorkers starts two worker clients on one
// PostgreSQL database: River runs periodic jobs on the elected leader only,
// so the poll scheduler (run on start) is queued once, not once per worker.
func TestPeriodicWorkRunsOnceAcrossWorkers(t *testing.T) {
	url := pgtest.NewDatabase(t)
	ctx := context.Background()
	var apps []*app.App
	for i := 0; i < 2; i++ {
		cfg := testConfig(t, url)
		cfg.PollEvery.Duration = time.Hour
		a, err := app.Open(ctx, cfg, app.Options{Work: true, NoEngines: true})
		if err != nil {
			t.Fatal(err)
		}
		defer a.Close()
		if err := a.Start(ctx); err != nil {
			t.Fatal(err)
		}
		defer a.Stop(ctx)
		apps = append(apps, a)
	}
	db := apps[0].Store.DB
	schedules := func() int { return count(t, db, `SELECT count(*) FROM river_job WHERE kind = 'schedule_polls'`) }
	waitUntil(t, time.Minute, "the leader to queue the poll scheduler", func() bool { return schedules() > 0 })
	// Both clients have had time to elect a leader and start its services.
	time.Sleep(5 * time.Second)
	if n := schedules(); n != 1 {
		t.Errorf("the poll scheduler was queued %d times by two workers, want once", n)
	}
}

// TestStaticDirWiring opens a web node with Options.StaticDir: the
// directory holds the public pages as the handler serves them as soon as
// the node is open.
func TestStaticDirWiring(t *testing.T) {
	ctx := context.Background()
	dir := filepath.Join(t.TempDir(), "public")
	a, err := app.Open(ctx, testConfig(t, ""), app.Options{NoEngines: true, StaticDir: dir})
	if err != nil {
		t.Fatal(err)
	}
	defer a.Close()
	node, err := a.OpenWeb(ctx, "http://127.0.0.1")
	if err != nil {
		t.Fatal(err)
	}
	h := a.Handler(node)
	for _, p := range []string{"robots.txt", "sitemap.xml"} {
		disk, err := os.ReadFile(filepath.Join(dir, p))
		if err != nil {
			t.Fatalf("%s not published: %v", p, err)
		}
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, httptest.NewRequest("GET", "/"+p, nil))
		if rec.Code != 200 || rec.Body.String() != string(disk) {
			t.Errorf("%s differs from GET /%s (%d)", p, p, rec.Code)
		}
	}
}
