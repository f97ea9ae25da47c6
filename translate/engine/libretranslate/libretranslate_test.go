package libretranslate_test

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"strings"
	"sync"
	"testing"
	"time"

	"newsbridge/model"
	"newsbridge/translate/engine"
	"newsbridge/translate/engine/enginetest"
	"newsbridge/translate/engine/libretranslate"
)

const apiKey = "lt-key-0123456789"

// server is a fake LibreTranslate following its published API: /languages
// and POST /translate with q as a string or a list, api_key checked,
// unsupported languages and over-long batches refused with 400.
type server struct {
	t          *testing.T
	key        string
	batchLimit int
	langs      []struct {
		Code    string   `json:"code"`
		Targets []string `json:"targets"`
	}
	mu   sync.Mutex
	last map[string]any
}

func (s *server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", "application/json")
	fail := func(status int, msg string) {
		w.WriteHeader(status)
		fmt.Fprintf(w, `{"error":%q}`, msg)
	}
	switch {
	case r.Method == "GET" && r.URL.Path == "/languages":
		b, _ := os.ReadFile("testdata/languages.json")
		w.Write(b)
	case r.Method == "POST" && r.URL.Path == "/translate":
		var in map[string]any
		if err := json.NewDecoder(r.Body).Decode(&in); err != nil {
			fail(400, "Invalid request: "+err.Error())
			return
		}
		s.mu.Lock()
		s.last = in
		s.mu.Unlock()
		if s.key != "" && in["api_key"] != s.key {
			fail(403, "Invalid API key")
			return
		}
		src, _ := in["source"].(string)
		tgt, _ := in["target"].(string)
		if !s.supports(src, tgt) {
			fail(400, fmt.Sprintf("%s is not supported", tgt))
			return
		}
		format, _ := in["format"].(string)
		if format != "text" && format != "html" {
			fail(400, "Invalid request: format")
			return
		}
		qs, ok := in["q"].([]any)
		if !ok {
			fail(400, "Invalid request: missing q parameter")
			return
		}
		if s.batchLimit > 0 && len(qs) > s.batchLimit {
			fail(400, fmt.Sprintf("Invalid request: request (%d) exceeds text limit (%d)", len(qs), s.batchLimit))
			return
		}
		out := make([]string, len(qs))
		for i, q := range qs {
			out[i] = "[" + tgt + "] " + q.(string)
		}
		json.NewEncoder(w).Encode(map[string]any{"translatedText": out})
	default:
		fail(404, "Not Found")
	}
}

func (s *server) supports(src, tgt string) bool {
	for _, l := range s.langs {
		if l.Code == src {
			for _, t := range l.Targets {
				if t == tgt && t != src {
					return true
				}
			}
		}
	}
	return false
}

func newServer(t *testing.T) (*server, *enginetest.Script, *httptest.Server) {
	t.Helper()
	s := &server{t: t, key: apiKey, batchLimit: libretranslate.MaxTexts}
	b, err := os.ReadFile("testdata/languages.json")
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(b, &s.langs); err != nil {
		t.Fatal(err)
	}
	script := &enginetest.Script{Path: "/translate", Next: s}
	hs := httptest.NewServer(script)
	t.Cleanup(hs.Close)
	return s, script, hs
}

func newEngine(t *testing.T, url string, cfg engine.Config) *libretranslate.Engine {
	t.Helper()
	cfg.URL = url
	if cfg.Key == "" {
		cfg.Key = apiKey
	}
	e, err := libretranslate.New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	return e
}

var enEs = model.Pair{From: "en", To: "es"}

