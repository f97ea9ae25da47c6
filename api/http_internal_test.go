package api

import (
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"testing"
	"time"
)

// TestIdempotencyInFlightAndBound: a second request with a key still
// running is 409; the table keeps at most idempotencyMax answers.
func TestIdempotencyInFlightAndBound(t *testing.T) {
	a := &Handler{}
	release := make(chan struct{})
	started := make(chan struct{})
	slow := a.idempotent(func(w http.ResponseWriter, r *http.Request) {
		close(started)
		<-release
		w.WriteHeader(201)
	})
	post := func(h http.HandlerFunc, key, body string) *httptest.ResponseRecorder {
		req := httptest.NewRequest("POST", "/api/v1/sources", strings.NewReader(body))
		req.Header.Set("Idempotency-Key", key)
		rec := httptest.NewRecorder()
		h(rec, req)
		return rec
	}
	done := make(chan int)
	go func() { done <- post(slow, "k", "{}").Code }()
	<-started
	if rec := post(slow, "k", "{}"); rec.Code != 409 {
		t.Fatalf("while running: %d %s", rec.Code, rec.Body)
	}
	close(release)
	if code := <-done; code != 201 {
		t.Fatalf("first: %d", code)
	}
	if rec := post(slow, "k", "{}"); rec.Code != 201 || rec.Header().Get("Idempotent-Replayed") != "true" {
		t.Fatalf("replay: %d", rec.Code)
	}

	ok := a.idempotent(func(w http.ResponseWriter, r *http.Request) { w.WriteHeader(201) })
	for i := range idempotencyMax + 10 {
		post(ok, "n"+strconv.Itoa(i), "{}")
	}
	a.idem.mu.Lock()
	n, order := len(a.idem.byKey), len(a.idem.order)
	a.idem.mu.Unlock()
	if n > idempotencyMax || order > idempotencyMax {
		t.Fatalf("%d keys, %d in order; the bound is %d", n, order, idempotencyMax)
	}
	// An expired answer is not replayed.
	a.idem.mu.Lock()
	for _, e := range a.idem.byKey {
		e.at = e.at.Add(-IdempotencyTTL - time.Second)
	}
	a.idem.mu.Unlock()
	if rec := post(ok, "n"+strconv.Itoa(idempotencyMax+9), "{}"); rec.Header().Get("Idempotent-Replayed") != "" {
		t.Fatal("an expired key was replayed")
	}
}
