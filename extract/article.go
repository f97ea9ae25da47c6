package extract

import (
	"net/url"
	"slices"
	"strings"
	"unicode/utf8"

	readability "codeberg.org/readeck/go-readability/v2"
	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"

	"newsbridge/model"
)

// extractDoc runs the stages on a parsed page: metadata first (it lives in
// the chrome), then the standfirst, then junk removal, the body container,
// blocks, and the clean-up passes over the blocks. reparse returns a fresh
// tree of the same page (nil when it cannot), for a second opinion when the
// body found is short.
func extractDoc(doc *html.Node, base *url.URL, reparse func() *html.Node) *model.Article {
	pruneDeep(doc)
	m := collectMeta(doc)
	art := &model.Article{}
	art.URL = m.canonicalURL(base)
	if u, err := url.Parse(art.URL); err == nil && art.URL != "" {
		// Relative links and images resolve against the page's own address
		// when known (an AMP page's canonical lives elsewhere).
		if base == nil {
			base = u
		}
	}
	art.Title = m.title()
	lead, leadMark := takeLead(doc)
	stripJunk(doc)
	deck := shownDescription(doc, m, art.Title)
	pageText := textLen(doc)

	containers := findContainers(doc)
	if containers != nil {
		containers = checkPick(doc, containers)
	}
	if containers == nil {
		removeBoilerplate(doc)
		containers = densestContainer(doc)
	}
	if containers == nil {
		containers = readabilityContainer(doc, base, true)
	}
	opening := openingBeforeBody(doc, containers)
	if leadOutsideBody(doc, leadMark, containers) && !m.describes(lead) {
		lead = ""
	}
	if leadMark != nil {
		remove(leadMark)
	}
	w := &blockWalker{base: base}
	for _, c := range containers {
		removeBoilerplate(c)
		dropTitledGalleries(c)
		w.walkContainer(c)
	}
	blocks := w.blocks

	art.Byline = m.byline()
	blocks = cleanBlocks(blocks, art.Title, art.Byline)
	if art.Byline == "" {
		art.Byline, blocks = trailingByline(blocks)
	}
	blocks = fallbackToArticleBody(blocks, m.articleBody, base)
	if got := bodyLen(blocks); reparse != nil && got < shortBody && pageText > 3*got+500 {
		blocks = secondOpinion(blocks, reparse, base, art.Title, art.Byline)
	}
	if isChromeLead(lead, blocks) {
		lead = ""
	}
	lead, blocks = resolveLead(lead, m, blocks)
	if lead == "" && deck != "" && !deckInBody(deck, m, blocks) {
		lead = deck
	}
	if lead == "" && opening != "" && !deckInBody(opening, m, blocks) {
		lead = opening
	}
	if isChromeLead(lead, blocks) {
		lead = ""
	}
	art.Lead = lead
	art.Blocks = blocks
	if art.Blocks == nil {
		art.Blocks = []model.Block{}
	}
	art.Text = model.BodyText(art.Blocks)

	art.Language = pageLanguage(m, art.Title+"\n"+art.Lead+"\n"+art.Text)
	art.Published = m.published(art.Language)
	art.Updated = m.updated()
	art.Category = m.category(art.Title)
	art.Image = absURL(base, m.ogImage)
	if art.Image == "" {
		art.Image = absURL(base, m.ldImage)
	}
	if art.Image == "" {
		for _, b := range art.Blocks {
			if b.Type == model.BlockFigure {
				art.Image = b.Src
				break
			}
		}
	}
	// A few words are a fragment, a menu or a placeholder, not an article.
	if utf8.RuneCountInString(art.Text) < minArticleRunes && utf8.RuneCountInString(art.Lead) < minArticleRunes {
		// Last resort: the page's own summary of itself, when it is of
		// real length, is a one-paragraph body (a script-built article
		// still has its description). Not for a page that says it is no
		// article: an index, a product or a landing page has a
		// description too.
		if d := m.summary(); d != "" && !m.notArticle() {
			art.Lead = ""
			art.Blocks = []model.Block{{Type: model.BlockParagraph, Text: d}}
			art.Text = d
		}
	}
	if utf8.RuneCountInString(art.Text) < minArticleRunes {
		art.Reason = ReasonNoArticle
		art.Blocks = []model.Block{}
		art.Text = ""
	}
	return art
}