func TestTranslate(t *testing.T) {
	srv, _, hs := newServer(t)
	e := newEngine(t, hs.URL+"/", engine.Config{})
	got, err := e.Translate(context.Background(), model.EngineRequest{Pair: enEs, Texts: []string{"Hello ⟦1⟧.", "World"}})
	if err != nil {
		t.Fatal(err)
	}
	if strings.Join(got, "|") != "[es] Hello ⟦1⟧.|[es] World" {
		t.Errorf("got %q", got)
	}
	if srv.last["format"] != "text" || srv.last["source"] != "en" || srv.last["api_key"] != apiKey {
		t.Errorf("request = %v", srv.last)
	}
	if _, err := e.Translate(context.Background(), model.EngineRequest{Pair: enEs, Texts: []string{"<b>x</b>"}, Format: model.FormatHTML}); err != nil {
		t.Fatal(err)
	}
	if srv.last["format"] != "html" {
		t.Errorf("format = %v, want html", srv.last["format"])
	}
	// Chinese (traditional) is "zt" on the wire, zh-Hant in newsbridge.
	if _, err := e.Translate(context.Background(), model.EngineRequest{Pair: model.Pair{From: "en", To: "zh-Hant"}, Texts: []string{"x"}}); err != nil || srv.last["target"] != "zt" {
		t.Errorf("zh-Hant: %v, target %v", err, srv.last["target"])
	}
	if e.Name() != "libretranslate" || e.Version() == "" {
		t.Errorf("Name %q Version %q", e.Name(), e.Version())
	}
}

func TestBatchesHonourLimit(t *testing.T) {
	_, script, hs := newServer(t)
	e := newEngine(t, hs.URL, engine.Config{})
	in := make([]string, 2*libretranslate.MaxTexts+1)
	for i := range in {
		in[i] = fmt.Sprint(i)
	}
	got, err := e.Translate(context.Background(), model.EngineRequest{Pair: enEs, Texts: in})
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != len(in) || got[len(in)-1] != fmt.Sprintf("[es] %d", len(in)-1) {
		t.Errorf("got %d translations, last %q", len(got), got[len(got)-1])
	}
	if script.Hits() != 3 {
		t.Errorf("requests = %d, want 3", script.Hits())
	}
}

func TestPairs(t *testing.T) {
	_, _, hs := newServer(t)
	e := newEngine(t, hs.URL, engine.Config{})
	ps, err := e.Pairs(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	got := fmt.Sprint(ps)
	for _, want := range []string{"en>es", "en>zh-Hant", "es>ca", "zh-Hant>en"} {
		if !strings.Contains(got, want) {
			t.Errorf("pairs %s lack %s", got, want)
		}
	}
	if strings.Contains(got, "en>en") {
		t.Errorf("pairs %s include a language to itself", got)
	}
	e = newEngine(t, hs.URL, engine.Config{Pairs: []model.Pair{{From: "en", To: "es"}, {From: "en", To: "fi"}}})
	if ps, err := e.Pairs(context.Background()); err != nil || fmt.Sprint(ps) != "[en>es]" {
		t.Errorf("restricted pairs = %v, %v; want [en>es]", ps, err)
	}
}

func TestErrors(t *testing.T) {
	for _, tc := range []struct {
		name  string
		reply enginetest.Reply
		check func(error) bool
		want  string
	}{
		{"bad key", enginetest.Reply{Status: 403, Body: `{"error":"Invalid API key"}`}, func(err error) bool { return errors.Is(err, engine.ErrAuth) && !engine.IsRetryable(err) }, "auth"},
		{"banned", enginetest.Reply{Status: 403, Body: `{"error":"Too many request limits violations"}`}, engine.IsQuota, "quota"},
		{"slow down", enginetest.Reply{Status: 429, Body: `{"error":"Slowdown: 10 per 1 minute"}`}, engine.IsRetryable, "retryable"},
		{"daily limit", enginetest.Reply{Status: 429, Body: `{"error":"Too many requests: 100 per 1 day"}`}, func(err error) bool { return engine.IsQuota(err) && !engine.IsRetryable(err) }, "quota"},
		{"hourly limit", enginetest.Reply{Status: 429, Body: `{"error":"Too many requests: 50 per 1 hour"}`}, engine.IsQuota, "quota"},
		{"server error", enginetest.Reply{Status: 500, Body: `{"error":"boom"}`}, engine.IsRetryable, "retryable"},
		{"bad request", enginetest.Reply{Status: 400, Body: `{"error":"xx is not supported"}`}, func(err error) bool {
			return !engine.IsRetryable(err) && strings.Contains(err.Error(), "xx is not supported")
		}, "final"},
		{"garbage", enginetest.Reply{Status: 200, Body: `<html>proxy error</html>`}, func(err error) bool { return errors.Is(err, engine.ErrBadResponse) }, "bad response"},
		{"not a list", enginetest.Reply{Status: 200, Body: `{"translatedText":"one"}`}, func(err error) bool { return errors.Is(err, engine.ErrBadResponse) }, "bad response"},
		{"fewer", enginetest.Reply{Status: 200, Body: `{"translatedText":["one"]}`}, func(err error) bool { return errors.Is(err, engine.ErrBadResponse) }, "bad response"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, script, hs := newServer(t)
			e := newEngine(t, hs.URL, engine.Config{})
			script.Push(tc.reply)
			_, err := e.Translate(context.Background(), model.EngineRequest{Pair: enEs, Texts: []string{"a", "b"}})
			if err == nil || !tc.check(err) {
				t.Fatalf("err = %v, want %s", err, tc.want)
			}
			if strings.Contains(err.Error(), apiKey) {
				t.Errorf("key in error: %v", err)
			}
		})
	}
}

