package editor

import (
	"fmt"
	"net/http"
	"strings"
	"time"

	"newsbridge/model"
	"newsbridge/store"
)

// sourcesShow lists the outlets followed: status, last and next check,
// last error; with the forms to add, poll now, pause or resume, and remove.
func (h *Handler) sourcesShow(w http.ResponseWriter, r *http.Request, u *user) {
	srcs, err := h.svc.Sources(r.Context())
	if err != nil {
		h.fail(w, r, u, err)
		return
	}
	h.render(w, r, http.StatusOK, "sources", page{Title: "Sources", User: u, Notice: notice(r), Data: srcs})
}

// defaultInterval is a new source's polling interval.
const defaultInterval = 15 * time.Minute

func (h *Handler) sourceAdd(w http.ResponseWriter, r *http.Request, u *user) {
	if err := parseForm(w, r); err != nil {
		h.fail(w, r, u, err)
		return
	}
	src, err := h.svc.AddSource(r.Context(), strings.TrimSpace(r.PostFormValue("feed_url")), strings.TrimSpace(r.PostFormValue("name")),
		strings.TrimSpace(r.PostFormValue("language")), defaultInterval)
	if err != nil {
		h.fail(w, r, u, err)
		return
	}
	seeOther(w, r, withNotice("/editor/sources", fmt.Sprintf("Now following %s; it is polled at once.", src.Name)))
}

func (h *Handler) sourcePoll(w http.ResponseWriter, r *http.Request, u *user) {
	id, err := pathID(r, "id")
	if err == nil {
		err = h.svc.PollSourceNow(r.Context(), id)
	}
	if err != nil {
		h.fail(w, r, u, err)
		return
	}
	seeOther(w, r, withNotice("/editor/sources", fmt.Sprintf("Source %d will be polled at the next scheduling round.", id)))
}

// sourcePause and sourceResume stop and restart a source's polling.
func (h *Handler) sourcePause(w http.ResponseWriter, r *http.Request, u *user) {
	h.sourceSetEnabled(w, r, u, false)
}

func (h *Handler) sourceResume(w http.ResponseWriter, r *http.Request, u *user) {
	h.sourceSetEnabled(w, r, u, true)
}

func (h *Handler) sourceSetEnabled(w http.ResponseWriter, r *http.Request, u *user, enabled bool) {
	id, err := pathID(r, "id")
	var src *model.Source
	if err == nil {
		if enabled {
			src, err = h.svc.ResumeSource(r.Context(), id)
		} else {
			src, err = h.svc.PauseSource(r.Context(), id)
		}
	}
	if err != nil {
		h.fail(w, r, u, err)
		return
	}
	msg := fmt.Sprintf("Paused %s: it is not polled until resumed; its articles stay on the site.", src.Name)
	if enabled {
		msg = fmt.Sprintf("Resumed %s: it is polled at the next scheduling round.", src.Name)
	}
	seeOther(w, r, withNotice("/editor/sources", msg))
}

type removeData struct {
	Source   *model.Source
	Contents store.SourceContents
}

// sourceConfirmRemove asks before removing a source, saying what happens
// to its articles.
func (h *Handler) sourceConfirmRemove(w http.ResponseWriter, r *http.Request, u *user) {
	id, err := pathID(r, "id")
	if err != nil {
		h.fail(w, r, u, err)
		return
	}
	src, err := h.svc.Source(r.Context(), id)
	if err != nil {
		h.fail(w, r, u, err)
		return
	}
	c, err := h.svc.SourceContents(r.Context(), id)
	if err != nil {
		h.fail(w, r, u, err)
		return
	}
	h.render(w, r, http.StatusOK, "source_remove", page{Title: "Remove " + src.Name, User: u, Data: removeData{Source: src, Contents: c}})
}

func (h *Handler) sourceRemove(w http.ResponseWriter, r *http.Request, u *user) {
	id, err := pathID(r, "id")
	var gone store.SourceContents
	if err == nil {
		gone, err = h.svc.RemoveSource(r.Context(), id)
	}
	if err != nil {
		h.fail(w, r, u, err)
		return
	}
	seeOther(w, r, withNotice("/editor/sources", fmt.Sprintf("Source %d removed with its %d article(s), %d translation(s) and %d comment(s); its %d page(s) are gone from the site.",
		id, gone.Articles, gone.Translations, gone.Comments, gone.Pages)))
}

// sourceState names a source's status for the list.
func sourceState(s model.Source) string {
	switch {
	case !s.Enabled:
		return "paused"
	case s.LastError != "" && s.ErrorCount > 0:
		return "failing"
	case s.LastCheckedAt.IsZero():
		return "not polled yet"
	}
	return "ok"
}

// sourceSectionsShow is the form that maps a source's categories to the
// site's sections.
func (h *Handler) sourceSectionsShow(w http.ResponseWriter, r *http.Request, u *user) {
	id, err := pathID(r, "id")
	if err != nil {
		h.fail(w, r, u, err)
		return
	}
	v, err := h.svc.SourceSections(r.Context(), id)
	if err != nil {
		h.fail(w, r, u, err)
		return
	}
	h.render(w, r, http.StatusOK, "source_sections", page{Title: "Sections of " + v.Source.Name, User: u, Notice: notice(r), Data: v})
}

// sourceSectionsSave saves the mapping (fields "default" and
// "cat:SLUG"), or with "reset" goes back to the configured one.
func (h *Handler) sourceSectionsSave(w http.ResponseWriter, r *http.Request, u *user) {
	id, err := pathID(r, "id")
	if err == nil {
		err = parseForm(w, r)
	}
	if err != nil {
		h.fail(w, r, u, err)
		return
	}
	m := store.SourceSections{}
	if r.PostFormValue("reset") == "" {
		m = store.SourceSections{Edited: true, Default: r.PostFormValue("default"), Categories: map[string]string{}}
		for k, v := range r.PostForm {
			if cat, ok := strings.CutPrefix(k, "cat:"); ok && cat != "" && len(v) > 0 && v[0] != "" {
				m.Categories[cat] = v[0]
			}
		}
	}
	n, err := h.svc.SetSourceSections(r.Context(), id, m)
	if err != nil {
		h.fail(w, r, u, err)
		return
	}
	seeOther(w, r, withNotice(fmt.Sprintf("/editor/sources/%d/sections", id), fmt.Sprintf("Mapping saved; %d article(s) moved to another section.", n)))
}
