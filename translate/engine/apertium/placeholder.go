package apertium

import (
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"newsbridge/translate/engine"
	"newsbridge/translate/engine/placeholder"
)

// Placeholder transport.
//
// The translator replaces what is not language by placeholders: ⟦n⟧ in
// general, ⟦#n⟧ for a number and ⟦@n⟧ for a name. Apertium must see each
// as something its rules handle like what it stands for:
//
//   - ⟦n⟧ (links, files, tags, glossary terms) travels as one private-use
//     character: the only shape that came back byte for byte, unmarked, in
//     every installed pair (sv→nb and sv→nn read any digits as an ordinal
//     and add a period: ⟦1⟧ → ⟦1.⟧).
//   - ⟦#n⟧ travels as a run of digits, numPrefix + a 4-digit index + "7"
//     (7700017 for the first): Apertium's transfer rules need a number
//     ("desde hace 23 años" → "23 years ago", not "from does 23 years").
//     The translator protects every number, so a 7-digit run of that form
//     in the output is one of ours; a prefix the text does not contain is
//     chosen, so a caller sending raw digits cannot collide. sv→nb and sv→nn
//     add an ordinal period after it ("7700017. hus"), which is dropped
//     where the source had none and a word follows.
//   - ⟦@n⟧ travels as a capitalized pseudo-word, namePrefix + 3 letters
//     (Nbqaaa): an unknown capitalized word is taken for a proper noun, so
//     the sentence keeps its subject ("El señor Qzv habló. Qzv dijo…" →
//     "…*Qzv said…"; a private-use character there gives "It said"). The
//     unknown-word mark Apertium puts on it is removed. Before an English
//     genitive ("⟦@1⟧’s arrest") it travels as a first name the
//     dictionaries know (John, Peter…, one the text does not have): the
//     transfer rules move a known name's genitive ("l'arrest de John")
//     but read an unknown word's "’s" as "has" and glue it on ("*Qzvaaaha
//     arrest").

const (
	// puaFirst..puaLast is the Basic Multilingual Plane's private-use area.
	puaFirst, puaLast = 0xE000, 0xF8FF
	// maxNumbers and maxNames bound the tokens of one text; placeholders
	// beyond them are sent as they are.
	maxNumbers = 10000
	maxNames   = 26 * 26 * 26
)

// numPrefixes and namePrefixes are tried in order; the first the text does
// not contain is used.
var (
	numPrefixes  = []string{"77", "78", "79", "87", "88", "89", "97", "98", "99"}
	namePrefixes = []string{"Nbq", "Qzv", "Zqx", "Xvq", "Vkq", "Jqz"}
	// genitiveNames are proper nouns every English pair knows and keeps,
	// starting with a consonant (no elision to undo).
	genitiveNames = []string{"John", "Peter", "Paul", "David", "Robert", "James", "Thomas", "Mary", "Susan"}
)

// genitiveAfter reports whether s starts with an English genitive ("'s",
// "’s") that ends a word.
func genitiveAfter(s string) bool {
	for _, g := range []string{"'s", "’s"} {
		if strings.HasPrefix(s, g) {
			return !startsWord(s[len(g):])
		}
	}
	return false
}

// HidePlaceholders replaces each placeholder ⟦n⟧, ⟦#n⟧ or ⟦@n⟧ (n of 1 to
// 6 digits) in s by the token Apertium handles like it (see above), and
// returns the new text and a function that puts the placeholders back into
// a translation of it. Text without placeholders is returned as it is. The
// apy engine uses it too.
func HidePlaceholders(s string) (string, func(string) string) {
	if !strings.ContainsRune(s, placeholder.OpenRune) {
		return s, identity
	}
	h := &hider{
		tokRune: make(map[string]rune),
		runeTok: make(map[rune]string),
		numTok:  make(map[string]string),
		numIdx:  make(map[int]string),
		numDot:  make(map[string]bool),
		nameTok: make(map[string]string),
		nameIdx: make(map[string]string),
		genTok:  make(map[string]string),
		capNext: make(map[string]bool),
		used:    make(map[rune]bool),
		next:    puaFirst,
	}
	for _, r := range s {
		if r >= puaFirst && r <= puaLast {
			h.used[r] = true
		}
	}
	h.numPrefix = pickPrefix(s, numPrefixes, false)
	h.namePrefix = pickPrefix(s, namePrefixes, true)
	var b strings.Builder
	b.Grow(len(s))
	for i := 0; i < len(s); {
		_, n, kind, _ := placeholder.Parse(s[i:])
		if n == 0 {
			_, size := utf8.DecodeRuneInString(s[i:])
			b.WriteString(s[i : i+size])
			i += size
			continue
		}
		tok := s[i : i+n]
		// a token glued to a word or digits would run into them: such a
		// placeholder travels as a private-use character
		prev := b.String()
		_, next, _, _ := placeholder.Parse(s[i+n:])
		// (and so does one after * # @, which restore takes for a mark)
		if kind != placeholder.Plain && (wordBefore(prev, len(prev)) || strings.HasSuffix(prev, "*") || strings.HasSuffix(prev, "#") || strings.HasSuffix(prev, "@") || next > 0 || startsWord(s[i+n:])) {
			kind = placeholder.Plain
		}
		if kind == placeholder.Name && genitiveAfter(s[i+n:]) {
			if w := h.genitive(tok, s); w != "" {
				b.WriteString(w)
				i += n
				continue
			}
		}
		b.WriteString(h.hide(tok, kind))
		if kind == placeholder.Number && strings.HasPrefix(s[i+n:], ".") {
			h.numDot[tok] = true
		}
		if kind == placeholder.Name && strings.HasPrefix(s[i+n:], " ") && capitalized(nextWord(s[i+n+1:])) {
			h.capNext[tok] = true
		}
		i += n
	}
	if len(h.runeTok) == 0 && len(h.numTok) == 0 && len(h.nameTok) == 0 && len(h.genTok) == 0 {
		return s, identity
	}
	return b.String(), h.restore
}

