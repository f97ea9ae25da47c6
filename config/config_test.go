package config

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

func TestPrecedenceAndValidation(t *testing.T) {
	c := Default()
	env := map[string]string{"NEWSBRIDGE_DATA": "/srv/nb", "NEWSBRIDGE_LANGUAGES": "es, ca,ar", "NEWSBRIDGE_POLL_EVERY": "5s"}
	c.FromEnv(func(k string) string { return env[k] })
	if c.DataDir != "/srv/nb" || len(c.Languages) != 3 || c.PollEvery.Duration != 5*time.Second {
		t.Fatalf("env not applied: %+v", c)
	}
	dir := t.TempDir()
	file := filepath.Join(dir, "newsbridge.json")
	os.WriteFile(file, []byte(`{"languages": ["es", "ca", "ar"], "default_language": "ca", "job_timeout": "2m",
		"engines": [{"kind": "deepl", "key": "s3cret", "priority": 1}]}`), 0o644)
	if err := c.LoadFile(file, true); err != nil {
		t.Fatal(err)
	}
	if err := c.Validate(); err != nil {
		t.Fatal(err)
	}
	if c.DefaultLanguage != "ca" || c.JobTimeout.Duration != 2*time.Minute || c.Engines[0].Kind != "deepl" {
		t.Fatalf("file not applied: %+v", c)
	}
	if s := strings.Join([]string{c.Engines[0].Key.String()}, ""); strings.Contains(s, "s3cret") {
		t.Fatal("a key must never print")
	}
	langs := c.SiteLanguages()
	if langs[2].Dir != "rtl" || langs[1].Name != "Català" {
		t.Fatalf("registry: %+v", langs)
	}
	if err := c.LoadFile(filepath.Join(dir, "missing.json"), false); err != nil {
		t.Fatalf("a missing default file is fine: %v", err)
	}
	if err := c.LoadFile(filepath.Join(dir, "missing.json"), true); err == nil {
		t.Fatal("a missing explicit file is an error")
	}
	os.WriteFile(file, []byte(`{"langauges": ["es"]}`), 0o644)
	if err := c.LoadFile(file, true); err == nil {
		t.Fatal("a misspelt key must be an error")
	}
	for _, bad := range []Config{
		{Languages: []string{"es"}, DefaultLanguage: "fr"},
		{Languages: []string{"es", "es"}},
		{Languages: []string{"not a tag!"}},
		{},
	} {
		if err := bad.Validate(); err == nil {
			t.Errorf("%+v should not validate", bad)
		}
	}
}

func TestEngineConfigFromFile(t *testing.T) {
	c := Default()
	file := filepath.Join(t.TempDir(), "c.json")
	os.WriteFile(file, []byte(`{"engines": [{"kind": "openai", "url": "http://127.0.0.1:8000", "model": "m", "key_file": "/k",
		"pairs": [{"from": "es", "to": "ar"}], "timeout": "2m", "quota_pause": "1h", "daily_chars": 10}]}`), 0o644)
	if err := c.LoadFile(file, true); err != nil {
		t.Fatal(err)
	}
	e := c.Engines[0]
	if e.Kind != "openai" || e.KeyFile != "/k" || e.Timeout != 2*time.Minute || e.QuotaPause != time.Hour || e.DailyChars != 10 || e.Pairs[0].To != "ar" {
		t.Fatalf("engine config: %+v", e)
	}
	os.WriteFile(file, []byte(`{"engines": [{"kind": "deepl", "timeout": "soon"}]}`), 0o644)
	if err := c.LoadFile(file, true); err == nil {
		t.Fatal("a bad duration must be an error")
	}
	os.WriteFile(file, []byte(`{"engines": [{"kind": "deepl", "keyfile": "/k"}]}`), 0o644)
	if err := c.LoadFile(file, true); err == nil {
		t.Fatal("a misspelt engine field must be an error")
	}
}