// shownDescription is the standfirst of a page that marks none: a
// paragraph below the headline that says what the page's description says
// (the description shown as the deck, with classes that name nothing). It
// is looked for before the body is cleaned, which may remove the deck with
// the body's header; deckInBody then tells whether the body says it
// already.
func shownDescription(doc *html.Node, m *meta, title string) string {
	var descs []string
	for _, d := range []string{m.ldDescription, m.ogDesc, m.desc} {
		if d = clean(d); len(d) >= 30 {
			descs = append(descs, d)
		}
	}
	if len(descs) == 0 {
		return ""
	}
	seenH1, seen := false, 0
	var found string
	var walk func(n *html.Node) bool
	walk = func(n *html.Node) bool {
		if n.Type != html.ElementNode && n.Type != html.DocumentNode {
			return false
		}
		switch n.DataAtom {
		case atom.H1:
			seenH1 = true
			return false
		case atom.H2, atom.H3:
			// A headline set as a lower heading, with the title's words.
			if !seenH1 && title != "" && textLen(n) <= 2*len(title)+16 && sameText(textOf(n), title) {
				seenH1 = true
			}
			return false
		case atom.P:
			if !seenH1 {
				return false
			}
			if seen++; seen > deckParas {
				return true // too far below the headline
			}
			if l := textLen(n); l < 30 || l > 1200 {
				return false
			}
			t := textOf(n)
			for _, d := range descs {
				if sameText(t, d) || similarLead(d, t) {
					found = t
					return true
				}
			}
			return false
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			if walk(c) {
				return true
			}
		}
		return false
	}
	if !walk(doc) || found == "" {
		return ""
	}
	return found
}

// deckInBody reports whether the body already says the deck found (the
// paragraph is the body's own, or the description is its first paragraph
// cut short).
func deckInBody(found string, m *meta, blocks []model.Block) bool {
	var descs []string
	for _, d := range []string{m.ldDescription, m.ogDesc, m.desc} {
		if d = clean(d); len(d) >= 30 {
			descs = append(descs, d)
		}
	}
	for _, b := range blocks {
		if sameText(b.Text, found) {
			return true
		}
		for _, d := range descs {
			if similarLead(d, b.Text) {
				return true
			}
		}
	}
	return false
}

// openingBeforeBody is the standfirst of a page that neither marks one
// nor shows its description: the block of prose set between the headline
// and the body, right before the body (nothing with text between them), in
// a wrapper of its own. It is a sentence or two, not a picture, its
// caption, a heading, a date and byline line or a row of links.
func openingBeforeBody(doc *html.Node, containers []*html.Node) string {
	if len(containers) == 0 {
		return ""
	}
	var prev *html.Node
	for n, up := containers[0], 0; n != nil && up < 3 && prev == nil; n, up = n.Parent, up+1 {
		for p := n.PrevSibling; p != nil; p = p.PrevSibling {
			if p.Type == html.TextNode && strings.TrimSpace(p.Data) != "" {
				return ""
			}
			if p.Type == html.ElementNode && textLen(p) > 0 {
				prev = p
				break
			}
		}
	}
	if prev == nil || isHeading(prev) || isCaptionClass(prev) || findFirst(prev, func(n *html.Node) bool {
		return n.DataAtom == atom.Img || n.DataAtom == atom.Figure || n.DataAtom == atom.Picture || isHeading(n) || n.DataAtom == atom.Ul || n.DataAtom == atom.Ol || n.DataAtom == atom.Table
	}) != nil {
		return ""
	}
	t := textOf(prev)
	if l := utf8.RuneCountInString(t); l < 80 || l > 600 || linkTextLen(prev)*4 > len(t) || isDateLine(t) || strings.Contains(t, "©") {
		return ""
	}
	if !strings.ContainsRune(".!?…", []rune(t)[utf8.RuneCountInString(t)-1]) {
		return ""
	}
	// The headline comes first.
	h1 := findFirst(doc, isTag(atom.H1))
	if h1 == nil || contains(h1, prev) || !before(h1, prev) {
		return ""
	}
	return t
}

