package openai_test

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"newsbridge/model"
	"newsbridge/translate/engine"
	"newsbridge/translate/engine/enginetest"
	"newsbridge/translate/engine/openai"
)

const apiKey = "sk-local-0123456789abcdef"

var enEs = model.Pair{From: "en", To: "es"}

// server is a fake OpenAI-compatible chat-completions server (as vLLM
// serves it): bearer key, known model, messages, temperature; it
// "translates" each numbered segment by prefixing it, or answers with
// whatever the test asks.
type server struct {
	t      *testing.T
	key    string
	model  string
	answer func(user string) string // nil: translate properly
	mu     sync.Mutex
	last   map[string]any
	users  []string
}

var segRE = regexp.MustCompile(`(?s)<seg id="(\d+)">(.*?)</seg>`)

func translateAll(user string) string {
	return segRE.ReplaceAllString(user, `<seg id="$1">[es] $2</seg>`)
}

func completion(content string, finish string) string {
	b, _ := json.Marshal(map[string]any{
		"id": "cmpl-1", "object": "chat.completion", "model": "m",
		"choices": []map[string]any{{"index": 0, "message": map[string]any{"role": "assistant", "content": content}, "finish_reason": finish}},
	})
	return string(b)
}

func (s *server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", "application/json")
	fail := func(status int, msg, typ string) {
		w.WriteHeader(status)
		fmt.Fprintf(w, `{"error":{"message":%q,"type":%q,"code":%q}}`, msg, typ, typ)
	}
	if r.Method != "POST" || r.URL.Path != "/v1/chat/completions" {
		fail(404, "not found", "not_found")
		return
	}
	if s.key != "" && r.Header.Get("Authorization") != "Bearer "+s.key {
		fail(401, "Incorrect API key provided", "invalid_api_key")
		return
	}
	var in struct {
		Model       string   `json:"model"`
		Temperature *float64 `json:"temperature"`
		Messages    []struct {
			Role    string `json:"role"`
			Content string `json:"content"`
		} `json:"messages"`
	}
	if err := json.NewDecoder(r.Body).Decode(&in); err != nil {
		fail(400, "invalid JSON", "invalid_request_error")
		return
	}
	switch {
	case in.Model != s.model:
		fail(404, "The model `"+in.Model+"` does not exist.", "model_not_found")
		return
	case in.Temperature == nil || *in.Temperature != 0:
		fail(400, "test server wants temperature 0", "invalid_request_error")
		return
	case len(in.Messages) != 2 || in.Messages[0].Role != "system" || in.Messages[1].Role != "user":
		fail(400, "want a system and a user message", "invalid_request_error")
		return
	}
	user := in.Messages[1].Content
	s.mu.Lock()
	s.users = append(s.users, user)
	s.mu.Unlock()
	content := translateAll(user)
	if s.answer != nil {
		content = s.answer(user)
	}
	fmt.Fprint(w, completion(content, "stop"))
}

func newServer(t *testing.T) (*server, *enginetest.Script, string) {
	t.Helper()
	s := &server{t: t, key: apiKey, model: "qwen2.5-7b-instruct"}
	script := &enginetest.Script{Path: "/v1/chat/completions", Next: s}
	hs := httptest.NewServer(script)
	t.Cleanup(hs.Close)
	return s, script, hs.URL
}

func newEngine(t *testing.T, url string, cfg engine.Config) *openai.Engine {
	t.Helper()
	cfg.URL = url
	if cfg.Key == "" {
		cfg.Key = apiKey
	}
	if cfg.Model == "" {
		cfg.Model = "qwen2.5-7b-instruct"
	}
	if cfg.Pairs == nil {
		cfg.Pairs = []model.Pair{enEs}
	}
	e, err := openai.New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	return e
}

