package site

import (
	"net/http"
	"net/http/httptest"
	"regexp"
	"strings"
	"testing"

	"golang.org/x/net/html"

	"newsbridge/model"
)

// imgTags returns the attributes of every <img> in a page.
func imgTags(t *testing.T, body string) []map[string]string {
	t.Helper()
	doc, err := html.Parse(strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	var out []map[string]string
	var walk func(*html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.ElementNode && n.Data == "img" {
			attrs := map[string]string{}
			for _, a := range n.Attr {
				attrs[a.Key] = a.Val
			}
			out = append(out, attrs)
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(doc)
	return out
}

var ourMedia = regexp.MustCompile(`^/media/[0-9a-f]{32}-[0-9]+\.(jpg|png)$`)

// TestImagesFromOurOriginOnly: on list and article pages, in LTR and RTL,
// every <img> comes from /media/ with srcset, sizes, width, height, alt,
// lazy loading and async decoding; none names an outlet's host.
func TestImagesFromOurOriginOnly(t *testing.T) {
	s := newTestSite(t, newFake(), nil)
	for _, p := range []string{"/es/", "/es/economia/", "/es/a/puerto", "/ar/", "/ar/a/puerto", "/en/a/puerto"} {
		w := get(t, s.Handler(), p)
		if w.Code != http.StatusOK {
			t.Fatalf("%s: %d", p, w.Code)
		}
		body := w.Body.String()
		if strings.Contains(body, "img.example.org") {
			t.Errorf("%s names the outlet's image host", p)
		}
		imgs := imgTags(t, body)
		if len(imgs) == 0 {
			t.Errorf("%s: no picture", p)
		}
		for _, a := range imgs {
			if !ourMedia.MatchString(a["src"]) {
				t.Errorf("%s: img src %q is not ours", p, a["src"])
			}
			set := strings.Split(a["srcset"], ", ")
			if len(set) != 3 {
				t.Errorf("%s: srcset %q", p, a["srcset"])
			}
			for _, c := range set {
				if u, _, _ := strings.Cut(c, " "); !ourMedia.MatchString(u) {
					t.Errorf("%s: srcset candidate %q is not ours", p, c)
				}
			}
			for _, k := range []string{"sizes", "width", "height", "alt"} {
				if _, ok := a[k]; !ok {
					t.Errorf("%s: img lacks %s: %v", p, k, a)
				}
			}
			if a["loading"] != "lazy" || a["decoding"] != "async" {
				t.Errorf("%s: img %v", p, a)
			}
		}
	}
	// The list's teaser: a thumbnail the size its CSS gives it, alt=""
	// beside the title it would repeat.
	body := get(t, s.Handler(), "/es/").Body.String()
	mustContain(t, body, `<div class="thumb"><img src="/media/0123456789abcdef0123456789abcdef-640.jpg"`, `sizes="8rem" alt=""`)
	// OpenGraph and JSON-LD name our widest variant.
	body = get(t, s.Handler(), "/es/a/puerto").Body.String()
	mustContain(t, body, `<meta property="og:image" content="https://news.example/media/0123456789abcdef0123456789abcdef-1024.jpg">`)
}

// TestUnprocessedImagesAreNotShown: a picture not processed yet (or
// refused) is left out, figure and all; the page is otherwise whole.
func TestUnprocessedImagesAreNotShown(t *testing.T) {
	f := newFake()
	for lang := range f.stories {
		for i := range f.stories[lang] {
			f.stories[lang][i].Images = nil
		}
	}
	s := newTestSite(t, f, nil)
	for _, p := range []string{"/es/", "/es/a/puerto", "/es/feed.rss", "/es/feed.atom", "/es/feed.json"} {
		body := get(t, s.Handler(), p).Body.String()
		mustNotContain(t, body, "img.example.org", "<img", "og:image", "El puerto al alba")
		if !strings.Contains(body, "El puerto crece") {
			t.Errorf("%s lost the story", p)
		}
	}
	// One of two pictures ready: only it is shown.
	f = newFake()
	st := &f.stories["es"][0]
	st.Blocks = append(st.Blocks, model.Block{Type: model.BlockFigure, Src: "https://img.example.org/q.jpg", Alt: "Otra", Caption: "Sin procesar"})
	s = newTestSite(t, f, nil)
	body := get(t, s.Handler(), "/es/a/puerto").Body.String()
	if n := len(imgTags(t, body)); n != 1 {
		t.Errorf("%d pictures, want 1", n)
	}
	mustNotContain(t, body, "Sin procesar", "q.jpg")
}

func TestServeMedia(t *testing.T) {
	s := newTestSite(t, newFake(), nil)
	const name = "/media/0123456789abcdef0123456789abcdef-640.jpg"
	w := get(t, s.Handler(), name)
	if w.Code != http.StatusOK || w.Body.String() != "\xff\xd8\xff\xe0 a JPEG" {
		t.Fatalf("%d %q", w.Code, w.Body.String())
	}
	h := w.Header()
	// The type comes from the name, never from what was stored.
	if h.Get("Content-Type") != "image/jpeg" || h.Get("X-Content-Type-Options") != "nosniff" ||
		h.Get("Cache-Control") != "public, max-age=31536000, immutable" || h.Get("Etag") == "" || h.Get("Content-Encoding") != "" {
		t.Errorf("headers %v", h)
	}
	if w := get(t, s.Handler(), name, "If-None-Match", h.Get("Etag")); w.Code != http.StatusNotModified || w.Body.Len() != 0 {
		t.Errorf("revalidation: %d", w.Code)
	}
	for _, p := range []string{
		"/media/0123456789abcdef0123456789abcdef-320.jpg", // not stored
		"/media/0123456789abcdef0123456789abcdef-640.svg",
		"/media/0123456789ABCDEF0123456789abcdef-640.jpg",
		"/media/../static/x.css",
		"/media/",
		"/media/0123456789abcdef0123456789abcdef-640.jpg/x",
	} {
		if w := get(t, s.Handler(), p); w.Code != http.StatusNotFound {
			t.Errorf("%s: %d, want 404", p, w.Code)
		}
	}
	r := httptest.NewRequest("HEAD", name, nil)
	rec := httptest.NewRecorder()
	s.Handler().ServeHTTP(rec, r)
	if rec.Code != http.StatusOK || rec.Body.Len() != 0 || rec.Header().Get("Content-Length") != "11" {
		t.Errorf("HEAD: %d %d %q", rec.Code, rec.Body.Len(), rec.Header().Get("Content-Length"))
	}
	if got := s.Route(r); got != "GET /media/" {
		t.Errorf("route %q", got)
	}
	// Only our own pictures may load in a page.
	if csp := get(t, s.Handler(), "/es/").Header().Get("Content-Security-Policy"); !strings.Contains(csp, "img-src 'self';") {
		t.Errorf("CSP %q", csp)
	}
}