// before reports whether a comes before b in the page.
func before(a, b *html.Node) bool {
	found := false
	var walk func(n *html.Node) bool
	walk = func(n *html.Node) bool {
		if n == a {
			found = true
			return true
		}
		if n == b {
			return true
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			if walk(c) {
				return true
			}
		}
		return false
	}
	for r := a; r != nil; r = r.Parent {
		if r.Parent == nil {
			walk(r)
		}
	}
	return found
}

// describes reports whether text is the page's description, whole or cut
// short.
func (m *meta) describes(text string) bool {
	for _, d := range []string{m.ldDescription, m.ogDesc, m.desc} {
		if d = clean(d); d != "" && (sameText(d, text) || similarLead(d, text)) {
			return true
		}
	}
	return false
}

// deckParas is how many paragraphs below the headline are read for the
// deck.
const deckParas = 4

// minArticleRunes is the shortest body that counts as an article.
const minArticleRunes = 30

// minSummaryRunes is the shortest description taken as the body of a page
// whose markup gave none: shorter ones are a site's slogan or a title.
const minSummaryRunes = 100

// summary is the page's description (JSON-LD, OpenGraph, then <meta
// name=description>) when it is long enough to stand as a body.
func (m *meta) summary() string {
	for _, d := range []string{m.ldDescription, m.ogDesc, m.desc} {
		if strings.Contains(d, "&") {
			// Some CMSes escape the attribute twice ("&amp;nbsp;").
			d = html.UnescapeString(d)
		}
		if d = clean(d); utf8.RuneCountInString(d) >= minSummaryRunes {
			return d
		}
	}
	return ""
}

func (m *meta) title() string {
	others := []string{m.ldHeadline, m.ogTitle, m.docTitle}
	t := ""
	// The first <h1> is the headline only when the other sources agree:
	// many themes put the site name in an <h1> logo.
	if m.h1 != "" && m.h1 != m.siteName {
		for _, o := range others {
			// The h1 must be most of that title, not the site name in it.
			if o != "" && strings.Contains(strings.ToLower(o), strings.ToLower(m.h1)) && len(m.h1)*10 >= len(stripSiteName(o, m.siteName))*6 {
				t = m.h1
				break
			}
		}
		if m.ldHeadline == "" && m.ogTitle == "" && m.docTitle == "" {
			t = m.h1
		}
	}
	for _, o := range others {
		if t == "" {
			t = o
		}
	}
	return stripSiteName(clean(t), m.siteName)
}

// stripSiteName removes " | Site" and "Site - " decorations.
func stripSiteName(t, site string) string {
	for _, sep := range []string{" | ", " - ", " – ", " — ", " :: ", " · "} {
		if site != "" {
			if strings.HasSuffix(t, sep+site) {
				return strings.TrimSpace(strings.TrimSuffix(t, sep+site))
			}
			if strings.HasPrefix(t, site+sep) {
				return strings.TrimSpace(strings.TrimPrefix(t, site+sep))
			}
		}
	}
	return t
}

// bodyClassNames are the class names themes and CMSes give the element that
// holds exactly the article body.
var bodyClassNames = map[string]bool{
	"entry-content": true, "post-content": true, "article-body": true, "article__body": true, "articlebody": true,
	"article-content": true, "article__content": true, "story-body": true, "storybody": true, "post-body": true,
	"postbody": true, "content-detail": true, "detail-content": true, "detail__content": true, "td-post-content": true,
	"single-content": true, "news-content": true, "article-text": true, "article__text": true, "body-text": true,
	"bodytext": true, "cms-body": true, "entry-body": true, "story-content": true, "article-detail": true,
	"detail-body": true, "post-entry": true, "the-content": true, "article_body": true, "news-body": true,
	"liveblog-body": true, "live-blog": true, "c-detail__body": true, "article-main": true, "noidung": true,
	"fck_detail": true, "field--name-body": true, "field-name-body": true, "field-item-body": true, "a-body": true, "art-body": true, "rich-text": true, "paywall-content": false,
}

