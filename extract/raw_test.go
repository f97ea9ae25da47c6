package extract

import (
	"strings"
	"testing"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// visible is the text a reader sees: the page parsed, scripts, styles and
// drawings left out.
func visible(t *testing.T, page string) string {
	t.Helper()
	doc, err := html.Parse(strings.NewReader(page))
	if err != nil {
		t.Fatal(err)
	}
	var b strings.Builder
	var walk func(*html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.ElementNode && (n.DataAtom == atom.Script || n.DataAtom == atom.Style || n.DataAtom == atom.Svg) {
			return
		}
		if n.Type == html.TextNode || n.Type == html.CommentNode {
			b.WriteString(n.Data)
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(doc)
	return b.String()
}

func TestDropRawText(t *testing.T) {
	for _, tc := range []struct {
		page, gone string
	}{
		{`<p>a</p><script>var a = "<div>"; if (a < b) {}</script><p>b</p>`, "var a"},
		{`<SCRIPT type="text/javascript">x = 1</SCRIPT ><p>b</p>`, "x = 1"},
		{`<style>p > a { color: red }</style><p>b</p>`, "color"},
		{`<p>a<svg viewBox="0 0 1 1"><svg><title>icon</title></svg><path d="M0"/></svg> b</p>`, "icon"},
		{`<p>a<svg/> b</p><svg><use href="#x"/></svg><p>c</p>`, "use"},
		// Not tags: a comment, an attribute, a textarea's text.
		{`<!-- <script> --><p>kept</p><script>gone()</script><p>also kept</p>`, "gone"},
		{`<div data-x='<script>' title="a > b">kept</div><script>gone()</script><p>after</p>`, "gone"},
		{`<textarea><script></textarea><p>kept</p><script>gone()</script>`, "gone"},
		{`<noscript><script src=x></noscript><p>kept</p><script>gone()</script>`, "gone"},
		{`<title>a <script> b</title><p>kept</p>`, ""},
		// A script writing a script in a comment ends at its second
		// </script>: the scan stops there and keeps the rest.
		{`<script><!-- document.write("<script src=a></script>"); //--></script><p>after</p><script>kept()</script>`, ""},
		// Unclosed elements keep the rest as it is.
		{`<p>a</p><script>never closed`, ""},
		{`<p>a</p><svg><path d="M0">never closed`, ""},
		{`<p a="unclosed>`, ""},
	} {
		got := string(dropRawText([]byte(tc.page)))
		if tc.gone != "" && strings.Contains(got, tc.gone) {
			t.Errorf("%q: %q left in %q", tc.page, tc.gone, got)
		}
		if tc.gone == "" && got != tc.page {
			t.Errorf("%q changed to %q", tc.page, got)
		}
		if v, w := visible(t, got), visible(t, tc.page); v != w {
			t.Errorf("%q: reader's text %q, want %q", tc.page, v, w)
		}
	}
	ld := `<script type="application/ld+json">{"@type":"NewsArticle","headline":"<b>x</b>"}</script><script>drop()</script>`
	if got := string(dropRawText([]byte(ld))); !strings.Contains(got, `"headline"`) || strings.Contains(got, "drop()") {
		t.Errorf("JSON-LD: got %q", got)
	}
}
