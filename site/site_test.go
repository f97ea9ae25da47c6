package site

import (
	"bytes"
	"compress/gzip"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	xhtml "golang.org/x/net/html"

	"newsbridge/model"
	"newsbridge/search"
)

func TestRoutes(t *testing.T) {
	s := newTestSite(t, newFake(), nil)
	h := s.Handler()
	tests := []struct {
		path   string
		status int
		want   string
	}{
		{"/es/", 200, "Últimas noticias"},
		{"/en/", 200, "The port grows"},
		{"/es/economia/", 200, "El puerto crece"},
		{"/es/deportes/?page=2", 200, "Noticia"},
		{"/es/a/puerto", 200, "El puerto crece"},
		{"/ar/a/puerto", 200, "الميناء ينمو"},
		{"/es", 301, ""},
		{"/es/economia", 301, ""},
		{"/es/nada", 404, ""},
		{"/es/a", 404, ""},
		{"/es/a/", 404, ""},
		{"/es/a/puerto/comments", 404, ""},
		{"/es/a/nada", 404, "Página no encontrada"},
		{"/es/nada/", 404, "Página no encontrada"},
		{"/en/a/nothing", 404, "Page not found"},
		{"/xx/", 404, "Página no encontrada"}, // unknown prefix: default language
		{"/xx/a/puerto", 404, "Página no encontrada"},
		{"/gl/", 404, "Página no encontrada"}, // disabled language
		{"/nb/a/puerto", 404, "Fant ikke siden"},
		{"/es/a/puerto/extra", 404, ""},
		{"/static/site.00000.css", 404, ""},
		{s.cssPath, 200, "margin-inline"},
	}
	for _, tt := range tests {
		w := get(t, h, tt.path)
		if w.Code != tt.status {
			t.Errorf("GET %s = %d, want %d", tt.path, w.Code, tt.status)
			continue
		}
		if tt.want != "" && !strings.Contains(w.Body.String(), tt.want) {
			t.Errorf("GET %s: body lacks %q", tt.path, tt.want)
		}
		if tt.status != 301 && w.Header().Get("Content-Security-Policy") == "" {
			t.Errorf("GET %s: no CSP header", tt.path)
		}
	}
}

func TestAcceptLanguageRedirect(t *testing.T) {
	s := newTestSite(t, newFake(), nil)
	tests := []struct{ accept, want string }{
		{"", "/es/"},
		{"en-US,en;q=0.9", "/en/"},
		{"ar-EG", "/ar/"},
		{"fr-FR, en;q=0.5", "/en/"},
		{"nn-NO", "/nb/"},          // Nynorsk readers are sent to Bokmål
		{"gl", "/es/"},             // disabled language
		{"de", "/es/"},             // no match: default
		{"!!garbage;;", "/es/"},    // unparsable
		{"es-u-rg-mxzzzz", "/es/"}, // extensions do not confuse the index
	}
	for _, tt := range tests {
		w := get(t, s.Handler(), "/", "Accept-Language", tt.accept)
		if w.Code != http.StatusFound || w.Header().Get("Location") != tt.want {
			t.Errorf("Accept-Language %q: %d %q, want 302 %q", tt.accept, w.Code, w.Header().Get("Location"), tt.want)
		}
		if w.Header().Get("Vary") != "Accept-Language" {
			t.Errorf("Accept-Language %q: Vary = %q", tt.accept, w.Header().Get("Vary"))
		}
	}
}

func TestRTL(t *testing.T) {
	s := newTestSite(t, newFake(), nil)
	body := get(t, s.Handler(), "/ar/a/puerto").Body.String()
	mustContain(t, body, `<html lang="ar" dir="rtl">`, "ترجمة آلية من الإنجليزية")
	body = get(t, s.Handler(), "/es/a/puerto").Body.String()
	mustContain(t, body, `<html lang="es" dir="ltr">`)
	// The switcher marks each language's name with its own lang and dir.
	mustContain(t, body, `hreflang="ar" lang="ar" dir="rtl">العربية</a>`)
}

