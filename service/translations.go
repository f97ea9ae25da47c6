package service

import (
	"context"
	"fmt"
	"sort"
	"strings"
	"time"
	"unicode/utf8"

	"newsbridge/model"
	"newsbridge/pipeline"
	"newsbridge/store"
	"newsbridge/translate"
)

// MaxSegmentBytes bounds one edited segment: a sentence, not a document.
const MaxSegmentBytes = 16 << 10

// ReviewQueue lists the translations needing attention that f selects,
// the most severe first (flag count weighted by kind), then the most
// recent.
func (s *Service) ReviewQueue(ctx context.Context, f store.ReviewFilter) ([]store.TranslationRow, error) {
	if err := authorize(ctx, PermReview); err != nil {
		return nil, err
	}
	if f.Limit <= 0 || f.Limit > 500 {
		f.Limit = 50
	}
	return s.Store.ReviewQueue(ctx, f)
}

// ToTranslate lists the articles waiting for a translation by hand: into
// a site language (lang, or every one when "") that no engine reaches from
// the article's, with no translation yet or an incomplete one; offset
// and limit page.
func (s *Service) ToTranslate(ctx context.Context, lang string, offset, limit int) ([]store.TranslationRow, error) {
	if err := authorize(ctx, PermReview); err != nil {
		return nil, err
	}
	if limit <= 0 || limit > 500 {
		limit = 50
	}
	froms, err := s.Store.ArticleLanguages(ctx)
	if err != nil {
		return nil, err
	}
	var out []store.TranslationRow
	for _, to := range s.Languages {
		if lang != "" && to != lang {
			continue
		}
		for _, from := range froms {
			if from == to || (s.Translator != nil && s.Translator.Router != nil && s.Translator.Router.CanRoute(ctx, from, to)) {
				continue
			}
			rows, err := s.Store.WithoutTranslation(ctx, from, to, offset+limit)
			if err != nil {
				return nil, err
			}
			out = append(out, rows...)
		}
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].UpdatedAt.After(out[j].UpdatedAt) })
	if offset >= len(out) {
		return nil, nil
	}
	return out[offset:min(len(out), offset+limit)], nil
}

// ReviewCounts counts the review queue per language.
func (s *Service) ReviewCounts(ctx context.Context, f store.ReviewFilter) (map[string]int, error) {
	if err := authorize(ctx, PermReview); err != nil {
		return nil, err
	}
	return s.Store.ReviewCounts(ctx, f)
}

// SegmentView is one sentence of a translation as an editor sees it: the
// source, the target, the flags raised on it with their explanation, and
// where the target came from (Origin: machine, memory, editor, or source
// for text kept as it is).
type SegmentView struct {
	ID     int          `json:"id"`
	Field  string       `json:"field"`
	Source string       `json:"source"`
	Target string       `json:"target"`
	Flags  []model.Flag `json:"flags"`
	Origin string       `json:"origin"`
	Engine string       `json:"engine"`
	Route  string       `json:"route"`
	Editor string       `json:"editor"`
}

// TranslationView is an article's translation as segments.
type TranslationView struct {
	ArticleID int64  `json:"article"`
	Lang      string `json:"lang"`
	State     string `json:"state"`
	// Manual is set for a translation the editors supply by hand, into a
	// language no engine reaches from the article's: it publishes when
	// every segment has a target.
	Manual bool `json:"manual"`
	// Path is the public page's path, /{lang}/a/{slug} with the slug in
	// lang, when the article is published there.
	Path     string        `json:"path,omitempty"`
	Segments []SegmentView `json:"segments"`
}

// PublicPath returns the path of an article's public page in lang, with
// its slug in that language; "" when it is not published there.
func (s *Service) PublicPath(ctx context.Context, articleID int64, lang string) (string, error) {
	slug, err := s.Store.PublicationSlug(ctx, articleID, lang)
	if model.ErrorCode(err) == model.ENotFound {
		return "", nil
	}
	if err != nil {
		return "", err
	}
	return model.ArticlePath(lang, slug), nil
}

