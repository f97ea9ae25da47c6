package site

import (
	"encoding/json"
	"html"
	"html/template"
	"net/url"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"newsbridge/model"
)

// teaser is a story in a list.
type teaser struct {
	Title, URL, Lead, Date, DateISO, CategoryURL, Comments string
	Category                                               model.Category
	// Thumb is the story's main picture, when processed.
	Thumb *viewBlock
}

func (s *Site) teaser(l *langInfo, st *model.Story) teaser {
	t := teaser{
		Title:    st.Title,
		URL:      s.articlePath(l, st.Slug),
		Lead:     clip(st.Lead, 300),
		Date:     formatDate(l.Tag, st.Published),
		DateISO:  isoDate(st.Published),
		Category: st.Category,
	}
	if st.Category.Slug != "" {
		t.CategoryURL = s.categoryPath(l, st.Category.Slug)
	}
	if im, ok := st.Images[strings.TrimSpace(st.Image)]; ok && st.Image != "" {
		// Beside the title it repeats, the picture is decorative: alt="".
		t.Thumb = pictureBlock(im, "", sizesThumb)
	}
	if st.CommentCount > 0 {
		// Only a real count is shown: the seed site's "Comment (0)" on
		// every page is noise.
		t.Comments = strings.Replace(l.T.CommentsCount, "%d", strconv.Itoa(st.CommentCount), 1)
	}
	return t
}

// listView is the latest-news, section, author and outlet page.
type listView struct {
	Heading string
	// HeadingHTML, when set, is shown instead of Heading: the same text
	// with a name marked up (an outlet's, in its own language).
	HeadingHTML template.HTML
	Empty       string
	Stories     []teaser
	Pager       *pagerView
}

// pagerView is the "Page n of m" navigation of a list.
type pagerView struct {
	Pages              int
	Label, Text        string
	PrevURL, NextURL   string
	PrevText, NextText string
}

// pager builds the navigation for page n of pages; path is the list's path
// and may already carry a query (search).
func (s *Site) pager(l *langInfo, path string, n, pages int) *pagerView {
	p := &pagerView{Pages: pages, Label: l.T.Pagination, PrevText: l.T.Previous, NextText: l.T.Next,
		Text: strings.Replace(strings.Replace(l.T.Page, "%d", strconv.Itoa(n), 1), "%d", strconv.Itoa(pages), 1)}
	sep := "?"
	if strings.Contains(path, "?") {
		sep = "&"
	}
	if n > 2 {
		p.PrevURL = path + sep + "page=" + strconv.Itoa(n-1)
	} else if n == 2 {
		p.PrevURL = path
	}
	if n < pages {
		p.NextURL = path + sep + "page=" + strconv.Itoa(n+1)
	}
	return p
}

// viewBlock is a body block ready for the "block" template: inline markup
// already sanitized, consecutive list items grouped into one list.
type viewBlock struct {
	Kind   string // p, h2..h6, quote, ul, ol, figure
	HTML   template.HTML
	Items  []template.HTML
	Src    string
	Alt    string
	Width  int
	Height int
	// SrcSet and Sizes offer the picture's widths to the browser.
	SrcSet, Sizes string
	Caption,
	Credit string
}

// The sizes attribute of pictures: in the article column (46rem wide
// less its padding), and as a list's thumbnail (the CSS's .thumb width).
const (
	sizesColumn = "(min-width: 46rem) 44rem, calc(100vw - 2rem)"
	sizesThumb  = "8rem"
)

// pictureBlock is a processed picture as a figure: src is the variant
// nearest 640 pixels (what most screens take), srcset lists them all,
// width and height are the widest's, so the browser reserves the space.
func pictureBlock(im model.Image, alt, sizes string) *viewBlock {
	if len(im.Widths) == 0 || im.Hash == "" {
		return nil
	}
	src := im.Widths[0]
	var set []string
	for _, w := range im.Widths {
		if w <= 640 {
			src = w
		}
		set = append(set, im.Path(w)+" "+strconv.Itoa(w)+"w")
	}
	return &viewBlock{Kind: "figure", Src: im.Path(src), Alt: alt, Width: im.Width, Height: im.Height,
		SrcSet: strings.Join(set, ", "), Sizes: sizes}
}