func TestArticleLinks(t *testing.T) {
	s := newTestSite(t, newFake(), nil)
	body := get(t, s.Handler(), "/es/a/puerto").Body.String()
	mustContain(t, body,
		`<link rel="canonical" href="https://news.example/es/a/puerto">`,
		`<link rel="alternate" hreflang="es" href="https://news.example/es/a/puerto">`,
		`<link rel="alternate" hreflang="en" href="https://news.example/en/a/puerto">`,
		`<link rel="alternate" hreflang="ar" href="https://news.example/ar/a/puerto">`,
		// x-default is the source language's version.
		`<link rel="alternate" hreflang="x-default" href="https://news.example/en/a/puerto">`,
		`<link rel="alternate" type="application/rss+xml"`,
		// The switcher stays on the article.
		`<a href="/en/a/puerto" hreflang="en" lang="en" dir="ltr">English</a>`,
		`aria-current="page">Español</a>`,
		`<meta property="og:title" content="El puerto crece">`,
		`<meta name="twitter:card" content="summary_large_image">`,
		`<time datetime="2026-04-05T10:30:00Z">5 de abril de 2026</time>`,
	)
	// Not published in nb: no link to it from the article.
	mustNotContain(t, body, `hreflang="nb"`)
}

func TestBlocksAndLead(t *testing.T) {
	s := newTestSite(t, newFake(), nil)
	body := get(t, s.Handler(), "/es/a/puerto").Body.String()
	mustContain(t, body,
		`<p class="lead">El lead del artículo.</p>`,
		`<p>Primer <a href="https://example.org/x" rel="nofollow noopener">párrafo</a> <em>importante</em>.</p>`,
		`<h2>Subtítulo</h2>`,
		`<blockquote><p>Una cita.</p></blockquote>`,
		`<ul><li>uno</li><li>dos</li></ul>`,
		`<ol><li>primero</li></ol>`,
		`<figure><img src="/media/0123456789abcdef0123456789abcdef-640.jpg" srcset="/media/0123456789abcdef0123456789abcdef-320.jpg 320w, /media/0123456789abcdef0123456789abcdef-640.jpg 640w, /media/0123456789abcdef0123456789abcdef-1024.jpg 1024w" sizes="(min-width: 46rem) 44rem, calc(100vw - 2rem)" alt="El puerto" width="1024" height="768" loading="lazy" decoding="async"><figcaption>El puerto al alba <span class="credit">Foto: Ana</span></figcaption></figure>`,
	)
	// The lead is a field: the body paragraph repeating it is dropped.
	mustNotContain(t, body, "<p>El lead del artículo.</p>")
	// The figure's image is the story's image: no second hero copy.
	if n := strings.Count(body, `<img `); n != 1 {
		t.Errorf("%d images, want 1", n)
	}
}

func TestNoticeOnlyWhenTranslated(t *testing.T) {
	s := newTestSite(t, newFake(), nil)
	es := get(t, s.Handler(), "/es/a/puerto").Body.String()
	mustContain(t, es, `<p class="notice">Traducido automáticamente del inglés — original en <a href="https://harbour.example/news/port" rel="nofollow" hreflang="en" lang="en">The Harbour Times</a></p>`)
	en := get(t, s.Handler(), "/en/a/puerto").Body.String()
	mustNotContain(t, en, `class="notice"`, "Machine-translated")
	mustContain(t, en, `Original at <a href="https://harbour.example/news/port" rel="nofollow" hreflang="en" lang="en">The Harbour Times</a>`)
}

// TestNoticeSaysWhoTranslated: a translation typed by the editors, a
// machine translation they approved, and one they corrected in part each
// say so, in the page's language; a machine's alone says machine.
func TestNoticeSaysWhoTranslated(t *testing.T) {
	for _, c := range []struct {
		name       string
		set        func(*model.Story)
		es, ar, nb string
	}{
		{"machine", func(*model.Story) {}, "Traducido automáticamente del inglés —", "ترجمة آلية من", "Maskinoversatt fra"},
		{"edited", func(s *model.Story) { s.Edited = true }, "Traducido automáticamente del inglés, con correcciones de nuestra redacción —", "صحّح محررونا أجزاء منها", "med rettelser fra redaksjonen"},
		{"approved", func(s *model.Story) { s.Edited, s.Approved = true, true }, "Traducido automáticamente del inglés y revisado por nuestra redacción —", "راجعها محررونا", "gjennomgått av redaksjonen"},
		{"by editors", func(s *model.Story) { s.Engine, s.Route, s.Edited = model.OriginEditor, model.OriginEditor, true }, "Traducido del inglés por nuestra redacción —", "ترجمها محررونا من", "Oversatt fra engelsk av redaksjonen"},
	} {
		t.Run(c.name, func(t *testing.T) {
			f := newFake()
			for _, l := range []string{"es", "ar"} {
				c.set(&f.stories[l][0])
			}
			nb := f.stories["es"][0]
			nb.Lang, nb.Title = "nb", "Havnen vokser"
			c.set(&nb)
			f.stories["nb"] = []model.Story{nb}
			s := newTestSite(t, f, nil)
			for lang, want := range map[string]string{"es": c.es, "ar": c.ar, "nb": c.nb} {
				body := get(t, s.Handler(), "/"+lang+"/a/puerto").Body.String()
				mustContain(t, body, want)
				if c.name == "by editors" {
					mustNotContain(t, body, "automáticamente", "آلية", "Maskin")
				}
			}
		})
	}
}

