package extract

import (
	"encoding/json"
	"net/url"
	"strings"
	"time"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"

	"newsbridge/model"
)

// meta is what a page says about its article outside the body: JSON-LD,
// OpenGraph/article meta tags, <time>, bylines and breadcrumbs.
type meta struct {
	canonical, ogURL            string
	ldHeadline, ogTitle, h1     string
	docTitle, siteName          string
	ldDescription, ogDesc, desc string
	ldAuthors                   []string
	metaAuthor, domByline       string
	ldPublished, ldModified     string
	metaPublished, metaModified string
	timeAttr, visibleDate       string
	ldSection, metaSection      string
	firstTag                    string // the first article:tag, Ghost's primary tag
	relTag                      string // the last rel=tag link (a blog's label)
	ldCrumbs, domCrumbs         []string
	htmlLang, metaLang          string
	ogLocale, ldLang            string
	ogImage, ldImage            string
	articleBody                 string
	hasArticleType              bool
	hasListType                 bool // JSON-LD says the page is a list, a product or a site's page
}

// collectMeta reads metadata from the whole page. It runs before any
// cleaning, because bylines, dates and breadcrumbs live in the chrome that
// cleaning removes.
func collectMeta(doc *html.Node) *meta {
	m := &meta{}
	var walk func(n *html.Node, depth int)
	walk = func(n *html.Node, depth int) {
		if n.Type == html.ElementNode {
			switch n.DataAtom {
			case atom.Html:
				m.htmlLang = attr(n, "lang")
				if m.htmlLang == "" {
					m.htmlLang = attr(n, "xml:lang")
				}
			case atom.Title:
				if m.docTitle == "" && n.Parent != nil && n.Parent.DataAtom == atom.Head {
					m.docTitle = textOf(n)
				}
			case atom.Meta:
				m.metaTag(n)
			case atom.Link:
				rel := strings.ToLower(attr(n, "rel"))
				if rel == "canonical" && m.canonical == "" {
					m.canonical = strings.TrimSpace(attr(n, "href"))
				}
			case atom.Script:
				if strings.Contains(strings.ToLower(attr(n, "type")), "ld+json") && n.FirstChild != nil {
					m.jsonLD(n.FirstChild.Data)
				}
				return
			case atom.H1:
				if m.h1 == "" {
					m.h1 = textOf(n)
				}
			case atom.Time:
				if m.timeAttr == "" {
					if v := attr(n, "datetime"); v != "" && !insideBoilerplate(n) {
						m.timeAttr = v
					}
				}
			}
			if ip := attr(n, "itemprop"); ip != "" {
				m.itemprop(n, ip)
			}
			if ws := classWords(n); ws != 0 {
				switch {
				case m.domByline == "" && ws&wByline != 0 && ws&wBylineNot == 0 && !insideFigure(n):
					if b := cleanByline(textOf(n), m.htmlLang); b != "" {
						m.domByline = b
					}
				case ws&wCrumb != 0 && m.domCrumbs == nil:
					m.domCrumbs = crumbItems(n)
				case m.visibleDate == "" && ws&wDate != 0:
					if t := textOf(n); len(t) < 200 {
						if _, ok := parseVisibleDate(t, ""); ok {
							m.visibleDate = t
						}
					}
				}
			}
			if m.domCrumbs == nil && strings.Contains(strings.ToLower(attr(n, "aria-label")), "breadcrumb") {
				m.domCrumbs = crumbItems(n)
			}
			if m.firstTag == "" && n.DataAtom == atom.A && strings.Contains(strings.ToLower(attr(n, "rel")), "tag") && !insideBoilerplate(n) {
				m.relTag = textOf(n)
			}
			if m.domByline == "" && strings.Contains(strings.ToLower(attr(n, "rel")), "author") {
				m.domByline = cleanByline(textOf(n), m.htmlLang)
			}
		}
		if depth > maxDepth {
			return
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c, depth+1)
		}
	}
	walk(doc, 0)
	return m
}

var (
	bylineTokens    = []string{"submitted", "byline", "author", "authors", "writer", "reporter", "autor", "autora", "forfatter", "tacgia", "signature", "firma"}
	bylineNot       = []string{"source", "box", "bio", "avatar", "list", "related", "more", "other", "comment", "comments", "description", "photo"}
	crumbTokens     = []string{"breadcrumb", "breadcrumbs", "crumbs"}
	dateClassTokens = []string{"date", "time", "published", "publish", "pubdate", "posted", "dateline", "timestamp", "datetime", "fecha", "dato", "ngay", "publicat", "publicado"}
)

