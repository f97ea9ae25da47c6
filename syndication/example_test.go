package syndication_test

import (
	"fmt"
	"time"

	"newsbridge/syndication"
)

func ExampleRobotsTxt() {
	fmt.Print(string(syndication.RobotsTxt(
		[]string{"https://news.example/sitemap.xml"},
		[]string{"/admin/", "/search"},
	)))
	// Output:
	// User-agent: *
	// Disallow: /admin/
	// Disallow: /search
	//
	// Sitemap: https://news.example/sitemap.xml
}

func ExampleSitemapIndex() {
	b, err := syndication.SitemapIndex([]string{"https://news.example/sitemap-es.xml"}, time.Date(2026, 11, 20, 8, 0, 0, 0, time.UTC))
	if err != nil {
		panic(err)
	}
	fmt.Print(string(b))
	// Output:
	// <?xml version="1.0" encoding="UTF-8"?>
	// <sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
	//   <sitemap>
	//     <loc>https://news.example/sitemap-es.xml</loc>
	//     <lastmod>2026-11-20T08:00:00Z</lastmod>
	//   </sitemap>
	// </sitemapindex>
}
