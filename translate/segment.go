package translate

import (
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/clipperhouse/uax29/v2/sentences"
	"golang.org/x/text/unicode/norm"

	"newsbridge/translate/engine"
	"newsbridge/translate/engine/placeholder"
)

// DefaultMaxSegmentBytes bounds one segment: a longer run without a sentence
// end (a 1 MB paragraph) is cut at spaces so no engine call gets a sentence
// it chokes on.
const DefaultMaxSegmentBytes = 2000

// segPart is a sentence of a field with the whitespace that precedes it.
type segPart struct {
	glue string // whitespace before the sentence, newlines included
	text string // the sentence, placeholders numbered across the field
}

// segmentField splits a protected field into sentences: lines first (a
// newline always ends a sentence), then UAX #29 sentence boundaries, minus
// the boundaries after an abbreviation or an initial and inside a pair of
// inline tags. It returns the sentences and the whitespace after the last.
// Concatenating glue+text of every part and the tail gives ptext back.
func segmentField(ptext string, spans []Span, lang string, maxBytes int) ([]segPart, string) {
	if maxBytes <= 0 {
		maxBytes = DefaultMaxSegmentBytes
	}
	abbr := abbreviations()[langKey(lang)]
	var parts []segPart
	pending := "" // whitespace waiting for the next sentence
	emit := func(s string) {
		core := strings.TrimLeftFunc(s, unicode.IsSpace)
		pending += s[:len(s)-len(core)]
		trimmed := strings.TrimRightFunc(core, unicode.IsSpace)
		if trimmed == "" {
			return
		}
		for _, pc := range engine.SplitLong(trimmed, maxBytes) {
			parts = append(parts, segPart{glue: pending, text: pc.Text})
			pending = pc.Sep
		}
		pending += core[len(trimmed):]
	}
	depth := 0
	for line := range strings.SplitAfterSeq(ptext, "\n") {
		shadow, pos := shadowOf(line, spans)
		at := func(i int) int {
			if pos == nil {
				return i
			}
			return pos[i]
		}
		var cur strings.Builder
		it := sentences.FromString(shadow)
		for it.Next() {
			tok := line[at(it.Start()):at(it.End())]
			cur.WriteString(tok)
			depth += tagDepth(tok, spans)
			if depth > 0 || endsWithAbbreviation(tok, abbr) {
				continue
			}
			emit(cur.String())
			cur.Reset()
		}
		if cur.Len() > 0 {
			emit(cur.String())
		}
		depth = 0 // a newline ends whatever is open: tags do not span lines in blocks
	}
	return parts, pending
}

// shadowOf returns the line with each placeholder replaced by one character
// the sentence rules treat like what it stands for, and the map from the
// shadow's byte offsets to the line's (nil when they are the same). UAX #29 would otherwise break inside
// "⟦2⟧" after a full stop. Opening tags become «, closing tags » (so they
// stay with the sentence they wrap), other markup WORD JOINER (a Format
// character the rules skip over), numbers a digit, everything else a capital
// letter, as names and links mostly are.
func shadowOf(line string, spans []Span) (string, []int) {
	if !strings.ContainsRune(line, placeholder.OpenRune) {
		return line, nil // offsets are the same
	}
	var b strings.Builder
	b.Grow(len(line))
	pos := make([]int, 0, len(line)+1)
	for i := 0; i < len(line); {
		if strings.HasPrefix(line[i:], placeholder.Open) {
			if n, size, _, ok := placeholder.ParseLoose(line[i:]); ok && n >= 1 && n <= len(spans) {
				r := "X"
				switch spans[n-1].Kind {
				case SpanTag, SpanLiteral:
					switch d := spans[n-1].Depth; {
					case d > 0:
						r = "«" // opens: belongs to the sentence after
					case d < 0:
						r = "»" // closes: belongs to the sentence before
					default:
						r = "\u2060"
					}
				case SpanNumber:
					r = "0"
				}
				b.WriteString(r)
				for k := 0; k < len(r); k++ {
					pos = append(pos, i)
				}
				i += size
				continue
			}
		}
		b.WriteByte(line[i])
		pos = append(pos, i)
		i++
	}
	pos = append(pos, len(line))
	return b.String(), pos
}

