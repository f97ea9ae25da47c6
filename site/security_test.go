package site

import (
	"encoding/json"
	"encoding/xml"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"

	"newsbridge/model"
)

// Unknown query parameters never create cache entries: a flood of
// /es/?x=N (or /es/sitemap.xml?x=N) is redirected to the canonical page,
// which is rendered once.
func TestQueryFloodCreatesNoCacheEntries(t *testing.T) {
	f := newFake()
	s := newTestSite(t, f, nil)
	h := s.Handler()
	for _, p := range []string{"/es/", "/es/sitemap.xml", "/es/a/puerto", "/es/feed.rss", "/robots.txt", "/sitemap.xml"} {
		if w := get(t, h, p); w.Code != 200 {
			t.Fatalf("%s: %d", p, w.Code)
		}
	}
	before := s.cache.len()
	for i := 0; i < 200; i++ {
		for _, p := range []string{"/es/?x=%d", "/es/sitemap.xml?x=%d", "/es/a/puerto?utm_source=%d", "/es/feed.rss?%d", "/robots.txt?v=%d", "/es/?page=2&x=%d"} {
			w := get(t, h, fmt.Sprintf(p, i))
			if w.Code != http.StatusMovedPermanently || strings.Contains(w.Header().Get("Location"), "x=") {
				t.Fatalf("%s: %d %q", p, w.Code, w.Header().Get("Location"))
			}
		}
	}
	if after := s.cache.len(); after != before {
		t.Fatalf("the cache grew from %d to %d entries under a query flood", before, after)
	}
	// Search results are served, but never cached.
	for i := 0; i < 20; i++ {
		get(t, h, fmt.Sprintf("/es/search?q=x%d", i))
	}
	if after := s.cache.len(); after != before {
		t.Fatalf("search results were cached: %d → %d", before, after)
	}
}

// A language with more stories than one sitemap file may list (50,000
// URLs) gets a sitemap index of parts, each within the limit, and the root
// index lists the parts.
func TestSitemapSplitsPast50000URLs(t *testing.T) {
	if testing.Short() {
		t.Skip("renders 50,000 sitemap entries")
	}
	f := newFake()
	const n = 50500
	big := make([]model.Story, 0, n)
	for i := 0; i < n; i++ {
		big = append(big, model.Story{ArticleID: int64(1000 + i), Lang: "nb", Slug: fmt.Sprintf("s-%d", i), Title: "T",
			Published: t0.Add(-time.Duration(i) * time.Minute), SourceLang: "nb", Langs: []string{"nb"}})
	}
	f.stories["nb"] = big
	s := newTestSite(t, f, nil)
	h := s.Handler()

	w := get(t, h, "/nb/sitemap.xml")
	var idx struct {
		XMLName  xml.Name
		Sitemaps []struct {
			Loc string `xml:"loc"`
		} `xml:"sitemap"`
	}
	if err := xml.Unmarshal(w.Body.Bytes(), &idx); err != nil || w.Code != 200 {
		t.Fatalf("%d %v", w.Code, err)
	}
	if idx.XMLName.Local != "sitemapindex" || len(idx.Sitemaps) != 2 || idx.Sitemaps[1].Loc != "https://news.example/nb/sitemap.xml?page=2" {
		t.Fatalf("/nb/sitemap.xml is not an index of two parts: %s %+v", idx.XMLName.Local, idx.Sitemaps)
	}
	total := 0
	for _, sm := range idx.Sitemaps {
		u, _ := url.Parse(sm.Loc)
		w := get(t, h, u.RequestURI())
		var set struct {
			XMLName xml.Name
			URLs    []struct {
				Loc string `xml:"loc"`
			} `xml:"url"`
		}
		if err := xml.Unmarshal(w.Body.Bytes(), &set); err != nil || w.Code != 200 || set.XMLName.Local != "urlset" {
			t.Fatalf("%s: %d %v", sm.Loc, w.Code, err)
		}
		if len(set.URLs) > 50000 {
			t.Fatalf("%s has %d URLs", sm.Loc, len(set.URLs))
		}
		total += len(set.URLs)
	}
	if total != n+1 { // the stories and the front page
		t.Fatalf("%d URLs in the parts, want %d", total, n+1)
	}
	if w := get(t, h, "/nb/sitemap.xml?page=3"); w.Code != 404 {
		t.Fatalf("past the last part: %d", w.Code)
	}
	root := get(t, h, "/sitemap.xml").Body.String()
	mustContain(t, root, "https://news.example/nb/sitemap.xml?page=1", "https://news.example/nb/sitemap.xml?page=2", "https://news.example/es/sitemap.xml<")
	// robots.txt names the root index, which reaches every part.
	mustContain(t, get(t, h, "/robots.txt").Body.String(), "Sitemap: https://news.example/sitemap.xml")
}

