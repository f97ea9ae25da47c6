package api

import (
	"errors"
	"net/http"
	"strconv"
	"strings"

	"newsbridge/exchange/xliff"
	"newsbridge/model"
	"newsbridge/service"
)

// maxXLIFF bounds an imported XLIFF file: an article's segments, each at
// most service.MaxSegmentBytes, with their sources, notes and markup.
const maxXLIFF = 8 << 20

// xliffState is a segment's XLIFF target state.
func xliffState(sg service.SegmentView) string {
	switch {
	case sg.Origin == "source":
		return "final"
	case len(sg.Flags) > 0, sg.Origin == model.OriginMachine, sg.Origin == "memory":
		return "needs-review-translation"
	}
	return "translated"
}

// translationXLIFF answers an article's translation as an XLIFF 1.2 file.
func (a *Handler) translationXLIFF(w http.ResponseWriter, r *http.Request, id int64, lang string) {
	v, err := a.svc.TranslationForExchange(r.Context(), id, lang)
	if err != nil {
		problem(w, err)
		return
	}
	f := xliff.File{Original: "article/" + strconv.FormatInt(id, 10), SourceLang: v.SourceLang, TargetLang: lang}
	for i, sg := range v.Segments {
		u := xliff.Unit{ID: strconv.Itoa(sg.ID), ResName: sg.Field, HTML: v.HTML[i], Source: sg.Source, Target: sg.Target,
			State: xliffState(sg), Approved: v.State == model.StateApproved}
		for _, fl := range sg.Flags {
			u.Notes = append(u.Notes, fl.Kind+": "+fl.Message)
		}
		if sg.Origin != "source" {
			u.Notes = append(u.Notes, "origin: "+sg.Origin+strings.TrimSuffix(" ("+sg.Engine+sg.Editor+")", " ()"))
		}
		f.Units = append(f.Units, u)
	}
	w.Header().Set("Content-Type", "application/x-xliff+xml; charset=utf-8")
	w.Header().Set("Content-Disposition", `attachment; filename="article-`+strconv.FormatInt(id, 10)+"-"+lang+`.xlf"`)
	w.Header().Set("Cache-Control", "no-store")
	xliff.Write(w, f)
}

// translationImport reads an XLIFF file translated in a CAT tool and saves
// its targets as the token's user's edits; nothing is saved unless every
// unit matches a segment.
func (a *Handler) translationImport(w http.ResponseWriter, r *http.Request) {
	id, err := pathID(r, "id")
	if err != nil {
		problem(w, err)
		return
	}
	lang := r.PathValue("lang")
	r.Body = http.MaxBytesReader(w, r.Body, maxXLIFF)
	f, err := xliff.Read(r.Body)
	if err != nil {
		var tooBig *http.MaxBytesError
		if errors.As(err, &tooBig) || strings.Contains(err.Error(), "request body too large") {
			problem(w, model.Errorf(model.EInvalid, "the XLIFF file is too large (the limit is %d bytes)", maxXLIFF))
			return
		}
		problem(w, model.Errorf(model.EInvalid, "%v", err))
		return
	}
	if f.TargetLang != "" && f.TargetLang != lang {
		problem(w, model.Errorf(model.EConflict, "the file is a translation into %s, not %s; nothing was saved", f.TargetLang, lang))
		return
	}
	if want := "article/" + strconv.FormatInt(id, 10); f.Original != "" && f.Original != want {
		problem(w, model.Errorf(model.EConflict, "the file is the translation of %s, not of %s; nothing was saved", f.Original, want))
		return
	}
	v, err := a.svc.TranslationForExchange(r.Context(), id, lang)
	if err != nil {
		problem(w, err)
		return
	}
	var segs []service.SegmentImport
	for _, u := range f.Units {
		n, err := strconv.Atoi(u.ID)
		if err != nil || n < 0 || n >= len(v.Segments) {
			problem(w, model.Errorf(model.EConflict, "trans-unit %q is not a segment of this translation (it has %d); nothing was saved", u.ID, len(v.Segments)))
			return
		}
		sg, isHTML := v.Segments[n], v.HTML[n]
		if u.HTML != isHTML || !sameText(isHTML, u.Source, sg.Source) {
			problem(w, model.Errorf(model.EConflict, "trans-unit %s's source is not segment %d's (%q); nothing was saved", u.ID, n, sg.Source))
			return
		}
		target := u.Target
		if sameText(isHTML, target, sg.Target) {
			target = sg.Target
		}
		segs = append(segs, service.SegmentImport{ID: n, Source: sg.Source, Target: target})
	}
	res, err := a.svc.ImportSegments(r.Context(), id, lang, segs)
	if err != nil {
		problem(w, err)
		return
	}
	render(w, http.StatusOK, res)
}

// sameText compares a file's text with a segment's: inline HTML by its
// canonical form, so escaping and attribute quoting do not count.
func sameText(isHTML bool, a, b string) bool {
	if !isHTML {
		return a == b
	}
	return xliff.Canonical(a) == xliff.Canonical(b)
}
