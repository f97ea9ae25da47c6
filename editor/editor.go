// Package editor is the editors' workspace under /editor/: server-rendered
// screens (html/template, one file per screen) over the service, for the
// review queue, the article editor, the glossary, the sources, comment
// moderation, users and the audit log. Every screen works without
// JavaScript; one small script of ours adds keyboard navigation and saving
// without a reload. Sign-in opens a server-side session (service.Login);
// every screen names the permission it needs from the service's role table.
package editor

import (
	"bytes"
	"crypto/sha256"
	"embed"
	"encoding/hex"
	"errors"
	"fmt"
	"html/template"
	"io/fs"
	"log/slog"
	"net"
	"net/http"
	"net/url"
	"path"
	"strconv"
	"strings"
	"time"

	"newsbridge/model"
	"newsbridge/service"
	"newsbridge/store"
)

//go:embed templates static
var files embed.FS

// SessionCookie is the name of the editors' session cookie.
const SessionCookie = "nb_session"

// Config is what the editors' workspace is built from.
type Config struct {
	Service *service.Service
	// Store is read for what screens show beside the service's answers
	// (articles' titles and slugs, the sources' names for the filters).
	Store *store.Store
	// BaseURL is the site's public URL; an https one marks the session
	// cookie Secure even behind a TLS-terminating proxy.
	BaseURL string
	Log     *slog.Logger
}

// Handler serves /editor/.
type Handler struct {
	cfg     Config
	svc     *service.Service
	st      *store.Store
	views   map[string]*template.Template
	static  map[string][]byte // URL path → bytes
	css, js string            // their hashed URL paths
	secure  bool
	handler http.Handler
}

// ServeHTTP implements http.Handler.
func (h *Handler) ServeHTTP(w http.ResponseWriter, r *http.Request) { h.handler.ServeHTTP(w, r) }

// Screen is one page of the workspace and the permission it needs.
type Screen struct {
	Pattern    string
	Permission service.Permission
	handle     func(w http.ResponseWriter, r *http.Request, u *user)
}

// Screens lists the workspace's routes that need a session: New
// registers exactly these.
func (h *Handler) Screens() []Screen {
	const tr = "/editor/articles/{id}/{lang}"
	return []Screen{
		{"GET /editor/{$}", service.PermReview, h.queueShow},
		{"GET " + tr, service.PermReview, h.articleShow},
		{"POST " + tr + "/segments/{segment}", service.PermEdit, h.segmentSave},
		{"POST " + tr + "/approve", service.PermEdit, h.translationApprove},
		{"POST " + tr + "/unpublish", service.PermEdit, h.translationUnpublish},
		{"POST " + tr + "/retranslate", service.PermEdit, h.translationRetranslate},
		{"GET /editor/glossary", service.PermGlossary, h.glossaryShow},
		{"POST /editor/glossary/preview", service.PermGlossary, h.glossaryPreview},
		{"POST /editor/glossary", service.PermGlossary, h.glossarySave},
		{"GET /editor/glossary/uses", service.PermGlossary, h.glossaryUses},
		{"GET /editor/glossary/remove", service.PermGlossary, h.glossaryConfirmRemove},
		{"POST /editor/glossary/remove", service.PermGlossary, h.glossaryRemove},
		{"GET /editor/comments", service.PermComments, h.commentsShow},
		{"POST /editor/comments", service.PermComments, h.commentsModerate},
		{"GET /editor/sources", service.PermSources, h.sourcesShow},
		{"POST /editor/sources", service.PermSources, h.sourceAdd},
		{"POST /editor/sources/{id}/poll", service.PermSources, h.sourcePoll},
		{"GET /editor/sources/{id}/sections", service.PermSources, h.sourceSectionsShow},
		{"POST /editor/sources/{id}/sections", service.PermSources, h.sourceSectionsSave},
		{"POST /editor/sources/{id}/pause", service.PermSources, h.sourcePause},
		{"POST /editor/sources/{id}/resume", service.PermSources, h.sourceResume},
		{"GET /editor/sources/{id}/remove", service.PermSources, h.sourceConfirmRemove},
		{"POST /editor/sources/{id}/remove", service.PermSources, h.sourceRemove},
		{"GET /editor/users", service.PermUsers, h.usersShow},
		{"POST /editor/users", service.PermUsers, h.userAdd},
		{"POST /editor/users/remove", service.PermUsers, h.userRemove},
		{"GET /editor/audit", service.PermReview, h.auditShow},
		{"GET /editor/audit.csv", service.PermAudit, h.auditExport},
	}
}

