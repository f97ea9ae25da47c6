package site

import (
	"encoding/json"
	"net/http"
	"strings"
	"testing"
)

// TestSectionsInMenus: the masthead lists the sections the backend gives,
// in its order, each linking its page; a section's page and feeds answer.
func TestSectionsInMenus(t *testing.T) {
	s := newTestSite(t, newFake(), nil)
	h := s.Handler()
	body := get(t, h, "/es/").Body.String()
	i, j := strings.Index(body, `<a href="/es/deportes/">Deportes</a>`), strings.Index(body, `<a href="/es/economia/">Economía</a>`)
	if i < 0 || j < 0 || i > j {
		t.Errorf("menu: sections missing or out of order (%d, %d)", i, j)
	}
	body = get(t, h, "/es/deportes/").Body.String()
	mustContain(t, body, "<h1", "Deportes", `<link rel="canonical" href="https://news.example/es/deportes/">`,
		`href="/es/deportes/feed.atom"`)
	for _, f := range []string{"feed.rss", "feed.atom", "feed.json"} {
		if w := get(t, h, "/es/deportes/"+f); w.Code != 200 || !strings.Contains(w.Body.String(), "Noticia 2") {
			t.Errorf("section feed %s: %d", f, w.Code)
		}
	}
}

// TestOldCategoryRedirects: an outlet's category URL, from before
// sections, redirects permanently to its section; feeds too.
func TestOldCategoryRedirects(t *testing.T) {
	h := newTestSite(t, newFake(), nil).Handler()
	for path, to := range map[string]string{
		"/es/sports/":         "/es/deportes/",
		"/es/sports":          "/es/deportes/",
		"/es/sports/?page=2":  "/es/deportes/?page=2",
		"/es/sports/feed.rss": "/es/deportes/feed.rss",
	} {
		w := get(t, h, path)
		if w.Code != http.StatusMovedPermanently || w.Header().Get("Location") != "https://news.example"+to {
			t.Errorf("%s: %d → %q, want 301 → %s", path, w.Code, w.Header().Get("Location"), to)
		}
		// Like a moved article: a day, as the category may be mapped
		// elsewhere later.
		if cc := w.Header().Get("Cache-Control"); cc != "public, max-age=86400" {
			t.Errorf("%s: Cache-Control %q", path, cc)
		}
	}
	// The section has no story in English: no redirect to an empty page.
	if w := get(t, h, "/en/sports/"); w.Code != 404 {
		t.Errorf("/en/sports/: %d, want 404", w.Code)
	}
	if w := get(t, h, "/es/unknown/feed.rss"); w.Code != 404 {
		t.Errorf("unknown category feed: %d", w.Code)
	}
}

// TestAuthorPages: an author's page lists their stories in the language,
// links the same page in the languages that have one, and has feeds.
func TestAuthorPages(t *testing.T) {
	h := newTestSite(t, newFake(), nil).Handler()
	w := get(t, h, "/es/author/ana-perez/")
	if w.Code != 200 {
		t.Fatalf("author page: %d", w.Code)
	}
	body := w.Body.String()
	mustContain(t, body, "Artículos de Ana Pérez", `<a href="/es/a/puerto" rel="bookmark">`, `<a href="/es/a/noticia-2" rel="bookmark">`,
		`<link rel="canonical" href="https://news.example/es/author/ana-perez/">`,
		`hreflang="ar" href="https://news.example/ar/author/ana-perez/"`,
		`href="/es/author/ana-perez/feed.rss"`)
	mustNotContain(t, body, "noticia-4", `hreflang="nb" href="https://news.example/nb/author/`)
	if n := strings.Count(body, `rel="bookmark"`); n != 3 {
		t.Errorf("%d stories on the author's page, want 3", n)
	}
	mustContain(t, get(t, h, "/ar/author/ana-perez/").Body.String(), "مقالات Ana Pérez", `dir="rtl"`)
	for path, code := range map[string]int{
		"/es/author/ana-perez":        301,
		"/es/author/nadie/":           404,
		"/nb/author/ana-perez/":       404, // nothing of hers in Norwegian
		"/es/author/ana-perez/x.rss":  404,
		"/es/author/ana-perez/?page=": 301,
		"/es/author/":                 404,
	} {
		if w := get(t, h, path); w.Code != code {
			t.Errorf("%s: %d, want %d", path, w.Code, code)
		}
	}
	w = get(t, h, "/es/author/ana-perez/feed.json")
	var feed struct {
		Title string `json:"title"`
		Items []struct {
			URL string `json:"url"`
		} `json:"items"`
	}
	if err := json.Unmarshal(w.Body.Bytes(), &feed); err != nil || len(feed.Items) != 3 || !strings.Contains(feed.Title, "Ana Pérez") {
		t.Fatalf("author feed: %d %+v %v", w.Code, feed, err)
	}
	for _, f := range []string{"feed.rss", "feed.atom"} {
		w := get(t, h, "/es/author/ana-perez/"+f)
		if w.Code != 200 || !strings.Contains(w.Body.String(), "https://news.example/es/a/noticia-3") {
			t.Errorf("author %s: %d", f, w.Code)
		}
	}
}

