package fetch_test

import (
	"bytes"
	"compress/gzip"
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

	"newsbridge/ingest/feed"
	"newsbridge/ingest/fetch"
	"newsbridge/model"
)

// TestHostileOutlets serves every attack an outlet can make on the ingest
// stage from loopback at once, and checks that the fetcher and the feed
// parser survive all of them with clear errors: a feed nested 2,000,000
// levels deep, feeds of 100,000 and 90,000 items, items and redirects
// pointing at an unlisted loopback port and at 169.254.169.254, robots.txt
// redirect loops and cycles between hosts, a slow-loris body and headers,
// and a gzip bomb.
func TestHostileOutlets(t *testing.T) {
	// inside stands for a service the fetcher must never reach: a loopback
	// port that is not listed. It counts the connections it accepts.
	inside, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer inside.Close()
	var insideConns atomic.Int32
	go func() {
		for {
			c, err := inside.Accept()
			if err != nil {
				return
			}
			insideConns.Add(1)
			c.Close()
		}
	}()
	insideURL := "http://" + inside.Addr().String()

	stop := make(chan struct{})
	var outlet, twin *httptest.Server
	mux := http.NewServeMux()
	mux.HandleFunc("/deep.xml", func(w http.ResponseWriter, r *http.Request) {
		// 10 MB of open tags, a few KB on the wire.
		w.Header().Set("Content-Encoding", "gzip")
		gz := gzip.NewWriter(w)
		gz.Write([]byte(`<?xml version="1.0"?><rss version="2.0" xmlns:x="http://x.example/"><channel><item>`))
		gz.Write(bytes.Repeat([]byte("<x:a>"), 2_000_000))
		gz.Close()
	})
	items := func(w http.ResponseWriter, n int) {
		fmt.Fprint(w, `<rss version="2.0"><channel><title>many</title>`)
		for i := range n {
			fmt.Fprintf(w, "<item><link>%s/a/%d</link></item>", outlet.URL, i)
		}
		fmt.Fprint(w, `</channel></rss>`)
	}
	mux.HandleFunc("/100k.xml", func(w http.ResponseWriter, r *http.Request) { items(w, 100_000) })
	mux.HandleFunc("/90k.xml", func(w http.ResponseWriter, r *http.Request) { items(w, 90_000) })
	mux.HandleFunc("/inside.xml", func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprintf(w, `<rss version="2.0"><channel><title>inside</title>
<item><link>%[1]s/admin</link></item>
<item><link>http://169.254.169.254/latest/meta-data/iam</link></item>
<item><link>http://[::1]:%[3]s/x</link></item>
<item><link>%[2]s/to-inside</link></item>
<item><link>%[2]s/to-metadata</link></item>
<item><link>%[2]s/to-twin-to-inside</link></item>
</channel></rss>`, insideURL, outlet.URL, strings.Split(inside.Addr().String(), ":")[1])
	})
	mux.HandleFunc("/to-inside", func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, insideURL+"/admin", http.StatusFound)
	})
	mux.HandleFunc("/to-metadata", func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, "http://169.254.169.254/latest/meta-data/", http.StatusFound)
	})
	mux.HandleFunc("/to-twin-to-inside", func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, twin.URL+"/to-inside", http.StatusFound)
	})
	mux.HandleFunc("/slow-body", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html")
		for {
			if _, err := w.Write([]byte("<")); err != nil {
				return
			}
			w.(http.Flusher).Flush()
			select {
			case <-time.After(50 * time.Millisecond):
			case <-r.Context().Done():
				return
			case <-stop:
				return
			}
		}
	})
	mux.HandleFunc("/slow-headers", func(w http.ResponseWriter, r *http.Request) {
		select {
		case <-r.Context().Done():
		case <-stop:
		}
	})
	mux.HandleFunc("/bomb.html", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Encoding", "gzip")
		gz := gzip.NewWriter(w)
		zeros := make([]byte, 1<<20)
		for i := 0; i < 200 && r.Context().Err() == nil; i++ { // 200 MB of zeros, ~200 KB on the wire
			if _, err := gz.Write(zeros); err != nil {
				return
			}
		}
		gz.Close()
	})
	mux.HandleFunc("/robots.txt", func(w http.ResponseWriter, r *http.Request) {
		// robots.txt redirects to the home page, as many CMSs do.
		http.Redirect(w, r, "/", http.StatusMovedPermanently)
	})
	mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) { fmt.Fprint(w, "<html>page</html>") })
	outlet = httptest.NewServer(mux)
	defer outlet.Close()

	// twin's robots.txt sends the fetcher to outlet's, which sends it home;
	// its /loop robots.txt never ends.
	twinMux := http.NewServeMux()
	twinMux.HandleFunc("/robots.txt", func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, outlet.URL+"/robots.txt", http.StatusFound)
	})
	twinMux.HandleFunc("/to-inside", func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, insideURL+"/", http.StatusFound)
	})
	twinMux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, outlet.URL+"/from-twin", http.StatusFound)
	})
	twin = httptest.NewServer(twinMux)
	defer twin.Close()
	loop := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/robots.txt", "/robots2.txt":
			http.Redirect(w, r, map[string]string{"/robots.txt": "/robots2.txt", "/robots2.txt": "/robots.txt"}[r.URL.Path], http.StatusFound)
		default:
			fmt.Fprint(w, "loop page")
		}
	}))
	defer loop.Close()
	defer close(stop)

	host := func(s *httptest.Server) string { return strings.TrimPrefix(s.URL, "http://") }
	allow, err := fetch.ParseAllow([]string{host(outlet), host(twin), host(loop)})
	if err != nil {
		t.Fatal(err)
	}
	f := fetch.New(fetch.Options{MinDelay: -1, Timeout: time.Second, Allow: allow})
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()

	getFeed := func(path string) (*feed.Feed, error) {
		resp, err := f.Get(ctx, fetch.Request{URL: outlet.URL + path})
		if err != nil {
			return nil, err
		}
		return feed.Parse(resp.Body, resp.URL)
	}
	want := func(t *testing.T, what string, err error, code, msg string) {
		t.Helper()
		if err == nil {
			t.Errorf("%s: no error, want %s %q", what, code, msg)
			return
		}
		if got := model.ErrorCode(err); got != code || !strings.Contains(err.Error(), msg) {
			t.Errorf("%s: %v (%s), want %s containing %q", what, err, got, code, msg)
		}
	}

	attacks := map[string]func(t *testing.T){
		"deep feed": func(t *testing.T) {
			_, err := getFeed("/deep.xml")
			want(t, "deep feed", err, model.EInvalid, "nested deeper than 64 levels")
		},
		"100k items": func(t *testing.T) {
			_, err := getFeed("/100k.xml")
			want(t, "100k items", err, model.EInvalid, "more than 200000 elements")
		},
		"90k items": func(t *testing.T) {
			fd, err := getFeed("/90k.xml")
			if err != nil || len(fd.Items) != feed.DefaultMaxItems || fd.Truncated != 90_000-feed.DefaultMaxItems {
				t.Errorf("90k items: %v; want %d items read", err, feed.DefaultMaxItems)
			}
		},
		"links inside": func(t *testing.T) {
			fd, err := getFeed("/inside.xml")
			if err != nil || len(fd.Items) != 6 {
				t.Fatalf("inside feed: %v", err)
			}
			for _, it := range fd.Items {
				_, err := f.Get(ctx, fetch.Request{URL: it.URL})
				want(t, it.URL, err, model.EInvalid, "; list it in NEWSBRIDGE_FETCH_ALLOW to allow")
				var re *fetch.RefusedError
				if !errors.As(err, &re) {
					t.Errorf("%s: %v is not a *fetch.RefusedError", it.URL, err)
				}
			}
		},
		"robots redirects": func(t *testing.T) {
			for _, u := range []string{outlet.URL + "/article", twin.URL + "/article", loop.URL + "/article"} {
				if _, err := f.Get(ctx, fetch.Request{URL: u}); err != nil {
					t.Errorf("%s: %v", u, err)
				}
			}
		},
		"slow body": func(t *testing.T) {
			_, err := f.Get(ctx, fetch.Request{URL: outlet.URL + "/slow-body"})
			want(t, "slow body", err, model.EUnavailable, "timed out")
		},
		"slow headers": func(t *testing.T) {
			_, err := f.Get(ctx, fetch.Request{URL: outlet.URL + "/slow-headers"})
			want(t, "slow headers", err, model.EUnavailable, "timed out")
		},
		"gzip bomb": func(t *testing.T) {
			_, err := f.Get(ctx, fetch.Request{URL: outlet.URL + "/bomb.html"})
			want(t, "gzip bomb", err, model.EInvalid, "body larger than 10 MiB")
		},
	}
	var wg sync.WaitGroup
	for name, attack := range attacks {
		wg.Add(1)
		go func() {
			defer wg.Done()
			t.Run(name, attack)
		}()
	}
	wg.Wait()
	if ctx.Err() != nil {
		t.Errorf("the attacks outlasted their 30s deadline")
	}
	if n := insideConns.Load(); n != 0 {
		t.Errorf("%d connections reached the unlisted loopback port, want none", n)
	}
}
