package syndication

import (
	"bytes"
	"encoding/json"
	"encoding/xml"
	"errors"
	"html"
	"io"
	"os"
	"os/exec"
	"strings"
	"testing"
	"time"

	"newsbridge/model"
)

var t0 = time.Date(2026, 11, 20, 8, 30, 0, 0, time.UTC)

// nasty holds what outlets and translators have been seen to produce.
const nasty = "Breaking <script>alert(1)</script> & \"quotes\" ]]> \x00\x01\x0b\x1f\ufffe end"

func testChannel() Channel {
	return Channel{
		Title: "Noticias " + nasty, Description: "Las noticias en español",
		Lang: "es", SiteURL: "https://news.example/es/", SelfURL: "https://news.example/es/feed.xml",
		Entries: []Entry{
			{
				ID: "https://news.example/es/a/1-cumbre", URL: "https://news.example/es/a/1-cumbre",
				OriginalURL: "https://www.outlet.example/2026/11/summit?x=1&y=2",
				Title:       "Cumbre " + nasty, Summary: "Resumen & <b>no html</b>",
				ContentHTML: "<p>Texto con <a href=\"https://outlet.example/\">enlace</a> y ]]&gt; y ]]> \x07.</p>",
				Author:      "Ana <Pérez>", Category: "Política & Economía",
				Published: t0, Updated: t0.Add(time.Hour), Image: "https://cdn.example/img/1.jpg",
			},
			{
				ID: "42", URL: "https://news.example/es/a/2-sin-datos",
				Title: "Segunda", Published: t0.Add(-time.Hour),
			},
		},
	}
}

// wellFormed walks every token with encoding/xml, which rejects
// malformed markup and characters XML 1.0 forbids.
func wellFormed(t *testing.T, b []byte) {
	t.Helper()
	d := xml.NewDecoder(bytes.NewReader(b))
	for {
		_, err := d.Token()
		if err == io.EOF {
			return
		}
		if err != nil {
			t.Fatalf("not well-formed XML: %v\n%s", err, b)
		}
	}
}

func TestRSSRoundTrip(t *testing.T) {
	b, err := RSS(testChannel())
	if err != nil {
		t.Fatal(err)
	}
	wellFormed(t, b)
	if bytes.Contains(b, []byte("<script")) {
		t.Fatalf("unescaped markup in RSS:\n%s", b)
	}
	var doc struct {
		Channel struct {
			Title    string `xml:"title"`
			Language string `xml:"language"`
			Links    []struct {
				Space string `xml:",any,attr"`
				Href  string `xml:"href,attr"`
				Rel   string `xml:"rel,attr"`
			} `xml:"http://www.w3.org/2005/Atom link"`
			Items []struct {
				Title   string `xml:"title"`
				GUID    string `xml:"guid"`
				Content string `xml:"http://purl.org/rss/1.0/modules/content/ encoded"`
				Creator string `xml:"http://purl.org/dc/elements/1.1/ creator"`
				Source  struct {
					URL string `xml:"url,attr"`
				} `xml:"source"`
			} `xml:"item"`
		} `xml:"channel"`
	}
	if err := xml.Unmarshal(b, &doc); err != nil {
		t.Fatal(err)
	}
	c := doc.Channel
	// RSS readers treat the title as HTML: it is the text escaped for HTML.
	wantTitle := html.EscapeString(`Noticias Breaking <script>alert(1)</script> & "quotes" ]]> end`)
	if c.Title != wantTitle {
		t.Errorf("title = %q, want %q", c.Title, wantTitle)
	}
	if c.Language != "es" || len(c.Links) != 1 || c.Links[0].Rel != "self" || c.Links[0].Href != "https://news.example/es/feed.xml" {
		t.Errorf("channel = %+v", c)
	}
	if len(c.Items) != 2 {
		t.Fatalf("items = %d", len(c.Items))
	}
	it := c.Items[0]
	if it.Content != "<p>Texto con <a href=\"https://outlet.example/\">enlace</a> y ]]&gt; y ]]> .</p>" {
		t.Errorf("content = %q", it.Content)
	}
	if it.Creator != "Ana &lt;Pérez&gt;" || it.Source.URL != "https://www.outlet.example/2026/11/summit?x=1&y=2" {
		t.Errorf("item = %+v", it)
	}
	// A relative id is replaced by the permalink.
	if c.Items[1].GUID != "https://news.example/es/a/2-sin-datos" {
		t.Errorf("guid = %q", c.Items[1].GUID)
	}
}

