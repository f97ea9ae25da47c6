// Package config reads newsbridge's configuration from, in order of
// precedence, command-line flags, NEWSBRIDGE_* environment variables and an
// optional JSON file (newsbridge.json in the data directory, or --config).
package config

import (
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"

	"golang.org/x/text/language"

	"newsbridge/model"
	"newsbridge/translate/engine"
)

// Config is newsbridge's whole configuration.
type Config struct {
	// DataDir holds the SQLite database, the search index and the lock file.
	DataDir string `json:"data_dir"`
	// DatabaseURL selects PostgreSQL instead of SQLite (postgres://…).
	DatabaseURL string `json:"database_url"`
	// Addr is where `serve` listens.
	Addr string `json:"addr"`
	// BaseURL is the site's public address, for canonical links, feeds and
	// sitemaps; "" = derived from Addr.
	BaseURL string `json:"base_url"`
	// SiteName is shown in the header and feeds.
	SiteName string `json:"site_name"`
	// Languages are the site's languages; translation targets are the
	// enabled ones. DefaultLanguage must be one of them and enabled.
	Languages       []string `json:"languages"`
	DefaultLanguage string   `json:"default_language"`
	// RTL lists extra right-to-left language tags beyond the built-in ones.
	RTL []string `json:"rtl"`
	// Engines are the machine-translation engines by priority; empty means
	// the embedded Apertium.
	Engines []engine.Config `json:"engines"`
	// Pivots are the languages tried, in order, for a pair with no direct engine.
	Pivots []string `json:"pivots"`
	// Workers is the number of jobs worked at once in this process.
	Workers int `json:"workers"`
	// PollEvery is how often due sources are looked for.
	PollEvery Duration `json:"poll_every"`
	// JobTimeout bounds one job; RescueAfter is when a job left running by a
	// dead process on PostgreSQL is made available again.
	JobTimeout  Duration `json:"job_timeout"`
	RescueAfter Duration `json:"rescue_after"`
	// FetchDelay is the minimum delay between two requests to one host.
	FetchDelay Duration `json:"fetch_delay"`
	// UserAgent is sent with every request to an outlet.
	UserAgent string `json:"user_agent"`
	// Fetch and Feed bound what outlets may reach and cost (config/fetch.go).
	Fetch FetchConfig `json:"fetch"`
	Feed  FeedConfig  `json:"feed"`

	badEnv []string // malformed environment values, reported by Validate
}

// Duration is a time.Duration written as "30s" in JSON.
type Duration struct{ time.Duration }

// UnmarshalJSON reads "30s" or a number of seconds.
func (d *Duration) UnmarshalJSON(b []byte) error {
	var s string
	if err := json.Unmarshal(b, &s); err == nil {
		v, err := time.ParseDuration(s)
		d.Duration = v
		return err
	}
	var n float64
	if err := json.Unmarshal(b, &n); err != nil {
		return fmt.Errorf("duration: want \"30s\" or seconds: %s", b)
	}
	d.Duration = time.Duration(n * float64(time.Second))
	return nil
}

// MarshalJSON writes "30s".
func (d Duration) MarshalJSON() ([]byte, error) { return json.Marshal(d.String()) }

// Default returns the configuration used when nothing is set.
func Default() Config {
	return Config{
		DataDir:         "./data",
		Addr:            "127.0.0.1:8080",
		SiteName:        "newsbridge",
		Languages:       []string{"es", "ca", "gl", "en", "ar", "nb", "nn"},
		DefaultLanguage: "es",
		Pivots:          []string{"es", "en"},
		Workers:         4,
		PollEvery:       Duration{30 * time.Second},
		JobTimeout:      Duration{5 * time.Minute},
		RescueAfter:     Duration{10 * time.Minute},
		FetchDelay:      Duration{time.Second},
		UserAgent:       "newsbridge/1.0 (+https://github.com/newsbridge)",
	}
}

