package shingle

import (
	"math"
	"testing"
)

func TestScore(t *testing.T) {
	tests := []struct {
		name      string
		got, want string
		p, r      float64
	}{
		{"identical", "one two three four five", "one two three four five", 1, 1},
		{"punctuation and spacing ignored", "one, two; three\n\nfour five!", "one two three four five", 1, 1},
		{"case kept", "One two three four", "one two three four", 0, 0},
		{"extra boilerplate lowers precision", "one two three four five six seven eight", "one two three four five", 2.0 / 5, 1},
		{"missing text lowers recall", "one two three four", "one two three four five six", 1, 1.0 / 3},
		{"short texts are one shingle", "Hà Nội", "Hà Nội", 1, 1},
		{"both empty", "", "", 1, 1},
		{"empty output", "", "one two three four", 0, 0},
		{"arabic", "في عصر يوم 1 فبراير", "في عصر يوم 1 فبراير", 1, 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p, r := Score(tt.got, tt.want)
			if math.Abs(p-tt.p) > 1e-9 || math.Abs(r-tt.r) > 1e-9 {
				t.Errorf("Score = %.3f, %.3f; want %.3f, %.3f", p, r, tt.p, tt.r)
			}
		})
	}
}

func TestTokensKeepsDiacritics(t *testing.T) {
	got := Tokens("Thủ đô Hà Nội – ١٢ tháng")
	want := []string{"Thủ", "đô", "Hà", "Nội", "١٢", "tháng"}
	if len(got) != len(want) {
		t.Fatalf("Tokens = %q", got)
	}
	for i := range got {
		if got[i] != want[i] {
			t.Fatalf("Tokens = %q, want %q", got, want)
		}
	}
}

func TestF1(t *testing.T) {
	if f := F1(1, 0.5); math.Abs(f-2.0/3) > 1e-9 {
		t.Errorf("F1(1, .5) = %v", f)
	}
	if F1(0, 0) != 0 {
		t.Error("F1(0, 0) != 0")
	}
}
