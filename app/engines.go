package app

import (
	"context"
	"log/slog"
	"sort"

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
	for _, c := range cfgs {
		e, err := newEngine(c, a.Log)
		if err != nil {
			return nil, err
		}
		if cl, ok := e.(interface{ Close() error }); ok {
			a.closers = append(a.closers, cl.Close)
		}
		if c.Kind == engine.KindApertium {
			// The embedded pipelines are local: nothing to rate-limit or
			// budget, and a dead pipeline is restarted by the engine itself.
			engines = append(engines, e)
			continue
		}
		engines = append(engines, engine.Resilient(e, c))
	}
	router := translate.NewRouter(engines...)
	if len(a.Config.Pivots) > 0 {
		router.Pivots = a.Config.Pivots
	}
	return &translate.Translator{Router: router, Memory: a.Store, Glossary: a.Store}, nil
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
