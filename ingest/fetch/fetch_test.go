package fetch

import (
	"bytes"
	"compress/flate"
	"compress/gzip"
	"compress/zlib"
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"newsbridge/model"
)

// loopback allows the tests' own httptest outlets through the guard.
var loopback = mustAllow("127.0.0.0/8", "::1/128")

func mustAllow(entries ...string) Allow {
	a, err := ParseAllow(entries)
	if err != nil {
		panic(err)
	}
	return a
}

// newFetcher returns a Fetcher without per-host delay that may fetch from
// loopback, for tests that are not about politeness or the guard.
func newFetcher(opts Options) *Fetcher {
	if opts.MinDelay == 0 {
		opts.MinDelay = -1
	}
	opts.Allow = loopback
	return New(opts)
}

func wantCode(t *testing.T, err error, code, msgPart string) {
	t.Helper()
	if err == nil {
		t.Fatalf("got no error, want %s containing %q", code, msgPart)
	}
	var me *model.Error
	if !errors.As(err, &me) {
		t.Fatalf("error %v (%T) is not a *model.Error", err, err)
	}
	if me.Code != code {
		t.Errorf("code = %q, want %q (error %v)", me.Code, code, err)
	}
	if !strings.Contains(me.Message, msgPart) {
		t.Errorf("message %q does not contain %q", me.Message, msgPart)
	}
}

func TestGetOK(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/old":
			http.Redirect(w, r, "/new?x=1", http.StatusMovedPermanently)
		case "/new":
			if ua := r.Header.Get("User-Agent"); !strings.HasPrefix(ua, "newsbridge") {
				t.Errorf("User-Agent = %q", ua)
			}
			w.Header().Set("Content-Type", "text/html; charset=iso-8859-1")
			w.Header().Set("ETag", `"v1"`)
			w.Header().Set("Last-Modified", "Mon, 02 Mar 2026 10:00:00 GMT")
			w.Write([]byte("caf\xe9")) // Latin-1, must stay raw
		default:
			http.NotFound(w, r)
		}
	}))
	defer srv.Close()

	resp, err := newFetcher(Options{}).Get(context.Background(), Request{URL: srv.URL + "/old#frag"})
	if err != nil {
		t.Fatal(err)
	}
	if resp.URL != srv.URL+"/new?x=1" {
		t.Errorf("URL = %q, want final URL", resp.URL)
	}
	if resp.StatusCode != 200 || resp.NotModified {
		t.Errorf("status = %d, notModified = %v", resp.StatusCode, resp.NotModified)
	}
	if resp.ETag != `"v1"` || resp.LastModified != "Mon, 02 Mar 2026 10:00:00 GMT" {
		t.Errorf("validators = %q, %q", resp.ETag, resp.LastModified)
	}
	if resp.ContentType != "text/html; charset=iso-8859-1" {
		t.Errorf("ContentType = %q", resp.ContentType)
	}
	if !bytes.Equal(resp.Body, []byte("caf\xe9")) {
		t.Errorf("Body = %q, want raw bytes", resp.Body)
	}
}

func TestNotModified(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Header.Get("If-None-Match") == `"abc"` || r.Header.Get("If-Modified-Since") == "Sun, 01 Mar 2026 00:00:00 GMT" {
			w.WriteHeader(http.StatusNotModified)
			return
		}
		w.Header().Set("ETag", `"abc"`)
		w.Write([]byte("<rss/>"))
	}))
	defer srv.Close()
	f := newFetcher(Options{})
	ctx := context.Background()

	resp, err := f.Get(ctx, Request{URL: srv.URL + "/feed"})
	if err != nil || resp.NotModified || string(resp.Body) != "<rss/>" {
		t.Fatalf("first GET: %+v, %v", resp, err)
	}
	for _, req := range []Request{
		{URL: srv.URL + "/feed", ETag: resp.ETag},
		{URL: srv.URL + "/feed", LastModified: "Sun, 01 Mar 2026 00:00:00 GMT"},
	} {
		resp, err := f.Get(ctx, req)
		if err != nil {
			t.Fatal(err)
		}
		if !resp.NotModified || resp.StatusCode != 304 || len(resp.Body) != 0 {
			t.Errorf("conditional GET %+v: got %+v", req, resp)
		}
		if resp.ETag != req.ETag || resp.LastModified != req.LastModified {
			t.Errorf("validators not kept on 304: %+v", resp)
		}
	}
}

