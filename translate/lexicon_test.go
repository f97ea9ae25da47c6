package translate

import (
	"context"
	"strings"
	"testing"

	"newsbridge/model"
	"newsbridge/translate/engine/apertium"
)

// lexiconEngine returns the embedded Apertium engine as a Lexicon, or skips
// the test where the analysers of the languages are not installed.
func lexiconEngine(t *testing.T, langs ...string) *apertium.Engine {
	t.Helper()
	needApertium(t)
	eng := apertium.New(apertium.Options{})
	t.Cleanup(func() { eng.Close() })
	for _, l := range langs {
		if _, ok := eng.KnownWords(l, []string{"a"}); !ok {
			t.Skipf("no Apertium analyser for %s", l)
		}
	}
	return eng
}

// A source sentence left as the translation, with no function word or
// spelling the untranslated check knows of, is caught by the dictionaries:
// a word the target language does not have and the source language does.
func TestUntranslatedByLexicon(t *testing.T) {
	eng := lexiconEngine(t, "es", "ca", "nb", "nn")
	for _, c := range []struct {
		from, to, text string
		flag           bool
	}{
		// Bokmål: "regjeringen" (Nynorsk "regjeringa"), "hentet"
		// (Nynorsk "henta")
		{"nb", "nn", "Regjeringen hentet bilen i Oslo.", true},
		// "åpnet", "klokken": Bokmål (Nynorsk "opna", "klokka")
		{"nb", "nn", "Butikken åpnet klokken ni.", true},
		// "elektriker": Bokmål (Nynorsk "elektrikar")
		{"nb", "nn", "Finn godkjent elektriker", true},
		// Nynorsk as much as Bokmål: no evidence either way
		{"nb", "nn", "Det er kaldt i Bergen.", false},
		// "llovió", "noche": Spanish only
		{"es", "ca", "Llovió toda la noche en Girona.", true},
		// Catalan too: close languages share short sentences
		{"es", "ca", "El Museo del Albar dedica una gran retrospectiva a la pintora Rosario Gálvez.", false},
	} {
		seg := []Checked{{c.text, c.text}}
		without := CheckArticle(c.from, c.to, seg, nil)[0]
		with := Checks{Lexicon: eng}.Article(c.from, c.to, seg, nil)[0]
		if contains(without, FlagUntranslated) {
			t.Errorf("%s→%s %q: flagged without the dictionaries already; the case tests nothing", c.from, c.to, c.text)
		}
		if got := contains(with, FlagUntranslated); got != c.flag {
			t.Errorf("%s→%s %q: untranslated %v, want %v (flags %v)", c.from, c.to, c.text, got, c.flag, with)
		}
	}
	// a real translation is not a copy: the dictionaries are not asked
	if got := (Checks{Lexicon: eng}).Article("nb", "nn", []Checked{{"Regjeringen hentet bilen i Oslo.", "Regjeringa henta bilen i Oslo."}}, nil)[0]; len(got) != 0 {
		t.Errorf("translation flagged %v", got)
	}
}

// The translator gives its checks its Lexicon: an engine that leaves a
// Bokmål sentence as it is gets it flagged.
func TestTranslatorUsesLexicon(t *testing.T) {
	eng := lexiconEngine(t, "nb", "nn")
	id := &identityEngine{name: "id", pairs: []model.Pair{{From: "nb", To: "nn"}}}
	for _, lex := range []Lexicon{nil, eng} {
		tr := &Translator{Router: NewRouter(id), Memory: NewMemoryCache(), Now: fixedNow, Lexicon: lex}
		_, flags, err := tr.TranslateText(context.Background(), "nb", "nn", "Regjeringen hentet bilen i Oslo.")
		if err != nil {
			t.Fatal(err)
		}
		var kinds []string
		for _, f := range flags {
			kinds = append(kinds, f.Kind)
		}
		if got, want := contains(kinds, FlagUntranslated), lex != nil; got != want {
			t.Errorf("lexicon %v: flags %v", lex != nil, strings.Join(kinds, ","))
		}
	}
}

// lexiconFunc is a Lexicon over a function, for tests without Apertium.
type lexiconFunc func(lang string, words []string) ([]bool, bool)

func (f lexiconFunc) KnownWords(lang string, words []string) ([]bool, bool) { return f(lang, words) }

// A Lexicon that cannot tell (no analyser, a dead one) changes nothing.
func TestUntranslatedLexiconCannotTell(t *testing.T) {
	asked := 0
	none := lexiconFunc(func(string, []string) ([]bool, bool) { asked++; return nil, false })
	seg := []Checked{{"Politiet fant bilen etter to timer.", "Politiet fant bilen etter to timer."}}
	if got := (Checks{Lexicon: none}).Article("nb", "nn", seg, nil)[0]; len(got) != 0 || asked == 0 {
		t.Errorf("flags %v, asked %d times", got, asked)
	}
	// a Lexicon that answers: Nynorsk lacks "fant", Bokmål has it
	nn := map[string]bool{"politiet": true, "bilen": true, "etter": true, "to": true}
	fake := lexiconFunc(func(lang string, words []string) ([]bool, bool) {
		out := make([]bool, len(words))
		for i, w := range words {
			out[i] = lang == "nb" || nn[w]
		}
		return out, true
	})
	got := checkSegment(fake, "nb", "nn", seg[0].Source, seg[0].Target, nil, nil, nil, DefaultRatio)
	if len(got) != 1 || got[0].kind != FlagUntranslated || !strings.Contains(got[0].msg, "fant, timer") {
		t.Errorf("issues %+v", got)
	}
}
