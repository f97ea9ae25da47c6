package libretranslate_test

import (
	"testing"

	"newsbridge/model"
	"newsbridge/translate/engine"
	"newsbridge/translate/engine/enginetest"
)

// FuzzAnswer: whatever the server answers, the engine's parser returns one
// translation per text or an error, without panicking.
func FuzzAnswer(f *testing.F) {
	enginetest.FuzzAnswers(f, []string{`{"translatedText":["Hola, mundo.","Un segundo texto."]}`, `{"translatedText":"Hola"}`, `{"error":"Too many requests"}`}, enEs, func(t *testing.T) (model.Engine, *enginetest.Script) {
		_, script, hs := newServer(t)
		return newEngine(t, hs.URL, engine.Config{}), script
	})
}
