package site

import (
	"encoding/json"
	"encoding/xml"
	"html"
	"net/url"
	"strings"
	"testing"
	"time"

	"newsbridge/search"
)

func TestFeeds(t *testing.T) {
	f := newFake()
	st := f.stories["es"][0]
	st.Title = `Puerto <script>alert(1)</script> & más`
	f.stories["es"][0] = st
	s := newTestSite(t, f, nil)
	h := s.Handler()

	w := get(t, h, "/es/feed.rss")
	if w.Code != 200 || !strings.HasPrefix(w.Header().Get("Content-Type"), "application/rss+xml") {
		t.Fatalf("rss: %d %q", w.Code, w.Header().Get("Content-Type"))
	}
	var rss struct {
		Channel struct {
			Title string `xml:"title"`
			Items []struct {
				Title   string `xml:"title"`
				GUID    string `xml:"guid"`
				Content string `xml:"http://purl.org/rss/1.0/modules/content/ encoded"`
			} `xml:"item"`
		} `xml:"channel"`
	}
	if err := xml.Unmarshal(w.Body.Bytes(), &rss); err != nil {
		t.Fatalf("rss does not parse: %v", err)
	}
	if len(rss.Channel.Items) != min(25, feedSize) {
		t.Fatalf("%d items, want %d", len(rss.Channel.Items), min(25, feedSize))
	}
	it := rss.Channel.Items[0]
	// RSS titles are HTML for readers: the text escaped once more.
	if it.Title != html.EscapeString(st.Title) || it.GUID != "https://news.example/es/a/1" {
		t.Errorf("item: %q %q", it.Title, it.GUID)
	}
	// The full body travels in the feed, with the notice, sanitized.
	for _, want := range []string{"Traducido automáticamente del inglés", `<em>importante</em>`, `<figure><img src="https://news.example/media/0123456789abcdef0123456789abcdef-640.jpg" alt="El puerto"`} {
		if !strings.Contains(it.Content, want) {
			t.Errorf("content lacks %q: %s", want, it.Content)
		}
	}

	w = get(t, h, "/es/economia/feed.atom")
	if w.Code != 200 || !strings.HasPrefix(w.Header().Get("Content-Type"), "application/atom+xml") {
		t.Fatalf("atom: %d", w.Code)
	}
	var atom struct {
		Entries []struct{ Title string } `xml:"entry"`
	}
	if err := xml.Unmarshal(w.Body.Bytes(), &atom); err != nil || len(atom.Entries) != 1 {
		t.Fatalf("atom: %v, %d entries", err, len(atom.Entries))
	}

	w = get(t, h, "/ar/feed.json")
	var jf struct {
		Version  string
		Language string
		Items    []struct{ URL string }
	}
	if err := json.Unmarshal(w.Body.Bytes(), &jf); err != nil || jf.Language != "ar" || len(jf.Items) != 1 ||
		jf.Items[0].URL != "https://news.example/ar/a/puerto" {
		t.Fatalf("json feed: %v %+v", err, jf)
	}
	for _, p := range []string{"/es/nada/feed.rss", "/es/economia/feed.xml", "/xx/feed.rss", "/es/a/feed.rss"} {
		if w := get(t, h, p); w.Code != 404 {
			t.Errorf("%s: %d, want 404", p, w.Code)
		}
	}
}

func TestSitemaps(t *testing.T) {
	f := newFake()
	old := f.stories["en"][0]
	old.ArticleID, old.Slug, old.Title, old.Published = 99, "old", "Old news", t0.Add(-72*time.Hour)
	old.Langs = []string{"en"}
	f.stories["en"] = append(f.stories["en"], old)
	s := newTestSite(t, f, nil)
	h := s.Handler()

	body := get(t, h, "/sitemap.xml").Body.String()
	mustContain(t, body, "<sitemapindex", "<loc>https://news.example/es/sitemap.xml</loc>",
		"<loc>https://news.example/ar/sitemap.xml</loc>", "<loc>https://news.example/news-sitemap.xml</loc>")
	mustNotContain(t, body, "/gl/")

	w := get(t, h, "/es/sitemap.xml")
	if w.Code != 200 || !strings.HasPrefix(w.Header().Get("Content-Type"), "application/xml") {
		t.Fatalf("sitemap: %d", w.Code)
	}
	var us struct {
		URLs []struct {
			Loc   string `xml:"loc"`
			Links []struct {
				HrefLang string `xml:"hreflang,attr"`
				Href     string `xml:"href,attr"`
			} `xml:"http://www.w3.org/1999/xhtml link"`
		} `xml:"url"`
	}
	if err := xml.Unmarshal(w.Body.Bytes(), &us); err != nil {
		t.Fatal(err)
	}
	found := false
	for _, u := range us.URLs {
		if u.Loc != "https://news.example/es/a/puerto" {
			continue
		}
		found = true
		got := map[string]string{}
		for _, l := range u.Links {
			got[l.HrefLang] = l.Href
		}
		want := map[string]string{"es": "https://news.example/es/a/puerto", "en": "https://news.example/en/a/puerto",
			"ar": "https://news.example/ar/a/puerto", "x-default": "https://news.example/en/a/puerto"}
		for k, v := range want {
			if got[k] != v {
				t.Errorf("alternate %s = %q, want %q", k, got[k], v)
			}
		}
		if len(got) != len(want) {
			t.Errorf("alternates %v", got)
		}
	}
	if !found || len(us.URLs) != 1+2+2+1+25 { // home, 2 sections, 2 authors, 1 outlet, 25 stories
		t.Errorf("found=%v, %d urls", found, len(us.URLs))
	}

	body = get(t, h, "/news-sitemap.xml").Body.String()
	mustContain(t, body, "<news:news>", "<loc>https://news.example/en/a/puerto</loc>", "<news:language>ar</news:language>")
	mustNotContain(t, body, "/en/a/old")

	body = get(t, h, "/robots.txt").Body.String()
	mustContain(t, body, "Sitemap: https://news.example/sitemap.xml", "Disallow: /es/search")
}