// Translation returns an article's translation into lang as segments.
func (s *Service) Translation(ctx context.Context, articleID int64, lang string) (*TranslationView, error) {
	if err := authorize(ctx, PermReview); err != nil {
		return nil, err
	}
	tr, _, err := s.Store.Translation(ctx, articleID, lang)
	if err != nil && model.ErrorCode(err) != model.ENotFound {
		return nil, err
	}
	if tr == nil || isEmpty(tr) {
		a, err := s.Store.Article(ctx, articleID)
		if err != nil {
			return nil, err
		}
		blank, err := s.blankTranslation(ctx, a, lang)
		if err != nil {
			return nil, err
		}
		if blank == nil {
			if tr == nil {
				return nil, model.Errorf(model.ENotFound, "no translation of article %d into %s", articleID, lang)
			}
		} else {
			tr = blank
		}
	}
	v := &TranslationView{ArticleID: articleID, Lang: lang, State: tr.State, Manual: editorSupplied(tr), Segments: make([]SegmentView, len(tr.Segments))}
	if v.Path, err = s.PublicPath(ctx, articleID, lang); err != nil {
		return nil, err
	}
	flags := segmentFlags(tr)
	for i := range tr.Segments {
		v.Segments[i] = segmentView(tr, i, flags[i])
	}
	return v, nil
}

// isEmpty reports whether a stored translation has no content (the
// pipeline records a failed translation, one with no route among them,
// as an empty row with its error).
func isEmpty(tr *model.Translation) bool {
	return len(tr.Segments) == 0 && tr.Title == "" && len(tr.Blocks) == 0
}

// editorSupplied reports whether tr is a translation the editors supply
// by hand (translate.BlankTranslation).
func editorSupplied(tr *model.Translation) bool {
	return tr.Engine == model.OriginEditor && tr.Route == model.OriginEditor
}

// translator is the process's translator, or one with the store's memory
// and glossary and no engines.
func (s *Service) translator() *translate.Translator {
	if s.Translator != nil {
		return s.Translator
	}
	return &translate.Translator{Memory: s.Store, Glossary: s.Store, Now: s.Store.Now}
}

// blankTranslation returns the empty translation of a into lang that
// the editors fill by hand, when no engine reaches the pair; nil when
// one does (the pipeline translates it) or lang is not a site language.
func (s *Service) blankTranslation(ctx context.Context, a *model.Article, lang string) (*model.Translation, error) {
	if model.LookupLang(lang).Name == "" || lang == a.Language {
		return nil, nil
	}
	if len(s.Languages) > 0 && !contains(s.Languages, lang) {
		return nil, nil // not a language of the site
	}
	t := s.translator()
	if t.Router != nil {
		if _, err := t.Router.Route(ctx, a.Language, lang); err == nil {
			return nil, nil
		}
	}
	tr, err := t.BlankTranslation(ctx, a, lang)
	if err != nil {
		return nil, err
	}
	tr.State = model.StateNeedsReview
	return tr, nil
}

// ensureManual stores the blank translation of a into lang when there is
// none yet (or only the pipeline's failure) and no engine reaches the
// pair, so that the editors' segments are saved into it.
func (s *Service) ensureManual(ctx context.Context, a *model.Article, lang string) error {
	tr, _, err := s.Store.Translation(ctx, a.ID, lang)
	if err != nil && model.ErrorCode(err) != model.ENotFound {
		return err
	}
	if tr != nil && !isEmpty(tr) {
		return nil
	}
	blank, err := s.blankTranslation(ctx, a, lang)
	if err != nil || blank == nil {
		return err
	}
	if err := s.Store.SaveTranslation(ctx, blank); err != nil {
		return err
	}
	return s.audit(ctx, "translation.manual", fmt.Sprintf("translation/%d/%s", a.ID, lang), nil,
		map[string]any{"segments": len(blank.Segments), "from": a.Language})
}

func contains(xs []string, x string) bool {
	for _, y := range xs {
		if y == x {
			return true
		}
	}
	return false
}

// complete reports whether every segment of tr has a target.
func complete(tr *model.Translation) bool {
	for _, sg := range tr.Segments {
		if strings.TrimSpace(sg.Target) == "" {
			return false
		}
	}
	return len(tr.Segments) > 0
}

