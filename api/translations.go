package api

import (
	"net/http"
	"strconv"

	"newsbridge/model"
	"newsbridge/store"
)

// reviewItem is one row of the review queue.
type reviewItem struct {
	Article  int64  `json:"article"`
	Lang     string `json:"lang"`
	Title    string `json:"title"`
	Flags    int    `json:"flags"`
	State    string `json:"state"`
	Severity int    `json:"severity"`
	Error    string `json:"error,omitempty"`
}

func (a *Handler) reviewList(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	f := store.ReviewFilter{Lang: q.Get("lang"), Kind: q.Get("kind"), State: q.Get("state")}
	for name, dst := range map[string]*int{"limit": &f.Limit, "offset": &f.Offset} {
		if v := q.Get(name); v != "" {
			n, err := strconv.Atoi(v)
			if err != nil || n < 0 {
				problem(w, model.Errorf(model.EInvalid, "%s must be a number", name))
				return
			}
			*dst = n
		}
	}
	if v := q.Get("source"); v != "" {
		id, err := strconv.ParseInt(v, 10, 64)
		if err != nil {
			problem(w, model.Errorf(model.EInvalid, "source must be a source id"))
			return
		}
		f.SourceID = id
	}
	rows, err := a.svc.ReviewQueue(r.Context(), f)
	if err != nil {
		problem(w, err)
		return
	}
	counts, err := a.svc.ReviewCounts(r.Context(), f)
	if err != nil {
		problem(w, err)
		return
	}
	items := []reviewItem{}
	for _, x := range rows {
		items = append(items, reviewItem{x.ArticleID, x.Lang, x.Title, x.FlagCount, x.State, x.Severity, x.Error})
	}
	render(w, http.StatusOK, map[string]any{"items": items, "counts": counts})
}

func (a *Handler) translationGet(w http.ResponseWriter, r *http.Request) {
	id, err := pathID(r, "id")
	if err != nil {
		problem(w, err)
		return
	}
	switch r.URL.Query().Get("format") {
	case "", "json":
	case "xliff":
		a.translationXLIFF(w, r, id, r.PathValue("lang"))
		return
	default:
		problem(w, model.Errorf(model.EInvalid, "format must be json or xliff"))
		return
	}
	v, err := a.svc.Translation(r.Context(), id, r.PathValue("lang"))
	if err != nil {
		problem(w, err)
		return
	}
	render(w, http.StatusOK, v)
}

// segmentUpdate saves an editor's target; "base", optional, is the target
// the editor started from (a stale one answers 409 with both texts).
func (a *Handler) segmentUpdate(w http.ResponseWriter, r *http.Request) {
	id, err := pathID(r, "id")
	if err != nil {
		problem(w, err)
		return
	}
	seg, err := strconv.Atoi(r.PathValue("segment"))
	if err != nil {
		problem(w, model.Errorf(model.EInvalid, "segment must be a number"))
		return
	}
	var body struct {
		Target *string `json:"target"`
		Base   *string `json:"base"`
	}
	if err := decode(w, r, &body); err != nil {
		problem(w, err)
		return
	}
	if body.Target == nil {
		problem(w, model.Errorf(model.EInvalid, `the body needs a "target"`))
		return
	}
	res, err := a.svc.EditSegment(r.Context(), id, r.PathValue("lang"), seg, *body.Target, body.Base)
	if err != nil {
		problem(w, err)
		return
	}
	render(w, http.StatusOK, res.Segment)
}

func (a *Handler) translationApprove(w http.ResponseWriter, r *http.Request) {
	id, err := pathID(r, "id")
	if err != nil {
		problem(w, err)
		return
	}
	v, err := a.svc.Approve(r.Context(), id, r.PathValue("lang"))
	if err != nil {
		problem(w, err)
		return
	}
	render(w, http.StatusOK, v)
}

func (a *Handler) translationUnpublish(w http.ResponseWriter, r *http.Request) {
	id, err := pathID(r, "id")
	if err != nil {
		problem(w, err)
		return
	}
	if err := a.svc.Unpublish(r.Context(), id, r.PathValue("lang")); err != nil {
		problem(w, err)
		return
	}
	render(w, http.StatusOK, map[string]any{"article": id, "lang": r.PathValue("lang"), "published": false})
}

func (a *Handler) translationRetranslate(w http.ResponseWriter, r *http.Request) {
	id, err := pathID(r, "id")
	if err != nil {
		problem(w, err)
		return
	}
	var body struct {
		Engine string `json:"engine"`
	}
	if err := decode(w, r, &body); err != nil {
		problem(w, err)
		return
	}
	v, err := a.svc.Retranslate(r.Context(), id, r.PathValue("lang"), body.Engine)
	if err != nil {
		problem(w, err)
		return
	}
	render(w, http.StatusOK, v)
}
