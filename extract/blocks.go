package extract

import (
	"html"
	"net/url"
	"strconv"
	"strings"
	"unicode/utf8"

	xhtml "golang.org/x/net/html"
	"golang.org/x/net/html/atom"

	"newsbridge/internal/inline"
	"newsbridge/model"
)

// blockWalker turns an article container into blocks. Inline content is
// gathered into a run (plain text and sanitized markup side by side) that a
// block-level element or a double <br> flushes into a block.
type blockWalker struct {
	base   *url.URL
	blocks []model.Block

	text, markup strings.Builder
	hasMarkup    bool
	brRun        bool // the last thing in the run was a <br>
	kind         string
	level        int
	ordered      bool
	pendingImgs  []*xhtml.Node            // images met inside a run, emitted after it
	stats        map[*xhtml.Node]linkStat // link density of the container's elements, set by walkContainer
}

// walkContainer reads one body container into blocks.
func (w *blockWalker) walkContainer(c *xhtml.Node) {
	w.stats = linkStats(c)
	w.walk(c, walkCtx{}, 0)
	w.flush(walkCtx{})
	w.stats = nil
}

// inlineTags are rendered as text inside the current run.
var inlineTags = map[atom.Atom]bool{
	atom.A: true, atom.Em: true, atom.Strong: true, atom.B: true, atom.I: true, atom.Code: true, atom.Span: true,
	atom.Font: true, atom.Small: true, atom.Sub: true, atom.Sup: true, atom.U: true, atom.Abbr: true, atom.Cite: true,
	atom.Time: true, atom.Mark: true, atom.Q: true, atom.S: true, atom.Label: true, atom.Big: true, atom.Tt: true,
	atom.Var: true, atom.Kbd: true, atom.Samp: true, atom.Ins: true, atom.Del: true, atom.Bdi: true, atom.Bdo: true,
	atom.Wbr: true, atom.Dfn: true, atom.Data: true, atom.Strike: true,
}

// keptTags is the inline markup that survives into Block.HTML, defined
// with the site's sanitizer in package inline.
var keptTags = inline.Tags

type walkCtx struct {
	quote     bool
	listDepth int
	ordered   bool
}

func (w *blockWalker) walk(n *xhtml.Node, ctx walkCtx, depth int) {
	if depth > maxDepth {
		return
	}
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		w.node(c, ctx, depth+1)
	}
}

func (w *blockWalker) node(c *xhtml.Node, ctx walkCtx, depth int) {
	switch c.Type {
	case xhtml.TextNode:
		w.addText(c.Data)
		return
	case xhtml.ElementNode:
	default:
		return
	}
	a := c.DataAtom
	switch {
	case a == atom.Br:
		if w.brRun {
			w.flush(ctx)
			return
		}
		w.brRun = true
		w.text.WriteByte(' ')
		w.markup.WriteByte(' ')
		return
	case inlineTags[a] && !isBlocky(c):
		if a == atom.Span && isFigureLike(c) {
			// A picture with its caption in <span>s at the start of a
			// paragraph: the figure stands before the paragraph's text.
			w.flush(ctx)
			w.figure(c)
			return
		}
		w.inline(c, depth)
		return
	case w.isLinkBlock(c), a == atom.A && isTeaserCard(c):
		return
	case a == atom.Img || c.Data == "amp-img" || a == atom.Picture:
		if w.text.Len() > 0 && clean(w.text.String()) != "" {
			w.pendingImgs = append(w.pendingImgs, c)
			return
		}
		w.flush(ctx)
		w.figure(c)
		return
	}
	w.flush(ctx)
	switch a {
	case atom.H1, atom.H2, atom.H3, atom.H4, atom.H5, atom.H6:
		lvl := int(c.Data[1] - '0')
		w.kind, w.level = model.BlockHeading, max(lvl, 2)
		w.walk(c, ctx, depth)
		w.flush(ctx)
	case atom.Blockquote:
		q := ctx
		q.quote = true
		w.walk(c, q, depth)
		w.flush(q)
	case atom.Ul, atom.Ol:
		if isLinkList(c) {
			return
		}
		l := ctx
		l.listDepth++
		l.ordered = a == atom.Ol
		w.walk(c, l, depth)
		w.flush(l)
	case atom.Li:
		w.kind, w.level, w.ordered = model.BlockListItem, max(ctx.listDepth, 1), ctx.ordered
		w.walk(c, ctx, depth)
		w.flush(ctx)
	case atom.Figure:
		w.figure(c)
	case atom.Pre:
		t := strings.TrimSpace(textOf(c))
		if t != "" {
			w.blocks = append(w.blocks, model.Block{Type: model.BlockParagraph, Text: t, HTML: "<code>" + html.EscapeString(t) + "</code>"})
		}
	case atom.Hr:
	default:
		if isCaptionClass(c) && w.captionFor(c) {
			return
		}
		if isFigureLike(c) {
			w.figure(c)
			return
		}
		w.walk(c, ctx, depth)
		w.flush(ctx)
	}
}

