package config

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// TestPrecedence gives every layer a different value for each setting, so
// that each layer is seen winning over the one before.
func TestPrecedence(t *testing.T) {
	dir := t.TempDir()
	envDir, flagDir := filepath.Join(dir, "env"), filepath.Join(dir, "flag")
	for _, d := range []string{envDir, flagDir} {
		if err := os.MkdirAll(d, 0o755); err != nil {
			t.Fatal(err)
		}
	}
	// The file found in the flags' data directory, setting everything.
	write(t, filepath.Join(flagDir, FileName), `{"data_dir": "/file", "addr": "127.0.0.1:1", "base_url": "http://file",
		"site_name": "File", "workers": 2, "poll_every": "2s", "job_timeout": 2, "fetch_delay": "2s",
		"languages": ["es", "ca"], "user_agent": "file-agent"}`)
	env := map[string]string{
		"NEWSBRIDGE_DATA": envDir, "NEWSBRIDGE_ADDR": "127.0.0.1:3", "NEWSBRIDGE_BASE_URL": "http://env",
		"NEWSBRIDGE_WORKERS": "3", "NEWSBRIDGE_POLL_EVERY": "3s", "NEWSBRIDGE_JOB_TIMEOUT": "3s",
	}
	flags := Flags{DataDir: flagDir, Addr: "127.0.0.1:4"}
	c, err := Load(getenv(env), flags)
	if err != nil {
		t.Fatal(err)
	}
	for _, tt := range []struct {
		name      string
		got, want any
	}{
		{"data dir: flag over env and file", c.DataDir, flagDir},
		{"addr: flag over env and file", c.Addr, "127.0.0.1:4"},
		{"base URL: env over file", c.BaseURL, "http://env"},
		{"workers: env over file", c.Workers, 3},
		{"poll_every: env over file", c.PollEvery.Duration, 3 * time.Second},
		{"job_timeout: env over file (file in seconds)", c.JobTimeout.Duration, 3 * time.Second},
		{"fetch_delay: file over default", c.FetchDelay.Duration, 2 * time.Second},
		{"site name: file over default", c.SiteName, "File"},
		{"user agent: file over default", c.UserAgent, "file-agent"},
		{"rescue_after: default", c.RescueAfter.Duration, 10 * time.Minute},
		{"languages: file over default", strings.Join(c.Languages, ","), "es,ca"},
	} {
		if tt.got != tt.want {
			t.Errorf("%s: got %v, want %v", tt.name, tt.got, tt.want)
		}
	}

	// Without the data-directory flag, the file is looked for in the
	// environment's data directory; there is none there, so env beats default.
	c, err = Load(getenv(env), Flags{})
	if err != nil {
		t.Fatal(err)
	}
	if c.DataDir != envDir || c.Addr != "127.0.0.1:3" || c.Workers != 3 || c.FetchDelay.Duration != time.Second {
		t.Errorf("env over defaults: %+v", c)
	}

	// An explicit file: the data directory it names is overridden by the
	// environment, and by the flag when given.
	file := filepath.Join(dir, "explicit.json")
	write(t, file, `{"data_dir": "/file", "workers": 5, "database_url": "postgres://file"}`)
	c, err = Load(getenv(map[string]string{"NEWSBRIDGE_DATA": envDir}), Flags{ConfigFile: file, DatabaseURL: "postgres://flag"})
	if err != nil {
		t.Fatal(err)
	}
	if c.DataDir != envDir || c.Workers != 5 || c.DatabaseURL != "postgres://flag" {
		t.Errorf("explicit file: %+v", c)
	}
	c, err = Load(getenv(nil), Flags{ConfigFile: file})
	if err != nil {
		t.Fatal(err)
	}
	if c.DataDir != "/file" || c.DatabaseURL != "postgres://file" {
		t.Errorf("file over defaults: %+v", c)
	}
}

