package editor

import (
	"fmt"
	"net/http"
	"sort"
	"strings"

	"newsbridge/model"
)

type glossaryData struct {
	Terms []termRow
	Query string
	Kinds []string
	Modes []termMode
	Edit  termRow // the add/edit form's values
}

// termMode is a choice of the form's mode select.
type termMode struct{ Value, Label string }

var termModes = []termMode{
	{model.ModeExact, "exact: written as its rendering (as it is where there is none)"},
	{model.ModeKeep, "do not translate: kept as the source writes it"},
	{model.ModeForbidden, "forbidden: the renderings must not be used (flagged)"},
}

type termRow struct {
	model.GlossaryTerm
	Mode       string // the term's mode, never empty
	Renderings []rendering
	Lines      string // the renderings as the form's lines, "ca = text"
}

type rendering struct{ Lang, Text string }

func termRowOf(t model.GlossaryTerm) termRow {
	row := termRow{GlossaryTerm: t, Mode: t.TermMode()}
	for l, s := range t.Renderings {
		row.Renderings = append(row.Renderings, rendering{l, s})
	}
	sort.Slice(row.Renderings, func(i, j int) bool { return row.Renderings[i].Lang < row.Renderings[j].Lang })
	var lines []string
	for _, r := range row.Renderings {
		lines = append(lines, r.Lang+" = "+r.Text)
	}
	row.Lines = strings.Join(lines, "\n")
	return row
}

// glossaryShow lists the glossary's terms with their renderings, searched
// by q (in a term or any of its renderings); ?edit=LANG:TERM fills the form.
func (h *Handler) glossaryShow(w http.ResponseWriter, r *http.Request, u *user) {
	terms, err := h.svc.GlossaryTerms(r.Context(), "")
	if err != nil {
		h.fail(w, r, u, err)
		return
	}
	q := strings.TrimSpace(r.URL.Query().Get("q"))
	d := glossaryData{Query: q, Kinds: []string{model.TermTerm, model.TermPerson, model.TermPlace, model.TermOrganization}, Modes: termModes}
	edit := r.URL.Query().Get("edit")
	for _, t := range terms {
		if edit != "" && edit == t.SourceLang+":"+t.Term {
			d.Edit = termRowOf(t)
		}
		if q != "" && !matches(t, q) {
			continue
		}
		d.Terms = append(d.Terms, termRowOf(t))
	}
	h.render(w, r, http.StatusOK, "glossary", page{Title: "Glossary", User: u, Notice: notice(r), Data: d})
}

func matches(t model.GlossaryTerm, q string) bool {
	q = strings.ToLower(q)
	if strings.Contains(strings.ToLower(t.Term), q) {
		return true
	}
	for _, s := range t.Renderings {
		if strings.Contains(strings.ToLower(s), q) {
			return true
		}
	}
	return false
}

// parseRenderings reads the form's lines "lang = rendering".
func parseRenderings(s string) (map[string]string, error) {
	out := map[string]string{}
	for n, line := range strings.Split(s, "\n") {
		line = strings.TrimSpace(line)
		if line == "" {
			continue
		}
		l, text, ok := strings.Cut(line, "=")
		l, text = strings.TrimSpace(l), strings.TrimSpace(text)
		if !ok || l == "" || text == "" || strings.ContainsAny(l, " \t") {
			return nil, model.Errorf(model.EInvalid, "rendering line %d is not “language = rendering”: %q", n+1, line)
		}
		out[l] = text
	}
	return out, nil
}

func (h *Handler) glossarySave(w http.ResponseWriter, r *http.Request, u *user) {
	if err := parseForm(w, r); err != nil {
		h.fail(w, r, u, err)
		return
	}
	rend, err := parseRenderings(r.PostFormValue("renderings"))
	if err != nil {
		h.fail(w, r, u, err)
		return
	}
	t := &model.GlossaryTerm{SourceLang: strings.TrimSpace(r.PostFormValue("source_lang")), Term: r.PostFormValue("term"),
		Kind: r.PostFormValue("kind"), Mode: r.PostFormValue("mode"), Renderings: rend}
	n, err := h.svc.SaveTerm(r.Context(), t)
	if err != nil {
		h.fail(w, r, u, err)
		return
	}
	seeOther(w, r, withNotice("/editor/glossary", fmt.Sprintf("Saved “%s”: %d translation(s) queued for re-translation (approved ones get a proposal instead).", t.Term, n)))
}

func (h *Handler) glossaryRemove(w http.ResponseWriter, r *http.Request, u *user) {
	if err := parseForm(w, r); err != nil {
		h.fail(w, r, u, err)
		return
	}
	term := r.PostFormValue("term")
	n, err := h.svc.RemoveTerm(r.Context(), r.PostFormValue("source_lang"), term)
	if err != nil {
		h.fail(w, r, u, err)
		return
	}
	seeOther(w, r, withNotice("/editor/glossary", fmt.Sprintf("Removed “%s”: %d translation(s) queued for re-translation.", term, n)))
}
