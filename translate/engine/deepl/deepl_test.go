package deepl_test

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
	"newsbridge/translate/engine/deepl"
	"newsbridge/translate/engine/enginetest"
)

const apiKey = "0f1e2d3c-aaaa-bbbb-cccc-123456789abc:fx"

type lang struct {
	Language          string `json:"language"`
	SupportsFormality bool   `json:"supports_formality"`
}

// server is a fake DeepL API v2: the auth header, upper-case codes (no
// deprecated plain EN/PT targets), at most 50 texts, tag_handling,
// formality only for targets that support it, glossary_id only with a
// source_lang.
type server struct {
	sources, targets []lang
	mu               sync.Mutex
	last             map[string]any
	requests         int
}

func load(t *testing.T, file string) []lang {
	t.Helper()
	b, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	var ls []lang
	if err := json.Unmarshal(b, &ls); err != nil {
		t.Fatal(err)
	}
	return ls
}

func find(ls []lang, code string) (lang, bool) {
	for _, l := range ls {
		if l.Language == code {
			return l, true
		}
	}
	return lang{}, false
}

func (s *server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", "application/json")
	fail := func(status int, msg string) {
		w.WriteHeader(status)
		fmt.Fprintf(w, `{"message":%q}`, msg)
	}
	if r.Header.Get("Authorization") != "DeepL-Auth-Key "+apiKey {
		fail(403, "Authorization failure, check auth_key")
		return
	}
	switch {
	case r.Method == "GET" && r.URL.Path == "/v2/languages":
		switch r.URL.Query().Get("type") {
		case "source", "":
			json.NewEncoder(w).Encode(s.sources)
		case "target":
			json.NewEncoder(w).Encode(s.targets)
		default:
			fail(400, "Value for 'type' not supported.")
		}
	case r.Method == "POST" && r.URL.Path == "/v2/translate":
		if !strings.HasPrefix(r.Header.Get("Content-Type"), "application/json") {
			fail(415, "Unsupported Media Type")
			return
		}
		var in struct {
			Text        []string `json:"text"`
			SourceLang  string   `json:"source_lang"`
			TargetLang  string   `json:"target_lang"`
			TagHandling string   `json:"tag_handling"`
			Formality   string   `json:"formality"`
			GlossaryID  string   `json:"glossary_id"`
		}
		var raw map[string]any
		body := json.NewDecoder(r.Body)
		if err := body.Decode(&raw); err != nil {
			fail(400, "Bad request")
			return
		}
		b, _ := json.Marshal(raw)
		json.Unmarshal(b, &in)
		s.mu.Lock()
		s.last, s.requests = raw, s.requests+1
		s.mu.Unlock()
		tgt, ok := find(s.targets, in.TargetLang)
		switch {
		case len(in.Text) == 0:
			fail(400, "Parameter 'text' not specified.")
		case len(in.Text) > 50:
			fail(413, "Too many texts: at most 50 per request.")
		case !ok:
			fail(400, "Value for 'target_lang' not supported.")
		case in.SourceLang != "" && !func() bool { _, ok := find(s.sources, in.SourceLang); return ok }():
			fail(400, "Value for 'source_lang' not supported.")
		case in.TagHandling != "" && in.TagHandling != "html" && in.TagHandling != "xml":
			fail(400, "Value for 'tag_handling' not supported.")
		case (in.Formality == "more" || in.Formality == "less") && !tgt.SupportsFormality:
			fail(400, "'formality' is not supported for given 'target_lang'.")
		case in.GlossaryID != "" && in.SourceLang == "":
			fail(400, "Use of a glossary requires the 'source_lang' parameter to be specified.")
		default:
			type tr struct {
				Det  string `json:"detected_source_language"`
				Text string `json:"text"`
			}
			out := make([]tr, len(in.Text))
			for i, t := range in.Text {
				out[i] = tr{in.SourceLang, "[" + in.TargetLang + "] " + t}
			}
			json.NewEncoder(w).Encode(map[string]any{"translations": out})
		}
	default:
		fail(404, "Not found")
	}
}

func newServer(t *testing.T) (*server, *enginetest.Script, string) {
	t.Helper()
	s := &server{sources: load(t, "testdata/source.json"), targets: load(t, "testdata/target.json")}
	script := &enginetest.Script{Path: "/v2/translate", Next: s}
	hs := httptest.NewServer(script)
	t.Cleanup(hs.Close)
	return s, script, hs.URL
}

