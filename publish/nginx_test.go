package publish

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"
)

// nginxBlock is the configuration docs/deploy.md documents.
func nginxBlock(t *testing.T) string {
	t.Helper()
	doc, err := os.ReadFile("../docs/deploy.md")
	if err != nil {
		t.Fatal(err)
	}
	m := regexp.MustCompile("(?s)```nginx\n(.*?)```").FindSubmatch(doc)
	if m == nil {
		t.Fatal("docs/deploy.md has no nginx block")
	}
	return string(m[1])
}

func freeAddr(t *testing.T) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	return ln.Addr().String()
}

// TestNginxConfig runs nginx with the documented configuration in front of
// a newsbridge site and its published directory, on loopback.
func TestNginxConfig(t *testing.T) {
	bin, err := exec.LookPath("nginx")
	if err != nil {
		bin = "/usr/sbin/nginx"
		if _, err := os.Stat(bin); err != nil {
			if os.Getenv("NEWSBRIDGE_REQUIRE_NGINX") == "1" {
				t.Fatal("nginx is not installed (Debian: apt-get install nginx-light)")
			}
			t.Skip("nginx is not installed")
		}
	}
	b := newBackend(4)
	s := newSite(t, b)
	backend := httptest.NewServer(s.Handler())
	defer backend.Close()

	tmp := t.TempDir()
	// nginx's workers may run as another user (nobody, under root).
	os.Chmod(tmp, 0o755)
	dir := filepath.Join(tmp, "public")
	p, err := New(Config{Dir: dir, Site: s, Log: slog.New(slog.NewTextHandler(io.Discard, nil))})
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	if _, err := p.Publish(ctx); err != nil {
		t.Fatal(err)
	}
	b.remove("story-2")
	b.rename("en", "story-3", "3-story-three") // an edited title
	s.Invalidate()
	if _, err := p.Publish(ctx); err != nil {
		t.Fatal(err)
	}

	addr := freeAddr(t)
	block := nginxBlock(t)
	for old, new := range map[string]string{
		"listen 80;":             "listen " + addr + ";",
		"/srv/newsbridge/static": dir,
		"server 127.0.0.1:8080;": "server " + strings.TrimPrefix(backend.URL, "http://") + ";",
	} {
		if !strings.Contains(block, old) {
			t.Fatalf("the documented configuration has no %q", old)
		}
		block = strings.ReplaceAll(block, old, new)
	}
	run := filepath.Join(tmp, "run")
	os.MkdirAll(run, 0o755)
	conf := fmt.Sprintf(`worker_processes 1;
daemon off;
pid %[1]s/nginx.pid;
error_log %[1]s/error.log;
events { worker_connections 256; }
http {
  access_log off;
  client_body_temp_path %[1]s;
  proxy_temp_path %[1]s;
  fastcgi_temp_path %[1]s;
  uwsgi_temp_path %[1]s;
  scgi_temp_path %[1]s;
%[2]s
}
`, run, block)
	cf := filepath.Join(run, "nginx.conf")
	if err := os.WriteFile(cf, []byte(conf), 0o644); err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(bin, "-c", cf, "-p", run)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	defer func() {
		cmd.Process.Signal(os.Interrupt)
		done := make(chan struct{})
		go func() { cmd.Wait(); close(done) }()
		select {
		case <-done:
		case <-time.After(5 * time.Second):
			cmd.Process.Kill()
		}
	}()
	base := "http://" + addr
	client := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
		Transport: &http.Transport{DisableCompression: true}}
	get := func(path string, gz bool) (*http.Response, []byte) {
		t.Helper()
		req, _ := http.NewRequest("GET", base+path, nil)
		if gz {
			req.Header.Set("Accept-Encoding", "gzip")
		}
		r, err := client.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer r.Body.Close()
		body, _ := io.ReadAll(r.Body)
		return r, body
	}
	up := false
	for i := 0; i < 100 && !up; i++ {
		if r, err := client.Get(base + "/robots.txt"); err == nil {
			r.Body.Close()
			up = true
			break
		}
		time.Sleep(50 * time.Millisecond)
	}
	if !up {
		log, _ := os.ReadFile(filepath.Join(run, "error.log"))
		t.Fatalf("nginx did not start: %s\n%s", stderr.String(), log)
	}

	// A published article: the file, with newsbridge's type and headers.
	r, body := get("/es/a/story-1", false)
	disk, _ := os.ReadFile(filepath.Join(dir, "es/a/story-1/index.html"))
	if r.StatusCode != 200 || !bytes.Equal(body, disk) {
		t.Errorf("article: %d, %d bytes (file %d)", r.StatusCode, len(body), len(disk))
	}
	want := map[string]string{"Content-Type": "text/html; charset=utf-8", "Cache-Control": "public, max-age=60",
		"X-Content-Type-Options": "nosniff", "X-Frame-Options": "DENY"}
	for k, v := range want {
		if got := r.Header.Get(k); got != v {
			t.Errorf("article %s = %q, want %q", k, got, v)
		}
	}
	if r.Header.Get("Content-Security-Policy") == "" {
		t.Error("no Content-Security-Policy")
	}
	// The same page gzipped: the .gz copy, as is.
	r, body = get("/es/a/story-1", true)
	gz, _ := os.ReadFile(filepath.Join(dir, "es/a/story-1/index.html.gz"))
	if r.Header.Get("Content-Encoding") != "gzip" || !bytes.Equal(body, gz) {
		t.Errorf("gzip: %q, %d bytes (file %d)", r.Header.Get("Content-Encoding"), len(body), len(gz))
	}
	// A feed keeps its media type.
	if r, _ := get("/es/feed.atom", false); r.StatusCode != 200 || r.Header.Get("Content-Type") != "application/atom+xml; charset=utf-8" {
		t.Errorf("feed: %d %q", r.StatusCode, r.Header.Get("Content-Type"))
	}
	// Search and query pages are passed to newsbridge.
	direct := func(path string) (int, []byte) {
		r, err := client.Get(backend.URL + path)
		if err != nil {
			t.Fatal(err)
		}
		defer r.Body.Close()
		b, _ := io.ReadAll(r.Body)
		return r.StatusCode, b
	}
	for _, path := range []string{"/es/search?q=story", "/es/?page=2", "/"} {
		r, body := get(path, false)
		code, want := direct(path)
		if r.StatusCode != code || !bytes.Equal(body, want) {
			t.Errorf("%s through nginx: %d, %d bytes; from newsbridge: %d, %d bytes", path, r.StatusCode, len(body), code, len(want))
		}
	}
	// An unpublished article is a 404, newsbridge's.
	if r, body := get("/en/a/story-2", false); r.StatusCode != 404 || !bytes.Contains(body, []byte("<html")) {
		t.Errorf("unpublished article: %d", r.StatusCode)
	}
	// An article's earlier slug has no file left: newsbridge redirects.
	if r, _ := get("/en/a/story-3", false); r.StatusCode != 301 || r.Header.Get("Location") != "https://news.example/en/a/3-story-three" {
		t.Errorf("earlier slug: %d %q", r.StatusCode, r.Header.Get("Location"))
	}
	if r, _ := get("/en/a/3-story-three", false); r.StatusCode != 200 {
		t.Errorf("current slug: %d", r.StatusCode)
	}
	// A comment (POST) reaches newsbridge, not a file.
	resp, err := client.Post(base+"/es/a/story-1/comments", "application/x-www-form-urlencoded", strings.NewReader("name=a&text=b"))
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode == http.StatusMethodNotAllowed || resp.Header.Get("Content-Security-Policy") == "" {
		t.Errorf("comment POST answered by nginx itself: %d", resp.StatusCode)
	}
}