func segmentView(tr *model.Translation, i int, flags []model.Flag) SegmentView {
	sg := tr.Segments[i]
	origin := "source"
	switch {
	case sg.Target == "":
		origin = "empty"
	case sg.Editor != "" || sg.Engine == "editor":
		origin = model.OriginEditor
	case sg.FromMemory:
		origin = "memory"
	case sg.Engine != "":
		origin = model.OriginMachine
	}
	if flags == nil {
		flags = []model.Flag{}
	}
	return SegmentView{ID: i, Field: sg.Field, Source: sg.Source, Target: sg.Target, Flags: flags,
		Origin: origin, Engine: sg.Engine, Route: sg.Route, Editor: sg.Editor}
}

// segmentFlags gives each segment its flags. The translator emits flags
// in segment order, one per segment and kind (translate.job.results).
func segmentFlags(tr *model.Translation) [][]model.Flag {
	out := make([][]model.Flag, len(tr.Segments))
	used := make([]bool, len(tr.Flags))
	c := 0
	for i, sg := range tr.Segments {
		for _, kind := range sg.Flags {
			k := -1
			if c < len(tr.Flags) && tr.Flags[c].Field == sg.Field && tr.Flags[c].Kind == kind && !used[c] {
				k = c
			} else {
				for j, f := range tr.Flags {
					if !used[j] && f.Field == sg.Field && f.Kind == kind {
						k = j
						break
					}
				}
			}
			if k >= 0 {
				used[k] = true
				out[i] = append(out[i], tr.Flags[k])
				c = k + 1
			}
		}
	}
	return out
}

// EditConflict is the error of a stale edit: the segment was saved by
// someone else since the editor loaded it. Both texts are in it.
type EditConflict struct {
	Current string // the target as it is now
	Yours   string // the target the editor sent
	Err     *model.Error
}

func (e *EditConflict) Error() string { return e.Err.Error() }
func (e *EditConflict) Unwrap() error { return e.Err }

// EditResult is what an edit changed: the segment, and the other
// articles of the pair whose same sentence got the same correction.
type EditResult struct {
	Segment    SegmentView
	Propagated []int64
}

// EditSegment sets segment id of an article's translation into lang to
// target, as ctx's actor. base, when not nil, is the target the editor
// started from: if the segment has changed since, nothing is saved and
// the error is an *EditConflict. The edit is saved to the translation
// memory as the editor's, applied to every other article of the pair with
// the same source sentence, and the published pages are republished.
// For a block with inline markup the target may carry the allowed inline
// elements; anything else typed is kept as text (translate.EditorMarkup).
func (s *Service) EditSegment(ctx context.Context, articleID int64, lang string, id int, target string, base *string) (*EditResult, error) {
	if err := authorize(ctx, PermEdit); err != nil {
		return nil, err
	}
	switch {
	case !utf8.ValidString(target):
		return nil, model.Errorf(model.EInvalid, "the translation is not valid UTF-8 text")
	case len(target) > MaxSegmentBytes:
		return nil, model.Errorf(model.EInvalid, "the translation is too long (%d bytes; a segment may have at most %d)", len(target), MaxSegmentBytes)
	case strings.TrimSpace(target) == "":
		return nil, model.Errorf(model.EInvalid, "the translation is empty; type the sentence's translation")
	}
	target = strings.TrimSpace(target)
	a, err := s.Store.Article(ctx, articleID)
	if err != nil {
		return nil, err
	}
	if err := s.ensureManual(ctx, a, lang); err != nil {
		return nil, err
	}
	editor := ActorFrom(ctx).Name
	var tr *model.Translation
	var before model.Segment
	var stored string
	for attempt := 0; ; attempt++ {
		tr, _, err = s.Store.Translation(ctx, articleID, lang)
		if err != nil {
			return nil, err
		}
		if id < 0 || id >= len(tr.Segments) {
			return nil, model.Errorf(model.ENotFound, "the translation of article %d into %s has no segment %d", articleID, lang, id)
		}
		before = tr.Segments[id]
		if base != nil && *base != before.Target {
			return nil, &EditConflict{Current: before.Target, Yours: target,
				Err: model.Errorf(model.EConflict, "someone else changed this segment since you opened it; both texts are kept: compare them and save again")}
		}
		stored = target
		if translate.FieldIsHTML(tr, before.Field) {
			stored = translate.EditorMarkup(target)
		}
		if !s.applyEdit(ctx, tr, []int{id}, stored, editor) {
			return nil, model.Errorf(model.EConflict, "the translation of article %d into %s changed; reload it", articleID, lang)
		}
		err = s.Store.UpdateTranslation(ctx, tr)
		if err == nil {
			break
		}
		if model.ErrorCode(err) != model.EConflict || attempt == 2 {
			return nil, err
		}
	}
	if err := s.saveEdit(ctx, a.Language, lang, before.Source, stored, editor, translate.FieldIsHTML(tr, before.Field)); err != nil {
		return nil, err
	}
	object := fmt.Sprintf("translation/%d/%s/segment/%d", articleID, lang, id)
	if err := s.audit(ctx, "segment.edit", object, editSummary(before), editSummary(tr.Segments[id])); err != nil {
		return nil, err
	}
	res := &EditResult{Segment: segmentView(tr, id, segmentFlags(tr)[id])}
	others, err := s.Store.TranslationsWithSentence(ctx, a.Language, lang, before.Source)
	if err != nil {
		return nil, err
	}
	for _, other := range others {
		if other == articleID {
			continue
		}
		changed, err := s.propagate(ctx, other, lang, before.Source, stored, editor)
		if err != nil {
			return nil, err
		}
		if changed {
			res.Propagated = append(res.Propagated, other)
		}
	}
	for _, id := range append([]int64{articleID}, res.Propagated...) {
		if err := s.republish(ctx, id, lang); err != nil {
			return nil, err
		}
	}
	if editorSupplied(tr) && complete(tr) {
		if err := s.publishManual(ctx, articleID, lang); err != nil {
			return nil, err
		}
	}
	for _, id := range res.Propagated {
		if other, _, err := s.Store.Translation(ctx, id, lang); err == nil && editorSupplied(other) && complete(other) {
			if err := s.publishManual(ctx, id, lang); err != nil {
				return nil, err
			}
		}
	}
	return res, nil
}