// findContainers returns the element(s) holding the article body by the
// site-structure hints sites give: schema.org's articleBody, well-known body
// class names, then <article> and <main>. It returns nil when no hint holds
// enough text, and readability then decides.
func findContainers(doc *html.Node) []*html.Node {
	tiers := []func(*html.Node) bool{
		func(n *html.Node) bool { return strings.EqualFold(attr(n, "itemprop"), "articleBody") },
		func(n *html.Node) bool {
			return !strings.EqualFold(attr(n, "itemprop"), "articleBody") && isBodyHint(n)
		},
		isTag(atom.Article),
		isTag(atom.Main),
	}
	pageLen := -1 // measured only when a candidate sits in a suspicious wrapper
	for i, match := range tiers {
		found := findAll(doc, match, true)
		var good []*html.Node
		for _, n := range found {
			if isBoilerplateAncestor(n, doc, &pageLen) {
				continue
			}
			if textLen(n) >= 140 {
				good = append(good, n)
			}
		}
		if len(good) == 0 {
			continue
		}
		if i <= 2 && len(good) > 1 && sameKind(good) {
			// A body split in parts around ads, marked as articleBody
			// section by section, or cut into <article>s of one kind (a
			// CMS's content elements, one per text block, or a forum
			// thread's posts): read them all, in order,
			// the short ones of the same kind too (a one-line opening
			// before a quote).
			var all []*html.Node
			last := good[len(good)-1]
			for _, n := range found {
				if slices.Contains(good, n) {
					all = append(all, n)
					if n == last {
						break
					}
				} else if textLen(n) > 0 && n.Parent == last.Parent && !isBoilerplateAncestor(n, doc, &pageLen) && sameKind([]*html.Node{good[0], n}) {
					all = append(all, n)
				}
			}
			return all
		}
		best := good[0]
		for _, n := range good[1:] {
			if proseLen(n) > proseLen(best) {
				best = n
			}
		}
		return []*html.Node{best}
	}
	return nil
}

// sameKind reports whether the body-class elements are parts of one body:
// elements with the same class whose wrappers, up to a common ancestor a
// few levels up, have the same tags and classes too (a body split around
// ads, the slides of a gallery, the entries of a list article, the chunks
// of a body each in its own grid row).
//
// A wrapper left unclosed nests the parts after it one level deeper in a
// wrapper of the same kind (<section class="part"> inside <section
// class="part">): wrappers repeated in a row count once.
func sameKind(ns []*html.Node) bool {
	for _, n := range ns[1:] {
		if kindClass(n) != kindClass(ns[0]) {
			return false
		}
		a := commonAncestor(n, ns[0], 8)
		if a == nil {
			return false
		}
		p, q := wrapperKinds(n, a), wrapperKinds(ns[0], a)
		if len(p) != len(q) || len(p) > 5 {
			return false
		}
		for i := range p {
			if p[i] != q[i] {
				return false
			}
		}
	}
	return true
}

// kindClass is the first word of n's part class: the body's own class,
// which parts of one body share while a second word tells them apart
// ("detail-body first-paragraph", "detail-body second-paragraph").
func kindClass(n *html.Node) string {
	c := partClass(n)
	if i := strings.IndexByte(strings.TrimSpace(c), ' '); i > 0 {
		return strings.TrimSpace(c)[:i]
	}
	return strings.TrimSpace(c)
}

// commonAncestor is the nearest element holding both a and b, at most max
// levels above either; nil when there is none so near.
func commonAncestor(a, b *html.Node, max int) *html.Node {
	i := 0
	for p := a.Parent; p != nil && i < max; p, i = p.Parent, i+1 {
		j := 0
		for q := b.Parent; q != nil && j < max; q, j = q.Parent, j+1 {
			if p == q {
				return p
			}
		}
	}
	return nil
}

