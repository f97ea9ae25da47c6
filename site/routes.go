package site

import (
	"context"
	"net/http"
	"net/url"
	"strconv"
	"strings"
)

// routes registers one handler per page. Patterns are chosen so the mux
// never sees two patterns that overlap without one being more specific
// (it panics on those): a section's feed is /{lang}/{category}/{feed} and
// the handler checks the name, because /{lang}/{category}/feed.rss would
// collide with /{lang}/a/{slug}; an author's and an outlet's pages sit one
// level deeper, under the literals "author" and "outlet", which no section
// may be called.
// /static/ is answered before the mux.
func (s *Site) routes() {
	m := http.NewServeMux()
	m.HandleFunc("GET /{$}", s.rootRedirect)
	m.HandleFunc("GET /robots.txt", s.robotsShow)
	m.HandleFunc("GET /sitemap.xml", s.sitemapIndexShow)
	m.HandleFunc("GET /news-sitemap.xml", s.newsSitemapShow)
	m.HandleFunc("GET /{lang}", s.langRedirect)
	m.HandleFunc("GET /{lang}/{$}", s.storyList)
	m.HandleFunc("GET /{lang}/search", s.searchShow)
	m.HandleFunc("GET /{lang}/sitemap.xml", s.sitemapShow)
	m.HandleFunc("GET /{lang}/feed.rss", s.feedShow)
	m.HandleFunc("GET /{lang}/feed.atom", s.feedShow)
	m.HandleFunc("GET /{lang}/feed.json", s.feedShow)
	m.HandleFunc("GET /{lang}/{category}", s.categoryRedirect)
	m.HandleFunc("GET /{lang}/{category}/{$}", s.categoryList)
	m.HandleFunc("GET /{lang}/{category}/{feed}", s.feedShow)
	m.HandleFunc("GET /{lang}/a/{slug}", s.articleShow)
	m.HandleFunc("GET /{lang}/author/{author}", s.authorRedirect)
	m.HandleFunc("GET /{lang}/author/{author}/{$}", s.authorList)
	m.HandleFunc("GET /{lang}/author/{author}/{feed}", s.feedShow)
	m.HandleFunc("GET /{lang}/outlet/{outlet}", s.outletRedirect)
	m.HandleFunc("GET /{lang}/outlet/{outlet}/{$}", s.outletList)
	m.HandleFunc("GET /{lang}/outlet/{outlet}/{feed}", s.feedShow)
	m.HandleFunc("POST /{lang}/a/{slug}/comments", s.commentCreate)
	m.HandleFunc("/", s.notFound)
	s.mux = m
}

// route is ServeHTTP's miss path: it remembers the cache generation g the
// render starts under (a page rendered from data older than an Invalidate
// must not land in the new generation), then routes.
func (s *Site) route(w http.ResponseWriter, r *http.Request, g *cacheGen) {
	r = r.WithContext(context.WithValue(r.Context(), genKey{}, g))
	s.mux.ServeHTTP(w, r)
}

// maxPage bounds ?page= before any arithmetic: offsets stay far from
// overflow and nobody pages that deep.
const maxPage = 100000

// parsePage reads ?page=N. Absent means 1; anything but a plain positive
// number in range is rejected (the handler answers 404, never 500).
func parsePage(r *http.Request) (int, bool) {
	v, ok := r.URL.Query()["page"]
	if !ok {
		return 1, true
	}
	if len(v) != 1 || v[0] == "" || len(v[0]) > 6 || v[0][0] == '0' {
		return 0, false
	}
	n, err := strconv.Atoi(v[0])
	if err != nil || n < 1 || n > maxPage {
		return 0, false
	}
	return n, true
}

// lang resolves the {lang} path value, answering 404 itself when unknown.
func (s *Site) lang(w http.ResponseWriter, r *http.Request) *langInfo {
	l := s.langByPrefix(r.PathValue("lang"))
	if l == nil {
		s.notFound(w, r)
	}
	return l
}

// canonicalQuery returns the canonical form of a GET request's query for
// path p: only the parameters the page reads, one value each, sorted, with
// defaults (a list's page=1) dropped. cacheable is false for pages whose queries are
// open-ended (search): those are served without touching the cache.
func canonicalQuery(p, raw string) (canon string, cacheable bool) {
	segs := strings.Split(strings.Trim(p, "/"), "/")
	var allowed []string
	list := false
	switch {
	case len(segs) == 2 && segs[1] == "search":
		return raw, false
	case strings.HasSuffix(p, "/") && p != "/":
		allowed, list = []string{"page"}, true
	case len(segs) == 2 && segs[1] == "sitemap.xml":
		// ?page=1 is the first part of a split sitemap, not the default.
		allowed = []string{"page"}
	case len(segs) == 3 && segs[1] == "a":
		allowed = []string{"comment"}
	}
	vals, err := url.ParseQuery(raw)
	if err != nil {
		return "", true
	}
	out := url.Values{}
	for _, k := range allowed {
		v, ok := vals[k]
		if !ok || len(v) == 0 || v[0] == "" {
			continue
		}
		switch {
		case k == "page" && v[0] == "1" && list:
		case k == "comment" && v[0] != "pending":
		default:
			out.Set(k, v[0])
		}
	}
	return out.Encode(), true
}