// FromEnv overlays NEWSBRIDGE_* environment variables and then the config
// file (if any) on top of c. Flags are applied by the caller afterwards.
func (c *Config) FromEnv(getenv func(string) string) {
	set := func(dst *string, key string) {
		if v := getenv(key); v != "" {
			*dst = v
		}
	}
	set(&c.DataDir, "NEWSBRIDGE_DATA")
	set(&c.DatabaseURL, "NEWSBRIDGE_DATABASE_URL")
	set(&c.Addr, "NEWSBRIDGE_ADDR")
	set(&c.BaseURL, "NEWSBRIDGE_BASE_URL")
	set(&c.SiteName, "NEWSBRIDGE_SITE_NAME")
	set(&c.DefaultLanguage, "NEWSBRIDGE_DEFAULT_LANGUAGE")
	if v := getenv("NEWSBRIDGE_LANGUAGES"); v != "" {
		c.Languages = splitList(v)
	}
	if v := getenv("NEWSBRIDGE_PIVOTS"); v != "" {
		c.Pivots = splitList(v)
	}
	c.ingestFromEnv(getenv)
	for key, dst := range map[string]*Duration{
		"NEWSBRIDGE_POLL_EVERY": &c.PollEvery, "NEWSBRIDGE_JOB_TIMEOUT": &c.JobTimeout,
		"NEWSBRIDGE_RESCUE_AFTER": &c.RescueAfter, "NEWSBRIDGE_FETCH_DELAY": &c.FetchDelay,
	} {
		if v := getenv(key); v != "" {
			if d, err := time.ParseDuration(v); err == nil {
				dst.Duration = d
			}
		}
	}
}

// LoadFile overlays a JSON config file on c. A missing file at the default
// location is not an error; a missing file named explicitly is.
func (c *Config) LoadFile(path string, explicit bool) error {
	b, err := os.ReadFile(path)
	if errors.Is(err, os.ErrNotExist) && !explicit {
		return nil
	}
	if err != nil {
		return fmt.Errorf("config: unable to read %s: %w", path, err)
	}
	dec := json.NewDecoder(strings.NewReader(string(b)))
	dec.DisallowUnknownFields()
	if err := dec.Decode(c); err != nil {
		return fmt.Errorf("config: %s: %w", path, err)
	}
	return nil
}

// DefaultFile is the config file looked for in the data directory.
func (c *Config) DefaultFile() string { return filepath.Join(c.DataDir, "newsbridge.json") }

// Validate checks the configuration and normalises language tags.
func (c *Config) Validate() error {
	if len(c.Languages) == 0 {
		return fmt.Errorf("config: no languages")
	}
	seen := map[string]bool{}
	for i, l := range c.Languages {
		t, err := language.Parse(l)
		if err != nil {
			return fmt.Errorf("config: language %q is not a BCP-47 tag: %w", l, err)
		}
		c.Languages[i] = t.String()
		if seen[c.Languages[i]] {
			return fmt.Errorf("config: language %q listed twice", l)
		}
		seen[c.Languages[i]] = true
	}
	if c.DefaultLanguage == "" {
		c.DefaultLanguage = c.Languages[0]
	}
	if !seen[c.DefaultLanguage] {
		return fmt.Errorf("config: the default language %q is not one of the enabled languages %v", c.DefaultLanguage, c.Languages)
	}
	if c.Workers <= 0 {
		c.Workers = 1
	}
	return c.validateIngest()
}

// SiteLanguages returns the language registry: one entry per configured
// language, in order, with its own name and direction.
func (c *Config) SiteLanguages() []model.Language {
	out := make([]model.Language, 0, len(c.Languages))
	for i, tag := range c.Languages {
		l := model.Language{Tag: tag, Prefix: tag, Weight: i, Enabled: true, Dir: "ltr", Name: tag}
		if k, ok := known[model.BaseLang(tag)]; ok {
			l.Name = k.name
			if k.rtl {
				l.Dir = "rtl"
			}
		}
		for _, r := range c.RTL {
			if r == tag {
				l.Dir = "rtl"
			}
		}
		out = append(out, l)
	}
	return out
}

var known = map[string]struct {
	name string
	rtl  bool
}{
	"ar": {"العربية", true}, "fa": {"فارسی", true}, "he": {"עברית", true}, "ur": {"اردو", true},
	"es": {"Español", false}, "ca": {"Català", false}, "gl": {"Galego", false}, "en": {"English", false},
	"pt": {"Português", false}, "it": {"Italiano", false}, "fr": {"Français", false}, "de": {"Deutsch", false},
	"nb": {"Norsk bokmål", false}, "nn": {"Norsk nynorsk", false}, "sv": {"Svenska", false}, "da": {"Dansk", false},
	"oc": {"Occitan", false}, "ro": {"Română", false}, "eo": {"Esperanto", false}, "ast": {"Asturianu", false},
	"an": {"Aragonés", false}, "vi": {"Tiếng Việt", false}, "zh": {"中文", false}, "ja": {"日本語", false},
	"ko": {"한국어", false}, "ru": {"Русский", false},
}

// LanguageName returns a language's name in that language, or the tag.
func LanguageName(tag string) string {
	if k, ok := known[model.BaseLang(tag)]; ok {
		return k.name
	}
	return tag
}

func splitList(v string) []string {
	var out []string
	for _, s := range strings.Split(v, ",") {
		if s = strings.TrimSpace(s); s != "" {
			out = append(out, s)
		}
	}
	return out
}
