package site

import (
	"net/http"
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
		sections := map[*langInfo][]string{}
		for o, cs := range catsByLang {
			for _, c := range cs {
				sections[o] = append(sections[o], c.Slug)
			}
		}
		urls = s.keyedEntries(urls, l, sections, s.categoryPath)
		// Authors' and outlets' pages, each linked to the same author's or
		// outlet's page in the other languages that have one.
		authors, outlets := map[*langInfo][]string{}, map[*langInfo][]string{}
		for _, o := range s.langs {
			as, err := s.cfg.Backend.Authors(ctx, o.Tag)
			if err != nil {
				s.serverError(w, r, err)
				return
			}
			for _, a := range as {
				authors[o] = append(authors[o], a.Slug)
			}
			os, err := s.cfg.Backend.Outlets(ctx, o.Tag)
			if err != nil {
				s.serverError(w, r, err)
				return
			}
			for _, x := range os {
				outlets[o] = append(outlets[o], x.Key())
			}
		}
		urls = s.keyedEntries(urls, l, authors, s.authorPath)
		urls = s.keyedEntries(urls, l, outlets, s.outletPath)
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

// keyedEntries appends the sitemap entries of l's pages named by a key
// (an author's slug, an outlet's key; byLang holds each language's), each
// linked to the page of the same key in the other languages that have
// one, leaving room for a full chunk of stories.
func (s *Site) keyedEntries(urls []syndication.URLEntry, l *langInfo, byLang map[*langInfo][]string, path func(*langInfo, string) string) []syndication.URLEntry {
	has := map[*langInfo]map[string]bool{}
	for o, keys := range byLang {
		has[o] = map[string]bool{}
		for _, k := range keys {
			has[o][k] = true
		}
	}
	for _, k := range byLang[l] {
		if len(urls) >= syndication.MaxSitemapURLs-s.sitemapChunk {
			break
		}
		u := syndication.URLEntry{Loc: s.url(path(l, k))}
		for _, o := range s.langs {
			if has[o][k] {
				u.Alternates = append(u.Alternates, syndication.Alternate{HrefLang: o.Tag, Href: s.url(path(o, k))})
			}
		}
		urls = append(urls, u)
	}
	return urls
}
