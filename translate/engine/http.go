package engine

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
	"time"
	"unicode/utf8"

	"newsbridge/model"
)

// MaxResponseBytes bounds what an engine's answer may weigh; a larger answer
// is an error rather than an out-of-memory.
const MaxResponseBytes = 32 << 20

// maxErrorBody bounds how much of an error answer is kept for the message.
const maxErrorBody = 4 << 10

// Request is one JSON request to an HTTP engine.
type Request struct {
	// Method defaults to POST when Body is set, GET otherwise.
	Method string
	// URL is the full address, query included.
	URL string
	// Header is added to the request (auth headers go here).
	Header http.Header
	// Body is encoded as JSON when not nil.
	Body any
	// Secrets are scrubbed from every error message this request produces
	// (transport errors repeat the URL, which may carry a key).
	Secrets []Secret
	// DecodeError turns an error answer's body into the engine's message
	// and reason; nil means the body (trimmed) is the message.
	DecodeError func(status int, body []byte) (message, reason string)
}

// DoJSON sends req with hc and decodes a 2xx JSON answer into out (when out
// is not nil). A non-2xx answer gives an *HTTPError; an answer that is not
// JSON gives an error wrapping ErrBadResponse. Keys never appear in the
// returned error.
func DoJSON(ctx context.Context, hc *http.Client, req Request, out any) error {
	if hc == nil {
		hc = http.DefaultClient
	}
	method := req.Method
	var body io.Reader
	if req.Body != nil {
		b, err := json.Marshal(req.Body)
		if err != nil {
			return fmt.Errorf("unable to encode request: %w", err)
		}
		body = bytes.NewReader(b)
		if method == "" {
			method = http.MethodPost
		}
	}
	if method == "" {
		method = http.MethodGet
	}
	hr, err := http.NewRequestWithContext(ctx, method, req.URL, body)
	if err != nil {
		return scrub(fmt.Errorf("unable to build request: %w", err), req.Secrets)
	}
	for k, vs := range req.Header {
		for _, v := range vs {
			hr.Header.Add(k, v)
		}
	}
	if body != nil && hr.Header.Get("Content-Type") == "" {
		hr.Header.Set("Content-Type", "application/json")
	}
	hr.Header.Set("Accept", "application/json")
	if hr.Header.Get("User-Agent") == "" {
		hr.Header.Set("User-Agent", "newsbridge")
	}
	resp, err := hc.Do(hr)
	if err != nil {
		return scrub(err, req.Secrets)
	}
	defer resp.Body.Close()
	if resp.StatusCode < 200 || resp.StatusCode > 299 {
		b, _ := io.ReadAll(io.LimitReader(resp.Body, maxErrorBody))
		he := &HTTPError{Status: resp.StatusCode, RetryAfter: ParseRetryAfter(resp.Header.Get("Retry-After"), time.Now())}
		if req.DecodeError != nil {
			he.Message, he.Reason = req.DecodeError(resp.StatusCode, b)
		}
		if he.Message == "" && he.Reason == "" {
			he.Message = shortText(b)
		}
		for _, s := range req.Secrets {
			he.Message = s.Scrub(he.Message)
			he.Reason = s.Scrub(he.Reason)
		}
		return he
	}
	if out == nil {
		_, _ = io.Copy(io.Discard, io.LimitReader(resp.Body, MaxResponseBytes))
		return nil
	}
	b, err := io.ReadAll(io.LimitReader(resp.Body, MaxResponseBytes+1))
	if err != nil {
		return scrub(fmt.Errorf("unable to read answer: %w", err), req.Secrets)
	}
	if len(b) > MaxResponseBytes {
		return fmt.Errorf("%w: answer larger than %d bytes", ErrBadResponse, MaxResponseBytes)
	}
	if err := json.Unmarshal(b, out); err != nil {
		return fmt.Errorf("%w: answer is not the expected JSON (%s): %v", ErrBadResponse, shortText(b), err)
	}
	return nil
}

// shortText returns the start of b as one printable line, for messages.
func shortText(b []byte) string {
	const max = 200
	if !utf8.Valid(b) {
		return fmt.Sprintf("%d bytes, not UTF-8", len(b))
	}
	s := strings.Join(strings.Fields(string(b)), " ")
	if len(s) > max {
		cut := max
		for cut > 0 && !utf8.RuneStart(s[cut]) {
			cut--
		}
		s = s[:cut] + "…"
	}
	return s
}

