package translate

import (
	"net/url"
	"strconv"
	"strings"

	xhtml "golang.org/x/net/html"
	"golang.org/x/net/html/atom"

	"newsbridge/internal/inline"
	"newsbridge/model"
)

// FieldIsHTML reports whether a segment of the named field carries inline
// HTML (a block's text kept with its markup) rather than plain text.
func FieldIsHTML(tr *model.Translation, field string) bool {
	kind, n, ok := fieldIndex(field)
	return ok && kind == "block" && n < len(tr.Blocks) && tr.Blocks[n].HTML != ""
}

// EditorMarkup turns what an editor typed for an HTML field into inline
// markup: the allowed elements (inline.Allowed; a link only to http, https
// or a path, with no other attribute) are kept, anything else — a script,
// an event handler, a stray "<" — is kept as visible text, never as markup.
func EditorMarkup(s string) string {
	z := xhtml.NewTokenizerFragment(strings.NewReader(s), "p")
	var b strings.Builder
	var open []atom.Atom
	for {
		tt := z.Next()
		if tt == xhtml.ErrorToken {
			break
		}
		raw := string(z.Raw())
		switch tt {
		case xhtml.TextToken:
			b.WriteString(escapeText(xhtml.UnescapeString(raw)))
		case xhtml.StartTagToken:
			name, hasAttr := z.TagName()
			a := atom.Lookup(name)
			if !inline.Allowed(a) {
				b.WriteString(escapeText(raw))
				continue
			}
			if a == atom.A {
				href := ""
				for hasAttr {
					var k, v []byte
					k, v, hasAttr = z.TagAttr()
					if string(k) == "href" {
						href = string(v)
					}
				}
				if !safeLink(href) {
					b.WriteString(escapeText(raw))
					continue
				}
				b.WriteString(`<a href="` + escapeText(href) + `">`)
			} else {
				b.WriteString("<" + a.String() + ">")
			}
			open = append(open, a)
		case xhtml.EndTagToken:
			name, _ := z.TagName()
			a := atom.Lookup(name)
			if len(open) == 0 || open[len(open)-1] != a {
				b.WriteString(escapeText(raw))
				continue
			}
			open = open[:len(open)-1]
			b.WriteString("</" + a.String() + ">")
		default: // comments, doctypes, self-closing tags: text
			b.WriteString(escapeText(raw))
		}
	}
	for i := len(open) - 1; i >= 0; i-- {
		b.WriteString("</" + open[i].String() + ">")
	}
	return b.String()
}

func safeLink(href string) bool {
	u, err := url.Parse(strings.TrimSpace(href))
	if err != nil || href == "" {
		return false
	}
	return u.Scheme == "http" || u.Scheme == "https" || (u.Scheme == "" && u.Host == "" && strings.HasPrefix(u.Path, "/"))
}

// ReplaceSegment sets the target of tr's segment i to target in the
// segment and in the field's text (title, lead, category, a block's text
// or HTML, a caption, an alt), leaving the field's other sentences as
// they are. target is plain text, or inline HTML for an HTML field. It
// reports false when the field's text no longer holds its segments (the
// translation changed under the caller).
func ReplaceSegment(tr *model.Translation, i int, target string) bool {
	field := tr.Segments[i].Field
	text, set := fieldText(tr, field)
	if set == nil {
		return false
	}
	var idx []int
	for k, s := range tr.Segments {
		if s.Field == field {
			idx = append(idx, k)
		}
	}
	out, ok := "", false
	if len(idx) == 1 {
		out, ok = target, true
	} else {
		pos := 0
		for _, k := range idx {
			old := tr.Segments[k].Target
			at := strings.Index(text[pos:], old)
			if at < 0 {
				return false
			}
			at += pos
			if k == i {
				out, ok = text[:at]+target+text[at+len(old):], true
				break
			}
			pos = at + len(old)
		}
	}
	if !ok {
		return false
	}
	set(out)
	tr.Segments[i].Target = target
	return true
}

func fieldIndex(field string) (kind string, n int, ok bool) {
	kind, num, found := strings.Cut(field, ":")
	if !found {
		return field, 0, true
	}
	n, err := strconv.Atoi(num)
	return kind, n, err == nil && n >= 0
}

// fieldText returns a field's text and a setter that keeps the block's
// derived fields (plain text of HTML, a figure's text) in step.
func fieldText(tr *model.Translation, field string) (string, func(string)) {
	kind, n, ok := fieldIndex(field)
	if !ok {
		return "", nil
	}
	switch kind {
	case "title":
		return tr.Title, func(s string) { tr.Title = s }
	case "lead":
		return tr.Lead, func(s string) { tr.Lead = s }
	case "category":
		return tr.Category, func(s string) { tr.Category = s }
	}
	if n >= len(tr.Blocks) {
		return "", nil
	}
	b := &tr.Blocks[n]
	switch kind {
	case "block":
		if b.HTML != "" {
			return b.HTML, func(s string) { b.HTML, b.Text = s, plainFromHTML(s) }
		}
		return b.Text, func(s string) { b.Text = s }
	case "caption":
		return b.Caption, func(s string) {
			if b.Text != "" {
				b.Text = s
			}
			b.Caption = s
		}
	case "alt":
		return b.Alt, func(s string) { b.Alt = s }
	}
	return "", nil
}