// wrapperKinds lists the tag and part class of n's ancestors up to top
// (included), innermost first, a wrapper repeated in a row (one left
// unclosed) once.
func wrapperKinds(n, top *html.Node) []string {
	var out []string
	for p := n.Parent; p != nil; p = p.Parent {
		k := p.Data + "." + partClass(p)
		if len(out) == 0 || out[len(out)-1] != k {
			out = append(out, k)
		}
		if p == top {
			break
		}
	}
	return out
}

// partClass is n's class with the numbers that count the parts of a body
// dropped ("story-body story-body-2" is "story-body story-body-").
func partClass(n *html.Node) string {
	c := attr(n, "class")
	if strings.IndexAny(c, "0123456789") < 0 {
		return c
	}
	f := strings.Fields(c)
	for i, w := range f {
		f[i] = strings.TrimRight(w, "0123456789")
	}
	return strings.Join(f, " ")
}

// isBoilerplateAncestor reports whether n lies in a related-articles list or
// a comment thread (whose entries are often <article>s themselves). n's own
// classes do not count (<article class="newsletter-post"> is a body), nor
// does a wrapper holding most of the page ("ad-portal" around everything).
func isBoilerplateAncestor(n, doc *html.Node, pageLen *int) bool {
	for p := n.Parent; p != nil; p = p.Parent {
		if p.DataAtom == atom.Aside || p.DataAtom == atom.Footer {
			return true
		}
		ws := classWords(p)
		if ws&wComment != 0 {
			return true
		}
		if ws&wStrong != 0 {
			if *pageLen < 0 {
				*pageLen = textLen(doc)
			}
			if textLen(p)*2 <= *pageLen {
				return true
			}
		}
	}
	return false
}

// proseLen is the length of n's paragraph text outside links.
func proseLen(n *html.Node) int {
	total := 0
	for _, p := range findAll(n, isTag(atom.P), true) {
		total += textLen(p) - linkTextLen(p)
	}
	return total
}

// proseMap measures, for every element of a page, the prose it holds
// directly (text nodes, paragraphs and inline runs, link text excluded) and
// in its whole subtree. It is the one measure by which candidates for the
// body are compared.
type proseMap struct {
	own, subtree map[*html.Node]int
	best         *html.Node // the element holding the most prose directly
}

func newProseMap(doc *html.Node) *proseMap {
	pm := &proseMap{own: map[*html.Node]int{}, subtree: map[*html.Node]int{}}
	// Paragraphs written as <div>s count only where they clearly outweigh
	// the element with the most real paragraphs: divs are everything else
	// on a page too (FAQ boxes, slides, rating tables).
	var divBest *html.Node
	divOwn := 0
	// walk returns the prose of n's subtree and records each element's own.
	var walk func(n *html.Node, depth int) int
	walk = func(n *html.Node, depth int) int {
		if depth > maxDepth {
			return 0
		}
		direct, divs, total := 0, 0, 0
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			switch {
			case c.Type == html.TextNode:
				direct += len(strings.TrimSpace(c.Data))
			case c.Type != html.ElementNode:
			case c.DataAtom == atom.P:
				direct += max(0, textLen(c)-linkTextLen(c))
				total += walk(c, depth+1)
			case inlineTags[c.DataAtom] && c.DataAtom != atom.A && !isBlocky(c):
				direct += max(0, textLen(c)-linkTextLen(c))
			case isParaDiv(c):
				divs += max(0, textLen(c)-linkTextLen(c))
				total += walk(c, depth+1)
			default:
				total += walk(c, depth+1)
			}
		}
		pm.own[n] = direct
		pm.subtree[n] = direct + total
		if n.Type == html.ElementNode && (pm.best == nil || direct > pm.own[pm.best]) {
			pm.best = n
		}
		if n.Type == html.ElementNode && divs > 0 && direct+divs > divOwn {
			divBest, divOwn = n, direct+divs
		}
		return direct + total
	}
	walk(doc, 0)
	if divBest != nil && (pm.best == nil || divOwn >= 2*pm.own[pm.best]) {
		pm.best = divBest
		pm.own[divBest] = divOwn
	}
	return pm
}

