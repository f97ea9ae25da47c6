// Package site serves the reader's side of newsbridge: list, category,
// article, search, feed and sitemap pages in every enabled language.
//
// Pages are rendered with html/template when first asked for and then served
// from an in-memory cache of bytes (with a strong ETag and a pre-gzipped
// copy) until Invalidate is called: render on change, serve cached bytes.
package site

import (
	"context"
	"errors"
	"fmt"
	"html/template"
	"log/slog"
	"net/http"
	"net/netip"
	"net/url"
	"sort"
	"strings"
	"time"

	"golang.org/x/text/language"

	"newsbridge/internal/httpfast"
	"newsbridge/model"
	"newsbridge/search"
)

// Backend is what the site needs from storage; the wiring package implements
// it over the store. Every method receives the reader's language tag as
// configured in Config.Languages (model.Language.Tag).
type Backend interface {
	// Stories lists published stories in lang, newest first; category "" =
	// all. It returns the page asked for and the total count.
	Stories(ctx context.Context, lang, category string, offset, limit int) ([]model.Story, int, error)
	// Story returns one published story in lang by slug, with Blocks; an
	// error with code model.ENotFound when absent. A slug the story is no
	// longer published under (an earlier one, the source's, the bare id)
	// may return it with its current Slug: the article page redirects
	// there. Stories and Story set Langs and, per language, Slugs.
	Story(ctx context.Context, lang, slug string) (*model.Story, error)
	// Categories lists the sections that have published stories in lang,
	// in menu order, named in lang.
	Categories(ctx context.Context, lang string) ([]model.Category, error)
	// StoriesBy lists published stories in lang that match f (a section,
	// an author, an outlet), newest first, with the total count.
	StoriesBy(ctx context.Context, lang string, f model.StoryFilter, offset, limit int) ([]model.Story, int, error)
	// Author returns an author by slug; an error with code model.ENotFound
	// when there is none.
	Author(ctx context.Context, slug string) (*model.Author, error)
	// Authors lists the authors with stories published in lang.
	Authors(ctx context.Context, lang string) ([]model.Author, error)
	// Outlet returns an outlet (a source) by id; an error with code
	// model.ENotFound when there is none.
	Outlet(ctx context.Context, id int64) (*model.Outlet, error)
	// Outlets lists the outlets with stories published in lang.
	Outlets(ctx context.Context, lang string) ([]model.Outlet, error)
	// CategorySection returns the section an outlet's category (by slug)
	// is mapped to now, "" when none: old category URLs redirect there.
	CategorySection(ctx context.Context, categorySlug string) (string, error)
	// Comments lists the approved comments on an article in lang, oldest
	// first.
	Comments(ctx context.Context, articleID int64, lang string) ([]model.Comment, error)
	// AddComment stores a comment; the site always passes Status
	// model.CommentPending, so nothing appears before a moderator approves it.
	AddComment(ctx context.Context, c *model.Comment) error
	// CommentStats counts the comments stored with ipHash since a time,
	// and the comments pending moderation on the whole site. Counting what
	// is stored makes the limits hold across every process sharing the
	// database.
	CommentStats(ctx context.Context, ipHash string, since time.Time) (recent, pending int, err error)
}