// New builds the workspace; an undeclared or broken template fails here,
// not at the first request.
func New(cfg Config) (*Handler, error) {
	if cfg.Log == nil {
		cfg.Log = slog.New(slog.DiscardHandler)
	}
	h := &Handler{cfg: cfg, svc: cfg.Service, st: cfg.Store, views: map[string]*template.Template{}, static: map[string][]byte{}}
	if u, err := url.Parse(cfg.BaseURL); err == nil && u.Scheme == "https" {
		h.secure = true
	}
	if err := h.initStatic(); err != nil {
		return nil, err
	}
	if err := h.initViews(); err != nil {
		return nil, err
	}
	mux := http.NewServeMux()
	mux.HandleFunc("GET /editor/login", h.loginShow)
	mux.HandleFunc("POST /editor/login", h.loginSubmit)
	mux.HandleFunc("POST /editor/logout", h.logout)
	mux.HandleFunc("GET /editor/static/{name}", h.serveStatic)
	for _, s := range h.Screens() {
		mux.HandleFunc(s.Pattern, h.authed(s.Permission, s.handle))
	}
	mux.HandleFunc("/editor/", func(w http.ResponseWriter, r *http.Request) {
		u, _ := h.sessionUser(r)
		h.fail(w, r, u, model.Errorf(model.ENotFound, "there is no such page in the editors' workspace"))
	})
	// Every state-changing request must come from our own origin.
	cop := http.NewCrossOriginProtection()
	cop.SetDenyHandler(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h.fail(w, r, nil, model.Errorf(model.EForbidden, "this request came from another site and was refused"))
	}))
	h.handler = headers(cop.Handler(mux))
	return h, nil
}

// headers sets what every answer of the workspace carries: no caching,
// our own origin only for scripts and styles, no framing.
func headers(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		hd := w.Header()
		hd.Set("Content-Security-Policy", "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; connect-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'")
		hd.Set("X-Content-Type-Options", "nosniff")
		hd.Set("Referrer-Policy", "same-origin")
		hd.Set("X-Frame-Options", "DENY")
		if !strings.HasPrefix(r.URL.Path, "/editor/static/") {
			hd.Set("Cache-Control", "no-store")
		}
		next.ServeHTTP(w, r)
	})
}

var staticTypes = map[string]string{".css": "text/css; charset=utf-8", ".js": "text/javascript; charset=utf-8"}

// initStatic serves the stylesheet and the script under names carrying
// their content hash, cached for a year.
func (h *Handler) initStatic() error {
	for _, name := range []string{"editor.css", "editor.js"} {
		b, err := files.ReadFile("static/" + name)
		if err != nil {
			return fmt.Errorf("editor: unable to read %s: %w", name, err)
		}
		sum := sha256.Sum256(b)
		ext := path.Ext(name)
		p := "/editor/static/" + strings.TrimSuffix(name, ext) + "." + hex.EncodeToString(sum[:5]) + ext
		h.static[p] = b
		if ext == ".css" {
			h.css = p
		} else {
			h.js = p
		}
	}
	return nil
}

func (h *Handler) serveStatic(w http.ResponseWriter, r *http.Request) {
	b, ok := h.static[r.URL.Path]
	if !ok {
		http.NotFound(w, r)
		return
	}
	w.Header().Set("Content-Type", staticTypes[path.Ext(r.URL.Path)])
	w.Header().Set("Cache-Control", "public, max-age=31536000, immutable")
	w.Write(b)
}

// views lists each screen's template and the partials it uses.
var views = []string{"login", "queue", "article", "glossary", "glossary_confirm", "sources", "source_sections", "source_remove", "comments", "users", "audit", "message"}

var funcs = template.FuncMap{
	"dir":  func(lang string) string { return model.LookupLang(lang).Dir },
	"lang": func(tag string) string { return model.LookupLang(tag).Name },
	"time": func(t time.Time) string {
		if t.IsZero() {
			return "never"
		}
		return t.UTC().Format("2006-01-02 15:04 UTC")
	},
	"flagHelp":    func(kind string) string { return flagHelp[kind] },
	"add":         func(a, b int) int { return a + b },
	"state":       func(s string) string { return strings.ReplaceAll(s, "_", " ") },
	"sourceState": sourceState,
}

// flagHelp explains each quality check to the editor.
var flagHelp = map[string]string{
	"numbers":           "A number of the source is missing or changed in the translation.",
	"protected_missing": "A name, link or code kept as it is in the source is missing from the translation.",
	"untranslated":      "Words were left in the source language.",
	"repeated":          "A word or phrase is repeated where the source says it once.",
	"length_ratio":      "The translation is much shorter or longer than the source.",
	"unknown_word":      "The engine did not know a word and kept it as it is.",
	"glossary":          "A glossary term is not rendered as the glossary says.",
}

