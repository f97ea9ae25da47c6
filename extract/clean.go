package extract

import (
	"strings"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// Class and id words, matched whole against the dash/underscore-separated
// words of an element's class and id (so "comment-list" and "comments_area"
// match, "recommendation-engine" as a substring of nothing does not).
var (
	// strongBoilerplate always marks chrome: removed wherever it appears.
	strongBoilerplate = []string{
		"comment", "comments", "commentlist", "disqus", "respond", "reply", "replies", "binhluan",
		"share", "shares", "sharing", "sharedaddy", "sharebar", "social", "socials", "addthis", "sociallinks",
		"related", "relatedposts", "recommended", "recommendations", "readmore", "morenews", "samecategory", "sameauthor",
		"newsletter", "subscribe", "subscription", "signup", "cookie", "cookies", "consent", "gdpr",
		"outbrain", "taboola", "advert", "advertisement", "ads", "ad", "adslot", "dfp", "sponsor", "sponsored", "promo",
		"popular", "trending", "mostread", "mostviewed", "toolbar", "print", "rating", "vote", "pagination", "pager",
		"tags", "tagcloud", "taglist", "keywords", "paywall", "modal", "popup", "overlay",
		"visuallyhidden", "nodata",
		"source", "origin", "sourcelink", "copyright", "follow",
	}
	// weakBoilerplate marks layout parts that on some sites wrap the whole
	// page ("has-sidebar", "site-header"), so it is only trusted on elements
	// that do not look like an article body.
	weakBoilerplate = []string{
		"sidebar", "widget", "widgets", "textwidget", "nav", "navbar", "navigation", "menu", "footer", "header", "masthead",
		"banner", "aside", "breadcrumb", "breadcrumbs", "meta", "byline", "dateline", "author", "authors",
		"date", "time", "timestamp", "info", "bio", "avatar", "topbar", "postmetadata", "postmeta",
		"category", "categories", "lead", "sapo", "standfirst", "summary", "excerpt",
	}
	// leadTokens mark the standfirst that sits between title and body.
	leadTokens = []string{"sapo", "standfirst", "lead", "lede", "summary", "excerpt", "deck", "dek", "intro",
		"entradilla", "subtitulo", "subtitle", "ingress", "kicker", "teaser", "description", "chapo", "abstract", "perex"}
)

// junkTags never hold article text.
var junkTags = map[atom.Atom]bool{
	atom.Script: true, atom.Style: true, atom.Noscript: true, atom.Template: true, atom.Iframe: true,
	atom.Object: true, atom.Embed: true, atom.Svg: true, atom.Canvas: true, atom.Form: true, atom.Button: true,
	atom.Input: true, atom.Select: true, atom.Textarea: true, atom.Nav: true, atom.Aside: true, atom.Dialog: true,
	atom.Video: true, atom.Audio: true, atom.Map: true, atom.Link: true, atom.Meta: true, atom.Head: true,
}

// stripJunk removes elements that are never content: scripts, forms, nav,
// asides and anything hidden from the reader.
func stripJunk(n *html.Node) {
	for c := n.FirstChild; c != nil; {
		next := c.NextSibling
		switch c.Type {
		case html.CommentNode:
			n.RemoveChild(c)
		case html.ElementNode:
			if c.DataAtom == atom.Form && looksLikeBody(c) {
				// ASP.NET and some CMSes wrap the whole page in a form.
				stripJunk(c)
			} else if junkTags[c.DataAtom] || isHidden(c) || c.Data == "amp-ad" || c.Data == "amp-social-share" || c.Data == "amp-analytics" {
				n.RemoveChild(c)
			} else {
				stripJunk(c)
			}
		}
		c = next
	}
}

func isHidden(n *html.Node) bool {
	if hasAttr(n, "hidden") || strings.EqualFold(attr(n, "aria-hidden"), "true") {
		return true
	}
	for _, c := range strings.Fields(strings.ToLower(attr(n, "class"))) {
		if hiddenClasses[c] {
			return true
		}
	}
	style := strings.ToLower(strings.ReplaceAll(attr(n, "style"), " ", ""))
	if strings.Contains(style, "display:none") || strings.Contains(style, "visibility:hidden") {
		return true
	}
	switch strings.ToLower(attr(n, "role")) {
	case "navigation", "complementary", "contentinfo", "banner", "dialog", "alert", "alertdialog", "menu", "menubar", "search":
		return true
	}
	return false
}

// hiddenClasses are the whole class names frameworks use to hide an element
// (matched whole: Drupal's "field--label-hidden" hides a label, not the
// field).
var hiddenClasses = map[string]bool{"hidden": true, "visually-hidden": true, "visuallyhidden": true, "sr-only": true,
	"screen-reader-text": true, "screen-reader-only": true, "element-invisible": true, "d-none": true, "is-hidden": true,
	"u-hidden": true, "hide": true, "invisible": true, "offscreen": true}

// removeBoilerplate removes chrome inside root. Figures are left alone: their
// credits often carry "author" or "source" classes.
func removeBoilerplate(root *html.Node) {
	removeBoilerplateIn(root, textLen(root))
}

func removeBoilerplateIn(root *html.Node, rootLen int) {
	for c := root.FirstChild; c != nil; {
		next := c.NextSibling
		if c.Type == html.ElementNode {
			if c.DataAtom == atom.Figure || c.DataAtom == atom.Figcaption || classWords(c)&wCaption != 0 {
				c = next
				continue
			}
			if isBoilerplate(c, rootLen) {
				root.RemoveChild(c)
			} else {
				removeBoilerplateIn(c, rootLen)
			}
		}
		c = next
	}
}

// commentTokens mark reader comments, removed even when long.
var commentTokens = []string{"comment", "comments", "commentlist", "disqus", "respond", "reply", "replies", "binhluan"}

// isBoilerplate decides whether n is chrome. Class words are only hints:
// an element that holds the article body ("ad-portal" wrapping a whole page,
// an <article class="newsletter-post">) or, for words other than comments,
// more than half of the text around it, is kept and looked into instead.
func isBoilerplate(n *html.Node, rootLen int) bool {
	switch n.DataAtom {
	case atom.Footer, atom.Header:
		// An <article>'s header holds title, byline and standfirst, all
		// read as metadata; one with paragraphs of body is kept.
		return !looksLikeBody(n)
	case atom.Html, atom.Body, atom.Main:
		return false
	}
	if n.Data == "amp-img" {
		return false
	}
	if isPersonBox(n) || isAuthorBoxClass(n) {
		// The author's box (name, picture, a paragraph about them) set
		// in or under the body; the byline is read from the metadata.
		return !containsBodyHint(n) && textLen(n)*2 <= rootLen
	}
	ws := classWords(n)
	if ws&(wStrong|wWeak) == 0 || ws&wCaption != 0 {
		return false
	}
	if isEntry(n) || inSentence(n) {
		return false
	}
	if ws&wStrong != 0 {
		if containsBodyHint(n) {
			return false
		}
		if ws&wComment != 0 {
			return true
		}
		if ws&wPitch == 0 && isProsePara(n) {
			// <p class="paywall">: the paragraphs a paywall would hide
			// are the article's.
			return false
		}
		return textLen(n)*2 <= rootLen || rootLen == 0
	}
	if ws&wWeak != 0 && ws&wBody == 0 {
		if n.DataAtom == atom.Table {
			// A table's layout words ("table-header", "info") name its
			// look, not a part of the page; a table of links goes as a
			// link block.
			return false
		}
		return !looksLikeBody(n)
	}
	return false
}

// authorBoxClasses name the box about the author that blogs and news
// sites put under a post (the word pairs that single words cannot say).
var authorBoxClasses = []string{"author-box", "author_box", "authorbox", "author-bio", "author_bio", "authorbio", "about-author",
	"about-the-author", "about_author", "author-info", "author_info", "saboxplugin", "autorenbox", "autoren-box", "autor-box"}

// isAuthorBoxClass reports whether n's class names an author box.
func isAuthorBoxClass(n *html.Node) bool {
	switch n.DataAtom {
	case atom.Div, atom.Section, atom.Aside, atom.Footer, atom.Address, atom.Ul, atom.Li, atom.Table:
	default:
		return false
	}
	c := strings.ToLower(attr(n, "class"))
	if c == "" {
		return false
	}
	for _, w := range authorBoxClasses {
		if strings.Contains(c, w) {
			return true
		}
	}
	return false
}

// isPersonBox reports whether n is a block of schema.org microdata for a
// person (the author box of a blog or a news site); a name marked up
// inside a sentence is text.
func isPersonBox(n *html.Node) bool {
	switch n.DataAtom {
	case atom.Div, atom.Section, atom.Aside, atom.Footer, atom.Address, atom.Ul, atom.Li, atom.P, atom.Table:
	default:
		return false
	}
	t := attr(n, "itemtype")
	return t != "" && strings.HasSuffix(strings.ToLower(strings.TrimRight(strings.TrimSpace(t), "/")), "schema.org/person")
}

// proseParaMin is the length from which a paragraph is prose whatever
// its class says.
const proseParaMin = 160

// isProsePara reports whether n is a paragraph of sentence length, mostly
// not links.
func isProsePara(n *html.Node) bool {
	if n.DataAtom != atom.P {
		return false
	}
	t := textLen(n)
	return t >= proseParaMin && linkTextLen(n)*2 < t
}

// inSentence reports whether n is inline markup within a paragraph's text
// (a link with class="popup" that opens a note, a highlighted phrase),
// whose class words say nothing about chrome.
func inSentence(n *html.Node) bool {
	if !inlineTags[n.DataAtom] {
		return false
	}
	p := n.Parent
	for p != nil && p.Type == html.ElementNode && inlineTags[p.DataAtom] {
		p = p.Parent
	}
	if p == nil || p.DataAtom != atom.P {
		return false
	}
	return textLen(p) > 2*textLen(n)
}

// isEntry reports whether n is the wrapper a blog engine puts around one
// post (WordPress's post_class: "hentry", "type-post", "status-publish"),
// whose other classes name the post's categories and tags ("category-news",
// "tag-sharing") and say nothing about chrome.
func isEntry(n *html.Node) bool {
	for _, c := range strings.Fields(attr(n, "class")) {
		switch c {
		case "hentry", "type-post", "status-publish", "h-entry":
			return true
		}
	}
	return false
}

// containsBodyHint reports whether n is or holds a marked article body.
func containsBodyHint(n *html.Node) bool {
	if (n.DataAtom == atom.Article || n.DataAtom == atom.Main) && looksLikeBody(n) {
		return true
	}
	return findFirst(n, isBodyHint) != nil
}

// isBodyHint matches schema.org's articleBody and well-known body classes.
func isBodyHint(n *html.Node) bool {
	if strings.EqualFold(attr(n, "itemprop"), "articleBody") {
		return true
	}
	for _, a := range n.Attr {
		if a.Namespace != "" || a.Key != "class" && a.Key != "id" {
			continue
		}
		for _, c := range strings.Fields(a.Val) {
			if bodyClassNames[c] || hasUpper(c) && bodyClassNames[strings.ToLower(c)] {
				return true
			}
		}
	}
	return false
}

func hasUpper(s string) bool {
	for i := 0; i < len(s); i++ {
		if c := s[i]; c >= 'A' && c <= 'Z' || c >= 0x80 {
			return true
		}
	}
	return false
}

var bodyWords = []string{"body", "content", "text", "entry", "story", "articlebody", "maincontent", "detail"}

// looksLikeBody reports whether n holds enough prose to be (part of) the
// article: three paragraphs of sentence length, whether in <p>s or as text
// runs in <div>s (every 240 characters of a run count as one).
func looksLikeBody(n *html.Node) bool {
	long := 0
	var walk func(n *html.Node, depth int) bool
	walk = func(n *html.Node, depth int) bool {
		if depth > maxDepth {
			return false
		}
		run, links := 0, 0
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			switch {
			case c.Type == html.TextNode:
				run += len(strings.TrimSpace(c.Data))
			case c.Type != html.ElementNode:
			case c.DataAtom == atom.P:
				if t := textLen(c); t >= 120 && linkTextLen(c)*2 < t {
					long++
				}
			case inlineTags[c.DataAtom]:
				t := textLen(c)
				run += t
				if c.DataAtom == atom.A {
					links += t
				}
			default:
				if walk(c, depth+1) {
					return true
				}
			}
			if long >= 3 {
				return true
			}
		}
		if run >= 240 && links*2 < run {
			long += run / 240
		}
		return long >= 3
	}
	return walk(n, 0)
}