func TestRobots(t *testing.T) {
	var robotsHits atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/robots.txt" {
			robotsHits.Add(1)
			// The newsbridge group is the one that applies, not "*".
			fmt.Fprint(w, "User-agent: *\nDisallow: /\n\nUser-agent: newsbridge\nDisallow: /private/\nDisallow: /*?print=\nAllow: /private/ok\n")
			return
		}
		fmt.Fprint(w, "page")
	}))
	defer srv.Close()

	clock := time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)
	f := newFetcher(Options{Now: func() time.Time { return clock }})
	ctx := context.Background()
	tests := []struct {
		path    string
		allowed bool
	}{
		{"/news/a.html", true},
		{"/private/secret.html", false},
		{"/private/ok.html", true},
		{"/news/a.html?print=1", false},
	}
	for _, tt := range tests {
		_, err := f.Get(ctx, Request{URL: srv.URL + tt.path})
		if tt.allowed && err != nil {
			t.Errorf("%s: %v", tt.path, err)
		}
		if !tt.allowed {
			wantCode(t, err, model.EInvalid, "fetch: disallowed by robots.txt: "+srv.URL+tt.path)
		}
	}
	if n := robotsHits.Load(); n != 1 {
		t.Errorf("robots.txt fetched %d times, want once (cached)", n)
	}
	clock = clock.Add(25 * time.Hour)
	if _, err := f.Get(ctx, Request{URL: srv.URL + "/news/b.html"}); err != nil {
		t.Fatal(err)
	}
	if n := robotsHits.Load(); n != 2 {
		t.Errorf("robots.txt fetched %d times after expiry, want 2", n)
	}

	// IgnoreRobots turns it off.
	g := newFetcher(Options{IgnoreRobots: true})
	if _, err := g.Get(ctx, Request{URL: srv.URL + "/private/secret.html"}); err != nil {
		t.Errorf("IgnoreRobots: %v", err)
	}
}

func TestRobotsRedirectChecked(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/robots.txt":
			fmt.Fprint(w, "User-agent: newsbridge\nDisallow: /private/\n")
		case "/go":
			http.Redirect(w, r, "/private/x", http.StatusFound)
		default:
			fmt.Fprint(w, "page")
		}
	}))
	defer srv.Close()
	_, err := newFetcher(Options{}).Get(context.Background(), Request{URL: srv.URL + "/go"})
	wantCode(t, err, model.EInvalid, "disallowed by robots.txt")
}

func TestRobotsStatus(t *testing.T) {
	tests := []struct {
		status int
		code   string // "" = page fetched
	}{
		{404, ""},
		{403, ""},
		{503, model.EUnavailable},
		{500, model.EUnavailable},
	}
	for _, tt := range tests {
		srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			if r.URL.Path == "/robots.txt" {
				w.WriteHeader(tt.status)
				return
			}
			fmt.Fprint(w, "page")
		}))
		_, err := newFetcher(Options{}).Get(context.Background(), Request{URL: srv.URL + "/a"})
		if tt.code == "" && err != nil {
			t.Errorf("robots %d: %v", tt.status, err)
		}
		if tt.code != "" {
			wantCode(t, err, tt.code, "robots.txt")
		}
		srv.Close()
	}
}

func gzipped(t *testing.T, data []byte) []byte {
	var buf bytes.Buffer
	zw := gzip.NewWriter(&buf)
	zw.Write(data)
	zw.Close()
	return buf.Bytes()
}