type hider struct {
	used    map[rune]bool
	next    rune
	tokRune map[string]rune
	runeTok map[rune]string

	numPrefix string
	numTok    map[string]string // placeholder → digits
	numIdx    map[int]string    // index → placeholder
	numDot    map[string]bool   // the source has a period right after it

	namePrefix string
	nameTok    map[string]string // placeholder → pseudo-word
	nameIdx    map[string]string // lower-cased pseudo-word or genitive name → placeholder
	genTok     map[string]string // placeholder → the known name before a genitive
	capNext    map[string]bool   // the source has a capitalized word after it
}

// genitive returns the known name that stands for name placeholder tok
// before a genitive, or "" when every one is taken or in the text s.
func (h *hider) genitive(tok, s string) string {
	if w, ok := h.genTok[tok]; ok {
		return w
	}
	lower := strings.ToLower(s)
	for _, w := range genitiveNames {
		lw := strings.ToLower(w)
		if _, taken := h.nameIdx[lw]; taken || strings.Contains(lower, lw) {
			continue
		}
		h.genTok[tok], h.nameIdx[lw] = w, tok
		return w
	}
	return ""
}

// hide returns the token that stands for placeholder tok, or tok itself
// when the text has used up the tokens of its kind.
func (h *hider) hide(tok string, kind placeholder.Kind) string {
	switch kind {
	case placeholder.Number:
		if d, ok := h.numTok[tok]; ok {
			return d
		}
		if h.numPrefix == "" || len(h.numTok) >= maxNumbers {
			return tok
		}
		idx := len(h.numTok)
		d := h.numPrefix + pad4(idx) + "7"
		h.numTok[tok], h.numIdx[idx] = d, tok
		return d
	case placeholder.Name:
		if w, ok := h.nameTok[tok]; ok {
			return w
		}
		if h.namePrefix == "" || len(h.nameTok) >= maxNames {
			return tok
		}
		idx := len(h.nameTok)
		w := h.namePrefix + string([]byte{byte('a' + idx/676), byte('a' + idx/26%26), byte('a' + idx%26)})
		h.nameTok[tok], h.nameIdx[strings.ToLower(w)] = w, tok
		return w
	}
	if r, ok := h.tokRune[tok]; ok {
		return string(r)
	}
	for h.next <= puaLast && h.used[h.next] {
		h.next++
	}
	if h.next > puaLast { // out of characters: leave it as it is
		return tok
	}
	r := h.next
	h.next++
	h.tokRune[tok], h.runeTok[r] = r, tok
	return string(r)
}

