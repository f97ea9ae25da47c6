package apertium

import (
	"strings"
	"testing"

	"newsbridge/model"
)

func TestDiscoverModes(t *testing.T) {
	modes, skipped, err := discoverModes("testdata/modes")
	if err != nil {
		t.Fatal(err)
	}
	want := map[model.Pair]string{
		{From: "es", To: "ca"}: "spa-cat",
		{From: "es", To: "gl"}: "es-gl",
		{From: "nb", To: "nn"}: "nob-nno",
		{From: "sv", To: "nb"}: "swe-nob",
		{From: "pt", To: "gl"}: "por-glg",
	}
	if len(modes) != len(want) {
		t.Errorf("got %d modes %v, want %d", len(modes), modes, len(want))
	}
	for p, name := range want {
		if modes[p].Name != name {
			t.Errorf("pair %v: mode %q, want %q", p, modes[p].Name, name)
		}
	}
	if _, ok := skipped["spa-ita"]; !ok {
		t.Errorf("spa-ita (python3 in the pipeline) not reported as skipped: %v", skipped)
	}
	if _, _, err := discoverModes("testdata/nonexistent"); err == nil {
		t.Error("missing directory: want error")
	}
}

func TestTagOf(t *testing.T) {
	tests := []struct {
		code, want string
		ok         bool
	}{
		{"spa", "es", true}, {"cat", "ca", true}, {"eng", "en", true},
		{"glg", "gl", true}, {"gl", "gl", true}, {"nob", "nb", true},
		{"nno", "nn", true}, {"swe", "sv", true}, {"dan", "da", true},
		{"por", "pt", true}, {"ita", "it", true}, {"ast", "ast", true},
		{"arg", "an", true}, {"oci", "oc", true}, {"ron", "ro", true},
		{"epo", "eo", true}, {"fra", "fr", true}, {"xyz", "xyz", true},
		{"nno_e", "", false}, {"US", "", false}, {"x", "", false},
	}
	for _, tt := range tests {
		got, ok := TagOf(tt.code)
		if got != tt.want || ok != tt.ok {
			t.Errorf("TagOf(%q) = %q, %v; want %q, %v", tt.code, got, ok, tt.want, tt.ok)
		}
	}
}

func TestParseMode(t *testing.T) {
	cmds, err := parseMode("testdata/modes/spa-cat.mode", true)
	if err != nil {
		t.Fatal(err)
	}
	if len(cmds) != 10 {
		t.Fatalf("got %d programs, want 10", len(cmds))
	}
	if got := strings.Join(cmds[2], " "); got != "apertium-tagger -z -g /usr/share/apertium/apertium-spa-cat/spa-cat.prob" {
		t.Errorf("tagger: %q ($2 must vanish)", got)
	}
	if got := strings.Join(cmds[7], " "); got != "lt-proc -z -g /usr/share/apertium/apertium-spa-cat/spa-cat.autogen.bin" {
		t.Errorf("generator: %q", got)
	}
	for _, c := range cmds {
		if c[1] != "-z" {
			t.Errorf("%v: no -z after the program", c)
		}
	}
	cmds, err = parseMode("testdata/modes/spa-cat.mode", false)
	if err != nil {
		t.Fatal(err)
	}
	if cmds[7][2] != "-n" {
		t.Errorf("MarkUnknown off: generator flag %q, want -n", cmds[7][2])
	}
	cmds, err = parseMode("testdata/modes/por-glg.mode", true)
	if err != nil {
		t.Fatal(err)
	}
	if cmds[0][3] != "a b.bin" || cmds[1][2] != "q.rlx" {
		t.Errorf("quoting: %q", cmds)
	}
	nn, err := parseMode("testdata/modes/nob-nno.mode", true)
	if err != nil || len(nn) != 20 {
		t.Errorf("nob-nno: %d programs, %v", len(nn), err)
	}
	if _, err := parseMode("testdata/modes/spa-ita.mode", true); err == nil || !strings.Contains(err.Error(), "python3") {
		t.Errorf("python3 in pipeline: err = %v", err)
	}
}

func TestShellWords(t *testing.T) {
	tests := []struct {
		in   string
		want string
		err  bool
	}{
		{in: `a 'b c' "d e" f\ g`, want: "a|b c|d e|f g"},
		{in: `a|b`, want: "a|||b"},
		{in: `'unterminated`, err: true},
		{in: `"unterminated`, err: true},
	}
	for _, tt := range tests {
		words, err := shellWords(tt.in)
		if tt.err {
			if err == nil {
				t.Errorf("shellWords(%q): want error", tt.in)
			}
			continue
		}
		var got []string
		for _, w := range words {
			got = append(got, w.text)
		}
		if strings.Join(got, "|") != tt.want {
			t.Errorf("shellWords(%q) = %q, want %q", tt.in, strings.Join(got, "|"), tt.want)
		}
	}
}