func TestDecoding(t *testing.T) {
	want := strings.Repeat("<p>Hola, mundo.</p>\n", 100)
	var zl, raw bytes.Buffer
	w := zlib.NewWriter(&zl)
	w.Write([]byte(want))
	w.Close()
	fw, _ := flate.NewWriter(&raw, flate.DefaultCompression)
	fw.Write([]byte(want))
	fw.Close()
	bodies := map[string]struct {
		enc  string
		data []byte
	}{
		"/gzip":    {"gzip", gzipped(t, []byte(want))},
		"/zlib":    {"deflate", zl.Bytes()},
		"/deflate": {"deflate", raw.Bytes()},
	}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		b, ok := bodies[r.URL.Path]
		if !ok {
			http.NotFound(w, r)
			return
		}
		if !strings.Contains(r.Header.Get("Accept-Encoding"), b.enc) {
			t.Errorf("Accept-Encoding %q lacks %s", r.Header.Get("Accept-Encoding"), b.enc)
		}
		w.Header().Set("Content-Encoding", b.enc)
		w.Write(b.data)
	}))
	defer srv.Close()
	f := newFetcher(Options{})
	for path := range bodies {
		resp, err := f.Get(context.Background(), Request{URL: srv.URL + path})
		if err != nil {
			t.Errorf("%s: %v", path, err)
			continue
		}
		if string(resp.Body) != want {
			t.Errorf("%s: body not decoded: %q…", path, resp.Body[:min(40, len(resp.Body))])
		}
	}
}

func TestCorruptGzip(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Encoding", "gzip")
		w.Write([]byte("this is not gzip at all"))
	}))
	defer srv.Close()
	_, err := newFetcher(Options{IgnoreRobots: true}).Get(context.Background(), Request{URL: srv.URL})
	wantCode(t, err, model.EInvalid, "corrupt gzip")
}

func TestGzipBomb(t *testing.T) {
	// 1 GiB of zeros in about 1 MiB: gzip a 1 MiB block of zeros once and
	// repeat the compressed members (a gzip stream may hold many).
	member := gzipped(t, make([]byte, 1<<20))
	bomb := bytes.Repeat(member, 1024)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Encoding", "gzip")
		w.Write(bomb)
	}))
	defer srv.Close()
	_, err := newFetcher(Options{}).Get(context.Background(), Request{URL: srv.URL})
	wantCode(t, err, model.EInvalid, "fetch: body larger than 10 MiB")
}

func TestHugeBody(t *testing.T) {
	const total = 50 << 20
	chunk := bytes.Repeat([]byte("x"), 64<<10)
	for _, withLength := range []bool{false, true} {
		var written atomic.Int64
		done := make(chan struct{})
		srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			defer close(done)
			if withLength {
				w.Header().Set("Content-Length", fmt.Sprint(total))
			}
			for written.Load() < total {
				n, err := w.Write(chunk)
				written.Add(int64(n))
				if err != nil {
					return
				}
			}
		}))
		_, err := newFetcher(Options{IgnoreRobots: true}).Get(context.Background(), Request{URL: srv.URL})
		wantCode(t, err, model.EInvalid, "fetch: body larger than 10 MiB")
		select {
		case <-done:
		case <-time.After(5 * time.Second):
			t.Fatal("server still writing: client did not stop reading")
		}
		if n := written.Load(); n >= total {
			t.Errorf("withLength=%v: server wrote all %d bytes; the client should have stopped at the cap", withLength, n)
		}
		srv.Close()
	}
}

func TestSmallMaxBody(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Write(make([]byte, 2000))
	}))
	defer srv.Close()
	_, err := newFetcher(Options{MaxBody: 1000}).Get(context.Background(), Request{URL: srv.URL})
	wantCode(t, err, model.EInvalid, "fetch: body larger than 1000 bytes")
	resp, err := newFetcher(Options{MaxBody: 2000}).Get(context.Background(), Request{URL: srv.URL})
	if err != nil || len(resp.Body) != 2000 {
		t.Errorf("body of exactly MaxBody: %v", err)
	}
}

