// Package web is the reader's side of one web node: the site over the store
// (its Backend), the node's search index, and the follower that keeps both
// in step with the database.
package web

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"net/netip"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync/atomic"
	"time"

	"newsbridge/model"
	"newsbridge/publish"
	"newsbridge/search"
	"newsbridge/site"
	"newsbridge/store"
)

// siteBackend serves the site from the store.
type siteBackend struct{ st *store.Store }

var (
	_ site.Backend      = siteBackend{}
	_ site.MediaBackend = siteBackend{}
)

// Media serves the processed pictures from the database, which every web
// node shares.
func (b siteBackend) Media(ctx context.Context, name string) ([]byte, string, error) {
	return b.st.Media(ctx, name)
}

func (b siteBackend) Stories(ctx context.Context, lang, category string, offset, limit int) ([]model.Story, int, error) {
	return b.StoriesBy(ctx, lang, model.StoryFilter{Section: category}, offset, limit)
}

func (b siteBackend) StoriesBy(ctx context.Context, lang string, f model.StoryFilter, offset, limit int) ([]model.Story, int, error) {
	out, total, err := b.st.StoriesBy(ctx, lang, f, offset, limit)
	if err != nil {
		return nil, 0, err
	}
	ids := make([]int64, len(out))
	for i := range out {
		ids[i] = out[i].ArticleID
	}
	// Lists need each story's languages and slugs too: sitemaps and feeds
	// name the alternates.
	slugs, err := b.st.PublishedSlugsOf(ctx, ids)
	if err != nil {
		return nil, 0, err
	}
	for i := range out {
		withSlugs(&out[i], slugs[out[i].ArticleID])
	}
	return out, total, nil
}

func (b siteBackend) Story(ctx context.Context, lang, slug string) (*model.Story, error) {
	st, err := b.st.Story(ctx, lang, slug)
	if err != nil {
		return nil, err
	}
	slugs, err := b.st.PublishedSlugsOf(ctx, []int64{st.ArticleID})
	if err != nil {
		return nil, err
	}
	withSlugs(st, slugs[st.ArticleID])
	return st, nil
}

// withSlugs sets a story's languages and its slug in each.
func withSlugs(st *model.Story, slugs map[string]string) {
	st.Langs = make([]string, 0, len(slugs))
	for l := range slugs {
		st.Langs = append(st.Langs, l)
	}
	slices.Sort(st.Langs)
	st.Slugs = slugs
}

func (b siteBackend) Categories(ctx context.Context, lang string) ([]model.Category, error) {
	return b.st.Categories(ctx, lang)
}

func (b siteBackend) Author(ctx context.Context, slug string) (*model.Author, error) {
	return b.st.Author(ctx, slug)
}

func (b siteBackend) Authors(ctx context.Context, lang string) ([]model.Author, error) {
	return b.st.AuthorsOf(ctx, lang)
}

func (b siteBackend) Outlet(ctx context.Context, id int64) (*model.Outlet, error) {
	return b.st.Outlet(ctx, id)
}

func (b siteBackend) Outlets(ctx context.Context, lang string) ([]model.Outlet, error) {
	return b.st.OutletsOf(ctx, lang)
}

func (b siteBackend) CategorySection(ctx context.Context, categorySlug string) (string, error) {
	return b.st.CategorySection(ctx, categorySlug)
}

func (b siteBackend) Comments(ctx context.Context, articleID int64, lang string) ([]model.Comment, error) {
	return b.st.Comments(ctx, store.CommentFilter{ArticleID: articleID, Lang: lang, Status: model.CommentApproved})
}

func (b siteBackend) AddComment(ctx context.Context, c *model.Comment) error {
	return b.st.AddComment(ctx, c)
}

func (b siteBackend) CommentStats(ctx context.Context, ipHash string, since time.Time) (recent, pending int, err error) {
	if recent, err = b.st.RecentComments(ctx, ipHash, since); err != nil {
		return 0, 0, err
	}
	pending, err = b.st.PendingComments(ctx)
	return recent, pending, err
}

