package httpfast

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"io"
	"log"
	"net"
	"net/http"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"
)

// The test server's page: the handler writes it through net/http, the fast
// path from its prepared head; both must give the same bytes.
var (
	pageBody = []byte(strings.Repeat("<p>news</p>\n", 900))
	pageHead = []byte("HTTP/1.1 200 OK\r\nContent-Length: 10800\r\nContent-Type: text/html; charset=utf-8\r\n")
)

func handler() http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("GET /page", func(w http.ResponseWriter, r *http.Request) {
		w.Header()["Content-Type"] = []string{"text/html; charset=utf-8"}
		w.Header()["Content-Length"] = []string{"10800"}
		if r.Method != http.MethodHead {
			w.Write(pageBody)
		}
	})
	mux.HandleFunc("POST /echo", func(w http.ResponseWriter, r *http.Request) {
		b, _ := io.ReadAll(r.Body)
		w.Write(b)
	})
	return mux
}

// testFast answers /page as handler does.
func testFast(r *Request) (Response, bool) {
	if r.Path != "/page" {
		return Response{}, false
	}
	res := Response{Head: pageHead, Route: "GET /page", Status: 200}
	if r.Method == "GET" {
		res.Body = pageBody
	}
	return res, true
}

// observed records what Observe was told.
type observed struct {
	mu   sync.Mutex
	seen []string
}

func (o *observed) add(r *Request, res *Response, took time.Duration) {
	o.mu.Lock()
	defer o.mu.Unlock()
	o.seen = append(o.seen, r.Method+" "+r.Path+" "+res.Route+" "+http.StatusText(res.Status))
}

// wait returns the list once it holds n responses, or after a second:
// Observe is told after the response is written, so after the client may
// have read it.
func (o *observed) wait(n int) []string {
	for end := time.Now().Add(time.Second); ; time.Sleep(time.Millisecond) {
		if l := o.list(); len(l) >= n || time.Now().After(end) {
			return l
		}
	}
}

func (o *observed) list() []string {
	o.mu.Lock()
	defer o.mu.Unlock()
	return append([]string(nil), o.seen...)
}

// start serves the test page on loopback, with hs's limits when given.
func start(t testing.TB, hs *http.Server) (*Server, string, *observed) {
	t.Helper()
	if hs == nil {
		hs = &http.Server{}
	}
	hs.Handler = handler()
	obs := &observed{}
	s := &Server{HTTP: hs, Observe: obs.add, Fast: testFast}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	done := make(chan error, 1)
	go func() { done <- s.Serve(ln) }()
	t.Cleanup(func() {
		s.Close()
		if err := <-done; !errors.Is(err, ErrServerClosed) {
			t.Errorf("Serve returned %v", err)
		}
	})
	return s, ln.Addr().String(), obs
}

func dial(t *testing.T, addr string) net.Conn {
	t.Helper()
	c, err := net.Dial("tcp", addr)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { c.Close() })
	c.SetDeadline(time.Now().Add(10 * time.Second))
	return c
}

// wire reads responses from a connection and keeps each as it came.
type wire struct {
	rec  bytes.Buffer // every byte read from the connection
	br   *bufio.Reader
	done int // bytes of rec that belong to responses already read
}

func newWire(c net.Conn) *wire {
	w := &wire{}
	w.br = bufio.NewReader(io.TeeReader(c, &w.rec))
	return w
}

// read reads one response to a request of method m: the response, its
// body, and its bytes on the wire with the Date line taken out.
func (w *wire) read(t *testing.T, m string) (*http.Response, string, string) {
	t.Helper()
	res, err := http.ReadResponse(w.br, &http.Request{Method: m})
	if err != nil {
		t.Fatalf("reading a response to %s: %v", m, err)
	}
	body, err := io.ReadAll(res.Body)
	if err != nil {
		t.Fatal(err)
	}
	end := w.rec.Len() - w.br.Buffered()
	raw := string(w.rec.Bytes()[w.done:end])
	w.done = end
	return res, string(body), dateRE.ReplaceAllString(raw, "\r\n")
}

var dateRE = regexp.MustCompile(`\r\nDate: [^\r]+\r\n`)