func editSummary(sg model.Segment) map[string]any {
	return map[string]any{"field": sg.Field, "source": sg.Source, "target": sg.Target, "engine": sg.Engine, "editor": sg.Editor}
}

// propagate applies an edit of the sentence source to another article's
// translation; it reports whether anything changed.
func (s *Service) propagate(ctx context.Context, articleID int64, lang, source, target, editor string) (bool, error) {
	for attempt := 0; attempt < 3; attempt++ {
		tr, _, err := s.Store.Translation(ctx, articleID, lang)
		if err != nil {
			return false, err
		}
		var idx []int
		var befores []map[string]any
		for k, sg := range tr.Segments {
			if sg.Source == source && sg.Target != target {
				idx = append(idx, k)
				befores = append(befores, editSummary(sg))
			}
		}
		if len(idx) == 0 || !s.applyEdit(ctx, tr, idx, target, editor) {
			return false, nil
		}
		err = s.Store.UpdateTranslation(ctx, tr)
		if model.ErrorCode(err) == model.EConflict {
			continue
		}
		if err != nil {
			return false, err
		}
		for n, k := range idx {
			object := fmt.Sprintf("translation/%d/%s/segment/%d", articleID, lang, k)
			if err := s.audit(ctx, "segment.propagate", object, befores[n], editSummary(tr.Segments[k])); err != nil {
				return false, err
			}
		}
		return true, nil
	}
	return false, model.Errorf(model.EConflict, "the translation of article %d into %s keeps changing; the correction was not applied there", articleID, lang)
}

// applyEdit sets segments idx of tr to an editor's target: the text, the
// provenance, the segment's flags gone, the state recomputed (an approved
// translation stays approved). An editor-supplied translation's fields
// are assembled from its segments again.
func (s *Service) applyEdit(ctx context.Context, tr *model.Translation, idx []int, target, editor string) bool {
	flags := segmentFlags(tr)
	manual := editorSupplied(tr)
	for _, i := range idx {
		if manual {
			tr.Segments[i].Target = target
		} else if !translate.ReplaceSegment(tr, i, target) {
			return false
		}
		sg := &tr.Segments[i]
		sg.Engine, sg.EngineVersion, sg.Editor, sg.FromMemory, sg.Flags, sg.At = "editor", "", editor, false, nil, s.Store.Now().UTC()
		flags[i] = nil
	}
	tr.Flags = tr.Flags[:0]
	for _, fs := range flags {
		tr.Flags = append(tr.Flags, fs...)
	}
	if tr.State != model.StateApproved {
		tr.State = model.StateTranslated
		if len(tr.Flags) > 0 {
			tr.State = model.StateNeedsReview
		}
	}
	if manual {
		a, err := s.Store.Article(ctx, tr.ArticleID)
		if err != nil || s.translator().AssembleTranslation(ctx, a, tr) != nil {
			return false
		}
	}
	return true
}