func TestAtomRoundTrip(t *testing.T) {
	b, err := Atom(testChannel())
	if err != nil {
		t.Fatal(err)
	}
	wellFormed(t, b)
	var f struct {
		Lang  string `xml:"http://www.w3.org/XML/1998/namespace lang,attr"`
		Links []struct {
			Href string `xml:"href,attr"`
			Rel  string `xml:"rel,attr"`
		} `xml:"http://www.w3.org/2005/Atom link"`
		Entries []struct {
			ID    string `xml:"id"`
			Links []struct {
				Href string `xml:"href,attr"`
				Rel  string `xml:"rel,attr"`
			} `xml:"link"`
			Content struct {
				Type  string `xml:"type,attr"`
				Value string `xml:",chardata"`
			} `xml:"content"`
		} `xml:"http://www.w3.org/2005/Atom entry"`
	}
	if err := xml.Unmarshal(b, &f); err != nil {
		t.Fatal(err)
	}
	if f.Lang != "es" {
		t.Errorf("xml:lang = %q", f.Lang)
	}
	rels := map[string]string{}
	for _, l := range f.Links {
		rels[l.Rel] = l.Href
	}
	if rels["self"] != "https://news.example/es/feed.xml" || rels["alternate"] != "https://news.example/es/" {
		t.Errorf("feed links = %v", rels)
	}
	if len(f.Entries) != 2 {
		t.Fatalf("entries = %d", len(f.Entries))
	}
	rels = map[string]string{}
	for _, l := range f.Entries[0].Links {
		rels[l.Rel] = l.Href
	}
	if rels["related"] != "https://www.outlet.example/2026/11/summit?x=1&y=2" || rels["alternate"] != "https://news.example/es/a/1-cumbre" || rels["enclosure"] != "https://cdn.example/img/1.jpg" {
		t.Errorf("entry links = %v", rels)
	}
	if f.Entries[0].Content.Type != "html" || !strings.HasPrefix(f.Entries[0].Content.Value, "<p>Texto") {
		t.Errorf("content = %+v", f.Entries[0].Content)
	}
}

func TestJSONFeed(t *testing.T) {
	b, err := JSONFeed(testChannel())
	if err != nil {
		t.Fatal(err)
	}
	var f map[string]any
	if err := json.Unmarshal(b, &f); err != nil {
		t.Fatalf("invalid JSON: %v", err)
	}
	// Required top-level fields of JSON Feed 1.1, and the ones we promise.
	if f["version"] != "https://jsonfeed.org/version/1.1" || f["language"] != "es" ||
		f["feed_url"] != "https://news.example/es/feed.xml" || f["home_page_url"] != "https://news.example/es/" {
		t.Errorf("feed = %v", f)
	}
	if title, _ := f["title"].(string); !strings.HasPrefix(title, "Noticias Breaking <script>") {
		t.Errorf("title = %q", title)
	}
	items, _ := f["items"].([]any)
	if len(items) != 2 {
		t.Fatalf("items = %v", f["items"])
	}
	for i, x := range items {
		it := x.(map[string]any)
		id, _ := it["id"].(string)
		_, hasHTML := it["content_html"].(string)
		_, hasText := it["content_text"].(string)
		if id == "" || (!hasHTML && !hasText) {
			t.Errorf("item %d lacks id or content: %v", i, it)
		}
		for _, k := range []string{"date_published", "date_modified"} {
			if _, err := time.Parse(time.RFC3339, it[k].(string)); err != nil {
				t.Errorf("item %d %s: %v", i, k, err)
			}
		}
	}
	first := items[0].(map[string]any)
	if first["external_url"] != "https://www.outlet.example/2026/11/summit?x=1&y=2" || first["image"] != "https://cdn.example/img/1.jpg" {
		t.Errorf("first item = %v", first)
	}
	if authors := first["authors"].([]any); authors[0].(map[string]any)["name"] != "Ana <Pérez>" {
		t.Errorf("authors = %v", authors)
	}
	// An empty feed has "items": [], never null.
	c := testChannel()
	c.Entries = nil
	b, _ = JSONFeed(c)
	if !bytes.Contains(b, []byte(`"items": []`)) {
		t.Errorf("empty feed: %s", b)
	}
}