// restore puts the placeholders back into t, a translation of the hidden
// text.
func (h *hider) restore(t string) string {
	out := make([]byte, 0, len(t)+8*(len(h.runeTok)+len(h.numTok)+len(h.nameTok)))
	for i := 0; i < len(t); {
		c := t[i]
		switch {
		case c >= '0' && c <= '9' && len(h.numTok) > 0 && (i == 0 || !isDigit(t[i-1])):
			j := i
			for j < len(t) && isDigit(t[j]) {
				j++
			}
			tok, ok := h.number(t[i:j])
			if !ok {
				out = append(out, t[i:j]...)
				i = j
				continue
			}
			out = append(unglue(stripMark(out)), tok...)
			i = j
			// the source had no letter against it ("18-month-old"): one the
			// engine glued on ("de7700007meses") is parted
			if r, _ := utf8.DecodeRuneInString(t[i:]); unicode.IsLetter(r) {
				out = append(out, ' ')
			}
			// sv→nb/nn's ordinal period: "7700017. hus"
			if !h.numDot[tok] && strings.HasPrefix(t[i:], ". ") && i+2 < len(t) && !startsUpper(t[i+2:]) {
				i++
			}
			// nb→sv's "2010 ." where the source had "2010."
			if h.numDot[tok] && strings.HasPrefix(t[i:], " .") {
				i++
			}
		case isASCIILetter(c) && len(h.nameIdx) > 0 && !wordBefore(t, i):
			// a pseudo-word is letters only: digits glued to a word are
			// a number token ("de7700007meses")
			j := i
			for j < len(t) {
				r, size := utf8.DecodeRuneInString(t[j:])
				if !unicode.IsLetter(r) {
					break
				}
				j += size
			}
			tok, ok := h.nameIdx[strings.ToLower(t[i:j])]
			if !ok {
				out = append(out, t[i:j]...)
				i = j
				continue
			}
			out = unglue(stripMark(out))
			start := sentenceEnded(out)
			out = append(out, tok...)
			i = j
			// spa-eng capitalizes the word after an unknown word that starts
			// a sentence ("*Qzv Said that"): a name does not do that
			if start && !h.capNext[tok] && strings.HasPrefix(t[i:], " ") {
				if w := nextWord(t[i+1:]); w != "" && w != "I" && capitalized(w) {
					if _, isName := h.nameIdx[strings.ToLower(w)]; !isName {
						r, size := utf8.DecodeRuneInString(w)
						out = append(out, ' ')
						out = utf8.AppendRune(out, unicode.ToLower(r))
						i += 1 + size
					}
				}
			}
		case c >= utf8.RuneSelf:
			r, size := utf8.DecodeRuneInString(t[i:])
			if tok, ok := h.runeTok[r]; ok && size > 1 {
				out = append(out, tok...)
			} else {
				out = append(out, t[i:i+size]...) // bytes as they are, even invalid ones
			}
			i += size
		default:
			out = append(out, c)
			i++
		}
	}
	return string(out)
}

// number returns the placeholder digit run d stands for.
func (h *hider) number(d string) (string, bool) {
	if len(d) != len(h.numPrefix)+5 || !strings.HasPrefix(d, h.numPrefix) || d[len(d)-1] != '7' {
		return "", false
	}
	idx, err := strconv.Atoi(d[len(h.numPrefix) : len(d)-1])
	if err != nil {
		return "", false
	}
	tok, ok := h.numIdx[idx]
	return tok, ok
}

// stripMark removes an unknown-word mark (* # @) Apertium put right before
// a token: the source never has one there (a placeholder after * # @
// travels as a private-use character).
func stripMark(out []byte) []byte {
	n := len(out)
	for n > 0 && (out[n-1] == '*' || out[n-1] == '#' || out[n-1] == '@') {
		n--
	}
	return out[:n]
}

// unglue adds a space after a letter that out ends with: a number or name
// token travels only where the source has no letter against it, so one
// there was glued by the engine ("meses*Nbqaaa").
func unglue(out []byte) []byte {
	if r, _ := utf8.DecodeLastRune(out); len(out) > 0 && unicode.IsLetter(r) {
		return append(out, ' ')
	}
	return out
}

// pickPrefix returns the first prefix s does not contain (folding case for
// names), or "" if it contains them all.
func pickPrefix(s string, prefixes []string, fold bool) string {
	if fold {
		s = strings.ToLower(s)
	}
	for _, p := range prefixes {
		if fold {
			p = strings.ToLower(p)
		}
		if !strings.Contains(s, p) {
			if fold {
				return strings.ToUpper(p[:1]) + p[1:]
			}
			return p
		}
	}
	return ""
}

func pad4(n int) string {
	s := strconv.Itoa(n)
	return strings.Repeat("0", 4-len(s)) + s
}

func isDigit(c byte) bool { return c >= '0' && c <= '9' }

func isASCIILetter(c byte) bool { return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' }

func wordBefore(s string, i int) bool {
	r, _ := utf8.DecodeLastRuneInString(s[:i])
	return i > 0 && engine.IsWordRune(r)
}

// sentenceEnded reports whether out is empty or ends a sentence (. ! ? : or
// a line break, then spaces or opening quotes).
func sentenceEnded(out []byte) bool {
	i := len(out)
	for i > 0 {
		r, size := utf8.DecodeLastRune(out[:i])
		switch {
		case r == '.' || r == '!' || r == '?' || r == ':' || r == '\n':
			return true
		case r == ' ' || r == '"' || r == '«' || r == '“' || r == '(' || r == '¿' || r == '¡' || r == '—':
			i -= size
		default:
			return false
		}
	}
	return true
}

// nextWord returns the word s starts with.
func nextWord(s string) string {
	for i, r := range s {
		if !engine.IsWordRune(r) {
			return s[:i]
		}
	}
	return s
}

// capitalized reports whether w is an upper-case letter followed by
// lower-case ones.
func capitalized(w string) bool {
	r, size := utf8.DecodeRuneInString(w)
	if !unicode.IsUpper(r) || size == len(w) {
		return false
	}
	for _, r := range w[size:] {
		if !unicode.IsLower(r) {
			return false
		}
	}
	return true
}

func startsWord(s string) bool {
	r, _ := utf8.DecodeRuneInString(s)
	return engine.IsWordRune(r)
}

func startsUpper(s string) bool {
	r, _ := utf8.DecodeRuneInString(s)
	return unicode.IsUpper(r)
}

func identity(s string) string { return s }
