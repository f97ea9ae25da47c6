package app_test

import (
	"bytes"
	"compress/gzip"
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"strings"
	"testing"
	"time"

	"newsbridge/app"
	"newsbridge/config"
	"newsbridge/internal/pgtest"
	"newsbridge/model"
)

func TestMain(m *testing.M) { pgtest.Main(m) }

const goodPage = `<!doctype html><html lang="es"><head><meta charset="utf-8"><title>%[1]s</title>
<meta property="og:title" content="%[1]s"><meta property="article:section" content="Sociedad"></head>
<body><header><nav><a href="/">Inicio</a></nav></header><article><h1>%[1]s</h1>
<p class="byline">Por Ana Ruiz</p>
<p>El ayuntamiento de Valdemora aprobó ayer un plan para renovar las calles del centro histórico durante los próximos dos años.</p>
<p>La obra costará 1,5 millones de euros y empezará en primavera, según explicó la alcaldesa en una rueda de prensa.</p>
<figure><img src="/img/calle.jpg" alt="Una calle del centro" width="800" height="600"><figcaption>La calle Mayor, en marzo.</figcaption></figure>
<p>Los vecinos podrán presentar sugerencias hasta el 30 de abril en la web municipal y en las oficinas del ayuntamiento.</p>
</article><footer>Comentarios (0)</footer></body></html>`

