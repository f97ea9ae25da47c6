package site

import (
	"context"
	"net/http"
	"regexp"
	"strconv"
	"strings"

	"newsbridge/internal/httpfast"
	"newsbridge/model"
)

// MediaBackend is a Backend that also holds the processed pictures: the
// site then serves them under /media/. A backend without it answers 404
// there, and pages show no picture they could not serve.
type MediaBackend interface {
	// Media returns a stored picture by its file name (HASH-WIDTH.EXT);
	// an error with code model.ENotFound when there is none.
	Media(ctx context.Context, name string) (data []byte, contentType string, err error)
}

// mediaName is the file name of a processed picture: a content hash, the
// width, jpg or png (never anything a browser could run).
var mediaName = regexp.MustCompile(`^[0-9a-f]{32}-[1-9][0-9]{0,4}\.(jpg|png)$`)

// mediaPattern is the route name of every picture (answered before the mux).
const mediaPattern = "GET /media/"

// serveMedia answers /media/NAME from the backend. The name carries the
// content hash, so a picture never changes under its URL: it is cached
// for a year. Its type comes from its name, never from what was stored.
func (s *Site) serveMedia(w http.ResponseWriter, r *http.Request) {
	r.Pattern = mediaPattern
	name := strings.TrimPrefix(r.URL.Path, "/media/")
	mb, ok := s.cfg.Backend.(MediaBackend)
	if !ok || !mediaName.MatchString(name) {
		s.notFound(w, r)
		return
	}
	data, _, err := mb.Media(r.Context(), name)
	if model.ErrorCode(err) == model.ENotFound {
		s.notFound(w, r)
		return
	}
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	ct := "image/jpeg"
	if strings.HasSuffix(name, ".png") {
		ct = "image/png"
	}
	h := w.Header()
	setSecurityHeaders(h)
	etag := `"` + strings.TrimSuffix(strings.TrimSuffix(name, ".jpg"), ".png") + `"`
	h.Set("Content-Type", ct)
	h.Set("Cache-Control", cacheStatic)
	h.Set("Etag", etag)
	if inm := r.Header["If-None-Match"]; len(inm) > 0 && httpfast.ETagMatches(inm, etag) {
		w.WriteHeader(http.StatusNotModified)
		return
	}
	h.Set("Content-Length", strconv.Itoa(len(data)))
	w.WriteHeader(http.StatusOK)
	if r.Method != http.MethodHead {
		w.Write(data)
	}
}