// publishManual publishes a completed editor-supplied translation that is
// not on the site yet, through the publish job.
func (s *Service) publishManual(ctx context.Context, articleID int64, lang string) error {
	langs, err := s.Store.PublishedLangs(ctx, articleID)
	if err != nil {
		return err
	}
	for _, l := range langs {
		if l == lang {
			return nil
		}
	}
	if err := s.audit(ctx, "translation.complete", fmt.Sprintf("translation/%d/%s", articleID, lang),
		map[string]any{"published": false}, map[string]any{"published": true}); err != nil {
		return err
	}
	if s.Queue == nil {
		_, err := s.Store.Publish(ctx, articleID, lang)
		return err
	}
	return s.Queue.Insert(ctx, pipeline.PublishArgs{ArticleID: articleID, Lang: lang, Version: time.Now().UnixNano()}, pipeline.UniquePending())
}

// saveEdit records the edit in the translation memory, where it wins over
// the machine's for every later translation of the sentence. A segment the
// memory cannot hold as one sentence (the translator splits it otherwise
// now) is left out of the memory: the edit itself stands.
func (s *Service) saveEdit(ctx context.Context, from, to, source, target, editor string, isHTML bool) error {
	tr := s.Translator
	if tr == nil || tr.Memory == nil {
		tr = &translate.Translator{Memory: s.Store, Glossary: s.Store, Now: s.Store.Now}
	}
	_, err := tr.SaveEdit(ctx, from, to, source, target, editor, isHTML)
	if model.ErrorCode(err) == model.EInvalid {
		return nil
	}
	return err
}

// republish queues the publication of an article in lang again, when it
// is published there, so that every web node re-renders and reindexes it.
func (s *Service) republish(ctx context.Context, articleID int64, lang string) error {
	langs, err := s.Store.PublishedLangs(ctx, articleID)
	if err != nil {
		return err
	}
	published := false
	for _, l := range langs {
		published = published || l == lang
	}
	if !published {
		return nil
	}
	if s.Queue == nil {
		return s.Store.TouchPublication(ctx, articleID, lang)
	}
	return s.Queue.Insert(ctx, pipeline.PublishArgs{ArticleID: articleID, Lang: lang, Version: time.Now().UnixNano()}, pipeline.UniquePending())
}

// Approve marks a translation reviewed. From then on a machine
// re-translation (an engine or glossary change) is kept beside it as a
// proposal and never overwrites it.
func (s *Service) Approve(ctx context.Context, articleID int64, lang string) (*TranslationView, error) {
	if err := authorize(ctx, PermEdit); err != nil {
		return nil, err
	}
	tr, _, err := s.Store.Translation(ctx, articleID, lang)
	if err != nil {
		return nil, err
	}
	if tr.Title == "" && len(tr.Segments) == 0 {
		return nil, model.Errorf(model.EInvalid, "article %d has no translation into %s to approve", articleID, lang)
	}
	before := map[string]any{"state": tr.State, "approved_by": tr.ApprovedBy}
	tr.State, tr.ApprovedBy = model.StateApproved, ActorFrom(ctx).Name
	if err := s.Store.UpdateTranslation(ctx, tr); err != nil {
		return nil, err
	}
	if err := s.audit(ctx, "translation.approve", fmt.Sprintf("translation/%d/%s", articleID, lang), before,
		map[string]any{"state": tr.State, "approved_by": tr.ApprovedBy}); err != nil {
		return nil, err
	}
	// The public page's notice says the translation was reviewed.
	if err := s.republish(ctx, articleID, lang); err != nil {
		return nil, err
	}
	return s.Translation(ctx, articleID, lang)
}