func TestFeedErrors(t *testing.T) {
	tests := []struct {
		name string
		edit func(*Channel)
	}{
		{"no title", func(c *Channel) { c.Title = " \x00 " }},
		{"no language", func(c *Channel) { c.Lang = "" }},
		{"bad language", func(c *Channel) { c.Lang = "not a tag!" }},
		{"relative site URL", func(c *Channel) { c.SiteURL = "/es/" }},
		{"javascript self URL", func(c *Channel) { c.SelfURL = "javascript:alert(1)" }},
		{"entry without URL", func(c *Channel) { c.Entries[1].URL = "" }},
		{"bad original URL", func(c *Channel) { c.Entries[0].OriginalURL = "ftp://x/y" }},
		{"bad image URL", func(c *Channel) { c.Entries[0].Image = "data:image/png;base64,AAAA" }},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			c := testChannel()
			tc.edit(&c)
			for name, f := range map[string]func(Channel) ([]byte, error){"rss": RSS, "atom": Atom, "json": JSONFeed} {
				b, err := f(c)
				if model.ErrorCode(err) != model.EInvalid || b != nil {
					t.Errorf("%s: err = %v, want EInvalid", name, err)
				}
			}
		})
	}
}

// feedparserPython finds a Python that can import feedparser: Debian's
// python3-feedparser lives in /usr/bin/python3's path, which a pyenv or
// venv python3 earlier in $PATH does not see.
func feedparserPython(t *testing.T) string {
	t.Helper()
	for _, py := range []string{"/usr/bin/python3", "python3"} {
		if exec.Command(py, "-c", "import feedparser").Run() == nil {
			return py
		}
	}
	t.Skip("python3 with feedparser not found; install Debian python3-feedparser")
	return ""
}

// feedparserScript parses each feed of a JSON list read from stdin (one
// Python start for all of them) and prints what the tests check.
const feedparserScript = `import feedparser, sys, json
out = []
for feed in json.load(sys.stdin):
    d = feedparser.parse(feed.encode("utf-8"))
    out.append({
      "bozo": int(bool(d.bozo)), "exc": str(d.get("bozo_exception", "")),
      "version": d.version, "lang": d.feed.get("language"), "n": len(d.entries),
      "title": d.feed.get("title"),
      "entries": [{"title": e.get("title"), "link": e.get("link"),
                   "links": sorted(l.get("rel", "") + " " + l.get("href", "") for l in e.get("links", [])),
                   "author": e.get("author"), "content": [c.value for c in e.get("content", [])]}
                  for e in d.entries]})
print(json.dumps(out))`

type parsed struct {
	Bozo    int    `json:"bozo"`
	Exc     string `json:"exc"`
	Version string `json:"version"`
	Lang    string `json:"lang"`
	N       int    `json:"n"`
	Title   string `json:"title"`
	Entries []struct {
		Title   string   `json:"title"`
		Link    string   `json:"link"`
		Links   []string `json:"links"`
		Author  string   `json:"author"`
		Content []string `json:"content"`
	} `json:"entries"`
}