// TestFastPathAndHandOff follows one connection: pages answered on the
// fast path, then a request it leaves to net/http, which serves the rest
// of the connection, pipelined requests included.
func TestFastPathAndHandOff(t *testing.T) {
	_, addr, obs := start(t, nil)
	c := dial(t, addr)
	w := newWire(c)

	io.WriteString(c, "GET /page HTTP/1.1\r\nHost: x\r\n\r\n")
	_, _, fast := w.read(t, "GET")
	if want := string(pageHead) + "\r\n" + string(pageBody); fast != want {
		t.Fatalf("fast response:\n%.300q", fast)
	}
	if !dateRE.Match(w.rec.Bytes()) {
		t.Errorf("no Date line in %.200q", w.rec.Bytes())
	}

	// Two pipelined in one write: both fast.
	io.WriteString(c, "HEAD /page HTTP/1.1\r\nHost: x\r\n\r\nGET /page HTTP/1.1\r\nHost: x\r\n\r\n")
	head, _, rawHead := w.read(t, "HEAD")
	if _, _, raw := w.read(t, "GET"); head.StatusCode != 200 || rawHead != string(pageHead)+"\r\n" || raw != fast {
		t.Fatalf("pipelined: %q, %.200q", rawHead, raw)
	}
	if got := obs.wait(3); len(got) != 3 || got[1] != "HEAD /page GET /page OK" {
		t.Errorf("observed %q", got)
	}

	// A POST with a body, pipelined between two GETs: net/http takes the
	// connection from the POST on, the GET before it stays fast.
	io.WriteString(c, "GET /page HTTP/1.1\r\nHost: x\r\n\r\nPOST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\n\r\nhelloGET /page HTTP/1.1\r\nHost: x\r\n\r\n")
	if _, _, raw := w.read(t, "GET"); raw != fast {
		t.Errorf("third fast answer: %.200q", raw)
	}
	if res, body, _ := w.read(t, "POST"); res.StatusCode != 200 || body != "hello" {
		t.Errorf("POST after a fast GET: %d %q", res.StatusCode, body)
	}
	if _, _, raw := w.read(t, "GET"); raw != fast {
		t.Errorf("net/http's answer differs from the fast path's:\n%.300q\n%.300q", raw, fast)
	}
	if n := len(obs.wait(4)); n != 4 {
		t.Errorf("%d responses observed on the fast path, want 4 (net/http served the last)", n)
	}
}

// TestHandOffWhatItDoesNotRead sends requests the fast path must leave to
// net/http, each on a new connection: net/http's own answers come back.
func TestHandOffWhatItDoesNotRead(t *testing.T) {
	_, addr, obs := start(t, &http.Server{MaxHeaderBytes: 20 << 10})
	for _, c := range []struct {
		req  string
		code int
	}{
		{"GET /page HTTP/1.0\r\n\r\n", 200},
		{"GET /page HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n", 200},
		{"GET /nothing HTTP/1.1\r\nHost: x\r\n\r\n", 404},
		{"GET /page HTTP/1.1\r\n\r\n", 400},
		{"GET /page HTTP/1.1\r\nHost: x\r\nHost: y\r\n\r\n", 400},
		{"GET /page HTTP/1.1\r\nHost: a b\r\n\r\n", 400},
		{"GET /page HTTP/1.1\r\nHost: x\r\nBad Name: y\r\n\r\n", 400},
		{"GET /page HTTP/1.1\r\nHost: x\r\nExpect: something\r\n\r\n", 417},
		{"GET /p%61ge HTTP/1.1\r\nHost: x\r\n\r\n", 200},
		{"GARBAGE\r\n\r\n", 400},
		// Longer than the fast path reads, shorter than MaxHeaderBytes.
		{"GET /page HTTP/1.1\r\nHost: x\r\nX-Big: " + strings.Repeat("a", 17<<10) + "\r\n\r\n", 200},
		// Longer than MaxHeaderBytes.
		{"GET /page HTTP/1.1\r\nHost: x\r\nX-Big: " + strings.Repeat("a", 40<<10) + "\r\n\r\n", 431},
	} {
		conn := dial(t, addr)
		io.WriteString(conn, c.req)
		res, err := http.ReadResponse(bufio.NewReader(conn), nil)
		if err != nil {
			t.Errorf("%.60q: %v", c.req, err)
			continue
		}
		res.Body.Close()
		if res.StatusCode != c.code {
			t.Errorf("%.60q: %d, want %d", c.req, res.StatusCode, c.code)
		}
	}
	if got := obs.list(); len(got) != 0 {
		t.Errorf("the fast path answered %q", got)
	}
}

