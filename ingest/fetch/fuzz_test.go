package fetch

import (
	"bytes"
	"compress/gzip"
	"io"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"newsbridge/model"
)

// FuzzReadBody: any body under any Content-Encoding decodes to at most
// max bytes or fails with a *model.Error or a read error, never a panic.
func FuzzReadBody(f *testing.F) {
	var gz bytes.Buffer
	w := gzip.NewWriter(&gz)
	w.Write(bytes.Repeat([]byte("a"), 4096))
	w.Close()
	f.Add(gz.Bytes(), "gzip", int64(100))
	f.Add([]byte("x\x9c\x4b\x4c\x04\x00\x01\x26\x00\xc3"), "deflate", int64(10))
	f.Add([]byte("\x4b\x4c\x04\x00"), "deflate", int64(10))
	f.Add([]byte("caf\xe9"), "", int64(3))
	f.Add([]byte("plain"), "br", int64(100))
	f.Fuzz(func(t *testing.T, body []byte, enc string, max int64) {
		if max <= 0 || max > 1<<20 {
			max = 1 << 10
		}
		resp := &http.Response{Header: http.Header{"Content-Encoding": {enc}}, Body: io.NopCloser(bytes.NewReader(body)), ContentLength: int64(len(body))}
		out, err := readBody(resp, max)
		if err != nil {
			return
		}
		if int64(len(out)) > max {
			t.Fatalf("read %d bytes, max %d", len(out), max)
		}
	})
}

// FuzzRobots: any robots.txt parses (or counts as none) and answers any
// path without panicking.
func FuzzRobots(f *testing.F) {
	f.Add(200, []byte("User-agent: *\nDisallow: /\n\nUser-agent: newsbridge\nAllow: /news/\nCrawl-delay: 5\n"), "/news/a?b=c")
	f.Add(200, []byte("User-agent: newsbridge\nDisallow: /*?print=\nAllow: /$\n"), "/")
	f.Add(404, []byte(""), "/x")
	f.Add(500, []byte("<html>"), "/%zz")
	f.Add(200, []byte("\xef\xbb\xbfUser-agent:newsbridge\r\nDisallow:\t/a*b$\r\nCrawl-delay: 1e308\n"), "/a/b")
	f.Fuzz(func(t *testing.T, status int, body []byte, path string) {
		if status < 100 || status > 599 {
			status = 200
		}
		g := robotsData(status, body).FindGroup(RobotsAgent)
		g.Test(path)
		_ = min(g.CrawlDelay, maxCrawlDelay)
	})
}

// FuzzRedirect: whatever Location an outlet sends, a redirect is followed
// only to an http(s) URL without credentials, and never panics; the URLs
// Get accepts are the same.
func FuzzRedirect(f *testing.F) {
	for _, loc := range []string{"/new", "https://other.example/x", "ftp://x/", "javascript:alert(1)", "//user:pw@evil.example/",
		"http://169.254.169.254/", "HTTP://[::1]:80/", "http://a@b@c/", "\\\\evil", "http://%zz/", "data:text/html,hi"} {
		f.Add(loc)
	}
	fetcher := New(Options{IgnoreRobots: true})
	base, _ := url.Parse("http://outlet.example/a/b")
	via := []*http.Request{{URL: base}}
	f.Fuzz(func(t *testing.T, loc string) {
		if u, err := parseURL(loc); err == nil {
			if (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" || u.User != nil {
				t.Fatalf("parseURL accepted %q as %v", loc, u)
			}
		} else if model.ErrorCode(err) != model.EInvalid {
			t.Fatalf("parseURL(%q): %v", loc, err)
		}
		ref, err := url.Parse(loc)
		if err != nil {
			return
		}
		next := base.ResolveReference(ref)
		req, err := http.NewRequest(http.MethodGet, next.String(), nil)
		if err != nil {
			return
		}
		if err := fetcher.checkRedirect(req, via); err == nil {
			s := strings.ToLower(req.URL.Scheme)
			if (s != "http" && s != "https") || req.URL.User != nil {
				t.Fatalf("redirect to %q (%v) allowed", loc, req.URL)
			}
		}
	})
}
