package editor

import (
	"fmt"
	"net/http"
	"sort"
	"strings"

	"newsbridge/model"
	"newsbridge/service"
)

type glossaryData struct {
	Terms []termRow
	Uses  map[string]int // articles mentioning each term, by "lang:term"
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
	Uses       int    // articles mentioning it
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
	var shown []model.GlossaryTerm
	for _, t := range d.Terms {
		shown = append(shown, t.GlossaryTerm)
	}
	uses, err := h.svc.TermUses(r.Context(), shown)
	if err != nil {
		h.fail(w, r, u, err)
		return
	}
	for i := range d.Terms {
		d.Terms[i].Uses = uses[d.Terms[i].SourceLang+":"+d.Terms[i].Term]
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

// termForm reads the term form.
func termForm(w http.ResponseWriter, r *http.Request) (*model.GlossaryTerm, error) {
	if err := parseForm(w, r); err != nil {
		return nil, err
	}
	rend, err := parseRenderings(r.PostFormValue("renderings"))
	if err != nil {
		return nil, err
	}
	return &model.GlossaryTerm{SourceLang: strings.TrimSpace(r.PostFormValue("source_lang")), Term: r.PostFormValue("term"),
		Kind: r.PostFormValue("kind"), Mode: r.PostFormValue("mode"), Renderings: rend}, nil
}

// impactList bounds the articles a glossary change's preview lists.
const impactList = 100

type glossaryConfirm struct {
	Mode   string   // save, remove or uses
	Term   termRow  // the term as it would be saved (or is, to remove)
	Before *termRow // the term as it is now; nil for a new term
	Impact *service.TermImpact
	More   int // articles affected beyond those listed
}

// glossaryPreview shows what saving the form's term would change — its
// renderings before and after, and the articles whose translations would
// be re-translated — with the form to save it.
func (h *Handler) glossaryPreview(w http.ResponseWriter, r *http.Request, u *user) {
	t, err := termForm(w, r)
	if err != nil {
		h.fail(w, r, u, err)
		return
	}
	h.glossaryConfirmPage(w, r, u, t, "save")
}

// glossaryConfirmRemove asks before removing a term, listing the
// articles it would re-translate.
func (h *Handler) glossaryConfirmRemove(w http.ResponseWriter, r *http.Request, u *user) {
	h.glossaryTermPage(w, r, u, "remove")
}

// glossaryUses lists the articles that mention a term: its where-used
// count, opened.
func (h *Handler) glossaryUses(w http.ResponseWriter, r *http.Request, u *user) {
	h.glossaryTermPage(w, r, u, "uses")
}

func (h *Handler) glossaryTermPage(w http.ResponseWriter, r *http.Request, u *user, mode string) {
	q := r.URL.Query()
	terms, err := h.svc.GlossaryTerms(r.Context(), q.Get("source_lang"))
	if err != nil {
		h.fail(w, r, u, err)
		return
	}
	for _, t := range terms {
		if t.Term == q.Get("term") {
			h.glossaryConfirmPage(w, r, u, &t, mode)
			return
		}
	}
	h.fail(w, r, u, model.Errorf(model.ENotFound, "the glossary has no term %q in %q", q.Get("term"), q.Get("source_lang")))
}

// glossaryConfirmPage shows term with the articles a change of it
// re-translates; mode "save" and "remove" ask to confirm that change,
// "uses" only lists them.
func (h *Handler) glossaryConfirmPage(w http.ResponseWriter, r *http.Request, u *user, t *model.GlossaryTerm, mode string) {
	im, err := h.svc.GlossaryImpact(r.Context(), t.SourceLang, t.Term, impactList)
	if err != nil {
		h.fail(w, r, u, err)
		return
	}
	d := glossaryConfirm{Mode: mode, Term: termRowOf(*t), Impact: im, More: im.Articles - len(im.Items)}
	terms, err := h.svc.GlossaryTerms(r.Context(), t.SourceLang)
	if err != nil {
		h.fail(w, r, u, err)
		return
	}
	for _, old := range terms {
		if old.Term == t.Term {
			row := termRowOf(old)
			d.Before = &row
		}
	}
	title := map[string]string{"save": "Save “%s”?", "remove": "Remove “%s”?", "uses": "Where “%s” is used"}[mode]
	title = fmt.Sprintf(title, t.Term)
	h.render(w, r, http.StatusOK, "glossary_confirm", page{Title: title, User: u, Data: d})
}

func (h *Handler) glossarySave(w http.ResponseWriter, r *http.Request, u *user) {
	t, err := termForm(w, r)
	if err != nil {
		h.fail(w, r, u, err)
		return
	}
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