func (h *Handler) initViews() error {
	layout, err := files.ReadFile("templates/layout.html")
	if err != nil {
		return fmt.Errorf("editor: unable to read the layout: %w", err)
	}
	for _, v := range views {
		b, err := fs.ReadFile(files, "templates/"+v+".html")
		if err != nil {
			return fmt.Errorf("editor: unable to read view %s: %w", v, err)
		}
		t, err := template.New("layout").Funcs(funcs).Parse(string(layout))
		if err == nil {
			_, err = t.Parse(string(b))
		}
		if err != nil {
			return fmt.Errorf("editor: unable to parse view %s: %w", v, err)
		}
		h.views[v] = t
	}
	return nil
}

// user is who is signed in, with what the layout needs to know of them.
type user struct {
	Name    string
	Role    string
	session string
}

// Can reports whether the user's role has permission p (the navigation
// shows only what they may open).
func (u *user) Can(p string) bool { return u != nil && service.Allowed(u.Role, service.Permission(p)) }

// page is what every view gets.
type page struct {
	Title   string
	User    *user
	CSS, JS string
	Dir     string // the main content's direction: "rtl" for an RTL translation
	Notice  string
	Error   string
	Data    any
}

// render writes a view with status.
func (h *Handler) render(w http.ResponseWriter, r *http.Request, status int, view string, p page) {
	p.CSS, p.JS = h.css, h.js
	var buf bytes.Buffer
	if err := h.views[view].ExecuteTemplate(&buf, "layout", p); err != nil {
		h.cfg.Log.Error("editor: unable to render", "view", view, "err", err)
		http.Error(w, "internal error", http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.WriteHeader(status)
	w.Write(buf.Bytes())
}

// statusOf maps the model's error codes to HTTP statuses.
var statusOf = map[string]int{
	model.EInvalid: 400, model.EUnauthorized: 401, model.EForbidden: 403, model.ENotFound: 404,
	model.EConflict: 409, model.ETooManyRequests: 429, model.EUnavailable: 503,
}

// fail shows an error's safe message on a page of its own; anything
// unexpected is "internal error" there and logged in full.
func (h *Handler) fail(w http.ResponseWriter, r *http.Request, u *user, err error) {
	code := model.ErrorCode(err)
	status := statusOf[code]
	msg := model.ErrorMessage(err)
	if status == 0 {
		status, msg = 500, "internal error"
		h.cfg.Log.Error("editor: request failed", "path", r.URL.Path, "err", err)
	}
	var t *service.Throttled
	if errors.As(err, &t) {
		w.Header().Set("Retry-After", strconv.Itoa(int((t.RetryAfter+time.Second-1)/time.Second)))
	}
	h.render(w, r, status, "message", page{Title: http.StatusText(status), User: u, Error: msg})
}

// seeOther redirects after a successful POST (the screen reloads with a
// GET, so a refresh does not post twice).
func seeOther(w http.ResponseWriter, r *http.Request, to string) {
	http.Redirect(w, r, to, http.StatusSeeOther)
}

// withNotice adds a message for the next screen to to's query.
func withNotice(to, msg string) string {
	sep := "?"
	if strings.Contains(to, "?") {
		sep = "&"
	}
	frag := ""
	if i := strings.Index(to, "#"); i >= 0 {
		to, frag = to[:i], to[i:]
	}
	return to + sep + "notice=" + url.QueryEscape(msg) + frag
}

// notice is the message a redirect left for this screen, bounded.
func notice(r *http.Request) string {
	n := r.URL.Query().Get("notice")
	if len(n) > 300 {
		n = n[:300]
	}
	return n
}

// clientAddr is the connection's address, for login throttling.
func clientAddr(r *http.Request) string {
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		return r.RemoteAddr
	}
	return host
}

// formInt reads a positive integer from a path value.
func pathID(r *http.Request, name string) (int64, error) {
	id, err := strconv.ParseInt(r.PathValue(name), 10, 64)
	if err != nil || id <= 0 {
		return 0, model.Errorf(model.EInvalid, "%s must be a positive number", name)
	}
	return id, nil
}

// maxForm bounds a form: a segment is at most service.MaxSegmentBytes,
// and its encoding may triple it.
const maxForm = 4 * service.MaxSegmentBytes

// parseForm reads a bounded form body.
func parseForm(w http.ResponseWriter, r *http.Request) error {
	r.Body = http.MaxBytesReader(w, r.Body, maxForm)
	if err := r.ParseForm(); err != nil {
		return model.Errorf(model.EInvalid, "the form is too large or malformed (a segment may have at most %d bytes)", service.MaxSegmentBytes)
	}
	return nil
}