// isBlocky reports whether an inline element (a <font> or <span> of an old
// CMS) wraps paragraphs: block children, or text split by <br><br>. It is
// then read as a container.
func isBlocky(n *xhtml.Node) bool {
	prevBr := false
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		switch {
		case c.Type == xhtml.TextNode:
			if strings.TrimSpace(c.Data) != "" {
				prevBr = false
			}
		case c.Type != xhtml.ElementNode:
		case c.DataAtom == atom.Br:
			if prevBr {
				return true
			}
			prevBr = true
		case !inlineTags[c.DataAtom] && c.DataAtom != atom.Img:
			return true
		default:
			prevBr = false
		}
	}
	return false
}

// linkStat is what isLinkBlock needs to know of an element: the length of
// its text, of the text inside links, and the number of links.
type linkStat struct{ text, linkText, links int }

// linkStats measures every element under root in one pass.
func linkStats(root *xhtml.Node) map[*xhtml.Node]linkStat {
	stats := map[*xhtml.Node]linkStat{}
	var walk func(n *xhtml.Node, inLink bool, depth int) linkStat
	walk = func(n *xhtml.Node, inLink bool, depth int) linkStat {
		var st linkStat
		if depth > maxDepth {
			return st
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			switch c.Type {
			case xhtml.TextNode:
				l := len(strings.TrimSpace(c.Data))
				st.text += l
				if inLink {
					st.linkText += l
				}
			case xhtml.ElementNode:
				a := c.DataAtom == atom.A
				cs := walk(c, inLink || a, depth+1)
				st.text += cs.text
				st.linkText += cs.linkText
				st.links += cs.links
				if a && !inLink {
					st.links++
				}
			}
		}
		if n.Type == xhtml.ElementNode {
			stats[n] = st
		}
		return st
	}
	walk(root, false, 0)
	return stats
}

// isLinkBlock reports whether a block element is a list of links rather
// than prose: three links or more making up most of its text (a related
// list, a teaser grid, a tag cloud). Figures are left alone.
func (w *blockWalker) isLinkBlock(n *xhtml.Node) bool {
	switch n.DataAtom {
	case atom.Div, atom.Section, atom.Ul, atom.Ol, atom.Table, atom.Dl, atom.Header, atom.Footer:
	default:
		return false
	}
	if w.stats == nil {
		return false
	}
	st := w.stats[n]
	if !(st.links >= 3 && st.text > 0 && st.linkText*10 >= st.text*7) {
		return false
	}
	if n.DataAtom == atom.Ul || n.DataAtom == atom.Ol {
		// A list of notes whose one item holds a sub-list of links (bug
		// titles, sources) is still notes: an item of prose with no link
		// at all is no teaser.
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			if c.DataAtom == atom.Li && w.stats[c].links == 0 && w.stats[c].text >= proseItem {
				return false
			}
		}
	}
	return true
}

// proseItem is the length of a list item, with no link, that makes its list
// prose rather than a list of links.
const proseItem = 80

// teaserCardMax is the longest text of a link wrapping blocks that is read
// as a teaser card.
const teaserCardMax = 300