func TestListPages(t *testing.T) {
	s := newTestSite(t, newFake(), nil)
	body := get(t, s.Handler(), "/es/").Body.String()
	mustContain(t, body,
		`<a href="/es/a/puerto" rel="bookmark">El puerto crece</a>`,
		`<span class="count">Comentarios: 2</span>`,
		"Página 1 de 2",
		`<a href="/es/?page=2" rel="next">`,
		`<link rel="alternate" hreflang="x-default" href="https://news.example/">`,
		`<link rel="alternate" hreflang="nb" href="https://news.example/nb/">`,
	)
	if n := strings.Count(body, `rel="bookmark"`); n != 20 {
		t.Errorf("%d bookmark links on page 1, want 20", n)
	}
	body = get(t, s.Handler(), "/es/?page=2").Body.String()
	mustContain(t, body, "Página 2 de 2", `<a href="/es/" rel="prev">`, `<link rel="canonical" href="https://news.example/es/?page=2">`)
	// Category pages link the category only in languages that have it.
	body = get(t, s.Handler(), "/es/economia/").Body.String()
	mustContain(t, body, `hreflang="ar" href="https://news.example/ar/economia/"`)
	mustNotContain(t, body, `hreflang="nb" href="https://news.example/nb/economia/"`)
}

func TestPagingEdges(t *testing.T) {
	s := newTestSite(t, newFake(), nil)
	for _, q := range []string{"-1", "0", "3", "1000000000000", "abc", "1.5", "01", "99999999999999999999999"} {
		w := get(t, s.Handler(), "/es/?page="+q)
		if w.Code != http.StatusNotFound {
			t.Errorf("page=%s: %d, want 404", q, w.Code)
		}
	}
	// Non-canonical forms are redirected to the canonical URL.
	for q, to := range map[string]string{"": "/es/", "1": "/es/", "2&page=3": "/es/?page=2"} {
		w := get(t, s.Handler(), "/es/?page="+q)
		if w.Code != http.StatusMovedPermanently || w.Header().Get("Location") != "https://news.example"+to {
			t.Errorf("page=%s: %d %q, want 301 to %s", q, w.Code, w.Header().Get("Location"), to)
		}
	}
	if w := get(t, s.Handler(), "/es/?page=2"); w.Code != 200 {
		t.Errorf("page=2: %d, want 200", w.Code)
	}
	// An empty language still has a first page.
	if w := get(t, s.Handler(), "/nb/"); w.Code != 200 {
		t.Errorf("empty list: %d", w.Code)
	}
	if w := get(t, s.Handler(), "/nb/?page=2"); w.Code != 404 {
		t.Errorf("empty list page 2: %d", w.Code)
	}
}

