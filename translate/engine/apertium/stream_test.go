package apertium

import (
	"errors"
	"strings"
	"testing"

	"newsbridge/translate/engine"
)

func TestCleanText(t *testing.T) {
	tests := []struct {
		in, want string
		bad      bool
	}{
		{in: "plain text", want: "plain text"},
		{in: "a\tb\nc", want: "a\tb\nc"},
		{in: "a\r\nb\rc", want: "a\nb\nc"},
		{in: "a\x00b\x01c\x1bd\x7fe\u0085f\u009fg", want: "abcdefg"},
		{in: "émoji 🙂 ok", want: "émoji 🙂 ok"},
		{in: "bad \xff", bad: true},
	}
	for _, tt := range tests {
		got, err := CleanText(tt.in)
		if tt.bad {
			if err == nil {
				t.Errorf("CleanText(%q): want error", tt.in)
			}
			continue
		}
		if err != nil || got != tt.want {
			t.Errorf("CleanText(%q) = %q, %v; want %q", tt.in, got, err, tt.want)
		}
	}
}

func TestDeformat(t *testing.T) {
	tests := []struct{ in, want string }{
		{"Hola mundo", "Hola mundo.[][NBSEG:0]"},
		{`a\b [c] ^d$ @e /f <g> {h} ~i`, `a\\b \[c\] \^d\$ \@e \/f \<g\> \{h\} [~]i.[][NBSEG:0]`},
		{"a  b\tc\nd", "a[  ]b[\t]c[\n]d.[][NBSEG:0]"},
		{"title\n\nbody", "title.[][\n\n]body.[][NBSEG:0]"},
		{"end.", "end..[][NBSEG:0]"},
	}
	for _, tt := range tests {
		var b strings.Builder
		writeDeformatted(&b, tt.in, 0)
		if b.String() != tt.want {
			t.Errorf("deformat(%q) = %q, want %q", tt.in, b.String(), tt.want)
		}
	}
}

func TestSplitOutput(t *testing.T) {
	tests := []struct {
		name string
		out  string
		n    int
		want []string
		err  bool
	}{
		{name: "two", out: "Hola món.[][NBSEG:0]El gos..[][NBSEG:1]", n: 2, want: []string{"Hola món", "El gos."}},
		{name: "escapes and blanks", out: "a\\[b\\] [~]c[\n\n]d.[][NBSEG:0]", n: 1, want: []string{"a[b] ~c\n\nd"}},
		{name: "trailing newline", out: "x.[][NBSEG:0]\n", n: 1, want: []string{"x"}},
		{name: "missing mark", out: "x.[][NBSEG:0]y.[]", n: 2, err: true},
		{name: "swapped marks", out: "x[NBSEG:1]y[NBSEG:0]", n: 2, err: true},
		{name: "extra mark", out: "x[NBSEG:0]y[NBSEG:1]", n: 1, err: true},
		{name: "text after last", out: "x[NBSEG:0]y", n: 1, err: true},
		{name: "unterminated", out: "x[NBSEG:0", n: 1, err: true},
		{name: "empty", out: "", n: 1, err: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := splitOutput(tt.out, tt.n)
			if tt.err {
				if !errors.Is(err, errMalformed) {
					t.Fatalf("err = %v, want errMalformed", err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if strings.Join(got, "|") != strings.Join(tt.want, "|") {
				t.Errorf("got %q, want %q", got, tt.want)
			}
		})
	}
}

// FuzzRoundTrip checks that what the deformatter writes, read back by the
// reformatter as if the pipeline had copied it, gives the cleaned text
// back, segment count intact.
func FuzzRoundTrip(f *testing.F) {
	for _, s := range []string{"Hola mundo", "a [b] \\c ~d", "x\n\ny", "end.", "[NBSEG:0]", "a.[]b", "\x00\xff"} {
		f.Add(s, "segundo")
	}
	f.Fuzz(func(t *testing.T, a, b string) {
		var segs []string
		for _, s := range []string{a, b} {
			c, err := CleanText(s)
			if err != nil {
				return
			}
			_, core, _ := engine.SplitSpace(c)
			if core == "" {
				return
			}
			segs = append(segs, core)
		}
		var buf strings.Builder
		for i, s := range segs {
			writeDeformatted(&buf, s, i)
		}
		got, err := splitOutput(buf.String(), len(segs))
		if err != nil {
			t.Fatalf("splitOutput(%q): %v", buf.String(), err)
		}
		for i := range segs {
			if got[i] != segs[i] {
				t.Errorf("segment %d: got %q, want %q", i, got[i], segs[i])
			}
		}
	})
}
