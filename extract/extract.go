// Package extract turns one HTML news page into a model.Article: metadata
// (canonical URL, title, lead, byline, dates, language, category, image) and
// the body as structured blocks (headings, paragraphs, quotes, list items,
// figures), with the chrome news sites wrap around an article (comment
// counters, share bars, related lists, newsletter boxes, repeated captions,
// image file names printed as text, "No data" placeholders) removed.
//
// The package does no work at import time: every table it needs is either a
// plain literal or built on first use, so a CLI that imports it starts fast.
package extract

import (
	"bytes"
	"fmt"
	"io"
	"net/url"
	"strings"
	"unicode/utf8"

	"golang.org/x/net/html"
	"golang.org/x/net/html/charset"

	"newsbridge/model"
)

// MaxInputSize is the largest page Extract accepts. News pages are well under
// a megabyte; anything past this is refused instead of parsed, so one
// malicious page cannot exhaust the memory of a worker.
const MaxInputSize = 20 << 20

// Reasons set on an Article whose body is empty.
const (
	ReasonNoArticle = "no article body found"
)

// Extract reads one HTML page (any charset; contentType is the HTTP
// Content-Type header or "") and returns the article. Input that is not HTML
// at all gives a *model.Error with code model.EInvalid; an HTML page that is
// not an article gives an Article with no blocks and Reason set.
func Extract(r io.Reader, contentType, pageURL string) (*model.Article, error) {
	body, err := io.ReadAll(io.LimitReader(r, MaxInputSize+1))
	if err != nil {
		return nil, fmt.Errorf("extract: unable to read page: %w", err)
	}
	return ExtractBytes(body, contentType, pageURL)
}

// ExtractBytes is Extract for a page already in memory (UTF-8 or not).
func ExtractBytes(body []byte, contentType, pageURL string) (*model.Article, error) {
	if len(body) > MaxInputSize {
		return nil, model.Errorf(model.EInvalid, "extract: page is larger than %d MB", MaxInputSize>>20)
	}
	if err := checkHTML(body, contentType); err != nil {
		return nil, err
	}
	text := dropRawText(decode(body, contentType))
	doc, err := html.Parse(bytes.NewReader(text))
	if err != nil {
		// x/net/html refuses pages nested deeper than 512 elements; drop
		// the excess nesting and read what is left.
		doc, err = html.Parse(strings.NewReader(flattenDeep(string(text))))
		if err != nil {
			return nil, model.Errorf(model.EInvalid, "extract: unable to parse HTML: %v", err)
		}
	}
	var base *url.URL
	if pageURL != "" {
		u, err := url.Parse(pageURL)
		if err != nil || (u.Scheme != "http" && u.Scheme != "https") {
			return nil, model.Errorf(model.EInvalid, "extract: page URL %q is not an http(s) URL", pageURL)
		}
		base = u
	}
	reparse := func() *html.Node {
		d, err := html.Parse(bytes.NewReader(text))
		if err != nil {
			d, err = html.Parse(strings.NewReader(flattenDeep(string(text))))
		}
		if err != nil {
			return nil
		}
		return d
	}
	return extractDoc(doc, base, reparse), nil
}

