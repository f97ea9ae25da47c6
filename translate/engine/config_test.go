package engine_test

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"newsbridge/translate/engine"
	"newsbridge/translate/engine/enginetest"
)

const key = "sk-very-secret-4242"

func TestSecretNeverPrinted(t *testing.T) {
	s := engine.Secret(key)
	cfg := engine.Config{Name: "deepl", Key: s}
	var outs []string
	for _, verb := range []string{"%v", "%s", "%q", "%x", "%X", "%d", "%#v", "%+v", "%10s"} {
		outs = append(outs, fmt.Sprintf(verb, s))
	}
	outs = append(outs, fmt.Sprintf("%+v %#v", cfg, cfg), fmt.Sprint(s), s.String())
	j, err := json.Marshal(cfg)
	if err != nil {
		t.Fatal(err)
	}
	outs = append(outs, string(j))
	log := &enginetest.Log{}
	log.Logger().Info("config", "key", s, "cfg", cfg)
	outs = append(outs, log.String())
	for _, o := range outs {
		if strings.Contains(o, key) || strings.Contains(o, "7365637265") /* hex */ {
			t.Errorf("key printed: %s", o)
		}
	}
	if !strings.Contains(string(j), `"key":"***"`) {
		t.Errorf("JSON = %s, want the key as ***", j)
	}
	if s.Reveal() != key {
		t.Errorf("Reveal lost the key")
	}
	if got := s.Scrub("GET /x?key=" + key + " failed"); got != "GET /x?key=*** failed" {
		t.Errorf("Scrub = %q", got)
	}
}

func TestResolveKey(t *testing.T) {
	dir := t.TempDir()
	file := filepath.Join(dir, "key")
	if err := os.WriteFile(file, []byte("  from-file-key\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	empty := filepath.Join(dir, "empty")
	if err := os.WriteFile(empty, []byte("\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	t.Setenv("NEWSBRIDGE_MY_DEEPL_KEY", "from-env-key")
	for _, tc := range []struct {
		name    string
		cfg     engine.Config
		want    string
		wantErr bool
	}{
		{"direct", engine.Config{Name: "my-deepl", Key: "direct", KeyFile: file}, "direct", false},
		{"file", engine.Config{Name: "my-deepl", KeyFile: file}, "from-file-key", false},
		{"env", engine.Config{Name: "my-deepl"}, "from-env-key", false},
		{"none", engine.Config{Kind: "google"}, "", false},
		{"missing file", engine.Config{KeyFile: filepath.Join(dir, "nope")}, "", true},
		{"empty file", engine.Config{KeyFile: empty}, "", true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, err := tc.cfg.ResolveKey()
			if (err != nil) != tc.wantErr || got.Reveal() != tc.want {
				t.Errorf("ResolveKey = %q, %v", got.Reveal(), err)
			}
		})
	}
	if got := (engine.Config{Name: "my-deepl"}).KeyEnv(); got != "NEWSBRIDGE_MY_DEEPL_KEY" {
		t.Errorf("KeyEnv = %q", got)
	}
}

func TestDoJSON(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/ok":
			var in map[string]string
			if r.Header.Get("Content-Type") != "application/json" || json.NewDecoder(r.Body).Decode(&in) != nil {
				http.Error(w, "want JSON", 400)
				return
			}
			fmt.Fprintf(w, `{"echo":%q}`, in["q"])
		case "/garbage":
			fmt.Fprint(w, "<html>oops</html>")
		case "/busy":
			w.Header().Set("Retry-After", "12")
			w.WriteHeader(429)
			fmt.Fprintf(w, `{"error":"slow down, %s"}`, r.URL.Query().Get("key"))
		}
	}))
	defer srv.Close()
	ctx := context.Background()
	var out struct{ Echo string }
	if err := engine.DoJSON(ctx, nil, engine.Request{URL: srv.URL + "/ok", Body: map[string]string{"q": "hi"}}, &out); err != nil || out.Echo != "hi" {
		t.Fatalf("ok: %v %+v", err, out)
	}
	err := engine.DoJSON(ctx, nil, engine.Request{URL: srv.URL + "/garbage"}, &out)
	if !errors.Is(err, engine.ErrBadResponse) {
		t.Errorf("garbage: %v", err)
	}
	secret := engine.Secret(key)
	err = engine.DoJSON(ctx, nil, engine.Request{URL: srv.URL + "/busy?key=" + key, Secrets: []engine.Secret{secret},
		DecodeError: func(_ int, b []byte) (string, string) {
			var v struct{ Error string }
			_ = json.Unmarshal(b, &v)
			return v.Error, ""
		}}, &out)
	var he *engine.HTTPError
	if !errors.As(err, &he) || he.Status != 429 || he.RetryAfter != 12*time.Second || !engine.IsRetryable(err) {
		t.Fatalf("busy: %#v", err)
	}
	if strings.Contains(err.Error(), key) || !strings.Contains(err.Error(), "slow down, ***") {
		t.Errorf("busy message not scrubbed: %v", err)
	}
	// A transport error repeats the URL, key included, unless scrubbed.
	srv.Close()
	err = engine.DoJSON(ctx, nil, engine.Request{URL: srv.URL + "/ok?key=" + key, Body: map[string]string{}, Secrets: []engine.Secret{secret}}, &out)
	if err == nil || strings.Contains(err.Error(), key) || !engine.IsRetryable(err) {
		t.Errorf("transport error = %v, want retryable without key", err)
	}
}
