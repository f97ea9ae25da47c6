package google_test

import (
	"testing"

	"newsbridge/model"
	"newsbridge/translate/engine"
	"newsbridge/translate/engine/enginetest"
)

// FuzzAnswer: whatever the server answers, the engine's parser returns one
// translation per text or an error, without panicking.
func FuzzAnswer(f *testing.F) {
	enginetest.FuzzAnswers(f, []string{`{"data":{"translations":[{"translatedText":"Hola, mundo."},{"translatedText":"Un segundo texto."}]}}`, `{"error":{"code":403,"message":"Daily Limit Exceeded","errors":[{"reason":"dailyLimitExceeded"}]}}`, `{"data":{"translations":[]}}`}, model.Pair{From: "en", To: "es"}, func(t *testing.T) (model.Engine, *enginetest.Script) {
		_, script, url := newServer(t)
		return newEngine(t, url, engine.Config{}), script
	})
}
