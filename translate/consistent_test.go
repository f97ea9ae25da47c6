package translate

import (
	"context"
	"strings"
	"testing"

	"newsbridge/model"
)

// A name the engine handles, written two ways by it in one article, is
// written the first way in every sentence.
func TestNameOneRendering(t *testing.T) {
	e := &identityEngine{name: "fake", pairs: []model.Pair{{From: "en", To: "es"}}, fn: func(s string) string {
		switch s {
		case "Deutsche Bank": // the probe of the run: the name alone
			return "Banco Deutsche"
		case "Deutsche", "deutsche", "Bank", "bank":
			return s + "x" // words the engine knows
		}
		s = strings.Replace(s, "Shares of Deutsche Bank fell.", "Las acciones de Deutsche Bank cayeron.", 1)
		s = strings.Replace(s, "Then Deutsche Bank rose.", "Luego Banco Deutsche subió.", 1)
		return s
	}}
	tr := &Translator{Router: NewRouter(e), Now: fixedNow}
	out, _, err := tr.TranslateText(context.Background(), "en", "es", "Shares of Deutsche Bank fell.\n\nThen Deutsche Bank rose.")
	if err != nil {
		t.Fatal(err)
	}
	if want := "Las acciones de Deutsche Bank cayeron.\n\nLuego Deutsche Bank subió."; out != want {
		t.Errorf("got %q, want %q", out, want)
	}
}

func TestReplacePhrase(t *testing.T) {
	if got := replacePhrase("Banco Deutsche, Banco Deutschea y Banco Deutsche", "Banco Deutsche", "Deutsche Bank"); got != "Deutsche Bank, Banco Deutschea y Deutsche Bank" {
		t.Errorf("got %q", got)
	}
}
