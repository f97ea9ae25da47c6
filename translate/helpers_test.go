package translate

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os/exec"
	"strings"
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
func (e *identityEngine) Translate(_ context.Context, _ model.Pair, texts []string) ([]string, error) {
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

// cliApertium is a test-only engine that shells out to `apertium MODE`, one
// process per call, one text per line.
type cliApertium struct {
	mu    sync.Mutex
	calls int
}

var cliModes = map[model.Pair]string{
	{From: "es", To: "ca"}: "spa-cat", {From: "ca", To: "es"}: "cat-spa",
	{From: "es", To: "gl"}: "es-gl", {From: "gl", To: "es"}: "gl-es",
	{From: "es", To: "en"}: "spa-eng", {From: "en", To: "es"}: "eng-spa",
	{From: "en", To: "ca"}: "eng-cat", {From: "nb", To: "nn"}: "nob-nno",
}

func (e *cliApertium) Name() string    { return "apertium-cli" }
func (e *cliApertium) Version() string { return "test" }
func (e *cliApertium) Pairs(context.Context) ([]model.Pair, error) {
	var ps []model.Pair
	for p := range cliModes {
		ps = append(ps, p)
	}
	return ps, nil
}
func (e *cliApertium) Translate(ctx context.Context, pair model.Pair, texts []string) ([]string, error) {
	mode, ok := cliModes[pair]
	if !ok {
		return nil, fmt.Errorf("no mode for %s", pair)
	}
	e.mu.Lock()
	e.calls++
	e.mu.Unlock()
	for _, t := range texts {
		if strings.ContainsRune(t, '\n') {
			return nil, errors.New("newline in text")
		}
	}
	out, err := runApertium(ctx, mode, strings.Join(texts, "\n")+"\n")
	if err != nil {
		return nil, err
	}
	lines := strings.Split(strings.TrimSuffix(out, "\n"), "\n")
	if len(lines) != len(texts) {
		return nil, fmt.Errorf("apertium returned %d lines for %d", len(lines), len(texts))
	}
	return lines, nil
}

func runApertium(ctx context.Context, mode, in string) (string, error) {
	cmd := exec.CommandContext(ctx, "apertium", "-f", "txt", mode)
	cmd.Stdin = strings.NewReader(in)
	var out, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &stderr
	if err := cmd.Run(); err != nil {
		return "", fmt.Errorf("apertium %s: %v: %s", mode, err, stderr.String())
	}
	return out.String(), nil
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
