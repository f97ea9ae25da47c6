package pipeline

import (
	"bytes"
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"time"

	"github.com/riverqueue/river"

	"newsbridge/ingest/fetch"
	"newsbridge/store"
)

// The events a webhook may be registered for.
const (
	EventPublished     = "translation.published"
	EventUnpublished   = "translation.unpublished"
	EventFlagged       = "article.flagged"
	EventSourceFailing = "source.failing"
)

// Events lists every event, for validation and documentation.
var Events = []string{EventPublished, EventUnpublished, EventFlagged, EventSourceFailing}

// Webhook delivery headers.
const (
	// SignatureHeader carries "sha256=" and the hex HMAC-SHA256 of the
	// body under the webhook's secret.
	SignatureHeader = "X-Newsbridge-Signature"
	EventHeader     = "X-Newsbridge-Event"
	DeliveryHeader  = "X-Newsbridge-Delivery"
)

// webhookAttempts is how many times a delivery is tried: with the default
// backoff, about a day and a half of a receiver being down.
const webhookAttempts = 12

// WebhookArgs is one delivery of an event to one webhook. Body is fixed
// when the event happens, so every retry sends the same bytes.
type WebhookArgs struct {
	WebhookID int64  `json:"webhook"`
	Event     string `json:"event"`
	Body      string `json:"body"`
}

// Kind implements river.JobArgs.
func (WebhookArgs) Kind() string { return "deliver_webhook" }

// Sign is the signature header's value for body under secret.
func Sign(secret string, body []byte) string {
	m := hmac.New(sha256.New, []byte(secret))
	m.Write(body)
	return "sha256=" + hex.EncodeToString(m.Sum(nil))
}

// Emit queues a delivery of event, with data as its "data", to every
// webhook registered for it. A nil queue delivers nothing.
func Emit(ctx context.Context, st *store.Store, q Queue, event string, data any) error {
	if q == nil {
		return nil
	}
	hooks, err := st.WebhooksFor(ctx, event)
	if err != nil || len(hooks) == 0 {
		return err
	}
	body, err := json.Marshal(map[string]any{"event": event, "at": st.Now().UTC(), "data": data})
	if err != nil {
		return fmt.Errorf("pipeline: unable to encode the %s event: %w", event, err)
	}
	for _, h := range hooks {
		if err := q.Insert(ctx, WebhookArgs{WebhookID: h.ID, Event: event, Body: string(body)}, &river.InsertOpts{MaxAttempts: webhookAttempts}); err != nil {
			return err
		}
	}
	return nil
}

// emit is Emit for the jobs: an event that cannot be queued is logged,
// never a reason to fail the job that raised it.
func (p *Pipeline) emit(ctx context.Context, event string, data any) {
	if err := Emit(ctx, p.Store, p.Queue, event, data); err != nil {
		p.Log.Warn("webhook event not queued", "event", event, "error", err)
	}
}

// webhookWorker delivers events; it sets its own backoff.
type webhookWorker struct {
	river.WorkerDefaults[WebhookArgs]
	p *Pipeline
}

// DefaultWebhookBackoff waits 30 s after the first failed attempt,
// doubling up to an hour.
func DefaultWebhookBackoff(attempt int) time.Duration {
	return min(30*time.Second<<min(max(attempt-1, 0), 10), time.Hour)
}

// NextRetry implements river.Worker.
func (w *webhookWorker) NextRetry(job *river.Job[WebhookArgs]) time.Time {
	backoff := w.p.WebhookBackoff
	if backoff == nil {
		backoff = DefaultWebhookBackoff
	}
	return time.Now().Add(backoff(job.Attempt))
}

// Timeout implements river.Worker.
func (w *webhookWorker) Timeout(*river.Job[WebhookArgs]) time.Duration { return 30 * time.Second }

// Work POSTs the event, signed; any answer but 2xx is retried.
func (w *webhookWorker) Work(ctx context.Context, job *river.Job[WebhookArgs]) error {
	p := w.p
	h, err := p.Store.Webhook(ctx, job.Args.WebhookID)
	if err != nil {
		return jobErr(err) // removed since: dropped
	}
	body := []byte(job.Args.Body)
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, h.URL, bytes.NewReader(body))
	if err != nil {
		return river.JobCancel(err)
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("User-Agent", fetch.DefaultUserAgent)
	req.Header.Set(EventHeader, job.Args.Event)
	req.Header.Set(DeliveryHeader, strconv.FormatInt(job.ID, 10))
	req.Header.Set(SignatureHeader, Sign(h.Secret, body))
	client := p.WebhookClient
	if client == nil {
		client = &http.Client{Transport: fetch.GuardedTransport(fetch.Allow{}), Timeout: 20 * time.Second}
	}
	resp, err := client.Do(req)
	if err != nil {
		p.Store.RecordDelivery(ctx, h.ID, 0, err.Error())
		p.Log.Warn("webhook delivery failed", "webhook", h.ID, "event", job.Args.Event, "attempt", job.Attempt, "error", err)
		return err
	}
	io.Copy(io.Discard, io.LimitReader(resp.Body, 64<<10))
	resp.Body.Close()
	if resp.StatusCode < 200 || resp.StatusCode > 299 {
		msg := fmt.Sprintf("the receiver answered %d", resp.StatusCode)
		p.Store.RecordDelivery(ctx, h.ID, resp.StatusCode, msg)
		p.Log.Warn("webhook delivery failed", "webhook", h.ID, "event", job.Args.Event, "attempt", job.Attempt, "status", resp.StatusCode)
		return fmt.Errorf("pipeline: webhook %d: %s", h.ID, msg)
	}
	return p.Store.RecordDelivery(ctx, h.ID, resp.StatusCode, "")
}

var _ river.Worker[WebhookArgs] = (*webhookWorker)(nil)

// eventArticle is the data of an article's events.
func eventArticle(articleID int64, lang string, extra map[string]any) map[string]any {
	m := map[string]any{"article": articleID, "lang": lang}
	for k, v := range extra {
		m[k] = v
	}
	return m
}
