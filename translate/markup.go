package translate

import (
	"html"
	"strings"
	"unicode"
	"unicode/utf8"

	"newsbridge/translate/engine/placeholder"
)

// protectField protects a whole field: plain text, or a block's inline HTML
// (a, em, strong, b, i, code, already sanitized by extract). Tags become
// placeholders; <code>…</code> is one placeholder with its content; the text
// between tags is unescaped, protected and later re-escaped by restore. The
// placeholders are numbered across the field; segments renumber them.
func protectField(text string, isHTML bool, g *glossaryMatcher, to string) (string, []Span) {
	return protectFieldNames(text, isHTML, g, nil, to)
}

// protectFieldNames is protectField that also protects the names names
// finds (the article's; see names.go).
func protectFieldNames(text string, isHTML bool, g *glossaryMatcher, names *nameMatcher, to string) (string, []Span) {
	var b strings.Builder
	b.Grow(len(text) + len(text)/8)
	var spans []Span
	if !isHTML {
		protectText(&b, &spans, text, g, names, to)
		return b.String(), spans
	}
	for len(text) > 0 {
		i := strings.IndexByte(text, '<')
		if i < 0 {
			protectText(&b, &spans, html.UnescapeString(text), g, names, to)
			break
		}
		if i > 0 {
			protectText(&b, &spans, html.UnescapeString(text[:i]), g, names, to)
			text = text[i:]
		}
		j := strings.IndexByte(text, '>')
		if j < 0 { // a lone "<": text
			protectText(&b, &spans, html.UnescapeString(text), g, names, to)
			break
		}
		tag := text[:j+1]
		name, closing := tagName(tag)
		if name == "" { // "< 5" or similar: text
			protectText(&b, &spans, html.UnescapeString(text[:1]), g, names, to)
			text = text[1:]
			continue
		}
		if name == "code" && !closing {
			// code is not language: protect it whole, content included.
			end := strings.Index(strings.ToLower(text), "</code>")
			if end < 0 {
				end = len(text)
			} else {
				end += len("</code>")
			}
			spans = append(spans, Span{Kind: SpanCode, Source: text[:end], Out: text[:end], Raw: true})
			b.WriteString(placeholder.Format(placeholder.Plain, len(spans)))
			text = text[end:]
			continue
		}
		depth := 1
		if closing {
			depth = -1
		} else if strings.HasSuffix(tag, "/>") || name == "br" || name == "img" || name == "wbr" {
			depth = 0
		}
		spans = append(spans, Span{Kind: SpanTag, Source: tag, Out: tag, Raw: true, Depth: depth})
		b.WriteString(placeholder.Format(placeholder.Plain, len(spans)))
		text = text[j+1:]
	}
	return b.String(), spans
}

// tagName returns the lower-cased name of a tag like "<a href=…>" or "</em>".
func tagName(tag string) (name string, closing bool) {
	t := tag[1:]
	if strings.HasPrefix(t, "/") {
		closing = true
		t = t[1:]
	}
	n := 0
	for n < len(t) && (t[n] >= 'a' && t[n] <= 'z' || t[n] >= 'A' && t[n] <= 'Z' || n > 0 && t[n] >= '0' && t[n] <= '9') {
		n++
	}
	return strings.ToLower(t[:n]), closing
}

// plainFromHTML returns the text of inline HTML: tags removed, entities
// decoded. Block.Text of a translated HTML block is made with it.
func plainFromHTML(s string) string {
	var b strings.Builder
	for len(s) > 0 {
		i := strings.IndexByte(s, '<')
		if i < 0 {
			b.WriteString(s)
			break
		}
		b.WriteString(s[:i])
		s = s[i:]
		j := strings.IndexByte(s, '>')
		if name, _ := tagName(s[:max(j+1, 1)]); j < 0 || name == "" {
			b.WriteByte('<')
			s = s[1:]
			continue
		}
		s = s[j+1:]
	}
	return html.UnescapeString(b.String())
}

func isLetterRune(r rune) bool {
	if r < utf8.RuneSelf {
		return r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z'
	}
	return unicode.IsLetter(r) || unicode.Is(unicode.Mn, r)
}