func TestCacheETagAndGzip(t *testing.T) {
	f := newFake()
	s := newTestSite(t, f, nil)
	h := s.Handler()
	w1 := get(t, h, "/es/a/puerto")
	etag := w1.Header().Get("ETag")
	if etag == "" || !strings.HasPrefix(etag, `"`) {
		t.Fatalf("no strong ETag: %q", etag)
	}
	if w1.Header().Get("Vary") != "Accept-Encoding" || w1.Header().Get("Cache-Control") == "" {
		t.Errorf("headers: %v", w1.Header())
	}
	calls := f.calls
	w2 := get(t, h, "/es/a/puerto")
	if f.calls != calls {
		t.Error("second request reached the backend: not cached")
	}
	if !bytes.Equal(w1.Body.Bytes(), w2.Body.Bytes()) || w2.Header().Get("ETag") != etag {
		t.Error("cached response differs from the first")
	}
	if w := get(t, h, "/es/a/puerto", "If-None-Match", etag); w.Code != http.StatusNotModified || w.Body.Len() != 0 {
		t.Errorf("If-None-Match: %d, %d bytes", w.Code, w.Body.Len())
	}
	if w := get(t, h, "/es/a/puerto", "If-None-Match", `"other", W/`+etag); w.Code != http.StatusNotModified {
		t.Errorf("If-None-Match list with weak tag: %d", w.Code)
	}
	if w := get(t, h, "/es/a/puerto", "If-None-Match", `"other"`); w.Code != 200 {
		t.Errorf("non-matching If-None-Match: %d", w.Code)
	}
	wz := get(t, h, "/es/a/puerto", "Accept-Encoding", "br, gzip")
	if wz.Header().Get("Content-Encoding") != "gzip" || wz.Header().Get("ETag") == etag {
		t.Fatalf("gzip: encoding %q etag %q", wz.Header().Get("Content-Encoding"), wz.Header().Get("ETag"))
	}
	zr, err := gzip.NewReader(wz.Body)
	if err != nil {
		t.Fatal(err)
	}
	plain, _ := io.ReadAll(zr)
	if !bytes.Equal(plain, w1.Body.Bytes()) {
		t.Error("gzipped body differs from the plain one")
	}
	if w := get(t, h, "/es/a/puerto", "Accept-Encoding", "gzip;q=0"); w.Header().Get("Content-Encoding") != "" {
		t.Error("gzip;q=0 still got gzip")
	}
	// Invalidate drops the cache: the backend is asked again.
	s.Invalidate()
	get(t, h, "/es/a/puerto")
	if f.calls == calls {
		t.Error("Invalidate did not drop the cached page")
	}
	// HEAD gets headers only.
	r := httptest.NewRequest("HEAD", "/es/a/puerto", nil)
	w := httptest.NewRecorder()
	h.ServeHTTP(w, r)
	if w.Code != 200 || w.Body.Len() != 0 || w.Header().Get("Content-Length") == "" {
		t.Errorf("HEAD: %d, %d bytes, length %q", w.Code, w.Body.Len(), w.Header().Get("Content-Length"))
	}
}

func TestStaticCaching(t *testing.T) {
	s := newTestSite(t, newFake(), nil)
	w := get(t, s.Handler(), s.cssPath)
	if !strings.Contains(w.Header().Get("Cache-Control"), "immutable") || !strings.HasPrefix(w.Header().Get("Content-Type"), "text/css") {
		t.Errorf("static headers: %v", w.Header())
	}
	if !regexp.MustCompile(`^/static/site\.[0-9a-f]{10}\.css$`).MatchString(s.cssPath) {
		t.Errorf("css path %q has no content hash", s.cssPath)
	}
}

func postComment(t *testing.T, h http.Handler, path string, form url.Values, ip string) *httptest.ResponseRecorder {
	t.Helper()
	r := httptest.NewRequest("POST", path, strings.NewReader(form.Encode()))
	r.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	r.RemoteAddr = ip + ":1234"
	w := httptest.NewRecorder()
	h.ServeHTTP(w, r)
	return w
}

func TestCommentPending(t *testing.T) {
	f := newFake()
	s := newTestSite(t, f, nil)
	h := s.Handler()
	w := postComment(t, h, "/es/a/puerto/comments", url.Values{"name": {"Lu"}, "body": {"<script>alert(1)</script> hola"}}, "10.0.0.1")
	if w.Code != http.StatusSeeOther || w.Header().Get("Location") != "/es/a/puerto?comment=pending#comment-status" {
		t.Fatalf("post: %d %q", w.Code, w.Header().Get("Location"))
	}
	if len(f.comments) != 1 || f.comments[0].Status != model.CommentPending || f.comments[0].Lang != "es" ||
		f.comments[0].ArticleID != 1 || f.comments[0].IPHash == "" || strings.Contains(f.comments[0].IPHash, "10.0.0.1") {
		t.Fatalf("stored: %+v", f.comments)
	}
	body := get(t, h, "/es/a/puerto?comment=pending").Body.String()
	mustContain(t, body, "Su comentario está pendiente de moderación", "Comentarios (0)")
	mustNotContain(t, body, "alert(1)")
	// Once approved (and the cache invalidated), it shows, escaped.
	f.comments[0].Status = model.CommentApproved
	s.Invalidate()
	body = get(t, h, "/es/a/puerto").Body.String()
	mustContain(t, body, "&lt;script&gt;alert(1)&lt;/script&gt; hola", "Comentarios (1)")
	mustNotContain(t, body, "<script>alert(1)")
}

