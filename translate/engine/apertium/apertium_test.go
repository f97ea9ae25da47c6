package apertium

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"os/exec"
	"strings"
	"sync"
	"testing"

	"newsbridge/model"
	"newsbridge/translate/engine"
)

// needApertium skips the test when the Apertium pairs are not installed.
func needApertium(t testing.TB) {
	t.Helper()
	if _, err := exec.LookPath("lt-proc"); err != nil {
		t.Skip("apertium is not installed (apt-get install apertium apertium-spa-cat apertium-es-gl apertium-eng-spa apertium-nno-nob)")
	}
	if _, err := os.Stat(DefaultModesDir + "/spa-cat.mode"); err != nil {
		t.Skip("apertium-spa-cat is not installed")
	}
}

var (
	sharedOnce sync.Once
	shared     *Engine
)

// TestMain closes the shared engine so no pipeline outlives the tests.
func TestMain(m *testing.M) {
	code := m.Run()
	if shared != nil {
		shared.Close()
	}
	os.Exit(code)
}

// sharedEngine returns one engine for the tests that only translate:
// starting pipelines is the slow part of these tests.
func sharedEngine(t testing.TB) *Engine {
	t.Helper()
	needApertium(t)
	sharedOnce.Do(func() { shared = New(Options{Logger: slog.New(slog.DiscardHandler)}) })
	return shared
}

func newTestEngine(t testing.TB, opts Options) *Engine {
	t.Helper()
	needApertium(t)
	if opts.Logger == nil {
		opts.Logger = slog.New(slog.DiscardHandler)
	}
	e := New(opts)
	t.Cleanup(func() { e.Close() })
	return e
}

var (
	esca = model.Pair{From: "es", To: "ca"}
	esgl = model.Pair{From: "es", To: "gl"}
	esen = model.Pair{From: "es", To: "en"}
	nbnn = model.Pair{From: "nb", To: "nn"}
)

func TestTranslateSentences(t *testing.T) {
	e := sharedEngine(t)
	ctx := context.Background()
	tests := []struct {
		pair model.Pair
		in   string
		want string
	}{
		{esca, "El perro de mi casa es muy grande.", "El gos de la meva casa és molt gran."},
		{esca, "Hola mundo", "Hola món"},
		{esgl, "El perro de mi casa es muy grande.", "O can da miña casa é moi grande."},
		{esen, "El perro de mi casa es muy grande.", "The dog of my house is very big."},
		{nbnn, "Jeg har ikke sett noe.", "Eg har ikkje sett noko."},
	}
	for _, tt := range tests {
		t.Run(tt.pair.String(), func(t *testing.T) {
			got, err := e.Translate(ctx, model.EngineRequest{Pair: tt.pair, Texts: []string{tt.in}})
			if err != nil {
				t.Fatal(err)
			}
			if got[0] != tt.want {
				t.Errorf("Translate(%q) = %q, want %q", tt.in, got[0], tt.want)
			}
		})
	}
}

func TestPairs(t *testing.T) {
	e := sharedEngine(t)
	pairs, err := e.Pairs(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	have := make(map[model.Pair]bool)
	for _, p := range pairs {
		have[p] = true
		if strings.ContainsAny(p.From+p.To, "_-") || len(p.From) > 3 || len(p.To) > 3 {
			t.Errorf("variant or unmapped pair listed: %v", p)
		}
	}
	for _, p := range []model.Pair{esca, {From: "ca", To: "es"}, esgl, {From: "gl", To: "es"}, esen, {From: "en", To: "es"}, {From: "en", To: "ca"}, nbnn, {From: "nn", To: "nb"}, {From: "sv", To: "nb"}} {
		if !have[p] {
			t.Errorf("pair %v missing from %v", p, pairs)
		}
	}
}

func TestPairNotInstalled(t *testing.T) {
	e := sharedEngine(t)
	_, err := e.Translate(context.Background(), model.EngineRequest{Pair: model.Pair{From: "es", To: "ar"}, Texts: []string{"hola"}})
	var me *model.Error
	if !errors.As(err, &me) || me.Code != model.EInvalid || engine.Classify(err) != engine.KindUnsupported {
		t.Fatalf("err = %v, want *model.Error with code invalid", err)
	}
	if want := "apertium: pair es>ar is not installed"; me.Message != want {
		t.Errorf("message = %q, want %q", me.Message, want)
	}
}

func TestBatchKeepsCountAndOrder(t *testing.T) {
	e := sharedEngine(t)
	in := make([]string, 500)
	for i := range in {
		switch i % 5 {
		case 0:
			in[i] = fmt.Sprintf("Tengo %d perros", i)
		case 1:
			in[i] = fmt.Sprintf("La casa número %d es grande.", i)
		case 2:
			in[i] = fmt.Sprintf("¿Dónde está el coche %d?", i)
		case 3:
			in[i] = fmt.Sprintf("Título %d sin punto", i)
		case 4:
			in[i] = fmt.Sprintf("%d", i)
		}
	}
	got, err := e.Translate(context.Background(), model.EngineRequest{Pair: esca, Texts: in})
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != len(in) {
		t.Fatalf("got %d translations for %d texts", len(got), len(in))
	}
	for i, g := range got {
		if !strings.Contains(g, fmt.Sprint(i)) {
			t.Errorf("translation %d = %q: number %d missing (misaligned?)", i, g, i)
		}
	}
	if got[0] != "Tinc 0 gossos" || got[1] != "La casa número 1 és gran." || got[2] != "On està el cotxe 2?" {
		t.Errorf("unexpected translations: %q", got[:3])
	}
}

func TestEmptyAndWhiteSpace(t *testing.T) {
	e := sharedEngine(t)
	in := []string{"", "  ", "Hola", "\n", "  El perro.\n", ""}
	got, err := e.Translate(context.Background(), model.EngineRequest{Pair: esca, Texts: in})
	if err != nil {
		t.Fatal(err)
	}
	want := []string{"", "  ", "Hola", "\n", "  El gos.\n", ""}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("text %d: got %q, want %q", i, got[i], want[i])
		}
	}
	got, err = e.Translate(context.Background(), model.EngineRequest{Pair: esca, Texts: nil})
	if err != nil || len(got) != 0 {
		t.Errorf("nil texts: got %q, %v", got, err)
	}
}

