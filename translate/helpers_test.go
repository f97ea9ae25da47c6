package translate

import (
	"context"
	"os/exec"
	"sync"
	"testing"

	"newsbridge/model"
)

// identityEngine returns its input; it counts calls and texts.
type identityEngine struct {
	name  string
	pairs []model.Pair
	mu    sync.Mutex
	calls int
	texts int
	fn    func(string) string
	err   error
}

func (e *identityEngine) Name() string { return e.name }
func (e *identityEngine) Pairs(context.Context) ([]model.Pair, error) {
	return e.pairs, nil
}
func (e *identityEngine) Translate(_ context.Context, req model.EngineRequest) ([]string, error) {
	texts := req.Texts
	e.mu.Lock()
	e.calls++
	e.texts += len(texts)
	e.mu.Unlock()
	if e.err != nil {
		return nil, e.err
	}
	out := make([]string, len(texts))
	for i, t := range texts {
		if e.fn != nil {
			t = e.fn(t)
		}
		out[i] = t
	}
	return out, nil
}

func needApertium(t *testing.T) {
	t.Helper()
	if _, err := exec.LookPath("apertium"); err != nil {
		t.Skip("apertium not installed (apt-get install apertium apertium-spa-cat apertium-es-gl apertium-eng-spa apertium-eng-cat apertium-nno-nob)")
	}
}

// staticGlossary is a model.Glossary over a fixed list.
type staticGlossary struct {
	version int64
	terms   []model.GlossaryTerm
}

func (g *staticGlossary) GlossaryTerms(_ context.Context, lang string) ([]model.GlossaryTerm, error) {
	var out []model.GlossaryTerm
	for _, t := range g.terms {
		if t.SourceLang == lang {
			out = append(out, t)
		}
	}
	return out, nil
}
func (g *staticGlossary) GlossaryVersion(context.Context) (int64, error) { return g.version, nil }

func glossTerms() []model.GlossaryTerm {
	return []model.GlossaryTerm{
		{ID: 1, SourceLang: "es", Term: "Nguyen Phu Trong", Kind: model.TermPerson, Renderings: map[string]string{"ca": "Nguyễn Phú Trọng", "gl": "Nguyễn Phú Trọng"}},
		{ID: 2, SourceLang: "es", Term: "Lang Son", Kind: model.TermPlace, Renderings: map[string]string{"ca": "Lang Son"}},
		{ID: 3, SourceLang: "es", Term: "Lạng Sơn", Kind: model.TermPlace, Renderings: map[string]string{"ca": "Lang Son"}},
		{ID: 4, SourceLang: "es", Term: "Partido Popular", Kind: model.TermOrganization, Renderings: map[string]string{"ca": "Partit Popular"}},
		{ID: 5, SourceLang: "es", Term: "newsbridge", Kind: model.TermKeep},
	}
}
