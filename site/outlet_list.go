package site

import (
	"html"
	"html/template"
	"net/http"
	"strings"

	"newsbridge/model"
)

// outletList is an outlet's page: GET /{lang}/outlet/{outlet}/?page=N,
// the outlet's stories published in the language, newest first. {outlet}
// is model.OutletKey's; a key with the outlet's id and another name (the
// outlet renamed) redirects to the current one.
func (s *Site) outletList(w http.ResponseWriter, r *http.Request) {
	l := s.lang(w, r)
	if l == nil {
		return
	}
	n, ok := parsePage(r)
	if !ok {
		s.notFound(w, r)
		return
	}
	o, err := s.outlet(r)
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	if o.Key() != r.PathValue("outlet") {
		s.movedTo(w, r, s.outletPath(l, o.Key()))
		return
	}
	s.listPage(w, r, l, s.outletSpec(r, l, o), n)
}

// outletRedirect sends /{lang}/outlet/{outlet} to the outlet's page,
// under its current key.
func (s *Site) outletRedirect(w http.ResponseWriter, r *http.Request) {
	l := s.lang(w, r)
	if l == nil {
		return
	}
	o, err := s.outlet(r)
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	s.movedTo(w, r, s.outletPath(l, o.Key()))
}

// outlet is the outlet the path's key names, by the id it starts with;
// a key without one or an unknown id is an error with code
// model.ENotFound.
func (s *Site) outlet(r *http.Request) (*model.Outlet, error) {
	key := r.PathValue("outlet")
	id, ok := model.OutletID(key)
	if !ok {
		return nil, model.Errorf(model.ENotFound, "no outlet %q", key)
	}
	return s.cfg.Backend.Outlet(r.Context(), id)
}

// outletSpec is the list of an outlet's stories; the heading names the
// outlet in its own language.
func (s *Site) outletSpec(r *http.Request, l *langInfo, o *model.Outlet) *listSpec {
	f := model.StoryFilter{SourceID: o.ID}
	name := strings.TrimSpace(o.Name)
	return &listSpec{filter: f, heading: strings.Replace(l.T.ArticlesFrom, "%s", name, 1),
		headingHTML: formatHTML(l.T.ArticlesFrom, outletNameHTML(name, o.Lang)), path: s.outletPath(l, o.Key()),
		alternates: func(p *page) {
			// The outlet's page in every language that has a story of its.
			s.listAlternates(p, func(x *langInfo) bool { return s.hasStories(r, x.Tag, f) },
				func(x *langInfo) string { return s.outletPath(x, o.Key()) })
		}}
}

// outletName is the story's outlet's name marked up in its own language.
func (s *Site) outletName(st *model.Story) template.HTML {
	return outletNameHTML(strings.TrimSpace(st.SourceName), st.SourceLang)
}

// outletNameHTML is an outlet's name isolated (<bdi>: a Latin name in
// Arabic text keeps its order) and, when lang is a valid tag, marked as
// written in it.
func outletNameHTML(name, lang string) template.HTML {
	name = html.EscapeString(name)
	if lang != "" && validTag(lang) {
		return template.HTML(`<bdi lang="` + html.EscapeString(lang) + `">` + name + `</bdi>`)
	}
	return template.HTML("<bdi>" + name + "</bdi>")
}