func TestTranslate(t *testing.T) {
	srv, _, url := newServer(t)
	for _, base := range []string{url, url + "/", url + "/v1", url + "/v1/"} {
		e := newEngine(t, base, engine.Config{})
		got, err := e.Translate(context.Background(), model.EngineRequest{Pair: enEs, Texts: []string{"Hello ⟦1⟧ <b>world</b>", " Padded. ", "Bye"}})
		if err != nil {
			t.Fatalf("base %s: %v", base, err)
		}
		if want := "[es] Hello ⟦1⟧ <b>world</b>| [es] Padded. |[es] Bye"; strings.Join(got, "|") != want {
			t.Errorf("got %q, want %q", strings.Join(got, "|"), want)
		}
	}
	if e := newEngine(t, url, engine.Config{Name: "local-llm"}); e.Name() != "local-llm" || e.Version() != "openai-chat/qwen2.5-7b-instruct" {
		t.Errorf("Name %q Version %q", e.Name(), e.Version())
	}
	if !strings.Contains(srv.users[0], `<seg id="1">Hello ⟦1⟧ <b>world</b></seg>`) {
		t.Errorf("user prompt = %q", srv.users[0])
	}
}

func TestNoKey(t *testing.T) {
	srv, _, url := newServer(t)
	srv.key = ""
	t.Setenv("NEWSBRIDGE_OPENAI_KEY", "")
	e, err := openai.New(engine.Config{URL: url, Model: srv.model, Pairs: []model.Pair{enEs}})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := e.Translate(context.Background(), model.EngineRequest{Pair: enEs, Texts: []string{"a"}}); err != nil {
		t.Fatal(err)
	}
}

func TestPrompt(t *testing.T) {
	p := openai.SystemPrompt(model.Pair{From: "en", To: "pt-BR"}, model.FormatHTML)
	for _, want := range []string{"English (en)", "Portuguese (pt-BR)", "placeholder", "HTML", `<seg id="N">`} {
		if !strings.Contains(p, want) {
			t.Errorf("system prompt lacks %q:\n%s", want, p)
		}
	}
}

func TestPairsFromConfig(t *testing.T) {
	_, _, url := newServer(t)
	e := newEngine(t, url, engine.Config{Pairs: []model.Pair{{From: "en", To: "es"}, {From: "es", To: "ca"}}})
	ps, err := e.Pairs(context.Background())
	if err != nil || fmt.Sprint(ps) != "[en>es es>ca]" {
		t.Errorf("pairs = %v, %v", ps, err)
	}
	for _, cfg := range []engine.Config{
		{URL: url, Model: "m"},
		{URL: url, Pairs: []model.Pair{enEs}},
		{Model: "m", Pairs: []model.Pair{enEs}},
		{URL: url, Model: "m", Pairs: []model.Pair{{From: "en"}}},
	} {
		if _, err := openai.New(cfg); model.ErrorCode(err) != model.EInvalid {
			t.Errorf("New(%+v) = %v, want invalid", cfg, err)
		}
	}
}

func TestParseAnswer(t *testing.T) {
	src := []string{"one", "two", "three"}
	for _, tc := range []struct {
		name, answer, want string
		wantErr            bool
	}{
		{"plain", "<seg id=\"1\">uno</seg>\n<seg id=\"2\">dos</seg>\n<seg id=\"3\">tres</seg>", "uno|dos|tres", false},
		{"chatter and reorder", "Sure! Here you go:\n<seg id=\"2\">dos</seg><seg id='1'> uno </seg>\n<seg id=3>tres</seg>\nHope this helps.", "uno|dos|tres", false},
		{"think block", "<think>the user wants <seg id=\"9\">x</seg></think><seg id=\"1\">uno</seg><seg id=\"2\">dos</seg><seg id=\"3\">tres</seg>", "uno|dos|tres", false},
		{"multiline", "<seg id=\"1\">u\nno</seg><seg id=\"2\">dos</seg><seg id=\"3\">tres</seg>", "u\nno|dos|tres", false},
		{"missing", "<seg id=\"1\">uno</seg><seg id=\"3\">tres</seg>", "", true},
		{"extra", "<seg id=\"1\">uno</seg><seg id=\"2\">dos</seg><seg id=\"3\">tres</seg><seg id=\"4\">cuatro</seg>", "", true},
		{"duplicate", "<seg id=\"1\">uno</seg><seg id=\"1\">uno</seg><seg id=\"2\">dos</seg><seg id=\"3\">tres</seg>", "", true},
		{"zero", "<seg id=\"0\">x</seg>", "", true},
		{"no markers", "uno\ndos\ntres", "", true},
		{"empty", "", "", true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, err := openai.ParseAnswer(tc.answer, src)
			if (err != nil) != tc.wantErr || strings.Join(got, "|") != tc.want {
				t.Errorf("ParseAnswer = %q, %v", got, err)
			}
		})
	}
}

