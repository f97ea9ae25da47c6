package google_test

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
	"newsbridge/translate/engine/google"
)

const apiKey = "AIzaSyFakeKey_0123456789abcdef"

// server is a fake Cloud Translation v2: key in the query, q a list of at
// most 128, format defaulting to html (whose output escapes apostrophes as
// Google's does), Google's error envelope.
type server struct {
	codes    map[string]bool
	mu       sync.Mutex
	last     map[string]any
	requests int
}

func gerr(w http.ResponseWriter, code int, msg, reason string) {
	w.WriteHeader(code)
	json.NewEncoder(w).Encode(map[string]any{"error": map[string]any{
		"code": code, "message": msg, "errors": []map[string]string{{"message": msg, "domain": "global", "reason": reason}}}})
}

func (s *server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", "application/json; charset=UTF-8")
	if r.URL.Query().Get("key") != apiKey {
		gerr(w, 400, "API key not valid. Please pass a valid API key.", "keyInvalid")
		return
	}
	switch {
	case r.Method == "GET" && r.URL.Path == "/language/translate/v2/languages":
		b, _ := os.ReadFile("testdata/languages.json")
		w.Write(b)
	case r.Method == "POST" && r.URL.Path == "/language/translate/v2":
		var in map[string]any
		if err := json.NewDecoder(r.Body).Decode(&in); err != nil {
			gerr(w, 400, "Invalid JSON payload received.", "badRequest")
			return
		}
		s.mu.Lock()
		s.last, s.requests = in, s.requests+1
		s.mu.Unlock()
		qs, _ := in["q"].([]any)
		tgt, _ := in["target"].(string)
		src, _ := in["source"].(string)
		format, _ := in["format"].(string)
		if format == "" {
			format = "html"
		}
		switch {
		case len(qs) == 0:
			gerr(w, 400, "Required Text", "required")
		case len(qs) > 128:
			gerr(w, 400, "Too many text segments", "invalid")
		case !s.codes[tgt]:
			gerr(w, 400, "Invalid Value", "invalid")
		case src != "" && !s.codes[src]:
			gerr(w, 400, "Bad language pair: "+src+"|"+tgt, "invalid")
		case format != "html" && format != "text":
			gerr(w, 400, "Invalid Value", "invalid")
		default:
			type tr struct {
				T string `json:"translatedText"`
			}
			out := make([]tr, len(qs))
			for i, q := range qs {
				t := "[" + tgt + "] " + q.(string)
				if format == "html" {
					t = strings.ReplaceAll(t, "'", "&#39;")
				}
				out[i] = tr{t}
			}
			json.NewEncoder(w).Encode(map[string]any{"data": map[string]any{"translations": out}})
		}
	default:
		gerr(w, 404, "Not Found", "notFound")
	}
}

func newServer(t *testing.T) (*server, *enginetest.Script, string) {
	t.Helper()
	b, err := os.ReadFile("testdata/languages.json")
	if err != nil {
		t.Fatal(err)
	}
	var ls struct {
		Data struct {
			Languages []struct{ Language string }
		}
	}
	if err := json.Unmarshal(b, &ls); err != nil {
		t.Fatal(err)
	}
	s := &server{codes: map[string]bool{}}
	for _, l := range ls.Data.Languages {
		s.codes[l.Language] = true
	}
	script := &enginetest.Script{Path: "/language/translate/v2", Next: s}
	hs := httptest.NewServer(script)
	t.Cleanup(hs.Close)
	return s, script, hs.URL
}

func newEngine(t *testing.T, url string, cfg engine.Config) *google.Engine {
	t.Helper()
	cfg.URL = url
	if cfg.Key == "" {
		cfg.Key = apiKey
	}
	e, err := google.New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	return e
}

var enEs = model.Pair{From: "en", To: "es"}

