package api

import (
	"context"
	"encoding/csv"
	"encoding/json"
	"net/http"
	"strconv"
	"strings"
	"time"

	"newsbridge/model"
	"newsbridge/store"
)

func (a *Handler) commentList(w http.ResponseWriter, r *http.Request) {
	status := r.URL.Query().Get("status")
	if status == "" {
		status = model.CommentPending
	}
	p, err := parsePage(r)
	if err != nil {
		problem(w, err)
		return
	}
	// The store pages by count only: the cursor wraps the offset.
	cs, err := a.svc.Comments(r.Context(), store.CommentFilter{Status: status, Limit: p.Offset + p.Limit + 1})
	if err != nil {
		problem(w, err)
		return
	}
	if cs == nil {
		cs = []model.Comment{}
	}
	out := map[string]any{}
	out["comments"] = pageOf(cs, p, out)
	render(w, http.StatusOK, out)
}

func (a *Handler) commentModerate(w http.ResponseWriter, r *http.Request) {
	id, err := pathID(r, "id")
	if err != nil {
		problem(w, err)
		return
	}
	to := map[string]string{"approve": model.CommentApproved, "reject": model.CommentRejected, "spam": model.CommentSpam}[r.PathValue("action")]
	if to == "" {
		problem(w, model.Errorf(model.ENotFound, "action must be approve, reject or spam"))
		return
	}
	if err := a.svc.ModerateComment(r.Context(), id, to); err != nil {
		problem(w, err)
		return
	}
	render(w, http.StatusOK, map[string]any{"id": id, "status": to})
}

// auditList pages the audit log, newest first (?before=ID&limit=N, the
// next page's before is in "next"); ?format=csv or ?format=jsonl exports
// the page as CSV or JSON lines. An editor reads only their own entries.
func (a *Handler) auditList(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	f := store.AuditFilter{Actor: q.Get("actor"), ObjectPrefix: q.Get("object")}
	for name, dst := range map[string]*int64{"before": &f.Before} {
		if v := q.Get(name); v != "" {
			n, err := strconv.ParseInt(v, 10, 64)
			if err != nil {
				problem(w, model.Errorf(model.EInvalid, "%s must be an entry id", name))
				return
			}
			*dst = n
		}
	}
	p, err := parsePage(r)
	if err != nil {
		problem(w, err)
		return
	}
	f.Limit = p.Limit
	if p.Key > 0 {
		f.Before = p.Key
	}
	es, err := a.svc.Audit(r.Context(), f)
	if err != nil {
		problem(w, err)
		return
	}
	switch q.Get("format") {
	case "", "json":
		var next int64
		if len(es) > 0 && len(es) == max(f.Limit, 1) {
			next = es[len(es)-1].ID
		}
		out := map[string]any{"entries": es}
		if next > 0 {
			out["next"] = next
			out["next_cursor"] = cursorOf("k", next)
		}
		render(w, http.StatusOK, out)
	case "jsonl":
		w.Header().Set("Content-Type", "application/jsonl; charset=utf-8")
		w.Header().Set("Content-Disposition", `attachment; filename="audit.jsonl"`)
		enc := json.NewEncoder(w)
		for _, e := range es {
			enc.Encode(e)
		}
	case "csv":
		w.Header().Set("Content-Type", "text/csv; charset=utf-8")
		w.Header().Set("Content-Disposition", `attachment; filename="audit.csv"`)
		cw := csv.NewWriter(w)
		cw.Write([]string{"id", "at", "actor", "action", "object", "before", "after"})
		for _, e := range es {
			cw.Write([]string{strconv.FormatInt(e.ID, 10), e.At.UTC().Format(time.RFC3339), csvSafe(e.Actor), csvSafe(e.Action), csvSafe(e.Object), csvSafe(e.Before), csvSafe(e.After)})
		}
		cw.Flush()
	default:
		problem(w, model.Errorf(model.EInvalid, "format must be json, jsonl or csv"))
	}
}

// csvSafe keeps a spreadsheet from reading a cell as a formula.
func csvSafe(s string) string {
	if s != "" && (s[0] == '=' || s[0] == '+' || s[0] == '-' || s[0] == '@') {
		return "'" + s
	}
	return s
}

func (a *Handler) userList(w http.ResponseWriter, r *http.Request) {
	us, err := a.svc.Users(r.Context())
	if err != nil {
		problem(w, err)
		return
	}
	type user struct {
		Name      string    `json:"name"`
		Role      string    `json:"role"`
		Password  bool      `json:"password"`
		CreatedAt time.Time `json:"created_at"`
	}
	out := []user{}
	for _, u := range us {
		out = append(out, user{u.Name, u.Role, u.PasswordHash != "", u.CreatedAt})
	}
	renderPage(w, r, "users", out)
}