// TestArticleLists: beside "More in" the section, an article lists more
// by its first author and more from its outlet, without itself; the
// byline links each author.
func TestArticleLists(t *testing.T) {
	h := newTestSite(t, newFake(), nil).Handler()
	body := get(t, h, "/es/a/puerto").Body.String()
	mustContain(t, body,
		`Por <a href="/es/author/ana-perez/" rel="author"><bdi>Ana Pérez</bdi></a>`,
		`<h2 id="more-author-title"><a href="/es/author/ana-perez/">Más artículos de <bdi>Ana Pérez</bdi></a></h2>`,
		`<h2 id="more-outlet-title"><a href="/es/outlet/7-the-harbour-times/">Más de <bdi lang="en">The Harbour Times</bdi></a></h2>`)
	// "More in" the section links its page, as the other two lists do.
	more := 0
	for _, path := range []string{"/es/a/puerto", "/es/a/noticia-2", "/es/a/noticia-3", "/es/a/noticia-4"} {
		b := get(t, h, path).Body.String()
		if i := strings.Index(b, `<h2 id="more-title">`); i >= 0 {
			more++
			if !strings.HasPrefix(b[i+len(`<h2 id="more-title">`):], `<a href="/es/`) {
				t.Errorf("%s: \"More in\" heading without its section's link:\n%s", path, section(b, `id="more-title"`))
			}
		}
	}
	if more == 0 {
		t.Error("no article with a \"More in\" list to check")
	}
	author := section(body, `id="more-author-title"`)
	mustContain(t, author, "/es/a/noticia-2", "/es/a/noticia-3")
	mustNotContain(t, author, "/es/a/puerto", "/es/a/noticia-4")
	outlet := section(body, `id="more-outlet-title"`)
	mustContain(t, outlet, "/es/a/noticia-2", "/es/a/noticia-3", "/es/a/noticia-4")
	mustNotContain(t, outlet, "/es/a/puerto")
	// In English the story has no other by her or from the outlet: no
	// empty list.
	body = get(t, h, "/en/a/puerto").Body.String()
	mustNotContain(t, body, "more-author-title", "more-outlet-title")
	mustContain(t, body, `By <a href="/en/author/ana-perez/" rel="author">`,
		`"author":[{"@type":"Person","name":"Ana Pérez","url":"https://news.example/en/author/ana-perez/"}]`)
}

// section returns the <aside> that holds marker.
func section(body, marker string) string {
	i := strings.Index(body, marker)
	if i < 0 {
		return ""
	}
	j := strings.Index(body[i:], "</aside>")
	if j < 0 {
		return body[i:]
	}
	return body[i : i+j]
}