// widest is the URL path of a picture's widest variant, for OpenGraph,
// JSON-LD and feeds.
func widest(im model.Image) string {
	if len(im.Widths) == 0 || im.Hash == "" {
		return ""
	}
	return im.Path(im.Widths[len(im.Widths)-1])
}

// inline returns a block's text as safe HTML: its markup re-sanitized when
// it has any, its plain text escaped otherwise.
func inline(b model.Block) template.HTML {
	if strings.TrimSpace(b.HTML) != "" {
		return sanitizeInline(b.HTML)
	}
	return template.HTML(escapeText(b.Text))
}

// viewBlocks turns stored blocks into view blocks. The lead is a field of its
// own: a paragraph repeating it (the seed site prints it twice) is dropped.
// A figure is shown only with its picture processed (in images, by the
// outlet's URL): no page links to an outlet's image.
func viewBlocks(blocks []model.Block, lead string, images map[string]model.Image) []viewBlock {
	var out []viewBlock
	leadKey := normSpace(lead)
	top := 7
	for _, b := range blocks {
		if b.Type == model.BlockHeading {
			top = min(top, max(b.Level, 2))
		}
	}
	shift, prev := top-2, 1
	for i := 0; i < len(blocks); i++ {
		b := blocks[i]
		switch b.Type {
		case model.BlockParagraph:
			if strings.TrimSpace(b.Text) == "" && strings.TrimSpace(b.HTML) == "" {
				continue
			}
			if leadKey != "" && normSpace(b.Text) == leadKey {
				continue
			}
			out = append(out, viewBlock{Kind: "p", HTML: inline(b)})
		case model.BlockHeading:
			// Levels are shifted so the body's top level is h2 (h1 is the
			// title) and never skip one going down: the HTML checker counts
			// a skipped level as an error, and outlets skip them freely.
			lv := min(max(b.Level-shift, 2), prev+1, 6)
			prev = lv
			out = append(out, viewBlock{Kind: "h" + strconv.Itoa(lv), HTML: inline(b)})
		case model.BlockQuote:
			out = append(out, viewBlock{Kind: "quote", HTML: inline(b)})
		case model.BlockListItem:
			vb := viewBlock{Kind: "ul"}
			if b.Ordered {
				vb.Kind = "ol"
			}
			for ; i < len(blocks) && blocks[i].Type == model.BlockListItem && blocks[i].Ordered == b.Ordered; i++ {
				vb.Items = append(vb.Items, inline(blocks[i]))
			}
			i--
			out = append(out, vb)
		case model.BlockFigure:
			im, ok := images[strings.TrimSpace(b.Src)]
			if !ok {
				continue
			}
			vb := pictureBlock(im, b.Alt, sizesColumn)
			if vb == nil {
				continue
			}
			vb.Caption, vb.Credit = b.Caption, b.Credit
			out = append(out, *vb)
		}
	}
	return out
}

// articleView is the article page.
type articleView struct {
	Story         *model.Story
	CategoryURL   string
	Byline        template.HTML
	Date, DateISO string
	Notice        template.HTML
	Attribution   template.HTML
	Hero          *viewBlock
	Blocks        []viewBlock
	MoreTitle     string
	More          []teaser
	Related       []relatedList
	CommentsTitle string
	Comments      []commentView
	Pending       bool
	CommentAction string
}

type commentView struct {
	ID                          int64
	Author, Body, Date, DateISO string
}