// userAdd creates a user, {"name", "role", "password"} (password
// optional), and answers their API token, this once.
func (a *Handler) userAdd(w http.ResponseWriter, r *http.Request) {
	var body struct {
		Name     string `json:"name"`
		Role     string `json:"role"`
		Password string `json:"password"`
	}
	if err := decode(w, r, &body); err != nil {
		problem(w, err)
		return
	}
	token, err := a.svc.AddUser(r.Context(), body.Name, body.Role, body.Password)
	if err != nil {
		problem(w, err)
		return
	}
	render(w, http.StatusCreated, map[string]any{"name": strings.TrimSpace(body.Name), "role": body.Role, "password": body.Password != "", "token": token})
}

// sourceJSON is a source as the API shows it.
type sourceJSON struct {
	ID        int64     `json:"id"`
	Name      string    `json:"name"`
	FeedURL   string    `json:"feed_url"`
	Language  string    `json:"language"`
	Enabled   bool      `json:"enabled"`
	LastCheck time.Time `json:"last_checked_at,omitzero"`
	NextCheck time.Time `json:"next_check_at,omitzero"`
	LastError string    `json:"last_error,omitempty"`
}

func sourceOf(s model.Source) sourceJSON {
	return sourceJSON{s.ID, s.Name, s.FeedURL, s.Language, s.Enabled, s.LastCheckedAt, s.NextCheckAt, s.LastError}
}

func (a *Handler) sourceList(w http.ResponseWriter, r *http.Request) {
	srcs, err := a.svc.Sources(r.Context())
	if err != nil {
		problem(w, err)
		return
	}
	out := []sourceJSON{}
	for _, s := range srcs {
		out = append(out, sourceOf(s))
	}
	renderPage(w, r, "sources", out)
}

// sourceAdd follows an outlet: {"feed_url", "name", "language",
// "interval": "15m"}; polled at once.
func (a *Handler) sourceAdd(w http.ResponseWriter, r *http.Request) {
	var body struct {
		FeedURL  string `json:"feed_url"`
		Name     string `json:"name"`
		Language string `json:"language"`
		Interval string `json:"interval"`
	}
	if err := decode(w, r, &body); err != nil {
		problem(w, err)
		return
	}
	interval := 15 * time.Minute
	if body.Interval != "" {
		d, err := time.ParseDuration(body.Interval)
		if err != nil || d < time.Minute {
			problem(w, model.Errorf(model.EInvalid, "interval must be a duration of a minute or more, such as 15m"))
			return
		}
		interval = d
	}
	if body.Language != "" {
		l, err := model.ParseLang(body.Language)
		if err != nil {
			problem(w, model.Errorf(model.EInvalid, "%q is not a language tag", body.Language))
			return
		}
		body.Language = l.Tag
	}
	src, err := a.svc.AddSource(r.Context(), body.FeedURL, body.Name, body.Language, interval)
	if err != nil {
		problem(w, err)
		return
	}
	render(w, http.StatusCreated, sourceOf(*src))
}

// sourceGet answers one source with what removing it would delete.
func (a *Handler) sourceGet(w http.ResponseWriter, r *http.Request) {
	id, err := pathID(r, "id")
	var src *model.Source
	var c store.SourceContents
	if err == nil {
		src, err = a.svc.Source(r.Context(), id)
	}
	if err == nil {
		c, err = a.svc.SourceContents(r.Context(), id)
	}
	if err != nil {
		problem(w, err)
		return
	}
	render(w, http.StatusOK, struct {
		sourceJSON
		Contents store.SourceContents `json:"contents"`
	}{sourceOf(*src), c})
}

// sourceRemove stops following an outlet and deletes its articles, their
// translations, pages and comments; it answers what was deleted.
func (a *Handler) sourceRemove(w http.ResponseWriter, r *http.Request) {
	id, err := pathID(r, "id")
	var gone store.SourceContents
	if err == nil {
		gone, err = a.svc.RemoveSource(r.Context(), id)
	}
	if err != nil {
		problem(w, err)
		return
	}
	render(w, http.StatusOK, map[string]any{"id": id, "deleted": gone})
}

// sourcePoll makes a source due at the next scheduling round (409 when
// it is paused).
func (a *Handler) sourcePoll(w http.ResponseWriter, r *http.Request) {
	id, err := pathID(r, "id")
	var src *model.Source
	if err == nil {
		err = a.svc.PollSourceNow(r.Context(), id)
	}
	if err == nil {
		src, err = a.svc.Source(r.Context(), id)
	}
	if err != nil {
		problem(w, err)
		return
	}
	render(w, http.StatusAccepted, sourceOf(*src))
}

func (a *Handler) sourcePause(w http.ResponseWriter, r *http.Request) {
	a.sourceSetEnabled(w, r, a.svc.PauseSource)
}

func (a *Handler) sourceResume(w http.ResponseWriter, r *http.Request) {
	a.sourceSetEnabled(w, r, a.svc.ResumeSource)
}

func (a *Handler) sourceSetEnabled(w http.ResponseWriter, r *http.Request, set func(context.Context, int64) (*model.Source, error)) {
	id, err := pathID(r, "id")
	var src *model.Source
	if err == nil {
		src, err = set(r.Context(), id)
	}
	if err != nil {
		problem(w, err)
		return
	}
	render(w, http.StatusOK, sourceOf(*src))
}