// Config is what a web node is built from.
type Config struct {
	Store       *store.Store
	DataDir     string // the search index and its cursor live here
	BaseURL     string
	SiteName    string
	Languages   []model.Language
	DefaultLang string
	// TrustedProxies may set the client address (X-Forwarded-For);
	// MaxPendingComments caps the moderation queue (0: the site's default).
	TrustedProxies     []netip.Prefix
	MaxPendingComments int
	// API is served under /api/.
	API http.Handler
	Log *slog.Logger
	// OnPageCache and OnSearch are the site's metrics hooks (site.Config).
	OnPageCache func(hit bool)
	OnSearch    func(took time.Duration)
	// StaticDir, when set, receives the public pages as files for nginx or
	// a CDN (package publish), rewritten whenever Sync sees a change;
	// StaticHook is run with the changed URL paths after each pass.
	StaticDir  string
	StaticHook string
	// StaticEvery is the least time between two passes over StaticDir
	// (0: 5 seconds): a pass renders every public page, so a stream of
	// publications is written in batches.
	StaticEvery time.Duration
}

// Node is the reader's site of one web node: the site, its search index and
// the follower that keeps both in step with the database.
type Node struct {
	Site   *site.Site
	Index  *search.Index
	cfg    Config
	cursor int64
	// published is the publication count Sync last saw; -1 before.
	published int64
	pub       *publish.Publisher
	// pubLast is when the last pass over the static directory began;
	// pubDue is set when a change waits for the next one.
	pubLast time.Time
	pubDue  bool
	// synced is when Sync last succeeded (Unix nanoseconds), for readiness.
	synced atomic.Int64
}

// Open opens the search index in the data directory and builds the site;
// the caller closes the Node's Index.
func Open(ctx context.Context, cfg Config) (*Node, error) {
	dir := filepath.Join(cfg.DataDir, "search")
	ix, err := search.Open(dir)
	if errors.Is(err, search.ErrIncompatible) {
		// Built by an older newsbridge: rebuild it from the database.
		cfg.Log.Warn("the search index is from an older version: rebuilding it from the database")
		if _, err := Reindex(ctx, cfg.Store, cfg.DataDir, nil); err != nil {
			return nil, fmt.Errorf("web: unable to rebuild the search index: %w", err)
		}
		os.Remove(cursorFile(cfg.DataDir))
		ix, err = search.Open(dir)
	}
	if err != nil {
		return nil, fmt.Errorf("web: unable to open the search index: %w", err)
	}
	// One salt for every process on this database, so the per-address
	// comment limit holds across them.
	salt, err := cfg.Store.Secret(ctx, "comment_ip_salt")
	if err != nil {
		ix.Close()
		return nil, err
	}
	s, err := site.New(site.Config{
		BaseURL: cfg.BaseURL, SiteName: cfg.SiteName, Languages: cfg.Languages,
		DefaultLang: cfg.DefaultLang, Backend: siteBackend{cfg.Store}, Search: ix, Logger: cfg.Log,
		TrustedProxies: cfg.TrustedProxies, MaxPendingComments: cfg.MaxPendingComments, IPSalt: salt,
		OnPageCache: cfg.OnPageCache, OnSearch: cfg.OnSearch,
	})
	if err != nil {
		ix.Close()
		return nil, err
	}
	w := &Node{Site: s, Index: ix, cfg: cfg, cursor: readCursor(cfg.DataDir), published: -1}
	if n, err := ix.Count(); err == nil && n == 0 {
		w.cursor = 0 // a new or emptied index: index everything
	}
	if cfg.StaticDir != "" {
		if w.cfg.StaticEvery <= 0 {
			w.cfg.StaticEvery = 5 * time.Second
		}
		if w.pub, err = publish.New(publish.Config{Dir: cfg.StaticDir, Site: s, Hook: cfg.StaticHook, Log: cfg.Log}); err != nil {
			ix.Close()
			return nil, err
		}
	}
	// Index everything published while this node was not running.
	if _, err := w.Sync(ctx); err != nil {
		ix.Close()
		return nil, err
	}
	// The directory may be older than the database (or new): bring it in
	// step whether or not Sync saw a change.
	if err := w.Publish(ctx); err != nil {
		ix.Close()
		return nil, err
	}
	return w, nil
}

