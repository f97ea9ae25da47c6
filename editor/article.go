package editor

import (
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"strings"

	"newsbridge/model"
	"newsbridge/service"
)

type articleData struct {
	Article    *model.Article
	View       *service.TranslationView
	Segments   []segmentRow
	SourceLang string
	Published  bool
	PublicURL  string
	Engines    []string
	Base       string // the article editor's own path
	Proposed   int    // segments a machine re-translation would change
	Filled     int    // segments with a target
	// Images are the article's pictures and what became of them: why one
	// is missing from the page.
	Images []model.ArticleImage
}

type segmentRow struct {
	service.SegmentView
	Label    string // where the segment is, for people: "Block 3 (paragraph)"
	Base     string // the target the form started from
	Text     string // what the textarea shows
	Conflict *service.EditConflict
	Saved    bool
	// Proposed is a machine re-translation's text for this segment, kept
	// beside an approved translation ("" when there is none or the same).
	Proposed string
	History  []historyRow // the segment's changes, newest first
}

// historyRow is one change of a segment with its word-level diff.
type historyRow struct {
	service.SegmentChange
	Diff []diffPart
}

// articleShow is the article editor: one row per segment, source |
// translation | flags | provenance, with approve, unpublish and
// re-translate.
func (h *Handler) articleShow(w http.ResponseWriter, r *http.Request, u *user) {
	h.articlePage(w, r, u, http.StatusOK, nil, -1, "")
}

// articlePage renders the article editor; a conflict on segment seg
// shows both texts there, the editor's in the textarea.
func (h *Handler) articlePage(w http.ResponseWriter, r *http.Request, u *user, status int, conflict *service.EditConflict, seg int, msg string) {
	id, err := pathID(r, "id")
	if err != nil {
		h.fail(w, r, u, err)
		return
	}
	lang := r.PathValue("lang")
	ctx := r.Context()
	v, err := h.svc.Translation(ctx, id, lang)
	if err != nil {
		h.fail(w, r, u, err)
		return
	}
	a, err := h.st.Article(ctx, id)
	if err != nil {
		h.fail(w, r, u, err)
		return
	}
	d := articleData{Article: a, View: v, SourceLang: a.Language, Base: fmt.Sprintf("/editor/articles/%d/%s", id, lang)}
	// The public page under its slug in lang.
	d.PublicURL = v.Path
	d.Published = v.Path != ""
	if d.Images, err = h.st.ArticleImages(ctx, id); err != nil {
		h.fail(w, r, u, err)
		return
	}
	if tr := h.svc.Translator; tr != nil && tr.Router != nil {
		for _, e := range tr.Router.Engines() {
			d.Engines = append(d.Engines, e.Name())
		}
	}
	saved, _ := strconv.Atoi(r.URL.Query().Get("saved"))
	if r.URL.Query().Get("saved") == "" {
		saved = -1
	}
	var proposal *model.Translation
	if v.State == model.StateApproved {
		if proposal, err = h.svc.Proposal(ctx, id, lang); err != nil {
			h.fail(w, r, u, err)
			return
		}
	}
	history, err := h.svc.SegmentHistory(ctx, id, lang)
	if err != nil {
		h.fail(w, r, u, err)
		return
	}
	fields := make([]string, len(v.Segments))
	for i, sv := range v.Segments {
		fields[i] = sv.Field
	}
	labels := fieldLabels(fields, a.Blocks)
	for i, sv := range v.Segments {
		row := segmentRow{SegmentView: sv, Label: labels[i], Base: sv.Target, Text: sv.Target, Saved: sv.ID == saved}
		for _, c := range history[sv.ID] {
			row.History = append(row.History, historyRow{SegmentChange: c, Diff: wordDiff(c.Before, c.After)})
		}
		if strings.TrimSpace(sv.Target) != "" {
			d.Filled++
		}
		if proposal != nil && sv.ID < len(proposal.Segments) {
			if ps := proposal.Segments[sv.ID]; ps.Source == sv.Source && ps.Target != sv.Target {
				row.Proposed = ps.Target
				d.Proposed++
			}
		}
		if conflict != nil && sv.ID == seg {
			row.Conflict, row.Base, row.Text = conflict, conflict.Current, conflict.Yours
		}
		d.Segments = append(d.Segments, row)
	}
	p := page{Title: fmt.Sprintf("%s — %s", a.Title, model.LookupLang(lang).Name), User: u,
		Dir: model.LookupLang(lang).Dir, Notice: notice(r), Error: msg, Data: d}
	h.render(w, r, status, "article", p)
}

// wantsJSON reports whether the request came from our script (save
// without a reload), which asks for JSON.
func wantsJSON(r *http.Request) bool {
	return strings.Contains(r.Header.Get("Accept"), "application/json")
}

