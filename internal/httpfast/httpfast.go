// Package httpfast answers the requests a server can answer from bytes it
// already holds (the reader's cached pages) without going through
// net/http, and hands every other connection to a net/http Server.
//
// net/http spends most of a small cached response's time on its own fixed
// cost: a goroutine reading in the background, header maps cloned and
// sorted, two writes. A connection here is read by one loop that parses a
// request head in place; when Fast answers it, the prepared head, the
// Date and the body go out in one vectored write. At the first request
// Fast does not answer (a miss, a POST, a malformed or unusual request,
// HTTP/1.0, a body), the connection is given to net/http with the bytes
// read so far, and net/http serves it from then on exactly as it would
// have from the start: what this package does not understand it never
// answers.
package httpfast

import (
	"context"
	"errors"
	"log"
	"net"
	"net/http"
	"runtime"
	"sync"
	"sync/atomic"
	"time"
)

// Response is a prepared answer. Head is the status line and the headers,
// each line ending in CRLF, without Date and without the blank line that
// ends the head: the server adds both. Body is written after them (nil
// for HEAD and 304). Route and Status are for Observe.
type Response struct {
	Head, Body []byte
	Route      string
	Status     int
}

// Func answers r from what it holds, or returns false to leave it to
// net/http. It must not keep r or its strings.
type Func func(r *Request) (Response, bool)

// Server serves connections on a listener: the requests Fast answers
// directly, the rest (and from then on the whole connection) through
// HTTP. HTTP's ReadHeaderTimeout, ReadTimeout, WriteTimeout, IdleTimeout
// and MaxHeaderBytes apply on the fast path too.
type Server struct {
	HTTP *http.Server
	Fast Func
	// Observe, when set, is told of each response the fast path wrote
	// and the time from its head being read to its last byte written.
	Observe func(r *Request, res *Response, took time.Duration)

	mu       sync.Mutex
	ln       net.Listener
	handoff  *handoffListener
	conns    map[*conn]struct{}
	closing  atomic.Bool
	httpDone chan error
}

// ErrServerClosed is what Serve returns after Shutdown or Close.
var ErrServerClosed = http.ErrServerClosed

// Serve accepts connections on ln until Shutdown or Close, and returns
// ErrServerClosed then (or the listener's error).
func (s *Server) Serve(ln net.Listener) error {
	s.mu.Lock()
	if s.closing.Load() {
		s.mu.Unlock()
		return ErrServerClosed
	}
	s.ln = ln
	s.handoff = &handoffListener{addr: ln.Addr(), conns: make(chan net.Conn), done: make(chan struct{})}
	s.conns = map[*conn]struct{}{}
	s.httpDone = make(chan error, 1)
	s.mu.Unlock()
	go func() { s.httpDone <- s.HTTP.Serve(s.handoff) }()

	var delay time.Duration
	for {
		c, err := ln.Accept()
		if err != nil {
			if s.closing.Load() {
				return ErrServerClosed
			}
			if temporary(err) {
				// Out of file descriptors and the like: back off as
				// net/http does.
				delay = min(max(2*delay, 5*time.Millisecond), time.Second)
				time.Sleep(delay)
				continue
			}
			s.handoff.Close() // HTTP's Serve ends too
			return err
		}
		delay = 0
		fc := &conn{srv: s, c: c}
		s.mu.Lock()
		if s.closing.Load() {
			s.mu.Unlock()
			c.Close()
			return ErrServerClosed
		}
		s.conns[fc] = struct{}{}
		s.mu.Unlock()
		go fc.serve()
	}
}

// temporary reports whether an accept error will pass (EMFILE, ENFILE,
// ECONNABORTED and the like say so): net/http's test.
func temporary(err error) bool {
	var t interface{ Temporary() bool }
	return errors.As(err, &t) && t.Temporary()
}

// Shutdown stops accepting, closes the connections waiting for a request,
// lets those writing a response finish, then shuts HTTP down (which does
// the same for the connections it was given), all within ctx.
func (s *Server) Shutdown(ctx context.Context) error {
	s.stopAccepting()
	t := time.NewTicker(10 * time.Millisecond)
	defer t.Stop()
	for {
		if s.closeIdle() == 0 {
			break
		}
		select {
		case <-ctx.Done():
			s.closeAll()
			s.HTTP.Close()
			return ctx.Err()
		case <-t.C:
		}
	}
	return s.HTTP.Shutdown(ctx)
}

// Close closes the listener and every connection now, the fast path's and
// HTTP's.
func (s *Server) Close() error {
	s.stopAccepting()
	s.closeAll()
	return s.HTTP.Close()
}