// Handler is the site and the API (the health endpoints and /metrics are
// the process's, served beside it).
func (w *Node) Handler() http.Handler {
	mux := http.NewServeMux()
	if w.cfg.API != nil {
		mux.Handle("/api/", w.cfg.API)
	}
	mux.Handle("/", w.Site.Handler())
	return mux
}

// Route names the route pattern that answers r in Handler, for metrics.
func (w *Node) Route(r *http.Request) string {
	if w.cfg.API != nil && strings.HasPrefix(r.URL.Path, "/api/") {
		return "/api/"
	}
	return w.Site.Route(r)
}

// LastSync is when the search index last caught up with the database
// (zero before the first Sync).
func (w *Node) LastSync() time.Time {
	if ns := w.synced.Load(); ns != 0 {
		return time.Unix(0, ns)
	}
	return time.Time{}
}

// Sync indexes the publications changed since the last call and drops the
// page cache when anything changed. It is idempotent: it looks back a few
// seconds past its cursor, since rows committed late may carry an earlier
// time.
func (w *Node) Sync(ctx context.Context) (int, error) {
	st := w.cfg.Store
	n := 0
	for {
		changes, err := st.ChangesSince(ctx, max(w.cursor-5000, 0), 500)
		if err != nil {
			return n, err
		}
		fresh := 0
		for _, c := range changes {
			if c.UpdatedAt > w.cursor {
				fresh++
			}
		}
		if fresh == 0 {
			if err := w.syncRemovals(ctx, n > 0); err != nil {
				return n, err
			}
			w.synced.Store(time.Now().UnixNano())
			if n > 0 {
				return n, w.publishSoon(ctx) // the batches before changed pages
			}
			return n, nil
		}
		stories, err := st.StoriesOf(ctx, changes)
		if err != nil {
			return n, err
		}
		found := make(map[store.Change]bool, len(stories))
		docs := make([]search.Doc, len(stories))
		for i := range stories {
			found[store.Change{ArticleID: stories[i].ArticleID, Lang: stories[i].Lang}] = true
			docs[i] = search.DocOf(&stories[i])
		}
		for _, c := range changes {
			if !found[store.Change{ArticleID: c.ArticleID, Lang: c.Lang}] {
				_ = w.Index.Delete(c.Lang, c.ArticleID)
			}
		}
		if err := w.Index.Put(docs...); err != nil {
			return n, fmt.Errorf("web: unable to index: %w", err)
		}
		for _, c := range changes {
			w.cursor = max(w.cursor, c.UpdatedAt)
		}
		n += fresh
		writeCursor(w.cfg.DataDir, w.cursor)
		w.Site.Invalidate()
		if len(changes) < 500 {
			if err := w.syncRemovals(ctx, true); err != nil {
				return n, err
			}
			w.synced.Store(time.Now().UnixNano())
			return n, w.publishSoon(ctx)
		}
	}
}

// Reindex rebuilds the search index in dataDir from the database. The index must not be open in another process: stop
// `newsbridge serve` on this data directory first (a server that finds its
// index built by an older version rebuilds it by itself at start-up).
func Reindex(ctx context.Context, st *store.Store, dataDir string, progress func(done, total int)) (int, error) {
	var all []store.Change
	for cursor := int64(-1); ; {
		page, err := st.ChangesSince(ctx, cursor, 1000)
		if err != nil {
			return 0, err
		}
		all = append(all, page...)
		if len(page) < 1000 {
			break
		}
		cursor = page[len(page)-1].UpdatedAt
	}
	// Stories are read in batches as the index asks for them.
	const batch = 500
	var stories []model.Story
	read := 0
	next := func() (search.Doc, bool, error) {
		for len(stories) == 0 && read < len(all) {
			page := all[read:min(read+batch, len(all))]
			read += len(page)
			var err error
			if stories, err = st.StoriesOf(ctx, page); err != nil {
				return search.Doc{}, false, err
			}
		}
		if len(stories) == 0 {
			return search.Doc{}, false, nil
		}
		d := search.DocOf(&stories[0])
		stories = stories[1:]
		return d, true, nil
	}
	err := search.Rebuild(ctx, filepath.Join(dataDir, "search"), len(all), next, progress)
	if err == nil {
		// The index now holds every change read: a node opening it
		// follows from there (a cursor left from before would skip or
		// repeat work).
		var cursor int64
		for _, c := range all {
			cursor = max(cursor, c.UpdatedAt)
		}
		writeCursor(dataDir, cursor)
	}
	return len(all), err
}

