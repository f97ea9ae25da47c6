package api

import (
	"errors"
	"net/http"
	"strconv"
	"strings"
	"time"

	"newsbridge/exchange/tmx"
	"newsbridge/model"
)

// DefaultMaxMemoryImport bounds an imported TMX body unless
// Handler.MaxMemoryImport says otherwise.
const DefaultMaxMemoryImport = 512 << 20

// memoryPair reads ?format=tmx&from=L&to=L.
func memoryPair(r *http.Request) (model.Pair, error) {
	q := r.URL.Query()
	if q.Get("format") != "tmx" {
		return model.Pair{}, model.Errorf(model.EInvalid, "format must be tmx")
	}
	p := model.Pair{From: q.Get("from"), To: q.Get("to")}
	if p.From == "" || p.To == "" || p.From == p.To {
		return p, model.Errorf(model.EInvalid, "from and to must name two languages")
	}
	return p, nil
}

// memoryExport streams the translation memory of a pair as TMX 1.4b;
// an editor's entries carry the editor as creationid and x-origin=editor.
func (a *Handler) memoryExport(w http.ResponseWriter, r *http.Request) {
	pair, err := memoryPair(r)
	if err != nil {
		problem(w, err)
		return
	}
	var tw *tmx.Writer
	err = a.svc.EachMemoryEntry(r.Context(), pair, func(e model.MemoryEntry, gv int64) error {
		if tw == nil {
			w.Header().Set("Content-Type", "application/x-tmx+xml; charset=utf-8")
			w.Header().Set("Content-Disposition", `attachment; filename="memory-`+pair.From+"-"+pair.To+`.tmx"`)
			w.Header().Set("Cache-Control", "no-store")
			tw = tmx.NewWriter(w, pair.From, "newsbridge")
		}
		u := tmx.TU{SourceLang: pair.From, TargetLang: pair.To, Source: e.Source, Target: e.Target, CreationDate: e.At,
			Props: []tmx.Prop{{Type: "x-origin", Value: e.Origin}, {Type: "x-key", Value: e.Key}, {Type: "x-glossary-version", Value: strconv.FormatInt(gv, 10)}}}
		if e.Origin == model.OriginEditor {
			u.CreationID = e.Editor
		}
		for _, p := range []tmx.Prop{{Type: "x-engine", Value: e.Engine}, {Type: "x-engine-version", Value: e.EngineVersion}, {Type: "x-route", Value: e.Route}} {
			if p.Value != "" {
				u.Props = append(u.Props, p)
			}
		}
		return tw.Write(u)
	})
	if err != nil && tw == nil {
		problem(w, err)
		return
	}
	if tw == nil {
		w.Header().Set("Content-Type", "application/x-tmx+xml; charset=utf-8")
		tw = tmx.NewWriter(w, pair.From, "newsbridge")
	}
	if err == nil {
		tw.Close()
	}
	// after the first unit an error can only cut the document short,
	// which its reader sees as malformed XML
}

// memoryImport reads a TMX body as a stream into the translation memory
// of a pair, all or none. Units of another pair are refused; a unit with
// no x-origin is an editor's (its creationid the editor).
func (a *Handler) memoryImport(w http.ResponseWriter, r *http.Request) {
	pair, err := memoryPair(r)
	if err != nil {
		problem(w, err)
		return
	}
	limit := a.MaxMemoryImport
	if limit <= 0 {
		limit = DefaultMaxMemoryImport
	}
	r.Body = http.MaxBytesReader(w, r.Body, limit)
	tr := tmx.NewReader(r.Body)
	n, err := a.svc.ImportMemory(r.Context(), pair, func() (model.MemoryEntry, int64, error) {
		u, err := tr.Next()
		if err != nil {
			return model.MemoryEntry{}, 0, err
		}
		if u.SourceLang != pair.From || u.TargetLang != pair.To {
			return model.MemoryEntry{}, 0, model.Errorf(model.EInvalid, "a unit translates %s to %s, not %s to %s; nothing was saved", u.SourceLang, u.TargetLang, pair.From, pair.To)
		}
		e := model.MemoryEntry{Source: u.Source, Target: u.Target, Origin: u.Prop("x-origin"), Key: u.Prop("x-key"), Engine: u.Prop("x-engine"),
			EngineVersion: u.Prop("x-engine-version"), Route: u.Prop("x-route"), At: u.CreationDate}
		if e.Origin != model.OriginMachine {
			e.Origin, e.Editor = model.OriginEditor, u.CreationID
		}
		if e.Key == "" {
			// an outside memory's sentence: kept as an editor's literal entry
			e.Key = "=" + strings.Join(strings.Fields(u.Source), " ")
		}
		if strings.TrimSpace(e.Source) == "" || strings.TrimSpace(e.Target) == "" {
			return e, 0, model.Errorf(model.EInvalid, "a unit has an empty source or target; nothing was saved")
		}
		gv, _ := strconv.ParseInt(u.Prop("x-glossary-version"), 10, 64)
		return e, gv, nil
	})
	if err != nil {
		var tooBig *http.MaxBytesError
		switch {
		case errors.As(err, &tooBig) || strings.Contains(err.Error(), "request body too large"):
			problem(w, model.Errorf(model.EInvalid, "the TMX file is too large (the limit is %d bytes); nothing was saved", limit))
		case errors.Is(err, tmx.ErrInvalid):
			problem(w, model.Errorf(model.EInvalid, "%v; nothing was saved", err))
		default:
			problem(w, err)
		}
		return
	}
	render(w, http.StatusOK, map[string]any{"from": pair.From, "to": pair.To, "entries": n, "at": time.Now().UTC()})
}
