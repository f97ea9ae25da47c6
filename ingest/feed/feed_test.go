package feed

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"newsbridge/model"
)

func readTestdata(t testing.TB, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func TestParseFormats(t *testing.T) {
	tests := []struct {
		file, feedURL string
		want          Feed
	}{
		{
			file:    "rss.xml",
			feedURL: "https://diario.example.org/es/feed.xml",
			want: Feed{
				Title: "El Diario de Ejemplo", SiteURL: "https://diario.example.org/es/", Language: "es-ES",
				Items: []Item{
					{
						URL:       "https://diario.example.org/es/economia/puerto-record.html",
						GUID:      "diario-0001",
						Title:     "El puerto de Valdeloma bate su récord de carga",
						Summary:   "El tráfico creció un 17,33 % en 2025.",
						Author:    "Lucía Ferrández",
						Category:  "Economía",
						Published: time.Date(2026, 3, 2, 8, 30, 0, 0, time.UTC),
					},
					{
						URL:       "https://diario.example.org/es/cultura/guid.html",
						GUID:      "https://diario.example.org/es/cultura/guid.html#top",
						Title:     "Enlace en el GUID",
						Author:    "Redacción",
						Published: time.Date(2026, 3, 3, 18, 0, 0, 0, time.UTC),
					},
				},
				Skipped: 3, // no link, repeated (fbclid only), javascript:
			},
		},
		{
			file:    "atom.xml",
			feedURL: "http://avis.example.no/feed.atom",
			want: Feed{
				Title: "Eksempelavisen", SiteURL: "http://avis.example.no/", Language: "nb",
				Items: []Item{
					{
						URL:       "http://avis.example.no/nyheter/ny-bru.html",
						GUID:      "urn:uuid:1225c695-cfb8-4ebb-aaaa-80da344efa6a",
						Title:     "Ny bru over Lågen",
						Summary:   "Brua åpner i juni.",
						Author:    "Kari Nordmann",
						Category:  "Samfunn",
						Published: time.Date(2026, 4, 1, 6, 15, 0, 0, time.UTC),
					},
					{
						URL:       "http://avis.example.no/nyheter/oppdatert.html",
						GUID:      "tag:avis.example.no,2026:2",
						Title:     "Bare oppdatert",
						Published: time.Date(2026, 4, 2, 12, 0, 0, 0, time.UTC),
					},
				},
			},
		},
		{
			file:    "feed.json",
			feedURL: "https://diari.example.cat/feed.json",
			want: Feed{
				Title: "Diari d'Exemple", SiteURL: "https://diari.example.cat/", Language: "ca",
				Items: []Item{{
					URL:       "https://diari.example.cat/cultura/festival.html?id=7&page=2",
					GUID:      "1",
					Title:     "El festival torna al juliol",
					Summary:   "Tres dies de música.",
					Author:    "Marta Puig",
					Category:  "Cultura",
					Published: time.Date(2026, 5, 10, 5, 0, 0, 0, time.UTC),
				}},
				Skipped: 1,
			},
		},
		{
			// Declared ISO-8859-1: text must come out as UTF-8; the relative
			// link resolves against the channel's site link.
			file:    "latin1.xml",
			feedURL: "http://latin.example.es/rss",
			want: Feed{
				Title: "Periódico de Araguás", SiteURL: "http://latin.example.es/",
				Items: []Item{{
					URL:     "http://latin.example.es/cultura/ano.html",
					Title:   "Mañana se inaugura el año cultural",
					Summary: "Cañón y música",
				}},
			},
		},
		{
			// The channel link is relative too: the feed URL is the base.
			file:    "relative.xml",
			feedURL: "http://rel.example.com/es/feed.xml",
			want: Feed{
				Title: "Relative", SiteURL: "http://rel.example.com/es/",
				Items: []Item{
					{URL: "http://rel.example.com/es/sociedad/uno.html", Title: "Uno"},
					{URL: "http://rel.example.com/es/dos.html", Title: "Dos"},
					{URL: "http://rel.example.com/otra/tres.html?b=2&a=1", Title: "Tres"},
				},
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			got, err := Parse(readTestdata(t, tt.file), tt.feedURL)
			if err != nil {
				t.Fatal(err)
			}
			if got.Title != tt.want.Title || got.SiteURL != tt.want.SiteURL || got.Language != tt.want.Language {
				t.Errorf("feed = %q, %q, %q; want %q, %q, %q", got.Title, got.SiteURL, got.Language, tt.want.Title, tt.want.SiteURL, tt.want.Language)
			}
			if got.Skipped != tt.want.Skipped || len(got.Warnings) != tt.want.Skipped {
				t.Errorf("Skipped = %d, warnings %q; want %d", got.Skipped, got.Warnings, tt.want.Skipped)
			}
			if len(got.Items) != len(tt.want.Items) {
				t.Fatalf("got %d items, want %d: %+v", len(got.Items), len(tt.want.Items), got.Items)
			}
			for i, w := range tt.want.Items {
				g := got.Items[i]
				if !g.Published.Equal(w.Published) {
					t.Errorf("item %d Published = %v, want %v", i, g.Published, w.Published)
				}
				g.Published, w.Published = time.Time{}, time.Time{}
				if g != w {
					t.Errorf("item %d =\n %+v\nwant\n %+v", i, g, w)
				}
			}
		})
	}
}

func TestParseWarnings(t *testing.T) {
	f, err := Parse(readTestdata(t, "rss.xml"), "https://diario.example.org/es/feed.xml")
	if err != nil {
		t.Fatal(err)
	}
	joined := strings.Join(f.Warnings, "\n")
	for _, want := range []string{`item 2 ("Sin enlace") has no usable http(s) link`, `item 4 ("Repetido") repeats https://diario.example.org/es/economia/puerto-record.html`, `item 5 ("Enlace javascript") has no usable`} {
		if !strings.Contains(joined, want) {
			t.Errorf("warnings %q lack %q", joined, want)
		}
	}
}

func TestParseMalformed(t *testing.T) {
	tests := []struct {
		name string
		body []byte
		msg  string
	}{
		{"empty", nil, "feed: unable to parse: empty document"},
		{"blank", []byte(" \n\t "), "feed: unable to parse: empty document"},
		{"html", readTestdata(t, "notfeed.html"), "feed: unable to parse: not an RSS, Atom or JSON feed"},
		{"binary", []byte("\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00"), "feed: unable to parse:"},
		{"truncated", readTestdata(t, "truncated.xml"), "feed: unable to parse:"},
		{"bad json", []byte(`{"version": "https://jsonfeed.org/version/1", "items": [`), "feed: unable to parse:"},
		{"plain text", []byte("just some words"), "feed: unable to parse:"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f, err := Parse(tt.body, "http://example.com/feed")
			if err == nil {
				t.Fatalf("no error; got %+v", f)
			}
			var me *model.Error
			if !errors.As(err, &me) || me.Code != model.EInvalid {
				t.Fatalf("error %v is not an EInvalid *model.Error", err)
			}
			if !strings.HasPrefix(me.Message, tt.msg) {
				t.Errorf("message %q, want prefix %q", me.Message, tt.msg)
			}
		})
	}
}

