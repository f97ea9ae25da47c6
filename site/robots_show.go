package site

import (
	"net/http"

	"newsbridge/syndication"
)

// robotsShow serves robots.txt: everything may be crawled but the search
// pages (an endless space of URLs), and the sitemaps are announced.
func (s *Site) robotsShow(w http.ResponseWriter, r *http.Request) {
	var disallow []string
	for _, l := range s.langs {
		disallow = append(disallow, "/"+l.Prefix+"/search")
	}
	body := syndication.RobotsTxt([]string{s.url("/sitemap.xml"), s.url("/news-sitemap.xml")}, disallow)
	s.send(w, r, http.StatusOK, "text/plain; charset=utf-8", cacheHTML, body, 0, false)
}
