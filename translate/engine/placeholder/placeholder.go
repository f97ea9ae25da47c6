// Package placeholder defines the placeholders the translator puts in a
// segment for everything that is not language, so that the translator and
// every engine read and write them the same way.
//
// The shape is ⟦n⟧ (U+27E6 n U+27E7, n of 1 to MaxDigits digits, counting
// from 1 in each segment); a number travels as ⟦#n⟧ and a name as ⟦@n⟧, so
// that an engine which can use the difference does (Apertium gets a digit
// token for a number and a capitalized pseudo-word for a name). Engines
// that take placeholders as they are (DeepL, LLMs, LibreTranslate, Google)
// pass all three shapes through untouched.
package placeholder

import (
	"strconv"
	"strings"
)

// The brackets, as runes and as strings.
const (
	OpenRune  = '⟦'
	CloseRune = '⟧'
	Open      = string(OpenRune)
	Close     = string(CloseRune)
)

// MaxDigits is the most digits a placeholder's number has.
const MaxDigits = 6

// Kind is a placeholder's kind: the mark after the opening bracket, 0 for
// a plain ⟦n⟧.
type Kind byte

// Placeholder kinds.
const (
	Plain  Kind = 0   // ⟦n⟧: links, files, tags, glossary terms
	Number Kind = '#' // ⟦#n⟧: a number
	Name   Kind = '@' // ⟦@n⟧: a name
)

// Format returns the placeholder of kind k with number n.
func Format(k Kind, n int) string {
	if k == Number || k == Name {
		return Open + string(rune(k)) + strconv.Itoa(n) + Close
	}
	return Open + strconv.Itoa(n) + Close
}

// Parse reads the placeholder ⟦n⟧, ⟦#n⟧ or ⟦@n⟧ at the start of s, exactly
// as Format writes it. It returns the number, the placeholder's length in
// bytes and its kind; ok is false when s does not start with one.
func Parse(s string) (n, size int, k Kind, ok bool) { return parse(s, false) }

// ParseLoose is Parse tolerating the spaces an engine may have put inside
// the brackets ("⟦ 1 ⟧").
func ParseLoose(s string) (n, size int, k Kind, ok bool) { return parse(s, true) }

func parse(s string, loose bool) (n, size int, k Kind, ok bool) {
	if !strings.HasPrefix(s, Open) {
		return 0, 0, 0, false
	}
	j := len(Open)
	for loose && j < len(s) && s[j] == ' ' {
		j++
	}
	if j < len(s) && (s[j] == byte(Number) || s[j] == byte(Name)) {
		k = Kind(s[j])
		j++
	}
	i := j
	for i < len(s) && s[i] >= '0' && s[i] <= '9' && i-j < MaxDigits {
		i++
	}
	if i == j {
		return 0, 0, 0, false
	}
	n, _ = strconv.Atoi(s[j:i])
	for loose && i < len(s) && s[i] == ' ' {
		i++
	}
	if !strings.HasPrefix(s[i:], Close) {
		return 0, 0, 0, false
	}
	return n, i + len(Close), k, true
}

// Inside reports whether byte offset i of s falls inside a placeholder,
// where a text must not be cut.
func Inside(s string, i int) bool {
	o := strings.LastIndex(s[:i], Open)
	if o < 0 {
		return false
	}
	c := strings.LastIndex(s[:i], Close)
	return c < o && strings.Contains(s[i:], Close)
}