func FuzzParseAnswer(f *testing.F) {
	f.Add("<seg id=\"1\">uno</seg><seg id=\"2\">dos</seg>", 2)
	f.Add("<seg id=\"99999999999999999999\">x</seg>", 1)
	f.Fuzz(func(t *testing.T, answer string, n int) {
		n = n%30 + 1
		if n < 1 {
			n = -n + 1
		}
		src := make([]string, n)
		for i := range src {
			src[i] = "s"
		}
		got, err := openai.ParseAnswer(answer, src)
		if err == nil && len(got) != n {
			t.Fatalf("%d translations for %d segments without an error", len(got), n)
		}
	})
}

func TestBadAnswers(t *testing.T) {
	for _, tc := range []struct {
		name   string
		answer func(user string) string
	}{
		{"missing segment", func(user string) string { // always drops the last one
			ms := segRE.FindAllStringSubmatch(user, -1)
			var b strings.Builder
			for _, m := range ms[:len(ms)-1] {
				fmt.Fprintf(&b, `<seg id="%s">[es] %s</seg>`, m[1], m[2])
			}
			return b.String()
		}},
		{"extra segment", func(user string) string { return translateAll(user) + `<seg id="99">extra</seg>` }},
		{"prose", func(string) string { return "I cannot translate this." }},
	} {
		t.Run(tc.name, func(t *testing.T) {
			srv, _, url := newServer(t)
			srv.answer = tc.answer
			_, err := newEngine(t, url, engine.Config{}).Translate(context.Background(), model.EngineRequest{Pair: enEs, Texts: []string{"a", "b", "c", "d"}})
			if !errors.Is(err, engine.ErrBadResponse) {
				t.Fatalf("err = %v, want ErrBadResponse", err)
			}
		})
	}
}

func TestBadBatchRetriedInHalves(t *testing.T) {
	srv, _, url := newServer(t)
	// A model that drops the last segment of any prompt with more than two.
	srv.answer = func(user string) string {
		ms := segRE.FindAllStringSubmatch(user, -1)
		if len(ms) > 2 {
			ms = ms[:len(ms)-1]
		}
		var b strings.Builder
		for _, m := range ms {
			fmt.Fprintf(&b, `<seg id="%s">[es] %s</seg>`, m[1], m[2])
		}
		return b.String()
	}
	got, err := newEngine(t, url, engine.Config{}).Translate(context.Background(), model.EngineRequest{Pair: enEs, Texts: []string{"a", "b", "c", "d"}})
	if err != nil || strings.Join(got, "|") != "[es] a|[es] b|[es] c|[es] d" {
		t.Fatalf("got %q, %v", got, err)
	}
	if len(srv.users) != 3 {
		t.Errorf("prompts sent = %d, want 3 (4, then 2 and 2)", len(srv.users))
	}
}

func TestBatches(t *testing.T) {
	srv, _, url := newServer(t)
	in := make([]string, 45)
	for i := range in {
		in[i] = fmt.Sprint("s", i)
	}
	got, err := newEngine(t, url, engine.Config{}).Translate(context.Background(), model.EngineRequest{Pair: enEs, Texts: in})
	if err != nil || len(got) != 45 || got[44] != "[es] s44" {
		t.Fatalf("%d, %v", len(got), err)
	}
	if len(srv.users) != 3 {
		t.Errorf("prompts = %d, want 3", len(srv.users))
	}
}