func TestMalformedValues(t *testing.T) {
	dir := t.TempDir()
	for _, tt := range []struct {
		env  map[string]string
		file string // content of DATA/newsbridge.json
		want string // in the error
	}{
		{env: map[string]string{"NEWSBRIDGE_POLL_EVERY": "5 seconds"}, want: "NEWSBRIDGE_POLL_EVERY"},
		{env: map[string]string{"NEWSBRIDGE_FETCH_DELAY": "1"}, want: "NEWSBRIDGE_FETCH_DELAY"},
		{env: map[string]string{"NEWSBRIDGE_WORKERS": "four"}, want: "NEWSBRIDGE_WORKERS"},
		{env: map[string]string{"NEWSBRIDGE_WORKERS": "2.5"}, want: "NEWSBRIDGE_WORKERS"},
		{file: `{"job_timeout": "soon"}`, want: `"job_timeout"`},
		{file: `{"workers": "four"}`, want: `"workers"`},
		{file: `{"languages": "es"}`, want: `"languages"`},
		{file: `{"langauges": ["es"]}`, want: `unknown key "langauges"`},
		{file: `{"engines": [{"kind": "deepl", "keyfile": "/k"}]}`, want: `"engines"`},
		{file: `{"workers": 2`, want: "newsbridge.json"},
		{env: map[string]string{"NEWSBRIDGE_LANGUAGES": "es,xx"}, want: `"xx"`},
	} {
		data := filepath.Join(dir, "d")
		os.RemoveAll(data)
		os.MkdirAll(data, 0o755)
		if tt.file != "" {
			write(t, filepath.Join(data, FileName), tt.file)
		}
		_, err := Load(getenv(tt.env), Flags{DataDir: data})
		if err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("env %v, file %s: error %v, want one naming %s", tt.env, tt.file, err, tt.want)
		}
	}
}

func TestFiles(t *testing.T) {
	dir := t.TempDir()
	if _, err := Load(getenv(nil), Flags{DataDir: dir}); err != nil {
		t.Fatalf("a missing default file is fine: %v", err)
	}
	if _, err := Load(getenv(nil), Flags{ConfigFile: filepath.Join(dir, "missing.json")}); err == nil {
		t.Fatal("a missing explicit file is an error")
	}
	file := filepath.Join(dir, "c.json")
	write(t, file, `{"languages": ["es", "ca", "ar", "no"], "default_language": "ca",
		"engines": [{"kind": "deepl", "key": "s3cret", "priority": 1}]}`)
	c, err := Load(getenv(nil), Flags{ConfigFile: file})
	if err != nil {
		t.Fatal(err)
	}
	if c.DefaultLanguage != "ca" || c.Engines[0].Kind != "deepl" || c.Languages[3] != "nb" {
		t.Fatalf("file not applied: %+v", c)
	}
	if s := c.Engines[0].Key.String(); strings.Contains(s, "s3cret") {
		t.Fatal("a key must never print")
	}
}

func TestValidate(t *testing.T) {
	c := Default()
	c.Languages = []string{"es", "CA", "ar", "pt_BR", "fa"}
	c.RTL = []string{"es"}
	c.Workers = 0
	if err := c.Validate(); err != nil {
		t.Fatal(err)
	}
	if strings.Join(c.Languages, ",") != "es,ca,ar,pt-BR,fa" || c.Workers != 1 {
		t.Fatalf("normalised: %+v", c)
	}
	langs := c.SiteLanguages()
	if langs[2].Dir != "rtl" || langs[1].Name != "Català" || langs[3].Prefix != "pt-BR" || langs[4].Name != "فارسی" || langs[2].Weight != 2 {
		t.Fatalf("languages: %+v", langs)
	}
	if langs[0].Dir != "rtl" || langs[1].Dir != "ltr" {
		t.Fatalf("RTL adds right-to-left tags: %+v", langs)
	}
	for _, bad := range []Config{
		{Languages: []string{"es"}, DefaultLanguage: "fr"},
		{Languages: []string{"es", "es"}},
		{Languages: []string{"nb", "no"}},
		{Languages: []string{"not a tag!"}},
		{},
	} {
		if err := bad.Validate(); err == nil {
			t.Errorf("%+v should not validate", bad)
		}
	}
}

func TestEngineConfigFromFile(t *testing.T) {
	file := filepath.Join(t.TempDir(), "c.json")
	write(t, file, `{"engines": [{"kind": "openai", "url": "http://127.0.0.1:8000", "model": "m", "key_file": "/k",
		"pairs": [{"from": "es", "to": "ar"}], "timeout": "2m", "quota_pause": "1h", "daily_chars": 10}]}`)
	c, err := Load(getenv(nil), Flags{ConfigFile: file})
	if err != nil {
		t.Fatal(err)
	}
	e := c.Engines[0]
	if e.Kind != "openai" || e.KeyFile != "/k" || e.Timeout != 2*time.Minute || e.QuotaPause != time.Hour || e.DailyChars != 10 || e.Pairs[0].To != "ar" {
		t.Fatalf("engine config: %+v", e)
	}
	write(t, file, `{"engines": [{"kind": "deepl", "timeout": "soon"}]}`)
	if _, err := Load(getenv(nil), Flags{ConfigFile: file}); err == nil {
		t.Fatal("a bad duration must be an error")
	}
}

func getenv(m map[string]string) func(string) string {
	return func(k string) string { return m[k] }
}

func write(t *testing.T, path, content string) {
	t.Helper()
	if err := os.WriteFile(path, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
}
