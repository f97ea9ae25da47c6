package google_test

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
		{"daily quota", enginetest.Reply{Status: 403, Body: `{"error":{"code":403,"message":"Daily Limit Exceeded","errors":[{"reason":"dailyLimitExceeded"}]}}`}, engine.KindQuota},
		{"rate 403", enginetest.Reply{Status: 403, Body: `{"error":{"code":403,"message":"User Rate Limit Exceeded","errors":[{"reason":"userRateLimitExceeded"}]}}`}, engine.KindTransient},
		{"rate 429", enginetest.Reply{Status: 429}, engine.KindTransient},
		{"down 500", enginetest.Reply{Status: 500}, engine.KindTransient},
		{"key 400", enginetest.Reply{Status: 400, Body: `{"error":{"code":400,"message":"API key not valid","errors":[{"reason":"keyInvalid"}]}}`}, engine.KindUnavailable},
		{"bad request 400", enginetest.Reply{Status: 400, Body: `{"error":{"code":400,"message":"Invalid Value","errors":[{"reason":"invalid"}]}}`}, engine.KindPermanent},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, script, srv := newServer(t)
			e := newEngine(t, srv, engine.Config{})
			script.Push(tc.reply)
			_, err := e.Translate(context.Background(), model.EngineRequest{Pair: model.Pair{From: "en", To: "es"}, Texts: []string{"a"}})
			if got := engine.Classify(err); got != tc.want {
				t.Fatalf("kind %s, want %s (err %v)", got, tc.want, err)
			}
		})
	}
}