// takeLead finds the standfirst (sapo, lede, deck) near the title, removes it
// from the page so it is not read again as the first paragraph, and returns
// its text.
func takeLead(doc *html.Node) (string, *html.Node) {
	var lead, first string
	var found, firstN *html.Node
	seenH1 := false
	var walk func(*html.Node) bool
	walk = func(n *html.Node) bool {
		if n.Type == html.ElementNode {
			if junkTags[n.DataAtom] {
				return false
			}
			if n.DataAtom == atom.H1 {
				seenH1 = true
			}
			if ws := classWords(n); ws&wLead != 0 && n.DataAtom != atom.Body && n.DataAtom != atom.Html && n.DataAtom != atom.Meta {
				if ws&(wStrong|wNotLead) == 0 && !classHas(n, "newsletter") {
					t := textOf(n)
					// A standfirst is prose, or a list of points, not
					// mostly links (a "teaser" box of ad or article links).
					if l := len([]rune(t)); l >= 30 && l <= 1200 && len(findAll(n, isTag(atom.P), true)) <= 2 && findFirst(n, isTag(atom.Img)) == nil &&
						findFirst(n, isTag(atom.H1)) == nil && linkTextLen(n)*2 < len(t) && !isDateLine(t) && !isBoilerplateLine(normLine(t)) {
						// The deck follows the headline: a box above
						// it (a site-wide notice, a teaser in the
						// header) stands in only when none follows.
						if !seenH1 {
							if firstN == nil {
								first, firstN = t, n
							}
							return false
						}
						lead, found = t, n
						return true
					}
				}
			}
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			if walk(c) {
				return true
			}
		}
		return false
	}
	walk(doc)
	if found == nil {
		lead, found = first, firstN
	}
	if found == nil {
		return "", nil
	}
	// An empty element keeps the standfirst's place, to be checked
	// against the body once the body is found.
	mark := &html.Node{Type: html.ElementNode, Data: "lead-mark"}
	found.Parent.InsertBefore(mark, found)
	remove(found)
	return lead, mark
}