// Proposal returns the machine re-translation kept beside an approved
// translation, nil when there is none.
func (s *Service) Proposal(ctx context.Context, articleID int64, lang string) (*model.Translation, error) {
	if err := authorize(ctx, PermReview); err != nil {
		return nil, err
	}
	return s.Store.Proposal(ctx, articleID, lang)
}

// Unpublish takes an article's translation into lang off the site; the
// translation itself is kept.
func (s *Service) Unpublish(ctx context.Context, articleID int64, lang string) error {
	if err := authorize(ctx, PermEdit); err != nil {
		return err
	}
	langs, err := s.Store.PublishedLangs(ctx, articleID)
	if err != nil {
		return err
	}
	found := false
	for _, l := range langs {
		found = found || l == lang
	}
	if !found {
		return model.Errorf(model.ENotFound, "article %d is not published in %s", articleID, lang)
	}
	if err := s.Store.Unpublish(ctx, articleID, lang); err != nil {
		return err
	}
	if err := s.audit(ctx, "translation.unpublish", fmt.Sprintf("translation/%d/%s", articleID, lang),
		map[string]any{"published": true}, map[string]any{"published": false}); err != nil {
		return err
	}
	return pipeline.Emit(ctx, s.Store, s.Queue, pipeline.EventUnpublished, map[string]any{"article": articleID, "lang": lang})
}

// Retranslate translates an article into lang again with the named
// engine only (the editors' corrections in memory still apply), and
// republishes it. An approved translation keeps its text: the result is
// stored as its proposal.
func (s *Service) Retranslate(ctx context.Context, articleID int64, lang, engine string) (*TranslationView, error) {
	if err := authorize(ctx, PermEdit); err != nil {
		return nil, err
	}
	if s.Translator == nil || s.Translator.Router == nil {
		return nil, model.Errorf(model.EUnavailable, "no translation engines are configured in this process")
	}
	var names []string
	var chosen model.Engine
	for _, e := range s.Translator.Router.Engines() {
		names = append(names, e.Name())
		if e.Name() == engine {
			chosen = e
		}
	}
	if chosen == nil {
		return nil, model.Errorf(model.EInvalid, "no engine %q (engines: %s)", engine, strings.Join(names, ", "))
	}
	a, err := s.Store.Article(ctx, articleID)
	if err != nil {
		return nil, err
	}
	old, _, err := s.Store.Translation(ctx, articleID, lang)
	if err != nil && model.ErrorCode(err) != model.ENotFound {
		return nil, err
	}
	t := &translate.Translator{Router: translate.NewRouter(chosen), Glossary: s.Translator.Glossary, Ratios: s.Translator.Ratios,
		Now: s.Translator.Now, MaxSegmentBytes: s.Translator.MaxSegmentBytes, MaxTextBytes: s.Translator.MaxTextBytes, Lexicon: s.Translator.Lexicon}
	if s.Translator.Memory != nil {
		t.Memory = editorsOnly{s.Translator.Memory}
	}
	tr, err := t.TranslateArticle(ctx, a, lang)
	if err != nil {
		return nil, err
	}
	if err := s.Store.SaveTranslation(ctx, tr); err != nil {
		return nil, err
	}
	var before any
	if old != nil {
		before = map[string]any{"engine": old.Engine, "route": old.Route, "state": old.State, "title": old.Title}
	}
	after := map[string]any{"engine": tr.Engine, "route": tr.Route, "state": tr.State, "title": tr.Title, "proposal": tr.State == model.StateApproved}
	if err := s.audit(ctx, "translation.retranslate", fmt.Sprintf("translation/%d/%s", articleID, lang), before, after); err != nil {
		return nil, err
	}
	if err := s.republish(ctx, articleID, lang); err != nil {
		return nil, err
	}
	return s.Translation(ctx, articleID, lang)
}

// editorsOnly is a memory that serves only the editors' entries, so that a
// re-translation asks the chosen engine for everything else.
type editorsOnly struct{ model.Memory }

func (m editorsOnly) LookupMemory(ctx context.Context, pair model.Pair, v int64, keys []string) (map[string]model.MemoryEntry, error) {
	found, err := m.Memory.LookupMemory(ctx, pair, v, keys)
	for k, e := range found {
		if e.Origin != model.OriginEditor {
			delete(found, k)
		}
	}
	return found, err
}
