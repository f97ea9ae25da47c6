package metrics

import (
	"net/http"
	"strconv"
	"time"
)

// HTTP wraps next so that each request is counted and timed under the
// route pattern route names for it ("GET /{lang}/a/{slug}"), never under
// its raw path: the label's values are the routes the code declares, so a
// crawler asking for a million URLs adds no series.
func (m *Metrics) HTTP(route func(*http.Request) string, next http.Handler) http.Handler {
	if m == nil {
		return next
	}
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		sw := &statusWriter{ResponseWriter: w, code: http.StatusOK}
		next.ServeHTTP(sw, r)
		m.ObserveHTTP(route(r), r.Method, sw.code, time.Since(start))
	})
}

// ObserveHTTP counts one request answered with code after took, under its
// route pattern: what HTTP does for each request, for a server that
// answers some requests outside net/http.
func (m *Metrics) ObserveHTTP(route, method string, code int, took time.Duration) {
	if m == nil {
		return
	}
	var status string
	switch code {
	case http.StatusOK:
		status = "200"
	case http.StatusNotModified:
		status = "304"
	default:
		status = strconv.Itoa(code)
	}
	m.http.WithLabelValues(route, method, status).Observe(took.Seconds())
}

// statusWriter remembers the status code written. Unwrap lets
// http.ResponseController reach the connection's own writer (flush,
// deadlines).
type statusWriter struct {
	http.ResponseWriter
	code        int
	wroteHeader bool
}

func (w *statusWriter) WriteHeader(code int) {
	if !w.wroteHeader && code >= 200 {
		w.code, w.wroteHeader = code, true
	}
	w.ResponseWriter.WriteHeader(code)
}

func (w *statusWriter) Write(b []byte) (int, error) {
	w.wroteHeader = true
	return w.ResponseWriter.Write(b)
}

func (w *statusWriter) Unwrap() http.ResponseWriter { return w.ResponseWriter }