func (m *meta) metaTag(n *html.Node) {
	key := strings.ToLower(attr(n, "property"))
	if key == "" {
		key = strings.ToLower(attr(n, "name"))
	}
	if key == "" {
		key = strings.ToLower(attr(n, "itemprop"))
	}
	content := strings.TrimSpace(attr(n, "content"))
	if strings.EqualFold(attr(n, "http-equiv"), "content-language") {
		m.metaLang = content
		return
	}
	if content == "" {
		return
	}
	set := func(p *string) {
		if *p == "" {
			*p = content
		}
	}
	switch key {
	case "og:title":
		set(&m.ogTitle)
	case "og:description":
		set(&m.ogDesc)
	case "description":
		set(&m.desc)
	case "og:url":
		set(&m.ogURL)
	case "og:image", "og:image:url", "og:image:secure_url":
		set(&m.ogImage)
	case "og:site_name":
		set(&m.siteName)
	case "og:locale":
		set(&m.ogLocale)
	case "article:published_time", "datepublished", "pubdate", "publishdate", "dc.date.issued", "dc.date", "date", "sailthru.date", "parsely-pub-date":
		set(&m.metaPublished)
	case "article:modified_time", "og:updated_time", "datemodified", "dc.date.modified", "last-modified":
		set(&m.metaModified)
	case "article:section", "section", "parsely-section", "category", "article:category", "its_section":
		set(&m.metaSection)
	case "article:tag":
		set(&m.firstTag)
	case "author", "article:author", "dc.creator", "parsely-author", "sailthru.author":
		if !strings.HasPrefix(content, "http") {
			set(&m.metaAuthor)
		}
	case "language", "dc.language":
		set(&m.metaLang)
	}
}

func (m *meta) itemprop(n *html.Node, prop string) {
	val := attr(n, "content")
	if val == "" {
		val = attr(n, "datetime")
	}
	if val == "" && n.DataAtom == atom.Abbr {
		// Blogger and old microformats: <abbr class="published" title="2024-…">.
		val = attr(n, "title")
	}
	switch strings.ToLower(prop) {
	case "datepublished":
		if val != "" && m.metaPublished == "" {
			m.metaPublished = val
		}
	case "datemodified":
		if val != "" && m.metaModified == "" {
			m.metaModified = val
		}
	case "author":
		if m.domByline == "" {
			if name := findFirst(n, func(c *html.Node) bool { return strings.EqualFold(attr(c, "itemprop"), "name") }); name != nil {
				if v := attr(name, "content"); v != "" {
					m.domByline = cleanByline(v, m.htmlLang)
				} else {
					m.domByline = cleanByline(textOf(name), m.htmlLang)
				}
			} else if n.DataAtom != atom.Meta && n.DataAtom != atom.Link {
				m.domByline = cleanByline(textOf(n), m.htmlLang)
			}
		}
	case "headline":
		if m.ldHeadline == "" && n.DataAtom != atom.Meta {
			m.ldHeadline = textOf(n)
		}
	}
}

// articleTypes are the schema.org types whose JSON-LD describes the article
// itself rather than the site, the organisation or a list.
var articleTypes = []string{"article", "newsarticle", "blogposting", "reportagenewsarticle", "analysisnewsarticle",
	"opinionnewsarticle", "backgroundnewsarticle", "liveblogposting", "report", "webpage", "techarticle", "socialmediaposting"}

func (m *meta) jsonLD(raw string) {
	raw = strings.TrimSpace(raw)
	raw = strings.TrimPrefix(raw, "<![CDATA[")
	raw = strings.TrimSuffix(raw, "]]>")
	var v any
	if err := json.Unmarshal([]byte(raw), &v); err != nil {
		// Many CMSes emit raw newlines inside JSON strings; one retry with
		// them turned into spaces recovers most of those.
		fixed := strings.NewReplacer("\n", " ", "\r", " ", "\t", " ").Replace(raw)
		if json.Unmarshal([]byte(fixed), &v) != nil {
			return
		}
	}
	m.ldValue(v, 0)
}