func newEngine(t *testing.T, url string, cfg engine.Config) *deepl.Engine {
	t.Helper()
	cfg.URL = url
	if cfg.Key == "" {
		cfg.Key = apiKey
	}
	e, err := deepl.New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	return e
}

func TestEndpointFromKey(t *testing.T) {
	for key, want := range map[string]string{"abc:fx": deepl.FreeURL, "abc": deepl.ProURL} {
		e, err := deepl.New(engine.Config{Key: engine.Secret(key)})
		if err != nil || e.URL() != want {
			t.Errorf("key %q: URL %v, %v; want %s", key, e.URL(), err, want)
		}
	}
	t.Setenv("NEWSBRIDGE_DEEPL_KEY", "")
	if _, err := deepl.New(engine.Config{}); model.ErrorCode(err) != model.EInvalid {
		t.Errorf("no key: %v, want invalid", err)
	}
}

func TestLanguageCodes(t *testing.T) {
	for _, tc := range []struct{ tag, src, tgt string }{
		{"en", "EN", "EN-GB"}, {"en-US", "EN", "EN-US"}, {"en-gb", "EN", "EN-GB"},
		{"pt", "PT", "PT-PT"}, {"pt-BR", "PT", "PT-BR"}, {"zh-TW", "ZH", "ZH-HANT"},
		{"zh", "ZH", "ZH-HANS"}, {"nb", "NB", "NB"}, {"no", "NB", "NB"}, {"de-AT", "DE", "DE"}, {"es", "ES", "ES"},
	} {
		if s, g := deepl.SourceCode(tc.tag), deepl.TargetCode(tc.tag); s != tc.src || g != tc.tgt {
			t.Errorf("%s → source %s target %s, want %s %s", tc.tag, s, g, tc.src, tc.tgt)
		}
	}
	for code, want := range map[string]string{"EN-GB": "en-GB", "PT-BR": "pt-BR", "ZH-HANS": "zh-Hans", "NB": "nb", "DE": "de"} {
		if got := deepl.FromDeepL(code); got != want {
			t.Errorf("FromDeepL(%s) = %s, want %s", code, got, want)
		}
	}
}

func TestTranslate(t *testing.T) {
	srv, _, url := newServer(t)
	e := newEngine(t, url, engine.Config{GlossaryID: "g-123", Formality: "more"})
	ctx := context.Background()
	got, err := e.Translate(ctx, model.EngineRequest{Pair: model.Pair{From: "en", To: "pt-BR"}, Texts: []string{"Hello ⟦1⟧", "World"}})
	if err != nil {
		t.Fatal(err)
	}
	if strings.Join(got, "|") != "[PT-BR] Hello ⟦1⟧|[PT-BR] World" {
		t.Errorf("got %q", got)
	}
	if srv.last["source_lang"] != "EN" || srv.last["glossary_id"] != "g-123" || srv.last["formality"] != "more" || srv.last["tag_handling"] != nil {
		t.Errorf("request = %v", srv.last)
	}
	// English has no formality: once the languages are known, "more"
	// becomes "prefer_more" rather than a 400.
	if _, err := e.Pairs(ctx); err != nil {
		t.Fatal(err)
	}
	if _, err := e.Translate(ctx, model.EngineRequest{Pair: model.Pair{From: "de", To: "en"}, Texts: []string{"<b>Hallo</b>"}, Format: model.FormatHTML}); err != nil {
		t.Fatal(err)
	}
	if srv.last["target_lang"] != "EN-GB" || srv.last["formality"] != "prefer_more" || srv.last["tag_handling"] != "html" {
		t.Errorf("request = %v", srv.last)
	}
}

func TestBatchesOf50(t *testing.T) {
	srv, _, url := newServer(t)
	e := newEngine(t, url, engine.Config{})
	in := make([]string, 120)
	for i := range in {
		in[i] = fmt.Sprint("t", i)
	}
	got, err := e.Translate(context.Background(), model.EngineRequest{Pair: model.Pair{From: "en", To: "es"}, Texts: in})
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 120 || got[119] != "[ES] t119" || srv.requests != 3 {
		t.Errorf("%d translations in %d requests", len(got), srv.requests)
	}
	// The fake refuses 51 texts, as DeepL does.
	raw, _ := json.Marshal(map[string]any{"text": make([]string, 51), "target_lang": "ES"})
	req, _ := http.NewRequest("POST", url+"/v2/translate", strings.NewReader(string(raw)))
	req.Header.Set("Authorization", "DeepL-Auth-Key "+apiKey)
	req.Header.Set("Content-Type", "application/json")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != 413 {
		t.Errorf("fake accepted 51 texts: %d", resp.StatusCode)
	}
}

