package libretranslate_test

import (
	"context"
	"testing"

	"newsbridge/model"
	"newsbridge/translate/engine"
	"newsbridge/translate/engine/enginetest"
)

// TestErrorKinds checks that each answer of the fake server maps to the
// error kind that decides retry, breaker and failover.
func TestErrorKinds(t *testing.T) {
	for _, tc := range []struct {
		name  string
		reply enginetest.Reply
		want  engine.Kind
	}{
		{"daily limit 429", enginetest.Reply{Status: 429, Body: `{"error":"Too many request limits violations: 100 per 1 day"}`}, engine.KindQuota},
		{"slow down 429", enginetest.Reply{Status: 429, Body: `{"error":"Too many requests: 30 per 1 minute"}`}, engine.KindTransient},
		{"down 502", enginetest.Reply{Status: 502}, engine.KindTransient},
		{"banned 403", enginetest.Reply{Status: 403, Body: `{"error":"Too many request limits violations"}`}, engine.KindQuota},
		{"key 403", enginetest.Reply{Status: 403, Body: `{"error":"Invalid API key"}`}, engine.KindUnavailable},
		{"bad request 400", enginetest.Reply{Status: 400, Body: `{"error":"Invalid request: missing q parameter"}`}, engine.KindPermanent},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, script, srv := newServer(t)
			e := newEngine(t, srv.URL, engine.Config{})
			script.Push(tc.reply)
			_, err := e.Translate(context.Background(), model.EngineRequest{Pair: model.Pair{From: "en", To: "es"}, Texts: []string{"a"}})
			if got := engine.Classify(err); got != tc.want {
				t.Fatalf("kind %s, want %s (err %v)", got, tc.want, err)
			}
		})
	}
}
