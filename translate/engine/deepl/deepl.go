// Package deepl is the engine for the DeepL API v2: POST /v2/translate
// with the key in an "Authorization: DeepL-Auth-Key" header, up to 50 texts
// a request, GET /v2/languages?type=source|target for the pairs.
package deepl

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"sync"

	"newsbridge/model"
	"newsbridge/translate/engine"
)

// Public API addresses: keys of the free plan end with ":fx" and are only
// accepted by the free endpoint.
const (
	ProURL  = "https://api.deepl.com"
	FreeURL = "https://api-free.deepl.com"
)

// Limits of one /v2/translate request: 50 texts and a 128 KiB body; the
// byte figure leaves room for JSON escaping and the other fields.
const (
	MaxTexts = 50
	MaxBytes = 100 << 10
)

// StatusQuotaExceeded is DeepL's "quota exceeded" answer.
const StatusQuotaExceeded = 456

// Engine translates through DeepL.
type Engine struct {
	engine.HTTPEngine

	mu      sync.Mutex
	pairs   []model.Pair
	targets map[string]target // DeepL target code → what /v2/languages said
}

type target struct {
	Language          string `json:"language"`
	Name              string `json:"name"`
	SupportsFormality bool   `json:"supports_formality"`
}

var (
	_ model.Engine   = (*Engine)(nil)
	_ engine.Batcher = (*Engine)(nil)
)

// New returns a DeepL engine. A key is required; cfg.URL defaults to the
// free or the pro endpoint according to the key.
func New(cfg engine.Config) (*Engine, error) {
	h, err := engine.NewHTTPEngine(cfg, engine.HTTPSpec{Kind: engine.KindDeepL, KeyRequired: true,
		DefaultURL: func(key engine.Secret) string {
			if strings.HasSuffix(key.Reveal(), ":fx") {
				return FreeURL
			}
			return ProURL
		}})
	if err != nil {
		return nil, err
	}
	return &Engine{HTTPEngine: h}, nil
}

// URL returns the API address in use (free or pro).
func (e *Engine) URL() string { return e.Base }

// Version names the API spoken.
func (e *Engine) Version() string { return "deepl-v2" }

// BatchLimit returns DeepL's per-request limits.
func (e *Engine) BatchLimit() (texts, bytes int) { return MaxTexts, MaxBytes }

func (e *Engine) request(method, path string, body any) engine.Request {
	return engine.Request{
		Method:      method,
		URL:         e.Base + path,
		Header:      http.Header{"Authorization": {"DeepL-Auth-Key " + e.Key.Reveal()}},
		Body:        body,
		Secrets:     []engine.Secret{e.Key},
		DecodeError: decodeError,
	}
}

