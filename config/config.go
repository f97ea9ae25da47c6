// Package config reads newsbridge's configuration. Each layer overrides the
// one before: the defaults, an optional JSON file (newsbridge.json in the
// data directory, or --config), NEWSBRIDGE_* environment variables, and
// command-line flags.
package config

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"sort"
	"strconv"
	"strings"
	"time"

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

	// Readers: see readers.go.
	Readers
	// Fetch and Feed bound what outlets may reach and cost (config/fetch.go).
	Fetch FetchConfig `json:"fetch"`
	Feed  FeedConfig  `json:"feed"`
	// Sections are the site's sections and the outlets' categories mapped
	// to them (config/sections.go).
	Sections model.Sections `json:"sections"`
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

// Flags are the settings given on the command line; an empty field was not
// given.
type Flags struct {
	DataDir     string // --data
	DatabaseURL string // --database
	ConfigFile  string // --config: the file to read; "" = DataDir/newsbridge.json when present
	Addr        string // serve --addr
	BaseURL     string // serve --base-url
}

// FileName is the config file looked for in the data directory.
const FileName = "newsbridge.json"

// Load builds the configuration from, each overriding the one before:
// Default(), the JSON file, the NEWSBRIDGE_* environment variables (read
// with getenv) and flags; then it validates it. The file is flags.ConfigFile,
// or newsbridge.json in the data directory that the flags, the environment
// or the default name, when it exists. A malformed value is an error that
// names its variable or key.
func Load(getenv func(string) string, flags Flags) (Config, error) {
	c := Default()
	// The data directory that holds the default file cannot come from it.
	where := Default()
	if err := where.applyEnv(getenv); err != nil {
		return c, err
	}
	where.applyFlags(flags)
	path, explicit := flags.ConfigFile, flags.ConfigFile != ""
	if !explicit {
		path = filepath.Join(where.DataDir, FileName)
	}
	if err := c.loadFile(path, explicit); err != nil {
		return c, err
	}
	if err := c.applyEnv(getenv); err != nil {
		return c, err
	}
	c.applyFlags(flags)
	return c, c.Validate()
}

func (c *Config) applyFlags(f Flags) {
	for _, s := range []struct {
		dst *string
		v   string
	}{
		{&c.DataDir, f.DataDir}, {&c.DatabaseURL, f.DatabaseURL}, {&c.Addr, f.Addr}, {&c.BaseURL, f.BaseURL},
	} {
		if s.v != "" {
			*s.dst = s.v
		}
	}
}

// applyEnv overlays the NEWSBRIDGE_* environment variables that are set.
func (c *Config) applyEnv(getenv func(string) string) error {
	if getenv == nil {
		return nil
	}
	for _, s := range []struct {
		key string
		dst *string
	}{
		{"NEWSBRIDGE_DATA", &c.DataDir}, {"NEWSBRIDGE_DATABASE_URL", &c.DatabaseURL},
		{"NEWSBRIDGE_ADDR", &c.Addr}, {"NEWSBRIDGE_BASE_URL", &c.BaseURL},
		{"NEWSBRIDGE_SITE_NAME", &c.SiteName}, {"NEWSBRIDGE_DEFAULT_LANGUAGE", &c.DefaultLanguage},
	} {
		if v := getenv(s.key); v != "" {
			*s.dst = v
		}
	}
	for _, l := range []struct {
		key string
		dst *[]string
	}{{"NEWSBRIDGE_LANGUAGES", &c.Languages}, {"NEWSBRIDGE_PIVOTS", &c.Pivots}} {
		if v := getenv(l.key); v != "" {
			*l.dst = splitList(v)
		}
	}
	if v := strings.TrimSpace(getenv("NEWSBRIDGE_WORKERS")); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil {
			return fmt.Errorf("config: NEWSBRIDGE_WORKERS: %q is not a whole number", v)
		}
		c.Workers = n
	}
	for _, d := range []struct {
		key string
		dst *Duration
	}{
		{"NEWSBRIDGE_POLL_EVERY", &c.PollEvery}, {"NEWSBRIDGE_JOB_TIMEOUT", &c.JobTimeout},
		{"NEWSBRIDGE_RESCUE_AFTER", &c.RescueAfter}, {"NEWSBRIDGE_FETCH_DELAY", &c.FetchDelay},
	} {
		if v := strings.TrimSpace(getenv(d.key)); v != "" {
			v, err := time.ParseDuration(v)
			if err != nil {
				return fmt.Errorf("config: %s: %w", d.key, err)
			}
			d.dst.Duration = v
		}
	}
	if err := c.ingestFromEnv(getenv); err != nil {
		return err
	}
	if err := c.sectionsFromEnv(getenv); err != nil {
		return err
	}
	return c.Readers.fromEnv(getenv)
}

