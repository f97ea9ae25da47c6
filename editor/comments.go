package editor

import (
	"fmt"
	"net/http"
	"strconv"
	"strings"

	"newsbridge/model"
	"newsbridge/store"
)

type commentsData struct {
	Comments []model.Comment
	Status   string
	Statuses []string
}

// moderations maps a moderation button to the comment status it sets.
var moderations = map[string]string{"approve": model.CommentApproved, "reject": model.CommentRejected, "spam": model.CommentSpam}

// commentsShow is the moderation queue (pending by default).
func (h *Handler) commentsShow(w http.ResponseWriter, r *http.Request, u *user) {
	status := r.URL.Query().Get("status")
	if status == "" {
		status = model.CommentPending
	}
	cs, err := h.svc.Comments(r.Context(), store.CommentFilter{Status: status, Limit: 200})
	if err != nil {
		h.fail(w, r, u, err)
		return
	}
	d := commentsData{Comments: cs, Status: status,
		Statuses: []string{model.CommentPending, model.CommentApproved, model.CommentRejected, model.CommentSpam}}
	h.render(w, r, http.StatusOK, "comments", page{Title: "Comments", User: u, Notice: notice(r), Data: d})
}

// commentsModerate applies one row's button ("one" = "approve:ID") or a
// bulk action to the ticked comments ("action" and every "id").
func (h *Handler) commentsModerate(w http.ResponseWriter, r *http.Request, u *user) {
	if err := parseForm(w, r); err != nil {
		h.fail(w, r, u, err)
		return
	}
	action, ids := r.PostFormValue("action"), r.PostForm["id"]
	if one := r.PostFormValue("one"); one != "" {
		a, id, _ := strings.Cut(one, ":")
		action, ids = a, []string{id}
	}
	status, ok := moderations[action]
	if !ok {
		h.fail(w, r, u, model.Errorf(model.EInvalid, "unknown moderation %q (approve, reject, spam)", action))
		return
	}
	if len(ids) == 0 {
		h.fail(w, r, u, model.Errorf(model.EInvalid, "tick at least one comment first"))
		return
	}
	for _, s := range ids {
		id, err := strconv.ParseInt(s, 10, 64)
		if err != nil || id <= 0 {
			h.fail(w, r, u, model.Errorf(model.EInvalid, "comment id %q is not a number", s))
			return
		}
		if err := h.svc.ModerateComment(r.Context(), id, status); err != nil {
			h.fail(w, r, u, err)
			return
		}
	}
	back := "/editor/comments"
	if st := r.PostFormValue("status"); st != "" && st != model.CommentPending {
		back += "?status=" + st
	}
	seeOther(w, r, withNotice(back, fmt.Sprintf("%d comment(s) marked %s.", len(ids), status)))
}
