package site

import "net/http"

// categoryList is a category's page: GET /{lang}/{category}/?page=N.
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
		s.notFound(w, r)
		return
	}
	s.listPage(w, r, l, cat, n)
}

// categoryRedirect sends /{lang}/{category} to the category's page, which
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
		s.notFound(w, r)
		return
	}
	setSecurityHeaders(w.Header())
	http.Redirect(w, r, s.categoryPath(l, cat.Slug), http.StatusMovedPermanently)
}
