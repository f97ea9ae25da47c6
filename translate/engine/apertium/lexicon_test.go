package apertium

import (
	"os"
	"path/filepath"
	"testing"
	"time"
)

func TestKnownWords(t *testing.T) {
	needApertium(t)
	e := New(Options{})
	defer e.Close()
	for _, c := range []struct {
		lang  string
		words []string
		want  []bool
	}{
		// Spanish and Catalan: "después" and "després", "noche" and "nit"
		{"es", []string{"después", "noche", "després", "nit", "casa"}, []bool{true, true, false, false, true}},
		{"ca", []string{"después", "noche", "després", "nit", "casa"}, []bool{false, false, true, true, true}},
		// a tag with a region is its language; anything but letters is
		// not asked
		{"es-ES", []string{"después", "des-pués", "x1", ""}, []bool{true, false, false, false}},
	} {
		got, ok := e.KnownWords(c.lang, c.words)
		if !ok {
			t.Fatalf("%s: no answer", c.lang)
		}
		for i := range c.words {
			if got[i] != c.want[i] {
				t.Errorf("%s %q: known %v, want %v", c.lang, c.words[i], got[i], c.want[i])
			}
		}
	}
	if got, ok := e.KnownWords("nb", []string{"jeg", "ikke"}); ok {
		// the Norwegian pair is optional; where installed, Nynorsk lacks
		// "jeg" and Bokmål has it
		nn, _ := e.KnownWords("nn", []string{"jeg", "eg"})
		if !got[0] || !got[1] || nn[0] || !nn[1] {
			t.Errorf("nb %v, nn %v", got, nn)
		}
	}
	// a compound the dictionary does not list is unknown: compound
	// analysis (the Norwegian modes' -e) would read Bokmål "avisen" as
	// Nynorsk "av" + "isen"
	if got, ok := e.KnownWords("nn", []string{"avisen", "avisa"}); ok && (got[0] || !got[1]) {
		t.Errorf("nn avisen, avisa: %v", got)
	}
	if _, ok := e.KnownWords("xx", []string{"casa"}); ok {
		t.Error("a language without an analyser answered")
	}
	e.Close()
	if _, ok := e.KnownWords("es", []string{"mesa"}); ok {
		t.Error("a closed engine answered")
	}
}

// An analyser that never answers costs one time-out, then nothing for a
// while: the checks go without it and translation is never held up.
func TestKnownWordsDeadAnalyser(t *testing.T) {
	dir := t.TempDir()
	prog := filepath.Join(dir, "lt-proc")
	if err := os.WriteFile(prog, []byte("#!/bin/sh\nexec sleep 30\n"), 0o755); err != nil {
		t.Fatal(err)
	}
	bin := filepath.Join(dir, "spa-cat.automorf.bin")
	if err := os.WriteFile(bin, []byte("x"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "spa-cat.mode"), []byte(prog+" -w '"+bin+"' | "+prog+" -g '"+bin+"'\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	e := New(Options{ModesDir: dir})
	defer e.Close()
	start := time.Now()
	if _, ok := e.KnownWords("es", []string{"casa"}); ok {
		t.Fatal("a silent analyser answered")
	}
	if d := time.Since(start); d > lexiconTimeout+3*time.Second {
		t.Errorf("first lookup took %v", d)
	}
	start = time.Now()
	if _, ok := e.KnownWords("es", []string{"mesa"}); ok {
		t.Fatal("a failed analyser answered")
	}
	if d := time.Since(start); d > 100*time.Millisecond {
		t.Errorf("lookup after a failure took %v: it should not wait again", d)
	}
}
