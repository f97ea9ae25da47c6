// Package openai is the engine for any server speaking OpenAI's
// chat-completions API (vLLM, Ollama, llama.cpp server, OpenAI itself):
// POST {base}/v1/chat/completions with the model, a system prompt and the
// segments numbered, temperature 0; the answer is parsed back by number.
// Such servers cannot say which pairs their model translates well, so the
// pairs come from the configuration.
package openai

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"unicode"

	"newsbridge/model"
	"newsbridge/translate/engine"
	"newsbridge/translate/engine/placeholder"
)

// Batch limits: a small model keeps numbering reliable over a few dozen
// short segments; a longer prompt mostly buys missing segments.
const (
	MaxTexts = 20
	MaxBytes = 6000
)

// errSegments marks an answer whose segments do not match the request;
// Translate retries such a batch in halves before giving up.
var errSegments = errors.New("segments do not match")

// Engine translates through an OpenAI-compatible chat-completions server.
type Engine struct {
	name     string
	endpoint string
	model    string
	key      engine.Secret
	pairs    []model.Pair
	hc       *http.Client
}

var (
	_ model.Engine   = (*Engine)(nil)
	_ engine.Batcher = (*Engine)(nil)
)

// New returns the engine for the server at cfg.URL (its base, with or
// without /v1) and cfg.Model; cfg.Pairs must list the pairs to use it for.
// The key is optional and sent as a Bearer token.
func New(cfg engine.Config) (*Engine, error) {
	if cfg.Kind == "" {
		cfg.Kind = engine.KindOpenAI
	}
	name := cfg.DisplayName()
	if !engine.IsHTTPURL(cfg.URL) {
		return nil, model.Errorf(model.EInvalid, "openai %s: the server address %q is not an http(s) URL", name, cfg.URL)
	}
	if strings.TrimSpace(cfg.Model) == "" {
		return nil, model.Errorf(model.EInvalid, "openai %s: a model name is required", name)
	}
	if len(cfg.Pairs) == 0 {
		return nil, model.Errorf(model.EInvalid, "openai %s: the language pairs must be configured (the server cannot tell)", name)
	}
	for _, p := range cfg.Pairs {
		if p.From == "" || p.To == "" {
			return nil, model.Errorf(model.EInvalid, "openai %s: language pair %q is incomplete", name, p.String())
		}
	}
	key, err := cfg.ResolveKey()
	if err != nil {
		return nil, err
	}
	base := strings.TrimRight(cfg.URL, "/")
	endpoint := base + "/v1/chat/completions"
	if strings.HasSuffix(base, "/v1") {
		endpoint = base + "/chat/completions"
	}
	return &Engine{name: name, endpoint: endpoint, model: cfg.Model, key: key,
		pairs: append([]model.Pair(nil), cfg.Pairs...), hc: engine.NewHTTPClient(cfg.Timeout)}, nil
}

// Name returns the configured name, or "openai".
func (e *Engine) Name() string { return e.name }

// String returns the name: %v on an engine must not print its fields, the
// key among them (fmt shows unexported fields without their String method).
func (e *Engine) String() string { return e.name }

// Version names the model: with an LLM the model is what decides the
// translation, so it is what provenance must record.
func (e *Engine) Version() string { return "openai-chat/" + e.model }

// BatchLimit returns the most segments and bytes put in one prompt.
func (e *Engine) BatchLimit() (texts, bytes int) { return MaxTexts, MaxBytes }

// Pairs returns the configured pairs.
func (e *Engine) Pairs(context.Context) ([]model.Pair, error) {
	return append([]model.Pair(nil), e.pairs...), nil
}

// Translate sends texts in batches of at most MaxTexts and parses the
// numbered answer. A batch answered with missing or extra segments is
// retried in halves, down to single segments, then fails with
// engine.ErrBadResponse.
func (e *Engine) Translate(ctx context.Context, req model.EngineRequest) ([]string, error) {
	pair, texts := req.Pair, req.Texts
	if pair.From == "" || pair.To == "" {
		return nil, model.Errorf(model.EInvalid, "openai: language pair %q is incomplete", pair.String())
	}
	for _, t := range texts {
		if strings.Contains(t, "<seg") || strings.Contains(t, "</seg") {
			return nil, model.Errorf(model.EInvalid, "openai: a segment contains the <seg> marker the prompt uses")
		}
	}
	out := make([]string, 0, len(texts))
	for _, batch := range engine.SplitBatches(texts, MaxTexts, MaxBytes) {
		res, err := e.translateSplitting(ctx, req.WithTexts(batch))
		if err != nil {
			return nil, err
		}
		out = append(out, res...)
	}
	return out, nil
}

