package metrics

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"
)

// A nil *Metrics records nothing and never panics: commands without
// metrics pass one around freely.
func TestNilRecordsNothing(t *testing.T) {
	var m *Metrics
	m.Job("k", "completed", time.Second, time.Second)
	m.Fetch(1, "feed", "ok")
	m.EngineCall("e", 3, time.Second, errors.New("x"))
	m.Segments(1, 2)
	m.Flag("ca", "repeated")
	m.Published("ca", time.Minute)
	m.PageCache(true)
	m.Search(time.Millisecond)
	h := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {})
	if got := m.HTTP(nil, h); got == nil {
		t.Fatal("HTTP on nil returned nil")
	}
}

// Requests are labelled with what route names, and the queue is read at
// each scrape.
func TestExposition(t *testing.T) {
	m := New()
	m.WatchQueue(func(ctx context.Context) ([]QueueStat, time.Duration, error) {
		return []QueueStat{{Kind: "fetch_article", State: "available", Count: 3}}, 90 * time.Second, nil
	})
	h := m.HTTP(func(r *http.Request) string { return "GET /{lang}/a/{slug}" }, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.WriteHeader(http.StatusTeapot)
	}))
	h.ServeHTTP(httptest.NewRecorder(), httptest.NewRequest("GET", "/es/a/uno", nil))
	rec := httptest.NewRecorder()
	m.Handler().ServeHTTP(rec, httptest.NewRequest("GET", "/metrics", nil))
	body := rec.Body.String()
	for _, want := range []string{
		`newsbridge_http_request_duration_seconds_count{code="418",method="GET",route="GET /{lang}/a/{slug}"} 1`,
		`newsbridge_queue_jobs{kind="fetch_article",state="available"} 3`,
		`newsbridge_queue_oldest_available_seconds 90`,
	} {
		if !strings.Contains(body, want) {
			t.Errorf("exposition lacks %s", want)
		}
	}
}
