package demo

import (
	"bytes"
	"context"
	"image"
	_ "image/jpeg"
	_ "image/png"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"

	"newsbridge/ingest/feed"
	"newsbridge/ingest/fetch"
	"newsbridge/model"
)

func get(t *testing.T, srv *httptest.Server, path string) (*http.Response, []byte) {
	t.Helper()
	resp, err := srv.Client().Get(srv.URL + path)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return resp, body
}

func TestOutlets(t *testing.T) {
	outs := Outlets()
	want := []Outlet{
		{Name: "El Diario de Ejemplo", Language: "es", FeedPath: "/es/feed.xml"},
		{Name: "صحيفة المثال", Language: "ar", FeedPath: "/ar/feed.xml"},
		{Name: "Eksempelavisen", Language: "nb", FeedPath: "/nb/feed.xml"},
	}
	if len(outs) != len(want) {
		t.Fatalf("Outlets() = %+v", outs)
	}
	for i := range want {
		if got := outs[i]; got.Name != want[i].Name || got.Language != want[i].Language || got.FeedPath != want[i].FeedPath {
			t.Errorf("outlet %d = %+v, want %+v", i, outs[i], want[i])
		}
	}
	// the Spanish outlet's places are do-not-translate terms: "Ribera" is
	// a river bank to the engines
	if g := outs[0].Glossary; len(g) == 0 || g[0] != (Term{"Ribera", "place", "do-not-translate"}) {
		t.Errorf("glossary %+v", g)
	}
}

// TestFeedsAndArticles follows each outlet's feed with the real feed
// parser, then fetches every article page it announces.
func TestFeedsAndArticles(t *testing.T) {
	srv := httptest.NewServer(Handler())
	defer srv.Close()
	s, err := loadSite()
	if err != nil {
		t.Fatal(err)
	}
	minItems := map[string]int{"es": 14, "ar": 4, "nb": 1}
	for _, o := range s.outlets {
		t.Run(o.Prefix, func(t *testing.T) {
			resp, body := get(t, srv, o.FeedPath)
			if resp.StatusCode != 200 {
				t.Fatalf("feed: %d", resp.StatusCode)
			}
			if ct := resp.Header.Get("Content-Type"); !strings.HasPrefix(ct, "application/rss+xml") {
				t.Errorf("feed Content-Type %q", ct)
			}
			f, err := feed.Parse(body, srv.URL+o.FeedPath)
			if err != nil {
				t.Fatal(err)
			}
			if f.Title != o.Name || f.Language != o.Language || f.SiteURL != srv.URL+"/"+o.Prefix+"/" {
				t.Errorf("feed header = %q %q %q", f.Title, f.Language, f.SiteURL)
			}
			if len(f.Items) != len(o.Articles) || len(f.Items) < minItems[o.Prefix] || f.Skipped != 0 {
				t.Fatalf("feed has %d items (%d skipped), want %d (at least %d)", len(f.Items), f.Skipped, len(o.Articles), minItems[o.Prefix])
			}
			for i, it := range f.Items {
				a := o.Articles[i]
				if !strings.HasPrefix(it.URL, srv.URL+"/"+o.Prefix+"/") {
					t.Errorf("item URL %q is not on the request's host %s", it.URL, srv.URL)
				}
				if it.Title != a.Title || it.Author != a.Byline || it.Category != a.Category.Name || !it.Published.Equal(a.Published) {
					t.Errorf("item %d = %+v, want article %q", i, it, a.Title)
				}
				if i > 0 && it.Published.After(f.Items[i-1].Published) {
					t.Errorf("items not newest first at %d", i)
				}
				u, _ := url.Parse(it.URL)
				resp, body := get(t, srv, u.Path)
				if resp.StatusCode != 200 {
					t.Errorf("%s: %d", u.Path, resp.StatusCode)
					continue
				}
				page := string(body)
				checks := []string{
					"<title>" + template_escape(a.Title) + " | " + template_escape(o.Name) + "</title>",
					`<html lang="` + o.Language + `" dir="` + o.Dir + `">`,
					`<meta charset="utf-8">`,
					`<link rel="canonical" href="` + it.URL + `">`,
					`<meta property="og:url" content="` + it.URL + `">`,
					`"@type":"NewsArticle"`,
					`class="standfirst"`,
					"<figcaption>",
					o.Labels.Comments,
					o.Labels.Related,
					o.Labels.CookieAccept,
				}
				for _, c := range checks {
					if !strings.Contains(page, c) {
						t.Errorf("%s lacks %q", u.Path, c)
					}
				}
			}
		})
	}
}

// template_escape is the escaping html/template applies to text.
func template_escape(s string) string {
	r := strings.NewReplacer("&", "&amp;", "'", "&#39;", "<", "&lt;", ">", "&gt;", `"`, "&#34;")
	return r.Replace(s)
}