func TestTimeout(t *testing.T) {
	release := make(chan struct{})
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/slow-body" {
			w.Write([]byte("start"))
			w.(http.Flusher).Flush()
		}
		select {
		case <-release:
		case <-r.Context().Done():
		}
	}))
	defer srv.Close()
	defer close(release)
	f := newFetcher(Options{Timeout: 100 * time.Millisecond, IgnoreRobots: true})
	for _, path := range []string{"/slow-headers", "/slow-body"} {
		_, err := f.Get(context.Background(), Request{URL: srv.URL + path})
		wantCode(t, err, model.EUnavailable, "timed out after 100ms")
	}
}

func TestCallerCancel(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		<-r.Context().Done()
	}))
	defer srv.Close()
	ctx, cancel := context.WithCancel(context.Background())
	go func() { time.Sleep(50 * time.Millisecond); cancel() }()
	_, err := newFetcher(Options{IgnoreRobots: true}).Get(ctx, Request{URL: srv.URL})
	if !errors.Is(err, context.Canceled) {
		t.Errorf("err = %v, want context.Canceled", err)
	}
}

func TestStatusErrors(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		var code int
		fmt.Sscanf(r.URL.Path, "/%d", &code)
		if code == 0 {
			http.NotFound(w, r)
			return
		}
		if code == 429 {
			w.Header().Set("Retry-After", "120")
		}
		w.WriteHeader(code)
	}))
	defer srv.Close()
	tests := []struct {
		status int
		code   string
		msg    string
	}{
		{404, model.EInvalid, "/404: 404 Not Found"},
		{410, model.EInvalid, "/410: 410 Gone"},
		{403, model.EInvalid, "403 Forbidden"},
		{429, model.EUnavailable, "429 Too Many Requests (retry after 120)"},
		{500, model.EUnavailable, "500 Internal Server Error"},
		{502, model.EUnavailable, "502 Bad Gateway"},
		{503, model.EUnavailable, "503 Service Unavailable"},
	}
	f := newFetcher(Options{})
	for _, tt := range tests {
		_, err := f.Get(context.Background(), Request{URL: fmt.Sprintf("%s/%d", srv.URL, tt.status)})
		wantCode(t, err, tt.code, tt.msg)
	}
}

func TestRedirects(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/loop":
			http.Redirect(w, r, "/loop2", http.StatusFound)
		case "/loop2":
			http.Redirect(w, r, "/loop", http.StatusFound)
		case "/ftp":
			http.Redirect(w, r, "ftp://example.org/file", http.StatusFound)
		case "/js":
			w.Header().Set("Location", "javascript:alert(1)")
			w.WriteHeader(http.StatusFound)
		case "/chain":
			var n int
			fmt.Sscan(r.URL.Query().Get("n"), &n)
			if n < 10 {
				http.Redirect(w, r, fmt.Sprintf("/chain?n=%d", n+1), http.StatusFound)
				return
			}
			fmt.Fprint(w, "end")
		default:
			http.NotFound(w, r)
		}
	}))
	defer srv.Close()
	f := newFetcher(Options{})
	ctx := context.Background()

	_, err := f.Get(ctx, Request{URL: srv.URL + "/loop"})
	wantCode(t, err, model.EInvalid, "too many redirects (more than 10)")
	_, err = f.Get(ctx, Request{URL: srv.URL + "/ftp"})
	wantCode(t, err, model.EInvalid, "unsupported URL scheme")
	_, err = f.Get(ctx, Request{URL: srv.URL + "/js"})
	wantCode(t, err, model.EInvalid, "unsupported URL scheme")

	resp, err := f.Get(ctx, Request{URL: srv.URL + "/chain?n=0"})
	if err != nil {
		t.Fatalf("10 redirects must be followed: %v", err)
	}
	if !strings.HasSuffix(resp.URL, "/chain?n=10") {
		t.Errorf("final URL %q", resp.URL)
	}
}

func TestBadURLs(t *testing.T) {
	f := newFetcher(Options{})
	for _, raw := range []string{"", "ftp://example.org/x", "file:///etc/passwd", "javascript:alert(1)", "/relative/path", "http://", "http://bad host/"} {
		_, err := f.Get(context.Background(), Request{URL: raw})
		wantCode(t, err, model.EInvalid, "fetch:")
	}
}

