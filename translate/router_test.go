package translate

import (
	"context"
	"errors"
	"testing"
	"time"

	"newsbridge/model"
	"newsbridge/translate/engine"
)

func TestRouterDirectAndPivot(t *testing.T) {
	a := &identityEngine{name: "a", pairs: []model.Pair{{From: "en", To: "es"}, {From: "es", To: "gl"}, {From: "es", To: "ca"}}}
	b := &identityEngine{name: "b", pairs: []model.Pair{{From: "es", To: "ca"}, {From: "nb", To: "nn"}}}
	r := NewRouter(a, b)
	ctx := context.Background()
	rt, err := r.Route(ctx, "es", "ca")
	if err != nil || rt.String() != "es>ca" || len(rt.Hops[0].Engines) != 2 || rt.Hops[0].Engines[0] != a {
		t.Fatalf("direct: %v %v", rt, err)
	}
	rt, err = r.Route(ctx, "en", "gl")
	if err != nil || rt.String() != "en>es>gl" {
		t.Fatalf("pivot: %q %v", rt.String(), err)
	}
	if rt, err := r.Route(ctx, "es-ES", "ca"); err != nil || rt.String() != "es>ca" {
		t.Fatalf("region subtag: %q %v", rt.String(), err)
	}
	if _, err := r.Route(ctx, "ar", "ca"); model.ErrorCode(err) != model.EInvalid {
		t.Fatalf("no route: %v", err)
	}
	if !r.CanRoute(ctx, "en", "gl") || r.CanRoute(ctx, "ar", "gl") || !r.CanRoute(ctx, "nb", "nn") {
		t.Fatal("CanRoute")
	}
}

func TestRouterFailover(t *testing.T) {
	pairs := []model.Pair{{From: "es", To: "ca"}}
	tests := []struct {
		name      string
		err       error
		wantB     bool
		wantCode  string
		wantError bool
	}{
		{"quota", &engine.QuotaError{Err: errors.New("456")}, true, "", false},
		{"unavailable", &model.Error{Code: model.EUnavailable, Message: "down", Err: engine.ErrCircuitOpen}, true, "", false},
		{"retryable 503", &engine.HTTPError{Status: 503}, true, "", false},
		{"bad request is not failed over", &engine.HTTPError{Status: 400}, false, model.EInternal, true},
	}
	for _, tc := range tests {
		a := &identityEngine{name: "a", pairs: pairs, err: tc.err}
		b := &identityEngine{name: "b", pairs: pairs}
		tr := &Translator{Router: NewRouter(a, b)}
		out, _, err := tr.TranslateText(context.Background(), "es", "ca", "Hola, mundo.")
		if (err != nil) != tc.wantError || (b.calls > 0) != tc.wantB {
			t.Errorf("%s: out %q err %v, b called %d", tc.name, out, err, b.calls)
		}
		if tc.wantError && model.ErrorCode(err) != tc.wantCode {
			t.Errorf("%s: code %q", tc.name, model.ErrorCode(err))
		}
	}
	// every engine down: EUnavailable, so the job is retried later
	a := &identityEngine{name: "a", pairs: pairs, err: &engine.HTTPError{Status: 502}}
	b := &identityEngine{name: "b", pairs: pairs, err: engine.ErrQuota}
	tr := &Translator{Router: NewRouter(a, b)}
	if _, _, err := tr.TranslateText(context.Background(), "es", "ca", "Hola."); model.ErrorCode(err) != model.EUnavailable {
		t.Fatalf("all down: %v", err)
	}
	// an engine answering the wrong number of texts is failed over too
	bad := &identityEngine{name: "bad", pairs: pairs}
	bad.fn = nil
	short := &shortEngine{identityEngine{name: "short", pairs: pairs}}
	tr = &Translator{Router: NewRouter(short, bad)}
	if out, _, err := tr.TranslateText(context.Background(), "es", "ca", "Uno. Dos."); err != nil || out != "Uno. Dos." || bad.calls != 1 {
		t.Fatalf("short answer: %q %v", out, err)
	}
}

type shortEngine struct{ identityEngine }

func (e *shortEngine) Translate(ctx context.Context, req model.EngineRequest) ([]string, error) {
	out, err := e.identityEngine.Translate(ctx, req)
	return out[:len(out)-1], err
}

// TestRouterFailoverKinds checks that the router fails over exactly for the
// kinds engine.Classify says, called directly and through the resilience
// layer (which reports a failure it gave up on as unavailable).
func TestRouterFailoverKinds(t *testing.T) {
	pairs := []model.Pair{{From: "es", To: "ca"}}
	for _, tc := range []struct {
		kind            engine.Kind
		direct, wrapped bool // whether b gets the work
	}{
		{engine.KindTransient, true, true},
		{engine.KindQuota, true, true},
		{engine.KindUnavailable, true, true},
		{engine.KindUnsupported, true, true},
		{engine.KindPermanent, false, true},
		{engine.KindInvalid, false, false},
	} {
		for _, wrap := range []bool{false, true} {
			a := &identityEngine{name: "a", pairs: pairs, err: engine.WithKind(tc.kind, errors.New("refused"))}
			b := &identityEngine{name: "b", pairs: pairs}
			var first model.Engine = a
			want := tc.direct
			if wrap {
				first = engine.Resilient(a, engine.Config{}, engine.WithRetry(1, 0, 0),
					engine.WithSleep(func(context.Context, time.Duration) error { return nil }))
				want = tc.wrapped
			}
			tr := &Translator{Router: NewRouter(first, b)}
			_, _, err := tr.TranslateText(context.Background(), "es", "ca", "Hola.")
			if (b.calls > 0) != want || (err == nil) != want {
				t.Errorf("%s (resilient %v): b called %d, err %v", tc.kind, wrap, b.calls, err)
			}
		}
	}
}

// listingEngine counts its Pairs calls and fails them when down.
type listingEngine struct {
	identityEngine
	lists int
	down  bool
}

func (e *listingEngine) Pairs(ctx context.Context) ([]model.Pair, error) {
	e.lists++
	if e.down {
		return nil, errors.New("down")
	}
	return e.identityEngine.Pairs(ctx)
}

// TestCanRouteCache checks that routing asks an engine for its pairs once
// per PairsTTL, and a failing one once per PairsRetry, not once per job.
func TestCanRouteCache(t *testing.T) {
	now := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	up := &listingEngine{identityEngine: identityEngine{name: "up", pairs: []model.Pair{{From: "es", To: "ca"}}}}
	down := &listingEngine{identityEngine: identityEngine{name: "down"}, down: true}
	r := NewRouter(up, down)
	r.now = func() time.Time { return now }
	ctx := context.Background()
	for range 50 {
		if !r.CanRoute(ctx, "es", "ca") || r.CanRoute(ctx, "es", "eu") {
			t.Fatal("CanRoute")
		}
	}
	if up.lists != 1 || down.lists != 1 {
		t.Fatalf("lists: up %d down %d, want 1 1", up.lists, down.lists)
	}
	now = now.Add(PairsRetry)
	r.CanRoute(ctx, "es", "ca")
	if up.lists != 1 || down.lists != 2 {
		t.Fatalf("after PairsRetry: up %d down %d, want 1 2", up.lists, down.lists)
	}
	up.down = true // a failed refresh keeps the list it had
	now = now.Add(PairsTTL)
	if !r.CanRoute(ctx, "es", "ca") || up.lists != 2 {
		t.Fatalf("after PairsTTL: up %d", up.lists)
	}
}
