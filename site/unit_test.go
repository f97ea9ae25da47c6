package site

import (
	"net/http/httptest"
	"net/netip"
	"strconv"
	"strings"
	"testing"
	"time"

	xhtml "golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

func TestSanitizeInline(t *testing.T) {
	tests := []struct{ in, want string }{
		{"plain & simple", "plain &amp; simple"},
		{`<a href="https://e.org/?a=1&b=2">x</a>`, `<a href="https://e.org/?a=1&amp;b=2" rel="nofollow noopener">x</a>`},
		{`<a href="javascript:alert(1)">x</a>`, `x`},
		{`<a href="JaVaScRiPt:alert(1)">x</a>`, `x`},
		{`<a href="/relative">x</a>`, `x`},
		{`<a href="data:text/html,hi">x</a>`, `x`},
		{`<a href="https://e.org" onclick="alert(1)" style="x">x</a>`, `<a href="https://e.org" rel="nofollow noopener">x</a>`},
		{`<em>a<strong>b</em>c`, `<em>a<strong>b</strong></em>c`},
		{`<b>unclosed`, `<b>unclosed</b>`},
		{`</i>stray`, `stray`},
		{`<script>alert(1)</script>ok`, `ok`},
		{`<style>p{}</style>ok`, `ok`},
		{`<svg><script>alert(1)</script></svg>ok`, `ok`},
		{`<img src=x onerror=alert(1)>ok`, `ok`},
		{`<p>para</p><div>div</div>`, `paradiv`},
		{`<a href="https://a.org">1<a href="https://b.org">2</a></a>`, `<a href="https://a.org" rel="nofollow noopener">12</a>`},
		{`line<br>break`, `line break`},
		{`<code>&lt;b&gt;</code>`, `<code>&lt;b&gt;</code>`},
		{`<iframe src="https://e.vil"></iframe>after`, `after`},
		{`<textarea><b>x</b></textarea>after`, `after`},
		{"\x00nul\x1b", "nul"},
	}
	for _, tt := range tests {
		if got := string(sanitizeInline(tt.in)); got != tt.want {
			t.Errorf("sanitizeInline(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

// FuzzSanitizeInline checks that whatever goes in, only the allowlist comes
// out: a, em, strong, b, i, code; href (http/https) and rel only.
func FuzzSanitizeInline(f *testing.F) {
	for _, s := range []string{"<a href='https://x'>y</a>", "<script>x</script>", "<b><i>x</b></i>", "<a href=javascript:x>", "<<>>&&", "<svg onload=x>", "<em"} {
		f.Add(s)
	}
	allowed := map[string]bool{"a": true, "em": true, "strong": true, "b": true, "i": true, "code": true}
	f.Fuzz(func(t *testing.T, in string) {
		out := string(sanitizeInline(in))
		nodes, err := xhtml.ParseFragment(strings.NewReader(out), &xhtml.Node{Type: xhtml.ElementNode, Data: "p", DataAtom: atom.P})
		if err != nil {
			t.Fatal(err)
		}
		var walk func(n *xhtml.Node)
		walk = func(n *xhtml.Node) {
			if n.Type == xhtml.ElementNode {
				if !allowed[n.Data] {
					t.Fatalf("element %q in %q (from %q)", n.Data, out, in)
				}
				for _, a := range n.Attr {
					switch {
					case a.Key == "rel" && n.Data == "a":
					case a.Key == "href" && n.Data == "a":
						if !strings.HasPrefix(a.Val, "http://") && !strings.HasPrefix(a.Val, "https://") {
							t.Fatalf("href %q in %q", a.Val, out)
						}
					default:
						t.Fatalf("attribute %q on %q in %q (from %q)", a.Key, n.Data, out, in)
					}
				}
			}
			for c := n.FirstChild; c != nil; c = c.NextSibling {
				walk(c)
			}
		}
		for _, n := range nodes {
			walk(n)
		}
		// Idempotent: sanitizing the output changes nothing.
		if again := string(sanitizeInline(out)); again != out {
			t.Fatalf("not idempotent: %q → %q", out, again)
		}
	})
}

func TestFormatDate(t *testing.T) {
	d := time.Date(2026, 4, 1, 23, 0, 0, 0, time.UTC)
	o := time.Date(2026, 10, 12, 0, 0, 0, 0, time.UTC)
	tests := []struct {
		lang string
		t    time.Time
		want string
	}{
		{"en", d, "1 April 2026"},
		{"es", d, "1 de abril de 2026"},
		{"ca", d, "1 d’abril de 2026"},
		{"ca", time.Date(2026, 3, 5, 0, 0, 0, 0, time.UTC), "5 de març de 2026"},
		{"ca", o, "12 d’octubre de 2026"},
		{"gl", o, "12 de outubro de 2026"},
		{"pt-BR", o, "12 de outubro de 2026"},
		{"fr", d, "1er avril 2026"},
		{"it", o, "12 ottobre 2026"},
		{"nb", o, "12. oktober 2026"},
		{"nn", o, "12. oktober 2026"},
		{"ar", o, "12 أكتوبر 2026"},
		{"de", o, "2026-10-12"},
		{"es", time.Time{}, ""},
		// Shown in UTC: a cached page cannot follow each reader's zone.
		{"en", time.Date(2026, 4, 1, 23, 30, 0, 0, time.FixedZone("x", -3600)), "2 April 2026"},
	}
	for _, tt := range tests {
		if got := formatDate(tt.lang, tt.t); got != tt.want {
			t.Errorf("formatDate(%s, %v) = %q, want %q", tt.lang, tt.t, got, tt.want)
		}
	}
}

func TestUIFallback(t *testing.T) {
	if uiFor("nn").Search != "Søk" || uiFor("pt").Search != "Search" || uiFor("es-MX").Latest != "Últimas noticias" {
		t.Error("UI lookup by base language with English fallback failed")
	}
	for lang, u := range ui {
		if u.NotFound == "" || u.Translated == "" || !strings.Contains(u.Translated, "%s") {
			t.Errorf("%s: incomplete UI table", lang)
		}
	}
}

func TestCleanText(t *testing.T) {
	tests := []struct{ in, want string }{
		{"  hola  ", "hola"},
		{"a\r\nb", "a\nb"},
		{"a\n\n\n\n\nb", "a\n\nb"},
		{"a\x00b\x1bc", "abc"},
		{"x\u202Eevil", "xevil"},
		{"\u200c\u200d", "\u200c\u200d"}, // ZWNJ/ZWJ are text
		{"\xff\xfe", "\ufffd"},
	}
	for _, tt := range tests {
		if got := cleanText(tt.in); got != tt.want {
			t.Errorf("cleanText(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestCacheBudget(t *testing.T) {
	c := newPageCache(64<<10, 1000)
	g := c.current()
	for i := 0; i < 100; i++ {
		c.put(g, "/p"+string(rune('a'+i%26))+strings.Repeat("x", i), newEntry("text/html", cacheHTML, []byte(strings.Repeat("y", 4000)), 0, time.Time{}))
	}
	if g.size.Load() > 64<<10 {
		t.Errorf("cache holds %d bytes, budget %d", g.size.Load(), 64<<10)
	}
	// A page bigger than an eighth of the budget is not kept.
	c.put(g, "/big", newEntry("text/html", cacheHTML, []byte(strings.Repeat("z", 20000)), 0, time.Time{}))
	if c.get("/big", time.Now) != nil {
		t.Error("oversized page cached")
	}
	// Entries with a TTL expire.
	now := time.Unix(0, 0)
	c.put(g, "/ttl", newEntry("text/xml", cacheHTML, []byte("x"), time.Minute, now))
	if c.get("/ttl", func() time.Time { return now.Add(30 * time.Second) }) == nil {
		t.Error("entry expired early")
	}
	if c.get("/ttl", func() time.Time { return now.Add(2 * time.Minute) }) != nil {
		t.Error("entry did not expire")
	}
	// A render started before a reset stores into the old generation only.
	old := c.current()
	c.reset()
	c.put(old, "/stale", newEntry("text/html", cacheHTML, []byte("x"), 0, now))
	if c.get("/stale", time.Now) != nil {
		t.Error("a page rendered before Invalidate is served after it")
	}
}

func TestClientIP(t *testing.T) {
	s := &Site{}
	tests := []struct{ remote, want string }{
		{"10.0.0.1:443", "10.0.0.1"},
		{"[2001:db8:1:2:3:4:5:6]:443", "2001:db8:1:2::/64"},
		{"[2001:db8:1:2:ffff::1]:1", "2001:db8:1:2::/64"},
		{"garbage", "garbage"},
	}
	for _, tt := range tests {
		r := httptest.NewRequest("POST", "/", nil)
		r.RemoteAddr = tt.remote
		r.Header.Set("X-Forwarded-For", "192.0.2.1")
		if got := s.clientIP(r); got != tt.want {
			t.Errorf("clientIP(%q) = %q, want %q (X-Forwarded-For from an untrusted peer must be ignored)", tt.remote, got, tt.want)
		}
	}
}

// Behind a trusted proxy the client is the rightmost untrusted hop of
// X-Forwarded-For; the headers of anyone else are ignored.
func TestClientIPBehindTrustedProxy(t *testing.T) {
	s := &Site{cfg: Config{TrustedProxies: []netip.Prefix{netip.MustParsePrefix("10.0.0.0/8"), netip.MustParsePrefix("::1/128")}}}
	tests := []struct {
		remote, xff, realIP, want string
	}{
		{"10.0.0.1:1", "198.51.100.7", "", "198.51.100.7"},
		// The client forged the left part; the proxy appended the real one.
		{"10.0.0.1:1", "1.2.3.4, 198.51.100.7", "", "198.51.100.7"},
		// Two trusted proxies in a row.
		{"10.0.0.1:1", "1.2.3.4, 198.51.100.7, 10.0.0.2", "", "198.51.100.7"},
		{"[::1]:1", "198.51.100.8", "", "198.51.100.8"},
		{"10.0.0.1:1", "", "198.51.100.9", "198.51.100.9"},
		{"10.0.0.1:1", "", "", "10.0.0.1"},
		// Garbage in the header: the last hop we trust is the answer.
		{"10.0.0.1:1", "nonsense", "", "10.0.0.1"},
		{"10.0.0.1:1", "[2001:db8::1]", "", "10.0.0.1"},
		{"10.0.0.1:1", "2001:db8:5:6::1", "", "2001:db8:5:6::/64"},
		// Not a trusted peer: headers ignored.
		{"203.0.113.5:1", "198.51.100.7", "198.51.100.7", "203.0.113.5"},
	}
	for _, tt := range tests {
		r := httptest.NewRequest("POST", "/", nil)
		r.RemoteAddr = tt.remote
		if tt.xff != "" {
			r.Header.Set("X-Forwarded-For", tt.xff)
		}
		if tt.realIP != "" {
			r.Header.Set("X-Real-IP", tt.realIP)
		}
		if got := s.clientIP(r); got != tt.want {
			t.Errorf("clientIP(%s, XFF %q, X-Real-IP %q) = %q, want %q", tt.remote, tt.xff, tt.realIP, got, tt.want)
		}
	}
}

// The cache is bounded by entries as well as bytes.
func TestCacheEntryBudget(t *testing.T) {
	c := newPageCache(1<<30, 100)
	g := c.current()
	for i := 0; i < 1000; i++ {
		c.put(g, "/p/"+strconv.Itoa(i), newEntry("text/html", cacheHTML, []byte("x"), 0, time.Time{}))
	}
	if n := c.len(); n > 100 {
		t.Fatalf("cache holds %d entries, budget 100", n)
	}
	n := 0
	g.m.Range(func(any, any) bool { n++; return true })
	if int64(n) != c.len() {
		t.Fatalf("count %d, map %d", c.len(), n)
	}
}

func TestCanonicalQuery(t *testing.T) {
	tests := []struct {
		path, raw, want string
		cacheable       bool
	}{
		{"/es/", "x=1", "", true},
		{"/es/", "page=2&utm_source=x", "page=2", true},
		{"/es/", "page=1", "", true},
		{"/es/", "page=2", "page=2", true},
		{"/es/deportes/", "page=3&page=4", "page=3", true},
		{"/es/sitemap.xml", "x=1", "", true},
		{"/es/sitemap.xml", "page=2", "page=2", true},
		{"/es/sitemap.xml", "page=1", "page=1", true},
		{"/es/a/puerto", "comment=pending", "comment=pending", true},
		{"/es/a/puerto", "comment=other&fbclid=1", "", true},
		{"/es/feed.rss", "page=2", "", true},
		{"/sitemap.xml", "x", "", true},
		{"/es/search", "q=a&zz=1", "q=a&zz=1", false},
		{"/es/", "%zz", "", true},
	}
	for _, tt := range tests {
		got, cacheable := canonicalQuery(tt.path, tt.raw)
		if got != tt.want || cacheable != tt.cacheable {
			t.Errorf("canonicalQuery(%q, %q) = %q, %v; want %q, %v", tt.path, tt.raw, got, cacheable, tt.want, tt.cacheable)
		}
	}
}

// TestRouteOfCachedPage checks that a page served from the cache names its
// route through r.Pattern, as a routed one does, so metrics need not route
// it a second time.
func TestRouteOfCachedPage(t *testing.T) {
	s := newTestSite(t, newFake(), nil)
	for _, path := range []string{"/es/a/puerto", "/es/", "/es/economia/feed.rss", s.cssPath} {
		for i := 0; i < 2; i++ { // a miss, then a hit
			r := httptest.NewRequest("GET", path, nil)
			s.ServeHTTP(httptest.NewRecorder(), r)
			want := "GET /static/"
			if path != s.cssPath {
				_, want = s.mux.Handler(httptest.NewRequest("GET", path, nil))
			}
			if got := s.Route(r); got != want {
				t.Errorf("Route(%s) after request %d = %q, want %q", path, i+1, got, want)
			}
		}
	}
}
