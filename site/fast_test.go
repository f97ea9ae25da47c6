package site

import (
	"bufio"
	"bytes"
	"io"
	"net"
	"net/http"
	"regexp"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"newsbridge/internal/httpfast"
)

// TestFastMatchesNetHTTP sends the same requests to the site served by
// net/http alone and by httpfast with Site.Fast in front, over one
// connection each, one at a time and then pipelined: every response must
// be the same bytes (the Date line aside), and the fast path must have
// answered the cached pages and assets.
func TestFastMatchesNetHTTP(t *testing.T) {
	s := newTestSite(t, newFake(), nil)
	var hits atomic.Int64
	s.cfg.OnPageCache = func(hit bool) {
		if hit {
			hits.Add(1)
		}
	}
	plainLn, fastLn := listen(t), listen(t)
	plain := &http.Server{Handler: s.Handler()}
	go plain.Serve(plainLn)
	t.Cleanup(func() { plain.Close() })
	var fastAnswers atomic.Int64
	fast := &httpfast.Server{HTTP: &http.Server{Handler: s.Handler()}, Fast: s.Fast,
		Observe: func(*httpfast.Request, *httpfast.Response, time.Duration) { fastAnswers.Add(1) }}
	go fast.Serve(fastLn)
	t.Cleanup(func() { fast.Close() })

	article := get(t, s.Handler(), "/es/a/puerto")
	etag := article.Header().Get("ETag")
	gz := get(t, s.Handler(), "/es/a/puerto", "Accept-Encoding", "gzip")
	etagGz := gz.Header().Get("ETag")
	paths := []string{"/es/a/puerto", "/en/a/puerto", "/ar/a/puerto", "/es/", "/es/?page=2", "/es/deportes/",
		"/es/feed.rss", "/es/feed.json", "/es/sitemap.xml", "/sitemap.xml", "/robots.txt", s.cssPath,
		"/es/author/ana-perez/", "/es/a/puerto?comment=pending"}
	for _, p := range paths {
		if w := get(t, s.Handler(), p); w.Code != 200 {
			t.Fatalf("warming %s: %d", p, w.Code)
		}
	}
	type req struct{ method, target, headers string }
	var reqs []req
	for _, p := range paths {
		reqs = append(reqs, req{"GET", p, ""}, req{"HEAD", p, ""}, req{"GET", p, "Accept-Encoding: gzip, br\r\n"})
	}
	reqs = append(reqs,
		req{"GET", "/es/a/puerto", "If-None-Match: " + etag + "\r\n"},
		req{"GET", "/es/a/puerto", "If-None-Match: \"x\", W/" + etag + "\r\n"},
		req{"GET", "/es/a/puerto", "Accept-Encoding: gzip\r\nIf-None-Match: " + etagGz + "\r\n"},
		req{"GET", "/es/a/puerto", "Accept-Encoding: gzip\r\nIf-None-Match: " + etag + "\r\n"},
		req{"HEAD", "/es/a/puerto", "Accept-Encoding: gzip;q=0, identity\r\nIf-None-Match: \"nope\"\r\n"},
		req{"GET", "/es/a/puerto", "If-None-Match: *\r\n"},
		req{"GET", "/es/a/puerto", "Accept-Encoding: x-gzip\r\nAccept-Encoding: deflate\r\nCookie: a=b\r\nConnection: keep-alive\r\n"},
		req{"GET", "/es/a/puerto?utm_source=x", ""}, // redirected to the canonical URL
		req{"GET", "/es/?page=1", ""},
		req{"GET", "/static/site.0000000000.css", ""},
		req{"GET", "/es/a/nothing", ""},
		req{"GET", "/es/a/puerto", ""},
		req{"GET", "/es//a/puerto", ""},
		req{"GET", "/es/a/./puerto", ""},
		req{"GET", "/es/a/puert%6F", ""},
		req{"GET", "/es/search?q=puerto", ""},
		req{"GET", "/media/0123456789abcdef0123456789abcdef-640.jpg", ""},
		req{"GET", "/", "Accept-Language: en\r\n"},
	)
	var batch strings.Builder
	for _, r := range reqs {
		batch.WriteString(r.method + " " + r.target + " HTTP/1.1\r\nHost: news.example\r\n" + r.headers + "\r\n")
	}
	// One at a time, each server on a connection of its own.
	pc, fc := dialWire(t, plainLn), dialWire(t, fastLn)
	for _, r := range reqs {
		msg := r.method + " " + r.target + " HTTP/1.1\r\nHost: news.example\r\n" + r.headers + "\r\n"
		want, got := pc.roundTrip(t, msg, r.method), fc.roundTrip(t, msg, r.method)
		if want != got {
			t.Errorf("%s %s %q:\nnet/http: %.600q\nfast:     %.600q", r.method, r.target, r.headers, want, got)
		}
	}
	answered := fastAnswers.Load()
	if min := int64(3*len(paths) + 7); answered < min {
		t.Errorf("the fast path answered %d requests, want at least %d", answered, min)
	}
	if hits.Load() < answered-3 { // the three asset requests are no page-cache hits
		t.Errorf("%d page-cache hits for %d fast answers", hits.Load(), answered)
	}
	// All at once, pipelined.
	pc, fc = dialWire(t, plainLn), dialWire(t, fastLn)
	io.WriteString(pc.c, batch.String())
	io.WriteString(fc.c, batch.String())
	for _, r := range reqs {
		if want, got := pc.read(t, r.method), fc.read(t, r.method); want != got {
			t.Errorf("pipelined %s %s %q:\nnet/http: %.600q\nfast:     %.600q", r.method, r.target, r.headers, want, got)
		}
	}
}

func listen(t *testing.T) net.Listener {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	return ln
}

// wireConn reads responses from a connection as they came on the wire.
type wireConn struct {
	c    net.Conn
	rec  bytes.Buffer
	br   *bufio.Reader
	done int
}

func dialWire(t *testing.T, ln net.Listener) *wireConn {
	t.Helper()
	c, err := net.Dial("tcp", ln.Addr().String())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { c.Close() })
	c.SetDeadline(time.Now().Add(20 * time.Second))
	w := &wireConn{c: c}
	w.br = bufio.NewReader(io.TeeReader(c, &w.rec))
	return w
}

var dateLine = regexp.MustCompile(`\r\nDate: [^\r]+\r\n`)

func (w *wireConn) roundTrip(t *testing.T, msg, method string) string {
	t.Helper()
	if _, err := io.WriteString(w.c, msg); err != nil {
		t.Fatal(err)
	}
	return w.read(t, method)
}

// read reads one response and returns its bytes without the Date line.
func (w *wireConn) read(t *testing.T, method string) string {
	t.Helper()
	res, err := http.ReadResponse(w.br, &http.Request{Method: method})
	if err != nil {
		t.Fatalf("reading a response to %s: %v", method, err)
	}
	if _, err := io.Copy(io.Discard, res.Body); err != nil {
		t.Fatal(err)
	}
	end := w.rec.Len() - w.br.Buffered()
	raw := string(w.rec.Bytes()[w.done:end])
	w.done = end
	return dateLine.ReplaceAllString(raw, "\r\n")
}
