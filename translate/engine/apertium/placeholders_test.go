package apertium

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"newsbridge/model"
)

// TestPlaceholdersSurvive checks the placeholder shapes the package doc
// recommends come back byte for byte, with no unknown-word mark, through
// every tested pair and in awkward places.
func TestPlaceholdersSurvive(t *testing.T) {
	e := sharedEngine(t)
	shapes := []string{"⟦%d⟧", "[[%d]]", "{%d}", "__%d__", "\uE000%d\uE001"}
	contexts := map[model.Pair][]string{
		esca: {"la casa P roja", "P, P y P.", "casaP grande", "PP", "El señor P dijo que P era P.", "(P)", "\"P\"", "P: la casa", "Vive en P desde 2010.", "P"},
		nbnn: {"Hunden P spiser kjøtt.", "P, P og P.", "PP", "Han sa at P var P.", "P"},
	}
	contexts[esen] = contexts[esca]
	contexts[esgl] = contexts[esca]
	for pair, ctxs := range contexts {
		// One batch per pair: every shape in every context.
		var in, shapeOf []string
		for _, shape := range shapes {
			for _, c := range ctxs {
				n := 0
				for strings.Contains(c, "P") {
					n++
					c = strings.Replace(c, "P", fmt.Sprintf(shape, n), 1)
				}
				in = append(in, c)
				shapeOf = append(shapeOf, shape)
			}
		}
		got, err := e.Translate(context.Background(), pair, in)
		if err != nil {
			t.Fatal(err)
		}
		for i := range in {
			for n := 1; n <= 3; n++ {
				tok := fmt.Sprintf(shapeOf[i], n)
				if strings.Count(in[i], tok) != strings.Count(got[i], tok) || strings.Contains(got[i], "*"+tok) {
					t.Errorf("%s: %q -> %q: %q damaged", pair, in[i], got[i], tok)
				}
			}
		}
	}
}