// loadFile overlays a JSON config file on c. A missing file at the default
// location is not an error; a missing file named explicitly is. Keys are
// decoded one by one so that an error names its key; an unknown key is an
// error.
func (c *Config) loadFile(path string, explicit bool) error {
	b, err := os.ReadFile(path)
	if errors.Is(err, os.ErrNotExist) && !explicit {
		return nil
	}
	if err != nil {
		return fmt.Errorf("config: unable to read %s: %w", path, err)
	}
	var keys map[string]json.RawMessage
	if err := json.Unmarshal(b, &keys); err != nil {
		return fmt.Errorf("config: %s: %w", path, err)
	}
	fields := fileKeys(c)
	names := make([]string, 0, len(keys))
	for k := range keys {
		names = append(names, k)
	}
	sort.Strings(names)
	for _, k := range names {
		dst, ok := fields[k]
		if !ok {
			return fmt.Errorf("config: %s: unknown key %q", path, k)
		}
		dec := json.NewDecoder(bytes.NewReader(keys[k]))
		dec.DisallowUnknownFields()
		if err := dec.Decode(dst); err != nil {
			return fmt.Errorf("config: %s: key %q: %w", path, k, err)
		}
	}
	return nil
}

// fileKeys maps each key of the config file to the field of c it sets.
// Fields of an embedded struct without a json name (Readers) are keys of
// the file itself, as encoding/json reads them.
func fileKeys(c *Config) map[string]any {
	out := map[string]any{}
	var walk func(v reflect.Value)
	walk = func(v reflect.Value) {
		for i := 0; i < v.NumField(); i++ {
			f := v.Type().Field(i)
			name, _, _ := strings.Cut(f.Tag.Get("json"), ",")
			switch {
			case f.Anonymous && name == "" && f.Type.Kind() == reflect.Struct:
				walk(v.Field(i))
			case name != "" && name != "-":
				out[name] = v.Field(i).Addr().Interface()
			}
		}
	}
	walk(reflect.ValueOf(c).Elem())
	return out
}

// Validate checks the configuration and normalises language tags.
func (c *Config) Validate() error {
	if len(c.Languages) == 0 {
		return fmt.Errorf("config: no languages")
	}
	seen := map[string]bool{}
	for i, l := range c.Languages {
		info, err := model.ParseLang(l)
		if err != nil {
			return fmt.Errorf("config: %w", err)
		}
		c.Languages[i] = info.Tag
		if seen[info.Tag] {
			return fmt.Errorf("config: language %q listed twice", l)
		}
		seen[info.Tag] = true
	}
	if c.DefaultLanguage == "" {
		c.DefaultLanguage = c.Languages[0]
	} else if info, err := model.ParseLang(c.DefaultLanguage); err == nil {
		c.DefaultLanguage = info.Tag
	}
	if !seen[c.DefaultLanguage] {
		return fmt.Errorf("config: the default language %q is not one of the enabled languages %v", c.DefaultLanguage, c.Languages)
	}
	if c.Workers <= 0 {
		c.Workers = 1
	}
	if err := c.validateIngest(); err != nil {
		return err
	}
	if err := c.validateSections(); err != nil {
		return err
	}
	return c.Readers.validate()
}

// SiteLanguages returns the site's languages: one entry per configured
// language, in order, with its name and direction from the registry (RTL
// adds right-to-left tags).
func (c *Config) SiteLanguages() []model.Language {
	out := make([]model.Language, 0, len(c.Languages))
	for i, tag := range c.Languages {
		l := model.NewLanguage(tag, i)
		if slices.ContainsFunc(c.RTL, func(r string) bool { return model.LookupLang(r).Tag == tag }) {
			l.Dir = "rtl"
		}
		out = append(out, l)
	}
	return out
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