func (m *meta) ldValue(v any, depth int) {
	if depth > 8 {
		return
	}
	switch x := v.(type) {
	case []any:
		for _, e := range x {
			m.ldValue(e, depth+1)
		}
	case map[string]any:
		if g, ok := x["@graph"]; ok {
			m.ldValue(g, depth+1)
		}
		types := ldStrings(x["@type"])
		isArticle, isPage := false, false
		for _, t := range types {
			lt := strings.ToLower(t)
			if lt == "webpage" {
				isPage = true
				continue
			}
			for _, a := range articleTypes {
				if lt == a {
					isArticle = true
				}
			}
			switch lt {
			case "collectionpage", "itemlist", "product", "productgroup", "offer", "searchresultspage", "profilepage", "aboutpage",
				"contactpage", "faqpage", "event", "jobposting", "realestatelisting", "lodgingbusiness", "localbusiness", "store":
				m.hasListType = true
			}
			if lt == "breadcrumblist" && m.ldCrumbs == nil {
				m.ldCrumbs = ldCrumbs(x["itemListElement"])
			}
		}
		if bc, ok := x["breadcrumb"].(map[string]any); ok && m.ldCrumbs == nil {
			m.ldCrumbs = ldCrumbs(bc["itemListElement"])
		}
		if me, ok := x["mainEntity"]; ok {
			m.ldValue(me, depth+1)
		}
		if !isArticle && !isPage {
			return
		}
		if isArticle {
			m.hasArticleType = true
		}
		set := func(p *string, key string) {
			if *p == "" {
				if s := ldString(x[key]); s != "" {
					*p = s
				}
			}
		}
		if isArticle {
			set(&m.ldHeadline, "headline")
			set(&m.ldDescription, "description")
			set(&m.articleBody, "articleBody")
			if m.ldAuthors == nil {
				m.ldAuthors = ldNames(x["author"], m.htmlLang)
			}
			if m.ldSection == "" {
				if s := ldStrings(x["articleSection"]); len(s) > 0 {
					m.ldSection = s[0]
				}
			}
			if m.ldImage == "" {
				m.ldImage = ldImage(x["image"])
			}
		}
		set(&m.ldPublished, "datePublished")
		set(&m.ldModified, "dateModified")
		set(&m.ldLang, "inLanguage")
	}
}

func ldString(v any) string {
	switch x := v.(type) {
	case string:
		return strings.TrimSpace(x)
	case []any:
		if len(x) > 0 {
			return ldString(x[0])
		}
	case map[string]any:
		if s, ok := x["@value"].(string); ok {
			return s
		}
	}
	return ""
}

func ldStrings(v any) []string {
	switch x := v.(type) {
	case string:
		return []string{x}
	case []any:
		var out []string
		for _, e := range x {
			if s, ok := e.(string); ok {
				out = append(out, s)
			}
		}
		return out
	}
	return nil
}

func ldNames(v any, lang string) []string {
	switch x := v.(type) {
	case string:
		if b := cleanByline(x, lang); b != "" && !strings.HasPrefix(x, "http") {
			return []string{b}
		}
	case map[string]any:
		return ldNames(x["name"], lang)
	case []any:
		var out []string
		for _, e := range x {
			out = append(out, ldNames(e, lang)...)
		}
		return out
	}
	return nil
}

func ldImage(v any) string {
	switch x := v.(type) {
	case string:
		return x
	case map[string]any:
		if s := ldString(x["url"]); s != "" {
			return s
		}
		return ldString(x["contentUrl"])
	case []any:
		if len(x) > 0 {
			return ldImage(x[0])
		}
	}
	return ""
}

func ldCrumbs(v any) []string {
	items, _ := v.([]any)
	var out []string
	for _, it := range items {
		obj, ok := it.(map[string]any)
		if !ok {
			continue
		}
		name := ldString(obj["name"])
		if name == "" {
			if item, ok := obj["item"].(map[string]any); ok {
				name = ldString(item["name"])
			}
		}
		if name != "" {
			out = append(out, clean(name))
		}
	}
	if out == nil {
		out = []string{}
	}
	return out
}

// crumbItems reads a breadcrumb trail: its links, or its list items.
func crumbItems(n *html.Node) []string {
	var out []string
	items := findAll(n, isTag(atom.Li), true)
	if len(items) == 0 {
		items = findAll(n, isTag(atom.A), true)
	}
	for _, it := range items {
		if t := textOf(it); t != "" && len(t) < 80 {
			out = append(out, strings.Trim(t, " »›>/|"))
		}
	}
	if out == nil {
		out = []string{}
	}
	return out
}

// cleanByline strips "By", trailing dates and separators from an author line
// and refuses text too long to be a name list. lang is the page's declared
// language ("" when none), which tells whether "Per" is a first name.
func cleanByline(s, lang string) string {
	s, _ = model.TrimBylineOpener(clean(s), lang)
	s = strings.TrimLeft(s, "|·•- ")
	if i := strings.IndexAny(s, "|·•"); i > 0 {
		s = strings.TrimSpace(s[:i])
	}
	// "Submitted by Ana on Tue, 10/15/2024": the date is not the name.
	if i := strings.Index(s, " on "); i > 0 {
		if _, ok := parseVisibleDate(s[i:], ""); ok {
			s = s[:i]
		}
	}
	low := strings.ToLower(s)
	for _, w := range []string{"min read", "minute read", "minutes read", "min de lectura", "min lesing", "phút đọc", "min de lectura", "دقائق", "reading time"} {
		if strings.Contains(low, w) {
			return ""
		}
	}
	s = strings.Trim(s, " ,-–—:")
	if model.IsBylineOpener(s) {
		return ""
	}
	if len([]rune(s)) > 80 || s == "" {
		return ""
	}
	if _, ok := parseVisibleDate(s, ""); ok {
		return ""
	}
	return s
}