func (e *Engine) translateSplitting(ctx context.Context, req model.EngineRequest) ([]string, error) {
	texts := req.Texts
	res, err := e.translate(ctx, req)
	if err == nil || !errors.Is(err, errSegments) || len(texts) == 1 {
		return res, err
	}
	half := len(texts) / 2
	a, err := e.translateSplitting(ctx, req.WithTexts(texts[:half]))
	if err != nil {
		return nil, err
	}
	b, err := e.translateSplitting(ctx, req.WithTexts(texts[half:]))
	if err != nil {
		return nil, err
	}
	return append(a, b...), nil
}

type message struct {
	Role    string `json:"role"`
	Content string `json:"content"`
}

type request struct {
	Model       string    `json:"model"`
	Messages    []message `json:"messages"`
	Temperature float64   `json:"temperature"`
	Stream      bool      `json:"stream"`
}

type response struct {
	Choices []struct {
		Message struct {
			Content *string `json:"content"`
		} `json:"message"`
		FinishReason string `json:"finish_reason"`
	} `json:"choices"`
}

func (e *Engine) translate(ctx context.Context, er model.EngineRequest) ([]string, error) {
	pair, texts := er.Pair, er.Texts
	if len(texts) == 0 {
		return []string{}, nil
	}
	req := request{
		Model: e.model,
		Messages: []message{
			{Role: "system", Content: SystemPrompt(pair, er.TextFormat())},
			{Role: "user", Content: UserPrompt(texts)},
		},
		Temperature: 0,
	}
	r := engine.Request{URL: e.endpoint, Body: req, Secrets: []engine.Secret{e.key}, DecodeError: decodeError}
	if e.key != "" {
		r.Header = http.Header{"Authorization": {"Bearer " + e.key.Reveal()}}
	}
	var resp response
	if err := engine.DoJSON(ctx, e.hc, r, &resp); err != nil {
		return nil, fmt.Errorf("%s: %s: %w", e.name, pair, classify(err))
	}
	if len(resp.Choices) == 0 || resp.Choices[0].Message.Content == nil {
		return nil, fmt.Errorf("%s: %w: no answer in the completion", e.name, engine.ErrBadResponse)
	}
	c := resp.Choices[0]
	if c.FinishReason == "length" { // the last segment may be cut in the middle
		return nil, fmt.Errorf("%s: %w: %w: answer cut short by the token limit", e.name, engine.ErrBadResponse, errSegments)
	}
	out, err := ParseAnswer(*c.Message.Content, texts)
	if err != nil {
		return nil, fmt.Errorf("%s: %w: %w", e.name, engine.ErrBadResponse, err)
	}
	return out, nil
}

// languageName names a tag in English for the prompt, with the tag itself
// so that a model knows the variant asked for: "Portuguese (pt-BR)".
func languageName(tag string) string {
	l, err := model.ParseLang(tag)
	if err != nil || l.EnglishName == "" {
		return tag
	}
	return l.EnglishName + " (" + l.Tag + ")"
}

// SystemPrompt is the instruction sent with every request. It asks for the
// same numbered segments back and for markup and placeholders untouched:
// the segmenter has already replaced what is not language by placeholders
// and checks they come back.
func SystemPrompt(pair model.Pair, format string) string {
	var b strings.Builder
	fmt.Fprintf(&b, "You are a professional news translator. Translate each segment the user sends from %s to %s.\n",
		languageName(pair.From), languageName(pair.To))
	b.WriteString(`Each segment is wrapped as <seg id="N">…</seg>. Rules:
- Answer with every segment, in the same order, wrapped exactly the same way with the same id: <seg id="N">translation</seg>. Write nothing else: no notes, no explanations.
- Translate each segment on its own. Never merge, split, drop or add segments.
- Keep every placeholder (such as ` + placeholder.Format(placeholder.Plain, 1) + `, {{0}}, {1}, %s, [[2]]) exactly as written, once each, where it belongs in the sentence.
- Keep URLs, e-mail addresses, numbers and code exactly as written.
`)
	if format == model.FormatHTML {
		b.WriteString("- The segments are HTML: keep every tag and attribute exactly as written, around the words they mark; translate only the text.\n")
	} else {
		b.WriteString("- The segments are plain text: keep any markup-like text as it is.\n")
	}
	return b.String()
}

