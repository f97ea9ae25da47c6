package engine

import (
	"strings"
	"testing"
	"unicode/utf8"
)

func TestSplitLong(t *testing.T) {
	tests := []struct {
		name string
		in   string
		max  int
	}{
		{"sentences", strings.Repeat("Una frase corta. ", 100) + "Fin", 100},
		{"words", strings.Repeat("palabra ", 200) + "fin", 64},
		{"no space", strings.Repeat("ñ", 300), 50},
		{"newlines", strings.Repeat("línea\n\n", 100) + "x", 40},
		{"short", "corto", 100},
		{"placeholders", strings.Repeat("⟦12⟧", 40), 10},
		{"lower half", "a " + strings.Repeat("x", 60), 40},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			pieces := SplitLong(tt.in, tt.max)
			var b strings.Builder
			for i, p := range pieces {
				if len(p.Text) > tt.max || p.Text == "" || !utf8.ValidString(p.Text) {
					t.Errorf("piece %d: %d bytes %q", i, len(p.Text), p.Text)
				}
				b.WriteString(p.Text + p.Sep)
			}
			if b.String() != tt.in {
				t.Errorf("pieces do not join back to the text")
			}
		})
	}
}

func TestSplitLongKeepsPlaceholders(t *testing.T) {
	in := "uno ⟦1⟧ " + strings.Repeat("ñ", 30) + "⟦#2⟧" + strings.Repeat("ñ", 30)
	for _, p := range SplitLong(in, 24) {
		if strings.Count(p.Text, "⟦") != strings.Count(p.Text, "⟧") {
			t.Errorf("piece %q cuts a placeholder", p.Text)
		}
	}
}

func TestSplitSpace(t *testing.T) {
	if l, c, r := SplitSpace(" \t a b \n"); l != " \t " || c != "a b" || r != " \n" {
		t.Errorf("SplitSpace = %q %q %q", l, c, r)
	}
	if l, c, r := SplitSpace("  "); l != "  " || c != "" || r != "" {
		t.Errorf("SplitSpace(blank) = %q %q %q", l, c, r)
	}
}