func (s *Site) articleView(l *langInfo, st *model.Story, more []teaser, comments []model.Comment, pending bool) *articleView {
	v := &articleView{
		Story:         st,
		Date:          formatDate(l.Tag, st.Published),
		DateISO:       isoDate(st.Published),
		Blocks:        viewBlocks(st.Blocks, st.Lead, st.Images),
		More:          more,
		Pending:       pending,
		CommentAction: s.articlePath(l, st.Slug) + "/comments",
		CommentsTitle: l.T.Comments + " (" + strconv.Itoa(len(comments)) + ")",
	}
	if len(st.Authors) > 0 {
		// Each author links to their page.
		var b strings.Builder
		for i, a := range st.Authors {
			if i > 0 {
				b.WriteString(html.EscapeString(l.T.ListSep))
			}
			b.WriteString(`<a href="` + html.EscapeString(s.authorPath(l, a.Slug)) + `" rel="author"><bdi>` + html.EscapeString(a.Name) + `</bdi></a>`)
		}
		v.Byline = formatHTML(l.T.By, template.HTML(b.String()))
	} else if st.Byline != "" {
		// <bdi> keeps a Latin name from pulling the date around in RTL text.
		v.Byline = formatHTML(l.T.By, template.HTML("<bdi>"+html.EscapeString(st.Byline)+"</bdi>"))
	}
	if st.Category.Slug != "" {
		v.CategoryURL = s.categoryPath(l, st.Category.Slug)
		v.MoreTitle = strings.Replace(l.T.MoreIn, "%s", st.Category.Name, 1)
	}
	outlet := s.outletLink(st)
	if st.Translated {
		v.Notice = formatHTML(translatedNotice(l.T, st), template.HTML(html.EscapeString(model.LookupLang(st.SourceLang).NameIn(l.Tag))), outlet)
	} else if outlet != "" {
		v.Attribution = formatHTML(l.T.Original, outlet)
	}
	if im, ok := st.Images[strings.TrimSpace(st.Image)]; ok && st.Image != "" {
		dup := false
		for _, b := range st.Blocks {
			if b.Type == model.BlockFigure && strings.TrimSpace(b.Src) == strings.TrimSpace(st.Image) {
				dup = true
			}
		}
		if !dup {
			v.Hero = pictureBlock(im, st.Title, sizesColumn)
		}
	}
	for _, c := range comments {
		v.Comments = append(v.Comments, commentView{ID: c.ID, Author: c.Author, Body: c.Body,
			Date: formatDate(l.Tag, c.CreatedAt), DateISO: isoDate(c.CreatedAt)})
	}
	return v
}

// outletLink is the original's link, marked up in the original's language:
// rel=nofollow (the site republishes, it does not endorse), hreflang and lang.
func (s *Site) outletLink(st *model.Story) template.HTML {
	name := strings.TrimSpace(st.SourceName)
	href := safeHref(st.OriginalURL)
	if name == "" && href != "" {
		if u, err := url.Parse(href); err == nil {
			name = u.Host
		}
	}
	if name == "" {
		return ""
	}
	lang := ""
	if st.SourceLang != "" && validTag(st.SourceLang) {
		lang = st.SourceLang
	}
	var b strings.Builder
	if href == "" {
		b.WriteString("<span")
		if lang != "" {
			b.WriteString(` lang="` + html.EscapeString(lang) + `"`)
		}
		b.WriteString(">" + html.EscapeString(name) + "</span>")
		return template.HTML(b.String())
	}
	b.WriteString(`<a href="` + html.EscapeString(href) + `" rel="nofollow"`)
	if lang != "" {
		b.WriteString(` hreflang="` + html.EscapeString(lang) + `" lang="` + html.EscapeString(lang) + `"`)
	}
	b.WriteString(">" + html.EscapeString(name) + "</a>")
	return template.HTML(b.String())
}

// newsArticle is the JSON-LD for an article page (schema.org NewsArticle).
type newsArticle struct {
	Context          string    `json:"@context"`
	Type             string    `json:"@type"`
	Headline         string    `json:"headline"`
	Description      string    `json:"description,omitempty"`
	URL              string    `json:"url"`
	MainEntityOfPage string    `json:"mainEntityOfPage"`
	DatePublished    string    `json:"datePublished,omitempty"`
	DateModified     string    `json:"dateModified,omitempty"`
	Author           []ldThing `json:"author,omitempty"`
	Publisher        *ldThing  `json:"publisher,omitempty"`
	Image            []string  `json:"image,omitempty"`
	InLanguage       string    `json:"inLanguage"`
	ArticleSection   string    `json:"articleSection,omitempty"`
	IsBasedOn        string    `json:"isBasedOn,omitempty"`
	TranslationOf    *ldThing  `json:"translationOfWork,omitempty"`
	Translator       *ldThing  `json:"translator,omitempty"`
}

type ldThing struct {
	Type string `json:"@type,omitempty"`
	ID   string `json:"@id,omitempty"`
	Name string `json:"name,omitempty"`
	URL  string `json:"url,omitempty"`
}