// tagDepth is the net nesting change of the tag placeholders in s.
func tagDepth(s string, spans []Span) int {
	d := 0
	for i := 0; i < len(s); {
		j := strings.IndexRune(s[i:], placeholder.OpenRune)
		if j < 0 {
			break
		}
		i += j
		n, size, _, ok := placeholder.ParseLoose(s[i:])
		if !ok {
			i += len(placeholder.Open)
			continue
		}
		if n >= 1 && n <= len(spans) {
			d += spans[n-1].Depth
		}
		i += size
	}
	return d
}

// endsWithAbbreviation reports whether sentence s ends with a full stop that
// belongs to an abbreviation ("Sr.", "p. ej.", "EE.") or an initial ("J.").
func endsWithAbbreviation(s string, abbr map[string]bool) bool {
	s = strings.TrimRightFunc(s, unicode.IsSpace)
	if !strings.HasSuffix(s, ".") {
		return false
	}
	body := s[:len(s)-1]
	i := len(body)
	for i > 0 {
		r, size := utf8.DecodeLastRuneInString(body[:i])
		if !isLetterRune(r) && r != '.' && r != '-' {
			break
		}
		i -= size
	}
	w := body[i:]
	if w == "" || strings.HasPrefix(w, ".") {
		return false
	}
	if utf8.RuneCountInString(w) == 1 {
		r, _ := utf8.DecodeRuneInString(w)
		return unicode.IsUpper(r) // an initial
	}
	return abbr[strings.ToLower(w)]
}

// localize renumbers the placeholders of a sentence from 1 in order of
// appearance and returns the sentence's own spans, so that the same sentence
// with other numbers, names or links has the same memory key.
func localize(text string, spans []Span) (string, []Span) {
	if !strings.ContainsRune(text, placeholder.OpenRune) {
		return text, nil
	}
	var b strings.Builder
	b.Grow(len(text))
	var local []Span
	last := 0
	for i := 0; i < len(text); {
		j := strings.IndexRune(text[i:], placeholder.OpenRune)
		if j < 0 {
			break
		}
		i += j
		n, size, _, ok := placeholder.ParseLoose(text[i:])
		if !ok || n < 1 || n > len(spans) {
			i += len(placeholder.Open)
			continue
		}
		b.WriteString(text[last:i])
		local = append(local, spans[n-1])
		b.WriteString(placeholderFor(spans[n-1], len(local)))
		i += size
		last = i
	}
	b.WriteString(text[last:])
	return b.String(), local
}

// memoryKey normalizes a protected sentence for the translation memory: NFC,
// whitespace collapsed to single spaces and trimmed; placeholders are
// already numbered from 1 by localize.
func memoryKey(s string) string {
	s = collapseSpace(s)
	if !norm.NFC.IsNormalString(s) {
		s = norm.NFC.String(s)
	}
	return s
}

// literalKey is the key an editor's entry is saved under when its target
// cannot be expressed with placeholders: the plain source sentence itself.
func literalKey(source string) string {
	return "=" + memoryKey(source)
}

func collapseSpace(s string) string {
	simple := true
	prevSpace := true
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c == ' ' {
			if prevSpace {
				simple = false
				break
			}
			prevSpace = true
			continue
		}
		if c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f' || c == 0xC2 || c == 0xE2 && i+1 < len(s) && s[i+1] == 0x80 {
			simple = false
			break
		}
		prevSpace = false
	}
	if simple && !prevSpace {
		return s
	}
	return strings.Join(strings.Fields(s), " ")
}

// numberOf renders n for messages.
func numberOf(n int) string { return strconv.Itoa(n) }