func TestTranslate(t *testing.T) {
	srv, _, url := newServer(t)
	e := newEngine(t, url, engine.Config{})
	ctx := context.Background()
	got, err := e.Translate(ctx, model.EngineRequest{Pair: enEs, Texts: []string{"O'Brien & Co ⟦1⟧"}})
	if err != nil {
		t.Fatal(err)
	}
	if got[0] != "[es] O'Brien & Co ⟦1⟧" || srv.last["format"] != "text" || srv.last["source"] != "en" {
		t.Errorf("text: got %q, request %v", got, srv.last)
	}
	got, err = e.Translate(ctx, model.EngineRequest{Pair: enEs, Texts: []string{"<b>O'Brien</b>"}, Format: model.FormatHTML})
	if err != nil || got[0] != "[es] <b>O&#39;Brien</b>" || srv.last["format"] != "html" {
		t.Errorf("html: got %q, %v, request %v", got, err, srv.last)
	}
	for tag, code := range map[string]string{"he": "iw", "zh-Hant": "zh-TW", "zh": "zh-CN", "nb": "no", "pt-PT": "pt", "pt-BR": "pt"} {
		if _, err := e.Translate(ctx, model.EngineRequest{Pair: model.Pair{From: "en", To: tag}, Texts: []string{"x"}}); err != nil || srv.last["target"] != code {
			t.Errorf("%s: target %v, %v; want %s", tag, srv.last["target"], err, code)
		}
	}
	// Once the languages are listed, a code Google has is used as it is.
	if _, err := e.Pairs(ctx); err != nil {
		t.Fatal(err)
	}
	if _, err := e.Translate(ctx, model.EngineRequest{Pair: model.Pair{From: "en", To: "pt-PT"}, Texts: []string{"x"}}); err != nil || srv.last["target"] != "pt-PT" {
		t.Errorf("pt-PT after listing: %v, %v", srv.last["target"], err)
	}
}

func TestBatchesOf128(t *testing.T) {
	srv, _, url := newServer(t)
	e := newEngine(t, url, engine.Config{})
	in := make([]string, 300)
	for i := range in {
		in[i] = fmt.Sprint(i)
	}
	got, err := e.Translate(context.Background(), model.EngineRequest{Pair: enEs, Texts: in})
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 300 || got[299] != "[es] 299" || srv.requests != 3 {
		t.Errorf("%d translations in %d requests", len(got), srv.requests)
	}
}

func TestPairs(t *testing.T) {
	_, _, url := newServer(t)
	ps, err := newEngine(t, url, engine.Config{}).Pairs(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	got := " " + strings.Trim(fmt.Sprint(ps), "[]") + " "
	for _, want := range []string{"en>es", "en>he", "en>nb", "en>zh-CN", "en>zh", "en>zh-Hant", "he>ar", "en>pt-PT"} {
		if !strings.Contains(got, " "+want+" ") {
			t.Errorf("pairs lack %s", want)
		}
	}
	for _, bad := range []string{" en>en ", " en>iw ", " pt>pt-PT ", " zh>zh-TW "} {
		if strings.Contains(got, bad) {
			t.Errorf("pairs include %s", bad)
		}
	}
}

func TestErrors(t *testing.T) {
	body := func(code int, reason string) string {
		return fmt.Sprintf(`{"error":{"code":%d,"message":"m","errors":[{"message":"m","domain":"usageLimits","reason":%q}]}}`, code, reason)
	}
	for _, tc := range []struct {
		name  string
		reply enginetest.Reply
		check func(error) bool
	}{
		{"daily limit", enginetest.Reply{Status: 403, Body: body(403, "dailyLimitExceeded")}, engine.IsQuota},
		{"user rate limit", enginetest.Reply{Status: 403, Body: body(403, "userRateLimitExceeded")}, func(err error) bool { return engine.IsRetryable(err) && !engine.IsQuota(err) }},
		{"bad key", enginetest.Reply{Status: 400, Body: body(400, "keyInvalid")}, func(err error) bool { return errors.Is(err, engine.ErrAuth) && !engine.IsRetryable(err) }},
		{"forbidden", enginetest.Reply{Status: 403, Body: body(403, "accessNotConfigured")}, func(err error) bool { return errors.Is(err, engine.ErrAuth) && !engine.IsRetryable(err) }},
		{"bad request", enginetest.Reply{Status: 400, Body: body(400, "invalid")}, func(err error) bool { return !engine.IsRetryable(err) && !errors.Is(err, engine.ErrAuth) }},
		{"backend error", enginetest.Reply{Status: 500, Body: body(500, "backendError")}, engine.IsRetryable},
		{"garbage", enginetest.Reply{Status: 200, Body: `]]`}, func(err error) bool { return errors.Is(err, engine.ErrBadResponse) }},
		{"fewer", enginetest.Reply{Status: 200, Body: `{"data":{"translations":[{"translatedText":"x"}]}}`}, func(err error) bool { return errors.Is(err, engine.ErrBadResponse) }},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, script, url := newServer(t)
			script.Push(tc.reply)
			_, err := newEngine(t, url, engine.Config{}).Translate(context.Background(), model.EngineRequest{Pair: enEs, Texts: []string{"a", "b"}})
			if err == nil || !tc.check(err) {
				t.Fatalf("err = %v", err)
			}
			if strings.Contains(err.Error(), apiKey) {
				t.Errorf("key in error: %v", err)
			}
		})
	}
	_, _, url := newServer(t)
	_, err := newEngine(t, url, engine.Config{Key: "AIzaWrongKey0000"}).Translate(context.Background(), model.EngineRequest{Pair: enEs, Texts: []string{"a"}})
	if !errors.Is(err, engine.ErrAuth) || strings.Contains(err.Error(), "AIzaWrongKey0000") {
		t.Errorf("wrong key: %v", err)
	}
}