func TestSearch(t *testing.T) {
	idx, err := search.OpenMem()
	if err != nil {
		t.Fatal(err)
	}
	defer idx.Close()
	err = idx.Put(
		search.Doc{ArticleID: 1, Lang: "es", Slug: "puerto", Title: "El puerto crece", Lead: "El tráfico del puerto sube",
			Body: "Los barcos llegan al puerto.", Category: "Economía", CategorySlug: "economia", Published: t0},
		search.Doc{ArticleID: 2, Lang: "es", Slug: "noticia-2", Title: "Partido de fútbol", Body: "Gol en el descuento.",
			Category: "Deportes", CategorySlug: "deportes", Published: t0.Add(-time.Hour)},
		search.Doc{ArticleID: 1, Lang: "en", Slug: "puerto", Title: "The port grows", Body: "Ships arrive.", Published: t0},
	)
	if err != nil {
		t.Fatal(err)
	}
	s := newTestSite(t, newFake(), func(c *Config) { c.Search = idx })
	h := s.Handler()

	body := get(t, h, "/es/search?q=puerto").Body.String()
	mustContain(t, body, `<a href="/es/a/puerto" rel="bookmark">El <mark>puerto</mark> crece</a>`, "1 resultados para «puerto»",
		`<meta name="robots" content="noindex">`, `value="puerto"`)
	mustNotContain(t, body, "noticia-2")

	body = get(t, h, "/es/search?q=&category=deportes").Body.String()
	mustContain(t, body, `/es/a/noticia-2`)
	mustNotContain(t, body, `/es/a/puerto"`)

	// The query is echoed escaped, in the input and in the summary.
	evil := `"><script>alert(1)</script>`
	body = get(t, h, "/es/search?q="+url.QueryEscape(evil)).Body.String()
	mustNotContain(t, body, "<script>alert")
	mustContain(t, body, "&lt;script&gt;")

	// Bad input never gives a 500.
	for _, q := range []string{"q=puerto&page=0", "q=puerto&page=99", "q=puerto&page=x", "q=puerto&from=2026-05-01&to=2026-01-01",
		"from=garbage", "q=" + strings.Repeat("a", 5000), "q=%ff%fe"} {
		w := get(t, h, "/es/search?"+q)
		if w.Code >= 500 {
			t.Errorf("%s: %d", q, w.Code)
		}
	}
	if w := get(t, h, "/es/search?q=puerto&from=2026-05-01&to=2026-01-01"); w.Code != 400 {
		t.Errorf("reversed dates: %d, want 400", w.Code)
	}
	// No index: the page says so.
	s2 := newTestSite(t, newFake(), nil)
	mustContain(t, get(t, s2.Handler(), "/es/search?q=puerto").Body.String(), "La búsqueda no está disponible")
}

// TestSitemapSectionsAndAuthors: a language's sitemap lists its sections
// and authors, each linked to the same page in the languages that have
// one and only those.
func TestSitemapSectionsAndAuthors(t *testing.T) {
	f := newFake()
	h := newTestSite(t, f, nil).Handler()
	es := get(t, h, "/es/sitemap.xml").Body.String()
	for _, c := range f.stories["es"] {
		if c.Category.Slug == "" {
			continue
		}
		mustContain(t, es, "<loc>https://news.example/es/"+c.Category.Slug+"/</loc>")
		for _, o := range []string{"en", "ar", "nb"} {
			in := false
			for _, st := range f.stories[o] {
				in = in || st.Category.Slug == c.Category.Slug
			}
			link := `hreflang="` + o + `" href="https://news.example/` + o + "/" + c.Category.Slug + `/"`
			if in != strings.Contains(es, link) {
				t.Errorf("section %s in %s: has stories %v, sitemap link %v", c.Category.Slug, o, in, !in)
			}
		}
	}
	mustContain(t, es, "<loc>https://news.example/es/author/ana-perez/</loc>",
		`hreflang="ar" href="https://news.example/ar/author/ana-perez/"`)
}
