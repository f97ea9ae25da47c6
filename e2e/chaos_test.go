package e2e

import (
	"database/sql"
	"fmt"
	"math/rand"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	_ "github.com/jackc/pgx/v5/stdlib"

	"newsbridge/demo"
	"newsbridge/internal/pgtest"
)

// chaosNode is one `newsbridge serve` process of the chaos test, started
// again after each kill on the same address and data directory.
type chaosNode struct {
	name, role, addr, data string
	env                    []string
	log                    *os.File

	mu     sync.Mutex
	cmd    *exec.Cmd
	done   chan struct{}
	killed bool // by the test: any other exit is a failure
	exits  []string
}

func (n *chaosNode) start(t *testing.T) {
	t.Helper()
	n.mu.Lock()
	defer n.mu.Unlock()
	cmd := exec.Command(bin, "serve", "--role", n.role, "--addr", n.addr, "--data", n.data,
		"--base-url", "http://news.example", "--shutdown-timeout", "5s")
	cmd.Env = n.env
	cmd.Stdout, cmd.Stderr = n.log, n.log
	if err := cmd.Start(); err != nil {
		t.Fatalf("%s: %v", n.name, err)
	}
	fmt.Fprintf(n.log, "=== chaos: started pid %d\n", cmd.Process.Pid)
	done := make(chan struct{})
	n.cmd, n.done, n.killed = cmd, done, false
	go func() {
		err := cmd.Wait()
		n.mu.Lock()
		if !n.killed {
			n.exits = append(n.exits, fmt.Sprint(err))
		}
		n.mu.Unlock()
		close(done)
	}()
}

// kill sends SIGKILL and waits for the process to be gone.
func (n *chaosNode) kill() {
	n.mu.Lock()
	n.killed = true
	cmd, done := n.cmd, n.done
	n.mu.Unlock()
	cmd.Process.Signal(syscall.SIGKILL)
	<-done
	fmt.Fprintf(n.log, "=== chaos: killed pid %d\n", cmd.Process.Pid)
}

// stop ends the process with SIGTERM, as an operator would.
func (n *chaosNode) stop() {
	n.mu.Lock()
	n.killed = true
	cmd, done := n.cmd, n.done
	n.mu.Unlock()
	cmd.Process.Signal(syscall.SIGTERM)
	select {
	case <-done:
	case <-time.After(20 * time.Second):
		cmd.Process.Kill()
		<-done
	}
}

func (n *chaosNode) pid() int {
	n.mu.Lock()
	defer n.mu.Unlock()
	return n.cmd.Process.Pid
}

func (n *chaosNode) unexpectedExits() []string {
	n.mu.Lock()
	defer n.mu.Unlock()
	return append([]string(nil), n.exits...)
}

// children returns the processes whose parent is pid (a worker's Apertium
// pipelines: each stage is a child of the newsbridge process).
func children(pid int) []int {
	ents, _ := os.ReadDir("/proc")
	var out []int
	for _, e := range ents {
		p, err := strconv.Atoi(e.Name())
		if err != nil {
			continue
		}
		b, err := os.ReadFile(filepath.Join("/proc", e.Name(), "stat"))
		if err != nil {
			continue
		}
		// pid (comm) state ppid ...: comm may hold spaces, so read after ')'.
		s := string(b)
		i := strings.LastIndexByte(s, ')')
		if i < 0 {
			continue
		}
		f := strings.Fields(s[i+1:])
		if len(f) > 1 {
			if ppid, _ := strconv.Atoi(f[1]); ppid == pid {
				out = append(out, p)
			}
		}
	}
	return out
}

