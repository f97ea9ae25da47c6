package editor

import (
	"net/http"
	"net/url"
	"sort"
	"strconv"

	"newsbridge/model"
	"newsbridge/store"
)

// pageSize is how many translations a page of the queue lists.
const pageSize = 50

type langCount struct {
	Lang  string
	Count int
}

type queueData struct {
	Counts  []langCount
	Total   int
	Rows    []queueRow
	Filter  store.ReviewFilter
	Sources []model.Source
	Langs   []string
	Kinds   []string
	States  []string
	Page    int
	Prev    string
	Next    string
}

type queueRow struct {
	store.TranslationRow
	Kinds []string
}

// queueShow is the editor's home: counts per language and the review
// queue, the most severe first, then the most recent.
func (h *Handler) queueShow(w http.ResponseWriter, r *http.Request, u *user) {
	q := r.URL.Query()
	f := store.ReviewFilter{Lang: q.Get("lang"), Kind: q.Get("kind"), State: q.Get("state")}
	if id, err := strconv.ParseInt(q.Get("source"), 10, 64); err == nil && id > 0 {
		f.SourceID = id
	}
	pg, _ := strconv.Atoi(q.Get("page"))
	pg = max(pg, 1)
	f.Offset, f.Limit = (pg-1)*pageSize, pageSize+1
	ctx := r.Context()
	counts, err := h.svc.ReviewCounts(ctx, store.ReviewFilter{})
	if err != nil {
		h.fail(w, r, u, err)
		return
	}
	var rows []store.TranslationRow
	if f.State == store.StateToTranslate {
		rows, err = h.svc.ToTranslate(ctx, f.Lang, f.Offset, f.Limit)
	} else {
		rows, err = h.svc.ReviewQueue(ctx, f)
	}
	if err != nil {
		h.fail(w, r, u, err)
		return
	}
	srcs, err := h.st.Sources(ctx)
	if err != nil {
		h.fail(w, r, u, err)
		return
	}
	d := queueData{Filter: f, Sources: srcs, Page: pg,
		Kinds:  []string{"numbers", "protected_missing", "glossary", "untranslated", "repeated", "unknown_word", "length_ratio"},
		States: []string{model.StateNeedsReview, model.StateTranslated, model.StateApproved, store.StateToTranslate}}
	for l, n := range counts {
		d.Counts = append(d.Counts, langCount{l, n})
		d.Total += n
	}
	sort.Slice(d.Counts, func(i, j int) bool { return d.Counts[i].Lang < d.Counts[j].Lang })
	for _, c := range d.Counts {
		d.Langs = append(d.Langs, c.Lang)
	}
	link := func(p int) string {
		v := url.Values{}
		for _, k := range []string{"lang", "kind", "state", "source"} {
			if q.Get(k) != "" {
				v.Set(k, q.Get(k))
			}
		}
		if p > 1 {
			v.Set("page", strconv.Itoa(p))
		}
		if len(v) == 0 {
			return "/editor/"
		}
		return "/editor/?" + v.Encode()
	}
	if len(rows) > pageSize {
		rows = rows[:pageSize]
		d.Next = link(pg + 1)
	}
	if pg > 1 {
		d.Prev = link(pg - 1)
	}
	for _, row := range rows {
		qr := queueRow{TranslationRow: row}
		seen := map[string]bool{}
		for _, fl := range row.Flags {
			if !seen[fl.Kind] {
				seen[fl.Kind] = true
				qr.Kinds = append(qr.Kinds, fl.Kind)
			}
		}
		d.Rows = append(d.Rows, qr)
	}
	h.render(w, r, http.StatusOK, "queue", page{Title: "Review queue", User: u, Notice: notice(r), Data: d})
}
