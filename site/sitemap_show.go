package site

import (
	"net/http"
	"slices"
	"strconv"
	"time"

	"newsbridge/model"
	"newsbridge/syndication"
)

// Sitemap sizes and windows.
const (
	sitemapChunk = syndication.MaxSitemapURLs - 1000 // stories per sitemap file; room for lists and categories
	newsWindow   = 48 * time.Hour                    // Google News takes the last two days
	newsTTL      = 10 * time.Minute                  // the window moves even when nothing is published
	newsPerLang  = syndication.MaxNewsURLs
	newsBatch    = 100
)

// sitemapXML is the media type of sitemaps.
const sitemapXML = "application/xml; charset=utf-8"

// sitemapFiles is how many files a language's sitemap takes for total
// stories: the first also holds the front page and the categories.
func sitemapFiles(total, chunk int) int { return max(1, (total+chunk-1)/chunk) }

// langSitemaps lists the sitemap files of a language: /{lang}/sitemap.xml
// when one file holds it, else /{lang}/sitemap.xml?page=N for each part.
func (s *Site) langSitemaps(l *langInfo, total int) []string {
	base := s.url("/" + l.Prefix + "/sitemap.xml")
	n := sitemapFiles(total, s.sitemapChunk)
	if n == 1 {
		return []string{base}
	}
	out := make([]string, n)
	for i := range out {
		out[i] = base + "?page=" + strconv.Itoa(i+1)
	}
	return out
}

// sitemapIndexShow lists each language's sitemap files and the news
// sitemap: GET /sitemap.xml. A language too big for one file (50,000 URLs)
// is listed part by part, since an index cannot point at another index.
func (s *Site) sitemapIndexShow(w http.ResponseWriter, r *http.Request) {
	var locs []string
	var last time.Time
	for _, l := range s.langs {
		st, total, err := s.cfg.Backend.Stories(r.Context(), l.Tag, "", 0, 1)
		if err != nil {
			s.serverError(w, r, err)
			return
		}
		locs = append(locs, s.langSitemaps(l, total)...)
		if len(st) > 0 {
			last = latest(last, st[0].Published, st[0].Updated)
		}
	}
	locs = append(locs, s.url("/news-sitemap.xml"))
	body, err := syndication.SitemapIndex(locs, last)
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	s.send(w, r, http.StatusOK, sitemapXML, cacheHTML, body, 0, false)
}

