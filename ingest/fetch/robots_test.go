package fetch

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// getWithin runs f.Get and fails the test, instead of hanging it, when the
// call has not returned within limit (a deadlock ignores the context).
func getWithin(t *testing.T, f *Fetcher, url string, limit time.Duration) (*Response, error) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), limit)
	defer cancel()
	type result struct {
		resp *Response
		err  error
	}
	done := make(chan result, 1)
	go func() {
		resp, err := f.Get(ctx, Request{URL: url})
		done <- result{resp, err}
	}()
	select {
	case r := <-done:
		return r.resp, r.err
	case <-time.After(limit + 5*time.Second):
		t.Fatalf("GET %s still running %s after its deadline: deadlock", url, 5*time.Second)
		return nil, nil
	}
}

// TestRobotsRedirectToRoot: robots.txt redirecting to "/" (a common CMS
// habit) used to take the host's robots lock twice and hang for ever.
func TestRobotsRedirectToRoot(t *testing.T) {
	var robotsHits atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/robots.txt":
			robotsHits.Add(1)
			http.Redirect(w, r, "/", http.StatusMovedPermanently)
		case "/":
			fmt.Fprint(w, "<html>home</html>")
		default:
			fmt.Fprint(w, "article")
		}
	}))
	defer srv.Close()
	f := newFetcher(Options{})
	for i := range 3 {
		resp, err := getWithin(t, f, fmt.Sprintf("%s/a/%d", srv.URL, i), 5*time.Second)
		if err != nil || string(resp.Body) != "article" {
			t.Fatalf("GET %d: %+v, %v", i, resp, err)
		}
	}
	if n := robotsHits.Load(); n != 1 {
		t.Errorf("robots.txt fetched %d times, want once", n)
	}
}

// TestRobotsCrossHostRedirects: A's robots.txt redirects to B, B's to A.
// Neither robots.txt fetch is subject to a robots check, so neither waits
// for the other.
func TestRobotsCrossHostRedirects(t *testing.T) {
	var a, b *httptest.Server
	a = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/robots.txt":
			http.Redirect(w, r, b.URL+"/from-a", http.StatusFound)
		case "/go-b":
			http.Redirect(w, r, b.URL+"/page", http.StatusFound)
		default:
			fmt.Fprint(w, "a page")
		}
	}))
	defer a.Close()
	b = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/robots.txt":
			http.Redirect(w, r, a.URL+"/robots.txt", http.StatusFound)
		case "/from-a":
			http.Redirect(w, r, a.URL+"/", http.StatusFound)
		default:
			fmt.Fprint(w, "b page")
		}
	}))
	defer b.Close()

	f := newFetcher(Options{})
	resp, err := getWithin(t, f, a.URL+"/article", 5*time.Second)
	if err != nil || string(resp.Body) != "a page" {
		t.Fatalf("A: %+v, %v", resp, err)
	}
	resp, err = getWithin(t, f, b.URL+"/article", 5*time.Second)
	if err != nil || string(resp.Body) != "b page" {
		t.Fatalf("B: %+v, %v", resp, err)
	}
	// A page on A redirecting to B: B's robots.txt is checked (it
	// redirects back to A's robots.txt), without deadlock.
	resp, err = getWithin(t, newFetcher(Options{}), a.URL+"/go-b", 5*time.Second)
	if err != nil || string(resp.Body) != "b page" {
		t.Fatalf("A→B: %+v, %v", resp, err)
	}
}

// TestRobotsRedirectLoop: a robots.txt that redirects for ever counts as
// none (RFC 9309: unavailable), the page is fetched.
func TestRobotsRedirectLoop(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/robots.txt":
			http.Redirect(w, r, "/robots2.txt", http.StatusFound)
		case "/robots2.txt":
			http.Redirect(w, r, "/robots.txt", http.StatusFound)
		default:
			fmt.Fprint(w, "page")
		}
	}))
	defer srv.Close()
	if _, err := getWithin(t, newFetcher(Options{}), srv.URL+"/x", 5*time.Second); err != nil {
		t.Fatal(err)
	}
}

