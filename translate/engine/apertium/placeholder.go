package apertium

import (
	"strings"
	"unicode/utf8"
)

// Placeholder transport.
//
// The translator replaces what is not language by placeholders ⟦n⟧. Most
// pairs pass them through, but sv→nb and sv→nn read any digits as an
// ordinal and add a period (⟦1⟧ → ⟦1.⟧), and nb/nn→sv sometimes put a
// generation mark inside (⟦#2⟧). One private-use character per placeholder
// survived every installed pair, so the engine sends each ⟦n⟧ as one and
// turns it back afterwards: callers keep using ⟦n⟧ with every pair.

const (
	phOpen, phClose = '⟦', '⟧'
	// puaFirst..puaLast is the Basic Multilingual Plane's private-use area.
	puaFirst, puaLast = 0xE000, 0xF8FF
)

// HidePlaceholders replaces each placeholder ⟦n⟧ (n of 1 to 6 digits) in s
// by one private-use character that s does not contain, and returns the new
// text and a function that puts the placeholders back into a translation
// of it. Text without placeholders is returned as it is. The apy engine
// uses it too.
func HidePlaceholders(s string) (string, func(string) string) {
	if !strings.ContainsRune(s, phOpen) {
		return s, identity
	}
	used := make(map[rune]bool)
	for _, r := range s {
		if r >= puaFirst && r <= puaLast {
			used[r] = true
		}
	}
	tokRune := make(map[string]rune)
	runeTok := make(map[rune]string)
	next := rune(puaFirst)
	var b strings.Builder
	b.Grow(len(s))
	for i := 0; i < len(s); {
		n := placeholderLen(s[i:])
		if n == 0 {
			_, size := utf8.DecodeRuneInString(s[i:])
			b.WriteString(s[i : i+size])
			i += size
			continue
		}
		tok := s[i : i+n]
		r, ok := tokRune[tok]
		if !ok {
			for next <= puaLast && used[next] {
				next++
			}
			if next > puaLast { // out of characters: leave it as it is
				b.WriteString(tok)
				i += n
				continue
			}
			r = next
			next++
			tokRune[tok], runeTok[r] = r, tok
		}
		b.WriteRune(r)
		i += n
	}
	if len(runeTok) == 0 {
		return s, identity
	}
	return b.String(), func(t string) string {
		var out strings.Builder
		out.Grow(len(t) + 8*len(runeTok))
		for i := 0; i < len(t); {
			r, size := utf8.DecodeRuneInString(t[i:])
			if tok, ok := runeTok[r]; ok && size > 1 {
				out.WriteString(tok)
			} else {
				out.WriteString(t[i : i+size]) // bytes as they are, even invalid ones
			}
			i += size
		}
		return out.String()
	}
}

// placeholderLen returns the length of the placeholder ⟦n⟧ at the start of
// s, or 0.
func placeholderLen(s string) int {
	r, size := utf8.DecodeRuneInString(s)
	if r != phOpen {
		return 0
	}
	i := size
	for i < len(s) && i-size < 6 && s[i] >= '0' && s[i] <= '9' {
		i++
	}
	if i == size {
		return 0
	}
	r, n := utf8.DecodeRuneInString(s[i:])
	if r != phClose {
		return 0
	}
	return i + n
}

func identity(s string) string { return s }