// Config configures a Site.
type Config struct {
	// BaseURL is the public origin, e.g. "https://news.example.org"; used in
	// canonical links, feeds, sitemaps and JSON-LD.
	BaseURL  string
	SiteName string
	// Languages is the language registry; only enabled ones are served.
	Languages []model.Language
	// DefaultLang is the tag of the default language; it must be enabled.
	DefaultLang string
	Backend     Backend
	// Search is the full-text index; nil leaves the search page saying
	// search is unavailable.
	Search *search.Index
	Logger *slog.Logger
	// Now is the clock (news sitemap window, comment times); nil = time.Now.
	Now func() time.Time
	// CommentLimit is how many comments one client IP may post per minute;
	// 0 means 3.
	CommentLimit int
	// MaxPendingComments caps the comments waiting for moderation, site
	// wide: past it new comments are refused until moderators catch up.
	// 0 means 1000.
	MaxPendingComments int
	// TrustedProxies are the reverse proxies whose X-Forwarded-For and
	// X-Real-IP headers name the client. From any other peer those headers
	// are ignored and the peer's own address is the client's.
	TrustedProxies []netip.Prefix
	// IPSalt salts the stored hash of a commenter's address. Every process
	// sharing a database must use the same salt for the per-address limit to
	// hold across them; "" means a random salt for this process.
	IPSalt string
	// PerPage is the number of stories on a list page; 0 means 20.
	PerPage int
	// CacheBytes caps the rendered-page cache; 0 means 256 MiB.
	CacheBytes int64
	// CacheEntries caps the number of cached pages; 0 means 20,000.
	CacheEntries int
	// OnPageCache and OnSearch, when set, are told of each page-cache
	// lookup and each search's time in the index, for metrics.
	OnPageCache func(hit bool)
	OnSearch    func(took time.Duration)
}

// Site is the reader's web site. Create it with New.
type Site struct {
	cfg      Config
	base     string // BaseURL without trailing slash
	langs    []*langInfo
	byPrefix map[string]*langInfo
	byTag    map[string]*langInfo
	def      *langInfo
	matcher  language.Matcher
	views    map[string]*template.Template
	static   map[string]*staticFile
	cssPath  string
	cache    *pageCache
	mux      *http.ServeMux
	// post is the handler of state-changing requests: the mux behind
	// cross-origin protection.
	post    http.Handler
	log     *slog.Logger
	now     func() time.Time
	perPage int
	// sitemapChunk is the number of stories per sitemap file (tests lower it).
	sitemapChunk int

	// ipSalt keeps stored IP hashes from being reversed by hashing every
	// address: they only let a moderator (and the rate limit) group
	// comments sent from one address.
	ipSalt       string
	commentLimit int
	maxPending   int
}

// langInfo is an enabled language with its UI strings resolved.
type langInfo struct {
	model.Language
	T   *uiText
	tag language.Tag
}

// New validates cfg, parses every template and checks each view renders, so
// that a broken template fails here and not at a reader's first request.
func New(cfg Config) (*Site, error) {
	if cfg.Backend == nil {
		return nil, errors.New("site: no backend configured")
	}
	s := &Site{
		cfg:          cfg,
		base:         strings.TrimRight(cfg.BaseURL, "/"),
		byPrefix:     map[string]*langInfo{},
		byTag:        map[string]*langInfo{},
		log:          cfg.Logger,
		now:          cfg.Now,
		perPage:      cfg.PerPage,
		sitemapChunk: sitemapChunk,
	}
	if u, err := url.Parse(s.base); err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return nil, fmt.Errorf("site: BaseURL %q is not an absolute http(s) URL (canonical links, feeds and sitemaps need it)", cfg.BaseURL)
	}
	if s.log == nil {
		s.log = slog.Default()
	}
	if s.now == nil {
		s.now = time.Now
	}
	if s.perPage <= 0 {
		s.perPage = 20
	}
	if s.cfg.SiteName == "" {
		s.cfg.SiteName = "newsbridge"
	}
	if err := s.initLanguages(); err != nil {
		return nil, err
	}
	s.commentLimit = cfg.CommentLimit
	if s.commentLimit <= 0 {
		s.commentLimit = 3
	}
	s.maxPending = cfg.MaxPendingComments
	if s.maxPending <= 0 {
		s.maxPending = 1000
	}
	s.ipSalt = cfg.IPSalt
	if s.ipSalt == "" {
		s.ipSalt = randomHex(16)
	}
	capBytes := cfg.CacheBytes
	if capBytes <= 0 {
		capBytes = 256 << 20
	}
	capEntries := int64(cfg.CacheEntries)
	if capEntries <= 0 {
		capEntries = 20000
	}
	s.cache = newPageCache(capBytes, capEntries)
	if err := s.initStatic(); err != nil {
		return nil, err
	}
	if err := s.initTemplates(); err != nil {
		return nil, err
	}
	s.routes()
	cop := http.NewCrossOriginProtection()
	if err := cop.AddTrustedOrigin(s.base); err != nil {
		return nil, fmt.Errorf("site: BaseURL %q: %w", cfg.BaseURL, err)
	}
	cop.SetDenyHandler(http.HandlerFunc(s.crossOriginDenied))
	s.post = cop.Handler(s.mux)
	return s, nil
}

