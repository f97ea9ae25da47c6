package extract

import "strings"

// dropRawText returns the page without what the extractor never reads and
// the parser spends most of its time on: the contents of <script> elements
// (JSON-LD excepted) and <style> elements, and whole <svg> drawings. On
// news pages these are about half the bytes. The scan follows the
// tokenizer's rules where they matter: tags are read attribute by attribute
// (a quoted ">" or "<script" is not a tag), comments and the raw text of
// <textarea>, <title>, <noscript> and the like are skipped, and at anything
// it cannot follow (an unclosed element, a script that opens an HTML comment,
// which changes where it ends) it stops and keeps the rest as it is.
func dropRawText(s string) string {
	var b strings.Builder
	last := 0 // s[:last] is decided (written to b, or dropped)
	keepTo := func(i int) {
		if b.Cap() == 0 {
			b.Grow(len(s))
		}
		b.WriteString(s[last:i])
	}
	i := 0
scan:
	for {
		j := strings.IndexByte(s[i:], '<')
		if j < 0 {
			break
		}
		i += j
		rest := s[i:]
		if strings.HasPrefix(rest, "<!--") {
			k := strings.Index(rest[4:], "-->")
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
		case strings.EqualFold(name, "script"), strings.EqualFold(name, "style"):
			close := indexEndTag(s[end:], name)
			if close < 0 {
				break scan
			}
			body := s[end : end+close]
			if strings.EqualFold(name, "script") {
				if k := strings.Index(body, "<!--"); k >= 0 && strings.Contains(strings.ToLower(body[k:]), "<script") {
					// A script that writes a script inside an HTML
					// comment ends later than its first </script>.
					break scan
				}
				if strings.Contains(strings.ToLower(s[i:end]), "ld+json") {
					i = end + close
					continue
				}
			}
			if close > 0 {
				keepTo(end)
				last = end + close
			}
			i = end + close
		case strings.EqualFold(name, "svg"):
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
		case strings.EqualFold(name, "plaintext"):
			break scan
		default:
			i = end
		}
	}
	if b.Cap() == 0 {
		return s
	}
	b.WriteString(s[last:])
	return b.String()
}

func isASCIILetter(c byte) bool { return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' }

// isRawTextTag names the elements whose contents the tokenizer reads as
// text up to their end tag (noscript too, since the parser runs as a
// browser with scripting on).
func isRawTextTag(name string) bool {
	for _, t := range []string{"textarea", "title", "noscript", "xmp", "iframe", "noembed", "noframes"} {
		if strings.EqualFold(name, t) {
			return true
		}
	}
	return false
}

// tagEnd returns the index just past the ">" that ends the start tag whose
// attributes begin at i, or -1 when the page ends first. Quoted attribute
// values may hold ">".
func tagEnd(s string, i int) int {
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
				k := strings.IndexByte(s[i+1:], s[i])
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
func indexEndTag(s, name string) int {
	for i := 0; ; {
		j := strings.Index(s[i:], "</")
		if j < 0 {
			return -1
		}
		i += j
		k := i + 2 + len(name)
		if k <= len(s) && strings.EqualFold(s[i+2:k], name) && (k == len(s) || strings.IndexByte(" \t\n\r\f/>", s[k]) >= 0) {
			return i
		}
		i += 2
	}
}

// svgEnd returns the index just past the </svg> that closes the <svg>
// whose start tag ends at i (drawings may nest), or -1.
func svgEnd(s string, i int) int {
	depth := 1
	for {
		j := strings.IndexByte(s[i:], '<')
		if j < 0 {
			return -1
		}
		i += j
		rest := s[i:]
		switch {
		case len(rest) >= 5 && strings.EqualFold(rest[1:4], "svg") && strings.IndexByte(" \t\n\r\f/>", rest[4]) >= 0:
			end := tagEnd(s, i+4)
			if end < 0 {
				return -1
			}
			if s[end-2] != '/' {
				depth++
			}
			i = end
		case len(rest) >= 6 && strings.EqualFold(rest[1:5], "/svg") && strings.IndexByte(" \t\n\r\f>", rest[5]) >= 0:
			k := strings.IndexByte(rest, '>')
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