// TestPublicPathsHaveAuthors: static publishing writes the authors' pages
// and feeds.
func TestPublicPathsHaveAuthors(t *testing.T) {
	s := newTestSite(t, newFake(), nil)
	paths, err := s.PublicPaths(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	got := strings.Join(paths, "\n")
	mustContain(t, got, "/es/author/ana-perez/\n", "/es/author/luis-gil/feed.atom", "/ar/author/ana-perez/feed.json")
}

// TestOutletPages: an outlet's page lists its stories in the language,
// pages, has feeds, links the same page in the languages that have one,
// and names the outlet in its own language; a key with the outlet's id
// and another name redirects to the current key.
func TestOutletPages(t *testing.T) {
	f := newFake()
	h := newTestSite(t, f, func(c *Config) { c.PerPage = 3 }).Handler()
	const page = "/es/outlet/7-the-harbour-times/"
	w := get(t, h, page)
	if w.Code != 200 {
		t.Fatalf("outlet page: %d", w.Code)
	}
	body := w.Body.String()
	mustContain(t, body, `<h1>Artículos publicados en <bdi lang="en">The Harbour Times</bdi></h1>`,
		"<title>Artículos publicados en The Harbour Times — Puente</title>",
		`<a href="/es/a/puerto" rel="bookmark">`, `<a href="/es/a/noticia-3" rel="bookmark">`,
		`<link rel="canonical" href="https://news.example/es/outlet/7-the-harbour-times/">`,
		`hreflang="ar" href="https://news.example/ar/outlet/7-the-harbour-times/"`,
		`hreflang="en" href="https://news.example/en/outlet/7-the-harbour-times/"`,
		`href="/es/outlet/7-the-harbour-times/feed.rss"`, `href="/es/outlet/7-the-harbour-times/?page=2"`)
	mustNotContain(t, body, "noticia-5", `hreflang="nb" href="https://news.example/nb/outlet/`)
	if n := strings.Count(body, `rel="bookmark"`); n != 3 {
		t.Errorf("%d stories on page 1, want 3", n)
	}
	body = get(t, h, page+"?page=2").Body.String()
	mustContain(t, body, `<a href="/es/a/noticia-4" rel="bookmark">`,
		`<link rel="canonical" href="https://news.example/es/outlet/7-the-harbour-times/?page=2">`)
	if n := strings.Count(body, `rel="bookmark"`); n != 1 {
		t.Errorf("%d stories on page 2, want 1", n)
	}
	mustContain(t, get(t, h, "/ar/outlet/7-the-harbour-times/").Body.String(),
		`مقالات منشورة في <bdi lang="en">The Harbour Times</bdi>`, `dir="rtl"`)
	for path, code := range map[string]int{
		"/es/outlet/7-the-harbour-times":          301,
		"/es/outlet/7-the-harbour-times/?page=3":  404,
		"/es/outlet/8-the-harbour-times/":         404, // no such outlet
		"/es/outlet/harbour/":                     404, // no id
		"/es/outlet/07-the-harbour-times/":        404,
		"/nb/outlet/7-the-harbour-times/":         404, // nothing of it in Norwegian
		"/nb/outlet/7-the-harbour-times/feed.rss": 404,
		"/es/outlet/7-the-harbour-times/x.rss":    404,
		"/es/outlet/":                             404,
	} {
		if w := get(t, h, path); w.Code != code {
			t.Errorf("%s: %d, want %d", path, w.Code, code)
		}
	}
	w = get(t, h, "/es/outlet/7-the-harbour-times/feed.json")
	var feed struct {
		Title string `json:"title"`
		Items []struct {
			URL string `json:"url"`
		} `json:"items"`
	}
	if err := json.Unmarshal(w.Body.Bytes(), &feed); err != nil || len(feed.Items) != 4 || feed.Title != "Artículos publicados en The Harbour Times — Puente" {
		t.Fatalf("outlet feed: %d %+v %v", w.Code, feed, err)
	}
	for _, name := range []string{"feed.rss", "feed.atom"} {
		w := get(t, h, page+name)
		if w.Code != 200 || !strings.Contains(w.Body.String(), "https://news.example/es/a/noticia-4") {
			t.Errorf("outlet %s: %d", name, w.Code)
		}
	}

	// The outlet renamed: its old key, and the bare id, lead to the new
	// one, page and feeds alike.
	f.outletNames = map[int64]string{7: "Harbour Daily"}
	h = newTestSite(t, f, nil).Handler()
	for path, to := range map[string]string{
		page:                              "/es/outlet/7-harbour-daily/",
		"/es/outlet/7-the-harbour-times":  "/es/outlet/7-harbour-daily/",
		page + "?page=2":                  "/es/outlet/7-harbour-daily/?page=2",
		page + "feed.atom":                "/es/outlet/7-harbour-daily/feed.atom",
		"/es/outlet/7/":                   "/es/outlet/7-harbour-daily/",
		"/ar/outlet/7-the-harbour-times/": "/ar/outlet/7-harbour-daily/",
	} {
		w := get(t, h, path)
		if w.Code != http.StatusMovedPermanently || w.Header().Get("Location") != "https://news.example"+to {
			t.Errorf("%s: %d → %q, want 301 → %s", path, w.Code, w.Header().Get("Location"), to)
		}
	}
	if w := get(t, h, "/es/outlet/7-harbour-daily/"); w.Code != 200 {
		t.Errorf("renamed outlet's page: %d", w.Code)
	}
}

// TestOutletsInSitemapAndPaths: a language's sitemap lists the outlets
// with stories in it, each with the languages that have its page, and
// static publishing writes their pages and feeds.
func TestOutletsInSitemapAndPaths(t *testing.T) {
	s := newTestSite(t, newFake(), nil)
	body := get(t, s.Handler(), "/es/sitemap.xml").Body.String()
	mustContain(t, body, "<loc>https://news.example/es/outlet/7-the-harbour-times/</loc>",
		`hreflang="ar" href="https://news.example/ar/outlet/7-the-harbour-times/"`)
	mustNotContain(t, get(t, s.Handler(), "/nb/sitemap.xml").Body.String(), "/outlet/")
	paths, err := s.PublicPaths(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	got := strings.Join(paths, "\n")
	mustContain(t, got, "/es/outlet/7-the-harbour-times/\n", "/en/outlet/7-the-harbour-times/feed.atom",
		"/ar/outlet/7-the-harbour-times/feed.json")
	mustNotContain(t, got, "/nb/outlet/")
}
