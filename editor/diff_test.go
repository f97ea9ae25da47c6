package editor

import (
	"strings"
	"testing"
)

func TestWordDiff(t *testing.T) {
	for _, c := range []struct{ a, b, want string }{
		{"L'alcalde va dir que la obra costarà molt molt.", "L'alcalde va dir que l'obra costarà molt.",
			"L'alcalde va dir que [-la obra-][+l'obra+] costarà [-molt -]molt."},
		{"", "نص جديد", "[+نص جديد+]"},
		{"same text", "same text", "same text"},
		{"a <b>", "a <i>", "a [-<b>-][+<i>+]"},
	} {
		var b strings.Builder
		for _, p := range wordDiff(c.a, c.b) {
			switch p.Op {
			case "del":
				b.WriteString("[-" + p.Text + "-]")
			case "ins":
				b.WriteString("[+" + p.Text + "+]")
			default:
				b.WriteString(p.Text)
			}
		}
		if b.String() != c.want {
			t.Errorf("wordDiff(%q, %q) = %q, want %q", c.a, c.b, b.String(), c.want)
		}
	}
	long := strings.Repeat("word ", 2000)
	if p := wordDiff(long, long+"more"); len(p) != 2 || p[0].Op != "del" || p[1].Op != "ins" {
		t.Errorf("a long text: %d parts", len(p))
	}
}
