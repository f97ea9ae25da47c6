package engine

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"newsbridge/translate/engine/placeholder"
)

// IsSpace reports whether r is the ASCII white space kept around a text and
// preferred as a cut between the pieces of a long one.
func IsSpace(r rune) bool {
	return r == ' ' || r == '\t' || r == '\n' || r == '\r' || r == '\v' || r == '\f'
}

// SplitSpace returns s's leading white space, its core and its trailing
// white space.
func SplitSpace(s string) (lead, core, trail string) {
	i := 0
	for i < len(s) && IsSpace(rune(s[i])) {
		i++
	}
	j := len(s)
	for j > i && IsSpace(rune(s[j-1])) {
		j--
	}
	return s[:i], s[i:j], s[j:]
}

// IsWordRune reports whether r is part of a word: a letter, a digit or a
// non-spacing mark.
func IsWordRune(r rune) bool {
	if r < utf8.RuneSelf {
		return r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9'
	}
	return unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.Is(unicode.Mn, r)
}

// Piece is a part of a long text and the white space that followed it.
type Piece struct {
	Text, Sep string
}

// SplitLong cuts core (a text without surrounding white space) into pieces
// of at most max bytes, preferring sentence ends, then white space, then
// any character boundary outside a placeholder, so that joining Text+Sep of
// every piece gives core back. It is the one splitter of long texts: the
// translator uses it for a run without a sentence boundary, the engines for
// a text longer than their pipeline or request takes.
func SplitLong(core string, max int) []Piece {
	var out []Piece
	for len(core) > max {
		cut := cutPoint(core, max)
		src := strings.TrimRightFunc(core[:cut], IsSpace)
		rest := strings.TrimLeftFunc(core[cut:], IsSpace)
		if src == "" { // a cut in leading white space: never loop forever
			src, rest = core[:cut], core[cut:]
		}
		out = append(out, Piece{Text: src, Sep: core[len(src) : len(core)-len(rest)]})
		core = rest
	}
	if core != "" {
		out = append(out, Piece{Text: core})
	}
	return out
}

// cutPoint returns where to cut s (longer than max bytes): after a sentence
// end in the second half of the window, else at its last white space, else
// at a character boundary outside any placeholder (after the placeholder
// when one starts the window).
func cutPoint(s string, max int) int {
	window := s[:max]
	low := max / 2
	for i := len(window) - 1; i > low; i-- {
		if IsSpace(rune(window[i])) {
			r, _ := utf8.DecodeLastRuneInString(window[:i])
			if strings.ContainsRune(".!?;:…。", r) {
				return i
			}
		}
	}
	if i := strings.LastIndexFunc(window, IsSpace); i > 0 {
		return i
	}
	i := max
	for i > 0 && !utf8.RuneStart(s[i]) {
		i--
	}
	if placeholder.Inside(s, i) {
		i = strings.LastIndex(s[:i], placeholder.Open)
	}
	if i <= 0 { // one huge placeholder-led run: cut after the placeholder
		if c := strings.Index(s, placeholder.Close); c >= 0 {
			i = c + len(placeholder.Close)
		} else {
			_, i = utf8.DecodeRuneInString(s)
		}
	}
	return i
}