// The cursor file remembers how far this node's index follows the
// database, so a restart indexes only what changed meanwhile.
func cursorFile(dataDir string) string { return filepath.Join(dataDir, "search.cursor") }

func readCursor(dataDir string) int64 {
	b, err := os.ReadFile(cursorFile(dataDir))
	if err != nil {
		return 0
	}
	v, _ := strconv.ParseInt(strings.TrimSpace(string(b)), 10, 64)
	return v
}

func writeCursor(dataDir string, v int64) {
	tmp := cursorFile(dataDir) + ".tmp"
	if os.WriteFile(tmp, []byte(strconv.FormatInt(v, 10)), 0o644) == nil {
		os.Rename(tmp, cursorFile(dataDir))
	}
}

// syncRemovals notices unpublished pages, which leave no change row
// behind, by the publication count going down: the page cache is dropped
// and the static directory rewritten. After a pass that already did both
// (changed), it only records the count.
func (w *Node) syncRemovals(ctx context.Context, changed bool) error {
	n, err := w.cfg.Store.PublicationCount(ctx)
	if err != nil {
		return err
	}
	prev := w.published
	w.published = n
	if err := w.pruneIndex(ctx, n); err != nil {
		return err
	}
	if changed || prev < 0 || n >= prev {
		return nil
	}
	w.Site.Invalidate()
	return w.publishSoon(ctx)
}

// pruneIndex removes from the search index the translations no longer
// published. The index holds only published translations, so it holding
// more documents than there are publications (published, the count just
// read) means some were withdrawn: only then are the publications listed
// and compared. A withdrawal masked by a publication not yet indexed shows
// at the next pass, once that one is.
func (w *Node) pruneIndex(ctx context.Context, published int64) error {
	docs, err := w.Index.Count()
	if err != nil || int64(docs) <= published {
		return err
	}
	pubs, err := w.cfg.Store.Publications(ctx)
	if err != nil {
		return err
	}
	keep := make([]search.Key, len(pubs))
	for i, p := range pubs {
		keep[i] = search.Key{Lang: p.Lang, ArticleID: p.ArticleID}
	}
	removed, err := w.Index.DeleteExcept(keep)
	if err != nil {
		return fmt.Errorf("web: %w", err)
	}
	if removed > 0 {
		w.cfg.Log.Info("search: withdrawn translations removed from the index", "count", removed)
	}
	return nil
}

// Publish brings the static directory in step with the site now (nothing
// without a StaticDir). Sync and Follow call it after changes, at most
// once per StaticEvery.
func (w *Node) Publish(ctx context.Context) error {
	if w.pub == nil {
		return nil
	}
	w.pubLast, w.pubDue = time.Now(), false
	_, err := w.pub.Publish(ctx)
	return err
}

// publishSoon publishes now unless the last pass began less than
// StaticEvery ago; then the pass is left to Follow.
func (w *Node) publishSoon(ctx context.Context) error {
	if w.pub == nil {
		return nil
	}
	if time.Since(w.pubLast) < w.cfg.StaticEvery {
		w.pubDue = true
		return nil
	}
	return w.Publish(ctx)
}

// republishEvery is how often the static directory is refreshed without a
// change: the news sitemap lists the last two days' stories and so
// changes with the clock alone.
const republishEvery = 5 * time.Minute

// Follow calls Sync every interval until ctx ends.
func (w *Node) Follow(ctx context.Context, every time.Duration) {
	t := time.NewTicker(every)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
			_, err := w.Sync(ctx)
			if err != nil && ctx.Err() == nil {
				w.cfg.Log.Warn("site sync failed", "error", err)
			}
			if w.pub == nil {
				continue
			}
			if (w.pubDue && time.Since(w.pubLast) >= w.cfg.StaticEvery) || time.Since(w.pubLast) > republishEvery {
				if err := w.Publish(ctx); err != nil && ctx.Err() == nil {
					w.cfg.Log.Warn("static publishing failed", "error", err)
				}
			}
		}
	}
}