func TestPairs(t *testing.T) {
	_, _, url := newServer(t)
	e := newEngine(t, url, engine.Config{})
	ps, err := e.Pairs(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	got := " " + strings.Trim(fmt.Sprint(ps), "[]") + " "
	for _, want := range []string{"en>pt-BR", "en>pt", "en>zh-Hans", "en>zh", "de>en-GB", "de>en", "nb>es"} {
		if !strings.Contains(got, " "+want+" ") {
			t.Errorf("pairs lack %s: %s", want, got)
		}
	}
	for _, bad := range []string{" en>en ", " en>en-GB ", " pt>pt-BR "} {
		if strings.Contains(got, bad) {
			t.Errorf("pairs include %s", bad)
		}
	}
	e = newEngine(t, url, engine.Config{Key: "wrong"})
	if _, err := e.Pairs(context.Background()); !errors.Is(err, engine.ErrAuth) || strings.Contains(err.Error(), "wrong") {
		t.Errorf("bad key listing languages: %v", err)
	}
}

func TestErrors(t *testing.T) {
	for _, tc := range []struct {
		name  string
		reply enginetest.Reply
		check func(error) bool
	}{
		{"quota 456", enginetest.Reply{Status: 456, Body: `{"message":"Quota exceeded. The character limit has been reached."}`}, engine.IsQuota},
		{"bad key 403", enginetest.Reply{Status: 403, Body: `{"message":"Authorization failure"}`}, func(err error) bool { return errors.Is(err, engine.ErrAuth) && !engine.IsRetryable(err) }},
		{"too many requests", enginetest.Reply{Status: 429, Body: `{"message":"Too many requests"}`}, engine.IsRetryable},
		{"high load 529", enginetest.Reply{Status: 529, Body: `{"message":"Too many requests, DeepL servers are currently experiencing high load"}`}, engine.IsRetryable},
		{"garbage", enginetest.Reply{Status: 200, Body: `{"translations": 12`}, func(err error) bool { return errors.Is(err, engine.ErrBadResponse) }},
		{"fewer", enginetest.Reply{Status: 200, Body: `{"translations":[{"text":"x"}]}`}, func(err error) bool { return errors.Is(err, engine.ErrBadResponse) }},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, script, url := newServer(t)
			e := newEngine(t, url, engine.Config{})
			script.Push(tc.reply)
			_, err := e.Translate(context.Background(), model.EngineRequest{Pair: model.Pair{From: "en", To: "de"}, Texts: []string{"a", "b"}})
			if err == nil || !tc.check(err) {
				t.Fatalf("err = %v", err)
			}
			if strings.Contains(err.Error(), apiKey) {
				t.Errorf("key in error: %v", err)
			}
		})
	}
	// A real wrong key against the fake.
	_, _, url := newServer(t)
	_, err := newEngine(t, url, engine.Config{Key: "not-the-key"}).Translate(context.Background(), model.EngineRequest{Pair: model.Pair{From: "en", To: "de"}, Texts: []string{"a"}})
	if !errors.Is(err, engine.ErrAuth) {
		t.Errorf("wrong key: %v", err)
	}
	// Unsupported target: a 400, not retried.
	_, err = newEngine(t, url, engine.Config{}).Translate(context.Background(), model.EngineRequest{Pair: model.Pair{From: "en", To: "fi"}, Texts: []string{"a"}})
	if err == nil || engine.IsRetryable(err) || !strings.Contains(err.Error(), "target_lang") {
		t.Errorf("unsupported target: %v", err)
	}
}