func TestErrors(t *testing.T) {
	for _, tc := range []struct {
		name  string
		reply enginetest.Reply
		check func(error) bool
	}{
		{"quota", enginetest.Reply{Status: 429, Body: `{"error":{"message":"You exceeded your current quota","type":"insufficient_quota","code":"insufficient_quota"}}`}, engine.IsQuota},
		{"rate limit", enginetest.Reply{Status: 429, Body: `{"error":{"message":"Rate limit reached","type":"requests","code":"rate_limit_exceeded"}}`}, func(err error) bool { return engine.IsRetryable(err) && !engine.IsQuota(err) }},
		{"bad key", enginetest.Reply{Status: 401, Body: `{"error":{"message":"Incorrect API key provided: sk-loc*****","type":"invalid_request_error","code":"invalid_api_key"}}`}, func(err error) bool { return errors.Is(err, engine.ErrAuth) }},
		{"loading (llama.cpp)", enginetest.Reply{Status: 503, Body: `{"error":{"code":503,"message":"Loading model","type":"unavailable_error"}}`}, engine.IsRetryable},
		{"ollama string error", enginetest.Reply{Status: 404, Body: `{"error":"model \"x\" not found, try pulling it first"}`}, func(err error) bool { return !engine.IsRetryable(err) && strings.Contains(err.Error(), "try pulling") }},
		{"garbage", enginetest.Reply{Status: 200, Body: `data: {"choices":[]}`}, func(err error) bool { return errors.Is(err, engine.ErrBadResponse) }},
		{"no choices", enginetest.Reply{Status: 200, Body: `{"choices":[]}`}, func(err error) bool { return errors.Is(err, engine.ErrBadResponse) }},
		{"cut short", enginetest.Reply{Status: 200, Body: completion(`<seg id="1">a</seg>`, "length")}, func(err error) bool {
			return errors.Is(err, engine.ErrBadResponse) && strings.Contains(err.Error(), "token limit")
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, script, url := newServer(t)
			script.Push(tc.reply)
			_, err := newEngine(t, url, engine.Config{}).Translate(context.Background(), model.EngineRequest{Pair: enEs, Texts: []string{"a"}})
			if err == nil || !tc.check(err) {
				t.Fatalf("err = %v", err)
			}
		})
	}
	_, _, url := newServer(t)
	_, err := newEngine(t, url, engine.Config{Key: "sk-wrong-000000"}).Translate(context.Background(), model.EngineRequest{Pair: enEs, Texts: []string{"a"}})
	if !errors.Is(err, engine.ErrAuth) || strings.Contains(err.Error(), "sk-wrong-000000") {
		t.Errorf("wrong key: %v", err)
	}
	_, err = newEngine(t, url, engine.Config{Model: "nope"}).Translate(context.Background(), model.EngineRequest{Pair: enEs, Texts: []string{"a"}})
	if err == nil || engine.IsRetryable(err) {
		t.Errorf("unknown model: %v", err)
	}
	_, err = newEngine(t, url, engine.Config{}).Translate(context.Background(), model.EngineRequest{Pair: enEs, Texts: []string{"x </seg> y"}})
	if model.ErrorCode(err) != model.EInvalid {
		t.Errorf("marker in text: %v", err)
	}
}

func TestResilientThroughServer(t *testing.T) {
	_, script, url := newServer(t)
	clock := enginetest.NewClock(time.Date(2026, 11, 22, 10, 0, 0, 0, time.UTC))
	r := engine.Resilient(newEngine(t, url, engine.Config{}), engine.Config{}, engine.WithClock(clock.Now), engine.WithSleep(clock.Sleep))
	script.Push(enginetest.Reply{Status: 429, Header: map[string]string{"Retry-After": "5"}, Body: `{"error":{"message":"slow down","code":"rate_limit_exceeded"}}`},
		enginetest.Reply{Status: 500, Body: `{"error":"boom"}`})
	got, err := r.Translate(context.Background(), model.EngineRequest{Pair: enEs, Texts: []string{"a"}})
	if err != nil || got[0] != "[es] a" {
		t.Fatalf("%v, %v", got, err)
	}
	if s := clock.Sleeps(); len(s) != 2 || s[0] != 5*time.Second {
		t.Errorf("sleeps = %v", s)
	}
	if r.Version() != "openai-chat/qwen2.5-7b-instruct" {
		t.Errorf("Version through Resilient = %q", r.Version())
	}
}

func TestSlowServerTimesOut(t *testing.T) {
	_, script, url := newServer(t)
	script.Push(enginetest.Reply{Status: 200, Body: completion(`<seg id="1">a</seg>`, "stop"), Delay: 5 * time.Second})
	begin := time.Now()
	_, err := newEngine(t, url, engine.Config{Timeout: 50 * time.Millisecond}).Translate(context.Background(), model.EngineRequest{Pair: enEs, Texts: []string{"a"}})
	if err == nil || !engine.IsRetryable(err) || strings.Contains(err.Error(), apiKey) {
		t.Fatalf("err = %v", err)
	}
	if time.Since(begin) > 3*time.Second {
		t.Errorf("timeout not applied")
	}
}