// stopAccepting marks the server closing and closes its listener.
func (s *Server) stopAccepting() {
	s.closing.Store(true)
	s.mu.Lock()
	ln := s.ln
	s.mu.Unlock()
	if ln != nil {
		ln.Close()
	}
}

// closeIdle closes the fast path's connections that wait for a request
// and returns how many connections it still serves.
func (s *Server) closeIdle() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	for c := range s.conns {
		if c.state.CompareAndSwap(stateIdle, stateClosed) {
			c.c.Close()
		}
	}
	return len(s.conns)
}

func (s *Server) closeAll() {
	s.mu.Lock()
	defer s.mu.Unlock()
	for c := range s.conns {
		c.state.Store(stateClosed)
		c.c.Close()
	}
}

func (s *Server) forget(c *conn) {
	s.mu.Lock()
	delete(s.conns, c)
	s.mu.Unlock()
}

// Connection states, for Shutdown: a connection waiting for a request may
// be closed at once, one answering may not.
const (
	stateActive int32 = iota
	stateIdle
	stateClosed
)

// conn is one connection on the fast path.
type conn struct {
	srv   *Server
	c     net.Conn
	state atomic.Int32
	buf   []byte
	// rdl and wdl are the read and write deadlines last set: a deadline
	// is moved only once it is a second behind what it should be, not
	// at every request.
	rdl, wdl time.Time
	req      Request
	// iov is the vectored write's array, reused; out is the part of it
	// not yet written (WriteTo consumes it).
	iov, out net.Buffers
}

// maxHead bounds the head the fast path reads; a longer one goes to
// net/http, which applies MaxHeaderBytes.
const maxHead = 16 << 10

func (c *conn) serve() {
	handed := false
	defer func() {
		if err := recover(); err != nil {
			// As net/http does for a handler: log it, drop the
			// connection, keep serving the others.
			buf := make([]byte, 64<<10)
			buf = buf[:runtime.Stack(buf, false)]
			c.srv.logf("httpfast: panic serving %v: %v\n%s", c.c.RemoteAddr(), err, buf)
		}
		if !handed {
			c.c.Close()
		}
		c.srv.forget(c)
	}()
	c.buf = make([]byte, 0, 4096)
	hs := c.srv.HTTP
	idle := hs.IdleTimeout
	if idle == 0 {
		idle = hs.ReadTimeout
	}
	if idle == 0 {
		idle = hs.ReadHeaderTimeout
	}
	headTimeout := hs.ReadHeaderTimeout
	if headTimeout == 0 {
		headTimeout = hs.ReadTimeout
	}
	// A longer head goes to net/http, which applies MaxHeaderBytes.
	headLimit := min(maxHead, maxHeaderBytes(hs))
	var headStart time.Time
	answered := false // a response was written on this connection
	for {
		end := headerEnd(c.buf)
		if end < 0 {
			// Read more: a new request waits at most idle, one begun at
			// most headTimeout from its first bytes.
			if len(c.buf) >= headLimit {
				handed = c.handOff()
				return
			}
			if len(c.buf) == 0 {
				if c.srv.closing.Load() {
					return
				}
				c.state.Store(stateIdle)
				if c.srv.closing.Load() {
					return
				}
				if idle > 0 {
					c.readDeadline(time.Now().Add(idle), idle)
				}
			} else if headTimeout > 0 {
				if headStart.IsZero() {
					headStart = time.Now()
				}
				c.readDeadline(headStart.Add(headTimeout), 0)
			}
			if len(c.buf) == cap(c.buf) {
				c.buf = append(c.buf, make([]byte, cap(c.buf))...)[:len(c.buf)]
			}
			n, err := c.c.Read(c.buf[len(c.buf):cap(c.buf)])
			if n > 0 && !c.state.CompareAndSwap(stateIdle, stateActive) && c.state.Load() == stateClosed {
				return
			}
			c.buf = c.buf[:len(c.buf)+n]
			if err != nil {
				// The client stopped sending (EOF) in the middle of a
				// head: net/http answers that as it would have (it reads
				// the same end after the bytes), except where it would
				// have closed silently: between two requests it waits for
				// 4 bytes before reading one.
				var ne net.Error
				timeout := errors.As(err, &ne) && ne.Timeout()
				if len(c.buf) > 0 && !timeout && (!answered || len(c.buf) >= 4) {
					handed = c.handOff()
				}
				return
			}
			continue
		}
		headStart = time.Time{}
		if end > headLimit {
			handed = c.handOff()
			return
		}
		start := time.Now()
		h := string(c.buf[:end])
		if !parse(h, &c.req) {
			handed = c.handOff()
			return
		}
		res, ok := c.srv.Fast(&c.req)
		if !ok {
			handed = c.handOff()
			return
		}
		if wt := hs.WriteTimeout; wt > 0 {
			c.writeDeadline(start.Add(wt), wt)
		}
		err := c.write(&res, start)
		answered = true
		if c.srv.Observe != nil {
			// Counted whether or not the client took it all, as net/http's
			// requests are.
			c.srv.Observe(&c.req, &res, time.Since(start))
		}
		if err != nil {
			return
		}
		// Keep what follows (a pipelined request) at the buffer's start.
		c.buf = c.buf[:copy(c.buf, c.buf[end:])]
		if cap(c.buf) > 4096 && len(c.buf) <= 4096 {
			c.buf = append(make([]byte, 0, 4096), c.buf...)
		}
	}
}

