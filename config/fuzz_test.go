package config

import (
	"os"
	"path/filepath"
	"testing"
)

// FuzzLoadFile loads any config file: Load must not panic, and a file it
// accepts gives a configuration that validates.
func FuzzLoadFile(f *testing.F) {
	for _, s := range []string{
		`{"languages": ["es", "ca"], "poll_every": "10m", "workers": 4}`,
		`{"fetch": {"allow": ["127.0.0.1:8081", "10.0.0.0/8"]}, "feed": {"max_items": 20}}`,
		`{"engines": [{"name": "apertium", "kind": "apertium"}]}`,
		`{"trusted_proxies": ["::1"], "max_pending_comments": -1}`,
		`{"poll_every": "forever"}`, `[]`, `{"languages": null}`, `{"a":`,
	} {
		f.Add([]byte(s))
	}
	dir := f.TempDir()
	f.Fuzz(func(t *testing.T, data []byte) {
		path := filepath.Join(dir, FileName)
		if err := os.WriteFile(path, data, 0o644); err != nil {
			t.Fatal(err)
		}
		c, err := Load(func(string) string { return "" }, Flags{DataDir: dir, ConfigFile: path})
		if err != nil {
			return
		}
		if err := c.Validate(); err != nil {
			t.Fatalf("Load accepted a configuration that does not validate: %v\n%s", err, data)
		}
	})
}