// leadOutsideBody reports whether mark, the place of the standfirst the
// markup names, lies after the whole body in the page and outside it, or
// went with a block removed as chrome: a box in the sidebar or the footer
// (a teaser of another post, the author's or the site's blurb, a comment
// prompt, a cookie notice), not the deck, which comes before the body or
// at its top.
func leadOutsideBody(doc, mark *html.Node, containers []*html.Node) bool {
	if mark == nil || len(containers) == 0 {
		return false
	}
	if !contains(doc, mark) {
		return true
	}
	passed, after := 0, false
	var walk func(n *html.Node) bool
	walk = func(n *html.Node) bool {
		if n == mark {
			after = passed == len(containers)
			return true
		}
		for _, c := range containers {
			if n == c {
				passed++
				return false
			}
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			if walk(c) {
				return true
			}
		}
		return false
	}
	walk(doc)
	return after
}

// notLeadTokens mark a description that is not the article's: an image's
// or a video's, a title's, or the site's own slogan ("site-description",
// "blog-description", "tagline") in the page header.
var notLeadTokens = []string{"image", "img", "photo", "media", "video", "title", "headline", "site", "blog", "tagline", "slogan", "branding", "author", "bio"}

// captionWords name the element that holds an image's caption on sites that
// do not use <figcaption>.
var captionWords = []string{"caption", "figcaption", "imagedesc", "desc", "legend", "legenda", "pie", "peu", "bildetekst", "imagecaption", "photocaption", "wpcaptiontext", "chuthich"}

