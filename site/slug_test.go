package site

import (
	"context"
	"net/url"
	"slices"
	"testing"
)

// newSlugFake is newFake with the story in each language under its own
// slug; the old shared slug "puerto", the bare id and the other languages'
// slugs find it, as the store resolves them.
func newSlugFake() *fakeBackend {
	f := newFake()
	slugs := map[string]string{"es": "1-el-puerto-crece", "en": "1-the-port-grows", "ar": "1-الميناء-ينمو"}
	f.aliases = map[string]string{}
	for lang, sl := range slugs {
		st := &f.stories[lang][0]
		st.Slug, st.Slugs = sl, slugs
		f.aliases[lang+"/puerto"] = sl
		f.aliases[lang+"/1"] = sl
		for _, other := range slugs {
			f.aliases[lang+"/"+other] = sl
		}
	}
	return f
}

func TestSlugsPerLanguage(t *testing.T) {
	s := newTestSite(t, newSlugFake(), nil)
	h := s.Handler()
	ar := "/ar/a/" + url.PathEscape("1-الميناء-ينمو")
	w := get(t, h, "/es/a/1-el-puerto-crece")
	if w.Code != 200 {
		t.Fatalf("es: %d", w.Code)
	}
	body := w.Body.String()
	mustContain(t, body,
		`<link rel="canonical" href="https://news.example/es/a/1-el-puerto-crece">`,
		`<link rel="alternate" hreflang="en" href="https://news.example/en/a/1-the-port-grows">`,
		`<link rel="alternate" hreflang="ar" href="https://news.example`+ar+`">`,
		`<link rel="alternate" hreflang="x-default" href="https://news.example/en/a/1-the-port-grows">`,
		`<a href="/en/a/1-the-port-grows" hreflang="en"`,
		`action="/es/a/1-el-puerto-crece/comments"`,
		`"url":"https://news.example/es/a/1-el-puerto-crece"`,
	)
	mustNotContain(t, body, "/a/puerto")

	// The old slug and the bare id answer 301 with the current URL, the
	// query kept.
	for path, want := range map[string]string{
		"/en/a/puerto":                 "https://news.example/en/a/1-the-port-grows",
		"/en/a/1":                      "https://news.example/en/a/1-the-port-grows",
		"/ar/a/puerto":                 "https://news.example" + ar,
		"/es/a/puerto?comment=pending": "https://news.example/es/a/1-el-puerto-crece?comment=pending",
	} {
		w := get(t, h, path)
		if w.Code != 301 || w.Header().Get("Location") != want {
			t.Errorf("%s: %d to %q, want 301 to %q", path, w.Code, w.Header().Get("Location"), want)
		}
	}
	if w := get(t, h, "/en/a/2-el-puerto-crece"); w.Code != 404 {
		t.Errorf("an unknown slug: %d", w.Code)
	}

	// Lists, feeds, sitemaps and the static paths use each language's slug.
	mustContain(t, get(t, h, "/en/").Body.String(), `href="/en/a/1-the-port-grows"`)
	mustContain(t, get(t, h, "/en/feed.rss").Body.String(), "<link>https://news.example/en/a/1-the-port-grows</link>")
	mustContain(t, get(t, h, "/es/sitemap.xml").Body.String(),
		"<loc>https://news.example/es/a/1-el-puerto-crece</loc>",
		`hreflang="en" href="https://news.example/en/a/1-the-port-grows"`)
	mustContain(t, get(t, h, "/news-sitemap.xml").Body.String(),
		"<loc>https://news.example/en/a/1-the-port-grows</loc>", "<loc>https://news.example/es/a/1-el-puerto-crece</loc>")
	paths, err := s.PublicPaths(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range []string{"/en/a/1-the-port-grows", "/es/a/1-el-puerto-crece", "/ar/a/1-الميناء-ينمو"} {
		if !slices.Contains(paths, p) {
			t.Errorf("PublicPaths lacks %s", p)
		}
	}
	if slices.Contains(paths, "/en/a/puerto") {
		t.Error("PublicPaths lists an old slug")
	}
}
