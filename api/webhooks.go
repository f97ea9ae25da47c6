package api

import (
	"net/http"
	"time"

	"newsbridge/store"
)

// webhookJSON is a webhook as the API lists it (never its secret).
type webhookJSON struct {
	ID            int64     `json:"id"`
	URL           string    `json:"url"`
	Events        []string  `json:"events"`
	CreatedAt     time.Time `json:"created_at"`
	LastAttemptAt time.Time `json:"last_attempt_at,omitzero"`
	LastStatus    int       `json:"last_status"`
	LastError     string    `json:"last_error,omitempty"`
	LastSuccessAt time.Time `json:"last_success_at,omitzero"`
	Deliveries    int64     `json:"deliveries"`
	Failures      int64     `json:"failures"`
	Secret        string    `json:"secret,omitempty"`
}

func webhookOf(h store.Webhook) webhookJSON {
	return webhookJSON{h.ID, h.URL, h.Events, h.CreatedAt, h.LastAttemptAt, h.LastStatus, h.LastError, h.LastSuccessAt, h.Deliveries, h.Failures, ""}
}

func (a *Handler) webhookList(w http.ResponseWriter, r *http.Request) {
	hs, err := a.svc.Webhooks(r.Context())
	if err != nil {
		problem(w, err)
		return
	}
	out := []webhookJSON{}
	for _, h := range hs {
		out = append(out, webhookOf(h))
	}
	renderPage(w, r, "webhooks", out)
}

// webhookAdd registers {"url", "events": [...]}; the answer carries the
// signing secret, this once.
func (a *Handler) webhookAdd(w http.ResponseWriter, r *http.Request) {
	var body struct {
		URL    string   `json:"url"`
		Events []string `json:"events"`
	}
	if err := decode(w, r, &body); err != nil {
		problem(w, err)
		return
	}
	h, err := a.svc.AddWebhook(r.Context(), body.URL, body.Events)
	if err != nil {
		problem(w, err)
		return
	}
	out := webhookOf(*h)
	out.Secret = h.Secret
	render(w, http.StatusCreated, out)
}

func (a *Handler) webhookRemove(w http.ResponseWriter, r *http.Request) {
	id, err := pathID(r, "id")
	if err != nil {
		problem(w, err)
		return
	}
	if err := a.svc.RemoveWebhook(r.Context(), id); err != nil {
		problem(w, err)
		return
	}
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(http.StatusNoContent)
}
