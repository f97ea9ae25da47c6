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
		// numbers travel as digits, names as capitalized pseudo-words
		{"hace ⟦#1⟧ años y ⟦#2⟧, ⟦#1⟧", "hace 7700007 años y 7700017, 7700007"},
		{"El señor ⟦@1⟧ y ⟦@2⟧ (⟦1⟧)", "El señor Nbqaaa y Nbqaab (\uE000)"},
		{"77 y nbq: ⟦#1⟧ ⟦@1⟧", "77 y nbq: 7800007 Qzvaaa"},
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

func TestRestoreTokens(t *testing.T) {
	tests := []struct{ in, out, want string }{
		// Apertium's unknown-word mark goes; case changes are tolerated
		{"El señor ⟦@1⟧ habló.", "The gentleman *Nbqaaa spoke.", "The gentleman ⟦@1⟧ spoke."},
		{"⟦@1⟧ dijo", "#NBQAAA said", "⟦@1⟧ said"},
		// spa-eng capitalizes the word after an unknown sentence start
		{"Sí. ⟦@1⟧ dijo. ⟦@2⟧ y ⟦@1⟧", "Yes. *Nbqaaa Said. *Nbqaab Nbqaaa I", "Yes. ⟦@1⟧ said. ⟦@2⟧ ⟦@1⟧ I"},
		{"⟦@1⟧ dijo", "*Nbqaaa I Said", "⟦@1⟧ I Said"},
		// glued to a word, or a longer word: not ours
		{"⟦@1⟧ y ⟦@2⟧", "xNbqaaa Nbqaabc Nbqaab", "xNbqaaa Nbqaabc ⟦@2⟧"},
		// sv→nb's ordinal period after a number goes, a sentence's stays
		{"Vi har ⟦#1⟧ hus. Det kostar ⟦#2⟧.", "Vi har 7700007. hus. Det koster 7700017.", "Vi har ⟦#1⟧ hus. Det koster ⟦#2⟧."},
		{"Det kostar ⟦#1⟧. Nu", "Det koster 7700007 . Nå", "Det koster ⟦#1⟧. Nå"},
		// a longer digit run or another index is not ours
		{"⟦#1⟧", "77000071 7700097 7700007", "77000071 7700097 ⟦#1⟧"},
		// tokens the engine glued to words are parted from them, and the
		// mark before a glued name goes ("18-month-old Genevieve")
		{"frightened ⟦#1⟧-month-old ⟦@2⟧ so badly", "asustó de7700007meses*Nbqaaa tan mal", "asustó de ⟦#1⟧ meses ⟦@2⟧ tan mal"},
		// a name before an English genitive travels as a known name
		{"the arrest of ⟦@1⟧’s boat, John said", "la detención del bote de Peter, John dijo", "la detención del bote de ⟦@1⟧, John dijo"},
	}
	for _, tt := range tests {
		_, restore := HidePlaceholders(tt.in)
		if got := restore(tt.out); got != tt.want {
			t.Errorf("restore(%q) of %q = %q, want %q", tt.out, tt.in, got, tt.want)
		}
	}
}

func FuzzHidePlaceholders(f *testing.F) {
	for _, s := range []string{"a ⟦1⟧ b", "⟦⟦1⟧⟧", "\uE000⟦1⟧", "⟦999999⟧", "⟦#1⟧ 7700007 ⟦@1⟧ Nbqaaa", "⟦#1⟧.", "⟦@1⟧ Said", "x. ⟦@1⟧ ⟦@2⟧ Dijo"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		hidden, restore := HidePlaceholders(s)
		if back := restore(hidden); back != s {
			t.Errorf("round trip of %q gave %q via %q", s, back, hidden)
		}
	})
}