func TestCommentRejects(t *testing.T) {
	f := newFake()
	s := newTestSite(t, f, func(c *Config) { c.CommentLimit = 3 })
	h := s.Handler()
	ok := url.Values{"name": {"Lu"}, "body": {"hola"}}
	// Honeypot: looks accepted, stores nothing, does not count.
	w := postComment(t, h, "/es/a/puerto/comments", url.Values{"name": {"Bot"}, "body": {"buy"}, "website": {"http://spam"}}, "10.0.0.2")
	if w.Code != http.StatusSeeOther || len(f.comments) != 0 {
		t.Fatalf("honeypot: %d, %d stored", w.Code, len(f.comments))
	}
	tests := []struct {
		form   url.Values
		status int
	}{
		{url.Values{"name": {""}, "body": {"x"}}, 400},
		{url.Values{"name": {"Lu"}, "body": {"  \n "}}, 400},
		{url.Values{"name": {"Lu"}, "body": {strings.Repeat("é", 5001)}}, 413},
	}
	for i, tt := range tests {
		if w := postComment(t, h, "/es/a/puerto/comments", tt.form, "10.0.1.1"); w.Code != tt.status {
			t.Errorf("case %d: %d, want %d", i, w.Code, tt.status)
		}
	}
	if w := postComment(t, h, "/es/a/nada/comments", ok, "10.0.2.1"); w.Code != 404 {
		t.Errorf("unknown article: %d", w.Code)
	}
	// Rate limit: 3 a minute per address; another address is unaffected.
	for i := 0; i < 3; i++ {
		if w := postComment(t, h, "/es/a/puerto/comments", ok, "10.0.0.3"); w.Code != http.StatusSeeOther {
			t.Fatalf("post %d: %d", i, w.Code)
		}
	}
	if w := postComment(t, h, "/es/a/puerto/comments", ok, "10.0.0.3"); w.Code != http.StatusTooManyRequests {
		t.Errorf("4th post: %d, want 429", w.Code)
	}
	if w := postComment(t, h, "/es/a/puerto/comments", ok, "10.0.0.4"); w.Code != http.StatusSeeOther {
		t.Errorf("other address: %d", w.Code)
	}
	if len(f.comments) != 4 {
		t.Errorf("%d comments stored, want 4", len(f.comments))
	}
}

func TestEscaping(t *testing.T) {
	f := newFake()
	evil := `</script><script>alert("x")</script><img src=x onerror=alert(1)>`
	st := f.stories["es"][0]
	st.Title = "T " + evil
	st.Lead = "L " + evil
	st.Byline = evil
	st.Category = model.Category{Slug: "economia", Name: evil}
	st.Blocks = []model.Block{
		{Type: model.BlockParagraph, Text: "P " + evil},
		{Type: model.BlockParagraph, Text: "x", HTML: `ok <a href="javascript:alert(1)">js</a> <b onclick="alert(1)">b</b><script>alert(2)</script><iframe src="https://e.vil"></iframe>`},
		{Type: model.BlockFigure, Src: "javascript:alert(1)", Caption: "bad"},
		{Type: model.BlockFigure, Src: "https://img.example/x.jpg", Alt: `" onload="alert(1)`, Caption: evil},
	}
	st.OriginalURL = "javascript:alert(1)"
	st.SourceName = evil
	f.stories["es"][0] = st
	s := newTestSite(t, f, nil)
	body := get(t, s.Handler(), "/es/a/puerto").Body.String()
	mustNotContain(t, body, "<script>alert", "<img src=x onerror=", "javascript:", `onclick`, "<iframe", `" onload="`)
	mustContain(t, body, `ok js <b>b</b>`, "&lt;img src=x onerror=alert(1)&gt;")
	// JSON-LD: <, > and & are escaped as \u003c etc., so the script
	// element cannot be closed from inside.
	m := regexp.MustCompile(`(?s)<script type="application/ld\+json">(.*?)</script>`).FindStringSubmatch(body)
	if m == nil {
		t.Fatal("no JSON-LD")
	}
	if strings.ContainsAny(m[1], "<>") {
		t.Errorf("JSON-LD has raw < or >: %s", m[1])
	}
	var ld map[string]any
	if err := json.Unmarshal([]byte(m[1]), &ld); err != nil {
		t.Fatalf("JSON-LD does not parse: %v", err)
	}
	if ld["headline"] != clip(st.Title, 110) || ld["@type"] != "NewsArticle" || ld["inLanguage"] != "es" {
		t.Errorf("JSON-LD: %v", ld)
	}
	// Exactly one script element in the page: the JSON-LD.
	if n := strings.Count(body, "<script"); n != 1 {
		t.Errorf("%d <script elements", n)
	}
	// List pages escape titles too.
	body = get(t, s.Handler(), "/es/").Body.String()
	mustNotContain(t, body, "<script>alert")
}