// insideFigure reports whether n is part of an image's caption, where
// "author" classes name the photographer.
func insideFigure(n *html.Node) bool {
	for p := n; p != nil; p = p.Parent {
		if p.DataAtom == atom.Figure || p.DataAtom == atom.Figcaption || isCaptionClass(p) {
			return true
		}
	}
	return false
}

// insideBoilerplate reports whether n sits in a comment thread or a related
// list, whose <time> elements date other things than the article.
func insideBoilerplate(n *html.Node) bool {
	for p := n.Parent; p != nil; p = p.Parent {
		if classWords(p)&wStrong != 0 {
			return true
		}
	}
	return false
}

// notArticle reports whether the page says it is something else than an
// article: a list, a product, a job or a site's own page in JSON-LD, with
// no article type and no publication date anywhere. (og:type is no such
// sign: many sites say "website" on every page.)
func (m *meta) notArticle() bool {
	if m.hasArticleType || m.ldPublished != "" || m.metaPublished != "" {
		return false
	}
	return m.hasListType
}

func (m *meta) published(lang string) time.Time {
	for _, s := range []string{m.ldPublished, m.metaPublished, m.timeAttr} {
		if t, ok := parseMachineDate(s); ok {
			return t
		}
	}
	if m.visibleDate != "" {
		if t, ok := parseVisibleDate(m.visibleDate, lang); ok {
			return t
		}
	}
	return time.Time{}
}

func (m *meta) updated() time.Time {
	for _, s := range []string{m.ldModified, m.metaModified} {
		if t, ok := parseMachineDate(s); ok {
			return t
		}
	}
	return time.Time{}
}

func (m *meta) byline() string {
	if len(m.ldAuthors) > 0 {
		return strings.Join(dedupe(m.ldAuthors), ", ")
	}
	if m.metaAuthor != "" {
		if b := cleanByline(m.metaAuthor, m.htmlLang); b != "" {
			return b
		}
	}
	return m.domByline
}

func dedupe(in []string) []string {
	var out []string
	seen := map[string]bool{}
	for _, s := range in {
		if !seen[s] {
			seen[s] = true
			out = append(out, s)
		}
	}
	return out
}

// homeWords are breadcrumb roots that are not categories.
var homeWords = map[string]bool{"home": true, "inicio": true, "portada": true, "inici": true, "forside": true, "hjem": true,
	"trang chủ": true, "الرئيسية": true, "الصفحة الرئيسية": true, "accueil": true, "startseite": true, "news": false}

func (m *meta) category(title string) string {
	crumbs := m.ldCrumbs
	if len(crumbs) == 0 {
		crumbs = m.domCrumbs
	}
	var trail []string
	for _, c := range crumbs {
		if c == "" || homeWords[strings.ToLower(c)] || sameText(c, title) || len([]rune(c)) > 40 {
			continue
		}
		trail = append(trail, c)
	}
	section := m.ldSection
	if section == "" {
		section = m.metaSection
	}
	if section != "" && !isSlug(section) {
		return section
	}
	if len(trail) > 0 {
		if section != "" {
			// A CMS's section slug, folded as model.Slugify folds names.
			want := strings.Trim(strings.ReplaceAll(strings.ToLower(section), "_", "-"), "-")
			for _, c := range trail {
				if model.Slugify("", c, len(want)+40) == want {
					return c
				}
			}
		}
		return trail[len(trail)-1]
	}
	if section != "" {
		s := strings.ReplaceAll(strings.ReplaceAll(section, "-", " "), "_", " ")
		return strings.ToUpper(s[:1]) + s[1:]
	}
	// Ghost and similar CMSes have no section, only tags; the first one is
	// the primary tag, which they use as the category. Blogs have labels.
	if m.firstTag != "" {
		return m.firstTag
	}
	return m.relTag
}

func isSlug(s string) bool {
	for _, r := range s {
		if !(r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || r == '-' || r == '_') {
			return false
		}
	}
	return true
}

func (m *meta) canonicalURL(base *url.URL) string {
	for _, s := range []string{m.canonical, m.ogURL} {
		if u := absURL(base, s); u != "" {
			return u
		}
	}
	if base != nil {
		u := *base
		u.Fragment = ""
		return u.String()
	}
	return ""
}

// absURL resolves ref against base and returns it only if the result is an
// http(s) URL: javascript:, data: and friends never leave this package.
func absURL(base *url.URL, ref string) string {
	ref = strings.TrimSpace(ref)
	if ref == "" {
		return ""
	}
	u, err := url.Parse(ref)
	if err != nil {
		return ""
	}
	if base != nil {
		u = base.ResolveReference(u)
	}
	if u.Scheme != "http" && u.Scheme != "https" || u.Host == "" {
		return ""
	}
	return u.String()
}