// sitemapShow lists a language's front page, sections, authors, outlets
// and articles, each
// with its hreflang alternates: GET /{lang}/sitemap.xml. Past the 50,000
// URLs one file may hold it is split: ?page=N is part N, and the bare URL
// becomes a sitemap index of the parts.
func (s *Site) sitemapShow(w http.ResponseWriter, r *http.Request) {
	l := s.lang(w, r)
	if l == nil {
		return
	}
	ctx := r.Context()
	part, ok := parsePage(r)
	if !ok {
		s.notFound(w, r)
		return
	}
	_, paged := r.URL.Query()["page"]
	stories, total, err := s.cfg.Backend.Stories(ctx, l.Tag, "", (part-1)*s.sitemapChunk, s.sitemapChunk)
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	files := sitemapFiles(total, s.sitemapChunk)
	if part > files {
		s.notFound(w, r)
		return
	}
	if files > 1 && !paged {
		var last time.Time
		if len(stories) > 0 {
			last = latest(last, stories[0].Published, stories[0].Updated)
		}
		body, err := syndication.SitemapIndex(s.langSitemaps(l, total), last)
		if err != nil {
			s.serverError(w, r, err)
			return
		}
		s.send(w, r, http.StatusOK, sitemapXML, cacheHTML, body, 0, false)
		return
	}
	var urls []syndication.URLEntry
	if part == 1 {
		// Category slugs per language, for the categories' alternates.
		catsByLang := map[*langInfo][]model.Category{}
		for _, o := range s.langs {
			cats, err := s.cfg.Backend.Categories(ctx, o.Tag)
			if err != nil {
				s.serverError(w, r, err)
				return
			}
			catsByLang[o] = cats
		}
		home := syndication.URLEntry{Loc: s.url("/" + l.Prefix + "/")}
		for _, o := range s.langs {
			home.Alternates = append(home.Alternates, syndication.Alternate{HrefLang: o.Tag, Href: s.url("/" + o.Prefix + "/")})
		}
		home.Alternates = append(home.Alternates, syndication.Alternate{HrefLang: "x-default", Href: s.url("/")})
		if len(stories) > 0 {
			home.LastMod = latest(time.Time{}, stories[0].Published, stories[0].Updated)
		}
		urls = append(urls, home)
		for _, c := range catsByLang[l] {
			if len(urls) >= syndication.MaxSitemapURLs-s.sitemapChunk {
				break // room is kept for a full chunk of stories
			}
			u := syndication.URLEntry{Loc: s.url(s.categoryPath(l, c.Slug))}
			for _, o := range s.langs {
				if slices.ContainsFunc(catsByLang[o], func(k model.Category) bool { return k.Slug == c.Slug }) {
					href := s.url(s.categoryPath(o, c.Slug))
					u.Alternates = append(u.Alternates, syndication.Alternate{HrefLang: o.Tag, Href: href})
				}
			}
			urls = append(urls, u)
		}
		// Authors' pages, linked to the same author's in other languages.
		authorsByLang := map[*langInfo]map[string]bool{}
		for _, o := range s.langs {
			as, err := s.cfg.Backend.Authors(ctx, o.Tag)
			if err != nil {
				s.serverError(w, r, err)
				return
			}
			authorsByLang[o] = map[string]bool{}
			for _, a := range as {
				authorsByLang[o][a.Slug] = true
			}
		}
		as, err := s.cfg.Backend.Authors(ctx, l.Tag)
		if err != nil {
			s.serverError(w, r, err)
			return
		}
		for _, a := range as {
			if len(urls) >= syndication.MaxSitemapURLs-s.sitemapChunk {
				break
			}
			u := syndication.URLEntry{Loc: s.url(s.authorPath(l, a.Slug))}
			for _, o := range s.langs {
				if authorsByLang[o][a.Slug] {
					u.Alternates = append(u.Alternates, syndication.Alternate{HrefLang: o.Tag, Href: s.url(s.authorPath(o, a.Slug))})
				}
			}
			urls = append(urls, u)
		}
		// Outlets' pages, linked to the same outlet's in other languages.
		var outlets []model.Outlet
		outletsByLang := map[*langInfo]map[int64]bool{}
		for _, o := range s.langs {
			list, err := s.cfg.Backend.Outlets(ctx, o.Tag)
			if err != nil {
				s.serverError(w, r, err)
				return
			}
			if o == l {
				outlets = list
			}
			outletsByLang[o] = map[int64]bool{}
			for _, x := range list {
				outletsByLang[o][x.ID] = true
			}
		}
		for _, x := range outlets {
			if len(urls) >= syndication.MaxSitemapURLs-s.sitemapChunk {
				break
			}
			u := syndication.URLEntry{Loc: s.url(s.outletPath(l, x.Key()))}
			for _, o := range s.langs {
				if outletsByLang[o][x.ID] {
					u.Alternates = append(u.Alternates, syndication.Alternate{HrefLang: o.Tag, Href: s.url(s.outletPath(o, x.Key()))})
				}
			}
			urls = append(urls, u)
		}
	}
	for i := range stories {
		st := &stories[i]
		u := syndication.URLEntry{Loc: s.url(s.articlePath(l, st.Slug)), LastMod: latest(time.Time{}, st.Published, st.Updated)}
		p := &page{Lang: l, Canonical: u.Loc}
		s.articleAlternates(p, st)
		for _, a := range p.Alternates {
			u.Alternates = append(u.Alternates, syndication.Alternate{HrefLang: a.Lang, Href: a.Href})
		}
		u.Alternates = append(u.Alternates, syndication.Alternate{HrefLang: "x-default", Href: p.XDefault})
		urls = append(urls, u)
	}
	body, err := syndication.Sitemap(urls)
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	s.send(w, r, http.StatusOK, sitemapXML, cacheHTML, body, 0, false)
}

// newsSitemapShow lists the articles of the last 48 hours in every
// language, for Google News: GET /news-sitemap.xml. It is cached for a few
// minutes only, since the window moves without any publication.
func (s *Site) newsSitemapShow(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	cutoff := s.now().Add(-newsWindow)
	var urls []syndication.URLEntry
	for _, l := range s.langs {
		n := 0
	pages:
		for off := 0; n < newsPerLang; off += newsBatch {
			stories, _, err := s.cfg.Backend.Stories(ctx, l.Tag, "", off, newsBatch)
			if err != nil {
				s.serverError(w, r, err)
				return
			}
			for i := range stories {
				st := &stories[i]
				if st.Published.Before(cutoff) || n >= newsPerLang || len(urls) >= syndication.MaxNewsURLs {
					break pages
				}
				urls = append(urls, syndication.URLEntry{
					Loc:     s.url(s.articlePath(l, st.Slug)),
					LastMod: latest(time.Time{}, st.Published, st.Updated),
					News: &syndication.NewsInfo{PublicationName: s.cfg.SiteName, Language: model.LookupLang(l.Tag).NewsCode,
						Title: st.Title, Published: st.Published},
				})
				n++
			}
			if len(stories) < newsBatch {
				break
			}
		}
	}
	body, err := syndication.Sitemap(urls)
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	s.send(w, r, http.StatusOK, sitemapXML, cacheHTML, body, newsTTL, false)
}

func latest(t time.Time, more ...time.Time) time.Time {
	for _, m := range more {
		if m.After(t) {
			t = m
		}
	}
	return t
}
