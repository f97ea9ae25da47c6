package apy

import (
	"context"
	"fmt"
	"net"
	"os"
	"os/exec"
	"strings"
	"testing"
	"time"

	"newsbridge/model"
)

// startRealAPy starts Debian's apertium-apy on a free loopback port and
// returns its base URL. The command is the one the package doc gives.
func startRealAPy(t testing.TB) string {
	t.Helper()
	bin, err := exec.LookPath("apertium-apy")
	if err != nil {
		t.Skip("apertium-apy is not installed (apt-get install -y apertium-apy apertium-spa-cat apertium-es-gl apertium-nno-nob)")
	}
	if _, err := os.Stat("/usr/share/apertium/modes/spa-cat.mode"); err != nil {
		t.Skip("apertium-spa-cat is not installed")
	}
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	port := l.Addr().(*net.TCPAddr).Port
	l.Close()
	dir := t.TempDir()
	cmd := exec.Command(bin, "-p", fmt.Sprint(port), "/usr/share/apertium/modes")
	cmd.Dir = dir // APy writes nothing here without -d, but keep it out of the tree
	var out strings.Builder
	cmd.Stdout, cmd.Stderr = &out, &out
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		cmd.Process.Kill()
		cmd.Wait()
	})
	base := fmt.Sprintf("http://127.0.0.1:%d", port)
	e := New(Options{BaseURL: base, Timeout: time.Second})
	deadline := time.Now().Add(60 * time.Second)
	for {
		if _, err := e.Pairs(context.Background()); err == nil {
			return base
		}
		if time.Now().After(deadline) {
			t.Fatalf("apertium-apy did not answer within 60s: %s", out.String())
		}
		time.Sleep(200 * time.Millisecond)
	}
}

func TestRealAPy(t *testing.T) {
	base := startRealAPy(t)
	e := New(Options{BaseURL: base})
	ctx := context.Background()
	pairs, err := e.Pairs(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(fmt.Sprint(pairs), "es>ca") || strings.Contains(fmt.Sprint(pairs), "_") {
		t.Errorf("pairs = %v", pairs)
	}
	got, err := e.Translate(ctx, model.EngineRequest{Pair: esca, Texts: []string{"El perro de mi casa es muy grande.", "", "Título sin punto", "Otro título", "  Hola mundo\n"}})
	if err != nil {
		t.Fatal(err)
	}
	want := []string{"El gos de la meva casa és molt gran.", "", "Títol sense punt", "Un altre títol", "  Hola món\n"}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("text %d: got %q, want %q", i, got[i], want[i])
		}
	}
	// 2,000 segments, ~90 KB: far beyond what one APy request returns
	// whole (~36 KB), so only splitting and checking keeps them all.
	in := make([]string, 2000)
	for i := range in {
		in[i] = fmt.Sprintf("El perro número %d come carne.", i)
	}
	got, err = e.Translate(ctx, model.EngineRequest{Pair: esca, Texts: in})
	if err != nil {
		t.Fatal(err)
	}
	for i := range in {
		if want := fmt.Sprintf("El gos número %d menja carn.", i); got[i] != want {
			t.Fatalf("text %d: got %q, want %q", i, got[i], want)
		}
	}
	// Placeholders and segment marks through sv→nb, which turns digits
	// into ordinals ("1 hus" → "1. hus").
	got, err = e.Translate(ctx, model.EngineRequest{Pair: model.Pair{From: "sv", To: "nb"}, Texts: []string{"Vi har ⟦1⟧ hus.", "⟦2⟧", "Det är stort", "Hej ⟦1⟧ och ⟦3⟧."}})
	if err != nil {
		t.Fatal(err)
	}
	if want := []string{"Vi har ⟦1⟧ hus.", "⟦2⟧", "Det er stort", "Hei ⟦1⟧ og ⟦3⟧."}; fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("sv>nb: got %q, want %q", got, want)
	}
	_, err = e.Translate(ctx, model.EngineRequest{Pair: model.Pair{From: "es", To: "ar"}, Texts: []string{"hola"}})
	if model.ErrorCode(err) != model.EInvalid {
		t.Errorf("missing pair: err = %v", err)
	}
}
