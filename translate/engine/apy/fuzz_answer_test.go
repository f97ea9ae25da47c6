package apy

import (
	"net/http"
	"net/http/httptest"
	"testing"

	"newsbridge/model"
	"newsbridge/translate/engine/enginetest"
)

// FuzzAnswer: whatever APy answers to /translate, the engine returns one
// translation per text or an error, without panicking.
func FuzzAnswer(f *testing.F) {
	seeds := []string{
		`{"responseData": {"translatedText": "Hola, món."}, "responseDetails": null, "responseStatus": 200}`,
		`{"responseData": null, "responseStatus": 200}`,
		`{"status": "error", "code": 400, "message": "Bad Request", "explanation": "That pair is not installed"}`,
	}
	enginetest.FuzzAnswers(f, seeds, esca, func(t *testing.T) (model.Engine, *enginetest.Script) {
		fake := &fakeAPy{}
		script := &enginetest.Script{Path: "/translate", Next: http.HandlerFunc(fake.ServeHTTP)}
		srv := httptest.NewServer(script)
		t.Cleanup(srv.Close)
		e := New(Options{BaseURL: srv.URL})
		t.Cleanup(func() { e.Close() })
		return e, script
	})
}
