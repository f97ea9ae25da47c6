package config

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestTrustedProxies(t *testing.T) {
	c, err := Load(func(k string) string {
		return map[string]string{"NEWSBRIDGE_DATA": t.TempDir(), "NEWSBRIDGE_TRUSTED_PROXIES": "10.0.0.0/8, 127.0.0.1,::1", "NEWSBRIDGE_MAX_PENDING_COMMENTS": "50"}[k]
	}, Flags{})
	if err != nil {
		t.Fatal(err)
	}
	ps, err := c.TrustedProxyPrefixes()
	if err != nil || len(ps) != 3 || ps[1].String() != "127.0.0.1/32" || ps[2].String() != "::1/128" || c.MaxPendingComments != 50 {
		t.Fatalf("%v %v %d", ps, err, c.MaxPendingComments)
	}
	c.TrustedProxies = []string{"10.0.0.0/33"}
	if c.Validate() == nil {
		t.Fatal("a bad CIDR must be refused")
	}

	path := filepath.Join(t.TempDir(), "c.json")
	os.WriteFile(path, []byte(`{"trusted_proxies": ["192.168.1.0/24"], "max_pending_comments": 7}`), 0o644)
	f, err := Load(func(string) string { return "" }, Flags{DataDir: t.TempDir(), ConfigFile: path})
	if err != nil {
		t.Fatal(err)
	}
	if len(f.TrustedProxies) != 1 || f.MaxPendingComments != 7 {
		t.Fatalf("%+v", f.Readers)
	}
	if _, err := Load(func(k string) string {
		return map[string]string{"NEWSBRIDGE_DATA": t.TempDir(), "NEWSBRIDGE_MAX_PENDING_COMMENTS": "many"}[k]
	}, Flags{}); err == nil || !strings.Contains(err.Error(), "NEWSBRIDGE_MAX_PENDING_COMMENTS") {
		t.Fatalf("a malformed NEWSBRIDGE_MAX_PENDING_COMMENTS must be an error naming it, got %v", err)
	}
}
