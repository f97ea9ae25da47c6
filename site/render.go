package site

import (
	"bytes"
	"context"
	"embed"
	"errors"
	"fmt"
	"html/template"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"newsbridge/model"
)

//go:embed templates/*.html
var templateFS embed.FS

// views names every view and the file that defines its "content"; each is
// parsed over the shared layout and partials, and New renders each once so
// an undeclared or broken view fails at start-up.
var views = map[string]string{
	"list":    "templates/list.html",
	"article": "templates/article.html",
	"search":  "templates/search.html",
	"message": "templates/message.html",
}

func (s *Site) initTemplates() error {
	base, err := template.New("layout").ParseFS(templateFS, "templates/layout.html", "templates/partials.html")
	if err != nil {
		return fmt.Errorf("site: unable to parse layout: %w", err)
	}
	s.views = map[string]*template.Template{}
	for name, file := range views {
		t, err := base.Clone()
		if err != nil {
			return fmt.Errorf("site: unable to clone layout for %s: %w", name, err)
		}
		if _, err := t.ParseFS(templateFS, file); err != nil {
			return fmt.Errorf("site: unable to parse view %s: %w", name, err)
		}
		s.views[name] = t
	}
	return s.selfCheck()
}

// selfCheck renders every view once with sample data. html/template only
// resolves escaping contexts and template references at first execution,
// so this is what turns a broken template into a start-up error.
func (s *Site) selfCheck() error {
	l := s.def
	st := &model.Story{ArticleID: 1, Lang: l.Tag, Slug: "sample", Title: "Sample", Lead: "Lead",
		Byline: "Byline", Category: model.Category{Slug: "news", Name: "News"}, Image: "https://example.org/a.jpg",
		Published: time.Unix(0, 0), Updated: time.Unix(0, 0), SourceLang: "en", SourceName: "Outlet",
		SourceSiteURL: "https://example.org/", OriginalURL: "https://example.org/a", Translated: true,
		Langs: []string{l.Tag}, CommentCount: 1, Authors: []model.Author{{Slug: "a", Name: "A"}}, SourceID: 1,
		Blocks: []model.Block{
			{Type: model.BlockParagraph, Text: "p"}, {Type: model.BlockHeading, Text: "h", Level: 3},
			{Type: model.BlockQuote, Text: "q"}, {Type: model.BlockListItem, Text: "i"},
			{Type: model.BlockFigure, Src: "https://example.org/f.jpg", Caption: "c", Credit: "cr", Width: 2, Height: 1},
		}}
	teasers := []teaser{s.teaser(l, st)}
	comments := []model.Comment{{ID: 1, Author: "a", Body: "b"}}
	av := s.articleView(l, st, teasers, comments, true)
	av.Related = []relatedList{{ID: "more-author", Title: "t", URL: "/", Items: teasers}, {ID: "more-outlet", Title: "o", Items: teasers}}
	pages := map[string]*page{
		"list": s.newPage(l, "t", &listView{Heading: "h", HeadingHTML: formatHTML(l.T.ArticlesFrom, s.outletName(st)),
			Stories: teasers, Pager: s.pager(l, "/", 1, 3)}),
		"article": s.newPage(l, "t", av),
		"search": s.newPage(l, "t", &searchView{Heading: "h", Query: "q", Enabled: true, Searched: true,
			Hits: []searchHit{{URL: "/", TitleHTML: "t", SnippetHTML: "s"}}, Categories: []model.Category{{Slug: "c", Name: "C"}},
			Pager: s.pager(l, "/", 1, 1)}),
		"message": s.newPage(l, "t", &messageView{Heading: "h", Text: "t", BackURL: "/", BackText: "b"}),
	}
	for name := range views {
		p := pages[name]
		if p == nil {
			return fmt.Errorf("site: view %s has no sample data for the start-up check", name)
		}
		if err := s.views[name].ExecuteTemplate(io.Discard, "layout", p); err != nil {
			return fmt.Errorf("site: view %s does not render: %w", name, err)
		}
	}
	return nil
}

