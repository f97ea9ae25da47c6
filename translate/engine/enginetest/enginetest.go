// Package enginetest holds helpers for testing translation engines: a fake
// clock whose Sleep advances time instead of waiting, and a log capture to
// check that keys never reach a log.
package enginetest

import (
	"bytes"
	"context"
	"io"
	"log/slog"
	"net/http"
	"sync"
	"time"
)

// Clock is a fake clock for engine.WithClock and engine.WithSleep: Sleep
// records the wait and moves the clock forward at once.
type Clock struct {
	mu     sync.Mutex
	t      time.Time
	sleeps []time.Duration
}

// NewClock returns a clock set to t.
func NewClock(t time.Time) *Clock { return &Clock{t: t} }

// Now returns the clock's time.
func (c *Clock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

// Advance moves the clock forward by d.
func (c *Clock) Advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = c.t.Add(d)
}

// Set sets the clock to t.
func (c *Clock) Set(t time.Time) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = t
}

// Sleep records d and advances the clock by it, unless ctx is done.
func (c *Clock) Sleep(ctx context.Context, d time.Duration) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	c.sleeps = append(c.sleeps, d)
	c.t = c.t.Add(d)
	return nil
}

// Sleeps returns the waits recorded so far.
func (c *Clock) Sleeps() []time.Duration {
	c.mu.Lock()
	defer c.mu.Unlock()
	return append([]time.Duration(nil), c.sleeps...)
}

// Log is a concurrency-safe buffer behind a text slog.Logger.
type Log struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

// Write appends p.
func (l *Log) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.buf.Write(p)
}

// String returns what was logged.
func (l *Log) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.buf.String()
}

// Logger returns a debug-level logger writing to l.
func (l *Log) Logger() *slog.Logger {
	return slog.New(slog.NewTextHandler(l, &slog.HandlerOptions{Level: slog.LevelDebug}))
}

// Reply is one scripted HTTP answer.
type Reply struct {
	Status int
	Header map[string]string
	Body   string
	// Delay holds the answer back (until the client gives up, if sooner).
	Delay time.Duration
}

// Script is an http.Handler that answers requests to Path with the queued
// replies first, then hands them to Next (the fake engine's real
// behaviour). Requests to other paths always go to Next.
type Script struct {
	Path string
	Next http.Handler

	mu    sync.Mutex
	queue []Reply
	hits  int
}

// Push queues replies.
func (s *Script) Push(r ...Reply) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.queue = append(s.queue, r...)
}

// Hits returns how many requests reached Path.
func (s *Script) Hits() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.hits
}

// ServeHTTP answers from the queue or passes on to Next.
func (s *Script) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if r.URL.Path != s.Path {
		s.Next.ServeHTTP(w, r)
		return
	}
	s.mu.Lock()
	s.hits++
	var rep *Reply
	if len(s.queue) > 0 {
		rep = &s.queue[0]
		s.queue = s.queue[1:]
	}
	s.mu.Unlock()
	if rep == nil {
		s.Next.ServeHTTP(w, r)
		return
	}
	// Read the request first: the server notices a client that gives up
	// only once the body is consumed.
	_, _ = io.Copy(io.Discard, r.Body)
	if rep.Delay > 0 {
		select {
		case <-time.After(rep.Delay):
		case <-r.Context().Done():
			return
		}
	}
	for k, v := range rep.Header {
		w.Header().Set(k, v)
	}
	if w.Header().Get("Content-Type") == "" {
		w.Header().Set("Content-Type", "application/json")
	}
	w.WriteHeader(rep.Status)
	_, _ = io.WriteString(w, rep.Body)
}