func TestJSONLDTranslation(t *testing.T) {
	s := newTestSite(t, newFake(), nil)
	body := get(t, s.Handler(), "/es/a/puerto").Body.String()
	m := regexp.MustCompile(`(?s)<script type="application/ld\+json">(.*?)</script>`).FindStringSubmatch(body)
	var ld struct {
		DatePublished, DateModified, InLanguage, IsBasedOn string
		Image                                              []string
		Author                                             []struct{ Name string }
		TranslationOfWork                                  struct {
			ID string `json:"@id"`
		}
	}
	if m == nil || json.Unmarshal([]byte(m[1]), &ld) != nil {
		t.Fatal("no JSON-LD")
	}
	if ld.IsBasedOn != "https://harbour.example/news/port" || ld.TranslationOfWork.ID != ld.IsBasedOn ||
		ld.DatePublished != "2026-04-05T10:30:00Z" || ld.DateModified != "2026-04-05T11:30:00Z" ||
		len(ld.Author) != 1 || ld.Author[0].Name != "Ana Pérez" || len(ld.Image) != 1 || ld.InLanguage != "es" {
		t.Errorf("JSON-LD: %+v", ld)
	}
	// The source-language page is not a translation.
	body = get(t, s.Handler(), "/en/a/puerto").Body.String()
	mustNotContain(t, body, "translationOfWork")
}

// TestDocumentStructure checks what the HTML checkers in CI check first:
// one h1, landmarks, labelled inputs, unique ids, a skip link to #main.
func TestDocumentStructure(t *testing.T) {
	s := newTestSite(t, newFake(), nil)
	for _, path := range []string{"/es/", "/es/a/puerto", "/ar/a/puerto", "/es/economia/", "/es/nada/", "/es/a/puerto?comment=pending"} {
		body := get(t, s.Handler(), path).Body.String()
		doc, err := xhtml.Parse(strings.NewReader(body))
		if err != nil {
			t.Fatal(err)
		}
		ids := map[string]bool{}
		labels := map[string]bool{}
		var inputs []string
		counts := map[string]int{}
		var walk func(n *xhtml.Node)
		walk = func(n *xhtml.Node) {
			if n.Type == xhtml.ElementNode {
				counts[n.Data]++
				for _, a := range n.Attr {
					if a.Key == "id" {
						if ids[a.Val] {
							t.Errorf("%s: duplicate id %q", path, a.Val)
						}
						ids[a.Val] = true
					}
					if a.Key == "for" && n.Data == "label" {
						labels[a.Val] = true
					}
				}
				if n.Data == "input" || n.Data == "textarea" || n.Data == "select" {
					for _, a := range n.Attr {
						if a.Key == "id" {
							inputs = append(inputs, a.Val)
						}
					}
				}
				if n.Data == "img" {
					has := false
					for _, a := range n.Attr {
						has = has || a.Key == "alt"
					}
					if !has {
						t.Errorf("%s: img without alt", path)
					}
				}
			}
			for c := n.FirstChild; c != nil; c = c.NextSibling {
				walk(c)
			}
		}
		walk(doc)
		if counts["h1"] != 1 {
			t.Errorf("%s: %d h1", path, counts["h1"])
		}
		for _, l := range []string{"header", "main", "footer", "nav"} {
			if counts[l] == 0 {
				t.Errorf("%s: no <%s>", path, l)
			}
		}
		if counts["main"] != 1 {
			t.Errorf("%s: %d main", path, counts["main"])
		}
		for _, id := range inputs {
			if !labels[id] {
				t.Errorf("%s: input %q has no label", path, id)
			}
		}
		mustContain(t, body, `<a class="skip" href="#main">`, `<main id="main"`)
	}
}