// TestRobotsSingleFlight: many requests redirected at once to a host whose
// robots.txt is slow fetch it once; a waiter whose context ends returns.
func TestRobotsSingleFlight(t *testing.T) {
	var robotsHits atomic.Int32
	release := make(chan struct{})
	target := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/robots.txt" {
			robotsHits.Add(1)
			<-release
			fmt.Fprint(w, "User-agent: *\nAllow: /\n")
			return
		}
		fmt.Fprint(w, "target")
	}))
	defer target.Close()
	defer close(release)
	var sources []*httptest.Server
	for range 5 {
		s := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			if r.URL.Path == "/robots.txt" {
				http.NotFound(w, r)
				return
			}
			http.Redirect(w, r, target.URL+"/page", http.StatusFound)
		}))
		defer s.Close()
		sources = append(sources, s)
	}
	f := newFetcher(Options{})

	// A waiter gives up while the fetch is in flight: it returns at once,
	// it does not wait on a lock.
	started := make(chan struct{})
	go func() {
		close(started)
		f.Get(context.Background(), Request{URL: target.URL + "/first"})
	}()
	<-started
	for robotsHits.Load() == 0 {
		time.Sleep(time.Millisecond)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 50*time.Millisecond)
	_, err := getWithinCtx(t, f, ctx, sources[0].URL+"/x")
	cancel()
	if !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("waiter with an ended context: %v", err)
	}

	var wg sync.WaitGroup
	for _, s := range sources {
		wg.Add(1)
		go func() {
			defer wg.Done()
			getWithin(t, f, s.URL+"/y", 10*time.Second)
		}()
	}
	time.Sleep(20 * time.Millisecond) // let them queue behind the fetch in flight
	release <- struct{}{}
	wg.Wait()
	if n := robotsHits.Load(); n != 1 {
		t.Errorf("robots.txt fetched %d times, want once", n)
	}
}

func getWithinCtx(t *testing.T, f *Fetcher, ctx context.Context, url string) (*Response, error) {
	t.Helper()
	done := make(chan error, 1)
	go func() {
		_, err := f.Get(ctx, Request{URL: url})
		done <- err
	}()
	select {
	case err := <-done:
		return nil, err
	case <-time.After(5 * time.Second):
		t.Fatal("Get ignored its context while waiting for robots.txt")
		return nil, nil
	}
}

// TestHostsShrink: hosts idle for hostIdle are dropped; over maxHosts,
// the least recently used idle ones go first, never one in use.
func TestHostsShrink(t *testing.T) {
	clock := time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)
	f := newFetcher(Options{IgnoreRobots: true, Now: func() time.Time { return clock }})
	use := func(name string) {
		f.release(f.acquire(name))
		clock = clock.Add(2 * time.Minute)
	}
	for i := range 20 {
		use(fmt.Sprintf("h%d.example:80", i))
	}
	if len(f.hosts) != 20 {
		t.Fatalf("%d hosts, want 20", len(f.hosts))
	}
	clock = clock.Add(2 * hostIdle)
	use("new.example:80")
	if len(f.hosts) != 1 {
		t.Errorf("after %s idle: %d hosts, want 1", 2*hostIdle, len(f.hosts))
	}

	f.maxHosts = 5
	held := f.acquire("held.example:80")
	for i := range 20 {
		use(fmt.Sprintf("x%d.example:80", i))
		if len(f.hosts) > 6 {
			t.Fatalf("%d hosts, want at most maxHosts+1", len(f.hosts))
		}
	}
	if f.hosts["held.example:80"] != held {
		t.Error("a host in use was dropped")
	}
	if f.hosts["x19.example:80"] == nil {
		t.Error("the most recently used host was dropped")
	}
	f.release(held)
}
