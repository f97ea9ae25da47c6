package site

import (
	"net/http"
	"strings"
)

// categoryList is a section's page: GET /{lang}/{category}/?page=N. An
// outlet's own category (the site's lists before sections) redirects to
// the section it maps to.
func (s *Site) categoryList(w http.ResponseWriter, r *http.Request) {
	l := s.lang(w, r)
	if l == nil {
		return
	}
	n, ok := parsePage(r)
	if !ok {
		s.notFound(w, r)
		return
	}
	cat, err := s.findCategory(r, l, r.PathValue("category"))
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	if cat == nil {
		s.oldCategoryRedirect(w, r, l, "")
		return
	}
	s.listPage(w, r, l, s.sectionSpec(r, l, cat), n)
}

// categoryRedirect sends /{lang}/{category} to the section's page, which
// ends in a slash like every list.
func (s *Site) categoryRedirect(w http.ResponseWriter, r *http.Request) {
	l := s.lang(w, r)
	if l == nil {
		return
	}
	cat, err := s.findCategory(r, l, r.PathValue("category"))
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	if cat == nil {
		s.oldCategoryRedirect(w, r, l, "")
		return
	}
	setSecurityHeaders(w.Header())
	http.Redirect(w, r, s.categoryPath(l, cat.Slug), http.StatusMovedPermanently)
}

// oldCategoryRedirect answers a path whose {category} is not a section:
// an outlet's category that articles published in this language carry
// redirects permanently to the section it maps to (then to suffix there,
// a feed's name), cached a day as the operator may map it elsewhere;
// anything else is not found.
func (s *Site) oldCategoryRedirect(w http.ResponseWriter, r *http.Request, l *langInfo, suffix string) {
	sec, err := s.cfg.Backend.CategorySection(r.Context(), r.PathValue("category"))
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	if sec == "" || strings.ContainsAny(sec, "/?#") {
		s.notFound(w, r)
		return
	}
	if c, err := s.findCategory(r, l, sec); err != nil || c == nil {
		s.notFound(w, r)
		return
	}
	s.movedTo(w, r, s.categoryPath(l, sec)+suffix)
}
