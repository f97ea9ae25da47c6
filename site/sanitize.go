package site

import (
	"html"
	"html/template"
	"net/url"
	"strings"
	"unicode/utf8"

	xhtml "golang.org/x/net/html"
	"golang.org/x/net/html/atom"

	markup "newsbridge/internal/inline"
)

// The allowlist for a block's inline markup is markup.Allowed (package inline), shared with
// extraction. Extraction already sanitizes Block.HTML; the site does it
// again because the stored HTML passed through translation and editing,
// and the site is the last place that can stop markup from reaching a
// reader.

// dropContent lists elements whose text is not reader text either.
var dropContent = map[atom.Atom]bool{
	atom.Script: true, atom.Style: true, atom.Template: true, atom.Noscript: true,
	atom.Iframe: true, atom.Object: true, atom.Svg: true, atom.Math: true,
	atom.Textarea: true, atom.Select: true, atom.Title: true, atom.Noembed: true,
	atom.Noframes: true, atom.Xmp: true, atom.Plaintext: true,
}

// maxInlineHTML bounds the work spent on one block's markup.
const maxInlineHTML = 1 << 20

// sanitizeInline re-sanitizes inline HTML with a strict allowlist: a (href
// http/https only), em, strong, b, i, code; no other attribute survives.
// Text is re-escaped, tags are balanced, and the result is safe to insert
// as template.HTML inside a <p>, <li>, <hN> or <blockquote>.
func sanitizeInline(s string) template.HTML {
	if len(s) > maxInlineHTML {
		s = s[:maxInlineHTML]
	}
	z := xhtml.NewTokenizerFragment(strings.NewReader(s), "p")
	var b strings.Builder
	var open []atom.Atom // allowed elements currently open
	skip := 0            // depth inside dropped-content elements
	for {
		tt := z.Next()
		if tt == xhtml.ErrorToken {
			break // io.EOF, or input the tokenizer gave up on: stop there
		}
		switch tt {
		case xhtml.TextToken:
			if skip == 0 {
				b.WriteString(escapeText(string(z.Text())))
			}
		case xhtml.StartTagToken, xhtml.SelfClosingTagToken:
			name, hasAttr := z.TagName()
			a := atom.Lookup(name)
			if dropContent[a] {
				if tt == xhtml.StartTagToken {
					skip++
				}
				continue
			}
			if a == atom.Br && skip == 0 {
				b.WriteString(" ")
				continue
			}
			if skip > 0 || !markup.Allowed(a) || tt == xhtml.SelfClosingTagToken {
				continue
			}
			if a == atom.A && contains(open, atom.A) {
				continue // no nested links
			}
			if a == atom.A {
				href := ""
				for hasAttr {
					var k, v []byte
					k, v, hasAttr = z.TagAttr()
					if string(k) == "href" {
						href = safeHref(string(v))
					}
				}
				if href == "" {
					// A link we cannot trust keeps its text, not its tag.
					continue
				}
				b.WriteString(`<a href="`)
				b.WriteString(html.EscapeString(href))
				b.WriteString(`" rel="nofollow noopener">`)
			} else {
				b.WriteString("<" + a.String() + ">")
			}
			open = append(open, a)
		case xhtml.EndTagToken:
			name, _ := z.TagName()
			a := atom.Lookup(name)
			if dropContent[a] {
				if skip > 0 {
					skip--
				}
				continue
			}
			if skip > 0 || !markup.Allowed(a) {
				continue
			}
			// Close up to the matching open element; an end tag with no
			// match is ignored, so the output stays balanced.
			i := lastIndex(open, a)
			if i < 0 {
				continue
			}
			for j := len(open) - 1; j >= i; j-- {
				b.WriteString("</" + open[j].String() + ">")
			}
			open = open[:i]
		}
	}
	for j := len(open) - 1; j >= 0; j-- {
		b.WriteString("</" + open[j].String() + ">")
	}
	return template.HTML(b.String())
}

// safeHref returns an absolute http(s) URL, re-serialised, or "".
func safeHref(raw string) string {
	raw = strings.TrimSpace(raw)
	u, err := url.Parse(raw)
	if err != nil || u.Host == "" {
		return ""
	}
	if s := strings.ToLower(u.Scheme); s != "http" && s != "https" {
		return ""
	}
	u.Scheme = strings.ToLower(u.Scheme)
	return u.String()
}

func contains(s []atom.Atom, a atom.Atom) bool { return lastIndex(s, a) >= 0 }

func lastIndex(s []atom.Atom, a atom.Atom) int {
	for i := len(s) - 1; i >= 0; i-- {
		if s[i] == a {
			return i
		}
	}
	return -1
}

// escapeText escapes text for HTML after dropping what a document may not
// contain: NUL and other C0/C1 controls but tab and line breaks, and
// invalid UTF-8 (replaced by U+FFFD).
func escapeText(s string) string {
	clean := true
	for _, c := range s {
		if c == utf8.RuneError || (c < 0x20 && c != '\t' && c != '\n' && c != '\r') || (c >= 0x7f && c < 0xa0) {
			clean = false
			break
		}
	}
	if !clean {
		s = strings.Map(func(c rune) rune {
			if (c < 0x20 && c != '\t' && c != '\n' && c != '\r') || (c >= 0x7f && c < 0xa0) {
				return -1
			}
			return c
		}, strings.ToValidUTF8(s, "\uFFFD"))
	}
	return html.EscapeString(s)
}