func TestFeedparser(t *testing.T) {
	py := feedparserPython(t)
	type feedCase struct {
		name, version, lang string
		feed                []byte
	}
	var cases []feedCase
	var feeds []string
	for _, f := range []struct {
		name, version string
		render        func(Channel) ([]byte, error)
	}{{"rss", "rss20", RSS}, {"atom", "atom10", Atom}} {
		for _, lang := range []string{"es", "ar", "nb", "pt-BR"} {
			c := testChannel()
			c.Lang = lang
			b, err := f.render(c)
			if err != nil {
				t.Fatal(err)
			}
			cases = append(cases, feedCase{f.name, f.version, lang, b})
			feeds = append(feeds, string(b))
		}
	}
	in, _ := json.Marshal(feeds)
	cmd := exec.Command(py, "-c", feedparserScript)
	cmd.Stdin = bytes.NewReader(in)
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("feedparser: %v", err)
	}
	var results []parsed
	if err := json.Unmarshal(out, &results); err != nil || len(results) != len(cases) {
		t.Fatalf("%v: %s", err, out)
	}
	for i, tc := range cases {
		p := results[i]
		t.Run(tc.name+"/"+tc.lang, func(t *testing.T) {
			if p.Bozo != 0 {
				t.Fatalf("bozo: %s\n%s", p.Exc, tc.feed)
			}
			// feedparser reports the RSS <language> as written (we
			// lower-case it there) and Atom's xml:lang as written.
			wantLang := tc.lang
			if tc.name == "rss" {
				wantLang = strings.ToLower(tc.lang)
			}
			if p.Version != tc.version || p.Lang != wantLang || p.N != 2 {
				t.Fatalf("version %q lang %q n %d; want %q %q 2", p.Version, p.Lang, p.N, tc.version, wantLang)
			}
			e := p.Entries[0]
			// feedparser hands titles on as HTML, as readers show them:
			// markup in the text must arrive escaped, and read as the text.
			if strings.Contains(e.Title, "<script") || html.UnescapeString(e.Title) != `Cumbre Breaking <script>alert(1)</script> & "quotes" ]]> end` {
				t.Errorf("entry title = %q", e.Title)
			}
			if e.Link != "https://news.example/es/a/1-cumbre" || html.UnescapeString(e.Author) != "Ana <Pérez>" {
				t.Errorf("entry = %+v", e)
			}
			if !contains(e.Links, "related https://www.outlet.example/2026/11/summit?x=1&y=2") {
				t.Errorf("no related link to the original: %v", e.Links)
			}
			if len(e.Content) != 1 || !strings.Contains(e.Content[0], `<a href="https://outlet.example/">enlace</a>`) {
				t.Errorf("content = %q", e.Content)
			}
		})
	}
}

func contains(ss []string, s string) bool {
	for _, x := range ss {
		if x == s {
			return true
		}
	}
	return false
}

func testURLs() []URLEntry {
	return []URLEntry{
		{Loc: "https://news.example/es/a/1?x=1&y=<2>", LastMod: t0,
			Alternates: []Alternate{
				{HrefLang: "es", Href: "https://news.example/es/a/1"},
				{HrefLang: "ar", Href: "https://news.example/ar/a/1"},
				{HrefLang: "pt-br", Href: "https://news.example/pt-br/a/1"},
				{HrefLang: "X-Default", Href: "https://news.example/a/1"},
			},
			News: &NewsInfo{PublicationName: "News & <Co>", Language: "es", Title: "Cumbre " + nasty, Published: t0}},
		{Loc: "https://news.example/es/"},
	}
}

// xmllint runs xmllint --noout (plus args) on b and fails on any complaint.
func xmllint(t *testing.T, b []byte, args ...string) {
	t.Helper()
	if _, err := exec.LookPath("xmllint"); err != nil {
		t.Skip("xmllint not found; install Debian libxml2-utils")
	}
	cmd := exec.Command("xmllint", append(append([]string{"--noout", "--nonet"}, args...), "-")...)
	cmd.Stdin = bytes.NewReader(b)
	out, err := cmd.CombinedOutput()
	if err != nil || (len(args) == 0 && len(out) > 0) {
		t.Fatalf("xmllint %v: %v\n%s\n%s", args, err, out, b)
	}
}

