package editor

import (
	"encoding/csv"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"newsbridge/model"
	"newsbridge/store"
)

type auditData struct {
	Entries []model.AuditEntry
	Next    string
	All     bool   // the reader sees everyone's entries
	Actor   string // the entries of one person only ("" = all)
	Object  string // the entries whose object starts with it ("" = all)
}

// auditShow lists the audit log, newest first: an administrator's
// everyone's, an editor's their own (the service decides).
func (h *Handler) auditShow(w http.ResponseWriter, r *http.Request, u *user) {
	before, _ := strconv.ParseInt(r.URL.Query().Get("before"), 10, 64)
	actor := strings.TrimSpace(r.URL.Query().Get("actor"))
	object := strings.TrimSpace(r.URL.Query().Get("object"))
	if !u.Can("audit") {
		actor = "" // an editor reads their own entries only (the service sees to it)
	}
	es, err := h.svc.Audit(r.Context(), store.AuditFilter{Before: before, Limit: pageSize, Actor: actor, ObjectPrefix: object})
	if err != nil {
		h.fail(w, r, u, err)
		return
	}
	d := auditData{Entries: es, All: u.Can("audit"), Actor: actor, Object: object}
	if len(es) == pageSize {
		v := url.Values{"before": {strconv.FormatInt(es[len(es)-1].ID, 10)}}
		if actor != "" {
			v.Set("actor", actor)
		}
		if object != "" {
			v.Set("object", object)
		}
		d.Next = "/editor/audit?" + v.Encode()
	}
	h.render(w, r, http.StatusOK, "audit", page{Title: "Audit log", User: u, Data: d})
}

// auditExport answers the whole audit log as CSV (administrators), read
// a thousand entries at a time.
func (h *Handler) auditExport(w http.ResponseWriter, r *http.Request, u *user) {
	var all []model.AuditEntry
	var before int64
	for {
		es, err := h.svc.Audit(r.Context(), store.AuditFilter{Before: before, Limit: 1000})
		if err != nil {
			h.fail(w, r, u, err)
			return
		}
		all = append(all, es...)
		if len(es) < 1000 {
			break
		}
		before = es[len(es)-1].ID
	}
	w.Header().Set("Content-Type", "text/csv; charset=utf-8")
	w.Header().Set("Content-Disposition", `attachment; filename="newsbridge-audit.csv"`)
	c := csv.NewWriter(w)
	c.Write([]string{"id", "at", "actor", "action", "object", "before", "after"})
	for _, e := range all {
		c.Write([]string{strconv.FormatInt(e.ID, 10), e.At.UTC().Format(time.RFC3339), cell(e.Actor), e.Action, cell(e.Object), cell(e.Before), cell(e.After)})
	}
	c.Flush()
}

// cell keeps a spreadsheet from reading a value as a formula: a cell
// starting with = + - @ (or a tab or carriage return) gets a leading '.
func cell(s string) string {
	if s != "" && strings.ContainsRune("=+-@\t\r", rune(s[0])) {
		return "'" + s
	}
	return s
}
