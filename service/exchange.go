package service

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"unicode/utf8"

	"newsbridge/model"
	"newsbridge/translate"
)

// ExchangeView is a translation as the exchange formats write it: its
// segments, the article's language, and which segments carry inline HTML.
type ExchangeView struct {
	*TranslationView
	SourceLang string
	HTML       []bool // per segment
}

// TranslationForExchange returns an article's translation into lang for an
// exchange file (XLIFF).
func (s *Service) TranslationForExchange(ctx context.Context, articleID int64, lang string) (*ExchangeView, error) {
	if err := authorize(ctx, PermReview); err != nil {
		return nil, err
	}
	a, err := s.Store.Article(ctx, articleID)
	if err != nil {
		return nil, err
	}
	tr, _, err := s.Store.Translation(ctx, articleID, lang)
	if err != nil {
		return nil, err
	}
	v := &ExchangeView{TranslationView: &TranslationView{ArticleID: articleID, Lang: lang, State: tr.State, Segments: make([]SegmentView, len(tr.Segments))},
		SourceLang: a.Language, HTML: make([]bool, len(tr.Segments))}
	flags := segmentFlags(tr)
	for i := range tr.Segments {
		v.Segments[i] = segmentView(tr, i, flags[i])
		v.HTML[i] = translate.FieldIsHTML(tr, tr.Segments[i].Field)
	}
	return v, nil
}

// SegmentImport is one segment of an imported translation: its id, the
// source it was translated from and the new target.
type SegmentImport struct {
	ID     int
	Source string
	Target string
}

// ImportResult is what an import changed.
type ImportResult struct {
	ArticleID  int64   `json:"article"`
	Lang       string  `json:"lang"`
	Units      int     `json:"units"`
	Changed    []int   `json:"changed"`
	Propagated []int64 `json:"propagated"`
}

// ImportSegments saves the targets of an imported translation (an XLIFF
// file from a CAT tool) as ctx's actor's edits, each as EditSegment does:
// memory, audit, propagation, republishing. All segments are checked
// first — each must be a segment of the translation with the same source,
// its target valid — and nothing is saved when one is not (a mismatch is
// a conflict). Unchanged targets are skipped.
func (s *Service) ImportSegments(ctx context.Context, articleID int64, lang string, segs []SegmentImport) (*ImportResult, error) {
	if err := authorize(ctx, PermEdit); err != nil {
		return nil, err
	}
	tr, _, err := s.Store.Translation(ctx, articleID, lang)
	if err != nil {
		return nil, err
	}
	res := &ImportResult{ArticleID: articleID, Lang: lang, Units: len(segs), Changed: []int{}, Propagated: []int64{}}
	seen := map[int]bool{}
	for _, sg := range segs {
		switch {
		case sg.ID < 0 || sg.ID >= len(tr.Segments):
			return nil, model.Errorf(model.EConflict, "segment %d is not a segment of the translation of article %d into %s (it has %d); nothing was saved", sg.ID, articleID, lang, len(tr.Segments))
		case seen[sg.ID]:
			return nil, model.Errorf(model.EInvalid, "segment %d is in the file twice; nothing was saved", sg.ID)
		case tr.Segments[sg.ID].Source != sg.Source:
			return nil, model.Errorf(model.EConflict, "segment %d's source is not the article's (%q); the article changed since the export, or the file is another article's; nothing was saved", sg.ID, tr.Segments[sg.ID].Source)
		case !utf8.ValidString(sg.Target) || len(sg.Target) > MaxSegmentBytes:
			return nil, model.Errorf(model.EInvalid, "segment %d's target is not valid UTF-8 or longer than %d bytes; nothing was saved", sg.ID, MaxSegmentBytes)
		}
		seen[sg.ID] = true
	}
	for _, sg := range segs {
		before := tr.Segments[sg.ID].Target
		if sg.Target == before || sg.Target == "" {
			continue
		}
		// base: the target checked above, so a concurrent edit is reported
		// rather than overwritten.
		r, err := s.EditSegment(ctx, articleID, lang, sg.ID, sg.Target, &before)
		if err != nil {
			return nil, fmt.Errorf("service: unable to import segment %d (segments %v were saved): %w", sg.ID, res.Changed, err)
		}
		res.Changed = append(res.Changed, sg.ID)
		res.Propagated = append(res.Propagated, r.Propagated...)
	}
	return res, nil
}

// EachMemoryEntry calls fn with every translation memory entry of pair
// (and its glossary version), oldest first, for an export.
func (s *Service) EachMemoryEntry(ctx context.Context, pair model.Pair, fn func(e model.MemoryEntry, glossaryVersion int64) error) error {
	if err := authorize(ctx, PermReview); err != nil {
		return err
	}
	return s.Store.EachMemory(ctx, pair, fn)
}

// ImportMemory saves the entries next yields (until io.EOF) into the
// translation memory of pair, all or none, and records the import in the
// audit log. Replacing the memory is an admin's task (PermSettings).
func (s *Service) ImportMemory(ctx context.Context, pair model.Pair, next func() (model.MemoryEntry, int64, error)) (int, error) {
	if err := authorize(ctx, PermSettings); err != nil {
		return 0, err
	}
	n, err := s.Store.ImportMemory(ctx, pair, next)
	if err != nil {
		return 0, err
	}
	return n, s.audit(ctx, "memory.import", "memory/"+pair.From+"/"+pair.To, nil, map[string]any{"entries": n})
}

// ImportGlossary saves terms (a TBX file's) as SaveTerm does, after
// checking them all: a term without text or language, of an unknown
// kind or mode, or with an empty rendering saves nothing. It returns how many
// translations were queued for re-translation.
func (s *Service) ImportGlossary(ctx context.Context, terms []model.GlossaryTerm) (int, error) {
	if err := authorize(ctx, PermGlossary); err != nil {
		return 0, err
	}
	for _, t := range terms {
		switch t.Kind {
		case model.TermPerson, model.TermPlace, model.TermOrganization, model.TermTerm, model.TermKeep:
		default:
			return 0, model.Errorf(model.EInvalid, "term %q: unknown kind %q (person, place, organization, term, do-not-translate); nothing was saved", t.Term, t.Kind)
		}
		if !slices.Contains(model.TermModes, t.TermMode()) {
			return 0, model.Errorf(model.EInvalid, "term %q: unknown mode %q (%s); nothing was saved", t.Term, t.Mode, strings.Join(model.TermModes, ", "))
		}
		if _, err := model.ParseLang(t.SourceLang); err != nil || strings.TrimSpace(t.Term) == "" {
			return 0, model.Errorf(model.EInvalid, "term %q in %q: a term needs a language and a text; nothing was saved", t.Term, t.SourceLang)
		}
		for l, r := range t.Renderings {
			if _, err := model.ParseLang(l); err != nil || strings.TrimSpace(r) == "" {
				return 0, model.Errorf(model.EInvalid, "term %q: rendering %q=%q is not a language and a text; nothing was saved", t.Term, l, r)
			}
		}
	}
	queued := 0
	for i := range terms {
		n, err := s.SaveTerm(ctx, &terms[i])
		if err != nil {
			return queued, fmt.Errorf("service: unable to import term %q (%d saved before it): %w", terms[i].Term, i, err)
		}
		queued += n
	}
	return queued, nil
}