func TestSitemap(t *testing.T) {
	b, err := Sitemap(testURLs())
	if err != nil {
		t.Fatal(err)
	}
	wellFormed(t, b)
	xmllint(t, b)
	xmllint(t, b, "--schema", "testdata/all.xsd")
	for _, want := range []string{
		`xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"`,
		`xmlns:xhtml="http://www.w3.org/1999/xhtml"`,
		`xmlns:news="http://www.google.com/schemas/sitemap-news/0.9"`,
		`<xhtml:link rel="alternate" hreflang="x-default" href="https://news.example/a/1"></xhtml:link>`,
		`hreflang="pt-BR"`,
		`<news:name>News &amp; &lt;Co&gt;</news:name>`,
		`<lastmod>2026-11-20T08:30:00Z</lastmod>`,
	} {
		if !bytes.Contains(b, []byte(want)) {
			t.Errorf("sitemap lacks %s\n%s", want, b)
		}
	}
	// Namespaces appear only when used.
	b, err = Sitemap(testURLs()[1:])
	if err != nil {
		t.Fatal(err)
	}
	xmllint(t, b, "--schema", "testdata/all.xsd")
	if bytes.Contains(b, []byte("xmlns:xhtml")) || bytes.Contains(b, []byte("xmlns:news")) {
		t.Errorf("unused namespaces declared:\n%s", b)
	}
	// An empty sitemap is still valid.
	b, err = Sitemap(nil)
	if err != nil {
		t.Fatal(err)
	}
	xmllint(t, b, "--schema", "testdata/all.xsd")
}

// TestSchemaCatchesMistakes makes sure the schema check can fail, so a
// passing TestSitemap means something.
func TestSchemaCatchesMistakes(t *testing.T) {
	if _, err := exec.LookPath("xmllint"); err != nil {
		t.Skip("xmllint not found; install Debian libxml2-utils")
	}
	for _, bad := range []string{
		`<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"><url><lastmod>2026-01-01</lastmod><loc>https://a.example/x</loc></url></urlset>`,
		`<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" xmlns:news="http://www.google.com/schemas/sitemap-news/0.9"><url><loc>https://a.example/x</loc><news:news><news:title>t</news:title></news:news></url></urlset>`,
		`<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" xmlns:xhtml="http://www.w3.org/1999/xhtml"><url><loc>https://a.example/x</loc><xhtml:link hreflang="es"/></url></urlset>`,
	} {
		cmd := exec.Command("xmllint", "--noout", "--nonet", "--schema", "testdata/all.xsd", "-")
		cmd.Stdin = strings.NewReader(bad)
		if err := cmd.Run(); err == nil {
			t.Errorf("schema accepted %s", bad)
		}
	}
	cmd := exec.Command("xmllint", "--noout", "-")
	cmd.Stdin = strings.NewReader(`<urlset><url><xhtml:link/></url></urlset>`)
	if out, _ := cmd.CombinedOutput(); !bytes.Contains(out, []byte("amespace")) {
		t.Errorf("xmllint did not flag an undeclared prefix: %s", out)
	}
}

func TestSitemapErrors(t *testing.T) {
	bad := [][]URLEntry{
		{{Loc: "/relative"}},
		{{Loc: "https://a.example/", Alternates: []Alternate{{HrefLang: "??", Href: "https://a.example/x"}}}},
		{{Loc: "https://a.example/", Alternates: []Alternate{{HrefLang: "es", Href: "x"}}}},
		{{Loc: "https://a.example/", News: &NewsInfo{PublicationName: "P", Language: "Spanish", Title: "T", Published: t0}}},
		{{Loc: "https://a.example/", News: &NewsInfo{Language: "es", Title: "T", Published: t0}}},
		make([]URLEntry, MaxSitemapURLs+1),
	}
	for i, urls := range bad {
		if _, err := Sitemap(urls); model.ErrorCode(err) != model.EInvalid {
			t.Errorf("case %d: err = %v, want EInvalid", i, err)
		}
	}
	var ne *model.Error
	if _, err := Sitemap(bad[0]); !errors.As(err, &ne) || !strings.Contains(ne.Message, "/relative") {
		t.Errorf("message does not name the URL: %v", err)
	}
}

func TestSitemapIndex(t *testing.T) {
	b, err := SitemapIndex([]string{"https://news.example/sitemap-es.xml", "https://news.example/sitemap-ar.xml?p=1&q=2"}, t0)
	if err != nil {
		t.Fatal(err)
	}
	wellFormed(t, b)
	xmllint(t, b)
	xmllint(t, b, "--schema", "testdata/all.xsd")
	if bytes.Count(b, []byte("<sitemap>")) != 2 || !bytes.Contains(b, []byte("p=1&amp;q=2")) {
		t.Errorf("index:\n%s", b)
	}
	if _, err := SitemapIndex([]string{"sitemap.xml"}, t0); model.ErrorCode(err) != model.EInvalid {
		t.Errorf("relative loc: %v", err)
	}
}