// jsonLD renders the article's structured data. encoding/json escapes <, >
// and & as \u003c, \u003e and \u0026 (and U+2028/2029), so no value can
// close the <script> element it sits in.
func (s *Site) jsonLD(l *langInfo, st *model.Story, canonical string) template.JS {
	ld := newsArticle{
		Context: "https://schema.org", Type: "NewsArticle",
		Headline: clip(st.Title, 110), Description: clip(st.Lead, 300),
		URL: canonical, MainEntityOfPage: canonical,
		DatePublished: rfc3339(st.Published), DateModified: rfc3339(st.Updated),
		Publisher:  &ldThing{Type: "Organization", Name: s.cfg.SiteName},
		InLanguage: l.Tag, ArticleSection: st.Category.Name,
	}
	if ld.DateModified == "" {
		ld.DateModified = ld.DatePublished
	}
	if len(st.Authors) > 0 {
		for _, a := range st.Authors {
			ld.Author = append(ld.Author, ldThing{Type: "Person", Name: a.Name, URL: s.url(s.authorPath(l, a.Slug))})
		}
	} else if st.Byline != "" {
		ld.Author = []ldThing{{Type: "Person", Name: st.Byline}}
	} else if st.SourceName != "" {
		ld.Author = []ldThing{{Type: "Organization", Name: st.SourceName}}
	}
	if img := s.storyImage(st); img != "" {
		ld.Image = []string{img}
	}
	if orig := safeHref(st.OriginalURL); orig != "" {
		ld.IsBasedOn = orig
		if st.Translated {
			ld.TranslationOf = &ldThing{ID: orig}
		}
	}
	b, err := json.Marshal(ld)
	if err != nil {
		return ""
	}
	return template.JS(b)
}

// searchView is the search page.
type searchView struct {
	Heading    string
	Query      string
	Category   string
	From, To   string
	Categories []model.Category
	Enabled    bool
	Searched   bool // a query or a filter was given and run
	Failed     bool // the index refused the query; Summary says why
	Summary    string
	Hits       []searchHit
	Pager      *pagerView
}

type searchHit struct {
	URL, Date, DateISO, CategoryName string
	TitleHTML, SnippetHTML           template.HTML
}

func isoDate(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.UTC().Format(time.RFC3339)
}

func rfc3339(t time.Time) string { return isoDate(t) }

// clip shortens s to at most n runes at a word boundary, adding "…".
func clip(s string, n int) string {
	s = normSpace(s)
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	r := []rune(s)[:n]
	cut := len(r)
	for i := len(r) - 1; i > n/2; i-- {
		if r[i] == ' ' {
			cut = i
			break
		}
	}
	return strings.TrimRight(string(r[:cut]), " ,.;:") + "…"
}

// normSpace collapses runs of white space, so text compares as a reader
// sees it.
func normSpace(s string) string { return strings.Join(strings.Fields(s), " ") }

// validTag reports whether s looks like a BCP-47 tag, safe in an attribute.
func validTag(s string) bool {
	if s == "" || len(s) > 35 {
		return false
	}
	for _, c := range s {
		if !(c == '-' || ('a' <= c && c <= 'z') || ('A' <= c && c <= 'Z') || ('0' <= c && c <= '9')) {
			return false
		}
	}
	return true
}

// storyImage is the absolute URL of the widest variant of a story's main
// picture, as OpenGraph, JSON-LD and feeds need; "" while it is not
// processed: they never name an outlet's image either.
func (s *Site) storyImage(st *model.Story) string {
	im, ok := st.Images[strings.TrimSpace(st.Image)]
	if !ok || st.Image == "" {
		return ""
	}
	if p := widest(im); p != "" {
		return s.url(p)
	}
	return ""
}

// translatedNotice is the notice's format for how st was translated: by
// the editors, by a machine and approved by an editor, by a machine with
// some sentences corrected by the editors, or by a machine alone.
func translatedNotice(t *uiText, st *model.Story) string {
	switch {
	case st.ByEditors():
		return t.TranslatedByEditors
	case st.Approved:
		return t.TranslatedReviewed
	case st.Edited:
		return t.TranslatedEdited
	}
	return t.Translated
}