func (s *Site) initLanguages() error {
	var tags []language.Tag
	for _, l := range s.cfg.Languages {
		if !l.Enabled {
			continue
		}
		if l.Tag == "" {
			return errors.New("site: a language has no tag")
		}
		t, err := language.Parse(l.Tag)
		if err != nil {
			return fmt.Errorf("site: bad language tag %q: %w", l.Tag, err)
		}
		// What the configuration leaves out comes from the registry.
		reg := model.NewLanguage(l.Tag, l.Weight)
		if l.Prefix == "" {
			l.Prefix = reg.Prefix
		}
		if l.Dir == "" {
			l.Dir = reg.Dir
		}
		if l.Dir != "rtl" {
			l.Dir = "ltr"
		}
		if l.Name == "" {
			l.Name = reg.Name
		}
		if strings.ContainsAny(l.Prefix, "/?#% ") || l.Prefix == "static" {
			return fmt.Errorf("site: bad URL prefix %q for %s", l.Prefix, l.Tag)
		}
		if _, dup := s.byPrefix[l.Prefix]; dup {
			return fmt.Errorf("site: URL prefix %q used twice", l.Prefix)
		}
		li := &langInfo{Language: l, T: uiFor(l.Tag), tag: t}
		s.langs = append(s.langs, li)
		s.byPrefix[l.Prefix] = li
		s.byTag[l.Tag] = li
	}
	sort.SliceStable(s.langs, func(i, j int) bool { return s.langs[i].Weight < s.langs[j].Weight })
	s.def = s.byTag[s.cfg.DefaultLang]
	if s.def == nil {
		return fmt.Errorf("site: default language %q is missing or disabled", s.cfg.DefaultLang)
	}
	// The matcher's first tag is its fallback, so the default goes first;
	// matchIndex maps the matcher's index back to a language.
	tags = append(tags, s.def.tag)
	for _, l := range s.langs {
		if l != s.def {
			tags = append(tags, l.tag)
		}
	}
	s.matcher = language.NewMatcher(tags)
	return nil
}

// matchOrder returns the language at the matcher's index i.
func (s *Site) matchOrder(i int) *langInfo {
	if i == 0 {
		return s.def
	}
	n := 0
	for _, l := range s.langs {
		if l == s.def {
			continue
		}
		n++
		if n == i {
			return l
		}
	}
	return s.def
}

// Handler returns the site's HTTP handler. Cached pages are answered before
// routing; everything else goes through the ServeMux.
func (s *Site) Handler() http.Handler { return s }

// ServeHTTP serves cached bytes when it can and renders otherwise. A query
// string that is not the page's canonical one (unknown parameters, ?page=1,
// parameters out of order) is redirected to the canonical URL before the
// cache is consulted, so no query string can create a cache entry of its
// own. State-changing requests pass the cross-origin check first.
func (s *Site) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if r.Method == http.MethodGet || r.Method == http.MethodHead {
		p := r.URL.Path
		if strings.HasPrefix(p, "/static/") {
			s.serveStatic(w, r)
			return
		}
		if strings.HasPrefix(p, "/media/") {
			s.serveMedia(w, r)
			return
		}
		key := p
		if r.URL.RawQuery != "" {
			canon, cacheable := canonicalQuery(p, r.URL.RawQuery)
			if canon != r.URL.RawQuery && cacheable {
				to := s.url(r.URL.EscapedPath())
				if canon != "" {
					to += "?" + canon
				}
				setSecurityHeaders(w.Header())
				http.Redirect(w, r, to, http.StatusMovedPermanently)
				return
			}
			if !cacheable {
				s.route(w, r, nil)
				return
			}
			key = p + "?" + r.URL.RawQuery
		}
		g := s.cache.current()
		e := g.lookup(key, s.now)
		if s.cfg.OnPageCache != nil {
			s.cfg.OnPageCache(e != nil)
		}
		if e != nil {
			// Route reads it: a cached page is not routed.
			r.Pattern = e.pattern
			e.serve(w, r)
			return
		}
		s.renderOnce(w, r, g, key)
		return
	}
	r = r.WithContext(context.WithValue(r.Context(), genKey{}, s.cache.current()))
	s.post.ServeHTTP(w, r)
}

