package apy

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"newsbridge/model"
	"newsbridge/translate/engine"
)

// fakeAPy follows APy 0.11's documented API. It "translates" Spanish to
// Catalan with a tiny word list and keeps everything else, like Apertium
// does for unknown punctuation and marks.
type fakeAPy struct {
	// truncate, when > 0, answers only the first truncate bytes of q, as the
	// real APy does with long requests (silently, with 200).
	truncate int
	// mode: "", "500", "garbage", "nodata", "slow".
	mode     string
	requests atomic.Int64
	maxQ     atomic.Int64
	format   atomic.Value // the last format asked for
}

var fakeWords = strings.NewReplacer("perro", "gos", "Hola", "Hola", "mundo", "món", "casa", "casa", "grande", "gran", "es", "és", "xyzzy", "*xyzzy")

func (f *fakeAPy) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", "application/json; charset=UTF-8")
	writeErr := func(code int, expl string) {
		w.WriteHeader(code)
		json.NewEncoder(w).Encode(map[string]any{"status": "error", "code": code, "message": http.StatusText(code), "explanation": expl})
	}
	switch f.mode {
	case "500":
		writeErr(500, "Internal Server Error")
		return
	case "garbage":
		w.Write([]byte(`{"responseData": {"translatedText": "unterminated`))
		return
	}
	switch r.URL.Path {
	case "/listPairs":
		pairs := []map[string]string{}
		for _, p := range []string{"spa|cat", "cat|spa", "spa|cat_valencia", "spa|glg", "nob|nno", "nob|nno_e", "eng|spa", "eng|spa_US"} {
			a, b, _ := strings.Cut(p, "|")
			pairs = append(pairs, map[string]string{"sourceLanguage": a, "targetLanguage": b})
		}
		json.NewEncoder(w).Encode(map[string]any{"responseData": pairs, "responseDetails": nil, "responseStatus": 200})
	case "/translate":
		f.requests.Add(1)
		if r.Method != http.MethodPost && r.Method != http.MethodGet {
			writeErr(405, "Method Not Allowed")
			return
		}
		q, lp := r.FormValue("q"), r.FormValue("langpair")
		f.format.Store(r.FormValue("format"))
		if f := r.FormValue("format"); f != "" && f != "txt" && f != "html" {
			writeErr(400, "Invalid format")
			return
		}
		if int64(len(q)) > f.maxQ.Load() {
			f.maxQ.Store(int64(len(q)))
		}
		if lp == "" {
			writeErr(400, "Missing argument langpair")
			return
		}
		if lp != "spa|cat" && lp != "spa|glg" {
			writeErr(400, "That pair is not installed")
			return
		}
		if f.mode == "slow" {
			select {
			case <-time.After(5 * time.Second):
			case <-r.Context().Done():
				return
			}
		}
		if f.mode == "nodata" {
			json.NewEncoder(w).Encode(map[string]any{"responseData": nil, "responseStatus": 200})
			return
		}
		out := fakeWords.Replace(q)
		if r.FormValue("markUnknown") == "no" {
			out = strings.ReplaceAll(out, "*", "")
		}
		if f.truncate > 0 && len(out) > f.truncate {
			out = strings.ToValidUTF8(out[:f.truncate], "")
		}
		json.NewEncoder(w).Encode(map[string]any{"responseData": map[string]any{"translatedText": out}, "responseDetails": nil, "responseStatus": 200})
	default:
		writeErr(404, "Not Found")
	}
}

func newFake(t *testing.T, f *fakeAPy, opts Options) *Engine {
	t.Helper()
	srv := httptest.NewServer(f)
	t.Cleanup(srv.Close)
	opts.BaseURL = srv.URL
	e := New(opts)
	t.Cleanup(func() { e.Close() })
	return e
}

var esca = model.Pair{From: "es", To: "ca"}