// TestTimeouts: a head that never ends and a connection left idle are
// closed at the server's limits, as net/http closes them.
func TestTimeouts(t *testing.T) {
	_, addr, _ := start(t, &http.Server{ReadHeaderTimeout: 200 * time.Millisecond, IdleTimeout: 400 * time.Millisecond})
	closedWithin := func(c net.Conn, limit time.Duration) {
		t.Helper()
		begin := time.Now()
		c.SetReadDeadline(time.Now().Add(5 * time.Second))
		n, err := io.Copy(io.Discard, c)
		if err != nil {
			t.Fatalf("read %d bytes, then %v: the server did not close", n, err)
		}
		if took := time.Since(begin); took > limit {
			t.Errorf("closed after %s, limit %s", took, limit)
		}
	}
	// Slow head: a byte at a time, never finished.
	slow := dial(t, addr)
	go func() {
		began := time.Now()
		for _, b := range []byte("GET /page HTTP/1.1\r\nHost: x\r\n") {
			if _, err := slow.Write([]byte{b}); err != nil || time.Since(began) > 3*time.Second {
				return
			}
			time.Sleep(20 * time.Millisecond)
		}
	}()
	closedWithin(slow, 2*time.Second)

	// Idle after one fast answer.
	c := dial(t, addr)
	io.WriteString(c, "GET /page HTTP/1.1\r\nHost: x\r\n\r\n")
	br := bufio.NewReader(c)
	res, err := http.ReadResponse(br, nil)
	if err != nil {
		t.Fatal(err)
	}
	io.Copy(io.Discard, res.Body)
	begin := time.Now()
	if _, err := br.ReadByte(); err != io.EOF {
		t.Errorf("idle connection: %v, want EOF", err)
	}
	if took := time.Since(begin); took < 300*time.Millisecond || took > 2*time.Second {
		t.Errorf("idle connection closed after %s, IdleTimeout 400ms", took)
	}
}

// TestShutdown: idle connections are closed, one in the middle of a head
// gets its answer, Serve returns ErrServerClosed, and connections handed
// to net/http are shut down with it.
func TestShutdown(t *testing.T) {
	hs := &http.Server{Handler: handler()}
	s := &Server{HTTP: hs, Fast: func(r *Request) (Response, bool) {
		if r.Path != "/page" {
			return Response{}, false
		}
		return Response{Head: pageHead, Body: pageBody, Status: 200}, true
	}}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	served := make(chan error, 1)
	go func() { served <- s.Serve(ln) }()
	addr := ln.Addr().String()

	idle := dial(t, addr)
	io.WriteString(idle, "GET /page HTTP/1.1\r\nHost: x\r\n\r\n")
	br := bufio.NewReader(idle)
	res, err := http.ReadResponse(br, nil)
	if err != nil {
		t.Fatal(err)
	}
	io.Copy(io.Discard, res.Body)
	handed := dial(t, addr)
	io.WriteString(handed, "GET /nothing HTTP/1.1\r\nHost: x\r\n\r\n")
	hbr := bufio.NewReader(handed)
	if res, err := http.ReadResponse(hbr, nil); err != nil || res.StatusCode != 404 {
		t.Fatalf("handed-off connection: %v %v", res, err)
	} else {
		io.Copy(io.Discard, res.Body)
	}
	half := dial(t, addr)
	io.WriteString(half, "GET /page HTTP/1.1\r\n")
	time.Sleep(100 * time.Millisecond)

	shut := make(chan error, 1)
	go func() {
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		shut <- s.Shutdown(ctx)
	}()
	if _, err := br.ReadByte(); err != io.EOF {
		t.Errorf("idle fast connection at shutdown: %v, want EOF", err)
	}
	time.Sleep(100 * time.Millisecond)
	io.WriteString(half, "Host: x\r\n\r\n")
	res, err = http.ReadResponse(bufio.NewReader(half), nil)
	if err != nil || res.StatusCode != 200 {
		t.Fatalf("a request begun before the shutdown: %v %v", res, err)
	}
	io.Copy(io.Discard, res.Body)
	// The fast path done, net/http shuts down its own.
	if _, err := hbr.ReadByte(); err != io.EOF {
		t.Errorf("idle net/http connection at shutdown: %v, want EOF", err)
	}
	if err := <-shut; err != nil {
		t.Errorf("Shutdown: %v", err)
	}
	if err := <-served; !errors.Is(err, ErrServerClosed) {
		t.Errorf("Serve: %v", err)
	}
	if _, err := net.Dial("tcp", addr); err == nil {
		t.Error("still accepting after Shutdown")
	}
}

