package apertium

import (
	"os"
	"path/filepath"
	"testing"
)

// FuzzParseMode reads mode files as a broken or hostile pair package could
// ship them: parseMode must not panic, and what it accepts is a pipeline of
// known programs with no shell syntax left in an unquoted word.
func FuzzParseMode(f *testing.F) {
	for _, s := range []string{
		`lt-proc -w '/usr/share/apertium/apertium-spa-cat/spa-cat.automorf.bin' | apertium-tagger -g $2 '/usr/share/apertium/apertium-spa-cat/spa-cat.prob' | lt-proc $1 '/usr/share/apertium/apertium-spa-cat/spa-cat.autogen.bin'`,
		`lt-proc "a b" | cg-proc 'x'\''y' | apertium-pretransfer`,
		`lt-proc x; rm -rf /`, `lt-proc $(id)`, `| |`, `"unterminated`, `lt-proc \`,
	} {
		f.Add(s, true)
	}
	dir := f.TempDir()
	f.Fuzz(func(t *testing.T, text string, mark bool) {
		path := filepath.Join(dir, "fuzz.mode")
		if err := os.WriteFile(path, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
		cmds, err := parseMode(path, mark)
		if err != nil {
			return
		}
		if len(cmds) == 0 {
			t.Fatalf("no error and no program for %q", text)
		}
		for _, c := range cmds {
			if len(c) == 0 {
				t.Fatalf("an empty program for %q", text)
			}
			prog := filepath.Base(c[0])
			if !nullFlushTools[prog] && !passThroughTools[prog] {
				t.Fatalf("unknown program %q accepted from %q", prog, text)
			}
		}
	})
}

// FuzzShellWords checks the mode files' word splitter on any text.
func FuzzShellWords(f *testing.F) {
	for _, s := range []string{`a 'b c' "d\"e" f\ g|h`, `'`, `"\`, "a\tb\nc"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		words, err := shellWords(s)
		if err != nil {
			return
		}
		for _, w := range words {
			if !w.quoted && w.text == "" {
				t.Fatalf("an empty unquoted word from %q", s)
			}
		}
	})
}
