package extract

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"golang.org/x/net/html"

	"newsbridge/model"
)

// FuzzExtract feeds arbitrary bytes to the extractor: it must never panic,
// must return either an error or a well-formed article, and the inline
// markup it returns must hold nothing but the allowed tags.
func FuzzExtract(f *testing.F) {
	f.Add([]byte(articleHTML), "")
	f.Add([]byte("<html><body><p>x</p>"), "text/html; charset=windows-1252")
	f.Add([]byte(strings.Repeat("<div>", 600)+"deep"), "")
	f.Add([]byte(`<a href="javascript:x">y</a><script>z</script>`), "")
	if files, _ := filepath.Glob("testdata/corpus/*.html"); len(files) > 0 {
		for _, name := range files[:min(len(files), 6)] {
			if b, err := os.ReadFile(name); err == nil {
				f.Add(b, "")
			}
		}
	}
	f.Fuzz(func(t *testing.T, body []byte, contentType string) {
		a, err := ExtractBytes(body, contentType, "https://example.com/a/b")
		if err != nil {
			if a != nil {
				t.Fatal("article and error both returned")
			}
			return
		}
		if a.Blocks == nil {
			t.Fatal("nil Blocks; want an empty slice")
		}
		if len(a.Blocks) == 0 && a.Reason == "" {
			t.Fatal("empty article without a reason")
		}
		for _, b := range a.Blocks {
			if b.HTML != "" {
				checkInline(t, b.HTML)
			}
			if b.Type == model.BlockFigure && !strings.HasPrefix(b.Src, "http") {
				t.Fatalf("figure src %q is not absolute", b.Src)
			}
		}
	})
}

// checkInline fails unless markup holds only a[href=http(s)], em, strong,
// b, i and code.
func checkInline(t *testing.T, markup string) {
	t.Helper()
	z := html.NewTokenizer(strings.NewReader(markup))
	for {
		switch z.Next() {
		case html.ErrorToken:
			return
		case html.StartTagToken, html.EndTagToken, html.SelfClosingTagToken:
			tok := z.Token()
			switch tok.Data {
			case "em", "strong", "b", "i", "code":
				if len(tok.Attr) > 0 {
					t.Fatalf("attributes on <%s> in %q", tok.Data, markup)
				}
			case "a":
				for _, at := range tok.Attr {
					if at.Key != "href" || !(strings.HasPrefix(at.Val, "http://") || strings.HasPrefix(at.Val, "https://")) {
						t.Fatalf("bad link attribute %s=%q in %q", at.Key, at.Val, markup)
					}
				}
			default:
				t.Fatalf("tag <%s> in sanitized markup %q", tok.Data, markup)
			}
		}
	}
}
