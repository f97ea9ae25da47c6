package apertium

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
	"unicode/utf8"

	"newsbridge/translate/engine"
)

// This file is newsbridge's own txt deformatter and reformatter. Apertium's
// apertium-destxt/apertium-retxt cannot stay running between batches: they
// take no -z flag and drop the null byte that ends a batch, so APy starts a
// fresh one per request. Doing their small job in Go instead keeps one
// long-running pipeline per pair and gives exact control over the marks that
// separate segments. The rules copy apertium-destxt's (Apertium 3.8):
//
//   - `\ [ ] ^ $ @ / < > { }` are escaped with a backslash;
//   - "~" (the post-generation mark) and every run of white space other than a
//     single space become a superblank "[…]", which every tool passes on
//     untouched;
//   - a period and an empty superblank ".[]" are inserted before a blank line
//     and at the end of the text, so that a title without final punctuation
//     does not run into the next sentence; the reformatter removes them.

// segMark is the superblank content that ends segment i in a batch. User text
// can never produce it: user brackets are escaped, and user superblanks hold
// only white space or "~".
const segMarkPrefix = "NBSEG:"

// errMalformed is wrapped by the splitter when the pipeline's output does not
// hold the marks it should.
var errMalformed = errors.New("segment marks lost")

// CleanText prepares one text for Apertium: it rejects invalid UTF-8, turns
// CR LF and lone CR into LF and removes control characters other than LF
// and TAB. NUL would end a batch early (APy silently cuts a text at its
// first NUL); the others make lttoolbox misbehave or are invisible garbage
// from a page anyway. The apy engine uses it too.
func CleanText(s string) (string, error) {
	if !utf8.ValidString(s) {
		return "", errors.New("text is not valid UTF-8")
	}
	clean := true
	for _, r := range s {
		if isDropped(r) || r == '\r' {
			clean = false
			break
		}
	}
	if clean {
		return s, nil
	}
	s = strings.ReplaceAll(s, "\r\n", "\n")
	var b strings.Builder
	b.Grow(len(s))
	for _, r := range s {
		switch {
		case r == '\r':
			b.WriteByte('\n')
		case isDropped(r):
		default:
			b.WriteRune(r)
		}
	}
	return b.String(), nil
}

// isDropped reports whether r is a control character CleanText removes:
// C0 controls except TAB and LF, DEL, and the C1 controls.
func isDropped(r rune) bool {
	if r == '\t' || r == '\n' {
		return false
	}
	return r < 0x20 || (r >= 0x7f && r <= 0x9f)
}

// writeDeformatted appends core (no leading or trailing white space) to b in
// Apertium's stream format, followed by the inserted period and the mark
// that ends segment idx.
func writeDeformatted(b *strings.Builder, core string, idx int) {
	for i := 0; i < len(core); {
		c := core[i]
		if engine.IsSpace(rune(c)) {
			j := i
			nl := 0
			for j < len(core) && engine.IsSpace(rune(core[j])) {
				if core[j] == '\n' {
					nl++
				}
				j++
			}
			run := core[i:j]
			switch {
			case nl >= 2:
				// A blank line is a possible sentence end, as in destxt.
				b.WriteString(".[][")
				b.WriteString(run)
				b.WriteByte(']')
			case run == " ":
				b.WriteByte(' ')
			default:
				b.WriteByte('[')
				b.WriteString(run)
				b.WriteByte(']')
			}
			i = j
			continue
		}
		switch c {
		case '\\', '[', ']', '^', '$', '@', '/', '<', '>', '{', '}':
			b.WriteByte('\\')
			b.WriteByte(c)
		case '~':
			b.WriteString("[~]")
		default:
			b.WriteByte(c)
		}
		i++
	}
	b.WriteString(".[][" + segMarkPrefix)
	b.WriteString(strconv.Itoa(idx))
	b.WriteByte(']')
}

// splitOutput cuts the pipeline's output for one batch into n reformatted
// segments. It fails unless it finds exactly the marks 0..n-1, in order,
// with nothing but white space after the last: a batch whose segments cannot
// be told apart for certain is an error, never a misaligned result.
func splitOutput(out string, n int) ([]string, error) {
	res := make([]string, 0, n)
	cur := make([]byte, 0, 256)
	for i := 0; i < len(out); {
		c := out[i]
		switch c {
		case '\\':
			if i+1 < len(out) {
				cur = append(cur, out[i+1])
				i += 2
			} else {
				i++
			}
		case '[':
			content, next, ok := readSuperblank(out, i)
			if !ok {
				return nil, fmt.Errorf("%w: unterminated superblank at byte %d", errMalformed, i)
			}
			i = next
			if rest, isMark := strings.CutPrefix(content, segMarkPrefix); isMark {
				idx, err := strconv.Atoi(rest)
				if err != nil || idx != len(res) {
					return nil, fmt.Errorf("%w: found mark %q where mark %d was expected", errMalformed, rest, len(res))
				}
				res = append(res, strings.TrimFunc(string(cur), engine.IsSpace))
				cur = cur[:0]
				continue
			}
			if content == "" {
				// ".[]" is an inserted period: drop it.
				if len(cur) > 0 && cur[len(cur)-1] == '.' {
					cur = cur[:len(cur)-1]
				}
				continue
			}
			cur = append(cur, content...)
		default:
			cur = append(cur, c)
			i++
		}
	}
	if len(res) != n {
		return nil, fmt.Errorf("%w: got %d of %d segments", errMalformed, len(res), n)
	}
	if strings.TrimFunc(string(cur), engine.IsSpace) != "" {
		return nil, fmt.Errorf("%w: text after the last segment", errMalformed)
	}
	return res, nil
}

// readSuperblank reads the superblank opening at out[i] ('['), returning its
// unescaped content and the index after its closing bracket.
func readSuperblank(out string, i int) (content string, next int, ok bool) {
	var b strings.Builder
	for j := i + 1; j < len(out); j++ {
		switch out[j] {
		case '\\':
			if j+1 < len(out) {
				j++
				b.WriteByte(out[j])
			}
		case ']':
			return b.String(), j + 1, true
		default:
			b.WriteByte(out[j])
		}
	}
	return "", len(out), false
}