func TestFeedsPassXmllint(t *testing.T) {
	for name, f := range map[string]func(Channel) ([]byte, error){"rss": RSS, "atom": Atom} {
		b, err := f(testChannel())
		if err != nil {
			t.Fatal(err)
		}
		t.Run(name, func(t *testing.T) { xmllint(t, b) })
	}
}

func TestRobotsTxt(t *testing.T) {
	got := string(RobotsTxt(
		[]string{"https://news.example/sitemap.xml", "not a url", "https://news.example/news.xml"},
		[]string{"/admin/", "search\nUser-agent: evil\nAllow: /", "", "/a b"},
	))
	want := "User-agent: *\n" +
		"Disallow: /admin/\n" +
		"Disallow: /search%20User-agent:%20evil%20Allow:%20/\n" +
		"Disallow: /a%20b\n" +
		"\n" +
		"Sitemap: https://news.example/sitemap.xml\n" +
		"Sitemap: https://news.example/news.xml\n"
	if got != want {
		t.Errorf("robots.txt =\n%s\nwant\n%s", got, want)
	}
	if got := string(RobotsTxt(nil, nil)); got != "User-agent: *\nDisallow:\n" {
		t.Errorf("allow-all robots.txt = %q", got)
	}
}

func FuzzFeeds(f *testing.F) {
	f.Add("title", "<p>x</p>", "summary", "Author")
	f.Add(nasty, "]]>\x00<![CDATA[", "\xff\xfe", "\u2028\ufffe")
	f.Fuzz(func(t *testing.T, title, content, summary, author string) {
		c := testChannel()
		c.Title = "T " + title
		c.Entries[0].Title, c.Entries[0].ContentHTML = title, content
		c.Entries[0].Summary, c.Entries[0].Author = summary, author
		for _, render := range []func(Channel) ([]byte, error){RSS, Atom} {
			b, err := render(c)
			if err != nil {
				t.Fatal(err)
			}
			wellFormed(t, b)
		}
		b, err := JSONFeed(c)
		if err != nil || !json.Valid(b) {
			t.Fatalf("JSON feed: %v", err)
		}
	})
}

func TestMain(m *testing.M) {
	// Tests call xmllint with testdata/ paths.
	if _, err := os.Stat("testdata/all.xsd"); err != nil {
		panic("run the tests from the package directory")
	}
	os.Exit(m.Run())
}

// A lead or title holding markup must reach an HTML-reading feed client as
// text: escaped once for HTML and once for XML in RSS, and as type="html"
// escaped text in Atom.
func TestFeedTextIsEscapedForHTMLReaders(t *testing.T) {
	attack := `<img src=x onerror=alert(1)>`
	c := Channel{Title: "T " + attack, Lang: "es", SiteURL: "https://news.example/es/", SelfURL: "https://news.example/es/feed.rss",
		Entries: []Entry{{URL: "https://news.example/es/a/1", Title: attack, Summary: attack, Author: attack,
			Published: time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)}}}
	rss, err := RSS(c)
	if err != nil {
		t.Fatal(err)
	}
	atom, err := Atom(c)
	if err != nil {
		t.Fatal(err)
	}
	wellFormed(t, atom)
	wellFormed(t, rss)
	// After XML decoding a reader must still hold &lt;img, never <img.
	// (Atom person names are text by the spec and have no type: they stay
	// plain.)
	if bytes.Contains(rss, []byte("&lt;img")) {
		t.Errorf("rss: text escaped only once:\n%s", rss)
	}
	for _, want := range []string{"<title>&amp;lt;img", "<description>&amp;lt;img", "<dc:creator>&amp;lt;img"} {
		if !bytes.Contains(rss, []byte(want)) {
			t.Errorf("rss: no %s in\n%s", want, rss)
		}
	}
	for _, want := range []string{`<title type="html">&amp;lt;img`, `<summary type="html">&amp;lt;img`} {
		if !bytes.Contains(atom, []byte(want)) {
			t.Errorf("atom: no %s in\n%s", want, atom)
		}
	}
}
