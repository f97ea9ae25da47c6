package site

import (
	"html"
	"html/template"
	"net/http"
	"slices"
	"strings"

	"newsbridge/model"
)

// moreCount is how many stories "More in …" lists.
const moreCount = 5

// articleShow is the article page: GET /{lang}/a/{slug}.
func (s *Site) articleShow(w http.ResponseWriter, r *http.Request) {
	l := s.lang(w, r)
	if l == nil {
		return
	}
	ctx := r.Context()
	st, err := s.cfg.Backend.Story(ctx, l.Tag, r.PathValue("slug"))
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	if st == nil {
		s.notFound(w, r)
		return
	}
	if st.Slug != r.PathValue("slug") {
		// An earlier slug, the source's or the bare id: the story lives
		// at its current URL.
		s.movedTo(w, r, s.articlePath(l, st.Slug))
		return
	}
	comments, commentsErr := s.cfg.Backend.Comments(ctx, st.ArticleID, l.Tag)
	if commentsErr != nil {
		// Comments are secondary: the article still renders, uncached.
		s.log.Warn("site: unable to list comments", "article", st.ArticleID, "err", commentsErr)
	}
	var more []teaser
	if st.Category.Slug != "" {
		related, _, err := s.cfg.Backend.Stories(ctx, l.Tag, st.Category.Slug, 0, moreCount+1)
		if err != nil {
			s.log.Warn("site: unable to list related stories", "article", st.ArticleID, "err", err)
		}
		for i := range related {
			if related[i].ArticleID != st.ArticleID && len(more) < moreCount {
				more = append(more, s.teaser(l, &related[i]))
			}
		}
	}
	pending := r.URL.RawQuery == "comment=pending"
	v := s.articleView(l, st, more, comments, pending)
	v.Related = s.relatedLists(r, l, st)

	path := s.articlePath(l, st.Slug)
	canonical := s.url(path)
	p := s.newPage(l, st.Title+" — "+s.cfg.SiteName, v)
	p.Canonical = canonical
	p.Description = clip(st.Lead, 160)
	if p.Description == "" {
		for _, b := range st.Blocks {
			if b.Type == "paragraph" && b.Text != "" {
				p.Description = clip(b.Text, 160)
				break
			}
		}
	}
	s.articleAlternates(p, st)
	s.withNav(ctx, p)
	s.withFeeds(p, "/"+l.Prefix+"/", l.T.Latest)
	p.OG = &openGraph{Type: "article", Title: st.Title, Description: p.Description, URL: canonical,
		Image: s.storyImage(st), Locale: ogLocale(l.Tag),
		Published: isoDate(st.Published), Modified: isoDate(st.Updated)}
	p.JSONLD = s.jsonLD(l, st, canonical)
	// Only the canonical form and the post-comment form are cached: other
	// queries (?utm_…) render each time rather than fill the cache.
	noStore := commentsErr != nil || (r.URL.RawQuery != "" && !pending)
	s.render(w, r, http.StatusOK, "article", p, noStore)
}

// articleAlternates links the story in every enabled language it is
// published in, and makes the language switcher stay on the story.
// x-default is the source language's version when published, else the
// default language's.
func (s *Site) articleAlternates(p *page, st *model.Story) {
	p.Switcher = p.Switcher[:0]
	var xdef, xdefDefault string
	for _, o := range s.langs {
		if o != p.Lang && !slices.Contains(st.Langs, o.Tag) {
			continue
		}
		href := s.articlePath(o, slugIn(st, o.Tag))
		p.Alternates = append(p.Alternates, altLink{Lang: o.Tag, Href: s.url(href)})
		p.Switcher = append(p.Switcher, altLink{Lang: o.Tag, Name: o.Name, Dir: o.Dir, Href: href, Current: o == p.Lang})
		if st.SourceLang != "" && o.Tag == st.SourceLang {
			xdef = s.url(href)
		}
		if o == s.def {
			xdefDefault = s.url(href)
		}
	}
	if xdef == "" {
		xdef = xdefDefault
	}
	if xdef == "" {
		xdef = p.Canonical
	}
	p.XDefault = xdef
}

// ogLocale turns a BCP-47 tag into OpenGraph's ll_CC form where it can.
func ogLocale(tag string) string {
	for i := 0; i < len(tag); i++ {
		if tag[i] == '-' {
			return tag[:i] + "_" + tag[i+1:]
		}
	}
	return tag
}

// movedTo answers 301 with the page's current URL (the query kept). The
// redirect is cached a day, not for ever: a title changed back makes an
// earlier slug current again, a category can be mapped to another section.
func (s *Site) movedTo(w http.ResponseWriter, r *http.Request, path string) {
	to := s.url(path)
	if r.URL.RawQuery != "" {
		to += "?" + r.URL.RawQuery
	}
	h := w.Header()
	setSecurityHeaders(h)
	h.Set("Cache-Control", "public, max-age=86400")
	http.Redirect(w, r, to, http.StatusMovedPermanently)
}

// relatedList is a list beside the article: by the same author, from the
// same outlet.
type relatedList struct {
	ID    string
	Title template.HTML
	URL   string // the whole list's page, "" when it has none
	Items []teaser
}

// relatedLists are "More by" the article's first author and "More from"
// its outlet, each left out when empty and linking its whole list. A backend error costs the list,
// not the page.
func (s *Site) relatedLists(r *http.Request, l *langInfo, st *model.Story) []relatedList {
	others := func(f model.StoryFilter) []teaser {
		list, _, err := s.cfg.Backend.StoriesBy(r.Context(), l.Tag, f, 0, moreCount+1)
		if err != nil {
			s.log.Warn("site: unable to list related stories", "article", st.ArticleID, "err", err)
		}
		var out []teaser
		for i := range list {
			if list[i].ArticleID != st.ArticleID && len(out) < moreCount {
				out = append(out, s.teaser(l, &list[i]))
			}
		}
		return out
	}
	var out []relatedList
	if len(st.Authors) > 0 {
		a := st.Authors[0]
		if items := others(model.StoryFilter{Author: a.Slug}); len(items) > 0 {
			out = append(out, relatedList{ID: "more-author", URL: s.authorPath(l, a.Slug), Items: items,
				Title: formatHTML(l.T.MoreBy, template.HTML("<bdi>"+html.EscapeString(a.Name)+"</bdi>"))})
		}
	}
	if st.SourceID != 0 && strings.TrimSpace(st.SourceName) != "" {
		if items := others(model.StoryFilter{SourceID: st.SourceID}); len(items) > 0 {
			out = append(out, relatedList{ID: "more-outlet", URL: s.outletPath(l, model.OutletKey(st.SourceID, st.SourceName)), Items: items,
				Title: formatHTML(l.T.MoreFrom, s.outletName(st))})
		}
	}
	return out
}