// FuzzServerMatchesNetHTTP sends the same bytes, then the end of the
// stream, to net/http alone and to the fast path in front of it: the
// answers must be the same bytes, the Date lines aside.
func FuzzServerMatchesNetHTTP(f *testing.F) {
	for _, s := range []string{
		"GET /page HTTP/1.1\r\nHost: x\r\n\r\n",
		"GET /page HTTP/1.1\r\nHost: x\r\n\r\nHEAD /page HTTP/1.1\r\nHost: x\r\n\r\n",
		"GET /page HTTP/1.1\r\nHost: x\r\n\r\nGET /nothing HTTP/1.1\r\nHost: x\r\n\r\nGET /page HTTP/1.1\r\nHost: x\r\n\r\n",
		"GET /page HTTP/1.1\r\nHost: x\r\n\r\nPOST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 2\r\n\r\nhi",
		"GET /page HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\n\r\nabcGET /page HTTP/1.1\r\nHost: x\r\n\r\n",
		"GET /page HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n",
		"GET /page HTTP/1.1\r\nHost: x\r\n",
		"GET /page HTTP/1.1\r\nHost: x\r\n\r\nGET /pa",
		"GET /page HTTP/1.0\r\n\r\n",
		"GET /page HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\nGET /page HTTP/1.1\r\nHost: x\r\n\r\n",
		"GET /page HTTP/1.1\nHost: x\n\n",
		"GET /page?x=1 HTTP/1.1\r\nHost: x\r\n\r\n",
		"\r\nGET /page HTTP/1.1\r\nHost: x\r\n\r\n",
	} {
		f.Add(s)
	}
	plain := &http.Server{Handler: handler()}
	pl, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		f.Fatal(err)
	}
	go plain.Serve(pl)
	defer plain.Close()
	_, fastAddr, _ := start(f, nil)
	exchange := func(t *testing.T, addr, in string) string {
		c, err := net.Dial("tcp", addr)
		if err != nil {
			t.Fatal(err)
		}
		defer c.Close()
		c.SetDeadline(time.Now().Add(10 * time.Second))
		io.WriteString(c, in)
		c.(*net.TCPConn).CloseWrite()
		out, err := io.ReadAll(c)
		if err != nil {
			t.Fatalf("%q: %v", in, err)
		}
		return dateRE.ReplaceAllString(string(out), "\r\n")
	}
	f.Fuzz(func(t *testing.T, in string) {
		want, got := exchange(t, pl.Addr().String(), in), exchange(t, fastAddr, in)
		if want != got {
			t.Fatalf("%q:\nnet/http: %.300q … %q\nfast:     %.300q … %q", in, want, tail(want), got, tail(got))
		}
	})
}

func tail(s string) string { return s[max(0, len(s)-300):] }

// TestPanicInFast: a panic answering one request drops that connection,
// is logged, and the server goes on serving.
func TestPanicInFast(t *testing.T) {
	var logged bytes.Buffer
	var mu sync.Mutex
	hs := &http.Server{Handler: handler(), ErrorLog: log.New(writerFunc(func(p []byte) (int, error) {
		mu.Lock()
		defer mu.Unlock()
		return logged.Write(p)
	}), "", 0)}
	s := &Server{HTTP: hs, Fast: func(r *Request) (Response, bool) {
		if r.Path == "/panic" {
			var m map[string]int
			m["x"]++
		}
		return testFast(r)
	}}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	go s.Serve(ln)
	t.Cleanup(func() { s.Close() })
	c := dial(t, ln.Addr().String())
	io.WriteString(c, "GET /panic HTTP/1.1\r\nHost: x\r\n\r\n")
	if b, err := io.ReadAll(c); err != nil || len(b) != 0 {
		t.Errorf("after a panic: %q %v, want the connection closed", b, err)
	}
	c = dial(t, ln.Addr().String())
	io.WriteString(c, "GET /page HTTP/1.1\r\nHost: x\r\n\r\n")
	if res, err := http.ReadResponse(bufio.NewReader(c), nil); err != nil || res.StatusCode != 200 {
		t.Fatalf("after a panic on another connection: %v %v", res, err)
	}
	mu.Lock()
	defer mu.Unlock()
	if !strings.Contains(logged.String(), "httpfast: panic serving") || !strings.Contains(logged.String(), "assignment to entry in nil map") {
		t.Errorf("logged %q", logged.String())
	}
}

type writerFunc func([]byte) (int, error)

func (f writerFunc) Write(p []byte) (int, error) { return f(p) }