func TestDailyLimitPausesUntilPacificMidnight(t *testing.T) {
	if _, err := time.LoadLocation("America/Los_Angeles"); err != nil {
		t.Skip("no time zone database")
	}
	_, script, url := newServer(t)
	clock := enginetest.NewClock(time.Date(2026, 11, 22, 10, 0, 0, 0, time.UTC))
	e := newEngine(t, url, engine.Config{})
	e.Now = clock.Now
	r := engine.Resilient(e, engine.Config{}, engine.WithClock(clock.Now), engine.WithSleep(clock.Sleep))
	script.Push(enginetest.Reply{Status: 403, Body: `{"error":{"code":403,"message":"Daily Limit Exceeded","errors":[{"reason":"dailyLimitExceeded"}]}}`})
	_, err := r.Translate(context.Background(), model.EngineRequest{Pair: enEs, Texts: []string{"a"}})
	if !engine.IsQuota(err) || model.ErrorCode(err) != model.EUnavailable {
		t.Fatalf("err = %v", err)
	}
	// 10:00 UTC on 22 Nov is 02:00 PST; the quota resets at 00:00 PST on
	// 23 Nov = 08:00 UTC.
	if st := r.Stats(); !st.PausedUntil.Equal(time.Date(2026, 11, 23, 8, 0, 0, 0, time.UTC)) {
		t.Errorf("paused until %v", st.PausedUntil.UTC())
	}
}

func TestResilientRetries(t *testing.T) {
	_, script, url := newServer(t)
	clock := enginetest.NewClock(time.Date(2026, 11, 22, 10, 0, 0, 0, time.UTC))
	log := &enginetest.Log{}
	r := engine.Resilient(newEngine(t, url, engine.Config{}), engine.Config{}, engine.WithClock(clock.Now), engine.WithSleep(clock.Sleep), engine.WithLogger(log.Logger()))
	script.Push(
		enginetest.Reply{Status: 429, Header: map[string]string{"Retry-After": "4"}, Body: `{"error":{"code":429,"message":"Too Many Requests"}}`},
		enginetest.Reply{Status: 403, Body: `{"error":{"code":403,"message":"User Rate Limit Exceeded","errors":[{"reason":"userRateLimitExceeded"}]}}`},
		enginetest.Reply{Status: 503, Body: `{"error":{"code":503,"message":"unavailable"}}`},
	)
	got, err := r.Translate(context.Background(), model.EngineRequest{Pair: enEs, Texts: []string{"a"}})
	if err != nil || got[0] != "[es] a" {
		t.Fatalf("%v, %v", got, err)
	}
	if s := clock.Sleeps(); len(s) != 3 || s[0] != 4*time.Second {
		t.Errorf("sleeps = %v", s)
	}
	if strings.Contains(log.String(), apiKey) {
		t.Errorf("key logged: %s", log.String())
	}
}

func TestSlowServerTimesOut(t *testing.T) {
	_, script, url := newServer(t)
	e := newEngine(t, url, engine.Config{Timeout: 50 * time.Millisecond})
	script.Push(enginetest.Reply{Status: 200, Body: `{}`, Delay: 5 * time.Second})
	begin := time.Now()
	_, err := e.Translate(context.Background(), model.EngineRequest{Pair: enEs, Texts: []string{"a"}})
	if err == nil || !engine.IsRetryable(err) || strings.Contains(err.Error(), apiKey) {
		t.Fatalf("err = %v, want a retryable timeout without the key", err)
	}
	if time.Since(begin) > 3*time.Second {
		t.Errorf("timeout not applied")
	}
}