func TestPlainText(t *testing.T) {
	tests := map[string]string{
		"":                                 "",
		"  plain   words\n here ":          "plain words here",
		"<p>Uno</p><p>Dos</p>":             "Uno Dos",
		"Tom &amp; Jerry":                  "Tom & Jerry",
		"a<script>alert(1)</script>b":      "ab",
		"<style>p{}</style>Texto<br>nuevo": "Texto nuevo",
		"caf&eacute; &lt;b&gt;":            "café <b>",
		"<img src=x onerror=alert(1)>Hola": "Hola",
	}
	for in, want := range tests {
		if got := plainText(in); got != want {
			t.Errorf("plainText(%q) = %q, want %q", in, got, want)
		}
	}
}

func FuzzParse(f *testing.F) {
	for _, name := range []string{"rss.xml", "atom.xml", "feed.json", "latin1.xml", "relative.xml", "truncated.xml", "notfeed.html"} {
		f.Add(readTestdata(f, name))
	}
	f.Add([]byte(`<rss><channel><item><link>%zz</link></item></channel></rss>`))
	f.Add([]byte(`{"version":"https://jsonfeed.org/version/1","items":[{"url":"http://[::1"}]}`))
	f.Add(deepFeed(100))
	f.Add(manyItems(300))
	f.Fuzz(func(t *testing.T, body []byte) {
		feed, err := Parse(body, "http://fuzz.example/feed")
		if err != nil {
			if model.ErrorCode(err) != model.EInvalid {
				t.Fatalf("error code %q for %v", model.ErrorCode(err), err)
			}
			return
		}
		for _, it := range feed.Items {
			if !strings.HasPrefix(it.URL, "http://") && !strings.HasPrefix(it.URL, "https://") {
				t.Fatalf("item URL %q is not http(s)", it.URL)
			}
			if !utf8.ValidString(it.Title) {
				t.Fatalf("title %q is not UTF-8", it.Title)
			}
		}
	})
}

func BenchmarkParseRSS(b *testing.B) {
	body := readTestdata(b, "rss.xml")
	b.SetBytes(int64(len(body)))
	for b.Loop() {
		if _, err := Parse(body, "https://diario.example.org/es/feed.xml"); err != nil {
			b.Fatal(err)
		}
	}
}
