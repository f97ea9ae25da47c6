package deepl_test

import (
	"testing"

	"newsbridge/model"
	"newsbridge/translate/engine"
	"newsbridge/translate/engine/enginetest"
)

// FuzzAnswer: whatever the server answers, the engine's parser returns one
// translation per text or an error, without panicking.
func FuzzAnswer(f *testing.F) {
	enginetest.FuzzAnswers(f, []string{`{"translations":[{"detected_source_language":"EN","text":"Hola, mundo."},{"detected_source_language":"EN","text":"Un segundo texto."}]}`, `{"translations":[{"text":"solo uno"}]}`, `{"message":"Quota exceeded"}`}, model.Pair{From: "en", To: "de"}, func(t *testing.T) (model.Engine, *enginetest.Script) {
		_, script, url := newServer(t)
		return newEngine(t, url, engine.Config{}), script
	})
}