func TestHostFromRequest(t *testing.T) {
	h := Handler()
	req := httptest.NewRequest("GET", "http://news.localhost:8123/es/feed.xml", nil)
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	f, err := feed.Parse(rec.Body.Bytes(), "http://news.localhost:8123/es/feed.xml")
	if err != nil {
		t.Fatal(err)
	}
	for _, it := range f.Items {
		if !strings.HasPrefix(it.URL, "http://news.localhost:8123/es/") {
			t.Errorf("item URL %q does not use the request host", it.URL)
		}
	}
}

func TestImages(t *testing.T) {
	srv := httptest.NewServer(Handler())
	defer srv.Close()
	s, _ := loadSite()
	if len(s.images) < 20 {
		t.Errorf("only %d images", len(s.images))
	}
	for name, spec := range s.images {
		resp, body := get(t, srv, "/images/"+name)
		if resp.StatusCode != 200 {
			t.Errorf("%s: %d", name, resp.StatusCode)
			continue
		}
		if ct := resp.Header.Get("Content-Type"); ct != spec.Type {
			t.Errorf("%s: Content-Type %q, want %q", name, ct, spec.Type)
		}
		if len(body) > 16<<10 {
			t.Errorf("%s: %d bytes, want a small image", name, len(body))
		}
		if spec.Type == "image/svg+xml" {
			if !bytes.HasPrefix(body, []byte("<svg ")) || bytes.Contains(body, []byte("script")) {
				t.Errorf("%s: bad SVG %q", name, body)
			}
			continue
		}
		cfg, format, err := image.DecodeConfig(bytes.NewReader(body))
		if err != nil {
			t.Errorf("%s: %v", name, err)
			continue
		}
		if "image/"+format != spec.Type || cfg.Width != spec.Width || cfg.Height != spec.Height {
			t.Errorf("%s: %s %dx%d, want %s %dx%d", name, format, cfg.Width, cfg.Height, spec.Type, spec.Width, spec.Height)
		}
	}
	// Deterministic: the same bytes every time.
	name := s.outlets[0].Articles[0].Figures[0].Name
	a, _ := renderImage(s.images[name])
	b, _ := renderImage(s.images[name])
	if !bytes.Equal(a, b) {
		t.Error("images are not deterministic")
	}
}

func TestNotFound(t *testing.T) {
	srv := httptest.NewServer(Handler())
	defer srv.Close()
	for _, p := range []string{
		"/nope", "/es/nope.html", "/es/economia/nope.html", "/es/nope/", "/es/economia/puerto-valdeloma-record-mercancias",
		"/images/nope.png", "/images/../robots.txt", "/xx/feed.xml", "/es/economia/a/b.html", "/images/",
	} {
		resp, _ := get(t, srv, p)
		if resp.StatusCode != 404 {
			t.Errorf("%s: %d, want 404", p, resp.StatusCode)
		}
	}
	resp, err := srv.Client().Post(srv.URL+"/es/", "text/plain", nil)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusMethodNotAllowed {
		t.Errorf("POST: %d", resp.StatusCode)
	}
}

func TestPagesAndRobots(t *testing.T) {
	srv := httptest.NewServer(Handler())
	defer srv.Close()
	for _, p := range []string{"/", "/es/", "/es/economia/", "/ar/", "/nb/politikk/", "/es/sitemap.xml"} {
		resp, _ := get(t, srv, p)
		if resp.StatusCode != 200 {
			t.Errorf("%s: %d", p, resp.StatusCode)
		}
	}
	resp, body := get(t, srv, "/robots.txt")
	if resp.StatusCode != 200 || !strings.Contains(string(body), "Disallow: /es/buscar") {
		t.Errorf("robots.txt: %d %q", resp.StatusCode, body)
	}

	// The real fetcher, robots.txt included, works against the demo and
	// gets conditional GETs answered with 304.
	allow, err := fetch.ParseAllow([]string{strings.TrimPrefix(srv.URL, "http://")})
	if err != nil {
		t.Fatal(err)
	}
	f := fetch.New(fetch.Options{MinDelay: -1, Allow: allow})
	ctx := context.Background()
	r1, err := f.Get(ctx, fetch.Request{URL: srv.URL + "/es/feed.xml"})
	if err != nil {
		t.Fatal(err)
	}
	r2, err := f.Get(ctx, fetch.Request{URL: srv.URL + "/es/feed.xml", ETag: r1.ETag})
	if err != nil || !r2.NotModified {
		t.Errorf("conditional GET: %+v, %v", r2, err)
	}
	_, err = f.Get(ctx, fetch.Request{URL: srv.URL + "/es/buscar?q=puerto"})
	if model.ErrorCode(err) != model.EInvalid || !strings.Contains(err.Error(), "robots.txt") {
		t.Errorf("search page: %v, want disallowed by robots.txt", err)
	}
}

