package translate

import (
	"context"
	"strings"
	"testing"

	"newsbridge/model"
)

func TestInflectedTermsMatch(t *testing.T) {
	terms := []model.GlossaryTerm{
		{Term: "ribera"}, {Term: "derecho humano"}, {Term: "Bank"}, {Term: "mes"}, {Term: "plaça"},
	}
	tests := []struct {
		lang, in, want string
	}{
		{"es", "Las riberas del río; la ribera; el Riberas.", "riberas|ribera|Riberas"},
		{"es", "Los derechos humanos y el derecho humano.", "derechos humanos|derecho humano"},
		{"es", "Los meses y el mes", "mes"}, // too short for other forms
		{"en", "The Banks of the bank; bankrupt; embankment.", "Banks|bank"},
		{"ca", "Les places i la plaça; plaçada.", "places|plaça"},
		{"nb", "Bankens og bankene, ikke bankier.", "Bankens|bankene"},
	}
	for _, tc := range tests {
		g := newGlossaryMatcher(terms, tc.lang)
		var got []string
		for _, m := range g.find(tc.in) {
			got = append(got, tc.in[m.start:m.end])
		}
		if strings.Join(got, "|") != tc.want {
			t.Errorf("%s %q: %q, want %q", tc.lang, tc.in, strings.Join(got, "|"), tc.want)
		}
	}
}

func TestPluralRendering(t *testing.T) {
	tests := []struct{ r, lang, want string }{
		{"human right", "en", "human rights"},
		{"derecho humano", "es", "derechos humanos"},
		{"plaça", "ca", "places"},
		{"riba", "ca", "ribes"},
		{"avió", "ca", "avions"},
		{"city", "en", "cities"},
		{"bank", "nb", "banker"},
	}
	for _, tc := range tests {
		if got := pluralize(tc.r, tc.lang); got != tc.want {
			t.Errorf("pluralize(%q, %s) = %q, want %q", tc.r, tc.lang, got, tc.want)
		}
	}
}

// The three modes through a real engine: a do-not-translate term is kept
// as the source has it (the demo's "Ribera", which Apertium makes "Bank"),
// an exact one is written as its rendering (in the plural where the source
// has it), and a forbidden rendering the engine produces is flagged.
func TestGlossaryModesApertium(t *testing.T) {
	e := newApertium(t)
	g := &staticGlossary{version: 1, terms: []model.GlossaryTerm{
		{SourceLang: "es", Term: "Ribera", Kind: model.TermPlace, Mode: model.ModeKeep, Renderings: map[string]string{"en": "ignored"}},
		{SourceLang: "es", Term: "almazara", Mode: model.ModeExact, Renderings: map[string]string{"en": "oil mill"}},
		{SourceLang: "es", Term: "afición", Mode: model.ModeForbidden, Renderings: map[string]string{"en": "fans"}},
	}}
	tr := &Translator{Router: NewRouter(e), Memory: NewMemoryCache(), Glossary: g, Now: fixedNow}
	ctx := context.Background()
	out, flags, err := tr.TranslateText(ctx, "es", "en", "El Valdeloma ganó 2-0 al Ribera. El equipo visitó las almazaras de la Ribera. La almazara es nueva.\n\nLa afición celebró el ascenso.")
	if err != nil {
		t.Fatal(err)
	}
	for _, w := range []string{"to the Ribera", "of the Ribera", "oil mills", "oil mill"} {
		if !strings.Contains(out, w) {
			t.Errorf("%q lacks %q", out, w)
		}
	}
	if strings.Contains(out, "Bank") || strings.Contains(out, "ignored") {
		t.Errorf("do-not-translate term translated: %q", out)
	}
	var forbidden []model.Flag
	for _, f := range flags {
		if f.Kind == FlagGlossary {
			forbidden = append(forbidden, f)
		}
	}
	if !strings.Contains(out, "fans") || len(forbidden) != 1 || forbidden[0].Field != "paragraph:2" || !strings.Contains(forbidden[0].Message, `"fans"`) {
		t.Errorf("forbidden rendering: %q, flags %+v", out, flags)
	}
	// the checks of translations made elsewhere see it too
	got := CheckArticle("es", "en", []Checked{{"La afición celebró.", "The fans celebrated."}, {"La afición celebró.", "The supporters celebrated."}}, g.terms)
	if strings.Join(got[0], ",") != FlagGlossary || len(got[1]) != 0 {
		t.Errorf("CheckArticle: %v", got)
	}
}
