// Package publish writes the reader's site to a directory that nginx (or
// any static server in front of a CDN) serves: every public page, feed,
// sitemap, robots.txt and asset, each with a gzipped copy for nginx's
// gzip_static, and every processed picture (/media/…, written once: its
// name is its content's hash), written atomically and removed when
// unpublished.
//
// The files are taken from the site's own handler, so they are the bytes
// newsbridge serves, and the gzipped copies are the ones it sends to a
// reader who accepts gzip. URL paths map to files so that nginx's
// `try_files $uri $uri/index.html` finds them: a path ending in a slash, an
// article (/{lang}/a/{slug}) or any path without an extension is a
// directory with an index.html; a feed, sitemap, robots.txt or asset keeps
// its name. Pages that need a
// query string stay with newsbridge (see docs/deploy.md).
package publish

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io/fs"
	"log/slog"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"path"
	"path/filepath"
	"strings"
	"sync"
)

// Site is what a Publisher reads: the list of public paths and the handler
// that answers them (site.Site implements both).
type Site interface {
	PublicPaths(ctx context.Context) ([]string, error)
	Handler() http.Handler
}

// Config configures a Publisher.
type Config struct {
	// Dir receives the files. It belongs to the publisher: a file in it
	// that no public page maps to is removed.
	Dir  string
	Site Site
	// Hook, when set, is a shell command run after a pass that changed
	// files, with the changed URL paths as its arguments ("$@"), e.g. to
	// purge them from a CDN.
	Hook string
	Log  *slog.Logger
}

// Publisher keeps a directory in step with the site. Its methods may be
// called from several goroutines; passes run one at a time.
type Publisher struct {
	cfg Config
	mu  sync.Mutex
}

// tmpPrefix marks files being written: a pass that is cut leaves them
// behind, and the next one removes them.
const tmpPrefix = ".tmp-"

// New checks cfg and creates the directory.
func New(cfg Config) (*Publisher, error) {
	if cfg.Dir == "" || cfg.Site == nil {
		return nil, errors.New("publish: a directory and a site are needed")
	}
	if cfg.Log == nil {
		cfg.Log = slog.Default()
	}
	dir, err := filepath.Abs(cfg.Dir)
	if err != nil {
		return nil, fmt.Errorf("publish: unable to resolve %s: %w", cfg.Dir, err)
	}
	cfg.Dir = dir
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, fmt.Errorf("publish: unable to create %s: %w", dir, err)
	}
	return &Publisher{cfg: cfg}, nil
}

// File maps a decoded URL path to its file, relative to the directory
// (slash-separated): "/es/" → "es/index.html", "/es/a/slug" →
// "es/a/slug/index.html", "/es/feed.rss" → "es/feed.rss".
func File(urlPath string) string {
	p := strings.TrimPrefix(urlPath, "/")
	if p == "" || strings.HasSuffix(p, "/") {
		return p + "index.html"
	}
	if isArticle(p) || path.Ext(path.Base(p)) == "" {
		return p + "/index.html"
	}
	return p
}

// Publish renders every public page through the site's handler and
// brings the directory in step: new and changed pages are written (with
// their .gz copies), files of pages no longer public are removed. It
// returns the URL paths whose files changed, and runs the hook with them.
func (p *Publisher) Publish(ctx context.Context) ([]string, error) {
	p.mu.Lock()
	defer p.mu.Unlock()
	paths, err := p.cfg.Site.PublicPaths(ctx)
	if err != nil {
		return nil, fmt.Errorf("publish: unable to list pages: %w", err)
	}
	h := p.cfg.Site.Handler()
	keep := map[string]bool{}
	var changed []string
	for _, up := range paths {
		if err := ctx.Err(); err != nil {
			return changed, err
		}
		if !safe(up) {
			p.cfg.Log.Warn("publish: path left to the server", "path", up)
			continue
		}
		if strings.HasPrefix(up, "/media/") {
			// A picture's name is its content's hash: a file already
			// written is the right one, and it is never gzipped.
			f := File(up)
			if _, err := os.Stat(filepath.Join(p.cfg.Dir, filepath.FromSlash(f))); err == nil {
				keep[f] = true
				continue
			}
			body, _, status := get(ctx, h, up, false)
			if status != http.StatusOK {
				continue
			}
			keep[f] = true
			if c, err := p.write(f, body); err != nil {
				return changed, err
			} else if c {
				changed = append(changed, up)
			}
			continue
		}
		body, _, status := get(ctx, h, up, false)
		if status != http.StatusOK {
			// Unpublished between the listing and now, or an error:
			// leave it out, so its old file goes too.
			continue
		}
		f := File(up)
		keep[f] = true
		c1, err := p.write(f, body)
		if err != nil {
			return changed, err
		}
		gz, enc, status := get(ctx, h, up, true)
		c2 := false
		if status == http.StatusOK && enc == "gzip" {
			keep[f+".gz"] = true
			if c2, err = p.write(f+".gz", gz); err != nil {
				return changed, err
			}
		}
		if c1 || c2 {
			changed = append(changed, up)
		}
	}
	removed, err := p.prune(keep)
	if err != nil {
		return changed, err
	}
	changed = append(changed, removed...)
	if len(changed) > 0 {
		p.cfg.Log.Info("static pages published", "dir", p.cfg.Dir, "changed", len(changed))
		p.hook(ctx, changed)
	}
	return changed, nil
}

