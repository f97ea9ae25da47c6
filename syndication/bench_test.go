package syndication

import (
	"fmt"
	"strings"
	"testing"
)

func benchChannel() Channel {
	c := testChannel()
	c.Entries = nil
	body := strings.Repeat("<p>Un párrafo de texto traducido con <a href=\"https://a.example/\">un enlace</a> &amp; más.</p>", 60)
	for i := range 50 {
		c.Entries = append(c.Entries, Entry{
			ID: fmt.Sprintf("https://news.example/es/a/%d", i), URL: fmt.Sprintf("https://news.example/es/a/%d", i),
			OriginalURL: "https://outlet.example/x", Title: "Título de la noticia número " + fmt.Sprint(i),
			Summary: "Un resumen breve.", ContentHTML: body, Author: "Redacción", Category: "Política", Published: t0,
		})
	}
	return c
}

func BenchmarkFeeds(b *testing.B) {
	c := benchChannel()
	for name, f := range map[string]func(Channel) ([]byte, error){"rss": RSS, "atom": Atom, "json": JSONFeed} {
		b.Run(name, func(b *testing.B) {
			for i := 0; i < b.N; i++ {
				if _, err := f(c); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

func BenchmarkSitemap(b *testing.B) {
	urls := make([]URLEntry, 1000)
	for i := range urls {
		urls[i] = URLEntry{Loc: fmt.Sprintf("https://news.example/es/a/%d", i), LastMod: t0, Alternates: []Alternate{
			{HrefLang: "es", Href: fmt.Sprintf("https://news.example/es/a/%d", i)},
			{HrefLang: "ar", Href: fmt.Sprintf("https://news.example/ar/a/%d", i)},
			{HrefLang: "x-default", Href: fmt.Sprintf("https://news.example/a/%d", i)},
		}}
	}
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if _, err := Sitemap(urls); err != nil {
			b.Fatal(err)
		}
	}
}