// TestContentRules checks the promises made about the sample content, so an
// edit that breaks one fails here and not in someone else's test.
func TestContentRules(t *testing.T) {
	s, err := loadSite()
	if err != nil {
		t.Fatal(err)
	}
	es := s.byPrefix["es"]
	if len(es.Articles) < 14 {
		t.Errorf("%d Spanish articles, want at least 14", len(es.Articles))
	}
	cats := map[string]bool{}
	var all strings.Builder
	quotes, lists, headings := 0, 0, 0
	for _, a := range es.Articles {
		cats[a.Category.Slug] = true
		if a.WordCount < 250 || a.WordCount > 450 {
			t.Errorf("%s: %d words, want 250–450", a.Slug, a.WordCount)
		}
		if n := len(a.Figures); n < 1 || n > 2 {
			t.Errorf("%s: %d figures, want 1–2", a.Slug, n)
		}
		if a.Published.Year() != 2026 {
			t.Errorf("%s: published %v, want a date in 2026", a.Slug, a.Published)
		}
		for _, f := range a.Figures {
			if f.Alt == "" || f.Caption == "" || f.Credit == "" {
				t.Errorf("%s: figure %s lacks alt, caption or credit", a.Slug, f.Name)
			}
		}
		for _, b := range a.Blocks {
			switch b.Kind {
			case "quote":
				quotes++
			case "ul", "ol":
				lists++
			case "h2":
				headings++
			}
			all.WriteString(string(b.HTML))
		}
	}
	if len(cats) < 4 {
		t.Errorf("%d categories, want at least 4", len(cats))
	}
	if quotes < 5 || lists < 1 || headings < 5 {
		t.Errorf("quotes %d, lists %d, headings %d", quotes, lists, headings)
	}
	for _, want := range []string{"17,33", "1/3", "https://festival.valdeloma.example/entradas"} {
		if !strings.Contains(all.String(), want) {
			t.Errorf("Spanish text lacks %q", want)
		}
	}
	if n := len(s.byPrefix["ar"].Articles); n != 4 {
		t.Errorf("%d Arabic articles, want 4", n)
	}
	// The seeds' defects must not be reproduced.
	for _, o := range s.outlets {
		for _, a := range o.Articles {
			var text strings.Builder
			text.WriteString(a.Title + "\n" + a.Lead + "\n")
			for _, b := range a.Blocks {
				text.WriteString(string(b.HTML) + "\n" + b.Figure.Caption + "\n")
			}
			for _, bad := range []string{"No data", "ndo_br_", ".jpg", "تعليق (0)", "Kommentar (0)", "والجهود والجهود", "نجوين فو ترونج", "avdelinger, etater og avdelinger", "Kilde: http"} {
				if strings.Contains(text.String(), bad) {
					t.Errorf("%s/%s contains seed defect %q", o.Prefix, a.Slug, bad)
				}
			}
			if strings.Contains(text.String()[len(a.Title)+len(a.Lead)+2:], a.Lead) {
				t.Errorf("%s/%s repeats its lead in the body", o.Prefix, a.Slug)
			}
		}
	}
}

func TestRTL(t *testing.T) {
	srv := httptest.NewServer(Handler())
	defer srv.Close()
	s, _ := loadSite()
	a := s.byPrefix["ar"].Articles[0]
	_, body := get(t, srv, a.Path())
	if !strings.Contains(string(body), `<html lang="ar" dir="rtl">`) {
		t.Error("Arabic page is not marked rtl")
	}
}

func BenchmarkArticlePage(b *testing.B) {
	h := Handler()
	s, _ := loadSite()
	path := s.byPrefix["es"].Articles[0].Path()
	req := httptest.NewRequest("GET", "http://127.0.0.1:8080"+path, nil)
	for b.Loop() {
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, req)
		if rec.Code != 200 {
			b.Fatal(rec.Code)
		}
	}
}

func TestDeterministic(t *testing.T) {
	h := Handler()
	s, _ := loadSite()
	for _, path := range []string{s.byPrefix["es"].Articles[3].Path(), "/es/feed.xml", "/ar/", "/robots.txt"} {
		var bodies [2]string
		for i := range bodies {
			rec := httptest.NewRecorder()
			h.ServeHTTP(rec, httptest.NewRequest("GET", "http://127.0.0.1:9999"+path, nil))
			bodies[i] = rec.Body.String()
		}
		if bodies[0] != bodies[1] || bodies[0] == "" {
			t.Errorf("%s: two renders differ", path)
		}
	}
}

// TestNoScriptFromContent: text in the content files is escaped, so the
// only script elements are the JSON-LD block.
func TestNoScriptFromContent(t *testing.T) {
	if got := string(inline(`<script>alert(1)</script> **a** [x](javascript:alert(1)) [y](https://ok.example/)`)); strings.Contains(got, "<script") || strings.Contains(got, `href="javascript`) || !strings.Contains(got, `<a href="https://ok.example/">y</a>`) || !strings.Contains(got, "<strong>a</strong>") {
		t.Errorf("inline: %s", got)
	}
	srv := httptest.NewServer(Handler())
	defer srv.Close()
	s, _ := loadSite()
	for _, o := range s.outlets {
		for _, a := range o.Articles {
			_, body := get(t, srv, a.Path())
			if n := strings.Count(string(body), "<script"); n != 1 {
				t.Errorf("%s: %d script elements, want only the JSON-LD one", a.Path(), n)
			}
		}
	}
}
