package engine

import (
	"bytes"
	"encoding/json"
	"fmt"
	"log/slog"
	"os"
	"strings"
	"time"

	"newsbridge/model"
)

// Engine kinds, as written in Config.Kind.
const (
	KindApertium       = "apertium"
	KindAPy            = "apy"
	KindLibreTranslate = "libretranslate"
	KindDeepL          = "deepl"
	KindGoogle         = "google"
	KindOpenAI         = "openai"
)

// Config describes one configured engine (from the config file / env).
type Config struct {
	// Name identifies the engine in routes, provenance and stats; "" means
	// the kind.
	Name string `json:"name,omitempty"`
	// Kind is one of the Kind… constants.
	Kind string `json:"kind,omitempty"`
	// URL is the engine's base address; "" means the public default where
	// there is one (DeepL, Google).
	URL string `json:"url,omitempty"`
	// Key is the API key. It is a Secret so that it never reaches a log.
	// When empty, ResolveKey reads KeyFile, then the environment.
	Key Secret `json:"key,omitempty"`
	// KeyFile is a file holding the key (surrounding space is trimmed).
	KeyFile string `json:"key_file,omitempty"`
	// Model is the model name for OpenAI-compatible servers.
	Model string `json:"model,omitempty"`
	// Pairs restricts (or, for engines that cannot tell, declares) the pairs
	// the engine translates.
	Pairs []model.Pair `json:"pairs,omitempty"`
	// Priority orders engines for one pair: lower goes first.
	Priority int `json:"priority,omitempty"`
	// Concurrency is the most requests in flight at once; 0 means 4.
	Concurrency int `json:"concurrency,omitempty"`
	// RatePerSecond is the most requests started per second; 0 = no limit.
	RatePerSecond float64 `json:"rate_per_second,omitempty"`
	// DailyChars is the character budget per UTC day; 0 = no budget.
	DailyChars int64 `json:"daily_chars,omitempty"`
	// Formality is passed to engines that support it (DeepL: "more",
	// "less", "prefer_more", "prefer_less").
	Formality string `json:"formality,omitempty"`
	// GlossaryID is an engine-side glossary (DeepL).
	GlossaryID string `json:"glossary_id,omitempty"`
	// Timeout bounds one HTTP request; 0 means 60s.
	Timeout time.Duration `json:"-"`
	// QuotaPause is how long an engine's quota error stops it when the
	// engine does not say when its quota resets; 0 means until the next UTC
	// midnight.
	QuotaPause time.Duration `json:"-"`
}

// DisplayName returns Name, or Kind when Name is empty.
func (c Config) DisplayName() string {
	if c.Name != "" {
		return c.Name
	}
	return c.Kind
}

// KeyEnv is the environment variable ResolveKey reads when neither Key nor
// KeyFile is set: NEWSBRIDGE_<NAME>_KEY, the name upper-cased with every
// character other than a letter or digit turned into '_'.
func (c Config) KeyEnv() string {
	name := strings.Map(func(r rune) rune {
		switch {
		case r >= 'a' && r <= 'z':
			return r - 'a' + 'A'
		case r >= 'A' && r <= 'Z', r >= '0' && r <= '9':
			return r
		}
		return '_'
	}, c.DisplayName())
	return "NEWSBRIDGE_" + name + "_KEY"
}

// ResolveKey returns the engine's key: Key if set, else the content of
// KeyFile, else the KeyEnv environment variable, else "" (no key). Errors
// name the file, never its content.
func (c Config) ResolveKey() (Secret, error) {
	if c.Key != "" {
		return c.Key, nil
	}
	if c.KeyFile != "" {
		b, err := os.ReadFile(c.KeyFile)
		if err != nil {
			return "", fmt.Errorf("engine %s: unable to read key file: %w", c.DisplayName(), err)
		}
		k := strings.TrimSpace(string(b))
		if k == "" {
			return "", fmt.Errorf("engine %s: key file %s is empty", c.DisplayName(), c.KeyFile)
		}
		return Secret(k), nil
	}
	return Secret(strings.TrimSpace(os.Getenv(c.KeyEnv()))), nil
}

// Secret is a key or password. Every way of printing it (fmt verbs, JSON,
// slog) gives "***"; only Reveal gives the value, for the one place that
// sends it to the engine.
type Secret string

const redacted = "***"

// Reveal returns the secret itself.
func (s Secret) Reveal() string { return string(s) }

// String returns "***".
func (s Secret) String() string { return redacted }

// GoString returns "***", so %#v hides the key too.
func (s Secret) GoString() string { return redacted }

// Format prints "***" whatever the verb: without it %d or %x on a string
// type would print the raw value.
func (s Secret) Format(f fmt.State, _ rune) { _, _ = f.Write([]byte(redacted)) }

// MarshalJSON writes "***".
func (s Secret) MarshalJSON() ([]byte, error) { return json.Marshal(redacted) }

// MarshalText writes "***" (used by encoders that prefer text).
func (s Secret) MarshalText() ([]byte, error) { return []byte(redacted), nil }

// LogValue makes slog print "***".
func (s Secret) LogValue() slog.Value { return slog.StringValue(redacted) }

// Scrub replaces every occurrence of the secret in msg by "***": error
// messages from a transport often repeat the request URL, which for some
// engines carries the key.
func (s Secret) Scrub(msg string) string {
	if len(s) < 4 { // too short to be a real key; replacing would garble text
		return msg
	}
	return strings.ReplaceAll(msg, string(s), redacted)
}

// UnmarshalJSON reads a configured engine from the config file, with its
// durations written as "30s" ("timeout", "quota_pause").
func (c *Config) UnmarshalJSON(b []byte) error {
	type plain Config
	var aux struct {
		*plain
		Timeout    string `json:"timeout"`
		QuotaPause string `json:"quota_pause"`
	}
	aux.plain = (*plain)(c)
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&aux); err != nil {
		return fmt.Errorf("engine config: %w", err)
	}
	for _, d := range []struct {
		text string
		dst  *time.Duration
	}{{aux.Timeout, &c.Timeout}, {aux.QuotaPause, &c.QuotaPause}} {
		if d.text == "" {
			continue
		}
		v, err := time.ParseDuration(d.text)
		if err != nil {
			return fmt.Errorf("engine config: %q is not a duration like \"30s\"", d.text)
		}
		*d.dst = v
	}
	return nil
}