func isCaptionClass(n *html.Node) bool { return classWords(n)&wCaption != 0 }

// isCreditClass marks the credit line inside a caption.
func isCreditClass(n *html.Node) bool { return classWords(n)&wCredit != 0 }

// dropTitledGalleries removes, inside a body, a gallery that carries a title
// of its own (a heading before its slides) while the body goes on after it
// in paragraphs: a gallery of other stories ("Business news in pictures")
// set in the middle of an article, not the article's own pictures, which
// come without a title of their own. A gallery article, whose slides end
// the body, keeps them.
func dropTitledGalleries(root *html.Node) {
	for _, g := range findAll(root, func(n *html.Node) bool { return n != root && classWords(n)&wGallery != 0 }, true) {
		if !titledFirst(g) || proseAfter(g, root) < 140 {
			continue
		}
		remove(g)
	}
}

// titledFirst reports whether the first text inside n is a heading's.
func titledFirst(n *html.Node) bool {
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		switch {
		case c.Type == html.TextNode:
			if strings.TrimSpace(c.Data) != "" {
				return false
			}
		case c.Type != html.ElementNode:
		case isHeading(c):
			return textLen(c) > 0
		case textLen(c) > 0:
			return titledFirst(c)
		}
	}
	return false
}

// proseAfter is the paragraph text that follows n inside root.
func proseAfter(n, root *html.Node) int {
	total := 0
	for ; n != nil && n != root; n = n.Parent {
		for s := n.NextSibling; s != nil; s = s.NextSibling {
			if s.Type == html.ElementNode {
				total += proseLen(s)
			}
		}
	}
	return total
}