func TestResilientThroughServer(t *testing.T) {
	ctx := context.Background()
	day := time.Date(2026, 11, 22, 15, 0, 0, 0, time.UTC)
	t.Run("456 pauses until next day", func(t *testing.T) {
		_, script, url := newServer(t)
		clock := enginetest.NewClock(day)
		r := engine.Resilient(newEngine(t, url, engine.Config{}), engine.Config{}, engine.WithClock(clock.Now), engine.WithSleep(clock.Sleep))
		script.Push(enginetest.Reply{Status: 456, Body: `{"message":"Quota exceeded"}`})
		_, err := r.Translate(ctx, model.EngineRequest{Pair: model.Pair{From: "en", To: "de"}, Texts: []string{"a"}})
		if !engine.IsQuota(err) || model.ErrorCode(err) != model.EUnavailable {
			t.Fatalf("err = %v", err)
		}
		if st := r.Stats(); !st.PausedUntil.Equal(time.Date(2026, 11, 23, 0, 0, 0, 0, time.UTC)) {
			t.Errorf("paused until %v", st.PausedUntil)
		}
		clock.Set(time.Date(2026, 11, 23, 0, 0, 0, 0, time.UTC))
		if _, err := r.Translate(ctx, model.EngineRequest{Pair: model.Pair{From: "en", To: "de"}, Texts: []string{"a"}}); err != nil || script.Hits() != 2 {
			t.Errorf("next day: %v (%d hits)", err, script.Hits())
		}
	})
	t.Run("429 with Retry-After then success", func(t *testing.T) {
		_, script, url := newServer(t)
		clock := enginetest.NewClock(day)
		r := engine.Resilient(newEngine(t, url, engine.Config{}), engine.Config{}, engine.WithClock(clock.Now), engine.WithSleep(clock.Sleep))
		script.Push(enginetest.Reply{Status: 429, Header: map[string]string{"Retry-After": "2"}, Body: `{"message":"Too many requests"}`},
			enginetest.Reply{Status: 503, Body: `{"message":"Service unavailable"}`})
		got, err := r.Translate(ctx, model.EngineRequest{Pair: model.Pair{From: "en", To: "de"}, Texts: []string{"a"}})
		if err != nil || got[0] != "[DE] a" {
			t.Fatalf("got %v, %v", got, err)
		}
		if s := clock.Sleeps(); len(s) != 2 || s[0] != 2*time.Second {
			t.Errorf("sleeps = %v", s)
		}
	})
	t.Run("a retry resends only the failed batch", func(t *testing.T) {
		srv, script, url := newServer(t)
		clock := enginetest.NewClock(day)
		r := engine.Resilient(newEngine(t, url, engine.Config{}), engine.Config{}, engine.WithClock(clock.Now), engine.WithSleep(clock.Sleep))
		in := make([]string, 60)
		for i := range in {
			in[i] = "x"
		}
		if _, err := r.Translate(ctx, model.EngineRequest{Pair: model.Pair{From: "en", To: "de"}, Texts: in[:50]}); err != nil {
			t.Fatal(err)
		}
		script.Push(enginetest.Reply{Status: 500, Body: `{}`})
		if got, err := r.Translate(ctx, model.EngineRequest{Pair: model.Pair{From: "en", To: "de"}, Texts: in}); err != nil || len(got) != 60 {
			t.Fatalf("%d, %v", len(got), err)
		}
		if st := r.Stats(); st.Requests != 4 || st.CharsToday != 110 || srv.requests != 3 {
			t.Errorf("stats = %+v, server saw %d", st, srv.requests)
		}
	})
}

// BenchmarkTranslateFakeServer measures the client side of a 50-text
// request through the resilience layer against the in-process fake.
func BenchmarkTranslateFakeServer(b *testing.B) {
	s := &server{}
	for _, f := range []struct {
		file string
		dst  *[]lang
	}{{"testdata/source.json", &s.sources}, {"testdata/target.json", &s.targets}} {
		raw, err := os.ReadFile(f.file)
		if err != nil {
			b.Fatal(err)
		}
		if err := json.Unmarshal(raw, f.dst); err != nil {
			b.Fatal(err)
		}
	}
	hs := httptest.NewServer(s)
	defer hs.Close()
	e, err := deepl.New(engine.Config{URL: hs.URL, Key: apiKey})
	if err != nil {
		b.Fatal(err)
	}
	r := engine.Resilient(e, engine.Config{})
	texts := make([]string, 50)
	for i := range texts {
		texts[i] = "The minister said on Tuesday that the talks would resume next week in Brussels."
	}
	ctx := context.Background()
	b.ReportAllocs()
	for b.Loop() {
		if _, err := r.Translate(ctx, model.EngineRequest{Pair: model.Pair{From: "en", To: "de"}, Texts: texts}); err != nil {
			b.Fatal(err)
		}
	}
}
