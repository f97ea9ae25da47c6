package site

import (
	"encoding/json"
	"strings"
	"testing"
	"unicode/utf8"

	"golang.org/x/net/html"

	"newsbridge/model"
)

// FuzzArticlePage renders an article whose text fields come from an outlet
// (and a translation engine) and checks what reaches the reader: the page
// parses, holds no script but the JSON-LD, and the JSON-LD decodes back.
func FuzzArticlePage(f *testing.F) {
	for _, s := range []string{
		"</script><script>alert(1)</script>", "<!-- \u2028\u2029 &amp; &", `"><img src=x onerror=alert(1)>`,
		"\u202eevil", "<svg/onload=alert(1)>", "javascript:alert(1)", "]]>", "Begoña Alday",
	} {
		f.Add(s, s)
	}
	f.Fuzz(func(t *testing.T, text, inline string) {
		fk := newFake()
		for i := range fk.stories["es"] {
			st := &fk.stories["es"][i]
			if st.Slug != "puerto" {
				continue
			}
			st.Title, st.Lead, st.Byline = text, text, text
			st.Blocks = append(st.Blocks,
				model.Block{Type: model.BlockParagraph, Text: text, HTML: inline},
				model.Block{Type: model.BlockFigure, Src: "https://img.example.org/q.jpg", Alt: text, Caption: text, Credit: text})
		}
		s := newTestSite(t, fk, nil)
		w := get(t, s.Handler(), "/es/a/puerto")
		if w.Code != 200 {
			t.Fatalf("status %d", w.Code)
		}
		body := w.Body.String()
		if !utf8.ValidString(body) {
			t.Fatal("page is not valid UTF-8")
		}
		doc, err := html.Parse(strings.NewReader(body))
		if err != nil {
			t.Fatal(err)
		}
		scripts := 0
		var walk func(n *html.Node)
		walk = func(n *html.Node) {
			if n.Type == html.ElementNode {
				for _, a := range n.Attr {
					if strings.HasPrefix(strings.ToLower(a.Key), "on") {
						t.Errorf("event handler attribute %s=%q on <%s>", a.Key, a.Val, n.Data)
					}
					if (a.Key == "href" || a.Key == "src") && strings.HasPrefix(strings.ToLower(strings.TrimSpace(a.Val)), "javascript:") {
						t.Errorf("script URL %s=%q on <%s>", a.Key, a.Val, n.Data)
					}
				}
				switch n.Data {
				case "script":
					scripts++
					typ := ""
					for _, a := range n.Attr {
						if a.Key == "type" {
							typ = a.Val
						}
					}
					if typ != "application/ld+json" {
						t.Errorf("a script that is not JSON-LD: type %q", typ)
					} else if n.FirstChild != nil {
						var v map[string]any
						if err := json.Unmarshal([]byte(n.FirstChild.Data), &v); err != nil {
							t.Errorf("JSON-LD does not decode: %v", err)
						}
					}
				case "iframe", "object", "embed", "svg", "math", "style":
					t.Errorf("<%s> reached the page", n.Data)
				}
			}
			for c := n.FirstChild; c != nil; c = c.NextSibling {
				walk(c)
			}
		}
		walk(doc)
		if scripts != 1 {
			t.Errorf("%d script elements, want the one JSON-LD", scripts)
		}
	})
}

// FuzzCleanText checks the comment text a reader sends: whatever comes in,
// what is stored is valid UTF-8 with no control or bidi-override characters
// but line breaks, and cleaning it again changes nothing.
func FuzzCleanText(f *testing.F) {
	for _, s := range []string{"hola\r\nmundo", "\u202eabc\u2066", "a\x00b\x1bc", "\xff\xfe", "  spaced  \n\n\n\nout  "} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, in string) {
		out := cleanText(in)
		if !utf8.ValidString(out) {
			t.Fatalf("cleanText(%q) = %q: not UTF-8", in, out)
		}
		for _, r := range out {
			if isBidiOverride(r) || (r < 0x20 && r != '\n' && r != '\t') || r == 0x7f {
				t.Fatalf("cleanText(%q) = %q keeps %U", in, out, r)
			}
		}
		if again := cleanText(out); again != out {
			t.Fatalf("cleanText is not stable: %q -> %q -> %q", in, out, again)
		}
	})
}
