package translate

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// Inflected glossary terms.
//
// A glossary term matches its inflected forms as well: "ribera" matches
// "riberas", "Bank" matches "Banks", "Ribera" matches the Norwegian
// genitive "Riberas". The forms are made from the term's words (folded:
// lower case, no diacritics) by a few regular endings of the source
// language, and only these forms match, whole words: no stemming of the
// text, so "mes" never matches "meses" through a stem "m", and a term of
// fewer than three letters has no other form. Irregular plurals are not
// matched; an editor adds them as terms of their own.

// inflections returns the inflected forms of w (lower case, diacritics
// kept) in lang, w not included.
func inflections(w, lang string) []string {
	if utf8.RuneCountInString(w) < 3 || !allLetters(w) {
		return nil
	}
	r, size := utf8.DecodeLastRuneInString(w)
	stem := w[:len(w)-size]
	vowel := strings.ContainsRune("aeiou", r)
	accented := strings.ContainsRune("áéíóúàèòâêîôû", r)
	switch langKey(lang) {
	case "es", "gl", "ast", "an", "pt":
		switch {
		case r == 'z':
			return []string{stem + "ces"}
		case r == 's' || r == 'x':
			return nil // "crisis", "tórax": the same in the plural
		case vowel || accented:
			return []string{w + "s"}
		}
		// "camión", "camiones": the accent goes with the new syllable
		return appendDistinct([]string{w + "es"}, deaccent(w)+"es")
	case "ca", "oc":
		switch {
		case strings.HasSuffix(w, "ça"):
			return []string{w[:len(w)-len("ça")] + "ces"}
		case strings.HasSuffix(w, "ca"):
			return []string{w[:len(w)-2] + "ques"}
		case strings.HasSuffix(w, "ga"):
			return []string{w[:len(w)-2] + "gues"}
		case strings.HasSuffix(w, "ja"):
			return []string{w[:len(w)-2] + "ges"}
		case strings.HasSuffix(w, "gua"), strings.HasSuffix(w, "qua"):
			return []string{w[:len(w)-2] + "ües"}
		case r == 'a':
			return []string{stem + "es"}
		case accented:
			// "avió", "avions"; "sofà", "sofàs"
			return []string{deaccent(w) + "ns", w + "s"}
		case vowel:
			return []string{w + "s"}
		case r == 's' || r == 'x' || r == 'ç' || r == 'z':
			return []string{w + "os"}
		}
		return []string{w + "s"}
	case "fr":
		switch {
		case r == 's' || r == 'x' || r == 'z':
			return nil
		case strings.HasSuffix(w, "al"):
			return []string{w + "s", w[:len(w)-1] + "ux"}
		case strings.HasSuffix(w, "eau"), strings.HasSuffix(w, "eu"):
			return []string{w + "x"}
		}
		return []string{w + "s"}
	case "it":
		switch {
		case strings.HasSuffix(w, "ca"), strings.HasSuffix(w, "ga"):
			return []string{stem + "he"}
		case r == 'o' || r == 'e':
			return []string{stem + "i"}
		case r == 'a':
			return []string{stem + "e"}
		}
		return nil
	case "en":
		p, _ := utf8.DecodeLastRuneInString(stem)
		switch {
		case r == 's' || r == 'x' || r == 'z' || strings.HasSuffix(w, "ch") || strings.HasSuffix(w, "sh"):
			return []string{w + "es"}
		case r == 'y' && !strings.ContainsRune("aeiou", p):
			return []string{stem + "ies"}
		}
		return []string{w + "s"}
	case "nb", "nn", "no", "da", "sv":
		// genitive, definite and plural endings; on a final e only the
		// ending's rest ("avtale", "avtalen", "avtaler")
		ends := []string{"s", "en", "et", "er", "ene", "a", "ar", "ane", "ens", "ets", "ernes", "enes"}
		if langKey(lang) == "sv" {
			ends = append(ends, "arna", "or", "orna", "na", "ns")
		}
		var out []string
		for _, e := range ends {
			if r == 'e' && e[0] == 'e' {
				out = appendDistinct(out, w+e[1:])
			} else {
				out = appendDistinct(out, w+e)
			}
		}
		return out
	case "de":
		return []string{w + "s", w + "es", w + "n", w + "en", w + "e", w + "er"}
	}
	return nil
}

