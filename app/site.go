package app

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"newsbridge/model"
	"newsbridge/search"
	"newsbridge/site"
	"newsbridge/store"
)

// siteBackend serves the site from the store.
type siteBackend struct{ st *store.Store }

var _ site.Backend = siteBackend{}

func toStory(r *store.StoryRow) site.Story {
	return site.Story{
		ArticleID: r.ArticleID, Lang: r.Lang, Slug: r.Slug, Title: r.Title, Lead: r.Lead, Byline: r.Byline,
		Category: site.Category{Slug: r.CategorySlug, Name: r.Category}, Blocks: r.Blocks, Image: r.Image,
		Published: r.Published, Updated: r.Updated, SourceLang: r.SourceLang, SourceName: r.SourceName,
		SourceSiteURL: r.SourceSiteURL, OriginalURL: r.OriginalURL, Translated: r.Translated, Route: r.Route,
		Engine: r.Engine, CommentCount: r.CommentCount,
	}
}

func (b siteBackend) Stories(ctx context.Context, lang, category string, offset, limit int) ([]site.Story, int, error) {
	rows, total, err := b.st.Stories(ctx, lang, category, offset, limit)
	if err != nil {
		return nil, 0, err
	}
	out := make([]site.Story, len(rows))
	ids := make([]int64, len(rows))
	for i := range rows {
		out[i] = toStory(&rows[i])
		ids[i] = rows[i].ArticleID
	}
	// Lists need each story's languages too: sitemaps and feeds name the
	// alternates.
	langs, err := b.st.PublishedLangsOf(ctx, ids)
	if err != nil {
		return nil, 0, err
	}
	for i := range out {
		out[i].Langs = langs[out[i].ArticleID]
	}
	return out, total, nil
}

func (b siteBackend) Story(ctx context.Context, lang, slug string) (*site.Story, error) {
	r, err := b.st.Story(ctx, lang, slug)
	if err != nil {
		return nil, err
	}
	st := toStory(r)
	if st.Langs, err = b.st.PublishedLangs(ctx, r.ArticleID); err != nil {
		return nil, err
	}
	return &st, nil
}

func (b siteBackend) Categories(ctx context.Context, lang string) ([]site.Category, error) {
	rows, err := b.st.Categories(ctx, lang)
	if err != nil {
		return nil, err
	}
	out := make([]site.Category, len(rows))
	for i, r := range rows {
		out[i] = site.Category{Slug: r.Slug, Name: r.Name, Count: r.Count}
	}
	return out, nil
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

// Web is the reader's site of one web node: the site, its search index and
// the follower that keeps both in step with the database.
type Web struct {
	Site   *site.Site
	Index  *search.Index
	app    *App
	cursor int64
}

// OpenWeb opens the search index in the data directory and builds the site.
func (a *App) OpenWeb(ctx context.Context, baseURL string) (*Web, error) {
	dir := filepath.Join(a.Config.DataDir, "search")
	ix, err := search.Open(dir)
	if errors.Is(err, search.ErrIncompatible) {
		// Built by an older newsbridge: rebuild it from the database.
		a.Log.Warn("the search index is from an older version: rebuilding it from the database")
		if _, err := a.Reindex(ctx, nil); err != nil {
			return nil, fmt.Errorf("app: unable to rebuild the search index: %w", err)
		}
		os.Remove(a.cursorFile())
		ix, err = search.Open(dir)
	}
	if err != nil {
		return nil, fmt.Errorf("app: unable to open the search index: %w", err)
	}
	a.closers = append(a.closers, ix.Close)
	proxies, err := a.Config.TrustedProxyPrefixes()
	if err != nil {
		return nil, err
	}
	// One salt for every process on this database, so the per-address
	// comment limit holds across them.
	salt, err := a.Store.Secret(ctx, "comment_ip_salt")
	if err != nil {
		return nil, err
	}
	s, err := site.New(site.Config{
		BaseURL: baseURL, SiteName: a.Config.SiteName, Languages: a.Config.SiteLanguages(),
		DefaultLang: a.Config.DefaultLanguage, Backend: siteBackend{a.Store}, Search: ix, Logger: a.Log,
		TrustedProxies: proxies, MaxPendingComments: a.Config.MaxPendingComments, IPSalt: salt,
	})
	if err != nil {
		return nil, err
	}
	w := &Web{Site: s, Index: ix, app: a, cursor: a.readCursor()}
	if n, err := ix.Count(); err == nil && n == 0 {
		w.cursor = 0 // a new or emptied index: index everything
	}
	// Index everything published while this node was not running.
	if _, err := w.Sync(ctx); err != nil {
		return nil, err
	}
	return w, nil
}

// Handler is the site plus /healthz.
func (w *Web) Handler() http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("GET /healthz", func(rw http.ResponseWriter, r *http.Request) {
		if err := w.app.Store.DB.PingContext(r.Context()); err != nil {
			http.Error(rw, "database unavailable", http.StatusServiceUnavailable)
			return
		}
		rw.Header().Set("Content-Type", "text/plain; charset=utf-8")
		rw.Write([]byte("ok\n"))
	})
	mux.Handle("/api/", w.app.API())
	mux.Handle("/", w.Site.Handler())
	return mux
}

