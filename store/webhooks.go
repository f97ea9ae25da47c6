package store

import (
	"context"
	"fmt"
	"strings"
	"time"

	"newsbridge/model"
)

// Webhook is a URL an admin registered for events.
type Webhook struct {
	ID        int64
	URL       string
	Events    []string
	Secret    string // signs the deliveries (HMAC-SHA256)
	CreatedAt time.Time
	// The last delivery attempt: when, its HTTP status (0: no answer),
	// its error; and the last success.
	LastAttemptAt time.Time
	LastStatus    int
	LastError     string
	LastSuccessAt time.Time
	Deliveries    int64 // attempts
	Failures      int64 // failed attempts
}

const webhookCols = `id, url, events, secret, created_at, last_attempt_at, last_status, last_error, last_success_at, deliveries, failures`

func scanWebhook(sc interface{ Scan(...any) error }) (Webhook, error) {
	var w Webhook
	var events string
	var created, attempt, success int64
	err := sc.Scan(&w.ID, &w.URL, &events, &w.Secret, &created, &attempt, &w.LastStatus, &w.LastError, &success, &w.Deliveries, &w.Failures)
	w.Events = strings.Split(events, ",")
	w.CreatedAt = fromMS(created)
	if attempt > 0 {
		w.LastAttemptAt = fromMS(attempt)
	}
	if success > 0 {
		w.LastSuccessAt = fromMS(success)
	}
	return w, err
}

// CreateWebhook saves a webhook and sets its ID.
func (s *Store) CreateWebhook(ctx context.Context, w *Webhook) error {
	w.CreatedAt = s.Now()
	err := s.queryRow(ctx, s.DB, `INSERT INTO webhooks (url, events, secret, created_at) VALUES (?, ?, ?, ?) RETURNING id`,
		w.URL, strings.Join(w.Events, ","), w.Secret, ms(w.CreatedAt)).Scan(&w.ID)
	if err != nil {
		return fmt.Errorf("store: unable to save the webhook: %w", translateErr(err))
	}
	return nil
}

// Webhooks lists the webhooks, oldest first.
func (s *Store) Webhooks(ctx context.Context) ([]Webhook, error) {
	rows, err := s.query(ctx, s.DB, `SELECT `+webhookCols+` FROM webhooks ORDER BY id`)
	if err != nil {
		return nil, fmt.Errorf("store: unable to list webhooks: %w", err)
	}
	defer rows.Close()
	var out []Webhook
	for rows.Next() {
		w, err := scanWebhook(rows)
		if err != nil {
			return nil, fmt.Errorf("store: unable to list webhooks: %w", err)
		}
		out = append(out, w)
	}
	return out, rows.Err()
}

// Webhook returns one webhook.
func (s *Store) Webhook(ctx context.Context, id int64) (*Webhook, error) {
	w, err := scanWebhook(s.queryRow(ctx, s.DB, `SELECT `+webhookCols+` FROM webhooks WHERE id = ?`, id))
	if err != nil {
		if translateErr(err) == ErrNotFound {
			return nil, model.Errorf(model.ENotFound, "no webhook %d", id)
		}
		return nil, fmt.Errorf("store: unable to read webhook %d: %w", id, err)
	}
	return &w, nil
}

// WebhooksFor lists the webhooks registered for event.
func (s *Store) WebhooksFor(ctx context.Context, event string) ([]Webhook, error) {
	all, err := s.Webhooks(ctx)
	if err != nil {
		return nil, err
	}
	var out []Webhook
	for _, w := range all {
		for _, e := range w.Events {
			if e == event {
				out = append(out, w)
				break
			}
		}
	}
	return out, nil
}

// DeleteWebhook removes a webhook; its deliveries still queued are dropped
// when they run.
func (s *Store) DeleteWebhook(ctx context.Context, id int64) error {
	res, err := s.exec(ctx, s.DB, `DELETE FROM webhooks WHERE id = ?`, id)
	if err != nil {
		return fmt.Errorf("store: unable to remove webhook %d: %w", id, err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return model.Errorf(model.ENotFound, "no webhook %d", id)
	}
	return nil
}

// RecordDelivery records a delivery attempt's outcome: status is the HTTP
// status (0 when there was no answer), errMsg "" on success.
func (s *Store) RecordDelivery(ctx context.Context, id int64, status int, errMsg string) error {
	now := ms(s.Now())
	var err error
	if errMsg == "" {
		_, err = s.exec(ctx, s.DB, `UPDATE webhooks SET last_attempt_at = ?, last_status = ?, last_error = '', last_success_at = ?, deliveries = deliveries + 1 WHERE id = ?`, now, status, now, id)
	} else {
		_, err = s.exec(ctx, s.DB, `UPDATE webhooks SET last_attempt_at = ?, last_status = ?, last_error = ?, deliveries = deliveries + 1, failures = failures + 1 WHERE id = ?`, now, status, errMsg, id)
	}
	if err != nil {
		return fmt.Errorf("store: unable to record a delivery of webhook %d: %w", id, err)
	}
	return nil
}