// checkHTML refuses input that cannot be an HTML page: nothing, or binary
// data. It is deliberately lenient with text: a fragment with a single tag is
// still parsed.
func checkHTML(body []byte, contentType string) error {
	if len(bytes.TrimSpace(body)) == 0 {
		return model.Errorf(model.EInvalid, "extract: empty input")
	}
	if ct := strings.ToLower(contentType); ct != "" {
		mt, _, _ := strings.Cut(ct, ";")
		mt = strings.TrimSpace(mt)
		if mt != "" && !strings.Contains(mt, "html") && !strings.Contains(mt, "xml") && !strings.HasPrefix(mt, "text/") && mt != "application/octet-stream" {
			return model.Errorf(model.EInvalid, "extract: content type %q is not HTML", mt)
		}
	}
	head := body
	if len(head) > 4096 {
		head = head[:4096]
	}
	// UTF-16 pages carry NUL bytes legitimately; their BOM says so.
	utf16 := bytes.HasPrefix(head, []byte{0xFF, 0xFE}) || bytes.HasPrefix(head, []byte{0xFE, 0xFF})
	for _, magic := range [][]byte{
		[]byte("%PDF"), []byte("\x89PNG"), []byte("GIF8"), []byte("\xFF\xD8\xFF"),
		[]byte("PK\x03\x04"), []byte("\x1F\x8B"), []byte("RIFF"), []byte("\x00\x00\x01\x00"),
		[]byte("BZh"), []byte("7z\xBC\xAF"), []byte("\x7FELF"),
	} {
		if bytes.HasPrefix(head, magic) {
			return model.Errorf(model.EInvalid, "extract: input is binary data, not HTML")
		}
	}
	if !utf16 {
		ctrl := 0
		for _, c := range head {
			if c == 0 {
				return model.Errorf(model.EInvalid, "extract: input is binary data, not HTML")
			}
			if c < 0x09 || (c > 0x0D && c < 0x20) {
				ctrl++
			}
		}
		if ctrl > len(head)/10 {
			return model.Errorf(model.EInvalid, "extract: input is binary data, not HTML")
		}
		if bytes.IndexByte(head, '<') < 0 {
			return model.Errorf(model.EInvalid, "extract: input has no HTML markup")
		}
	}
	return nil
}

// decode converts the page to UTF-8. The charset comes from the BOM, the
// Content-Type header, a <meta> declaration or, failing those, a sniff.
// Declarations are often wrong: a page declared as a legacy single-byte
// charset whose bytes are valid, non-ASCII UTF-8 is UTF-8 (the odds of a
// legacy text forming valid multi-byte sequences throughout are negligible),
// and a page declared UTF-8 that is not valid UTF-8 is read as Windows-1252.
func decode(body []byte, contentType string) []byte {
	enc, name, _ := charset.DetermineEncoding(body, contentType)
	switch {
	case name == "utf-8":
		if utf8.Valid(body) {
			return body
		}
		if mostlyValidUTF8(body) {
			return bytes.ToValidUTF8(body, []byte("\uFFFD"))
		}
		enc, _ = charset.Lookup("windows-1252")
	case !strings.HasPrefix(name, "utf-16") && hasMultiByte(body) && utf8.Valid(body):
		return body
	}
	out, err := enc.NewDecoder().Bytes(body)
	if err != nil {
		return bytes.ToValidUTF8(body, []byte("\uFFFD"))
	}
	return out
}

func hasMultiByte(b []byte) bool {
	for _, c := range b {
		if c >= 0x80 {
			return true
		}
	}
	return false
}

// mostlyValidUTF8 tolerates a few broken sequences (a truncated character
// where a CMS cut a string) in an otherwise UTF-8 page.
func mostlyValidUTF8(b []byte) bool {
	bad, good := 0, 0
	for len(b) > 0 {
		r, size := utf8.DecodeRune(b)
		if r == utf8.RuneError && size == 1 {
			bad++
		} else if size > 1 {
			good++
		}
		b = b[size:]
	}
	return bad*20 <= good
}

// flattenLimit is the nesting depth past which flattenDeep drops tags.
const flattenLimit = 200

// flattenDeep rewrites a page so that no element nests deeper than
// flattenLimit: start tags past it (and their end tags) are dropped, their
// text kept.
func flattenDeep(s string) string {
	z := html.NewTokenizer(strings.NewReader(s))
	var b strings.Builder
	b.Grow(len(s))
	var kept []bool
	depth := 0
	for {
		tt := z.Next()
		switch tt {
		case html.ErrorToken:
			return b.String()
		case html.StartTagToken:
			name, _ := z.TagName()
			if voidElements[string(name)] {
				b.Write(z.Raw())
				continue
			}
			keep := depth < flattenLimit
			kept = append(kept, keep)
			if keep {
				depth++
				b.Write(z.Raw())
			}
		case html.EndTagToken:
			if n := len(kept); n > 0 {
				keep := kept[n-1]
				kept = kept[:n-1]
				if !keep {
					continue
				}
				depth--
			}
			b.Write(z.Raw())
		default:
			b.Write(z.Raw())
		}
	}
}

var voidElements = map[string]bool{"area": true, "base": true, "br": true, "col": true, "embed": true, "hr": true, "img": true,
	"input": true, "link": true, "meta": true, "param": true, "source": true, "track": true, "wbr": true}
