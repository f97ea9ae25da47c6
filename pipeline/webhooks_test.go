package pipeline_test

import (
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"newsbridge/ingest/fetch"
	"newsbridge/pipeline"
	"newsbridge/service"
	"newsbridge/store"
)

// TestWebhookSurvivesReceiverDown registers a webhook on loopback (allowed),
// emits an event while nothing listens there, then starts a receiver that
// first answers 503: the durable job retries until the receiver takes it,
// signed, and the webhook lists its last status.
func TestWebhookSurvivesReceiverDown(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	st, err := store.OpenSQLite(filepath.Join(t.TempDir(), "t.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	if err := st.Migrate(ctx); err != nil {
		t.Fatal(err)
	}
	allow, err := fetch.ParseAllow([]string{"127.0.0.1/32"})
	if err != nil {
		t.Fatal(err)
	}
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	p := &pipeline.Pipeline{Store: st, Log: log, Now: time.Now,
		WebhookClient:  &http.Client{Transport: fetch.GuardedTransport(allow), Timeout: 5 * time.Second},
		WebhookBackoff: func(int) time.Duration { return 50 * time.Millisecond }}
	q, err := pipeline.OpenQueue(ctx, st, p.Workers(), pipeline.QueueOptions{Workers: 2, JobTimeout: time.Minute, RescueAfter: time.Hour, Logger: log, Work: true})
	if err != nil {
		t.Fatal(err)
	}
	p.Queue = q
	if err := q.Start(ctx); err != nil {
		t.Fatal(err)
	}
	defer q.Stop(context.Background())

	// a port nobody listens on yet
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := l.Addr().String()
	l.Close()

	svc := service.New(st, q)
	admin := service.WithActor(ctx, service.OperatorActor)
	if _, err := svc.AddWebhook(admin, "http://"+addr+"/hook", []string{pipeline.EventUnpublished}); err == nil {
		t.Fatal("a loopback webhook was accepted without the allow list")
	}
	svc.WebhookAllow = allow
	h, err := svc.AddWebhook(admin, "http://"+addr+"/hook", []string{pipeline.EventUnpublished, pipeline.EventPublished})
	if err != nil {
		t.Fatal(err)
	}
	if err := pipeline.Emit(ctx, st, q, pipeline.EventUnpublished, map[string]any{"article": 7, "lang": "ca"}); err != nil {
		t.Fatal(err)
	}
	// other events are not delivered to it
	if err := pipeline.Emit(ctx, st, q, pipeline.EventFlagged, map[string]any{"article": 7}); err != nil {
		t.Fatal(err)
	}
	waitFor(t, ctx, "two failed attempts while the receiver is down", func() bool {
		w, err := st.Webhook(ctx, h.ID)
		return err == nil && w.Failures >= 2 && w.LastStatus == 0
	})

	var mu sync.Mutex
	var got []*http.Request
	var bodies [][]byte
	l, err = net.Listen("tcp", addr)
	if err != nil {
		t.Skipf("the port was taken meanwhile: %v", err)
	}
	srv := &httptest.Server{Listener: l, Config: &http.Server{Handler: http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		b, _ := io.ReadAll(r.Body)
		mu.Lock()
		defer mu.Unlock()
		got, bodies = append(got, r), append(bodies, b)
		if len(got) == 1 {
			w.WriteHeader(http.StatusServiceUnavailable)
		}
	})}}
	srv.Start()
	defer srv.Close()
	waitFor(t, ctx, "the delivery", func() bool {
		w, err := st.Webhook(ctx, h.ID)
		return err == nil && w.LastStatus == 200 && !w.LastSuccessAt.IsZero()
	})
	mu.Lock()
	defer mu.Unlock()
	if len(got) != 2 {
		t.Fatalf("%d requests, want 2 (503, then 200)", len(got))
	}
	r, body := got[1], bodies[1]
	if r.Header.Get(pipeline.SignatureHeader) != pipeline.Sign(h.Secret, body) || r.Header.Get(pipeline.EventHeader) != pipeline.EventUnpublished || r.Header.Get(pipeline.DeliveryHeader) == "" {
		t.Fatalf("headers: %v", r.Header)
	}
	if string(bodies[0]) != string(body) {
		t.Fatal("a retry sent other bytes")
	}
	var ev struct {
		Event string         `json:"event"`
		Data  map[string]any `json:"data"`
	}
	if err := json.Unmarshal(body, &ev); err != nil || ev.Event != pipeline.EventUnpublished || ev.Data["lang"] != "ca" {
		t.Fatalf("body: %s", body)
	}
	w, _ := st.Webhook(ctx, h.ID)
	if w.Failures < 3 || w.Deliveries != w.Failures+1 || w.LastError != "" {
		t.Fatalf("webhook: %+v", w)
	}
}

func waitFor(t *testing.T, ctx context.Context, what string, ok func() bool) {
	t.Helper()
	for !ok() {
		select {
		case <-ctx.Done():
			t.Fatalf("timed out waiting for %s", what)
		case <-time.After(20 * time.Millisecond):
		}
	}
}
