package openai_test

import (
	"testing"

	"newsbridge/model"
	"newsbridge/translate/engine"
	"newsbridge/translate/engine/enginetest"
)

// FuzzAnswer: whatever the server answers, the engine's parser returns one
// translation per text or an error, without panicking.
func FuzzAnswer(f *testing.F) {
	enginetest.FuzzAnswers(f, []string{`{"choices":[{"message":{"role":"assistant","content":"[1] Hola, mundo.\n[2] Un segundo texto."}}]}`, `{"choices":[]}`, `{"error":{"message":"rate limited","type":"requests"}}`}, enEs, func(t *testing.T) (model.Engine, *enginetest.Script) {
		_, script, url := newServer(t)
		return newEngine(t, url, engine.Config{}), script
	})
}