// UserPrompt numbers the segments from 1. Surrounding white space is left
// out (models drop it anyway); ParseAnswer puts it back.
func UserPrompt(texts []string) string {
	var b strings.Builder
	for i, t := range texts {
		fmt.Fprintf(&b, "<seg id=\"%d\">%s</seg>\n", i+1, strings.TrimSpace(t))
	}
	return b.String()
}

// The answer's patterns, compiled at first use: most processes never call
// a model.
var (
	segRE = sync.OnceValue(func() *regexp.Regexp {
		return regexp.MustCompile(`(?s)<seg\s+id\s*=\s*["']?(\d+)["']?\s*>(.*?)</seg\s*>`)
	})
	thinkRE = sync.OnceValue(func() *regexp.Regexp {
		return regexp.MustCompile(`(?s)<think>.*?</think>`)
	})
)

// ParseAnswer reads a model's answer back into one translation per source
// text. Text outside the segments (a model's preamble, a reasoning model's
// <think> block) is ignored; a missing, duplicated or unknown segment
// number is an error. Each translation gets its source's leading and
// trailing white space, which models drop.
func ParseAnswer(answer string, sources []string) ([]string, error) {
	answer = thinkRE().ReplaceAllString(answer, "")
	out := make([]string, len(sources))
	seen := make([]bool, len(sources))
	for _, m := range segRE().FindAllStringSubmatch(answer, -1) {
		n, err := strconv.Atoi(m[1])
		if err != nil || n < 1 || n > len(sources) {
			return nil, fmt.Errorf("%w: segment %s was not asked for", errSegments, m[1])
		}
		if seen[n-1] {
			return nil, fmt.Errorf("%w: segment %d twice", errSegments, n)
		}
		seen[n-1] = true
		src := sources[n-1]
		lead := src[:len(src)-len(strings.TrimLeftFunc(src, unicode.IsSpace))]
		trail := src[len(strings.TrimRightFunc(src, unicode.IsSpace)):]
		if strings.TrimSpace(src) == "" {
			out[n-1] = src
			continue
		}
		out[n-1] = lead + strings.TrimSpace(m[2]) + trail
	}
	var missing []string
	for i, ok := range seen {
		if !ok {
			missing = append(missing, strconv.Itoa(i+1))
		}
	}
	if len(missing) > 0 {
		return nil, fmt.Errorf("%w: segment %s missing", errSegments, strings.Join(missing, ", "))
	}
	return out, nil
}

// decodeError reads {"error": {"message", "type", "code"}} (OpenAI, vLLM)
// and {"error": "..."} (Ollama, llama.cpp).
func decodeError(_ int, body []byte) (string, string) {
	var v struct {
		Error json.RawMessage `json:"error"`
	}
	if json.Unmarshal(body, &v) != nil || len(v.Error) == 0 {
		return "", ""
	}
	var s string
	if json.Unmarshal(v.Error, &s) == nil {
		return s, ""
	}
	var o struct {
		Message string `json:"message"`
		Type    string `json:"type"`
		Code    any    `json:"code"`
	}
	if json.Unmarshal(v.Error, &o) != nil {
		return "", ""
	}
	reason := o.Type
	if c, ok := o.Code.(string); ok && c != "" {
		reason = c
	}
	return o.Message, reason
}

// classify marks the answers: OpenAI's 429 "insufficient_quota" is a spent
// quota (any other 429 is a slow-down); 401 and 403 refuse the key.
func classify(err error) error {
	var he *engine.HTTPError
	if !errors.As(err, &he) {
		return err
	}
	switch {
	case he.Reason == "insufficient_quota":
		he.Quota = true
	case he.Status == http.StatusUnauthorized || he.Status == http.StatusForbidden:
		he.Auth = true
	}
	return err
}