// isTeaserCard reports whether a link wrapping block elements is a teaser
// card (a headline, maybe a picture and a line of text, all one link to
// another article): a heading in it, or no picture at all. A linked figure
// (a picture that opens larger) is kept.
func isTeaserCard(n *xhtml.Node) bool {
	if textLen(n) > teaserCardMax {
		return false
	}
	heading := findFirst(n, func(x *xhtml.Node) bool {
		switch x.DataAtom {
		case atom.H1, atom.H2, atom.H3, atom.H4, atom.H5, atom.H6:
			return true
		}
		return false
	})
	if heading != nil {
		return true
	}
	return findFirst(n, func(x *xhtml.Node) bool {
		return x.DataAtom == atom.Img || x.DataAtom == atom.Picture || x.DataAtom == atom.Figure || x.Data == "amp-img"
	}) == nil
}

// isLinkList reports whether every item of a list is a link: a tag list, a
// "related" list or a menu, never prose.
func isLinkList(n *xhtml.Node) bool {
	items := 0
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		if c.DataAtom != atom.Li {
			continue
		}
		items++
		t := textLen(c)
		if t == 0 || linkTextLen(c)*10 < t*9 {
			return false
		}
	}
	return items > 0
}

func (w *blockWalker) addText(s string) {
	if strings.TrimSpace(s) != "" {
		w.brRun = false
	}
	w.text.WriteString(s)
	w.markup.WriteString(html.EscapeString(s))
}

// inline renders an inline element into the run; only keptTags and links
// with an absolute http(s) target keep their markup.
func (w *blockWalker) inline(c *xhtml.Node, depth int) {
	if depth > maxDepth {
		return
	}
	open, close := "", ""
	if tag, ok := keptTags[c.DataAtom]; ok {
		open, close = "<"+tag+">", "</"+tag+">"
	} else if c.DataAtom == atom.A {
		if href := absURL(w.base, attr(c, "href")); href != "" && !strings.HasPrefix(strings.TrimSpace(attr(c, "href")), "#") {
			open, close = `<a href="`+html.EscapeString(href)+`">`, "</a>"
		}
	}
	if open != "" && strings.TrimSpace(textOf(c)) == "" {
		open, close = "", ""
	}
	if open != "" {
		w.markup.WriteString(open)
		w.hasMarkup = true
	}
	for ch := c.FirstChild; ch != nil; ch = ch.NextSibling {
		switch {
		case ch.Type == xhtml.TextNode:
			w.addText(ch.Data)
		case ch.Type != xhtml.ElementNode:
		case ch.DataAtom == atom.Br:
			w.text.WriteByte(' ')
			w.markup.WriteByte(' ')
		case ch.DataAtom == atom.Img || ch.Data == "amp-img" || ch.DataAtom == atom.Picture:
			w.pendingImgs = append(w.pendingImgs, ch)
		default:
			// Block elements inside an inline one are read as inline:
			// closing the run here would leave the markup unbalanced.
			w.inline(ch, depth+1)
			if !inlineTags[ch.DataAtom] {
				w.text.WriteByte(' ')
				w.markup.WriteByte(' ')
			}
		}
	}
	if open != "" {
		w.markup.WriteString(close)
	}
}

// flush ends the current run, turning it into a block of the pending kind.
func (w *blockWalker) flush(ctx walkCtx) {
	t := clean(w.text.String())
	if t != "" {
		kind := w.kind
		if kind == "" {
			kind = model.BlockParagraph
			if ctx.quote {
				kind = model.BlockQuote
			}
		}
		b := model.Block{Type: kind, Text: t}
		switch kind {
		case model.BlockHeading:
			b.Level = w.level
		case model.BlockListItem:
			b.Level, b.Ordered = w.level, w.ordered
		}
		if w.hasMarkup {
			b.HTML = clean(w.markup.String())
		}
		w.blocks = append(w.blocks, b)
	}
	w.text.Reset()
	w.markup.Reset()
	w.hasMarkup, w.brRun, w.kind, w.level, w.ordered = false, false, "", 0, false
	imgs := w.pendingImgs
	w.pendingImgs = nil
	for _, img := range imgs {
		w.figure(img)
	}
}

