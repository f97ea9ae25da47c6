package extract

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// maxDepth bounds how deep the extractor descends. Real pages nest a few
// dozen levels; a hostile one nests thousands, and pruning it keeps every
// later recursive pass cheap and stack-safe.
const maxDepth = 256

// pruneDeep detaches everything nested deeper than maxDepth, iteratively so
// that the pruning itself cannot overflow.
func pruneDeep(doc *html.Node) {
	type item struct {
		n     *html.Node
		depth int
	}
	stack := []item{{doc, 0}}
	for len(stack) > 0 {
		it := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		if it.depth >= maxDepth {
			for c := it.n.FirstChild; c != nil; {
				next := c.NextSibling
				it.n.RemoveChild(c)
				c = next
			}
			continue
		}
		for c := it.n.FirstChild; c != nil; c = c.NextSibling {
			if c.Type == html.ElementNode {
				stack = append(stack, item{c, it.depth + 1})
			}
		}
	}
}

func attr(n *html.Node, key string) string {
	for _, a := range n.Attr {
		if a.Key == key && a.Namespace == "" {
			return a.Val
		}
	}
	return ""
}

func hasAttr(n *html.Node, key string) bool {
	for _, a := range n.Attr {
		if a.Key == key {
			return true
		}
	}
	return false
}

func hasClass(n *html.Node, class string) bool {
	for _, c := range strings.Fields(attr(n, "class")) {
		if strings.EqualFold(c, class) {
			return true
		}
	}
	return false
}

// findAll returns the elements under n (n included) for which match is true,
// in document order, without descending into matches when skipInside is set.
func findAll(n *html.Node, match func(*html.Node) bool, skipInside bool) []*html.Node {
	var out []*html.Node
	var walk func(*html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.ElementNode && match(n) {
			out = append(out, n)
			if skipInside {
				return
			}
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(n)
	return out
}

func findFirst(n *html.Node, match func(*html.Node) bool) *html.Node {
	if n.Type == html.ElementNode && match(n) {
		return n
	}
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		if f := findFirst(c, match); f != nil {
			return f
		}
	}
	return nil
}

func isTag(a atom.Atom) func(*html.Node) bool {
	return func(n *html.Node) bool { return n.DataAtom == a }
}

func contains(ancestor, n *html.Node) bool {
	for ; n != nil; n = n.Parent {
		if n == ancestor {
			return true
		}
	}
	return false
}

func remove(n *html.Node) {
	if n.Parent != nil {
		n.Parent.RemoveChild(n)
	}
}

// textOf returns the visible text of n with whitespace collapsed.
func textOf(n *html.Node) string {
	var b strings.Builder
	var walk func(*html.Node)
	walk = func(n *html.Node) {
		switch n.Type {
		case html.TextNode:
			b.WriteString(n.Data)
			return
		case html.ElementNode:
			switch n.DataAtom {
			case atom.Script, atom.Style, atom.Noscript, atom.Template:
				return
			case atom.Br, atom.P, atom.Div, atom.Li, atom.Td, atom.Th, atom.Tr, atom.H1, atom.H2, atom.H3, atom.H4, atom.H5, atom.H6:
				b.WriteByte(' ')
			}
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
		if n.Type == html.ElementNode && n.DataAtom != atom.A && n.DataAtom != atom.Span {
			b.WriteByte(' ')
		}
	}
	walk(n)
	return clean(b.String())
}

// textLen is len(textOf(n)), counted without building the text.
func textLen(n *html.Node) int {
	var c textCounter
	c.node(n)
	return c.n
}

// textCounter follows textOf and clean byte for byte: n is the length of
// the text so far, pending whether a space is owed before the next
// character.
type textCounter struct {
	n       int
	pending bool
}

func (c *textCounter) node(n *html.Node) {
	switch n.Type {
	case html.TextNode:
		c.text(n.Data)
		return
	case html.ElementNode:
		switch n.DataAtom {
		case atom.Script, atom.Style, atom.Noscript, atom.Template:
			return
		case atom.Br, atom.P, atom.Div, atom.Li, atom.Td, atom.Th, atom.Tr, atom.H1, atom.H2, atom.H3, atom.H4, atom.H5, atom.H6:
			c.pending = true
		}
	}
	for k := n.FirstChild; k != nil; k = k.NextSibling {
		c.node(k)
	}
	if n.Type == html.ElementNode && n.DataAtom != atom.A && n.DataAtom != atom.Span {
		c.pending = true
	}
}

func (c *textCounter) text(s string) {
	for i := 0; i < len(s); i++ {
		b := s[i]
		if b < utf8.RuneSelf {
			if b == ' ' || b == '\t' || b == '\n' || b == '\r' || b == '\f' || b == '\v' {
				c.pending = true
				continue
			}
			if c.pending && c.n > 0 {
				c.n++
			}
			c.pending = false
			c.n++
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		i += size - 1
		switch {
		case r == '\u200b' || r == '\ufeff':
			continue
		case unicode.IsSpace(r) || r == '\u00a0':
			c.pending = true
			continue
		}
		if c.pending && c.n > 0 {
			c.n++
		}
		c.pending = false
		// clean writes an invalid byte back as U+FFFD (3 bytes).
		if r == utf8.RuneError && size == 1 {
			size = 3
		}
		c.n += size
	}
}

// clean collapses runs of white space (NBSP and other Unicode spaces
// included) to one space and trims the ends; it also drops zero-width
// characters CMSes leave behind.
func clean(s string) string {
	var b strings.Builder
	b.Grow(len(s))
	space := false
	for _, r := range s {
		switch {
		case r == '\u200b' || r == '\ufeff':
			continue
		case unicode.IsSpace(r) || r == '\u00a0':
			space = true
			continue
		}
		if space && b.Len() > 0 {
			b.WriteByte(' ')
		}
		space = false
		b.WriteRune(r)
	}
	return b.String()
}

// linkTextLen returns how much of n's text sits inside links.
func linkTextLen(n *html.Node) int {
	total := 0
	for _, a := range findAll(n, isTag(atom.A), true) {
		total += textLen(a)
	}
	return total
}
