package extract

import "bytes"

// dropRawText returns the page without what the extractor never reads and
// the parser spends most of its time on: the contents of <script> elements
// (JSON-LD excepted) and <style> elements, and whole <svg> drawings. On
// news pages these are about half the bytes. The scan follows the
// tokenizer's rules where they matter: tags are read attribute by attribute
// (a quoted ">" or "<script" is not a tag), comments and the raw text of
// <textarea>, <title>, <noscript> and the like are skipped, and at anything
// it cannot follow (an unclosed element, a script that opens an HTML comment,
// which changes where it ends) it stops and keeps the rest as it is.
func dropRawText(s []byte) []byte {
	var b []byte
	last := 0 // s[:last] is decided (written to b, or dropped)
	keepTo := func(i int) {
		if b == nil {
			b = make([]byte, 0, len(s))
		}
		b = append(b, s[last:i]...)
	}
	i := 0
scan:
	for {
		j := bytes.IndexByte(s[i:], '<')
		if j < 0 {
			break
		}
		i += j
		rest := s[i:]
		if bytes.HasPrefix(rest, commentOpen) {
			k := bytes.Index(rest[4:], commentClose)
			if k < 0 {
				break
			}
			i += 4 + k + 3
			continue
		}
		if len(rest) < 2 || !isASCIILetter(rest[1]) {
			i++
			continue
		}
		n := 1
		for n < len(rest) && rest[n] != ' ' && rest[n] != '>' && rest[n] != '/' && rest[n] != '\t' && rest[n] != '\n' && rest[n] != '\r' && rest[n] != '\f' {
			n++
		}
		name := rest[1:n]
		end := tagEnd(s, i+n)
		if end < 0 {
			break
		}
		switch {
		case equalFold(name, "script"), equalFold(name, "style"):
			close := indexEndTag(s[end:], name)
			if close < 0 {
				break scan
			}
			body := s[end : end+close]
			if equalFold(name, "script") {
				if k := bytes.Index(body, commentOpen); k >= 0 && indexFold(body[k:], "<script") >= 0 {
					// A script that writes a script inside an HTML
					// comment ends later than its first </script>.
					break scan
				}
				if indexFold(s[i:end], "ld+json") >= 0 {
					i = end + close
					continue
				}
			}
			if close > 0 {
				keepTo(end)
				last = end + close
			}
			i = end + close
		case equalFold(name, "svg"):
			if s[end-2] == '/' {
				i = end
				continue
			}
			stop := svgEnd(s, end)
			if stop < 0 {
				break scan
			}
			keepTo(i)
			last, i = stop, stop
		case isRawTextTag(name):
			close := indexEndTag(s[end:], name)
			if close < 0 {
				break scan
			}
			i = end + close
		case equalFold(name, "plaintext"):
			break scan
		default:
			i = end
		}
	}
	if b == nil {
		return s
	}
	return append(b, s[last:]...)
}

func isASCIILetter(c byte) bool { return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' }

// isRawTextTag names the elements whose contents the tokenizer reads as
// text up to their end tag (noscript too, since the parser runs as a
// browser with scripting on).
func isRawTextTag(name []byte) bool {
	for _, t := range []string{"textarea", "title", "noscript", "xmp", "iframe", "noembed", "noframes"} {
		if equalFold(name, t) {
			return true
		}
	}
	return false
}

// tagEnd returns the index just past the ">" that ends the start tag whose
// attributes begin at i, or -1 when the page ends first. Quoted attribute
// values may hold ">".
func tagEnd(s []byte, i int) int {
	for i < len(s) {
		switch c := s[i]; c {
		case '>':
			return i + 1
		case '=':
			i++
			for i < len(s) && (s[i] == ' ' || s[i] == '\t' || s[i] == '\n' || s[i] == '\r' || s[i] == '\f') {
				i++
			}
			if i < len(s) && (s[i] == '"' || s[i] == '\'') {
				k := bytes.IndexByte(s[i+1:], s[i])
				if k < 0 {
					return -1
				}
				i += 1 + k + 1
			}
		default:
			i++
		}
	}
	return -1
}

// indexEndTag finds the end tag "</name" (any case, followed by a
// delimiter) in s.
func indexEndTag(s, name []byte) int {
	for i := 0; ; {
		j := bytes.Index(s[i:], endOpen)
		if j < 0 {
			return -1
		}
		i += j
		k := i + 2 + len(name)
		if k <= len(s) && bytes.EqualFold(s[i+2:k], name) && (k == len(s) || isTagDelim(s[k])) {
			return i
		}
		i += 2
	}
}

// svgEnd returns the index just past the </svg> that closes the <svg>
// whose start tag ends at i (drawings may nest), or -1.
func svgEnd(s []byte, i int) int {
	depth := 1
	for {
		j := bytes.IndexByte(s[i:], '<')
		if j < 0 {
			return -1
		}
		i += j
		rest := s[i:]
		switch {
		case len(rest) >= 5 && equalFold(rest[1:4], "svg") && isTagDelim(rest[4]):
			end := tagEnd(s, i+4)
			if end < 0 {
				return -1
			}
			if s[end-2] != '/' {
				depth++
			}
			i = end
		case len(rest) >= 6 && equalFold(rest[1:5], "/svg") && isTagDelim(rest[5]):
			k := bytes.IndexByte(rest, '>')
			if k < 0 {
				return -1
			}
			i += k + 1
			if depth--; depth == 0 {
				return i
			}
		default:
			i++
		}
	}
}

var (
	commentOpen  = []byte("<!--")
	commentClose = []byte("-->")
	endOpen      = []byte("</")
)

func isTagDelim(c byte) bool {
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '/' || c == '>'
}

// equalFold compares an ASCII name in s with a lower-case one.
func equalFold(s []byte, lower string) bool {
	if len(s) != len(lower) {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c >= 'A' && c <= 'Z' {
			c += 'a' - 'A'
		}
		if c != lower[i] {
			return false
		}
	}
	return true
}

// indexFold finds a lower-case ASCII needle in s, case ignored.
func indexFold(s []byte, needle string) int {
	for i := 0; i+len(needle) <= len(s); i++ {
		if equalFold(s[i:i+len(needle)], needle) {
			return i
		}
	}
	return -1
}
