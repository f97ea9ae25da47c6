// Package google is the engine for Google Cloud Translation v2 ("basic"):
// POST /language/translate/v2?key=KEY with q as a list of up to 128 texts,
// GET /language/translate/v2/languages for the pairs.
package google

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"time"

	"newsbridge/model"
	"newsbridge/translate/engine"
)

// DefaultURL is Google's public endpoint.
const DefaultURL = "https://translation.googleapis.com"

// Limits of one request: 128 texts; Google advises at most 30,000
// characters, kept here in bytes (never fewer than the characters).
const (
	MaxTexts = 128
	MaxBytes = 30000
)

// Engine translates through Google Cloud Translation v2.
type Engine struct {
	engine.HTTPEngine
	// Now is the clock used to say when a daily quota resets.
	Now func() time.Time

	mu    sync.Mutex
	pairs []model.Pair
	codes map[string]bool // Google's codes, once listed
}

var (
	_ model.Engine   = (*Engine)(nil)
	_ engine.Batcher = (*Engine)(nil)
)

// New returns a Google engine; a key is required, cfg.URL defaults to
// DefaultURL.
func New(cfg engine.Config) (*Engine, error) {
	h, err := engine.NewHTTPEngine(cfg, engine.HTTPSpec{Kind: engine.KindGoogle, KeyRequired: true,
		DefaultURL: func(engine.Secret) string { return DefaultURL }})
	if err != nil {
		return nil, err
	}
	return &Engine{HTTPEngine: h, Now: time.Now}, nil
}

// Version names the API spoken.
func (e *Engine) Version() string { return "google-translate-v2" }

// BatchLimit returns Google's per-request limits.
func (e *Engine) BatchLimit() (texts, bytes int) { return MaxTexts, MaxBytes }

func (e *Engine) request(method, path string, body any) engine.Request {
	return engine.Request{
		Method:      method,
		URL:         e.Base + path + "?key=" + url.QueryEscape(e.Key.Reveal()),
		Body:        body,
		Secrets:     []engine.Secret{e.Key, engine.Secret(url.QueryEscape(e.Key.Reveal()))},
		DecodeError: decodeError,
	}
}

// Pairs lists Google's languages and returns every pair between two of
// them (kept to cfg.Pairs when set); Google's own names are also offered
// under the tags newsbridge uses (zh-CN as zh and zh-Hans, iw as he, no as
// nb).
func (e *Engine) Pairs(ctx context.Context) ([]model.Pair, error) {
	e.mu.Lock()
	defer e.mu.Unlock()
	if e.pairs != nil {
		return e.pairs, nil
	}
	var resp struct {
		Data struct {
			Languages []struct {
				Language string `json:"language"`
			} `json:"languages"`
		} `json:"data"`
	}
	if err := engine.DoJSON(ctx, e.Client, e.request(http.MethodGet, "/language/translate/v2/languages", nil), &resp); err != nil {
		return nil, fmt.Errorf("%s: unable to list languages: %w", e.DisplayName, e.classify(err))
	}
	e.codes = map[string]bool{}
	var tags []string
	for _, l := range resp.Data.Languages {
		e.codes[l.Language] = true
		tags = append(tags, FromGoogle(l.Language)...)
	}
	var found []model.Pair
	for _, from := range tags {
		for _, to := range tags {
			if model.BaseLang(from) != model.BaseLang(to) && from != to {
				found = append(found, model.Pair{From: from, To: to})
			}
		}
	}
	e.pairs = engine.FilterPairs(found, e.Cfg.Pairs)
	if e.pairs == nil {
		e.pairs = []model.Pair{}
	}
	return e.pairs, nil
}

// FromGoogle returns the BCP-47 tags newsbridge may use for a Google code,
// the first being its canonical form.
func FromGoogle(code string) []string {
	switch strings.ToLower(code) {
	case "iw":
		return []string{"he"}
	case "jw":
		return []string{"jv"}
	case "no":
		return []string{"nb", "no"}
	case "zh", "zh-cn":
		return []string{"zh-CN", "zh", "zh-Hans"}
	case "zh-tw":
		return []string{"zh-TW", "zh-Hant"}
	}
	return []string{engine.CanonicalTag(code)}
}

// Code returns Google's code for a tag: the tag itself when Google listed
// it, else Google's historic or script-less name for it, else its base
// language.
func (e *Engine) Code(tag string) string {
	canon := engine.CanonicalTag(tag)
	e.mu.Lock()
	codes := e.codes
	e.mu.Unlock()
	if codes[canon] {
		return canon
	}
	switch strings.ToLower(canon) {
	case "zh", "zh-hans", "zh-cn", "zh-sg":
		return "zh-CN"
	case "zh-hant", "zh-tw", "zh-hk", "zh-mo":
		return "zh-TW"
	case "he":
		if codes["he"] {
			return "he"
		}
		return "iw"
	case "jv":
		if codes["jv"] {
			return "jv"
		}
		return "jw"
	case "nb", "nn":
		return "no"
	}
	return model.BaseLang(canon)
}

