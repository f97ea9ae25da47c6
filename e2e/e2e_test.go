// Package e2e runs the real newsbridge binary: the demo site end to end,
// and crash recovery under kill -9.
package e2e

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"math/rand"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"syscall"
	"testing"
	"time"

	"newsbridge/demo"
	"newsbridge/store"
)

var bin string

func TestMain(m *testing.M) {
	dir, err := os.MkdirTemp("", "newsbridge-e2e-")
	if err != nil {
		panic(err)
	}
	bin = filepath.Join(dir, "newsbridge")
	out, err := exec.Command("go", "build", "-o", bin, "newsbridge/cmd/newsbridge").CombinedOutput()
	if err != nil {
		fmt.Fprintf(os.Stderr, "build: %v\n%s", err, out)
		os.Exit(1)
	}
	code := m.Run()
	os.RemoveAll(dir)
	os.Exit(code)
}

func requireApertium(t *testing.T) {
	t.Helper()
	if _, err := os.Stat("/usr/share/apertium/modes/spa-cat.mode"); err != nil {
		t.Skip("Apertium's spa-cat pair is not installed (scripts/install-deps)")
	}
}

func freeAddr(t *testing.T) string {
	t.Helper()
	for {
		l, err := net.Listen("tcp", "127.0.0.1:0")
		if err != nil {
			t.Fatal(err)
		}
		addr := l.Addr().String()
		l.Close()
		// the demo outlet takes the next port: make sure it is free too
		_, port, _ := net.SplitHostPort(addr)
		var p int
		fmt.Sscan(port, &p)
		l2, err := net.Listen("tcp", fmt.Sprintf("127.0.0.1:%d", p+1))
		if err == nil {
			l2.Close()
			return addr
		}
	}
}

func get(t *testing.T, url string) (int, string) {
	t.Helper()
	resp, err := http.Get(url)
	if err != nil {
		return 0, err.Error()
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(b)
}

var bookmark = regexp.MustCompile(`<a[^>]*rel="bookmark"[^>]*href="([^"]+)"|<a[^>]*href="([^"]+)"[^>]*rel="bookmark"`)

func bookmarks(page string) []string {
	var out []string
	seen := map[string]bool{}
	for _, m := range bookmark.FindAllStringSubmatch(page, -1) {
		u := m[1] + m[2]
		if !seen[u] {
			seen[u] = true
			out = append(out, u)
		}
	}
	return out
}

// TestDemoSite starts `newsbridge serve --demo` and waits for the sample
// outlet's articles to appear in Spanish and in three target languages.
func TestDemoSite(t *testing.T) {
	requireApertium(t)
	addr := freeAddr(t)
	data := t.TempDir()
	cmd := exec.Command(bin, "serve", "--demo", "--addr", addr, "--data", data)
	logf, _ := os.Create(filepath.Join(data, "serve.log"))
	cmd.Stdout, cmd.Stderr = logf, logf
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	defer func() {
		cmd.Process.Signal(syscall.SIGTERM)
		cmd.Wait()
		if t.Failed() {
			b, _ := os.ReadFile(filepath.Join(data, "serve.log"))
			t.Logf("serve log (tail):\n%s", tail(string(b), 4000))
		}
	}()
	base := "http://" + addr
	waitFor(t, 30*time.Second, func() bool { c, _ := get(t, base+"/healthz"); return c == 200 })

	langs := []string{"es", "ca", "gl", "en"}
	var lists map[string]string
	waitFor(t, 4*time.Minute, func() bool {
		lists = map[string]string{}
		for _, l := range langs {
			_, body := get(t, base+"/"+l+"/")
			lists[l] = body
			if len(bookmarks(body)) < 12 {
				return false
			}
		}
		return true
	})
	for _, l := range langs {
		links := bookmarks(lists[l])
		code, page := get(t, abs(base, links[0]))
		if code != 200 {
			t.Fatalf("%s article: status %d", l, code)
		}
		for _, want := range []string{`lang="` + l + `"`, `rel="canonical"`, `hreflang="x-default"`, `hreflang="es"`, `hreflang="ca"`, `hreflang="gl"`, `hreflang="en"`} {
			if !strings.Contains(page, want) {
				t.Errorf("%s article page lacks %s", l, want)
			}
		}
		if l != "es" && !strings.Contains(page, `rel="nofollow"`) {
			t.Errorf("%s article page lacks the link to the original", l)
		}
	}
	// The Arabic sample outlet is published in Arabic, right to left.
	waitFor(t, time.Minute, func() bool { _, body := get(t, base+"/ar/"); return len(bookmarks(body)) > 0 })
	_, ar := get(t, base+"/ar/")
	if !strings.Contains(ar, `dir="rtl"`) {
		t.Error("the Arabic page is not right to left")
	}
	checkFeedsAndSitemaps(t, base)
	checkSectionsAndAuthors(t, base, links0(lists["es"]))
	// / sends a Catalan reader to Catalan.
	req, _ := http.NewRequest("GET", base+"/", nil)
	req.Header.Set("Accept-Language", "ca-ES,ca;q=0.9,en;q=0.5")
	resp, err := (&http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}).Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if loc := resp.Header.Get("Location"); !strings.HasSuffix(loc, "/ca/") {
		t.Errorf("Accept-Language ca redirected to %q", loc)
	}
}

