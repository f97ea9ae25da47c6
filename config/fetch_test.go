package config

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestFetchAndFeedSettings(t *testing.T) {
	dir := t.TempDir()
	envOf := func(m map[string]string) func(string) string {
		return func(k string) string {
			if k == "NEWSBRIDGE_DATA" {
				return dir
			}
			return m[k]
		}
	}
	c, err := Load(envOf(map[string]string{"NEWSBRIDGE_FETCH_ALLOW": "127.0.0.1:8081, 10.0.0.0/8", "NEWSBRIDGE_FEED_MAX_ITEMS": "50"}), Flags{})
	if err != nil {
		t.Fatal(err)
	}
	if strings.Join(c.Fetch.Allow, " ") != "127.0.0.1:8081 10.0.0.0/8" || c.Feed.MaxItems != 50 {
		t.Fatalf("env not applied: %+v %+v", c.Fetch, c.Feed)
	}

	file := filepath.Join(t.TempDir(), "newsbridge.json")
	os.WriteFile(file, []byte(`{"fetch": {"allow": ["[::1]:9000", "outlet.lan:80"]}, "feed": {"max_items": 20}}`), 0o644)
	c, err = Load(envOf(nil), Flags{ConfigFile: file})
	if err != nil {
		t.Fatal(err)
	}
	if len(c.Fetch.Allow) != 2 || c.Feed.MaxItems != 20 {
		t.Fatalf("file not applied: %+v %+v", c.Fetch, c.Feed)
	}

	for _, tt := range []struct {
		env, file, want string
	}{
		{env: "127.0.0.1", want: `fetch.allow (or NEWSBRIDGE_FETCH_ALLOW): fetch: allow-list entry "127.0.0.1" has no port`},
		{env: "10.0.0.0/40", want: `NEWSBRIDGE_FETCH_ALLOW): fetch: allow-list entry "10.0.0.0/40" is not a CIDR prefix`},
		{file: `{"fetch": {"allow": ["localhost:http"]}}`, want: `fetch.allow (or NEWSBRIDGE_FETCH_ALLOW): fetch: allow-list entry "localhost:http"`},
		{file: `{"feed": {"max_items": -1}}`, want: "feed.max_items (or NEWSBRIDGE_FEED_MAX_ITEMS) is -1"},
	} {
		var flags Flags
		if tt.file != "" {
			os.WriteFile(file, []byte(tt.file), 0o644)
			flags.ConfigFile = file
		}
		_, err := Load(envOf(map[string]string{"NEWSBRIDGE_FETCH_ALLOW": tt.env}), flags)
		if err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("%+v: error %v, want it to contain %q", tt, err, tt.want)
		}
	}
	_, err = Load(envOf(map[string]string{"NEWSBRIDGE_FEED_MAX_ITEMS": "lots"}), Flags{})
	if err == nil || !strings.Contains(err.Error(), `NEWSBRIDGE_FEED_MAX_ITEMS: "lots" is not a whole number`) {
		t.Errorf("bad max items: %v", err)
	}
}
