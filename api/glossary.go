package api

import (
	"errors"
	"net/http"
	"strconv"
	"strings"

	"newsbridge/exchange/tbx"
	"newsbridge/model"
)

// maxTBX bounds an imported TBX glossary.
const maxTBX = 16 << 20

// termJSON is a glossary term as the API shows it.
type termJSON struct {
	SourceLang string            `json:"source_lang"`
	Term       string            `json:"term"`
	Kind       string            `json:"kind"`
	Mode       string            `json:"mode"`
	Renderings map[string]string `json:"renderings"`
}

// glossaryList answers the glossary (?from=L for one source language) as
// JSON or, with ?format=tbx, as a TBX file.
func (a *Handler) glossaryList(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	format := q.Get("format")
	if format != "" && format != "json" && format != "tbx" {
		problem(w, model.Errorf(model.EInvalid, "format must be json or tbx"))
		return
	}
	terms, err := a.svc.GlossaryTerms(r.Context(), q.Get("from"))
	if err != nil {
		problem(w, err)
		return
	}
	if format == "tbx" {
		es := make([]tbx.Entry, len(terms))
		for i, t := range terms {
			es[i] = tbx.Entry{SourceLang: t.SourceLang, Term: t.Term, Kind: t.Kind, Mode: t.TermMode(), Renderings: t.Renderings}
		}
		w.Header().Set("Content-Type", "application/x-tbx+xml; charset=utf-8")
		w.Header().Set("Content-Disposition", `attachment; filename="glossary.tbx"`)
		w.Header().Set("Cache-Control", "no-store")
		tbx.Write(w, es)
		return
	}
	out := []termJSON{}
	for _, t := range terms {
		rs := t.Renderings
		if rs == nil {
			rs = map[string]string{}
		}
		out = append(out, termJSON{t.SourceLang, t.Term, t.Kind, t.TermMode(), rs})
	}
	renderPage(w, r, "terms", out)
}

// glossaryImport saves a TBX file's terms (?format=tbx; ?from=L is the
// source language when an entry has several), all checked first.
func (a *Handler) glossaryImport(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	if q.Get("format") != "tbx" {
		problem(w, model.Errorf(model.EInvalid, "format must be tbx"))
		return
	}
	r.Body = http.MaxBytesReader(w, r.Body, maxTBX)
	es, err := tbx.Read(r.Body, q.Get("from"))
	if err != nil {
		var tooBig *http.MaxBytesError
		if errors.As(err, &tooBig) || strings.Contains(err.Error(), "request body too large") {
			problem(w, model.Errorf(model.EInvalid, "the TBX file is too large (the limit is %d bytes); nothing was saved", maxTBX))
			return
		}
		problem(w, model.Errorf(model.EInvalid, "%v; nothing was saved", err))
		return
	}
	terms := make([]model.GlossaryTerm, len(es))
	for i, e := range es {
		terms[i] = model.GlossaryTerm{SourceLang: e.SourceLang, Term: e.Term, Kind: e.Kind, Mode: e.Mode, Renderings: e.Renderings}
	}
	queued, err := a.svc.ImportGlossary(r.Context(), terms)
	if err != nil {
		problem(w, err)
		return
	}
	render(w, http.StatusOK, map[string]any{"terms": len(terms), "retranslations": queued})
}

// glossaryImpact answers what saving or removing a term would
// re-translate (?from=LANG&term=T&limit=N): the counts and the articles,
// newest first, with their translations; nothing is changed.
func (a *Handler) glossaryImpact(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	limit := 50
	if v := q.Get("limit"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 0 || n > 500 {
			problem(w, model.Errorf(model.EInvalid, "limit must be a number from 0 to 500"))
			return
		}
		limit = n
	}
	im, err := a.svc.GlossaryImpact(r.Context(), q.Get("from"), q.Get("term"), limit)
	if err != nil {
		problem(w, err)
		return
	}
	type tr struct {
		Lang  string `json:"lang"`
		State string `json:"state"`
	}
	type item struct {
		Article      int64  `json:"article"`
		Title        string `json:"title"`
		Translations []tr   `json:"translations"`
	}
	items := []item{}
	for _, at := range im.Items {
		it := item{Article: at.ArticleID, Title: at.Title, Translations: []tr{}}
		for _, t := range at.Translations {
			it.Translations = append(it.Translations, tr{t.Lang, t.State})
		}
		items = append(items, it)
	}
	render(w, http.StatusOK, map[string]any{"articles": im.Articles, "translations": im.Translations, "approved": im.Approved, "items": items})
}
