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
	// The queue is ordered by severity, which changes as editors work:
	// the cursor wraps the offset (a row may move between pages).
	p, err := parsePage(r)
	if err != nil {
		problem(w, err)
		return
	}
	f.Limit, f.Offset = p.Limit, p.Offset
	if v := q.Get("offset"); v != "" && q.Get("cursor") == "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 0 {
			problem(w, model.Errorf(model.EInvalid, "offset must be a number"))
			return
		}
		f.Offset = n
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
	out := map[string]any{"items": items, "counts": counts}
	if len(rows) == f.Limit {
		out["next_cursor"] = cursorOf("o", int64(f.Offset+len(rows)))
	}
	render(w, http.StatusOK, out)
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
// the editor started from (a stale one answers 409 with both texts). An
// If-Match header, optional, must name the translation's current ETag
// (412 otherwise).
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
	if im := r.Header.Get("If-Match"); im != "" {
		// The precondition is on the translation as GET shows it (its ETag).
		cur, err := a.svc.Translation(r.Context(), id, r.PathValue("lang"))
		if err != nil {
			problem(w, err)
			return
		}
		if !etagMatches(im, etagOf(jsonBytes(cur))) {
			preconditionFailed(w, "the translation changed since you read it (If-Match does not match its ETag); read it again")
			return
		}
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
