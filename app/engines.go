package app

import (
	"context"
	"log/slog"
	"sort"
	"time"
	"unicode/utf8"

	"newsbridge/metrics"
	"newsbridge/model"
	"newsbridge/translate"
	"newsbridge/translate/engine"
	"newsbridge/translate/engine/apertium"
	"newsbridge/translate/engine/apy"
	"newsbridge/translate/engine/deepl"
	"newsbridge/translate/engine/google"
	"newsbridge/translate/engine/libretranslate"
	"newsbridge/translate/engine/openai"
)

// newTranslator builds the engines from the configuration (the embedded
// Apertium when none is configured), each behind the resilience layer, and
// the translator over them with the store as memory and glossary.
func (a *App) newTranslator(ctx context.Context) (*translate.Translator, error) {
	cfgs := append([]engine.Config(nil), a.Config.Engines...)
	if len(cfgs) == 0 {
		cfgs = []engine.Config{{Kind: engine.KindApertium}}
	}
	sort.SliceStable(cfgs, func(i, j int) bool { return cfgs[i].Priority < cfgs[j].Priority })
	var engines []model.Engine
	var lex translate.Lexicon
	for _, c := range cfgs {
		e, err := newEngine(c, a.Log)
		if err != nil {
			return nil, err
		}
		if l, ok := e.(translate.Lexicon); ok && lex == nil {
			// the embedded Apertium's analysers: the quality checks'
			// dictionaries, whichever engine translates
			lex = l
		}
		if cl, ok := e.(interface{ Close() error }); ok {
			a.closers = append(a.closers, cl.Close)
		}
		if c.Kind != engine.KindApertium {
			// The embedded pipelines are local: nothing to rate-limit or
			// budget, and a dead pipeline is restarted by the engine itself.
			e = engine.Resilient(e, c)
		}
		engines = append(engines, &meteredEngine{Engine: e, m: a.Metrics})
	}
	router := translate.NewRouter(engines...)
	if len(a.Config.Pivots) > 0 {
		router.Pivots = a.Config.Pivots
	}
	return &translate.Translator{Router: router, Memory: a.Store, Glossary: a.Store, Lexicon: lex}, nil
}

func newEngine(c engine.Config, log *slog.Logger) (model.Engine, error) {
	switch c.Kind {
	case engine.KindApertium:
		return apertium.New(apertium.Options{MarkUnknown: true, Logger: log}), nil
	case engine.KindAPy:
		return apy.FromConfig(c)
	case engine.KindLibreTranslate:
		return libretranslate.New(c)
	case engine.KindDeepL:
		return deepl.New(c)
	case engine.KindGoogle:
		return google.New(c)
	case engine.KindOpenAI:
		return openai.New(c)
	}
	return nil, model.Errorf(model.EInvalid, "config: unknown engine kind %q (apertium, apy, libretranslate, deepl, google, openai)", c.Kind)
}

// EngineNames lists the configured engines, for status output.
func (a *App) EngineNames() []string {
	if a.Translator == nil {
		return nil
	}
	var out []string
	for _, e := range a.Translator.Router.Engines() {
		out = append(out, e.Name())
	}
	return out
}

// meteredEngine counts an engine's calls, characters, errors and latency:
// the one place engine metrics are taken, outside every engine, so each
// engine (and the resilience layer) stays free of them. The router sees
// it as the engine itself.
type meteredEngine struct {
	model.Engine
	m *metrics.Metrics
}

func (e *meteredEngine) Translate(ctx context.Context, req model.EngineRequest) ([]string, error) {
	chars := 0
	for _, t := range req.Texts {
		chars += utf8.RuneCountInString(t)
	}
	start := time.Now()
	out, err := e.Engine.Translate(ctx, req)
	e.m.EngineCall(e.Name(), chars, time.Since(start), err)
	return out, err
}

// Version passes the engine's version on (it goes into provenance).
func (e *meteredEngine) Version() string {
	if v, ok := e.Engine.(engine.Versioner); ok {
		return v.Version()
	}
	return ""
}

// Unwrap is the engine measured.
func (e *meteredEngine) Unwrap() model.Engine { return e.Engine }