// figure emits one figure block per image in n (a <figure>, a gallery, or a
// bare <img>), with the caption and credit found in its <figcaption>.
func (w *blockWalker) figure(n *xhtml.Node) {
	var imgs []*xhtml.Node
	if n.DataAtom == atom.Img || n.Data == "amp-img" {
		imgs = []*xhtml.Node{n}
	} else {
		// A gallery of figures: each inner figure stands on its own.
		if n.DataAtom == atom.Figure {
			if inner := findAll(n, func(x *xhtml.Node) bool { return x != n && x.DataAtom == atom.Figure }, true); len(inner) > 0 {
				for _, f := range inner {
					w.figure(f)
				}
				return
			}
		}
		imgs = findAll(n, func(x *xhtml.Node) bool { return x.DataAtom == atom.Img || x.Data == "amp-img" }, true)
	}
	caption, credit := "", ""
	// Credits sometimes sit beside the caption rather than in it.
	if cr := findFirst(n, func(x *xhtml.Node) bool {
		return x != n && isCreditClass(x) && findFirst(x, isTag(atom.Img)) == nil && !insideTag(x, n, atom.Figcaption)
	}); cr != nil {
		credit = stripCreditLabel(textOf(cr))
		remove(cr)
	}
	fc := findFirst(n, isTag(atom.Figcaption))
	if fc == nil {
		fc = findFirst(n, func(x *xhtml.Node) bool {
			return x != n && isCaptionClass(x) && findFirst(x, isTag(atom.Img)) == nil
		})
	}
	if fc != nil {
		var cr string
		caption, cr = splitCaption(fc)
		if credit == "" {
			credit = cr
		}
	}
	first := true
	for _, img := range imgs {
		src := imageSrc(w.base, img)
		if src == "" {
			continue
		}
		b := model.Block{Type: model.BlockFigure, Src: src, Alt: clean(attr(img, "alt"))}
		if isFileName(b.Alt) {
			b.Alt = ""
		}
		b.Width, _ = strconv.Atoi(attr(img, "width"))
		b.Height, _ = strconv.Atoi(attr(img, "height"))
		if first {
			b.Caption, b.Credit = caption, credit
		}
		first = false
		w.blocks = append(w.blocks, b)
	}
	if first && n.DataAtom == atom.Figure {
		// No <img> in the markup (the script puts it in on scroll), but
		// the figure names its picture as schema.org microdata.
		if src := microdataImage(w.base, n); src != "" {
			w.blocks = append(w.blocks, model.Block{Type: model.BlockFigure, Src: src, Caption: caption, Credit: credit})
		}
	}
	// Otherwise a figure without a usable image (a video, an embed) is
	// dropped: its caption alone says nothing a reader can see.
}

// microdataImage returns the picture a schema.org ImageObject names: its
// itemid, or the url or contentUrl property inside it.
func microdataImage(base *url.URL, n *xhtml.Node) string {
	if !strings.Contains(attr(n, "itemtype"), "ImageObject") {
		return ""
	}
	if u := absURL(base, attr(n, "itemid")); u != "" {
		return u
	}
	if m := findFirst(n, func(x *xhtml.Node) bool {
		p := attr(x, "itemprop")
		return (p == "url" || p == "contentUrl") && attr(x, "content") != ""
	}); m != nil {
		return absURL(base, attr(m, "content"))
	}
	return ""
}

// isFigureLike reports whether n is an image with its caption in other
// markup than <figure>: one image and a caption-class element, little text.
func isFigureLike(n *xhtml.Node) bool {
	imgs := findAll(n, func(x *xhtml.Node) bool { return x.DataAtom == atom.Img || x.Data == "amp-img" }, true)
	if len(imgs) != 1 {
		return false
	}
	t := textLen(n)
	if t > 400 {
		return false
	}
	caption := findFirst(n, func(x *xhtml.Node) bool {
		return x != n && isCaptionClass(x) && findFirst(x, isTag(atom.Img)) == nil
	})
	// Text beside the caption is a paragraph the picture sits in.
	return caption != nil && t-textLen(caption) < figureTextMax
}