func TestResilientThroughServer(t *testing.T) {
	ctx := context.Background()
	t.Run("429 with Retry-After then success", func(t *testing.T) {
		_, script, hs := newServer(t)
		clock := enginetest.NewClock(time.Date(2026, 11, 22, 10, 0, 0, 0, time.UTC))
		r := engine.Resilient(newEngine(t, hs.URL, engine.Config{}), engine.Config{}, engine.WithClock(clock.Now), engine.WithSleep(clock.Sleep))
		script.Push(enginetest.Reply{Status: 429, Header: map[string]string{"Retry-After": "3"}, Body: `{"error":"Slowdown"}`})
		got, err := r.Translate(ctx, model.EngineRequest{Pair: enEs, Texts: []string{"a"}})
		if err != nil || got[0] != "[es] a" {
			t.Fatalf("got %v, %v", got, err)
		}
		if s := clock.Sleeps(); len(s) != 1 || s[0] != 3*time.Second {
			t.Errorf("sleeps = %v, want [3s]", s)
		}
	})
	t.Run("500 then success", func(t *testing.T) {
		_, script, hs := newServer(t)
		clock := enginetest.NewClock(time.Now())
		r := engine.Resilient(newEngine(t, hs.URL, engine.Config{}), engine.Config{}, engine.WithClock(clock.Now), engine.WithSleep(clock.Sleep))
		script.Push(enginetest.Reply{Status: 500, Body: `{"error":"boom"}`})
		if _, err := r.Translate(ctx, model.EngineRequest{Pair: enEs, Texts: []string{"a"}}); err != nil {
			t.Fatal(err)
		}
		if st := r.Stats(); st.Requests != 2 || st.Retries != 1 {
			t.Errorf("stats = %+v", st)
		}
	})
	t.Run("403 ban pauses until midnight", func(t *testing.T) {
		_, script, hs := newServer(t)
		clock := enginetest.NewClock(time.Date(2026, 11, 22, 10, 0, 0, 0, time.UTC))
		r := engine.Resilient(newEngine(t, hs.URL, engine.Config{}), engine.Config{}, engine.WithClock(clock.Now), engine.WithSleep(clock.Sleep))
		script.Push(enginetest.Reply{Status: 403, Body: `{"error":"Too many request limits violations"}`})
		if _, err := r.Translate(ctx, model.EngineRequest{Pair: enEs, Texts: []string{"a"}}); !engine.IsQuota(err) || model.ErrorCode(err) != model.EUnavailable {
			t.Fatalf("err = %v", err)
		}
		if _, err := r.Translate(ctx, model.EngineRequest{Pair: enEs, Texts: []string{"a"}}); !engine.IsQuota(err) || script.Hits() != 1 {
			t.Fatalf("paused engine reached the server: %v, %d hits", err, script.Hits())
		}
	})
	t.Run("429 daily limit pauses until UTC midnight", func(t *testing.T) {
		_, script, hs := newServer(t)
		clock := enginetest.NewClock(time.Date(2026, 11, 22, 10, 0, 0, 0, time.UTC))
		e := newEngine(t, hs.URL, engine.Config{})
		e.Now = clock.Now
		r := engine.Resilient(e, engine.Config{}, engine.WithClock(clock.Now), engine.WithSleep(clock.Sleep))
		script.Push(enginetest.Reply{Status: 429, Body: `{"error":"Too many requests: 1000 per 1 day"}`})
		if _, err := r.Translate(ctx, model.EngineRequest{Pair: enEs, Texts: []string{"a"}}); !engine.IsQuota(err) {
			t.Fatalf("err = %v", err)
		}
		if st := r.Stats(); !st.PausedUntil.Equal(time.Date(2026, 11, 23, 0, 0, 0, 0, time.UTC)) || len(clock.Sleeps()) != 0 {
			t.Errorf("paused until %v, sleeps %v", st.PausedUntil, clock.Sleeps())
		}
	})
	t.Run("slow server vs timeout", func(t *testing.T) {
		_, script, hs := newServer(t)
		e := newEngine(t, hs.URL, engine.Config{Timeout: 100 * time.Millisecond})
		clock := enginetest.NewClock(time.Now())
		r := engine.Resilient(e, engine.Config{Timeout: 100 * time.Millisecond}, engine.WithClock(clock.Now), engine.WithSleep(clock.Sleep), engine.WithRetry(2, time.Millisecond, time.Millisecond))
		script.Push(enginetest.Reply{Status: 200, Body: `{"translatedText":["late"]}`, Delay: 5 * time.Second},
			enginetest.Reply{Status: 200, Body: `{"translatedText":["late"]}`, Delay: 5 * time.Second})
		begin := time.Now()
		_, err := r.Translate(ctx, model.EngineRequest{Pair: enEs, Texts: []string{"a"}})
		if !errors.Is(err, engine.ErrUnavailable) {
			t.Fatalf("err = %v, want unavailable", err)
		}
		if time.Since(begin) > 3*time.Second {
			t.Errorf("the timeout did not cut the slow answers short")
		}
		if st := r.Stats(); st.Requests != 2 {
			t.Errorf("a timeout should be retried once: %+v", st)
		}
	})
}