// isParaDiv reports whether n is a <div> used as a paragraph: text and
// inline markup only (editors that write each paragraph as a <div>).
func isParaDiv(n *html.Node) bool {
	for wrap := 0; wrap < 3 && n.DataAtom == atom.Div; wrap++ {
		text := false
		var only *html.Node // the one block child of a wrapper
		blocks := 0
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			switch {
			case c.Type == html.TextNode:
				if !text && strings.TrimSpace(c.Data) != "" {
					text = true
				}
			case c.Type != html.ElementNode:
			case c.DataAtom == atom.Br || c.DataAtom == atom.Img:
			case inlineTags[c.DataAtom] && !isBlocky(c):
				text = true
			default:
				only = c
				blocks++
			}
		}
		switch {
		case blocks == 0:
			return text
		case blocks == 1 && !text:
			// A wrapper around one paragraph <div>.
			n = only
		default:
			return false
		}
	}
	return false
}

// densest finds the element that directly holds the most prose (paragraphs,
// or text runs between <br>s, minus link text): on a page with no structure
// hint that is the body's own element. When the body is split over sibling
// elements, it climbs to their common parent.
func (pm *proseMap) densest(parts bool) *html.Node {
	best := pm.best
	if best == nil || pm.own[best] < 140 {
		return nil
	}
	// Climb while the parent adds a good share of prose, or paragraphs of
	// its own: the body continues in sibling sections or steps, or its
	// first paragraphs stand beside the element that holds the rest (a
	// "read more" part).
	//
	// A wrapper that adds little (the <section> around one part of a body
	// cut in sections) is climbed through when the body goes on in its
	// siblings of the same kind a level or two up.
	cur, thin := best, 0
	for i := 0; i < 6; i++ {
		p := cur.Parent
		if p == nil || p.DataAtom == atom.Body || p.DataAtom == atom.Html || p.Type != html.ElementNode {
			break
		}
		if pm.subtree[cur]*5 >= pm.subtree[p]*4 && pm.own[p] < parentProse {
			if !parts || thin == 2 || cur != best && i >= 4 {
				break
			}
			cur, thin = p, thin+1
			continue
		}
		if thin > 0 {
			if partsGoOn(pm, p, cur) {
				best = p
			}
			break
		}
		if i >= 4 {
			break
		}
		best, cur = p, p
	}
	return best
}

// partsGoOn reports whether most of the prose that p adds to its child c
// lies in c's siblings of c's kind (the same tag and class, c having one):
// the other parts of a body cut in sections.
func partsGoOn(pm *proseMap, p, c *html.Node) bool {
	kind := partClass(c)
	if kind == "" {
		// Wrappers with no class are of no kind: a page's layout.
		return false
	}
	same := 0
	for s := p.FirstChild; s != nil; s = s.NextSibling {
		if s != c && s.Type == html.ElementNode && s.Data == c.Data && partClass(s) == kind {
			same += pm.subtree[s]
		}
	}
	return same >= 140 && same*2 >= pm.subtree[p]-pm.subtree[c]
}

// parentProse is the prose an element must hold directly for the body
// found in one of its children to extend to it.
const parentProse = 300

// densestContainer is the densest element of a page with no structure hint.
func densestContainer(doc *html.Node) []*html.Node {
	pm := newProseMap(doc)
	d := pm.densest(true)
	if d == nil {
		return nil
	}
	if d.Parent == nil || d.Parent.DataAtom != atom.Body {
		return []*html.Node{d}
	}
	// Right under <body>, the body may go on in siblings of the same kind
	// (the <pre> pages of a plain-text document): read the run of them
	// that hold prose.
	out := []*html.Node{d}
	for s := d.PrevSibling; s != nil; s = s.PrevSibling {
		if s.Type != html.ElementNode {
			continue
		}
		if s.DataAtom != d.DataAtom || pm.subtree[s] < 140 {
			break
		}
		out = append([]*html.Node{s}, out...)
	}
	for s := d.NextSibling; s != nil; s = s.NextSibling {
		if s.Type != html.ElementNode {
			continue
		}
		if s.DataAtom != d.DataAtom || pm.subtree[s] < 140 {
			break
		}
		out = append(out, s)
	}
	return out
}

