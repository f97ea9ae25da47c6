package app

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"sort"
	"strings"
	"time"

	"newsbridge/internal/httpfast"
	"newsbridge/metrics"
	"newsbridge/model"
	"newsbridge/site"
	"newsbridge/translate/engine"
	"newsbridge/web"
)

// SearchLagLimit is how far behind the database a web node's search index
// may fall (its follower's last successful sync) before /readyz says the
// node is not ready.
const SearchLagLimit = 30 * time.Second

// Readiness is /readyz's answer: every check by name ("ok" or what is
// wrong), and the first problem as the reason.
type Readiness struct {
	Ready  bool              `json:"ready"`
	Checks map[string]string `json:"checks"`
	Reason string            `json:"reason,omitempty"`
}

// Ready checks what this process needs to do its work: the database
// reachable with the current schema; for a web node (node not nil) its
// search index caught up; for a worker, at least one engine usable.
func (a *App) Ready(ctx context.Context, node *web.Node) Readiness {
	ctx, cancel := context.WithTimeout(ctx, 3*time.Second)
	defer cancel()
	r := Readiness{Ready: true, Checks: map[string]string{}}
	fail := func(check, msg string) {
		r.Checks[check] = msg
		if r.Ready {
			r.Ready, r.Reason = false, check+": "+msg
		}
	}
	if err := a.Store.DB.PingContext(ctx); err != nil {
		fail("database", "unreachable: "+err.Error())
	} else {
		r.Checks["database"] = "ok"
		if _, err := a.Store.CheckSchema(ctx); err != nil {
			fail("schema", model.ErrorMessage(err))
		} else {
			r.Checks["schema"] = "ok"
		}
	}
	if node != nil {
		last := node.LastSync()
		switch behind := time.Since(last); {
		case last.IsZero():
			fail("search", "the index has not caught up with the database yet")
		case behind > SearchLagLimit:
			fail("search", fmt.Sprintf("the index last caught up %s ago", behind.Round(time.Second)))
		default:
			r.Checks["search"] = "ok"
		}
	}
	if a.Translator != nil {
		states, usable := a.engineStates()
		switch {
		case usable:
			r.Checks["engines"] = states
		case a.work:
			fail("engines", "none usable: "+states)
		default:
			// A web node translates nothing itself: report, do not fail.
			r.Checks["engines"] = states
		}
	}
	return r
}

// engineStates describes each engine's circuit ("deepl: open") and says
// whether at least one can take work.
func (a *App) engineStates() (string, bool) {
	var parts []string
	usable := false
	for _, e := range a.Translator.Router.Engines() {
		state := "ok"
		inner := e
		for {
			if s, ok := inner.(interface{ Stats() engine.Stats }); ok {
				if st := s.Stats().State; st != "closed" && st != "" {
					state = st
				}
				break
			}
			u, ok := inner.(interface{ Unwrap() model.Engine })
			if !ok {
				break
			}
			inner = u.Unwrap()
		}
		if state == "ok" || state == "half-open" {
			usable = true
		}
		parts = append(parts, e.Name()+": "+state)
	}
	sort.Strings(parts)
	return strings.Join(parts, ", "), usable || len(parts) == 0
}

// Handler is what this process serves over HTTP: /healthz (alive: 200 while
// the process serves), /readyz (JSON Readiness, 503 when not ready),
// /metrics (Prometheus), and, for a web node, the site, the API and the
// editors' workspace (/editor/). Every
// request is counted under its route pattern.
func (a *App) Handler(node *web.Node) http.Handler {
	ready := func(r *http.Request) Readiness { return a.Ready(r.Context(), node) }
	if node == nil {
		return ServeHandler(a.Metrics, ready, nil, nil)
	}
	if a.editor == nil {
		return ServeHandler(a.Metrics, ready, node.Handler(), node.Route)
	}
	reader := http.NewServeMux()
	reader.Handle("/editor/", a.editor)
	reader.Handle("/editor", http.RedirectHandler("/editor/", http.StatusMovedPermanently))
	reader.Handle("/", node.Handler())
	route := func(r *http.Request) string {
		if r.URL.Path == "/editor" || strings.HasPrefix(r.URL.Path, "/editor/") {
			return "/editor/" // one label for the workspace: bounded cardinality
		}
		return node.Route(r)
	}
	return ServeHandler(a.Metrics, ready, reader, route)
}

// ServeHandler composes what `serve` answers: /healthz, /readyz (from
// ready), /metrics (from m) and, when reader is set, the reader's site and
// API under every other path, all counted by m under their route pattern
// (readerRoute names the reader's). The benchmarks measure this very chain.
//
// Naming the route must not cost a second routing of every request: the
// process's own routes are read from r.Pattern, and the site names a page
// served from its cache by the pattern that rendered it.
func ServeHandler(m *metrics.Metrics, ready func(*http.Request) Readiness, reader http.Handler, readerRoute func(*http.Request) string) http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("GET /healthz", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		w.Header().Set("Cache-Control", "no-store")
		w.Write([]byte("ok\n"))
	})
	mux.HandleFunc("GET /readyz", func(w http.ResponseWriter, r *http.Request) {
		rd := ready(r)
		w.Header().Set("Content-Type", "application/json")
		w.Header().Set("Cache-Control", "no-store")
		if !rd.Ready {
			w.WriteHeader(http.StatusServiceUnavailable)
		}
		json.NewEncoder(w).Encode(rd)
	})
	mux.Handle("GET /metrics", m.Handler())
	if reader != nil {
		mux.Handle("/", reader)
	}
	route := func(r *http.Request) string {
		// The mux set r.Pattern when it chose one of the process's own
		// routes; everything else is the reader's, which names its own.
		switch r.Pattern {
		case "GET /healthz", "GET /readyz", "GET /metrics":
			return r.Pattern
		}
		if reader != nil {
			return readerRoute(r)
		}
		if _, pattern := mux.Handler(r); pattern != "" {
			return pattern
		}
		return "none"
	}
	return m.HTTP(route, mux)
}

// HTTPServer is net/http's server for h with serve's limits: a request
// head within 10 s, a whole request within 30 s, a response within 60 s,
// an idle connection kept 2 minutes, heads of at most 64 KiB.
func HTTPServer(h http.Handler) *http.Server {
	return &http.Server{Handler: h, ReadHeaderTimeout: 10 * time.Second, ReadTimeout: 30 * time.Second,
		WriteTimeout: 60 * time.Second, IdleTimeout: 120 * time.Second, MaxHeaderBytes: 64 << 10}
}

// Server is what `serve` listens with: hs, whose Handler is the chain
// ServeHandler builds, behind a fast path that answers the reader's cached
// pages and assets from memory (package httpfast) when s is set. A page
// answered there is counted in m under its route, as ServeHandler counts
// it; every other request, and its connection from then on, goes to hs.
// The benchmarks measure this very server.
func Server(hs *http.Server, m *metrics.Metrics, s *site.Site) *httpfast.Server {
	fast := func(*httpfast.Request) (httpfast.Response, bool) { return httpfast.Response{}, false }
	if s != nil {
		fast = s.Fast
	}
	return &httpfast.Server{HTTP: hs, Fast: fast, Observe: func(r *httpfast.Request, res *httpfast.Response, took time.Duration) {
		m.ObserveHTTP(res.Route, r.Method, res.Status, took)
	}}
}

// Server is Server for this app's metrics and node (nil on a worker).
func (a *App) Server(hs *http.Server, node *web.Node) *httpfast.Server {
	var s *site.Site
	if node != nil {
		s = node.Site
	}
	return Server(hs, a.Metrics, s)
}