// deaccent removes the acute, grave and circumflex accents of w's vowels.
func deaccent(w string) string {
	return strings.Map(func(r rune) rune {
		if i := strings.IndexRune("áéíóúàèòâêîôû", r); i >= 0 {
			return []rune("aeiouaeoaeiou")[utf8.RuneCountInString("áéíóúàèòâêîôû"[:i])]
		}
		return r
	}, w)
}

// pluralize returns rendering in the plural of lang, for a term matched in
// the plural: the last word in the Germanic languages, every word but
// particles in the Romance ones ("derecho humano", "derechos humanos"). A
// language without rules keeps rendering as it is.
func pluralize(rendering, lang string) string {
	words := tokenizeWords(rendering)
	if len(words) == 0 {
		return rendering
	}
	key := langKey(lang)
	var b strings.Builder
	last := 0
	for i, w := range words {
		x := rendering[w.start:w.end]
		switch key {
		case "en", "de", "nb", "nn", "no", "da", "sv":
			if i < len(words)-1 {
				continue
			}
		default:
			if nameParticles()[strings.ToLower(x)] || stopwords()[key][strings.ToLower(x)] {
				continue
			}
		}
		b.WriteString(rendering[last:w.start])
		b.WriteString(pluralWord(x, key))
		last = w.end
	}
	b.WriteString(rendering[last:])
	return b.String()
}

// pluralWord is w in the plural of the language key, keeping its case.
func pluralWord(w, key string) string {
	if utf8.RuneCountInString(w) < 2 || !allLetters(w) {
		return w
	}
	upper := strings.ToUpper(w) == w && utf8.RuneCountInString(w) > 1
	lw := strings.ToLower(w)
	r, _ := utf8.DecodeLastRuneInString(lw)
	stem := w[:len(w)-utf8.RuneLen(r)]
	var out string
	switch key {
	case "es", "gl", "ast", "an", "pt":
		switch {
		case r == 'z':
			out = stem + "ces"
		case r == 's' || r == 'x':
			out = w
		case strings.ContainsRune("aeiouáéó", r):
			out = w + "s"
		default:
			out = w + "es"
		}
	case "ca", "oc":
		switch {
		case strings.HasSuffix(lw, "ca"):
			out = w[:len(w)-2] + "ques"
		case strings.HasSuffix(lw, "ça"):
			out = w[:len(w)-len("ça")] + "ces"
		case strings.HasSuffix(lw, "ga"):
			out = w[:len(w)-2] + "gues"
		case strings.HasSuffix(lw, "ja"):
			out = w[:len(w)-2] + "ges"
		case r == 'a':
			out = stem + "es"
		case strings.ContainsRune("àéèíóòú", r):
			// an oxytone gets back its n: "avió", "avions"; "català", "catalans"
			out = stem + latinFold()[r] + "ns"
		case r == 's' || r == 'x' || r == 'ç':
			out = w + "os"
		default:
			out = w + "s"
		}
	case "fr":
		switch {
		case r == 's' || r == 'x' || r == 'z':
			out = w
		case strings.HasSuffix(lw, "al"):
			out = w[:len(w)-1] + "ux"
		case strings.HasSuffix(lw, "eau") || strings.HasSuffix(lw, "eu"):
			out = w + "x"
		default:
			out = w + "s"
		}
	case "it":
		switch {
		case strings.HasSuffix(lw, "ca") || strings.HasSuffix(lw, "ga"):
			out = stem + "he"
		case r == 'o' || r == 'e':
			out = stem + "i"
		case r == 'a':
			out = stem + "e"
		default:
			out = w
		}
	case "en":
		p, _ := utf8.DecodeLastRuneInString(stem)
		switch {
		case r == 's' || r == 'x' || r == 'z' || strings.HasSuffix(lw, "ch") || strings.HasSuffix(lw, "sh"):
			out = w + "es"
		case r == 'y' && !strings.ContainsRune("aeiou", p):
			out = stem + "ies"
		default:
			out = w + "s"
		}
	case "nb", "nn", "no", "da":
		if r == 'e' {
			out = w + "r"
		} else {
			out = w + "er"
		}
	default:
		return w
	}
	if upper {
		return strings.ToUpper(out)
	}
	return out
}

func allLetters(w string) bool {
	for _, r := range w {
		if !unicode.IsLetter(r) {
			return false
		}
	}
	return w != ""
}
