package enginetest

import (
	"context"
	"testing"
	"time"

	"newsbridge/model"
)

// FuzzAnswers feeds each fuzzed body to an engine as its server's answer
// (with status 200, and again with 500) and checks that the engine's parser
// neither panics nor hangs, and that a nil error always comes with one
// translation per text. open builds the engine against a fresh server
// whose Script answers the translate path; seeds are realistic answers.
func FuzzAnswers(f *testing.F, seeds []string, pair model.Pair, open func(t *testing.T) (model.Engine, *Script)) {
	for _, s := range seeds {
		f.Add(s, 200)
	}
	f.Add(`{`, 200)
	f.Add(`null`, 200)
	f.Add(`[]`, 500)
	f.Fuzz(func(t *testing.T, body string, status int) {
		if status < 100 || status > 599 {
			status = 200
		}
		e, script := open(t)
		for i := 0; i < 8; i++ { // enough for an engine's own retries
			script.Push(Reply{Status: status, Body: body, Header: map[string]string{"Content-Type": "application/json"}})
		}
		texts := []string{"Hello, world.", "A second text."}
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		out, err := e.Translate(ctx, model.EngineRequest{Pair: pair, Texts: texts})
		if err == nil && len(out) != len(texts) {
			t.Fatalf("%d translations for %d texts, and no error (body %q)", len(out), len(texts), body)
		}
		if ctx.Err() != nil {
			t.Fatalf("the engine did not give up on answer %q within 10 s", body)
		}
	})
}
