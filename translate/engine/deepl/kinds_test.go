package deepl_test

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
		{"quota 456", enginetest.Reply{Status: 456, Body: `{"message":"Quota exceeded"}`}, engine.KindQuota},
		{"rate 429", enginetest.Reply{Status: 429, Body: `{"message":"Too many requests"}`}, engine.KindTransient},
		{"down 503", enginetest.Reply{Status: 503}, engine.KindTransient},
		{"key 403", enginetest.Reply{Status: 403, Body: `{"message":"Authorization failure"}`}, engine.KindUnavailable},
		{"bad request 400", enginetest.Reply{Status: 400, Body: `{"message":"Value for 'target_lang' not supported."}`}, engine.KindPermanent},
		{"garbage", enginetest.Reply{Status: 200, Body: `{"translations": 12`}, engine.KindUnavailable},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, script, srv := newServer(t)
			e := newEngine(t, srv, engine.Config{})
			script.Push(tc.reply)
			_, err := e.Translate(context.Background(), model.EngineRequest{Pair: model.Pair{From: "en", To: "de"}, Texts: []string{"a"}})
			if got := engine.Classify(err); got != tc.want {
				t.Fatalf("kind %s, want %s (err %v)", got, tc.want, err)
			}
		})
	}
}