func TestConnectionRefused(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close()
	_, err = newFetcher(Options{}).Get(context.Background(), Request{URL: "http://" + addr + "/"})
	wantCode(t, err, model.EUnavailable, "fetch:")
}

// TestPerHostDelay checks the waits with an injected clock and sleeper:
// the second and third requests to one host wait MinDelay, a request to
// another host does not wait.
func TestPerHostDelay(t *testing.T) {
	handler := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { fmt.Fprint(w, "ok") })
	a := httptest.NewServer(handler)
	defer a.Close()
	b := httptest.NewServer(handler)
	defer b.Close()

	var mu sync.Mutex
	clock := time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)
	var sleeps []time.Duration
	f := New(Options{Allow: loopback, MinDelay: time.Second, Now: func() time.Time {
		mu.Lock()
		defer mu.Unlock()
		return clock
	}})
	f.sleep = func(ctx context.Context, d time.Duration) error {
		mu.Lock()
		defer mu.Unlock()
		sleeps = append(sleeps, d)
		clock = clock.Add(d)
		return nil
	}
	ctx := context.Background()
	get := func(u string) {
		t.Helper()
		if _, err := f.Get(ctx, Request{URL: u}); err != nil {
			t.Fatal(err)
		}
	}
	get(a.URL + "/1")
	get(b.URL + "/1") // other host: no wait
	get(a.URL + "/2") // waits 1s
	mu.Lock()
	clock = clock.Add(400 * time.Millisecond)
	mu.Unlock()
	get(a.URL + "/3") // 400ms already passed: waits 600ms
	mu.Lock()
	clock = clock.Add(5 * time.Second)
	mu.Unlock()
	get(a.URL + "/4") // long enough ago: no wait
	want := []time.Duration{time.Second, 600 * time.Millisecond}
	if fmt.Sprint(sleeps) != fmt.Sprint(want) {
		t.Errorf("sleeps = %v, want %v", sleeps, want)
	}
}

// TestPerHostSerialized fires concurrent requests at one host and checks,
// on the server, that they never overlap and that the gaps between them are
// at least MinDelay (a lower bound, which timing noise cannot break).
func TestPerHostSerialized(t *testing.T) {
	const minDelay = 20 * time.Millisecond
	var mu sync.Mutex
	var inFlight, maxInFlight int
	var starts []time.Time
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/robots.txt" {
			http.NotFound(w, r)
			return
		}
		mu.Lock()
		inFlight++
		maxInFlight = max(maxInFlight, inFlight)
		starts = append(starts, time.Now())
		mu.Unlock()
		time.Sleep(5 * time.Millisecond)
		mu.Lock()
		inFlight--
		mu.Unlock()
	}))
	defer srv.Close()
	f := New(Options{Allow: loopback, MinDelay: minDelay})
	var wg sync.WaitGroup
	for i := range 5 {
		wg.Go(func() {
			if _, err := f.Get(context.Background(), Request{URL: fmt.Sprintf("%s/%d", srv.URL, i)}); err != nil {
				t.Error(err)
			}
		})
	}
	wg.Wait()
	if maxInFlight != 1 {
		t.Errorf("max requests in flight to one host = %d, want 1", maxInFlight)
	}
	for i := 1; i < len(starts); i++ {
		if gap := starts[i].Sub(starts[i-1]); gap < minDelay {
			t.Errorf("gap between requests %d and %d = %v, want ≥ %v", i-1, i, gap, minDelay)
		}
	}
}