// segmentAnswer is what the script gets back from a save.
type segmentAnswer struct {
	Segment    *service.SegmentView `json:"segment,omitempty"`
	Propagated int                  `json:"propagated"`
	Message    string               `json:"message"`
	Current    *string              `json:"current,omitempty"`
	Yours      *string              `json:"yours,omitempty"`
}

func answerJSON(w http.ResponseWriter, status int, v segmentAnswer) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.WriteHeader(status)
	json.NewEncoder(w).Encode(v)
}

// segmentSave saves one segment. The form carries the text the editor
// started from (base): a segment changed since is a conflict, shown with
// both texts and nothing lost.
func (h *Handler) segmentSave(w http.ResponseWriter, r *http.Request, u *user) {
	id, err := pathID(r, "id")
	if err == nil {
		err = parseForm(w, r)
	}
	seg, serr := strconv.Atoi(r.PathValue("segment"))
	if err == nil && (serr != nil || seg < 0) {
		err = model.Errorf(model.EInvalid, "segment must be a number")
	}
	lang := r.PathValue("lang")
	var res *service.EditResult
	if err == nil {
		var base *string
		if b, ok := r.PostForm["base"]; ok && len(b) == 1 {
			base = &b[0]
		}
		res, err = h.svc.EditSegment(r.Context(), id, lang, seg, r.PostFormValue("target"), base)
	}
	var c *service.EditConflict
	switch {
	case err == nil && wantsJSON(r):
		answerJSON(w, http.StatusOK, segmentAnswer{Segment: &res.Segment, Propagated: len(res.Propagated), Message: savedMessage(res)})
	case err == nil:
		seeOther(w, r, withNotice(fmt.Sprintf("/editor/articles/%d/%s?saved=%d#seg-%d", id, lang, seg, seg), savedMessage(res)))
	case wantsJSON(r):
		status := statusOf[model.ErrorCode(err)]
		msg := model.ErrorMessage(err)
		if status == 0 {
			status, msg = 500, "internal error"
			h.cfg.Log.Error("editor: save failed", "err", err)
		}
		a := segmentAnswer{Message: msg}
		if errors.As(err, &c) {
			a.Current, a.Yours = &c.Current, &c.Yours
		}
		answerJSON(w, status, a)
	case errors.As(err, &c):
		h.articlePage(w, r, u, http.StatusConflict, c, seg, model.ErrorMessage(err))
	case model.ErrorCode(err) == model.EInvalid && id > 0:
		h.articlePage(w, r, u, http.StatusBadRequest, nil, -1, fmt.Sprintf("Segment %d was not saved: %s", seg+1, model.ErrorMessage(err)))
	default:
		h.fail(w, r, u, err)
	}
}

func savedMessage(res *service.EditResult) string {
	msg := fmt.Sprintf("Segment %d saved.", res.Segment.ID+1)
	if n := len(res.Propagated); n > 0 {
		msg += fmt.Sprintf(" The same correction was applied to %d other article(s).", n)
	}
	return msg
}

func (h *Handler) translationAction(w http.ResponseWriter, r *http.Request, u *user, do func(id int64, lang string) (string, error)) {
	id, err := pathID(r, "id")
	if err != nil {
		h.fail(w, r, u, err)
		return
	}
	if err := parseForm(w, r); err != nil {
		h.fail(w, r, u, err)
		return
	}
	lang := r.PathValue("lang")
	msg, err := do(id, lang)
	if err != nil {
		h.fail(w, r, u, err)
		return
	}
	seeOther(w, r, withNotice(fmt.Sprintf("/editor/articles/%d/%s", id, lang), msg))
}

func (h *Handler) translationApprove(w http.ResponseWriter, r *http.Request, u *user) {
	h.translationAction(w, r, u, func(id int64, lang string) (string, error) {
		_, err := h.svc.Approve(r.Context(), id, lang)
		return "Approved: later engine or glossary changes will be proposed beside it, never written over it.", err
	})
}

func (h *Handler) translationUnpublish(w http.ResponseWriter, r *http.Request, u *user) {
	h.translationAction(w, r, u, func(id int64, lang string) (string, error) {
		return "Taken off the site; the translation is kept.", h.svc.Unpublish(r.Context(), id, lang)
	})
}

func (h *Handler) translationRetranslate(w http.ResponseWriter, r *http.Request, u *user) {
	h.translationAction(w, r, u, func(id int64, lang string) (string, error) {
		engine := r.PostFormValue("engine")
		v, err := h.svc.Retranslate(r.Context(), id, lang, engine)
		if err != nil {
			return "", err
		}
		if v.State == model.StateApproved {
			return "Re-translated with " + engine + ": the approved text is kept; the new version is stored as a proposal.", nil
		}
		return "Re-translated with " + engine + ".", nil
	})
}