func abs(base, link string) string {
	if strings.HasPrefix(link, "http") {
		return link
	}
	return base + link
}

func tail(s string, n int) string {
	if len(s) > n {
		return s[len(s)-n:]
	}
	return s
}

func waitFor(t *testing.T, d time.Duration, ok func() bool) {
	t.Helper()
	deadline := time.Now().Add(d)
	for !ok() {
		if time.Now().After(deadline) {
			t.Fatalf("gave up after %s", d)
		}
		time.Sleep(500 * time.Millisecond)
	}
}

// TestCrashRecovery kills `newsbridge ingest --once` with SIGKILL at random
// points several times, then lets it finish, and checks that every article
// of the outlet is extracted, translated and published exactly once per
// language.
func TestCrashRecovery(t *testing.T) {
	requireApertium(t)
	outlet := httptest.NewServer(demo.Handler())
	defer outlet.Close()
	data := t.TempDir()
	run := func(args ...string) *exec.Cmd {
		cmd := exec.Command(bin, append(args, "--data", data)...)
		cmd.Env = append(os.Environ(), "NEWSBRIDGE_LANGUAGES=es,ca,gl,en", "NEWSBRIDGE_FETCH_DELAY=10ms",
			"NEWSBRIDGE_FETCH_ALLOW="+strings.TrimPrefix(outlet.URL, "http://"))
		return cmd
	}
	if out, err := run("source", "add", "--language", "es", "--name", "Diario", outlet.URL+"/es/feed.xml").CombinedOutput(); err != nil {
		t.Fatalf("source add: %v\n%s", err, out)
	}
	rng := rand.New(rand.NewSource(time.Now().UnixNano()))
	kills := 0
	for i := 0; i < 6; i++ {
		cmd := run("ingest", "--once")
		stderr, _ := cmd.StderrPipe()
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		go io.Copy(io.Discard, bufio.NewReader(stderr))
		done := make(chan error, 1)
		go func() { done <- cmd.Wait() }()
		select {
		case <-done:
			// finished before the kill: nothing to recover from this round
		case <-time.After(time.Duration(300+rng.Intn(2500)) * time.Millisecond):
			cmd.Process.Signal(syscall.SIGKILL)
			<-done
			kills++
		}
	}
	if kills == 0 {
		t.Fatal("the pipeline never ran long enough to be killed")
	}
	out, err := run("ingest", "--once").CombinedOutput()
	if err != nil {
		t.Fatalf("final ingest: %v\n%s", err, out)
	}
	st, err := store.OpenSQLite(filepath.Join(data, "newsbridge.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	ctx := context.Background()
	var items, articles, extracted, pubs, distinctPubs, translations int
	q := func(sql string, dst *int) {
		if err := st.DB.QueryRowContext(ctx, sql).Scan(dst); err != nil {
			t.Fatalf("%s: %v", sql, err)
		}
	}
	items = countFeedItems(t, outlet.URL+"/es/feed.xml")
	q(`SELECT COUNT(*) FROM articles`, &articles)
	q(`SELECT COUNT(*) FROM articles WHERE status = 'extracted'`, &extracted)
	q(`SELECT COUNT(*) FROM publications`, &pubs)
	q(`SELECT COUNT(DISTINCT article_id || '/' || lang) FROM publications`, &distinctPubs)
	q(`SELECT COUNT(*) FROM translations WHERE error = '' AND title <> ''`, &translations)
	t.Logf("after %d kills: %d feed items, %d articles, %d extracted, %d translations, %d publications", kills, items, articles, extracted, translations, pubs)
	if articles != items || extracted != items {
		t.Errorf("lost articles: feed has %d, stored %d, extracted %d", items, articles, extracted)
	}
	if translations != 3*items {
		t.Errorf("translations: %d, want %d", translations, 3*items)
	}
	if pubs != 4*items || distinctPubs != pubs {
		t.Errorf("publications: %d (%d distinct), want %d", pubs, distinctPubs, 4*items)
	}
	var failedJobs int
	q(`SELECT COUNT(*) FROM river_job WHERE state IN ('discarded', 'cancelled', 'available', 'running', 'retryable')`, &failedJobs)
	if failedJobs != 0 {
		t.Errorf("%d jobs were left failed or unfinished", failedJobs)
	}
}

func countFeedItems(t *testing.T, url string) int {
	_, body := get(t, url)
	return strings.Count(body, "<item>")
}

// checkFeedsAndSitemaps reads the site's feeds with a real client (Debian's
// python3-feedparser) and its sitemaps with xmllint.
func checkFeedsAndSitemaps(t *testing.T, base string) {
	t.Helper()
	if _, err := exec.LookPath(debianPython); err == nil && exec.Command(debianPython, "-c", "import feedparser").Run() == nil {
		for _, lang := range []string{"ca", "ar"} {
			for _, kind := range []string{"rss", "atom"} {
				url := base + "/" + lang + "/feed." + kind
				out, err := exec.Command(debianPython, "-c", `import feedparser,sys,json
d=feedparser.parse(sys.argv[1])
print(json.dumps({"bozo": d.bozo, "exc": str(d.get("bozo_exception","")), "lang": d.feed.get("language") or d.feed.get("xml_lang") or (d.entries[0].get("xml_lang") if d.entries else ""), "n": len(d.entries)}))`, url).CombinedOutput()
				if err != nil {
					t.Errorf("feedparser %s: %v %s", url, err, out)
					continue
				}
				var r struct {
					Bozo any // False, or 1 with an exception
					Exc  string
					Lang string
					N    int
				}
				if err := json.Unmarshal(out, &r); err != nil {
					t.Errorf("feedparser %s: %s", url, out)
					continue
				}
				if b := fmt.Sprint(r.Bozo); (b != "false" && b != "0") || r.N == 0 || !strings.HasPrefix(r.Lang, lang) {
					t.Errorf("feed %s: bozo %v (%s), language %q, %d entries", url, r.Bozo, r.Exc, r.Lang, r.N)
				}
			}
		}
	} else if os.Getenv("NEWSBRIDGE_REQUIRE_POSTGRES") == "1" {
		t.Error("python3-feedparser is not installed (scripts/install-deps --test)")
	}
	if _, err := exec.LookPath("xmllint"); err != nil {
		if os.Getenv("NEWSBRIDGE_REQUIRE_POSTGRES") == "1" {
			t.Error("xmllint is not installed (scripts/install-deps --test)")
		}
		return
	}
	for _, path := range []string{"/sitemap.xml", "/ca/sitemap.xml", "/ar/sitemap.xml", "/news-sitemap.xml"} {
		code, body := get(t, base+path)
		if code != 200 {
			t.Errorf("%s: status %d", path, code)
			continue
		}
		cmd := exec.Command("xmllint", "--noout", "-")
		cmd.Stdin = strings.NewReader(body)
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Errorf("xmllint %s: %v\n%s", path, err, out)
		}
		if path == "/ca/sitemap.xml" && !strings.Contains(body, `hreflang="es"`) {
			t.Errorf("%s has no hreflang alternates", path)
		}
	}
	code, robots := get(t, base+"/robots.txt")
	if code != 200 || !strings.Contains(robots, "Sitemap: "+base+"/sitemap.xml") {
		t.Errorf("robots.txt does not name the sitemap: %d %q", code, robots)
	}
}

// debianPython is Debian's interpreter, where python3-feedparser installs
// (a python3 earlier on PATH, from pyenv say, does not see it).
const debianPython = "/usr/bin/python3"

func links0(list string) string {
	if l := bookmarks(list); len(l) > 0 {
		return l[0]
	}
	return ""
}

// checkSectionsAndAuthors: the demo's menus are its sections, an outlet's
// old category URL redirects to its section, and an article links its
// author, whose page and feed list it.
func checkSectionsAndAuthors(t *testing.T, base, article string) {
	t.Helper()
	_, home := get(t, base+"/es/")
	for _, want := range []string{`<a href="/es/sport/">Deportes</a>`, `<a href="/es/culture/">Cultura y ciencia</a>`} {
		if !strings.Contains(home, want) {
			t.Errorf("the Spanish menu lacks %s", want)
		}
	}
	noFollow := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	resp, err := noFollow.Get(base + "/es/deportes/")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != 301 || !strings.HasSuffix(resp.Header.Get("Location"), "/es/sport/") {
		t.Errorf("old category URL: %d %q", resp.StatusCode, resp.Header.Get("Location"))
	}
	_, page := get(t, abs(base, article))
	m := regexp.MustCompile(`href="(/es/author/[^"]+/)" rel="author"`).FindStringSubmatch(page)
	if m == nil {
		t.Fatalf("%s links no author", article)
	}
	for _, p := range []string{m[1], m[1] + "feed.atom"} {
		if code, body := get(t, base+p); code != 200 || !strings.Contains(body, article) {
			t.Errorf("%s: %d, or it does not list %s", p, code, article)
		}
	}
	// Its outlet's page lists it too, when the outlet has others to show.
	if m := regexp.MustCompile(`<h2 id="more-outlet-title"><a href="(/es/outlet/[^"]+/)">`).FindStringSubmatch(page); m != nil {
		if code, body := get(t, base+m[1]); code != 200 || !strings.Contains(body, article) {
			t.Errorf("%s: %d, or it does not list %s", m[1], code, article)
		}
	}
}
