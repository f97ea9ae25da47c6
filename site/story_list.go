package site

import (
	"html/template"
	"net/http"
	"strconv"

	"newsbridge/model"
)

// storyList is the latest-news page of a language: GET /{lang}/?page=N.
func (s *Site) storyList(w http.ResponseWriter, r *http.Request) {
	l := s.lang(w, r)
	if l == nil {
		return
	}
	n, ok := parsePage(r)
	if !ok {
		s.notFound(w, r)
		return
	}
	s.listPage(w, r, l, nil, n)
}

// listSpec is what a list page other than the latest news lists: a
// section's, an author's or an outlet's stories.
type listSpec struct {
	filter  model.StoryFilter
	heading string
	// headingHTML is the heading with a name marked up, "" when plain.
	headingHTML template.HTML
	path        string
	// alternates links the same list in the other languages.
	alternates func(p *page)
}

// sectionSpec is the list of a section.
func (s *Site) sectionSpec(r *http.Request, l *langInfo, cat *model.Category) *listSpec {
	return &listSpec{filter: model.StoryFilter{Section: cat.Slug}, heading: cat.Name, path: s.categoryPath(l, cat.Slug),
		alternates: func(p *page) { s.categoryAlternates(r, p, cat.Slug) }}
}

// listPage renders page n of a language's stories (spec nil), or of a
// section's, an author's or an outlet's.
func (s *Site) listPage(w http.ResponseWriter, r *http.Request, l *langInfo, spec *listSpec, n int) {
	ctx := r.Context()
	heading, path := l.T.Latest, "/"+l.Prefix+"/"
	var f model.StoryFilter
	var headingHTML template.HTML
	if spec != nil {
		f, heading, headingHTML, path = spec.filter, spec.heading, spec.headingHTML, spec.path
	}
	stories, total, err := s.cfg.Backend.StoriesBy(ctx, l.Tag, f, (n-1)*s.perPage, s.perPage)
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	pages := max(1, (total+s.perPage-1)/s.perPage)
	if n > pages || (spec != nil && total == 0) {
		s.notFound(w, r)
		return
	}
	v := &listView{Heading: heading, HeadingHTML: headingHTML, Empty: l.T.NoResults, Pager: s.pager(l, path, n, pages)}
	for i := range stories {
		v.Stories = append(v.Stories, s.teaser(l, &stories[i]))
	}
	title := heading + " — " + s.cfg.SiteName
	canonical := s.url(path)
	if n > 1 {
		title = heading + " (" + v.Pager.Text + ") — " + s.cfg.SiteName
		canonical += "?page=" + strconv.Itoa(n)
	}
	p := s.newPage(l, title, v)
	p.Canonical = canonical
	p.Description = heading + " — " + s.cfg.SiteName
	s.withNav(ctx, p)
	s.withFeeds(p, path, heading)
	if spec == nil {
		s.homeAlternates(p)
	} else {
		spec.alternates(p)
	}
	s.render(w, r, http.StatusOK, "list", p, false)
}

// homeAlternates links every language's front page; x-default is the root,
// which picks a language from the reader's browser.
func (s *Site) homeAlternates(p *page) {
	for _, o := range s.langs {
		p.Alternates = append(p.Alternates, altLink{Lang: o.Tag, Href: s.url("/" + o.Prefix + "/")})
	}
	p.XDefault = s.url("/")
}

// categoryAlternates links the same category in every language that has
// it; the language switcher falls back to the front page elsewhere.
func (s *Site) categoryAlternates(r *http.Request, p *page, slug string) {
	s.listAlternates(p, func(o *langInfo) bool { return s.hasCategory(r, o, slug) },
		func(o *langInfo) string { return s.categoryPath(o, slug) })
}

// listAlternates links a list page to the same list in each language
// that has it (has), at path, and points the language switcher there;
// the switcher falls back to the front page elsewhere.
func (s *Site) listAlternates(p *page, has func(*langInfo) bool, path func(*langInfo) string) {
	for i, o := range s.langs {
		if !has(o) {
			continue
		}
		href := path(o)
		p.Alternates = append(p.Alternates, altLink{Lang: o.Tag, Href: s.url(href)})
		p.Switcher[i].Href = href
		if o == s.def {
			p.XDefault = s.url(href)
		}
	}
}

// hasStories reports whether lang has a published story that f matches.
func (s *Site) hasStories(r *http.Request, lang string, f model.StoryFilter) bool {
	_, n, err := s.cfg.Backend.StoriesBy(r.Context(), lang, f, 0, 1)
	return err == nil && n > 0
}

// findCategory returns a language's category by slug, nil when the
// language has no published story in it.
func (s *Site) findCategory(r *http.Request, l *langInfo, slug string) (*model.Category, error) {
	cats, err := s.cfg.Backend.Categories(r.Context(), l.Tag)
	if err != nil {
		return nil, err
	}
	for i := range cats {
		if cats[i].Slug == slug {
			return &cats[i], nil
		}
	}
	return nil, nil
}

// hasCategory reports whether a language has the category.
func (s *Site) hasCategory(r *http.Request, l *langInfo, slug string) bool {
	c, err := s.findCategory(r, l, slug)
	return err == nil && c != nil
}
