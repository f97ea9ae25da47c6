package openai_test

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
		{"quota 429", enginetest.Reply{Status: 429, Body: `{"error":{"message":"You exceeded your current quota","code":"insufficient_quota"}}`}, engine.KindQuota},
		{"rate 429", enginetest.Reply{Status: 429, Body: `{"error":{"message":"Rate limit reached","code":"rate_limit_exceeded"}}`}, engine.KindTransient},
		{"down 503", enginetest.Reply{Status: 503}, engine.KindTransient},
		{"key 401", enginetest.Reply{Status: 401, Body: `{"error":{"message":"Incorrect API key","code":"invalid_api_key"}}`}, engine.KindUnavailable},
		{"bad request 400", enginetest.Reply{Status: 400, Body: `{"error":{"message":"model not found","code":"model_not_found"}}`}, engine.KindPermanent},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, script, srv := newServer(t)
			e := newEngine(t, srv, engine.Config{})
			script.Push(tc.reply)
			_, err := e.Translate(context.Background(), model.EngineRequest{Pair: enEs, Texts: []string{"a"}})
			if got := engine.Classify(err); got != tc.want {
				t.Fatalf("kind %s, want %s (err %v)", got, tc.want, err)
			}
		})
	}
}