func TestNewErrors(t *testing.T) {
	f := newFake()
	bad := []Config{
		{BaseURL: "news.example", Languages: testLangs, DefaultLang: "es", Backend: f}, // not absolute
		{Languages: testLangs, DefaultLang: "gl", Backend: f},                          // disabled
		{Languages: testLangs, DefaultLang: "fr", Backend: f},                          // missing
		{Languages: testLangs, DefaultLang: "es"},                                      // no backend
		{Languages: []model.Language{{Tag: "es", Prefix: "x", Enabled: true}, {Tag: "en", Prefix: "x", Enabled: true}}, DefaultLang: "es", Backend: f},
		{Languages: []model.Language{{Tag: "not a tag!", Enabled: true}}, DefaultLang: "not a tag!", Backend: f},
	}
	for i, c := range bad {
		if c.BaseURL == "" {
			c.BaseURL = "https://news.example"
		}
		if _, err := New(c); err == nil {
			t.Errorf("config %d: no error", i)
		}
	}
}

// TestDumpPages writes sample pages to $NEWSBRIDGE_SITE_DUMP, for the HTML
// checker and axe-core (they run outside Go); it is skipped otherwise.
func TestDumpPages(t *testing.T) {
	dir := os.Getenv("NEWSBRIDGE_SITE_DUMP")
	if dir == "" {
		t.Skip("NEWSBRIDGE_SITE_DUMP not set")
	}
	idx, err := search.OpenMem()
	if err != nil {
		t.Fatal(err)
	}
	defer idx.Close()
	if err := idx.Put(search.Doc{ArticleID: 1, Lang: "es", Slug: "puerto", Title: "El puerto crece", Body: "puerto", Published: t0}); err != nil {
		t.Fatal(err)
	}
	f := newFake()
	f.comments = append(f.comments, model.Comment{ID: 7, ArticleID: 1, Lang: "es", Author: "Lu", Body: "Hola\nadiós", Status: model.CommentApproved, CreatedAt: t0})
	s := newTestSite(t, f, func(c *Config) { c.Search = idx })
	for _, p := range []string{"/es/", "/es/?page=2", "/es/economia/", "/es/a/puerto", "/es/a/puerto?comment=pending",
		"/ar/", "/ar/a/puerto", "/en/a/puerto", "/nb/", "/es/search", "/es/search?q=puerto", "/es/search?q=zzzz",
		"/es/nada/", "/xx/", "/es/author/ana-perez/", "/ar/author/ana-perez/"} {
		w := get(t, s.Handler(), p)
		name := strings.NewReplacer("/", "_", "?", "_", "=", "_", "&", "_").Replace(strings.Trim(p, "/")) + ".html"
		if err := os.WriteFile(filepath.Join(dir, name), w.Body.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

func TestHeadingLevels(t *testing.T) {
	tests := []struct{ in, want []int }{
		{[]int{3}, []int{2}},
		{[]int{3, 5, 3, 4, 2}, []int{2, 3, 3, 4, 2}},
		{[]int{2, 4, 6}, []int{2, 3, 4}},
		{[]int{0, 1, 9}, []int{2, 2, 3}},
		{[]int{4, 4, 5}, []int{2, 2, 3}},
	}
	for _, tt := range tests {
		var blocks []model.Block
		for _, l := range tt.in {
			blocks = append(blocks, model.Block{Type: model.BlockHeading, Text: "h", Level: l})
		}
		var got []int
		for _, b := range viewBlocks(blocks, "", nil) {
			got = append(got, int(b.Kind[1]-'0'))
		}
		if fmt.Sprint(got) != fmt.Sprint(tt.want) {
			t.Errorf("levels %v → %v, want %v", tt.in, got, tt.want)
		}
	}
}

// failingBackend fails every call with a driver-ish error.
type failingBackend struct{ fakeBackend }

func (*failingBackend) Stories(context.Context, string, string, int, int) ([]model.Story, int, error) {
	return nil, 0, errors.New("db: connection refused at 10.1.2.3")
}

func (*failingBackend) StoriesBy(context.Context, string, model.StoryFilter, int, int) ([]model.Story, int, error) {
	return nil, 0, errors.New("db: connection refused at 10.1.2.3")
}

func (*failingBackend) Story(context.Context, string, string) (*model.Story, error) {
	return nil, errors.New("db: connection refused at 10.1.2.3")
}

func TestBackendErrors(t *testing.T) {
	s := newTestSite(t, &failingBackend{}, nil)
	for _, p := range []string{"/es/", "/ar/a/puerto", "/es/feed.rss", "/es/sitemap.xml"} {
		w := get(t, s.Handler(), p)
		if w.Code != http.StatusInternalServerError {
			t.Errorf("%s: %d, want 500", p, w.Code)
		}
		body := w.Body.String()
		mustNotContain(t, body, "10.1.2.3", "connection refused")
		if w.Header().Get("Cache-Control") != "no-store" {
			t.Errorf("%s: error cached: %q", p, w.Header().Get("Cache-Control"))
		}
	}
	// The error page speaks the reader's language.
	mustContain(t, get(t, s.Handler(), "/ar/a/puerto").Body.String(), "حدث خطأ", `dir="rtl"`)
	// Errors are not cached: a recovered backend is used at once.
	s.cfg.Backend = newFake()
	if w := get(t, s.Handler(), "/es/"); w.Code != 200 {
		t.Errorf("after recovery: %d", w.Code)
	}
}

// slowBackend blocks Story until release is closed and counts the calls.
type slowBackend struct {
	*fakeBackend
	release chan struct{}
	calls   atomic.Int32
}

func (b *slowBackend) Story(ctx context.Context, lang, slug string) (*model.Story, error) {
	b.calls.Add(1)
	<-b.release
	return b.fakeBackend.Story(ctx, lang, slug)
}

// TestRenderOnce: readers arriving while a page is being rendered wait for
// that render instead of each querying the backend.
func TestRenderOnce(t *testing.T) {
	b := &slowBackend{fakeBackend: newFake(), release: make(chan struct{})}
	s := newTestSite(t, b, nil)
	const n = 20
	codes := make(chan int, n)
	for i := 0; i < n; i++ {
		go func() { codes <- get(t, s.Handler(), "/es/a/puerto").Code }()
	}
	// Let every request reach the site before the render finishes.
	for deadline := time.Now().Add(2 * time.Second); b.calls.Load() == 0 && time.Now().Before(deadline); {
		time.Sleep(time.Millisecond)
	}
	time.Sleep(50 * time.Millisecond)
	close(b.release)
	for i := 0; i < n; i++ {
		if c := <-codes; c != 200 {
			t.Errorf("status %d", c)
		}
	}
	if c := b.calls.Load(); c != 1 {
		t.Errorf("backend asked %d times for one page, want 1", c)
	}
	// A 404 is not cached: waiters render their own answer, and all get it.
	b2 := &slowBackend{fakeBackend: newFake(), release: make(chan struct{})}
	close(b2.release)
	s2 := newTestSite(t, b2, nil)
	for i := 0; i < 3; i++ {
		if c := get(t, s2.Handler(), "/es/a/nada").Code; c != 404 {
			t.Errorf("404 page: %d", c)
		}
	}
}

// TestMissingFields: a story with no date, byline, category, lead or image
// still renders valid markup (no empty datetime, no empty paragraphs).
func TestMissingFields(t *testing.T) {
	f := newFake()
	f.stories["es"] = []model.Story{{ArticleID: 1, Lang: "es", Slug: "x", Title: "Solo título", Langs: []string{"es"}}}
	s := newTestSite(t, f, nil)
	for _, p := range []string{"/es/a/x", "/es/"} {
		w := get(t, s.Handler(), p)
		if w.Code != 200 {
			t.Fatalf("%s: %d", p, w.Code)
		}
		mustNotContain(t, w.Body.String(), `datetime=""`, `<p class="lead">`, `<p></p>`, `<p class="meta"></p>`, `<img`, `class="notice"`)
	}
}
