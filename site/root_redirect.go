package site

import (
	"net/http"

	"golang.org/x/text/language"
)

// rootRedirect sends / to the reader's language, chosen from
// Accept-Language, or to the default language. The matcher answers with a
// tag that may carry extensions ("es-u-rg-eszzzz"), so the language is
// taken from the index it returns, never from the tag.
func (s *Site) rootRedirect(w http.ResponseWriter, r *http.Request) {
	l := s.def
	if tags, _, err := language.ParseAcceptLanguage(r.Header.Get("Accept-Language")); err == nil && len(tags) > 0 {
		if _, i, conf := s.matcher.Match(tags...); conf != language.No {
			l = s.matchOrder(i)
		}
	}
	h := w.Header()
	setSecurityHeaders(h)
	h.Set("Vary", "Accept-Language")
	h.Set("Cache-Control", "private, no-cache")
	http.Redirect(w, r, "/"+l.Prefix+"/", http.StatusFound)
}

// langRedirect sends /es to /es/.
func (s *Site) langRedirect(w http.ResponseWriter, r *http.Request) {
	l := s.lang(w, r)
	if l == nil {
		return
	}
	setSecurityHeaders(w.Header())
	http.Redirect(w, r, "/"+l.Prefix+"/", http.StatusMovedPermanently)
}
