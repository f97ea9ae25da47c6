package translate

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"newsbridge/translate/engine/placeholder"
)

// Elision next to a protected span.
//
// The engine saw only a placeholder where a name, a glossary term, a file
// name or a link stands, and could not know whether it starts with a vowel;
// Apertium itself elides before the words it sees. So the translator does
// it when it puts the spans back, in the languages that elide:
//
//   - Catalan: "de ⟦1⟧" with ⟦1⟧ = "Ana" gives "d'Ana", "de arrakis.es"
//     "d'arrakis.es"; and "d'⟦1⟧" before a consonant goes back to "de ⟦1⟧".
//     ("el" and "la" are left alone: "la Isabel", "el Uruguai".)
//   - French: "de", "que", "le", "la", "ne", "se", "je" before a vowel
//     ("d'Anne", "qu'Orange", "l'Ukraine"); an h is not taken for a vowel,
//     as many names have an aspirated one ("de Hollande").
//
//   - Catalan before a number read with a vowel, 1 (u, un) and 11 (onze):
//     "el ⟦1⟧ de febrer" with ⟦1⟧ = "1" gives "l'1 de febrer", "del 11"
//     "de l'11", "de 11" "d'11", as the engine writes it when it sees the
//     digits.

// elisions are the words elided before a vowel sound, per language.
var elisions = map[string][]string{
	"ca": {"de"},
	"fr": {"de", "que", "le", "la", "ne", "se", "je"},
}

// elidable reports whether a span of kind k is written as text the article
// reads as a word (not a number, not markup).
func elidable(k string) bool {
	switch k {
	case SpanTerm, SpanName, SpanURL, SpanFile, SpanEmail:
		return true
	}
	return false
}

// elide writes the elisions of lang (elisions) before the spans of s, an
// engine's output with placeholders in, and undoes the engine's before a
// span that does not start with a vowel sound.
func elide(lang, s string, spans []Span) string {
	words := elisions[langKey(lang)]
	if len(words) == 0 || !strings.Contains(s, placeholder.Open) {
		return s
	}
	hOK := langKey(lang) == "ca"
	var b strings.Builder
	last := 0
	for i := 0; i < len(s); {
		k := strings.Index(s[i:], placeholder.Open)
		if k < 0 {
			break
		}
		p := i + k
		n, size, _, ok := placeholder.ParseLoose(s[p:])
		i = p + len(placeholder.Open)
		if !ok || n < 1 || n > len(spans) {
			continue
		}
		num := spans[n-1].Kind == SpanNumber
		if !elidable(spans[n-1].Kind) && !(num && hOK) {
			continue
		}
		i = p + size
		if num {
			// "el ⟦1⟧", "del ⟦1⟧": the word before the space
			if !vowelNumber(spans[n-1].Out) || p == 0 || s[p-1] != ' ' {
				continue
			}
			start := p - 1
			for start > 0 && isASCIILetter(s[start-1]) {
				start--
			}
			if start == p-1 || start > 0 && isLetterBefore(s, start) {
				continue
			}
			word := s[start : p-1]
			e, ok := numberElisions[strings.ToLower(word)]
			if !ok {
				continue
			}
			if word[0] >= 'A' && word[0] <= 'Z' {
				e = strings.ToUpper(e[:1]) + e[1:]
			}
			b.WriteString(s[last:start])
			b.WriteString(e)
			last = p
			continue
		}
		vowel := vowelSound(spans[n-1].Out, hOK)
		ws := words
		switch {
		case vowel && p > 0 && s[p-1] == ' ':
			// "de ⟦1⟧": the word before the space
			w := p - 1
			start := w
			for start > 0 && isASCIILetter(s[start-1]) {
				start--
			}
			if start == w || start > 0 && isLetterBefore(s, start) {
				continue
			}
			word := s[start:w]
			if !contains(ws, strings.ToLower(word)) {
				continue
			}
			b.WriteString(s[last:start])
			b.WriteString(word[:len(word)-1])
			b.WriteString("'")
			last = p
		case !vowel && p >= 2 && (s[p-1] == '\'' || strings.HasSuffix(s[:p], "’")):
			// "d'⟦1⟧" before a consonant: back to "de ⟦1⟧"
			q := p - 1
			if s[p-1] != '\'' {
				q = p - len("’")
			}
			start := q
			for start > 0 && isASCIILetter(s[start-1]) {
				start--
			}
			if start == q || start > 0 && isLetterBefore(s, start) {
				continue
			}
			stem := s[start:q]
			full, n := "", 0 // French l' is le or la: left as it is
			for _, w := range ws {
				if strings.EqualFold(w[:len(w)-1], stem) {
					full = stem + w[len(w)-1:]
					n++
				}
			}
			if n != 1 {
				continue
			}
			b.WriteString(s[last:start])
			b.WriteString(full)
			b.WriteString(" ")
			last = p
		}
	}
	if last == 0 {
		return s
	}
	b.WriteString(s[last:])
	return b.String()
}

// numberElisions are the Catalan words elided before a number read with a
// vowel, and their elided forms.
var numberElisions = map[string]string{"de": "d'", "el": "l'", "del": "de l'", "al": "a l'", "pel": "per l'"}

// vowelNumber reports whether the number n, as the source writes it, is
// read in Catalan with a vowel first: 1 ("u", "un") and 11 ("onze"), with
// a decimal part or groups of thousands after them ("1,5", "11.000"),
// but not 1 and one group of thousands ("1.500": "mil cinc-cents").
func vowelNumber(n string) bool {
	end := 0
	for end < len(n) && n[end] >= '0' && n[end] <= '9' {
		end++
	}
	switch n[:end] {
	case "11":
		return true
	case "1":
		groups := 0
		for k := end; k+4 <= len(n) && (n[k] == '.' || n[k] == ',' || n[k] == ' ') && isDigits(n[k+1:k+4]) && (k+4 == len(n) || n[k+4] < '0' || n[k+4] > '9'); k += 4 {
			groups++
		}
		return groups != 1
	}
	return false
}

func isDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return s != ""
}

// vowelSound reports whether a word starts with a vowel, or with h and a
// vowel when hOK.
func vowelSound(w string, hOK bool) bool {
	r, size := utf8.DecodeRuneInString(w)
	if hOK && unicode.ToLower(r) == 'h' {
		r, _ = utf8.DecodeRuneInString(w[size:])
	}
	return strings.ContainsRune("aeiouàèéíòóúâêîôûAEIOUÀÈÉÍÒÓÚÂÊÎÔÛ", r)
}
