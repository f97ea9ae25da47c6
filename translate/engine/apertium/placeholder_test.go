package apertium

import "testing"

func TestHidePlaceholders(t *testing.T) {
	tests := []struct {
		in, hidden string
	}{
		{"no placeholders", "no placeholders"},
		{"a ⟦1⟧ b ⟦2⟧ ⟦1⟧", "a \uE000 b \uE001 \uE000"},
		{"⟦12⟧⟦3⟧x", "\uE000\uE001x"},
		{"not ⟦⟧ ⟦x⟧ ⟦1234567⟧ ⟦1", "not ⟦⟧ ⟦x⟧ ⟦1234567⟧ ⟦1"},
		{"taken \uE000 ⟦1⟧", "taken \uE000 \uE001"},
	}
	for _, tt := range tests {
		hidden, restore := HidePlaceholders(tt.in)
		if hidden != tt.hidden {
			t.Errorf("HidePlaceholders(%q) = %q, want %q", tt.in, hidden, tt.hidden)
		}
		if back := restore(hidden); back != tt.in {
			t.Errorf("restore(%q) = %q, want %q", hidden, back, tt.in)
		}
	}
	// The translation may move, drop or repeat them.
	_, restore := HidePlaceholders("⟦1⟧ y ⟦2⟧")
	if got := restore("\uE001 i \uE000 \uE000"); got != "⟦2⟧ i ⟦1⟧ ⟦1⟧" {
		t.Errorf("restore moved = %q", got)
	}
}

func FuzzHidePlaceholders(f *testing.F) {
	for _, s := range []string{"a ⟦1⟧ b", "⟦⟦1⟧⟧", "\uE000⟦1⟧", "⟦999999⟧"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		hidden, restore := HidePlaceholders(s)
		if back := restore(hidden); back != s {
			t.Errorf("round trip of %q gave %q via %q", s, back, hidden)
		}
	})
}
