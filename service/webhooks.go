package service

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"net"
	"net/url"
	"slices"

	"newsbridge/ingest/fetch"
	"newsbridge/model"
	"newsbridge/pipeline"
	"newsbridge/store"
)

// AddWebhook registers rawURL (http or https) for events (pipeline.Events)
// and returns it with its secret, which signs every delivery and is shown
// only now. A URL on a loopback, private or otherwise non-public address
// is refused unless the allow list names it.
func (s *Service) AddWebhook(ctx context.Context, rawURL string, events []string) (*store.Webhook, error) {
	if err := authorize(ctx, PermSettings); err != nil {
		return nil, err
	}
	u, err := url.Parse(rawURL)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Hostname() == "" || u.User != nil || len(rawURL) > 2000 {
		return nil, model.Errorf(model.EInvalid, "webhook: %q is not an http or https URL (without credentials)", rawURL)
	}
	if len(events) == 0 {
		return nil, model.Errorf(model.EInvalid, "webhook: name at least one event (%v)", pipeline.Events)
	}
	for _, e := range events {
		if !slices.Contains(pipeline.Events, e) {
			return nil, model.Errorf(model.EInvalid, "webhook: unknown event %q (%v)", e, pipeline.Events)
		}
	}
	port := u.Port()
	if port == "" {
		port = map[string]string{"http": "80", "https": "443"}[u.Scheme]
	}
	if err := s.WebhookAllow.CheckHost(ctx, u.Hostname(), port); err != nil {
		var re *fetch.RefusedError
		if errors.As(err, &re) {
			return nil, model.Errorf(model.EInvalid, "webhook: %v", re)
		}
		var de *net.DNSError
		if errors.As(err, &de) {
			return nil, model.Errorf(model.EInvalid, "webhook: the host %s does not resolve", u.Hostname())
		}
		return nil, err
	}
	b := make([]byte, 32)
	rand.Read(b)
	h := &store.Webhook{URL: u.String(), Events: slices.Compact(slices.Sorted(slices.Values(events))), Secret: hex.EncodeToString(b)}
	if err := s.Store.CreateWebhook(ctx, h); err != nil {
		return nil, err
	}
	return h, s.audit(ctx, "webhook.add", fmt.Sprintf("webhook/%d", h.ID), nil, map[string]any{"url": h.URL, "events": h.Events})
}

// Webhooks lists the webhooks with their last delivery's outcome.
func (s *Service) Webhooks(ctx context.Context) ([]store.Webhook, error) {
	if err := authorize(ctx, PermSettings); err != nil {
		return nil, err
	}
	return s.Store.Webhooks(ctx)
}

// RemoveWebhook unregisters a webhook.
func (s *Service) RemoveWebhook(ctx context.Context, id int64) error {
	if err := authorize(ctx, PermSettings); err != nil {
		return err
	}
	h, err := s.Store.Webhook(ctx, id)
	if err != nil {
		return err
	}
	if err := s.Store.DeleteWebhook(ctx, id); err != nil {
		return err
	}
	return s.audit(ctx, "webhook.remove", fmt.Sprintf("webhook/%d", id), map[string]any{"url": h.URL, "events": h.Events}, nil)
}