// page is what the layout renders: the document's head, the masthead, and a
// view-specific View.
type page struct {
	SiteName    string
	Lang        *langInfo
	T           *uiText
	Title       string
	Description string
	Robots      string
	Canonical   string
	Alternates  []altLink
	XDefault    string
	Switcher    []altLink
	Feeds       []feedLink
	CSS         string
	HomeURL     string
	SearchURL   string
	Nav         []navLink
	OG          *openGraph
	JSONLD      template.JS
	View        any
}

// altLink is one language version of the current page.
type altLink struct {
	Lang, Name, Dir, Href string
	Current               bool
}

// feedLink is a feed of the page. TypeAttr is a whole type="…" attribute
// built from constants: as a plain string html/template would write the
// "+" of "application/rss+xml" as &#43;, which naive feed finders miss.
type feedLink struct {
	TypeAttr           template.HTMLAttr
	Title, Label, Href string
}

type navLink struct{ Name, URL string }

type openGraph struct {
	Type, Title, Description, URL, Image, Locale, Published, Modified string
}

// newPage fills what every page shares; handlers add the rest.
func (s *Site) newPage(l *langInfo, title string, view any) *page {
	p := &page{
		SiteName:  s.cfg.SiteName,
		Lang:      l,
		T:         l.T,
		Title:     title,
		CSS:       s.cssPath,
		HomeURL:   "/" + l.Prefix + "/",
		SearchURL: "/" + l.Prefix + "/search",
		View:      view,
	}
	for _, o := range s.langs {
		p.Switcher = append(p.Switcher, altLink{Lang: o.Tag, Name: o.Name, Dir: o.Dir,
			Href: "/" + o.Prefix + "/", Current: o == l})
	}
	return p
}

// withNav adds the language's categories to the masthead. A backend error
// only costs the navigation, not the page.
func (s *Site) withNav(ctx context.Context, p *page) {
	cats, err := s.cfg.Backend.Categories(ctx, p.Lang.Tag)
	if err != nil {
		s.log.Warn("site: unable to list categories", "lang", p.Lang.Tag, "err", err)
		return
	}
	for _, c := range cats {
		p.Nav = append(p.Nav, navLink{Name: c.Name, URL: s.categoryPath(p.Lang, c.Slug)})
	}
}

// withFeeds links the language's (or a category's) feeds.
func (s *Site) withFeeds(p *page, base, title string) {
	for _, f := range feedKinds {
		p.Feeds = append(p.Feeds, feedLink{TypeAttr: template.HTMLAttr(`type="` + f.mime + `"`), Title: title + " (" + f.label + ")",
			Label: f.label, Href: base + f.file})
	}
}

// feedKinds are the feed formats every list offers.
var feedKinds = []struct{ file, mime, label string }{
	{"feed.rss", "application/rss+xml", "RSS"},
	{"feed.atom", "application/atom+xml", "Atom"},
	{"feed.json", "application/feed+json", "JSON Feed"},
}

func (s *Site) categoryPath(l *langInfo, slug string) string {
	return "/" + l.Prefix + "/" + url.PathEscape(slug) + "/"
}

func (s *Site) authorPath(l *langInfo, slug string) string {
	return "/" + l.Prefix + "/author/" + url.PathEscape(slug) + "/"
}

// outletPath is an outlet's page; key is model.OutletKey's.
func (s *Site) outletPath(l *langInfo, key string) string {
	return "/" + l.Prefix + "/outlet/" + url.PathEscape(key) + "/"
}

func (s *Site) articlePath(l *langInfo, slug string) string {
	return "/" + l.Prefix + "/a/" + url.PathEscape(slug)
}

// slugIn is a story's slug in another language it is published in.
func slugIn(st *model.Story, lang string) string {
	if sl := st.Slugs[lang]; sl != "" {
		return sl
	}
	return st.Slug
}

// genKey carries the cache generation a request started under.
type genKey struct{}