// scrubbedError keeps the cause for errors.Is/As (timeouts, resets) while
// printing a message with the secrets replaced.
type scrubbedError struct {
	msg string
	err error
}

func (e *scrubbedError) Error() string { return e.msg }
func (e *scrubbedError) Unwrap() error { return e.err }

// scrub hides secrets in err's message. A *url.Error's URL is rewritten
// first, since it is where a query-string key shows.
func scrub(err error, secrets []Secret) error {
	if err == nil || len(secrets) == 0 {
		return err
	}
	var ue *url.Error
	if errors.As(err, &ue) {
		for _, s := range secrets {
			ue.URL = s.Scrub(ue.URL)
		}
	}
	msg := err.Error()
	for _, s := range secrets {
		msg = s.Scrub(msg)
	}
	return &scrubbedError{msg: msg, err: err}
}

// JoinURL appends path to base, with exactly one slash between them.
func JoinURL(base, path string) string {
	return strings.TrimRight(base, "/") + "/" + strings.TrimLeft(path, "/")
}

// NewHTTPClient returns the client an HTTP engine uses: the given timeout
// per request (60s when 0). Engines share no client, so one engine's slow
// server cannot exhaust another's connections.
func NewHTTPClient(timeout time.Duration) *http.Client {
	if timeout <= 0 {
		timeout = 60 * time.Second
	}
	t := http.DefaultTransport.(*http.Transport).Clone()
	t.MaxIdleConnsPerHost = 16
	return &http.Client{Timeout: timeout, Transport: t}
}

// IsHTTPURL reports whether raw is an absolute http(s) URL with a host, as
// every HTTP engine's address must be.
func IsHTTPURL(raw string) bool {
	u, err := url.Parse(raw)
	return raw != "" && err == nil && (u.Scheme == "http" || u.Scheme == "https") && u.Host != ""
}

// HTTPEngine is what the HTTP engines with a key (deepl, google,
// libretranslate) share: their name, API address, key, configuration and
// client. Each embeds one, made by NewHTTPEngine.
type HTTPEngine struct {
	// DisplayName is the configured name, or the kind.
	DisplayName string
	// Base is the API address without a trailing slash.
	Base string
	// Key is the resolved key ("" when none); Cfg.Key is cleared so that
	// the key is kept once.
	Key    Secret
	Cfg    Config
	Client *http.Client
}

// HTTPSpec is what an HTTP engine requires of its configuration.
type HTTPSpec struct {
	// Kind is the engine's kind, the default of cfg.Kind.
	Kind string
	// KeyRequired refuses a configuration without a key.
	KeyRequired bool
	// DefaultURL gives the address when cfg.URL is empty (it may depend on
	// the key); nil makes cfg.URL required.
	DefaultURL func(key Secret) string
}

// NewHTTPEngine checks cfg against spec (the key, the address through
// IsHTTPURL) and returns the shared part of the engine.
func NewHTTPEngine(cfg Config, spec HTTPSpec) (HTTPEngine, error) {
	if cfg.Kind == "" {
		cfg.Kind = spec.Kind
	}
	name := cfg.DisplayName()
	key, err := cfg.ResolveKey()
	if err != nil {
		return HTTPEngine{}, err
	}
	if spec.KeyRequired && key == "" {
		return HTTPEngine{}, model.Errorf(model.EInvalid, "%s %s: an API key is required (key, key_file or %s)", spec.Kind, name, cfg.KeyEnv())
	}
	base := cfg.URL
	if base == "" && spec.DefaultURL != nil {
		base = spec.DefaultURL(key)
	}
	if base == "" {
		return HTTPEngine{}, model.Errorf(model.EInvalid, "%s %s: the server address (url) is required", spec.Kind, name)
	}
	if !IsHTTPURL(base) {
		return HTTPEngine{}, model.Errorf(model.EInvalid, "%s %s: the address %q is not an http(s) URL", spec.Kind, name, base)
	}
	cfg.Key = "" // kept once, in Key
	return HTTPEngine{DisplayName: name, Base: strings.TrimRight(base, "/"), Key: key, Cfg: cfg, Client: NewHTTPClient(cfg.Timeout)}, nil
}

// Name returns the configured name, or the kind.
func (e *HTTPEngine) Name() string { return e.DisplayName }

// String returns the name: %v on an engine must not print its fields, the
// key among them (fmt shows unexported fields without their String method).
func (e *HTTPEngine) String() string { return e.DisplayName }