// TestChaosPostgres runs two web and two worker processes on one
// PostgreSQL database while a loopback outlet is ingested and translated
// by Apertium; it kills processes with SIGKILL 20 times (starting each
// again), kills the Apertium pipelines while translations run, restarts
// PostgreSQL once, and then checks that every article is published exactly
// once per language, that no job is lost or stuck, and that both web nodes
// serve the same pages.
func TestChaosPostgres(t *testing.T) {
	if testing.Short() {
		t.Skip("chaos test: not in -short")
	}
	requireApertium(t)
	pg := pgtest.NewCluster(t)
	dbURL, err := pg.NewDatabase("chaos")
	if err != nil {
		t.Fatal(err)
	}
	db, err := sql.Open("pgx", dbURL)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()

	outlet := httptest.NewServer(demo.Handler())
	defer outlet.Close()
	items := countFeedItems(t, outlet.URL+"/es/feed.xml")
	if items == 0 {
		t.Fatal("the sample outlet's feed has no items")
	}
	langs := []string{"es", "ca", "gl", "en"}

	dir := t.TempDir()
	env := append(os.Environ(), "NEWSBRIDGE_DATABASE_URL="+dbURL, "NEWSBRIDGE_LANGUAGES="+strings.Join(langs, ","),
		"NEWSBRIDGE_FETCH_DELAY=10ms", "NEWSBRIDGE_FETCH_ALLOW=127.0.0.0/8", "NEWSBRIDGE_POLL_EVERY=2s",
		// River's rescuer would hand back a killed process's jobs only
		// after RESCUE_AFTER, past the test's end: the liveness locks
		// (pipeline/liveness.go) must do it.
		"NEWSBRIDGE_JOB_TIMEOUT=2m", "NEWSBRIDGE_RESCUE_AFTER=5m", "NEWSBRIDGE_WORKERS=2")
	var nodes []*chaosNode
	for i, role := range []string{"worker", "web", "web", "worker"} {
		name := fmt.Sprintf("%s%d", role, i)
		data := filepath.Join(dir, name)
		os.MkdirAll(data, 0o755)
		logf, err := os.Create(filepath.Join(dir, name+".log"))
		if err != nil {
			t.Fatal(err)
		}
		defer logf.Close()
		nodes = append(nodes, &chaosNode{name: name, role: role, addr: freeAddr(t), data: data, env: env, log: logf})
	}
	defer func() {
		for _, n := range nodes {
			n.stop()
		}
		if t.Failed() {
			for _, n := range nodes {
				b, _ := os.ReadFile(filepath.Join(dir, n.name+".log"))
				t.Logf("%s log (tail):\n%s", n.name, tail(string(b), 3000))
			}
			t.Logf("PostgreSQL log (tail):\n%s", tail(pg.Log(), 2000))
		}
	}()
	healthy := func(n *chaosNode) bool { c, _ := get(t, "http://"+n.addr+"/healthz"); return c == 200 }

	// The first worker creates the schema; the others start on it.
	migrate := exec.Command(bin, "migrate")
	migrate.Env = env
	if out, err := migrate.CombinedOutput(); err != nil {
		t.Fatalf("migrate: %v\n%s", err, out)
	}
	add := exec.Command(bin, "source", "add", "--language", "es", "--name", "Diario", "--interval", "1m", outlet.URL+"/es/feed.xml")
	add.Env = env
	if out, err := add.CombinedOutput(); err != nil {
		t.Fatalf("source add: %v\n%s", err, out)
	}
	for _, n := range nodes {
		n.start(t)
	}
	for _, n := range nodes {
		waitFor(t, 30*time.Second, func() bool { return healthy(n) })
	}

	count := func(q string, args ...any) int {
		var n int
		if err := db.QueryRow(q, args...).Scan(&n); err != nil {
			t.Logf("%s: %v", q, err) // PostgreSQL may be restarting
			return -1
		}
		return n
	}
	// Wait for translations to start, so that the kills land mid-pipeline.
	waitFor(t, 60*time.Second, func() bool {
		return count(`SELECT count(*) FROM river_job WHERE kind = 'translate_article'`) > 0
	})

	start := time.Now()
	rng := rand.New(rand.NewSource(time.Now().UnixNano()))
	killedPipelines := 0
	killChildren := func() {
		for _, n := range nodes {
			if n.role != "worker" {
				continue
			}
			for _, c := range children(n.pid()) {
				if syscall.Kill(c, syscall.SIGKILL) == nil {
					killedPipelines++
				}
			}
		}
	}
	running := func() bool {
		return count(`SELECT count(*) FROM river_job WHERE kind = 'translate_article' AND state = 'running'`) > 0
	}
	killPipelines := func() {
		// Wait (a little) for a translation to be running, then kill
		// every Apertium process of both workers.
		deadline := time.Now().Add(10 * time.Second)
		for time.Now().Before(deadline) && !running() {
			time.Sleep(100 * time.Millisecond)
		}
		killChildren()
	}
	// Once for certain mid-batch, before the other kills: on a fast
	// machine every translation can be over before the scheduled ones.
	for deadline := time.Now().Add(60 * time.Second); killedPipelines == 0 && time.Now().Before(deadline); time.Sleep(20 * time.Millisecond) {
		if running() {
			killChildren()
		}
	}
	const kills = 20
	for i := 0; i < kills; i++ {
		time.Sleep(time.Duration(500+rng.Intn(2000)) * time.Millisecond)
		n := nodes[rng.Intn(len(nodes))]
		n.kill()
		time.Sleep(time.Duration(100+rng.Intn(500)) * time.Millisecond)
		n.start(t)
		switch i {
		case 4, 9, 15:
			killPipelines()
		case 11:
			// PostgreSQL stops as a crash would and starts again.
			if err := pg.Stop("immediate"); err != nil {
				t.Fatal(err)
			}
			time.Sleep(time.Second)
			if err := pg.Start(); err != nil {
				t.Fatal(err)
			}
		}
	}
	t.Logf("%d kills and a PostgreSQL restart in %s; %d Apertium processes killed", kills, time.Since(start).Round(time.Second), killedPipelines)
	if killedPipelines == 0 {
		t.Error("no Apertium pipeline was running to be killed")
	}

	// Everything published, once per language, and no job left to do.
	settle := time.Now()
	waitFor(t, 150*time.Second, func() bool {
		return count(`SELECT count(DISTINCT (article_id, lang)) FROM publications`) == len(langs)*items &&
			count(`SELECT count(*) FROM river_job WHERE state IN ('available', 'running', 'retryable', 'pending') AND kind <> 'schedule_polls'`) == 0
	})
	t.Logf("settled %s after the chaos", time.Since(settle).Round(time.Second))

	if n := count(`SELECT count(*) FROM articles`); n != items {
		t.Errorf("articles: %d, want %d (the feed's items)", n, items)
	}
	if n := count(`SELECT count(*) FROM articles WHERE status <> 'extracted'`); n != 0 {
		t.Errorf("%d articles are not extracted", n)
	}
	if n := count(`SELECT count(*) FROM publications`); n != len(langs)*items {
		t.Errorf("publications: %d, want %d: one per article and language", n, len(langs)*items)
	}
	if n := count(`SELECT count(*) FROM translations WHERE error = '' AND title <> ''`); n != (len(langs)-1)*items {
		t.Errorf("translations: %d, want %d", n, (len(langs)-1)*items)
	}
	// A job given up must say why.
	if n := count(`SELECT count(*) FROM river_job WHERE state IN ('discarded', 'cancelled') AND (errors IS NULL OR cardinality(errors) = 0)`); n != 0 {
		t.Errorf("%d jobs were discarded or cancelled without a recorded error", n)
	}
	rows, err := db.Query(`SELECT kind, state, count(*) FROM river_job GROUP BY kind, state ORDER BY kind, state`)
	if err == nil {
		var b strings.Builder
		for rows.Next() {
			var kind, state string
			var n int
			rows.Scan(&kind, &state, &n)
			fmt.Fprintf(&b, " %s/%s=%d", kind, state, n)
		}
		rows.Close()
		t.Logf("jobs:%s", b.String())
	}
	handedBack := 0
	for _, n := range nodes {
		b, _ := os.ReadFile(filepath.Join(dir, n.name+".log"))
		handedBack += strings.Count(string(b), "jobs of a dead worker handed back")
	}
	t.Logf("%d times a worker handed back a dead process's jobs", handedBack)
	for _, n := range nodes {
		if ex := n.unexpectedExits(); len(ex) > 0 {
			t.Errorf("%s exited by itself %d times: %v", n.name, len(ex), ex)
		}
	}

	// Both web nodes serve the same pages: lists, every article in every
	// language, feeds, sitemaps and a search.
	web1, web2 := "http://"+nodes[1].addr, "http://"+nodes[2].addr
	_, sitemap := get(t, web1+"/sitemap.xml")
	paths := []string{"/sitemap.xml", "/news-sitemap.xml"}
	for _, l := range langs {
		paths = append(paths, "/"+l+"/", "/"+l+"/feed.rss", "/"+l+"/feed.atom", "/"+l+"/sitemap.xml")
	}
	loc := regexp.MustCompile(`https?://news\.example(/[^<"]*/a/[^<"]*)`)
	articles := map[string]bool{}
	for _, l := range langs {
		_, sm := get(t, web1+"/"+l+"/sitemap.xml")
		for _, m := range loc.FindAllStringSubmatch(sm+sitemap, -1) {
			articles[m[1]] = true
		}
	}
	if len(articles) < len(langs)*items {
		t.Errorf("the sitemaps list %d article pages, want %d", len(articles), len(langs)*items)
	}
	for p := range articles {
		paths = append(paths, p)
	}
	paths = append(paths, "/es/search?q=ejemplo", "/ca/search?q=exemple")
	same := func() (string, bool) {
		for _, p := range paths {
			c1, b1 := get(t, web1+p)
			c2, b2 := get(t, web2+p)
			if c1 != 200 || c1 != c2 || b1 != b2 {
				return fmt.Sprintf("%s: %d (%d bytes) and %d (%d bytes)", p, c1, len(b1), c2, len(b2)), false
			}
		}
		return "", true
	}
	deadline := time.Now().Add(30 * time.Second)
	for {
		diff, ok := same()
		if ok {
			break
		}
		if time.Now().After(deadline) {
			t.Errorf("the web nodes serve different pages: %s", diff)
			break
		}
		time.Sleep(time.Second)
	}
	t.Logf("%d pages identical on both web nodes; whole test %s", len(paths), time.Since(start).Round(time.Second))
}