func TestPairs(t *testing.T) {
	e := newFake(t, &fakeAPy{}, Options{})
	got, err := e.Pairs(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	want := "[ca>es en>es es>ca es>gl nb>nn]"
	if fmt.Sprint(got) != want {
		t.Errorf("Pairs = %v, want %s", got, want)
	}
	if e.Name() != "apy" {
		t.Errorf("Name = %q", e.Name())
	}
}

func TestTranslate(t *testing.T) {
	f := &fakeAPy{}
	e := newFake(t, f, Options{})
	in := []string{"Hola mundo", "", "  El perro es grande.\n", "línea\n\nlínea", "El perro xyzzy", "a\x00b\x1bc", "⟦1⟧ perro ⟦2⟧"}
	got, err := e.Translate(context.Background(), model.EngineRequest{Pair: esca, Texts: in})
	if err != nil {
		t.Fatal(err)
	}
	want := []string{"Hola món", "", "  El gos és gran.\n", "línea\n\nlínea", "El gos *xyzzy", "abc", "⟦1⟧ gos ⟦2⟧"}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("text %d: got %q, want %q", i, got[i], want[i])
		}
	}
	if f.format.Load() != "txt" {
		t.Errorf("format = %v, want txt (APy's html default runs titles into the next segment)", f.format.Load())
	}
}

func TestNoMarkUnknown(t *testing.T) {
	e := newFake(t, &fakeAPy{}, Options{NoMarkUnknown: true})
	got, err := e.Translate(context.Background(), model.EngineRequest{Pair: esca, Texts: []string{"El perro xyzzy"}})
	if err != nil || got[0] != "El gos xyzzy" {
		t.Errorf("got %q, %v", got, err)
	}
}

func TestManySegmentsAreSplitIntoRequests(t *testing.T) {
	f := &fakeAPy{}
	e := newFake(t, f, Options{MaxChars: 1000})
	in := make([]string, 500)
	for i := range in {
		in[i] = fmt.Sprintf("El perro %d es grande.", i)
	}
	got, err := e.Translate(context.Background(), model.EngineRequest{Pair: esca, Texts: in})
	if err != nil {
		t.Fatal(err)
	}
	for i := range in {
		if want := fmt.Sprintf("El gos %d és gran.", i); got[i] != want {
			t.Fatalf("text %d: got %q, want %q", i, got[i], want)
		}
	}
	if f.maxQ.Load() > 1000 {
		t.Errorf("a request carried %d bytes, more than MaxChars", f.maxQ.Load())
	}
	if n := f.requests.Load(); n < 10 {
		t.Errorf("%d requests for 500 segments in 1000-byte requests", n)
	}
}

func TestLongSegmentIsSplitAndJoined(t *testing.T) {
	f := &fakeAPy{}
	e := newFake(t, f, Options{MaxChars: 500})
	long := strings.Repeat("El perro es grande. ", 200) + "Fin"
	got, err := e.Translate(context.Background(), model.EngineRequest{Pair: esca, Texts: []string{long}})
	if err != nil {
		t.Fatal(err)
	}
	if want := strings.Repeat("El gos és gran. ", 200) + "Fin"; got[0] != want {
		t.Errorf("got %d bytes, want %d", len(got[0]), len(want))
	}
	if f.maxQ.Load() > 500 {
		t.Errorf("a request carried %d bytes", f.maxQ.Load())
	}
}

func TestTruncationIsDetected(t *testing.T) {
	in := make([]string, 40)
	for i := range in {
		in[i] = fmt.Sprintf("El perro %d es grande.", i)
	}
	t.Run("recovered by halving", func(t *testing.T) {
		// Truncates at 600 bytes: a 4000-byte request loses segments, but
		// halves of it fit.
		f := &fakeAPy{truncate: 600}
		e := newFake(t, f, Options{})
		got, err := e.Translate(context.Background(), model.EngineRequest{Pair: esca, Texts: in})
		if err != nil {
			t.Fatal(err)
		}
		for i := range in {
			if want := fmt.Sprintf("El gos %d és gran.", i); got[i] != want {
				t.Errorf("text %d: got %q, want %q", i, got[i], want)
			}
		}
	})
	t.Run("error, never a short result", func(t *testing.T) {
		// Truncates so hard that even one segment is cut.
		f := &fakeAPy{truncate: 10}
		e := newFake(t, f, Options{})
		got, err := e.Translate(context.Background(), model.EngineRequest{Pair: esca, Texts: in})
		if !errors.Is(err, errTruncated) || got != nil {
			t.Fatalf("got %q, err = %v; want truncation error", got, err)
		}
		if !strings.Contains(err.Error(), "segment marks came back") && !strings.Contains(err.Error(), "characters back") {
			t.Errorf("unclear error: %v", err)
		}
	})
}