func TestNewlinesInsideSegment(t *testing.T) {
	e := sharedEngine(t)
	in := []string{
		"El perro\nde mi casa",
		"Primer párrafo\n\nSegundo párrafo",
		"Una línea.\nOtra línea.\n\n\nY otra.",
		"col1\tcol2  dos espacios",
	}
	want := []string{
		"El gos\nde la meva casa",
		"Primer paràgraf\n\nSegon paràgraf",
		"Una línia.\nUna altra línia.\n\n\nI una altra.",
		"*col1\t*col2  dos espais",
	}
	got, err := e.Translate(context.Background(), model.EngineRequest{Pair: esca, Texts: in})
	if err != nil {
		t.Fatal(err)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("text %d: got %q, want %q", i, got[i], want[i])
		}
	}
}

func TestBadInput(t *testing.T) {
	e := sharedEngine(t)
	ctx := context.Background()
	got, err := e.Translate(ctx, model.EngineRequest{Pair: esca, Texts: []string{
		"El\x00 perro\x01\x1b[31m\x7f\u0085 grande\r\nfin",
		"مرحبا بالعالم",
		"狗很大",
		"El perro [grande] {x} <b> a^b $5 @user \\ ~ / fin",
	}})

	if err != nil {
		t.Fatal(err)
	}
	want := []string{
		"El gos[*31m gran\nfi",
		"*مرحبا *بالعالم",
		"*狗很大",
		"El gos [gran] {x} <b> a^b $5 @*user \\ ~ / fi",
	}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("text %d: got %q, want %q", i, got[i], want[i])
		}
	}
	_, err = e.Translate(ctx, model.EngineRequest{Pair: esca, Texts: []string{"ok", "bad \xff utf-8"}})
	if model.ErrorCode(err) != model.EInvalid || !strings.Contains(err.Error(), "text 1") {
		t.Errorf("invalid UTF-8: err = %v, want invalid error naming text 1", err)
	}
}

func writeFile(t *testing.T, path, content string) {
	t.Helper()
	if err := os.WriteFile(path, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
}

func TestUnknownWordMarks(t *testing.T) {
	in := []string{"El perro xyzzyq come."}
	got, err := sharedEngine(t).Translate(context.Background(), model.EngineRequest{Pair: esca, Texts: in})
	if err != nil {
		t.Fatal(err)
	}
	if got[0] != "El gos *xyzzyq menja." {
		t.Errorf("marks on: got %q", got[0])
	}
	e := newTestEngine(t, Options{NoMarkUnknown: true})
	got, err = e.Translate(context.Background(), model.EngineRequest{Pair: esca, Texts: in})
	if err != nil {
		t.Fatal(err)
	}
	if got[0] != "El gos xyzzyq menja." {
		t.Errorf("marks off: got %q", got[0])
	}
}

func TestNameAndVersion(t *testing.T) {
	e := sharedEngine(t)
	if e.Name() != "apertium" {
		t.Errorf("Name() = %q", e.Name())
	}
	v := e.Version()
	if v == "" || v == "unknown" || !strings.ContainsAny(v, "0123456789") {
		t.Errorf("Version() = %q", v)
	}
	if e.Version() != v {
		t.Error("Version() not stable")
	}
}

// TestEveryInstalledPair runs odd segments through every installed pair:
// the segment marks must survive each pair's programs. It starts a
// pipeline per pair, so it only runs when NEWSBRIDGE_SLOW_TESTS is set.
func TestEveryInstalledPair(t *testing.T) {
	if os.Getenv("NEWSBRIDGE_SLOW_TESTS") == "" {
		t.Skip("set NEWSBRIDGE_SLOW_TESTS=1 to try every installed pair")
	}
	e := newTestEngine(t, Options{})
	pairs, err := e.Pairs(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	in := []string{".", "¿?", "123", "—", "Hola.", "a\n\nb", "The house is big", "Huset er stort.", "⟦1⟧", "x", "!!!", "«Hola»", "\"", "..."}
	for _, p := range pairs {
		got, err := e.Translate(context.Background(), model.EngineRequest{Pair: p, Texts: in})
		if err != nil {
			t.Errorf("%s: %v", p, err)
			continue
		}
		t.Logf("%s: %q", p, got)
	}
}
