package httpfast

import (
	"bufio"
	"net/http"
	"slices"
	"strings"
	"testing"
)

func TestParse(t *testing.T) {
	const host = "Host: example.org\r\n"
	accepted := []struct {
		head            string
		method, path, q string
		ae, inm         []string
	}{
		{head: "GET / HTTP/1.1\r\n" + host + "\r\n", method: "GET", path: "/"},
		{head: "HEAD /es/a/x HTTP/1.1\r\n" + host + "\r\n", method: "HEAD", path: "/es/a/x"},
		{head: "GET /es/?page=2 HTTP/1.1\r\n" + host + "\r\n", method: "GET", path: "/es/", q: "page=2"},
		{head: "GET /x? HTTP/1.1\r\n" + host + "\r\n", method: "GET", path: "/x"},
		{head: "GET /x?a=1?b=/ HTTP/1.1\r\n" + host + "\r\n", method: "GET", path: "/x", q: "a=1?b=/"},
		{head: "GET /x HTTP/1.1\r\nhOsT:example.org\r\naccept-encoding:  gzip, br \r\nAccept-Encoding: deflate\r\nIf-None-Match: \"a\", W/\"b\"\r\nConnection: Keep-Alive\r\nCookie: s=1\r\n\r\n",
			method: "GET", path: "/x", ae: []string{"gzip, br", "deflate"}, inm: []string{`"a", W/"b"`}},
		{head: "GET /x HTTP/1.1\r\nHost:\r\n\r\n", method: "GET", path: "/x"},
	}
	for _, c := range accepted {
		var r Request
		if !parse(c.head, &r) {
			t.Errorf("refused %q", c.head)
			continue
		}
		if r.Method != c.method || r.Path != c.path || r.RawQuery != c.q ||
			!slices.Equal(r.AcceptEncoding, c.ae) || !slices.Equal(r.IfNoneMatch, c.inm) {
			t.Errorf("%q read as %+v", c.head, r)
		}
	}
	refused := []string{
		"POST / HTTP/1.1\r\n" + host + "\r\n",
		"get / HTTP/1.1\r\n" + host + "\r\n",
		"GET / HTTP/1.0\r\n" + host + "\r\n",
		"GET / HTTP/2.0\r\n" + host + "\r\n",
		"PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n",
		"GET http://example.org/ HTTP/1.1\r\n" + host + "\r\n",
		"GET * HTTP/1.1\r\n" + host + "\r\n",
		"GET /caf%C3%A9 HTTP/1.1\r\n" + host + "\r\n",
		"GET /a#b HTTP/1.1\r\n" + host + "\r\n",
		"GET /a b HTTP/1.1\r\n" + host + "\r\n",
		"GET /a\x00 HTTP/1.1\r\n" + host + "\r\n",
		"GET /café HTTP/1.1\r\n" + host + "\r\n",
		"GET  / HTTP/1.1\r\n" + host + "\r\n",
		"GET / HTTP/1.1\r\n\r\n", // no Host
		"GET / HTTP/1.1\r\n" + host + host + "\r\n",
		"GET / HTTP/1.1\r\nHost: a b\r\n\r\n",
		"GET / HTTP/1.1\r\n" + host + "Connection: close\r\n\r\n",
		"GET / HTTP/1.1\r\n" + host + "Connection: Upgrade\r\nUpgrade: h2c\r\n\r\n",
		"GET / HTTP/1.1\r\n" + host + "Content-Length: 4\r\n\r\nbody",
		"GET / HTTP/1.1\r\n" + host + "Content-Length: 0\r\n\r\n",
		"GET / HTTP/1.1\r\n" + host + "Transfer-Encoding: chunked\r\n\r\n",
		"GET / HTTP/1.1\r\n" + host + "Expect: 100-continue\r\n\r\n",
		"GET / HTTP/1.1\r\n" + host + "X-A: b\r\n c\r\n\r\n",   // folded
		"GET / HTTP/1.1\r\n" + host + "X A: b\r\n\r\n",         // bad name
		"GET / HTTP/1.1\r\n" + host + "X-A : b\r\n\r\n",        // space before colon
		"GET / HTTP/1.1\r\n" + host + ": b\r\n\r\n",            // no name
		"GET / HTTP/1.1\r\n" + host + "X-A b\r\n\r\n",          // no colon
		"GET / HTTP/1.1\r\n" + host + "X-A: b\x01\r\n\r\n",     // control byte
		"GET / HTTP/1.1\r\n" + host + "X-A: b\rc\r\n\r\n",      // bare CR
		"GET / HTTP/1.1\n" + host + "\r\n",                     // bare LF
		"GET / HTTP/1.1\r\n" + host + "\r\nGET / HTTP/1.1\r\n", // not one head
		"GET / HTTP/1.1\r\n" + host + strings.Repeat("Accept-Encoding: gzip\r\n", 5) + "\r\n",
	}
	for _, h := range refused {
		var r Request
		if parse(h, &r) {
			t.Errorf("accepted %q", h)
		}
	}
}

// FuzzParse checks that every head the fast path accepts, net/http reads
// too, and reads the same way: same method, path, query and values.
func FuzzParse(f *testing.F) {
	for _, s := range []string{
		"GET / HTTP/1.1\r\nHost: a\r\n\r\n",
		"HEAD /es/a/x?page=2 HTTP/1.1\r\nHost: example.org:8080\r\nAccept-Encoding: gzip\r\nIf-None-Match: \"x\"\r\n\r\n",
		"GET /x HTTP/1.1\r\nhost: [::1]:80\r\nConnection: keep-alive\r\nX-Y: \t z \r\n\r\n",
		"GET /x HTTP/1.1\r\nHost: a\r\nContent-Length: 0\r\n\r\n",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, head string) {
		var r Request
		if !parse(head, &r) {
			return
		}
		req, err := http.ReadRequest(bufio.NewReader(strings.NewReader(head)))
		if err != nil {
			t.Fatalf("fast path accepts %q, net/http refuses it: %v", head, err)
		}
		if req.Method != r.Method || req.URL.Path != r.Path || req.URL.RawQuery != r.RawQuery ||
			req.ContentLength > 0 || len(req.TransferEncoding) > 0 || req.Close ||
			!slices.Equal(req.Header["Accept-Encoding"], r.AcceptEncoding) ||
			!slices.Equal(req.Header["If-None-Match"], r.IfNoneMatch) {
			t.Fatalf("%q: net/http reads %s %q ? %q %v, the fast path %+v", head, req.Method, req.URL.Path, req.URL.RawQuery, req.Header, r)
		}
	})
}