// figureTextMax is the most text a figure may hold outside its caption
// (a credit, a "zoom" label).
const figureTextMax = 40

// insideTag reports whether x lies within an element of type a below root.
func insideTag(x, root *xhtml.Node, a atom.Atom) bool {
	for p := x.Parent; p != nil && p != root; p = p.Parent {
		if p.DataAtom == a {
			return true
		}
	}
	return false
}

// captionFor reads a caption element that is not a <figcaption> (the
// "image_desc" cell of a table layout, a <p class="caption"> after an image)
// and gives it to the figure just before it. It returns false when there is
// no such figure, and the element is then read as ordinary text.
func (w *blockWalker) captionFor(n *xhtml.Node) bool {
	if len(w.blocks) == 0 || findFirst(n, func(x *xhtml.Node) bool { return x.DataAtom == atom.Img || x.Data == "amp-img" }) != nil {
		return false
	}
	last := &w.blocks[len(w.blocks)-1]
	if last.Type != model.BlockFigure {
		return false
	}
	caption, credit := splitCaption(n)
	if last.Caption == "" {
		last.Caption = caption
		if last.Credit == "" {
			last.Credit = credit
		}
	}
	// A caption equal to the one the figure has is the duplicate the
	// seed site prints; either way the element is consumed.
	return true
}

// splitCaption separates a caption's credit ("Photo: Reuters", a
// <span class="credit">) from its text.
func splitCaption(n *xhtml.Node) (caption, credit string) {
	var creditNodes []*xhtml.Node
	for _, c := range findAll(n, func(x *xhtml.Node) bool {
		return x != n && (isCreditClass(x) || x.DataAtom == atom.Small || x.DataAtom == atom.Cite)
	}, true) {
		creditNodes = append(creditNodes, c)
		if credit == "" {
			credit = textOf(c)
		}
	}
	for _, c := range creditNodes {
		remove(c)
	}
	if credit == "" {
		credit = trailingCreditSpan(n)
	}
	caption = textOf(n)
	if credit == "" {
		caption, credit = creditInText(caption)
	}
	credit = stripCreditLabel(credit)
	caption = undouble(strings.TrimSpace(caption))
	return caption, credit
}

// trailingCreditSpan takes the credit from a caption made of two inline
// parts, the text and then a short name ("<span>Caption.</span>
// <span>Jane Doe</span>"), a shape CSS-module sites use without any telling
// class. The part is removed from n.
func trailingCreditSpan(n *xhtml.Node) string {
	var parts []*xhtml.Node
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		switch {
		case c.Type == xhtml.ElementNode:
			parts = append(parts, c)
		case c.Type == xhtml.TextNode && strings.TrimSpace(c.Data) != "":
			return ""
		}
	}
	if len(parts) != 2 || parts[1].DataAtom != atom.Span || parts[0].DataAtom != atom.Span {
		return ""
	}
	t := textOf(parts[1])
	if t == "" || len([]rune(t)) > 40 || len(strings.Fields(t)) > 5 || strings.HasSuffix(t, ".") || textOf(parts[0]) == "" {
		return ""
	}
	remove(parts[1])
	return t
}

// creditLabels introduce a photo credit inside a caption's text.
var creditLabels = []string{"تصوير:", "photo:", "photos:", "foto:", "fotos:", "ảnh:", "imagen:", "imatge:", "bilde:", "صورة:", "الصورة:", "credit:", "crédito:", "image:", "photo by", "foto de"}

// captionCreditLabels introduce a credit at the end of a caption only (or
// make the whole caption): "… Bild: Agentur", "… (Quelle: Agentur)",
// "… © Agentur", "… (C) Agentur". Longer labels come first, so "Foto ©"
// is taken whole.
var captionCreditLabels = []string{"foto ©", "photo ©", "bild ©", "bild:", "bilder:", "bildquelle:", "quelle:", "fuente:", "źródło:", "zdjęcie:",
	"crédit photo :", "crédit photo:", "©", "(c) "}

