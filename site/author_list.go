package site

import (
	"net/http"
	"strings"

	"newsbridge/model"
)

// authorList is an author's page: GET /{lang}/author/{author}/?page=N,
// the author's stories published in the language, newest first.
func (s *Site) authorList(w http.ResponseWriter, r *http.Request) {
	l := s.lang(w, r)
	if l == nil {
		return
	}
	n, ok := parsePage(r)
	if !ok {
		s.notFound(w, r)
		return
	}
	spec, err := s.authorSpec(r, l)
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	s.listPage(w, r, l, spec, n)
}

// authorRedirect sends /{lang}/author/{author} to the author's page.
func (s *Site) authorRedirect(w http.ResponseWriter, r *http.Request) {
	l := s.lang(w, r)
	if l == nil {
		return
	}
	a, err := s.cfg.Backend.Author(r.Context(), r.PathValue("author"))
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	setSecurityHeaders(w.Header())
	http.Redirect(w, r, s.authorPath(l, a.Slug), http.StatusMovedPermanently)
}

// authorSpec is the list of the author named by the path; an unknown
// author is an error with code model.ENotFound.
func (s *Site) authorSpec(r *http.Request, l *langInfo) (*listSpec, error) {
	a, err := s.cfg.Backend.Author(r.Context(), r.PathValue("author"))
	if err != nil {
		return nil, err
	}
	f := model.StoryFilter{Author: a.Slug}
	return &listSpec{filter: f, heading: strings.Replace(l.T.ArticlesBy, "%s", a.Name, 1), path: s.authorPath(l, a.Slug),
		alternates: func(p *page) {
			// The author's page in every language that has a story of theirs.
			s.listAlternates(p, func(o *langInfo) bool { return s.hasStories(r, o.Tag, f) },
				func(o *langInfo) string { return s.authorPath(o, a.Slug) })
		}}, nil
}