func TestServerErrors(t *testing.T) {
	tests := []struct {
		mode  string
		check func(error) bool
	}{
		{"500", func(err error) bool {
			var he *engine.HTTPError
			return errors.As(err, &he) && he.Status == 500 && engine.IsRetryable(err)
		}},
		{"garbage", func(err error) bool { return errors.Is(err, engine.ErrBadResponse) }},
		{"nodata", func(err error) bool { return errors.Is(err, engine.ErrBadResponse) }},
	}
	for _, tt := range tests {
		t.Run(tt.mode, func(t *testing.T) {
			f := &fakeAPy{}
			e := newFake(t, f, Options{})
			if _, err := e.Pairs(context.Background()); err != nil { // learn the pairs first
				t.Fatal(err)
			}
			f.mode = tt.mode
			_, err := e.Translate(context.Background(), model.EngineRequest{Pair: esca, Texts: []string{"Hola"}})
			if err == nil || !tt.check(err) {
				t.Errorf("err = %v", err)
			}
		})
	}
}

func TestPairNotInstalled(t *testing.T) {
	e := newFake(t, &fakeAPy{}, Options{})
	_, err := e.Translate(context.Background(), model.EngineRequest{Pair: model.Pair{From: "es", To: "ar"}, Texts: []string{"hola"}})
	var me *model.Error
	if !errors.As(err, &me) || me.Code != model.EInvalid || engine.Classify(err) != engine.KindUnsupported || me.Message != "apy: pair es>ar is not installed" {
		t.Fatalf("err = %v", err)
	}
	// Listed, but the server refuses it.
	_, err = e.Translate(context.Background(), model.EngineRequest{Pair: model.Pair{From: "nb", To: "nn"}, Texts: []string{"hei"}})
	if model.ErrorCode(err) != model.EInvalid || !strings.Contains(err.Error(), "not installed") {
		t.Fatalf("refused pair: err = %v", err)
	}
}

func TestTimeoutAndCancel(t *testing.T) {
	f := &fakeAPy{}
	e := newFake(t, f, Options{Timeout: 100 * time.Millisecond})
	if _, err := e.Pairs(context.Background()); err != nil {
		t.Fatal(err)
	}
	f.mode = "slow"
	start := time.Now()
	_, err := e.Translate(context.Background(), model.EngineRequest{Pair: esca, Texts: []string{"Hola"}})
	if err == nil || !engine.IsRetryable(err) {
		t.Errorf("timeout: err = %v, want a retryable error", err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := e.Translate(ctx, model.EngineRequest{Pair: esca, Texts: []string{"Hola"}}); !errors.Is(err, context.Canceled) {
		t.Errorf("cancelled: err = %v", err)
	}
	if d := time.Since(start); d > 3*time.Second {
		t.Errorf("took %s", d)
	}
}

func TestBadInput(t *testing.T) {
	e := newFake(t, &fakeAPy{}, Options{})
	_, err := e.Translate(context.Background(), model.EngineRequest{Pair: esca, Texts: []string{"ok", "\xff\xfe"}})
	if model.ErrorCode(err) != model.EInvalid {
		t.Errorf("invalid UTF-8: err = %v", err)
	}
	// A text that holds the mark characters goes alone, unmarked.
	got, err := e.Translate(context.Background(), model.EngineRequest{Pair: esca, Texts: []string{"El perro ⟪0⟫ es", "El perro"}})
	if err != nil || got[0] != "El gos ⟪0⟫ és" || got[1] != "El gos" {
		t.Errorf("mark characters in text: %q, %v", got, err)
	}
	if _, err := New(Options{}).Translate(context.Background(), model.EngineRequest{Pair: esca, Texts: []string{"x"}}); model.ErrorCode(err) != model.EInvalid {
		t.Errorf("no BaseURL: err = %v", err)
	}
}

func TestFromConfig(t *testing.T) {
	if _, err := FromConfig(engine.Config{Kind: engine.KindAPy, URL: "ftp://x"}); model.ErrorCode(err) != model.EInvalid {
		t.Errorf("bad URL: err = %v", err)
	}
	e, err := FromConfig(engine.Config{Kind: engine.KindAPy, URL: "http://127.0.0.1:2737/"})
	if err != nil || e.base != "http://127.0.0.1:2737" {
		t.Errorf("FromConfig: %v, %v", e, err)
	}
}