// The per-address limit counts the comments stored in the backend, so it
// holds across processes (here: two sites sharing one backend and salt).
func TestCommentLimitHoldsAcrossProcesses(t *testing.T) {
	f := newFake()
	a := newTestSite(t, f, func(c *Config) { c.CommentLimit = 2; c.IPSalt = "shared" })
	b := newTestSite(t, f, func(c *Config) { c.CommentLimit = 2; c.IPSalt = "shared" })
	ok := url.Values{"name": {"Lu"}, "body": {"hola"}}
	for i, h := range []http.Handler{a.Handler(), b.Handler()} {
		if w := postComment(t, h, "/es/a/puerto/comments", ok, "192.0.2.1"); w.Code != http.StatusSeeOther {
			t.Fatalf("comment %d: %d", i, w.Code)
		}
	}
	if w := postComment(t, a.Handler(), "/es/a/puerto/comments", ok, "192.0.2.1"); w.Code != http.StatusTooManyRequests {
		t.Fatalf("third comment from one address across two processes: %d", w.Code)
	}
}

// Past the cap on pending comments new ones are refused with a message.
func TestPendingCommentsCap(t *testing.T) {
	f := newFake()
	s := newTestSite(t, f, func(c *Config) { c.MaxPendingComments = 3 })
	for i := 0; i < 3; i++ {
		f.comments = append(f.comments, model.Comment{ID: int64(i + 1), ArticleID: 1, Lang: "es", Status: model.CommentPending, IPHash: "other"})
	}
	w := postComment(t, s.Handler(), "/es/a/puerto/comments", url.Values{"name": {"Lu"}, "body": {"hola"}}, "192.0.2.2")
	if w.Code != http.StatusServiceUnavailable || len(f.comments) != 3 {
		t.Fatalf("over the pending cap: %d, %d stored", w.Code, len(f.comments))
	}
	mustContain(t, w.Body.String(), "pendientes de moderación")
	f.comments[0].Status = model.CommentApproved
	if w := postComment(t, s.Handler(), "/es/a/puerto/comments", url.Values{"name": {"Lu"}, "body": {"hola"}}, "192.0.2.2"); w.Code != http.StatusSeeOther {
		t.Fatalf("under the cap: %d", w.Code)
	}
}

// A comment posted from another site's page is refused; the site's own
// form (same origin, or a client that sends no browser headers) works.
func TestCommentCrossOrigin(t *testing.T) {
	f := newFake()
	s := newTestSite(t, f, nil)
	form := url.Values{"name": {"Lu"}, "body": {"hola"}}.Encode()
	tests := []struct {
		hdr  map[string]string
		want int
	}{
		{map[string]string{"Sec-Fetch-Site": "cross-site"}, http.StatusForbidden},
		{map[string]string{"Origin": "https://evil.example"}, http.StatusForbidden},
		{map[string]string{"Sec-Fetch-Site": "same-origin", "Origin": "https://news.example"}, http.StatusSeeOther},
		{map[string]string{"Origin": "https://news.example"}, http.StatusSeeOther},
		{map[string]string{}, http.StatusSeeOther},
	}
	for i, tt := range tests {
		r := httptest.NewRequest("POST", "/es/a/puerto/comments", strings.NewReader(form))
		r.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		r.RemoteAddr = fmt.Sprintf("192.0.2.%d:1", 10+i)
		for k, v := range tt.hdr {
			r.Header.Set(k, v)
		}
		w := httptest.NewRecorder()
		s.Handler().ServeHTTP(w, r)
		if w.Code != tt.want {
			t.Errorf("%v: %d, want %d", tt.hdr, w.Code, tt.want)
		}
	}
	if len(f.comments) != 3 {
		t.Errorf("%d comments stored, want 3", len(f.comments))
	}
}

// JSON-LD sits in a <script> element: no story text may end it, open an
// HTML comment in it, or break it as a JavaScript string (U+2028/U+2029).
func TestJSONLDSurvivesHostileText(t *testing.T) {
	f := newFake()
	hostile := "</script><script>alert(1)</script> <!-- \u2028\u2029 &"
	for i := range f.stories["es"] {
		if f.stories["es"][i].Slug == "puerto" {
			f.stories["es"][i].Title = hostile
			f.stories["es"][i].Lead = hostile
			f.stories["es"][i].Byline = hostile
		}
	}
	s := newTestSite(t, f, nil)
	body := get(t, s.Handler(), "/es/a/puerto").Body.String()
	start := strings.Index(body, `<script type="application/ld+json">`)
	if start < 0 {
		t.Fatal("no JSON-LD")
	}
	rest := body[start+len(`<script type="application/ld+json">`):]
	end := strings.Index(rest, "</script>")
	ld := rest[:end]
	for _, bad := range []string{"<", ">", "<!--", "\u2028", "\u2029"} {
		if strings.Contains(ld, bad) {
			t.Errorf("JSON-LD holds %q: %s", bad, ld)
		}
	}
	var v struct{ Headline string }
	if err := json.Unmarshal([]byte(ld), &v); err != nil || !strings.HasPrefix(v.Headline, "</script>") {
		t.Fatalf("JSON-LD does not decode to the text: %v %q", err, v.Headline)
	}
}
