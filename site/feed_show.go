package site

import (
	"bytes"
	"html/template"
	"net/http"
	"strconv"
	"strings"

	"newsbridge/model"
	"newsbridge/syndication"
)

// feedSize is how many stories a feed carries.
const feedSize = 30

// feedFormats maps a feed's file name to its renderer and media type.
var feedFormats = map[string]struct {
	render      func(syndication.Channel) ([]byte, error)
	contentType string
}{
	"feed.rss":  {syndication.RSS, "application/rss+xml; charset=utf-8"},
	"feed.atom": {syndication.Atom, "application/atom+xml; charset=utf-8"},
	"feed.json": {syndication.JSONFeed, "application/feed+json; charset=utf-8"},
}

// feedShow serves a language's feeds (GET /{lang}/feed.rss|feed.atom|feed.json),
// a section's (GET /{lang}/{category}/feed.rss …), an author's
// (GET /{lang}/author/{author}/feed.rss …) and an outlet's
// (GET /{lang}/outlet/{outlet}/feed.rss …). Entries carry the full
// article, its machine-translation notice included.
func (s *Site) feedShow(w http.ResponseWriter, r *http.Request) {
	l := s.lang(w, r)
	if l == nil {
		return
	}
	name := r.URL.Path[strings.LastIndexByte(r.URL.Path, '/')+1:]
	format, ok := feedFormats[name]
	if !ok {
		s.notFound(w, r)
		return
	}
	ctx := r.Context()
	var f model.StoryFilter
	heading, listPath := l.T.Latest, "/"+l.Prefix+"/"
	if c := r.PathValue("category"); c != "" {
		cat, err := s.findCategory(r, l, c)
		if err != nil {
			s.serverError(w, r, err)
			return
		}
		if cat == nil {
			s.oldCategoryRedirect(w, r, l, name)
			return
		}
		f.Section, heading, listPath = cat.Slug, cat.Name, s.categoryPath(l, cat.Slug)
	}
	if r.PathValue("author") != "" {
		spec, err := s.authorSpec(r, l)
		if err != nil {
			s.serverError(w, r, err)
			return
		}
		f, heading, listPath = spec.filter, spec.heading, spec.path
	}
	if r.PathValue("outlet") != "" {
		o, err := s.outlet(r)
		if err != nil {
			s.serverError(w, r, err)
			return
		}
		if o.Key() != r.PathValue("outlet") {
			s.movedTo(w, r, s.outletPath(l, o.Key())+name)
			return
		}
		spec := s.outletSpec(r, l, o)
		f, heading, listPath = spec.filter, spec.heading, spec.path
	}
	stories, total, err := s.cfg.Backend.StoriesBy(ctx, l.Tag, f, 0, feedSize)
	if err == nil && total == 0 && (f.Author != "" || f.SourceID != 0) {
		s.notFound(w, r) // an author or an outlet with nothing in this language
		return
	}
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	ch := syndication.Channel{
		Title:       heading + " — " + s.cfg.SiteName,
		Description: heading + " — " + s.cfg.SiteName,
		Lang:        l.Tag,
		SiteURL:     s.url(listPath),
		SelfURL:     s.url(r.URL.Path),
	}
	for i := range stories {
		st := &stories[i]
		if len(st.Blocks) == 0 {
			// Stories may come without bodies; a feed carries the whole
			// article, so fetch it. This runs once per change, not per reader.
			full, err := s.cfg.Backend.Story(ctx, l.Tag, st.Slug)
			if err != nil {
				s.log.Warn("site: unable to load story for feed", "slug", st.Slug, "err", err)
			} else if full != nil {
				st = full
			}
		}
		ch.Entries = append(ch.Entries, syndication.Entry{
			// The id is the bare-id URL, which redirects to the current
			// one: a slug that changes with the title must not make the
			// entry new to feed readers.
			ID:          s.url(s.articlePath(l, strconv.FormatInt(st.ArticleID, 10))),
			URL:         s.url(s.articlePath(l, st.Slug)),
			OriginalURL: safeHref(st.OriginalURL),
			Title:       st.Title,
			Summary:     st.Lead,
			ContentHTML: string(s.feedContent(l, st)),
			Author:      st.Byline,
			Category:    st.Category.Name,
			Published:   st.Published,
			Updated:     st.Updated,
			Image:       s.storyImage(st),
		})
	}
	body, err := format.render(ch)
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	s.send(w, r, http.StatusOK, format.contentType, cacheHTML, body, 0, false)
}

// feedContent is an article's body as a feed reader gets it: the notice
// (when translated), the blocks rendered by the page's own block template,
// so feeds and pages are sanitized by the same code, and image paths made
// absolute.
func (s *Site) feedContent(l *langInfo, st *model.Story) template.HTML {
	v := s.articleView(l, st, nil, nil, false)
	var b bytes.Buffer
	if v.Notice != "" {
		b.WriteString(`<p><em>` + string(v.Notice) + `</em></p>`)
	}
	t := s.views["article"]
	for _, blk := range v.Blocks {
		if blk.Kind == "figure" {
			// Feed readers resolve no relative srcset: one absolute src.
			blk.Src, blk.SrcSet, blk.Sizes = s.url(blk.Src), "", ""
		}
		if err := t.ExecuteTemplate(&b, "block", blk); err != nil {
			s.log.Warn("site: unable to render feed block", "slug", st.Slug, "err", err)
		}
	}
	if v.Attribution != "" {
		b.WriteString(`<p>` + string(v.Attribution) + `</p>`)
	}
	return template.HTML(b.String())
}