// Sync indexes the publications changed since the last call and drops the
// page cache when anything changed. It is idempotent: it looks back a few
// seconds past its cursor, since rows committed late may carry an earlier
// time.
func (w *Web) Sync(ctx context.Context) (int, error) {
	st := w.app.Store
	n := 0
	for {
		changes, err := st.ChangesSince(ctx, max(w.cursor-5000, 0), 500)
		if err != nil {
			return n, err
		}
		var docs []search.Doc
		fresh := 0
		for _, c := range changes {
			if c.UpdatedAt > w.cursor {
				fresh++
			}
			r, err := st.Story(ctx, c.Lang, c.Slug)
			if model.ErrorCode(err) == model.ENotFound {
				_ = w.Index.Delete(c.Lang, c.ArticleID)
				continue
			}
			if err != nil {
				return n, err
			}
			docs = append(docs, storyDoc(r))
		}
		if fresh == 0 {
			return n, nil
		}
		if err := w.Index.Put(docs...); err != nil {
			return n, fmt.Errorf("app: unable to index: %w", err)
		}
		for _, c := range changes {
			w.cursor = max(w.cursor, c.UpdatedAt)
		}
		n += fresh
		w.app.writeCursor(w.cursor)
		w.Site.Invalidate()
		if len(changes) < 500 {
			return n, nil
		}
	}
}

// storyDoc is the search document of a published story.
func storyDoc(r *store.StoryRow) search.Doc {
	return search.Doc{ArticleID: r.ArticleID, Lang: r.Lang, Slug: r.Slug, Title: r.Title, Lead: r.Lead,
		Body: model.BodyText(r.Blocks), Category: r.Category, CategorySlug: r.CategorySlug, Published: r.Published}
}

// Reindex rebuilds the search index in the data directory from the
// database. The index must not be open in another process: stop
// `newsbridge serve` on this data directory first (a server that finds its
// index built by an older version rebuilds it by itself at start-up).
func (a *App) Reindex(ctx context.Context, progress func(done, total int)) (int, error) {
	var all []store.Change
	for cursor := int64(-1); ; {
		page, err := a.Store.ChangesSince(ctx, cursor, 1000)
		if err != nil {
			return 0, err
		}
		all = append(all, page...)
		if len(page) < 1000 {
			break
		}
		cursor = page[len(page)-1].UpdatedAt
	}
	i := 0
	next := func() (search.Doc, bool, error) {
		for i < len(all) {
			c := all[i]
			i++
			r, err := a.Store.Story(ctx, c.Lang, c.Slug)
			if model.ErrorCode(err) == model.ENotFound {
				continue
			}
			if err != nil {
				return search.Doc{}, false, err
			}
			return storyDoc(r), true, nil
		}
		return search.Doc{}, false, nil
	}
	err := search.Rebuild(ctx, filepath.Join(a.Config.DataDir, "search"), len(all), next, progress)
	return len(all), err
}

// The cursor file remembers how far this node's index follows the
// database, so a restart indexes only what changed meanwhile.
func (a *App) cursorFile() string { return filepath.Join(a.Config.DataDir, "search.cursor") }

func (a *App) readCursor() int64 {
	b, err := os.ReadFile(a.cursorFile())
	if err != nil {
		return 0
	}
	v, _ := strconv.ParseInt(strings.TrimSpace(string(b)), 10, 64)
	return v
}

func (a *App) writeCursor(v int64) {
	tmp := a.cursorFile() + ".tmp"
	if os.WriteFile(tmp, []byte(strconv.FormatInt(v, 10)), 0o644) == nil {
		os.Rename(tmp, a.cursorFile())
	}
}

// Follow calls Sync every interval until ctx ends.
func (w *Web) Follow(ctx context.Context, every time.Duration) {
	t := time.NewTicker(every)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
			if _, err := w.Sync(ctx); err != nil && ctx.Err() == nil {
				w.app.Log.Warn("site sync failed", "error", err)
			}
		}
	}
}
