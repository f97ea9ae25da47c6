// Package libretranslate is the engine for a LibreTranslate server
// (https://libretranslate.com, or self-hosted): POST /translate with q as
// an array, GET /languages for the pairs.
package libretranslate

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"sync"
	"time"

	"newsbridge/model"
	"newsbridge/translate/engine"
)

// Batch limits: LibreTranslate has no fixed limit (the operator sets
// --batch-limit and --char-limit); these keep a request well inside the
// defaults of public instances.
const (
	MaxTexts = 50
	MaxBytes = 20000
)

// Engine translates through a LibreTranslate server.
type Engine struct {
	engine.HTTPEngine
	// Now is the clock used to say when a daily or hourly limit ends.
	Now func() time.Time

	mu    sync.Mutex
	pairs []model.Pair
	codes map[string]string // lower-cased BCP-47 tag → the server's code
}

var (
	_ model.Engine   = (*Engine)(nil)
	_ engine.Batcher = (*Engine)(nil)
)

// New returns the engine for the server at cfg.URL (required). The key is
// optional: self-hosted servers often run without one.
func New(cfg engine.Config) (*Engine, error) {
	h, err := engine.NewHTTPEngine(cfg, engine.HTTPSpec{Kind: engine.KindLibreTranslate})
	if err != nil {
		return nil, err
	}
	return &Engine{HTTPEngine: h, Now: time.Now}, nil
}

// Version names the API spoken.
func (e *Engine) Version() string { return "libretranslate-api-1" }

// BatchLimit returns the most texts and bytes sent in one request.
func (e *Engine) BatchLimit() (texts, bytes int) { return MaxTexts, MaxBytes }

type language struct {
	Code    string   `json:"code"`
	Name    string   `json:"name"`
	Targets []string `json:"targets"`
}

// Pairs asks the server's /languages for the pairs it translates, kept to
// cfg.Pairs when set. A successful answer is cached.
func (e *Engine) Pairs(ctx context.Context) ([]model.Pair, error) {
	e.mu.Lock()
	defer e.mu.Unlock()
	if e.pairs != nil {
		return e.pairs, nil
	}
	var langs []language
	if err := engine.DoJSON(ctx, e.Client, engine.Request{URL: e.Base + "/languages", Secrets: e.secrets(), DecodeError: decodeError}, &langs); err != nil {
		return nil, fmt.Errorf("%s: unable to list languages: %w", e.DisplayName, e.classify(err))
	}
	codes := map[string]string{}
	var found []model.Pair
	for _, l := range langs {
		from := fromCode(l.Code)
		codes[strings.ToLower(from)] = l.Code
		for _, t := range l.Targets {
			to := fromCode(t)
			codes[strings.ToLower(to)] = t
			if to != from {
				found = append(found, model.Pair{From: from, To: to})
			}
		}
	}
	e.codes = codes
	e.pairs = engine.FilterPairs(found, e.Cfg.Pairs)
	if e.pairs == nil {
		e.pairs = []model.Pair{}
	}
	return e.pairs, nil
}

// fromCode returns the BCP-47 tag for a LibreTranslate code; "zt" is its
// historic name for Chinese in traditional script.
func fromCode(c string) string {
	if strings.EqualFold(c, "zt") {
		return "zh-Hant"
	}
	return engine.CanonicalTag(c)
}

// code returns the server's code for a BCP-47 tag: the one /languages gave
// when known, else the tag with LibreTranslate's historic names for
// Chinese, else its base language.
func (e *Engine) code(tag string) string {
	e.mu.Lock()
	defer e.mu.Unlock()
	canon := strings.ToLower(engine.CanonicalTag(tag))
	if c, ok := e.codes[canon]; ok {
		return c
	}
	switch canon {
	case "zh-hant", "zh-tw", "zh-hk":
		return "zt"
	case "zh-hans", "zh-cn":
		return "zh"
	case "pt-br":
		return "pt-BR"
	}
	return model.BaseLang(tag)
}

type request struct {
	Q      []string `json:"q"`
	Source string   `json:"source"`
	Target string   `json:"target"`
	Format string   `json:"format"`
	APIKey string   `json:"api_key,omitempty"`
}

type response struct {
	TranslatedText json.RawMessage `json:"translatedText"`
}

// Translate sends texts, in batches of at most MaxTexts, and returns one
// translation per text. A request in model.FormatHTML sends format "html".
func (e *Engine) Translate(ctx context.Context, req model.EngineRequest) ([]string, error) {
	return engine.TranslateBatches(ctx, "libretranslate", req, MaxTexts, MaxBytes, e.translate)
}

func (e *Engine) translate(ctx context.Context, r model.EngineRequest) ([]string, error) {
	pair, texts := r.Pair, r.Texts
	if len(texts) == 0 {
		return []string{}, nil
	}
	req := request{Q: texts, Source: e.code(pair.From), Target: e.code(pair.To), Format: r.TextFormat(), APIKey: e.Key.Reveal()}
	var resp response
	err := engine.DoJSON(ctx, e.Client, engine.Request{URL: e.Base + "/translate", Body: req, Secrets: e.secrets(), DecodeError: decodeError}, &resp)
	if err != nil {
		return nil, fmt.Errorf("%s: %s: %w", e.DisplayName, pair, e.classify(err))
	}
	var got []string
	if err := json.Unmarshal(resp.TranslatedText, &got); err != nil {
		return nil, fmt.Errorf("%s: %w: translatedText is not a list of strings", e.DisplayName, engine.ErrBadResponse)
	}
	if len(got) != len(texts) {
		return nil, fmt.Errorf("%s: %w: %d translations for %d texts", e.DisplayName, engine.ErrBadResponse, len(got), len(texts))
	}
	return got, nil
}

func (e *Engine) secrets() []engine.Secret { return []engine.Secret{e.Key} }

// decodeError reads LibreTranslate's {"error": "..."}.
func decodeError(_ int, body []byte) (string, string) {
	var v struct {
		Error string `json:"error"`
	}
	if json.Unmarshal(body, &v) == nil {
		return v.Error, ""
	}
	return "", ""
}

// classify marks LibreTranslate's answers. 403 is a refused key when the
// message says so, otherwise the server's ban of a client over its limits,
// which lasts. 429 comes from its limiter: a per-minute limit is a
// slow-down, retried; a daily or hourly one ("100 per 1 day") is a quota,
// which stops the engine for that period.
func (e *Engine) classify(err error) error {
	he, ok := err.(*engine.HTTPError)
	if !ok {
		return err
	}
	msg := strings.ToLower(he.Message)
	switch he.Status {
	case http.StatusForbidden:
		if strings.Contains(msg, "key") {
			he.Auth = true
		} else {
			he.Quota = true
		}
	case http.StatusTooManyRequests:
		now := e.Now()
		switch {
		case strings.Contains(msg, " day"):
			return &engine.QuotaError{Until: engine.NextUTCMidnight(now), Err: he}
		case strings.Contains(msg, " hour"):
			return &engine.QuotaError{Until: now.Add(time.Hour), Err: he}
		}
	}
	return he
}
