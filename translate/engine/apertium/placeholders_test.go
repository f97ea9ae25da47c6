package apertium

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"newsbridge/model"
)

// pua is the placeholder shape that survives every installed pair: one
// private-use character per placeholder.
const pua = "PUA"

// TestPlaceholdersSurvive checks the claims of the package doc: the shapes
// come back byte for byte, with no unknown-word mark, in awkward places.
func TestPlaceholdersSurvive(t *testing.T) {
	e := sharedEngine(t)
	svnb := model.Pair{From: "sv", To: "nb"}
	es := []string{"la casa P roja", "P, P y P.", "casaP grande", "PP", "El señor P dijo que P era P.", "(P)", "\"P\"", "P: la casa", "Vive en P desde 2010.", "P"}
	nordic := []string{"Hunden P spiser kjøtt.", "P, P og P.", "PP", "Han sa at P var P.", "P", "Vi har P hus.", "P är stor."}
	type check struct {
		pair   model.Pair
		ctxs   []string
		shapes []string
	}
	checks := []check{
		{esca, es, []string{pua, "⟦%d⟧", "[[%d]]", "{%d}", "__%d__"}},
		{esen, es, []string{pua, "⟦%d⟧", "[[%d]]", "{%d}", "__%d__"}},
		{esgl, es, []string{pua, "⟦%d⟧", "[[%d]]", "{%d}", "__%d__"}},
		{nbnn, nordic, []string{pua, "⟦%d⟧", "[[%d]]", "{%d}", "__%d__"}},
		// Raw ⟦n⟧ becomes ⟦n.⟧ in sv→nb; the engine's transport hides it.
		{svnb, nordic, []string{pua, "⟦%d⟧"}},
	}
	if _, err := e.mode(svnb); err != nil {
		checks = checks[:len(checks)-1] // apertium-swe-nor not installed
	}
	tok := func(shape string, n int) string {
		if shape == pua {
			return string(rune(0xE000 + n))
		}
		return fmt.Sprintf(shape, n)
	}
	for _, c := range checks {
		pair, ctxs, shapes := c.pair, c.ctxs, c.shapes
		// One batch per pair: every shape in every context.
		var in, shapeOf []string
		for _, shape := range shapes {
			for _, c := range ctxs {
				n := 0
				for strings.Contains(c, "P") {
					n++
					c = strings.Replace(c, "P", tok(shape, n), 1)
				}
				in = append(in, c)
				shapeOf = append(shapeOf, shape)
			}
		}
		got, err := e.Translate(context.Background(), model.EngineRequest{Pair: pair, Texts: in})
		if err != nil {
			t.Fatal(err)
		}
		for i := range in {
			for n := 1; n <= 3; n++ {
				tk := tok(shapeOf[i], n)
				if strings.Count(in[i], tk) != strings.Count(got[i], tk) || marked(got[i], tk) {
					t.Errorf("%s: %q -> %q: %q damaged", pair, in[i], got[i], tk)
				}
			}
		}
	}
}

// marked reports whether tok carries an unknown-word mark in s.
func marked(s, tok string) bool {
	return strings.Contains(s, "*"+tok) || strings.Contains(s, "#"+tok) || strings.Contains(s, "@"+tok)
}