// outlet is a test outlet with good articles and every kind of bad page.
func outlet(t *testing.T) *httptest.Server {
	mux := http.NewServeMux()
	var srv *httptest.Server
	item := func(path, title string) string {
		return fmt.Sprintf(`<item><title>%s</title><link>%s%s</link><pubDate>Mon, 02 Mar 2026 10:00:00 GMT</pubDate></item>`, title, srv.URL, path)
	}
	mux.HandleFunc("/feed.xml", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/rss+xml")
		fmt.Fprintf(w, `<?xml version="1.0"?><rss version="2.0"><channel><title>Diario</title><link>%s/</link>%s%s%s%s%s%s%s%s%s</channel></rss>`, srv.URL,
			item("/a1.html", "Uno"), item("/a2.html", "Dos"), item("/latin1.html", "Latin"), item("/missing.html", "404"),
			item("/broken.html", "500"), item("/notarticle.html", "Nada"), item("/huge.html", "Enorme"), item("/bomb.html", "Bomba"),
			`<item><title>Metadatos</title><link>http://169.254.169.254/latest/meta-data</link></item>`)
	})
	// 2,000,000 nested elements in 10 MB overflowed gofeed's stack, a fatal
	// error that took the whole process down.
	mux.HandleFunc("/deep-feed.xml", func(w http.ResponseWriter, r *http.Request) {
		w.Write([]byte(`<rss version="2.0" xmlns:x="http://x.example/"><channel><item>`))
		w.Write(bytes.Repeat([]byte("<x:a>"), 2_000_000))
	})
	mux.HandleFunc("/broken-feed.xml", func(w http.ResponseWriter, r *http.Request) {
		w.Write([]byte("<rss><channel><item><title>oops"))
	})
	mux.HandleFunc("/a1.html", func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprintf(w, goodPage, "Valdemora renovará las calles del centro")
	})
	mux.HandleFunc("/a2.html", func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprintf(w, goodPage, "El mercado de abastos abrirá los domingos")
	})
	mux.HandleFunc("/latin1.html", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=iso-8859-1")
		page := fmt.Sprintf(goodPage, "La biblioteca amplía su horario en otoño")
		page = strings.Replace(page, `<meta charset="utf-8">`, "", 1)
		w.Write(latin1(page))
	})
	mux.HandleFunc("/missing.html", http.NotFound)
	mux.HandleFunc("/broken.html", func(w http.ResponseWriter, r *http.Request) { http.Error(w, "boom", 500) })
	mux.HandleFunc("/notarticle.html", func(w http.ResponseWriter, r *http.Request) {
		w.Write([]byte(`<html><body><nav><a href="/a">A</a> <a href="/b">B</a></nav></body></html>`))
	})
	mux.HandleFunc("/huge.html", func(w http.ResponseWriter, r *http.Request) {
		chunk := bytes.Repeat([]byte("<p>relleno </p>"), 1<<16)
		for i := 0; i < 55 && r.Context().Err() == nil; i++ { // ~54 MB
			w.Write(chunk)
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
	srv = httptest.NewServer(mux)
	t.Cleanup(srv.Close)
	return srv
}

func latin1(s string) []byte {
	var b []byte
	for _, r := range s {
		if r < 256 {
			b = append(b, byte(r))
		} else {
			b = append(b, '?')
		}
	}
	return b
}

func requireApertium(t *testing.T) {
	if _, err := os.Stat("/usr/share/apertium/modes/spa-cat.mode"); err != nil {
		t.Skip("Apertium's spa-cat pair is not installed (scripts/install-deps)")
	}
}

func testConfig(t *testing.T, dbURL string) config.Config {
	cfg := config.Default()
	cfg.DataDir = t.TempDir()
	cfg.DatabaseURL = dbURL
	cfg.Languages = []string{"es", "ca"}
	cfg.FetchDelay.Duration = time.Millisecond
	cfg.Fetch.Allow = []string{"127.0.0.0/8"} // the tests' outlets
	cfg.Workers = 4
	if err := cfg.Validate(); err != nil {
		t.Fatal(err)
	}
	return cfg
}

// TestBadInputDoesNotStopThePipeline runs the real pipeline (River, the
// fetcher, the extractor, Apertium) on an outlet whose feed mixes good
// articles with every kind of bad page, beside a source whose feed is
// malformed, on SQLite and on PostgreSQL.
func TestBadInputDoesNotStopThePipeline(t *testing.T) {
	requireApertium(t)
	for _, db := range []string{"sqlite", "postgres"} {
		t.Run(db, func(t *testing.T) {
			url := ""
			if db == "postgres" {
				url = pgtest.NewDatabase(t)
			}
			srv := outlet(t)
			ctx := context.Background()
			a, err := app.Open(ctx, testConfig(t, url), app.Options{Work: true})
			if err != nil {
				t.Fatal(err)
			}
			defer a.Close()
			good, err := a.AddSource(ctx, srv.URL+"/feed.xml", "Diario", "es", time.Hour)
			if err != nil {
				t.Fatal(err)
			}
			bad, err := a.AddSource(ctx, srv.URL+"/broken-feed.xml", "Roto", "es", time.Hour)
			if err != nil {
				t.Fatal(err)
			}
			deep, err := a.AddSource(ctx, srv.URL+"/deep-feed.xml", "Hondo", "es", time.Hour)
			if err != nil {
				t.Fatal(err)
			}
			ctx, cancel := context.WithTimeout(ctx, 3*time.Minute)
			defer cancel()
			waiting, err := a.RunOnce(ctx, nil)
			if err != nil {
				t.Fatal(err)
			}
			if waiting == 0 {
				t.Error("the 500 page should be waiting for a retry")
			}
			if err := a.SourceErrors(ctx); err == nil || !strings.Contains(err.Error(), "Roto") {
				t.Errorf("the malformed feed's error is not reported: %v", err)
			}
			src, _ := a.Store.Source(ctx, bad.ID)
			if !strings.Contains(src.LastError, "feed") {
				t.Errorf("malformed feed: last error %q", src.LastError)
			}
			// The poison feed's poll is recorded, so a restart does not try it again at once.
			src, _ = a.Store.Source(ctx, deep.ID)
			if !strings.Contains(src.LastError, "nested deeper than 64") || !src.NextCheckAt.After(time.Now()) {
				t.Errorf("deep feed: last error %q, next check %v", src.LastError, src.NextCheckAt)
			}
			arts, err := a.Store.Articles(ctx, storeFilter(good.ID))
			if err != nil {
				t.Fatal(err)
			}
			byPath := map[string]model.Article{}
			for _, ar := range arts {
				byPath[ar.URL[strings.LastIndex(ar.URL, "/"):]] = ar
			}
			for _, p := range []string{"/a1.html", "/a2.html", "/latin1.html"} {
				ar := byPath[p]
				if ar.Status != model.ArticleExtracted {
					t.Errorf("%s: status %q error %q", p, ar.Status, ar.Error)
					continue
				}
				langs, _ := a.Store.PublishedLangs(ctx, ar.ID)
				if len(langs) != 2 {
					t.Errorf("%s published in %v, want es and ca", p, langs)
				}
			}
			if got := byPath["/latin1.html"].Title; got != "La biblioteca amplía su horario en otoño" {
				t.Errorf("ISO-8859-1 page decoded as %q", got)
			}
			for p, want := range map[string]string{
				"/missing.html":    "404",
				"/notarticle.html": "not an article",
				"/huge.html":       "larger than",
				"/bomb.html":       "larger than",
				"/broken.html":     "500",
				"/meta-data":       "refused: address 169.254.169.254:80 is link-local",
			} {
				ar := byPath[p]
				if !strings.Contains(ar.Error, want) {
					t.Errorf("%s: error %q, want it to mention %q", p, ar.Error, want)
				}
				if p != "/broken.html" && ar.Status != model.ArticleFailed {
					t.Errorf("%s: status %q, want failed", p, ar.Status)
				}
			}
			tr, _, err := a.Store.Translation(ctx, byPath["/a1.html"].ID, "ca")
			if err != nil {
				t.Fatal(err)
			}
			if !strings.Contains(strings.ToLower(tr.Title), "carrers") || tr.Route != "es>ca" {
				t.Errorf("Catalan title %q route %q", tr.Title, tr.Route)
			}
			for _, b := range tr.Blocks {
				if b.Type == model.BlockFigure && !strings.HasSuffix(b.Src, "/img/calle.jpg") {
					t.Errorf("figure src changed by translation: %q", b.Src)
				}
			}
		})
	}
}