// TestHostsInParallel blocks a request to host A until host B has been
// reached: it can only pass if the two hosts are fetched concurrently.
func TestHostsInParallel(t *testing.T) {
	bReached := make(chan struct{})
	a := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		select {
		case <-bReached:
			fmt.Fprint(w, "a")
		case <-time.After(5 * time.Second):
			w.WriteHeader(http.StatusServiceUnavailable)
		}
	}))
	defer a.Close()
	var once sync.Once
	b := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		once.Do(func() { close(bReached) })
		fmt.Fprint(w, "b")
	}))
	defer b.Close()
	f := New(Options{Allow: loopback, IgnoreRobots: true})
	errc := make(chan error, 1)
	go func() {
		_, err := f.Get(context.Background(), Request{URL: a.URL + "/"})
		errc <- err
	}()
	if _, err := f.Get(context.Background(), Request{URL: b.URL + "/"}); err != nil {
		t.Fatal(err)
	}
	if err := <-errc; err != nil {
		t.Errorf("host A blocked by host B: %v", err)
	}
}

func TestSize(t *testing.T) {
	for n, want := range map[int64]string{10 << 20: "10 MiB", 512 << 10: "512 KiB", 1000: "1000 bytes", 1<<20 + 1: "1048577 bytes"} {
		if got := size(n); got != want {
			t.Errorf("size(%d) = %q, want %q", n, got, want)
		}
	}
}

// TestCrawlDelay checks that a robots.txt Crawl-delay longer than MinDelay
// is honoured (and capped), with the injected clock.
func TestCrawlDelay(t *testing.T) {
	for _, tt := range []struct {
		robots string
		want   time.Duration
	}{
		{"User-agent: newsbridge\nCrawl-delay: 5\n", 5 * time.Second},
		{"User-agent: *\nCrawl-delay: 0.5\n", time.Second}, // MinDelay wins
		{"User-agent: newsbridge\nCrawl-delay: 86400\n", maxCrawlDelay},
	} {
		srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			if r.URL.Path == "/robots.txt" {
				fmt.Fprint(w, tt.robots)
			}
		}))
		clock := time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)
		var slept time.Duration
		f := New(Options{Allow: loopback, MinDelay: time.Second, Now: func() time.Time { return clock }})
		f.sleep = func(ctx context.Context, d time.Duration) error {
			slept += d
			clock = clock.Add(d)
			return nil
		}
		for i := range 2 {
			if _, err := f.Get(context.Background(), Request{URL: fmt.Sprintf("%s/%d", srv.URL, i)}); err != nil {
				t.Fatal(err)
			}
		}
		if slept != tt.want {
			t.Errorf("robots %q: waited %v, want %v", tt.robots, slept, tt.want)
		}
		srv.Close()
	}
}

func TestCallerDeadline(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		<-r.Context().Done()
	}))
	defer srv.Close()
	ctx, cancel := context.WithTimeout(context.Background(), 50*time.Millisecond)
	defer cancel()
	_, err := newFetcher(Options{IgnoreRobots: true}).Get(ctx, Request{URL: srv.URL})
	if !errors.Is(err, context.DeadlineExceeded) {
		t.Errorf("err = %v, want the caller's context.DeadlineExceeded", err)
	}
}

func BenchmarkGet(b *testing.B) {
	page := bytes.Repeat([]byte("<p>Texto de prueba.</p>\n"), 2000) // ~48 KB
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Write(page)
	}))
	defer srv.Close()
	f := New(Options{Allow: loopback, MinDelay: -1})
	b.SetBytes(int64(len(page)))
	for b.Loop() {
		if _, err := f.Get(context.Background(), Request{URL: srv.URL + "/a"}); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkGetGzip(b *testing.B) {
	page := bytes.Repeat([]byte("<p>Texto de prueba.</p>\n"), 2000)
	var buf bytes.Buffer
	zw := gzip.NewWriter(&buf)
	zw.Write(page)
	zw.Close()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Encoding", "gzip")
		w.Write(buf.Bytes())
	}))
	defer srv.Close()
	f := New(Options{Allow: loopback, MinDelay: -1, IgnoreRobots: true})
	b.SetBytes(int64(len(page)))
	for b.Loop() {
		if _, err := f.Get(context.Background(), Request{URL: srv.URL + "/a"}); err != nil {
			b.Fatal(err)
		}
	}
}
