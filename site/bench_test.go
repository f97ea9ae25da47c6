package site

import (
	"net/http"
	"net/http/httptest"
	"testing"
)

// discardWriter is a ResponseWriter that keeps nothing, so a benchmark
// measures the site and not the recorder.
type discardWriter struct{ h http.Header }

func (w *discardWriter) Header() http.Header         { return w.h }
func (w *discardWriter) Write(b []byte) (int, error) { return len(b), nil }
func (w *discardWriter) WriteHeader(int)             {}

// BenchmarkArticleCached is the hot path: an article page from the cache.
func BenchmarkArticleCached(b *testing.B) {
	s := newTestSite(b, newFake(), nil)
	r := httptest.NewRequest("GET", "/es/a/puerto", nil)
	w := &discardWriter{h: http.Header{}}
	s.ServeHTTP(w, r)
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		s.ServeHTTP(w, r)
	}
}

// BenchmarkArticleCachedGzip is the same with Accept-Encoding: gzip.
func BenchmarkArticleCachedGzip(b *testing.B) {
	s := newTestSite(b, newFake(), nil)
	r := httptest.NewRequest("GET", "/es/a/puerto", nil)
	r.Header.Set("Accept-Encoding", "gzip, deflate, br")
	w := &discardWriter{h: http.Header{}}
	s.ServeHTTP(w, r)
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		s.ServeHTTP(w, r)
	}
}

// BenchmarkArticleRender renders the page every time (the cache is dropped
// before each request), for comparison with the cached path.
func BenchmarkArticleRender(b *testing.B) {
	s := newTestSite(b, newFake(), nil)
	r := httptest.NewRequest("GET", "/es/a/puerto", nil)
	w := &discardWriter{h: http.Header{}}
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		s.Invalidate()
		s.ServeHTTP(w, r)
	}
}

// TestCachedPathAllocs keeps the hot path free of allocations: a hit is a
// map lookup and a write of precomputed headers and bytes.
func TestCachedPathAllocs(t *testing.T) {
	s := newTestSite(t, newFake(), nil)
	r := httptest.NewRequest("GET", "/es/a/puerto", nil)
	r.Header.Set("Accept-Encoding", "gzip")
	w := &discardWriter{h: http.Header{}}
	s.ServeHTTP(w, r)
	if n := testing.AllocsPerRun(100, func() { s.ServeHTTP(w, r) }); n > 0 {
		t.Errorf("cached path allocates %.1f times per request", n)
	}
}
