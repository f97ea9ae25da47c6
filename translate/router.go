package translate

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"
	"time"

	"newsbridge/model"
	"newsbridge/translate/engine"
)

// DefaultPivots are the languages a pair without a direct engine is routed
// through, in order: Apertium reaches most of its pairs through Spanish, the
// HTTP engines through English.
var DefaultPivots = []string{"es", "en"}

// Router picks the engines for a pair: the engines that translate it
// directly, by priority, failing over from one to the next when an engine is
// unavailable or out of quota; with none, a route through a pivot language.
type Router struct {
	engines []model.Engine
	// Pivots are tried in order for pairs no engine translates directly.
	Pivots []string

	// now is the clock of the pair cache (tests set it).
	now func() time.Time

	mu      sync.Mutex
	pairs   [][]model.Pair // per engine, nil until listed
	askedAt []time.Time    // per engine, when Pairs was last called
}

// Bounds of the router's cache of each engine's pairs: a list is asked for
// again after PairsTTL, a failed listing after PairsRetry, so that routing
// a job makes no call to an engine but once in such a while.
const (
	PairsTTL   = 10 * time.Minute
	PairsRetry = time.Minute
)

// NewRouter returns a router over engines, the first one preferred, with the
// default pivots.
func NewRouter(engines ...model.Engine) *Router {
	return &Router{engines: engines, Pivots: DefaultPivots, now: time.Now}
}

// Engines returns the router's engines in priority order.
func (r *Router) Engines() []model.Engine { return r.engines }

// Hop is one step of a route: a pair and the engines able to translate it,
// in priority order.
type Hop struct {
	// Pair is the pair as the first engine names it ("es>ca" for "es-ES>ca").
	Pair    model.Pair
	Engines []model.Engine
	pairs   []model.Pair // each engine's own spelling of the pair
}

// Route is the chain of hops from a source to a target language.
type Route struct {
	Hops []Hop
}

// String returns the languages the route goes through: "en>es>gl".
func (rt Route) String() string {
	if len(rt.Hops) == 0 {
		return ""
	}
	s := []string{rt.Hops[0].Pair.From}
	for _, h := range rt.Hops {
		s = append(s, h.Pair.To)
	}
	return strings.Join(s, ">")
}

// loadPairs returns each engine's pairs from the cache, asking an engine
// again only when its list is older than PairsTTL or, when listing failed,
// PairsRetry. An engine whose Pairs fails keeps the list it had (none the
// first time).
func (r *Router) loadPairs(ctx context.Context) [][]model.Pair {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.pairs == nil {
		r.pairs = make([][]model.Pair, len(r.engines))
		r.askedAt = make([]time.Time, len(r.engines))
	}
	now := r.now()
	for i, e := range r.engines {
		wait := PairsTTL
		if r.pairs[i] == nil {
			wait = PairsRetry
		}
		if !r.askedAt[i].IsZero() && now.Sub(r.askedAt[i]) < wait {
			continue
		}
		r.askedAt[i] = now
		ps, err := e.Pairs(ctx)
		if err != nil {
			continue
		}
		if ps == nil {
			ps = []model.Pair{}
		}
		r.pairs[i] = ps
	}
	return r.pairs
}

// sameLang compares language tags: exactly (case-insensitive) or, when one
// side has no subtags, by primary language ("es" matches "es-ES").
func sameLang(a, b string) bool {
	if strings.EqualFold(a, b) {
		return true
	}
	if strings.ContainsAny(a, "-_") && strings.ContainsAny(b, "-_") {
		return false
	}
	return model.BaseLang(a) == model.BaseLang(b)
}

// direct returns the hop for from>to with every engine that has the pair.
func (r *Router) direct(pairs [][]model.Pair, from, to string) (Hop, bool) {
	h := Hop{Pair: model.Pair{From: from, To: to}}
	for i, ps := range pairs {
		for _, p := range ps {
			if sameLang(p.From, from) && sameLang(p.To, to) {
				if len(h.Engines) == 0 {
					h.Pair = p
				}
				h.Engines = append(h.Engines, r.engines[i])
				h.pairs = append(h.pairs, p)
				break
			}
		}
	}
	return h, len(h.Engines) > 0
}

// Route returns the route for from>to: direct when an engine has the pair,
// else through the first pivot language that both halves reach directly.
func (r *Router) Route(ctx context.Context, from, to string) (Route, error) {
	pairs := r.loadPairs(ctx)
	if h, ok := r.direct(pairs, from, to); ok {
		return Route{Hops: []Hop{h}}, nil
	}
	for _, p := range r.Pivots {
		if sameLang(p, from) || sameLang(p, to) {
			continue
		}
		h1, ok1 := r.direct(pairs, from, p)
		h2, ok2 := r.direct(pairs, p, to)
		if ok1 && ok2 {
			return Route{Hops: []Hop{h1, h2}}, nil
		}
	}
	return Route{}, model.Errorf(model.EInvalid, "no engine translates %s to %s, directly or through %s", from, to, strings.Join(r.Pivots, " or "))
}

// CanRoute reports whether from>to can be translated, for callers deciding
// whether to enqueue work. It answers from the router's cache of the
// engines' pairs (see PairsTTL).
func (r *Router) CanRoute(ctx context.Context, from, to string) bool {
	if sameLang(from, to) {
		return true
	}
	_, err := r.Route(ctx, from, to)
	return err == nil
}

// failover reports whether an engine's error should send the work to the
// next engine for the pair, as engine.Classify's kind says.
func failover(err error) bool { return engine.Classify(err).Failover() }

// hopResult is what one hop produced.
type hopResult struct {
	out     []string
	engine  string
	version string
}

// translateHop sends all texts to the hop's engines in priority order, in
// one call per engine tried.
func translateHop(ctx context.Context, h Hop, texts []string) (hopResult, error) {
	var errs []error
	for i, e := range h.Engines {
		pair := h.Pair
		if i < len(h.pairs) {
			pair = h.pairs[i]
		}
		out, err := e.Translate(ctx, model.EngineRequest{Pair: pair, Texts: texts})
		if err == nil && len(out) != len(texts) {
			err = fmt.Errorf("%w: %d translations for %d texts", engine.ErrBadResponse, len(out), len(texts))
		}
		if err == nil {
			return hopResult{out: out, engine: e.Name(), version: engineVersion(e)}, nil
		}
		errs = append(errs, fmt.Errorf("%s: %w", e.Name(), err))
		if ctx.Err() != nil || !failover(err) {
			break
		}
	}
	err := errors.Join(errs...)
	if len(errs) > 0 && failover(errs[len(errs)-1]) {
		return hopResult{}, &model.Error{Code: model.EUnavailable, Message: fmt.Sprintf("no engine available for %s", h.Pair), Err: err}
	}
	return hopResult{}, fmt.Errorf("translate: %s: %w", h.Pair, err)
}

// engineVersion asks an engine for its version when it has one (Apertium's
// pair package version, a model name).
func engineVersion(e model.Engine) string {
	switch v := e.(type) {
	case interface{ Version() string }:
		return v.Version()
	case interface{ Version() (string, error) }:
		s, _ := v.Version()
		return s
	}
	return ""
}