// Fast is ServeHTTP for the GETs and HEADs it answers from memory (a cached
// page, an asset), for a server that writes HTTP/1.1 itself (package
// httpfast): the same bytes ServeHTTP writes, less the Date net/http adds.
// ok is false when the request needs ServeHTTP (a page not in the cache
// or expired, a redirect, a picture, a 404). A page-cache hit is reported
// to OnPageCache; a miss is left for ServeHTTP to report.
func (s *Site) Fast(r *httpfast.Request) (res httpfast.Response, ok bool) {
	var e *entry
	if strings.HasPrefix(r.Path, "/static/") {
		f := s.static[r.Path]
		if f == nil {
			return res, false
		}
		e = f.e
	} else {
		if strings.HasPrefix(r.Path, "/media/") {
			return res, false
		}
		key := r.Path
		if r.RawQuery != "" {
			// Only canonical queries are ever cached: a hit is one.
			key = r.Path + "?" + r.RawQuery
		}
		if e = s.cache.get(key, s.now); e == nil {
			return res, false
		}
		if s.cfg.OnPageCache != nil {
			s.cfg.OnPageCache(true)
		}
	}
	i, body := e.variant(r.AcceptEncoding, r.IfNoneMatch)
	res = httpfast.Response{Head: e.wire[i], Status: http.StatusOK, Route: e.pattern}
	if i >= wireNotMod {
		res.Status = http.StatusNotModified
	} else if r.Method != http.MethodHead {
		res.Body = body
	}
	return res, true
}

// Route names the route pattern that answers r ("GET /{lang}/a/{slug}"),
// for metrics that must not be labelled with raw paths. Called after
// ServeHTTP, it reads the pattern of a page served from the cache from
// r.Pattern instead of routing the request again.
func (s *Site) Route(r *http.Request) string {
	if strings.HasPrefix(r.Pattern, "GET /") {
		return r.Pattern
	}
	if strings.HasPrefix(r.URL.Path, "/static/") {
		return staticPattern
	}
	if strings.HasPrefix(r.URL.Path, "/media/") {
		return mediaPattern
	}
	_, pattern := s.mux.Handler(r)
	return pattern
}

// renderOnce lets one request per page render it after a miss while the
// others asking for the same page wait for it and are then served from the
// cache: right after an Invalidate under load, a page costs one render and
// one round of backend queries, not one per waiting reader. A waiter whose
// leader produced nothing cacheable (an error, an uncached page) renders
// its own answer.
func (s *Site) renderOnce(w http.ResponseWriter, r *http.Request, g *cacheGen, key string) {
	ch := make(chan struct{})
	if v, loaded := g.inflight.LoadOrStore(key, ch); loaded {
		select {
		case <-v.(chan struct{}):
			if e := g.lookup(key, s.now); e != nil {
				e.serve(w, r)
				return
			}
		case <-r.Context().Done():
			return
		}
		s.route(w, r, g)
		return
	}
	defer func() {
		g.inflight.Delete(key)
		close(ch)
	}()
	s.route(w, r, g)
}

// Invalidate drops every cached page. Call it whenever published content
// changes (publish, re-translate, remove, comment approved).
func (s *Site) Invalidate() { s.cache.reset() }

// langByPrefix returns the enabled language for a URL prefix.
func (s *Site) langByPrefix(prefix string) *langInfo { return s.byPrefix[prefix] }

// url returns the absolute URL for a site path.
func (s *Site) url(path string) string { return s.base + path }