// checkPick compares the structural pick with the densest prose of the
// page. A pick that holds a fraction of the prose found elsewhere is a
// fragment the markup happened to label (a call-to-action <article>, a teaser
// in a related list, a short "entry-content" of a product box): the body is
// then the densest element, read inside the innermost <article>, <main> or
// body-class element around it.
func checkPick(doc *html.Node, picks []*html.Node) []*html.Node {
	pm := newProseMap(doc)
	// The parts of a body cut in sections are not gathered here: a page
	// whose markup names a body holds other runs of sections (the entries
	// of a FAQ) that would outweigh it.
	dense := pm.densest(false)
	if dense == nil {
		return picks
	}
	got := 0
	for _, p := range picks {
		if contains(p, dense) {
			return picks
		}
		got += pm.subtree[p]
	}
	want := pm.subtree[dense]
	if want < 2*got+300 {
		return picks
	}
	pageLen := -1
	if isBoilerplateAncestor(dense, doc, &pageLen) {
		return picks
	}
	for p := dense.Parent; p != nil && p.Type == html.ElementNode; p = p.Parent {
		if p.DataAtom == atom.Body || p.DataAtom == atom.Html {
			break
		}
		if p.DataAtom == atom.Article || p.DataAtom == atom.Main || isBodyHint(p) {
			return []*html.Node{p}
		}
	}
	return []*html.Node{dense}
}

// shortBody is the body length (bytes of text) under which the structural
// pick is checked against readability's, on pages whose text is much longer
// than the body.
const shortBody = 1000

// bodyLen is the length of the blocks' text and captions.
func bodyLen(blocks []model.Block) int {
	n := 0
	for _, b := range blocks {
		n += len(b.Text) + len(b.Caption)
	}
	return n
}

// secondOpinion runs readability on a fresh tree of the page when the body
// found is short or empty, and takes its body when it is much longer: the
// structural pick then missed the article (a body in a wrapper the rules
// took for chrome, a script-built layout). Where both agree the pick stays,
// with its structure.
func secondOpinion(blocks []model.Block, reparse func() *html.Node, base *url.URL, title, byline string) []model.Block {
	doc := reparse()
	if doc == nil {
		return blocks
	}
	pruneDeep(doc)
	if _, mark := takeLead(doc); mark != nil {
		remove(mark)
	}
	stripJunk(doc)
	containers := readabilityContainer(doc, base, false)
	if containers == nil {
		return blocks
	}
	w := &blockWalker{base: base}
	for _, c := range containers {
		removeBoilerplate(c)
		dropTitledGalleries(c)
		w.walkContainer(c)
	}
	alt := cleanBlocks(w.blocks, title, byline)
	if got, other := bodyLen(blocks), bodyLen(alt); other > 2*got+200 {
		return alt
	}
	return blocks
}

// readabilityContainer asks readability (Mozilla's algorithm, readeck's
// port) for the body of a page that gives no structure hint, with the
// chrome the class words mark removed first when clean is set.
func readabilityContainer(doc *html.Node, base *url.URL, clean bool) (out []*html.Node) {
	// A library bug on a strange page must not take the pipeline down:
	// the page then simply has no body.
	defer func() {
		if recover() != nil {
			out = nil
		}
	}()
	if clean {
		removeBoilerplate(doc)
	}
	p := readability.NewParser()
	p.DisableJSONLD = true
	p.CharThresholds = 200
	u := base
	if u == nil {
		u = &url.URL{Scheme: "https", Host: "example.invalid", Path: "/"}
	}
	res, err := p.ParseAndMutate(doc, u)
	if err != nil || res.Node == nil {
		return nil
	}
	return []*html.Node{res.Node}
}