// render executes a view and answers with it. A 200 is cached (unless
// noStore) and served from the cache entry, so the first reader gets the
// same bytes, ETag and gzip as every later one.
func (s *Site) render(w http.ResponseWriter, r *http.Request, status int, view string, p *page, noStore bool) {
	var buf bytes.Buffer
	if err := s.views[view].ExecuteTemplate(&buf, "layout", p); err != nil {
		s.serverError(w, r, fmt.Errorf("site: unable to render %s: %w", view, err))
		return
	}
	body := buf.Bytes()
	if !utf8.Valid(body) {
		// Stored text is decoded at extraction, but an engine or an old
		// row may still carry invalid bytes: the page says UTF-8, so it
		// must be UTF-8 (found by FuzzArticlePage).
		body = bytes.ToValidUTF8(body, []byte("\uFFFD"))
	}
	s.send(w, r, status, "text/html; charset=utf-8", cacheHTML, body, 0, noStore)
}

// send answers with body, through the cache when status is 200.
func (s *Site) send(w http.ResponseWriter, r *http.Request, status int, contentType, cacheControl string, body []byte, ttl time.Duration, noStore bool) {
	if status == http.StatusOK && (r.Method == http.MethodGet || r.Method == http.MethodHead) {
		e := newEntry(contentType, cacheControl, body, ttl, s.now())
		e.pattern = r.Pattern
		if !noStore {
			g, _ := r.Context().Value(genKey{}).(*cacheGen)
			key := r.URL.Path
			if r.URL.RawQuery != "" {
				key += "?" + r.URL.RawQuery
			}
			s.cache.put(g, key, e)
		}
		e.serve(w, r)
		return
	}
	h := w.Header()
	setSecurityHeaders(h)
	h.Set("Content-Type", contentType)
	h.Set("Cache-Control", "no-store")
	h.Set("Content-Length", strconv.Itoa(len(body)))
	w.WriteHeader(status)
	if r.Method != http.MethodHead {
		w.Write(body)
	}
}

// langFromPath picks the language for an error page: the path's prefix when
// it names one, the default language otherwise.
func (s *Site) langFromPath(path string) *langInfo {
	if len(path) > 1 {
		rest := path[1:]
		if i := strings.IndexByte(rest, '/'); i >= 0 {
			rest = rest[:i]
		}
		if l := s.byPrefix[rest]; l != nil {
			return l
		}
	}
	return s.def
}

// notFound answers 404 with a page in the reader's language.
func (s *Site) notFound(w http.ResponseWriter, r *http.Request) {
	l := s.langFromPath(r.URL.Path)
	s.message(w, r, http.StatusNotFound, l, l.T.NotFound, l.T.NotFoundText, false)
}

// message renders a short page: errors, comment results.
func (s *Site) message(w http.ResponseWriter, r *http.Request, status int, l *langInfo, heading, text string, isStatus bool) {
	p := s.newPage(l, heading+" — "+s.cfg.SiteName, &messageView{Heading: heading, Text: text,
		BackURL: "/" + l.Prefix + "/", BackText: l.T.Latest, Status: isStatus})
	p.Robots = "noindex"
	s.render(w, r, status, "message", p, true)
}

// serverError logs err in full and shows the reader a safe message; an
// application error with a known code maps to its status.
func (s *Site) serverError(w http.ResponseWriter, r *http.Request, err error) {
	l := s.langFromPath(r.URL.Path)
	switch model.ErrorCode(err) {
	case model.ENotFound:
		s.notFound(w, r)
		return
	case model.EInvalid:
		s.message(w, r, http.StatusBadRequest, l, l.T.Error, model.ErrorMessage(err), false)
		return
	}
	if errors.Is(err, context.Canceled) {
		return // the reader left; nobody to answer
	}
	s.log.Error("site: request failed", "path", r.URL.Path, "err", err)
	var buf bytes.Buffer
	p := s.newPage(l, l.T.Error, &messageView{Heading: l.T.Error, Text: l.T.ErrorText})
	p.Robots = "noindex"
	if e := s.views["message"].ExecuteTemplate(&buf, "layout", p); e != nil {
		http.Error(w, "internal error", http.StatusInternalServerError)
		return
	}
	s.send(w, r, http.StatusInternalServerError, "text/html; charset=utf-8", "", buf.Bytes(), 0, true)
}

// messageView is a heading, a sentence and a way back.
type messageView struct {
	Heading, Text, BackURL, BackText string
	Status                           bool // a role=status message (comment accepted)
}
