package translate

import (
	"strconv"
	"strings"
	"sync"
)

// numberValues returns the numbers of s as runs of digits, a number's
// groups of thousands joined: "1.800", "1,800", "1 800" and "1800" are all
// "1800", whatever the language writes between the groups ("28,45" and
// "28.45" stay two runs on both sides).
func numberValues(s string) []string {
	runs := digitRuns(s)
	if len(runs) < 2 {
		return runs
	}
	out := make([]string, 0, len(runs))
	pos := 0
	prevEnd := -1
	for _, r := range runs {
		i := strings.Index(s[pos:], r) + pos
		sep := ""
		if prevEnd >= 0 {
			sep = s[prevEnd:i]
		}
		if len(r) == 3 && len(out) > 0 && isGroupSep(sep) {
			out[len(out)-1] += r
		} else {
			out = append(out, r)
		}
		prevEnd = i + len(r)
		pos = prevEnd
	}
	return out
}

func isGroupSep(s string) bool {
	switch s {
	case ".", ",", " ", "\u00a0", "\u202f", "\u2009":
		return true
	}
	return false
}

// numWords holds, per language, the words numbers are written with and
// their values; multipliers (hundred, thousand) are negative: -100, -1000.
// "one" is left out: it is an article in most of these languages.
var numWords = sync.OnceValue(func() map[string]map[string]int {
	return map[string]map[string]int{
		"en": words(map[int]string{2: "two", 3: "three", 4: "four", 5: "five", 6: "six", 7: "seven", 8: "eight", 9: "nine", 10: "ten", 11: "eleven", 12: "twelve", 13: "thirteen", 14: "fourteen", 15: "fifteen", 16: "sixteen", 17: "seventeen", 18: "eighteen", 19: "nineteen", 20: "twenty", 30: "thirty", 40: "forty", 50: "fifty", 60: "sixty", 70: "seventy", 80: "eighty", 90: "ninety", -100: "hundred", -1000: "thousand"}),
		"es": words(map[int]string{2: "dos", 3: "tres", 4: "cuatro", 5: "cinco", 6: "seis", 7: "siete", 8: "ocho", 9: "nueve", 10: "diez", 11: "once", 12: "doce", 13: "trece", 14: "catorce", 15: "quince", 16: "dieciséis", 17: "diecisiete", 18: "dieciocho", 19: "diecinueve", 20: "veinte", 21: "veintiuno veintiún veintiuna", 22: "veintidós", 23: "veintitrés", 24: "veinticuatro", 25: "veinticinco", 26: "veintiséis", 27: "veintisiete", 28: "veintiocho", 29: "veintinueve", 30: "treinta", 40: "cuarenta", 50: "cincuenta", 60: "sesenta", 70: "setenta", 80: "ochenta", 90: "noventa", 100: "cien ciento", 200: "doscientos doscientas", 300: "trescientos trescientas", 400: "cuatrocientos cuatrocientas", 500: "quinientos quinientas", 600: "seiscientos seiscientas", 700: "setecientos setecientas", 800: "ochocientos ochocientas", 900: "novecientos novecientas", -1000: "mil"}),
		"ca": words(map[int]string{2: "dos dues", 3: "tres", 4: "quatre", 5: "cinc", 6: "sis", 7: "set", 8: "vuit", 9: "nou", 10: "deu", 11: "onze", 12: "dotze", 13: "tretze", 14: "catorze", 15: "quinze", 16: "setze", 17: "disset", 18: "divuit", 19: "dinou", 20: "vint", 30: "trenta", 40: "quaranta", 50: "cinquanta", 60: "seixanta", 70: "setanta", 80: "vuitanta", 90: "noranta", 100: "cent", -100: "cents centes", -1000: "mil"}),
		"nb": words(map[int]string{2: "to", 3: "tre", 4: "fire", 5: "fem", 6: "seks", 7: "sju syv", 8: "åtte", 9: "ni", 10: "ti", 11: "elleve", 12: "tolv", 13: "tretten", 14: "fjorten", 15: "femten", 16: "seksten", 17: "sytten", 18: "atten", 19: "nitten", 20: "tjue", 30: "tretti", 40: "førti", 50: "femti", 60: "seksti", 70: "sytti", 80: "åtti", 90: "nitti", -100: "hundre", -1000: "tusen"}),
		"nn": words(map[int]string{2: "to", 3: "tre", 4: "fire", 5: "fem", 6: "seks", 7: "sju", 8: "åtte", 9: "ni", 10: "ti", 11: "elleve", 12: "tolv", 13: "tretten", 14: "fjorten", 15: "femten", 16: "seksten", 17: "sytten", 18: "atten", 19: "nitten", 20: "tjue", 30: "tretti", 40: "førti", 50: "femti", 60: "seksti", 70: "sytti", 80: "åtti", 90: "nitti", -100: "hundre", -1000: "tusen"}),
	}
})

func words(m map[int]string) map[string]int {
	out := make(map[string]int)
	for v, ws := range m {
		for _, w := range strings.Fields(ws) {
			out[w] = v
		}
	}
	return out
}

// numberWordValues returns the values of the numbers s writes in words in
// lang ("setanta-dues" 72, "mil vuit-cents" 1800, "thirty-nine" 39, "dos
// mil" 2000), each run of number words one value.
func numberWordValues(lang, s string) []string {
	nw := numWords()[langKey(lang)]
	if nw == nil {
		return nil
	}
	var out []string
	total, cur, in := 0, 0, false
	flush := func() {
		if in && total+cur > 0 {
			out = append(out, strconv.Itoa(total+cur))
		}
		total, cur, in = 0, 0, false
	}
	for _, f := range strings.FieldsFunc(strings.ToLower(s), func(r rune) bool {
		return r == ' ' || r == '-' || r == ',' || r == '.' || r == ';' || r == ':' || r == '(' || r == ')' || r == '"' || r == '«' || r == '»'
	}) {
		v, ok := nw[f]
		switch {
		case ok && v == -100:
			cur = max(cur, 1) * 100
		case ok && v == -1000:
			total, cur = (total+max(cur, 1))*1000, 0
		case ok:
			cur += v
		case in && (f == "i" || f == "y" || f == "and" || f == "og"):
			continue // "vint-i-quatre", "treinta y nueve"
		default:
			flush()
			continue
		}
		in = true
	}
	flush()
	return out
}