// Pairs asks /v2/languages for the source and target languages and returns
// every source × target pair (kept to cfg.Pairs when set). Targets that
// exist only as variants (EN-GB, EN-US; PT-BR, PT-PT) are also offered as
// the plain language, which Translate maps to DefaultVariant's choice.
func (e *Engine) Pairs(ctx context.Context) ([]model.Pair, error) {
	e.mu.Lock()
	defer e.mu.Unlock()
	if e.pairs != nil {
		return e.pairs, nil
	}
	var sources, targets []target
	if err := engine.DoJSON(ctx, e.Client, e.request(http.MethodGet, "/v2/languages?type=source", nil), &sources); err != nil {
		return nil, fmt.Errorf("%s: unable to list source languages: %w", e.DisplayName, classify(err))
	}
	if err := engine.DoJSON(ctx, e.Client, e.request(http.MethodGet, "/v2/languages?type=target", nil), &targets); err != nil {
		return nil, fmt.Errorf("%s: unable to list target languages: %w", e.DisplayName, classify(err))
	}
	e.targets = map[string]target{}
	var tos []string
	seen := map[string]bool{}
	for _, t := range targets {
		code := strings.ToUpper(t.Language)
		e.targets[code] = t
		for _, tag := range []string{FromDeepL(code), model.BaseLang(FromDeepL(code))} {
			if !seen[tag] {
				seen[tag] = true
				tos = append(tos, tag)
			}
		}
	}
	var found []model.Pair
	for _, s := range sources {
		from := FromDeepL(s.Language)
		for _, to := range tos {
			if model.BaseLang(to) != model.BaseLang(from) {
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

// DefaultVariant is the DeepL target used for a language DeepL only offers
// in variants, when the tag names none. British English and European
// Portuguese: newsbridge's readers are addressed from Europe.
var DefaultVariant = map[string]string{
	"en": "EN-GB",
	"pt": "PT-PT",
	"zh": "ZH-HANS",
}

// FromDeepL turns a DeepL code into a BCP-47 tag: "EN-GB" → "en-GB",
// "ZH-HANS" → "zh-Hans", "NB" → "nb".
func FromDeepL(code string) string { return engine.CanonicalTag(code) }

// SourceCode returns DeepL's source_lang for a tag: its base language,
// upper-cased (DeepL's source languages have no variants).
func SourceCode(tag string) string {
	b := model.BaseLang(tag)
	if b == "no" {
		b = "nb"
	}
	return strings.ToUpper(b)
}

// TargetCode returns DeepL's target_lang for a tag: the variant the tag
// names (pt-BR → PT-BR, zh-Hant/zh-TW → ZH-HANT), DefaultVariant for a plain
// language DeepL splits, else the base language upper-cased.
func TargetCode(tag string) string {
	canon := engine.CanonicalTag(tag)
	base := model.BaseLang(canon)
	if base == "no" {
		base = "nb"
	}
	switch strings.ToLower(canon) {
	case "en-gb", "en-us", "pt-br", "pt-pt", "zh-hans", "zh-hant", "es-419":
		return strings.ToUpper(canon)
	case "en-au", "en-ie", "en-nz", "en-in", "en-za":
		return "EN-GB"
	case "en-ca":
		return "EN-US"
	case "pt-ao", "pt-mz":
		return "PT-PT"
	case "zh-tw", "zh-hk", "zh-mo":
		return "ZH-HANT"
	case "zh-cn", "zh-sg":
		return "ZH-HANS"
	}
	if v, ok := DefaultVariant[base]; ok {
		return v
	}
	return strings.ToUpper(base)
}

type request struct {
	Text        []string `json:"text"`
	SourceLang  string   `json:"source_lang,omitempty"`
	TargetLang  string   `json:"target_lang"`
	TagHandling string   `json:"tag_handling,omitempty"`
	Formality   string   `json:"formality,omitempty"`
	GlossaryID  string   `json:"glossary_id,omitempty"`
}

type response struct {
	Translations []struct {
		DetectedSourceLanguage string `json:"detected_source_language"`
		Text                   string `json:"text"`
	} `json:"translations"`
}

// Translate sends texts in batches of at most 50. A request in
// model.FormatHTML asks for tag_handling=html; cfg.Formality and
// cfg.GlossaryID are passed on.
func (e *Engine) Translate(ctx context.Context, req model.EngineRequest) ([]string, error) {
	return engine.TranslateBatches(ctx, "deepl", req, MaxTexts, MaxBytes, e.translate)
}

func (e *Engine) translate(ctx context.Context, r model.EngineRequest) ([]string, error) {
	pair, texts := r.Pair, r.Texts
	if len(texts) == 0 {
		return []string{}, nil
	}
	req := request{Text: texts, SourceLang: SourceCode(pair.From), TargetLang: TargetCode(pair.To), GlossaryID: e.Cfg.GlossaryID}
	if r.TextFormat() == model.FormatHTML {
		req.TagHandling = "html"
	}
	req.Formality = e.formality(req.TargetLang)
	var resp response
	if err := engine.DoJSON(ctx, e.Client, e.request(http.MethodPost, "/v2/translate", req), &resp); err != nil {
		return nil, fmt.Errorf("%s: %s: %w", e.DisplayName, pair, classify(err))
	}
	if len(resp.Translations) != len(texts) {
		return nil, fmt.Errorf("%s: %w: %d translations for %d texts", e.DisplayName, engine.ErrBadResponse, len(resp.Translations), len(texts))
	}
	out := make([]string, len(texts))
	for i, t := range resp.Translations {
		out[i] = t.Text
	}
	return out, nil
}

// formality returns the formality to send: "more" and "less" make DeepL
// refuse a target without formality, so for a target known not to support
// it they become the "prefer_" forms, which DeepL ignores there.
func (e *Engine) formality(targetCode string) string {
	f := e.Cfg.Formality
	if f != "more" && f != "less" {
		return f
	}
	e.mu.Lock()
	t, known := e.targets[targetCode]
	e.mu.Unlock()
	if known && !t.SupportsFormality {
		return "prefer_" + f
	}
	return f
}

// decodeError reads DeepL's {"message": "...", "detail": "..."}.
func decodeError(_ int, body []byte) (string, string) {
	var v struct {
		Message string `json:"message"`
		Detail  string `json:"detail"`
	}
	if json.Unmarshal(body, &v) != nil {
		return "", ""
	}
	if v.Detail != "" {
		return v.Message + " (" + v.Detail + ")", ""
	}
	return v.Message, ""
}

// classify marks DeepL's answers: 456 is the quota, 403 a refused key.
func classify(err error) error {
	var he *engine.HTTPError
	if !errors.As(err, &he) {
		return err
	}
	switch he.Status {
	case StatusQuotaExceeded:
		he.Quota = true
	case http.StatusForbidden, http.StatusUnauthorized:
		he.Auth = true
	}
	return err
}
