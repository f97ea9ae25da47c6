package site

import (
	"crypto/sha256"
	"embed"
	"encoding/hex"
	"fmt"
	"io/fs"
	"net/http"
	"path"
	"strings"
	"time"
)

//go:embed static
var staticFS embed.FS

// staticFile is an embedded asset served from memory under a name that
// carries its content hash, so it can be cached for a year: a changed file
// gets a new URL.
type staticFile struct{ e *entry }

var staticTypes = map[string]string{
	".css": "text/css; charset=utf-8",
	".svg": "image/svg+xml",
	".txt": "text/plain; charset=utf-8",
}

func (s *Site) initStatic() error {
	s.static = map[string]*staticFile{}
	return fs.WalkDir(staticFS, "static", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := staticFS.ReadFile(p)
		if err != nil {
			return fmt.Errorf("site: unable to read %s: %w", p, err)
		}
		ext := path.Ext(p)
		ct := staticTypes[ext]
		if ct == "" {
			ct = "application/octet-stream"
		}
		sum := sha256.Sum256(b)
		name := strings.TrimSuffix(path.Base(p), ext) + "." + hex.EncodeToString(sum[:5]) + ext
		url := "/static/" + name
		e := newEntry(ct, cacheStatic, b, 0, time.Time{})
		e.pattern = staticPattern
		s.static[url] = &staticFile{e: e}
		if path.Base(p) == "site.css" {
			s.cssPath = url
		}
		return nil
	})
}

// staticPattern is the route name of every asset (they are answered before
// the mux).
const staticPattern = "GET /static/"

// serveStatic answers /static/… from memory; an unknown or outdated name is
// a 404 (a year-long cache must never pin the wrong bytes to a name).
func (s *Site) serveStatic(w http.ResponseWriter, r *http.Request) {
	f := s.static[r.URL.Path]
	if f == nil {
		s.notFound(w, r)
		return
	}
	r.Pattern = staticPattern
	f.e.serve(w, r)
}