// logf logs to HTTP's ErrorLog, or to the log package's standard logger
// when it has none, as net/http does.
func (s *Server) logf(format string, args ...any) {
	if s.HTTP.ErrorLog != nil {
		s.HTTP.ErrorLog.Printf(format, args...)
		return
	}
	log.Printf(format, args...)
}

func maxHeaderBytes(hs *http.Server) int {
	if hs.MaxHeaderBytes > 0 {
		return hs.MaxHeaderBytes
	}
	return http.DefaultMaxHeaderBytes
}

// readDeadline sets the read deadline to t unless the one set is earlier
// by less than the slack a timeout of limit allows (a sixteenth of it, at
// most a second; none when limit is 0): on a busy connection a deadline
// is moved about once a second, not at every request.
func (c *conn) readDeadline(t time.Time, limit time.Duration) {
	if d := t.Sub(c.rdl); d < 0 || d > slack(limit) || (limit == 0 && d != 0) {
		c.c.SetReadDeadline(t)
		c.rdl = t
	}
}

func (c *conn) writeDeadline(t time.Time, limit time.Duration) {
	if d := t.Sub(c.wdl); d < 0 || d > slack(limit) {
		c.c.SetWriteDeadline(t)
		c.wdl = t
	}
}

func slack(limit time.Duration) time.Duration { return min(limit/16, time.Second) }

// write sends the head, Date and the blank line, and the body, in one
// vectored write.
func (c *conn) write(res *Response, now time.Time) error {
	c.iov = append(c.iov[:0], res.Head, dateLine(now))
	if len(res.Body) > 0 {
		c.iov = append(c.iov, res.Body)
	}
	c.out = c.iov
	_, err := c.out.WriteTo(c.c)
	return err
}

// handOff gives the connection, with what was read of it, to net/http.
// It reports whether net/http took it (false once the server closes).
func (c *conn) handOff() bool {
	c.c.SetDeadline(time.Time{})
	hc := &handedConn{Conn: c.c, pending: c.buf}
	c.buf = nil
	select {
	case c.srv.handoff.conns <- hc:
		return true
	case <-c.srv.handoff.done:
		return false
	}
}

// dateLine returns "Date: <now, RFC 1123 in GMT>\r\n\r\n", formatted once
// a second.
func dateLine(now time.Time) []byte {
	sec := now.Unix()
	if d := date.Load(); d != nil && d.sec == sec {
		return d.line
	}
	b := make([]byte, 0, 40)
	b = append(b, "Date: "...)
	b = now.UTC().AppendFormat(b, http.TimeFormat)
	b = append(b, "\r\n\r\n"...)
	date.Store(&dateCache{sec: sec, line: b})
	return b
}

type dateCache struct {
	sec  int64
	line []byte
}

var date atomic.Pointer[dateCache]

// handoffListener hands the connections the fast path gives up to
// http.Server.Serve.
type handoffListener struct {
	addr  net.Addr
	conns chan net.Conn
	done  chan struct{}
	once  sync.Once
}

func (l *handoffListener) Accept() (net.Conn, error) {
	select {
	case c := <-l.conns:
		return c, nil
	case <-l.done:
		return nil, net.ErrClosed
	}
}

func (l *handoffListener) Close() error {
	l.once.Do(func() { close(l.done) })
	return nil
}

func (l *handoffListener) Addr() net.Addr { return l.addr }

// handedConn is a connection net/http reads from the start of the request
// the fast path left: the bytes already read come first.
type handedConn struct {
	net.Conn
	pending []byte
}

func (c *handedConn) Read(p []byte) (int, error) {
	if len(c.pending) > 0 {
		n := copy(p, c.pending)
		c.pending = c.pending[n:]
		return n, nil
	}
	return c.Conn.Read(p)
}

// CloseWrite lets net/http half-close the connection as it does a TCP one
// (closeWriteAndWait, after an error response).
func (c *handedConn) CloseWrite() error {
	if cw, ok := c.Conn.(interface{ CloseWrite() error }); ok {
		return cw.CloseWrite()
	}
	return nil
}