// creditInText splits a caption's text from the credit written into it:
// after a label ("Photo: Reuters") or a copyright sign. A caption that is
// only a credit ("Foto: Jane Doe", "© Agentur") is no caption.
func creditInText(s string) (string, string) {
	low := strings.ToLower(s)
	try := func(l string) (string, string, bool) {
		i := strings.LastIndex(low, l)
		if i < 0 || i > 0 && !strings.ContainsRune(" ([|/-–—.,", lastRune(low[:i])) {
			// The label starts a word ("2(c) of the act" is no credit).
			return "", "", false
		}
		rest := strings.TrimSpace(s[i+len(l):])
		rest = strings.TrimSpace(strings.TrimRight(rest, ")]"))
		if rest == "" || len([]rune(rest)) > 60 || i == 0 && strings.HasSuffix(rest, ".") {
			// A whole caption is a credit only when it is not a sentence.
			return "", "", false
		}
		head := strings.TrimRight(s[:i], " ([|-–—/")
		return strings.TrimSpace(head), rest, true
	}
	for _, l := range creditLabels {
		if h, c, ok := try(l); ok {
			return h, c
		}
	}
	for _, l := range captionCreditLabels {
		if h, c, ok := try(l); ok {
			return h, c
		}
	}
	return s, ""
}

func lastRune(s string) rune {
	r, _ := utf8.DecodeLastRuneInString(s)
	return r
}

func stripCreditLabel(s string) string {
	s = strings.TrimSpace(strings.Trim(s, "()[] ©"))
	low := strings.ToLower(s)
	for _, l := range creditLabels {
		if strings.HasPrefix(low, l) {
			return strings.TrimSpace(s[len(l):])
		}
	}
	return s
}

// undouble turns "Caption. Caption." (a caption printed twice in one
// element) into "Caption.".
func undouble(s string) string {
	if len(s) < 4 {
		return s
	}
	h := len(s) / 2
	for _, cut := range []int{h, h + 1, h - 1} {
		if cut <= 0 || cut >= len(s) {
			continue
		}
		a, b := strings.TrimSpace(s[:cut]), strings.TrimSpace(s[cut:])
		if a != "" && a == b {
			return a
		}
	}
	return s
}

// imageSrc picks the real image URL of a lazy-loaded or responsive <img>.
func imageSrc(base *url.URL, img *xhtml.Node) string {
	if img.DataAtom == atom.Picture {
		if i := findFirst(img, isTag(atom.Img)); i != nil {
			img = i
		}
	}
	for _, key := range []string{"data-src", "data-lazy-src", "data-original", "data-url", "src"} {
		v := strings.TrimSpace(attr(img, key))
		if v == "" || strings.HasPrefix(v, "data:") {
			continue
		}
		if u := absURL(base, v); u != "" {
			return u
		}
	}
	for _, key := range []string{"data-srcset", "srcset"} {
		if v := strings.TrimSpace(attr(img, key)); v != "" {
			first, _, _ := strings.Cut(v, ",")
			first = strings.Fields(first + " x")[0]
			if u := absURL(base, first); u != "" {
				return u
			}
		}
	}
	return ""
}

// imageExts are the endings of a file name standing alone as text.
var imageExts = []string{".jpg", ".jpeg", ".png", ".gif", ".webp", ".bmp", ".tif", ".tiff", ".svg", ".avif", ".heic"}

// isFileName reports whether s is an image file name and nothing else
// ("ndo_br_dat09683.jpg"), the defect the seed site prints under images.
func isFileName(s string) bool {
	s = strings.TrimSpace(s)
	if s == "" || strings.ContainsAny(s, " \t") || len(s) > 200 {
		return false
	}
	low := strings.ToLower(s)
	for _, e := range imageExts {
		if strings.HasSuffix(low, e) && len(low) > len(e) {
			return true
		}
	}
	return false
}
