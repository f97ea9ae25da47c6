package translate

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"newsbridge/translate/engine/placeholder"
)

// elideCatalan writes "d'" for "de" before a protected name that starts
// with a vowel sound ("de ⟦1⟧" with ⟦1⟧ = "Ana" → "d'Ana"). The engine saw
// only the placeholder and could not know; Apertium itself elides before
// words it sees.
func elideCatalan(s string, spans []Span) string {
	if !strings.Contains(s, "e "+placeholder.Open) {
		return s
	}
	var b strings.Builder
	last := 0
	for i := 0; i < len(s); {
		k := strings.Index(s[i:], "e "+placeholder.Open)
		if k < 0 {
			break
		}
		p := i + k + 2 // the placeholder
		i = p
		d := p - 3 // the d of "de "
		if d < 0 || (s[d] != 'd' && s[d] != 'D') || d > 0 && isLetterBefore(s, d) {
			continue
		}
		n, _, _, ok := placeholder.ParseLoose(s[p:])
		if !ok || n < 1 || n > len(spans) || spans[n-1].Kind != SpanTerm && spans[n-1].Kind != SpanName || !vowelSound(spans[n-1].Out) {
			continue
		}
		b.WriteString(s[last:d])
		b.WriteByte(s[d])
		b.WriteString("'")
		last = p
	}
	if last == 0 {
		return s
	}
	b.WriteString(s[last:])
	return b.String()
}

// vowelSound reports whether a word starts with a vowel or h + vowel.
func vowelSound(w string) bool {
	r, size := utf8.DecodeRuneInString(w)
	if unicode.ToLower(r) == 'h' {
		r, _ = utf8.DecodeRuneInString(w[size:])
	}
	return strings.ContainsRune("aeiouàèéíòóúAEIOUÀÈÉÍÒÓÚ", r)
}
