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
		m.http.WithLabelValues(route(r), r.Method, strconv.Itoa(sw.code)).Observe(time.Since(start).Seconds())
	})
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