func TestKeyNeverLogged(t *testing.T) {
	_, script, hs := newServer(t)
	log := &enginetest.Log{}
	clock := enginetest.NewClock(time.Now())
	r := engine.Resilient(newEngine(t, hs.URL, engine.Config{}), engine.Config{}, engine.WithLogger(log.Logger()),
		engine.WithClock(clock.Now), engine.WithSleep(clock.Sleep), engine.WithRetry(2, time.Millisecond, time.Millisecond))
	// A server that echoes the key in its message must not leak it either.
	script.Push(enginetest.Reply{Status: 500, Body: `{"error":"cannot check key ` + apiKey + `"}`},
		enginetest.Reply{Status: 403, Body: `{"error":"Invalid API key ` + apiKey + `"}`})
	_, err := r.Translate(context.Background(), model.EngineRequest{Pair: enEs, Texts: []string{"a"}})
	if err == nil {
		t.Fatal("want an error")
	}
	for _, s := range []string{err.Error(), model.ErrorMessage(err), log.String(), fmt.Sprintf("%+v", r.Stats())} {
		if strings.Contains(s, apiKey) {
			t.Errorf("key leaked: %s", s)
		}
	}
	if !strings.Contains(log.String(), "retrying") {
		t.Errorf("retry not logged: %s", log.String())
	}
}

func TestNewRejectsBadConfig(t *testing.T) {
	for _, u := range []string{"", "ftp://x", "not a url", "http://"} {
		if _, err := libretranslate.New(engine.Config{URL: u}); err == nil {
			t.Errorf("New(url=%q) accepted", u)
		}
	}
}

func TestEngineDoesNotPrintKey(t *testing.T) {
	_, _, hs := newServer(t)
	e := newEngine(t, hs.URL, engine.Config{})
	r := engine.Resilient(e, engine.Config{Key: apiKey})
	log := &enginetest.Log{}
	log.Logger().Info("engines", "e", e, "r", r)
	for _, s := range []string{fmt.Sprintf("%v %+v %s", e, e, e), fmt.Sprintf("%v %+v", r, r), log.String()} {
		if strings.Contains(s, apiKey) {
			t.Errorf("key printed: %s", s)
		}
	}
}
