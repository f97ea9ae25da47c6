package placeholder

import "testing"

func TestFormatParse(t *testing.T) {
	for _, k := range []Kind{Plain, Number, Name} {
		for _, n := range []int{1, 42, 999999} {
			s := Format(k, n)
			gn, size, gk, ok := Parse(s + " rest")
			if !ok || gn != n || gk != k || size != len(s) {
				t.Errorf("Parse(%q) = %d %d %q %v", s, gn, size, gk, ok)
			}
		}
	}
	if got := Format(Number, 3); got != "⟦#3⟧" {
		t.Errorf("Format(Number, 3) = %q", got)
	}
	for _, s := range []string{"⟦⟧", "⟦x⟧", "⟦1234567⟧", "⟦1", "[1]", "⟦ 1 ⟧", "⟦#⟧"} {
		if _, _, _, ok := Parse(s); ok {
			t.Errorf("Parse(%q) accepted", s)
		}
	}
	if n, size, k, ok := ParseLoose("⟦ @2 ⟧!"); !ok || n != 2 || k != Name || size != len("⟦ @2 ⟧") {
		t.Errorf("ParseLoose = %d %d %q %v", n, size, k, ok)
	}
}

func TestInside(t *testing.T) {
	s := "ab ⟦12⟧ cd"
	for i, want := range map[int]bool{0: false, 3: false, 6: true, 7: true, len("ab ⟦12⟧"): false} {
		if got := Inside(s, i); got != want {
			t.Errorf("Inside(%d) = %v, want %v", i, got, want)
		}
	}
}