type request struct {
	Q      []string `json:"q"`
	Source string   `json:"source,omitempty"`
	Target string   `json:"target"`
	Format string   `json:"format"`
}

type response struct {
	Data struct {
		Translations []struct {
			TranslatedText string `json:"translatedText"`
		} `json:"translations"`
	} `json:"data"`
}

// Translate sends texts in batches of at most 128. The format is always
// sent: Google's default is html, which would escape plain text
// (O'Brien → O&#39;Brien). For a request in model.FormatHTML the answer is
// HTML, entities and all, as the caller asked.
func (e *Engine) Translate(ctx context.Context, req model.EngineRequest) ([]string, error) {
	return engine.TranslateBatches(ctx, "google", req, MaxTexts, MaxBytes, e.translate)
}

func (e *Engine) translate(ctx context.Context, r model.EngineRequest) ([]string, error) {
	pair, texts := r.Pair, r.Texts
	if len(texts) == 0 {
		return []string{}, nil
	}
	req := request{Q: texts, Source: e.Code(pair.From), Target: e.Code(pair.To), Format: r.TextFormat()}
	var resp response
	if err := engine.DoJSON(ctx, e.Client, e.request(http.MethodPost, "/language/translate/v2", req), &resp); err != nil {
		return nil, fmt.Errorf("%s: %s: %w", e.DisplayName, pair, e.classify(err))
	}
	tr := resp.Data.Translations
	if len(tr) != len(texts) {
		return nil, fmt.Errorf("%s: %w: %d translations for %d texts", e.DisplayName, engine.ErrBadResponse, len(tr), len(texts))
	}
	out := make([]string, len(texts))
	for i, t := range tr {
		out[i] = t.TranslatedText
	}
	return out, nil
}

// googleError is Google's error envelope.
type googleError struct {
	Error struct {
		Code    int    `json:"code"`
		Message string `json:"message"`
		Status  string `json:"status"`
		Errors  []struct {
			Reason string `json:"reason"`
			Domain string `json:"domain"`
		} `json:"errors"`
		Details []struct {
			Reason string `json:"reason"`
		} `json:"details"`
	} `json:"error"`
}

func decodeError(_ int, body []byte) (string, string) {
	var v googleError
	if json.Unmarshal(body, &v) != nil {
		return "", ""
	}
	reason := ""
	for _, r := range v.Error.Errors {
		if r.Reason != "" {
			reason = r.Reason
			break
		}
	}
	if reason == "" {
		for _, d := range v.Error.Details {
			if d.Reason != "" {
				reason = d.Reason
				break
			}
		}
	}
	if reason == "" {
		reason = v.Error.Status
	}
	return v.Error.Message, reason
}

// classify marks Google's answers by reason: a daily quota stops the engine
// until midnight Pacific time (when Google resets it); per-minute rate
// limits are retried; an invalid, expired or unauthorised key is refused.
func (e *Engine) classify(err error) error {
	var he *engine.HTTPError
	if !errors.As(err, &he) {
		return err
	}
	yes, no := true, false
	switch he.Reason {
	case "dailyLimitExceeded", "quotaExceeded", "dailyLimitExceededUnreg":
		return &engine.QuotaError{Until: nextPacificMidnight(e.Now()), Err: he}
	case "userRateLimitExceeded", "rateLimitExceeded", "RATE_LIMIT_EXCEEDED":
		he.Retry = &yes
	case "keyInvalid", "keyExpired", "API_KEY_INVALID", "API_KEY_EXPIRED", "accessNotConfigured", "SERVICE_DISABLED", "ipRefererBlocked", "forbidden":
		he.Auth = true
	default:
		if he.Status == http.StatusForbidden || he.Status == http.StatusUnauthorized {
			he.Auth = true
			he.Retry = &no
		}
	}
	return he
}

// nextPacificMidnight returns when Google resets daily quotas; zero (the
// caller's default pause) when the time zone database is missing.
func nextPacificMidnight(now time.Time) time.Time {
	loc, err := time.LoadLocation("America/Los_Angeles")
	if err != nil {
		return time.Time{}
	}
	y, m, d := now.In(loc).Date()
	return time.Date(y, m, d+1, 0, 0, 0, 0, loc)
}