// safe rejects paths that could leave the directory or that a file name
// cannot hold.
func safe(up string) bool {
	if !strings.HasPrefix(up, "/") || strings.ContainsAny(up, "\x00\\") {
		return false
	}
	for _, seg := range strings.Split(up[1:], "/") {
		if seg == "." || seg == ".." || strings.HasPrefix(seg, tmpPrefix) {
			return false
		}
	}
	return true
}

// get answers GET urlPath from h in memory, as a reader without (or with)
// gzip would get it.
func get(ctx context.Context, h http.Handler, urlPath string, gzip bool) (body []byte, encoding string, status int) {
	u := &url.URL{Path: urlPath}
	r, err := http.NewRequestWithContext(ctx, http.MethodGet, u.EscapedPath(), nil)
	if err != nil {
		return nil, "", 0
	}
	if gzip {
		r.Header.Set("Accept-Encoding", "gzip")
	}
	rec := &recorder{h: http.Header{}, status: http.StatusOK}
	h.ServeHTTP(rec, r)
	return rec.body.Bytes(), rec.h.Get("Content-Encoding"), rec.status
}

// recorder is the in-memory response writer of get.
type recorder struct {
	h      http.Header
	body   bytes.Buffer
	status int
	wrote  bool
}

func (w *recorder) Header() http.Header { return w.h }

func (w *recorder) WriteHeader(code int) {
	if !w.wrote {
		w.status, w.wrote = code, true
	}
}

func (w *recorder) Write(b []byte) (int, error) {
	w.wrote = true
	return w.body.Write(b)
}

// write puts b in the file rel unless it already holds b, atomically: a
// temporary file in the same directory, renamed over the old one, so
// nginx never serves half a page. It reports whether the file changed.
func (p *Publisher) write(rel string, b []byte) (bool, error) {
	name := filepath.Join(p.cfg.Dir, filepath.FromSlash(rel))
	if old, err := os.ReadFile(name); err == nil && bytes.Equal(old, b) {
		return false, nil
	}
	dir := filepath.Dir(name)
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return false, fmt.Errorf("publish: unable to create %s: %w", dir, err)
	}
	f, err := os.CreateTemp(dir, tmpPrefix+"*")
	if err != nil {
		return false, fmt.Errorf("publish: unable to write %s: %w", name, err)
	}
	_, err = f.Write(b)
	if err == nil {
		// nginx's workers may run as another user.
		err = f.Chmod(0o644)
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Rename(f.Name(), name)
	}
	if err != nil {
		os.Remove(f.Name())
		return false, fmt.Errorf("publish: unable to write %s: %w", name, err)
	}
	return true, nil
}

// prune removes the files not in keep (and leftover temporary files), then
// the directories left empty. It returns the URL paths of the pages whose
// files went.
func (p *Publisher) prune(keep map[string]bool) ([]string, error) {
	var removed []string
	var dirs []string
	err := filepath.WalkDir(p.cfg.Dir, func(name string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(p.cfg.Dir, name)
		rel = filepath.ToSlash(rel)
		if d.IsDir() {
			if rel != "." {
				dirs = append(dirs, name)
			}
			return nil
		}
		if keep[rel] {
			return nil
		}
		if err := os.Remove(name); err != nil {
			return err
		}
		if !strings.HasPrefix(d.Name(), tmpPrefix) && !strings.HasSuffix(rel, ".gz") {
			removed = append(removed, urlOf(rel))
		}
		return nil
	})
	if err != nil {
		return removed, fmt.Errorf("publish: unable to clean %s: %w", p.cfg.Dir, err)
	}
	// Deepest first, so a parent empties after its children; Remove
	// fails harmlessly on a directory that still holds files.
	for i := len(dirs) - 1; i >= 0; i-- {
		os.Remove(dirs[i])
	}
	return removed, nil
}

// urlOf is File's inverse: "es/a/slug/index.html" → "/es/a/slug" (an
// article: /{lang}/a/{slug}), "es/world/index.html" → "/es/world/".
func urlOf(rel string) string {
	dir, ok := strings.CutSuffix(rel, "index.html")
	if !ok {
		return "/" + rel
	}
	if d := strings.TrimSuffix(dir, "/"); isArticle(d) {
		return "/" + d
	}
	return "/" + dir
}

// isArticle reports whether p (no leading slash) is an article's path,
// {lang}/a/{slug}: a page whatever its slug looks like.
func isArticle(p string) bool {
	segs := strings.Split(p, "/")
	return len(segs) == 3 && segs[1] == "a" && segs[2] != ""
}

// hook runs the configured command with the changed paths as arguments.
func (p *Publisher) hook(ctx context.Context, changed []string) {
	if p.cfg.Hook == "" {
		return
	}
	cmd := exec.CommandContext(ctx, "sh", append([]string{"-c", p.cfg.Hook + ` "$@"`, "sh"}, changed...)...)
	if out, err := cmd.CombinedOutput(); err != nil {
		p.cfg.Log.Warn("publish: the static hook failed", "cmd", p.cfg.Hook, "error", err, "output", strings.TrimSpace(string(out)))
	}
}
