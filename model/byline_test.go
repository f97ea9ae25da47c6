package model

import "testing"

func TestTrimBylineOpener(t *testing.T) {
	for _, c := range []struct{ in, lang, want string }{
		{"By Ana Ruiz", "", "Ana Ruiz"},
		{"Posted by Ana", "en", "Ana"},
		{"Per Joan Vila", "ca", "Joan Vila"},
		{"Per Joan Vila", "", "Joan Vila"},
		{"Per Olsen", "", "Per Olsen"},             // one word left: a surname
		{"Per Olsen", "ca", "Per Olsen"},           // likewise
		{"Per Ola Hansen", "nb", "Per Ola Hansen"}, // Per is a first name
		{"Per Ola Hansen", "no-NO", "Per Ola Hansen"},
		{"Av Kari Nordmann", "nb", "Kari Nordmann"},
		{"Tekst: Kari Nordmann", "nb", "Kari Nordmann"},
		{"Texto Ruiz", "es", "Texto Ruiz"}, // "texto" only before a colon
		{"By", "", "By"},
		{"Byron Katie", "", "Byron Katie"}, // a name that starts like an opener
		{"بقلم أحمد علي", "ar", "أحمد علي"},
	} {
		if got, _ := TrimBylineOpener(c.in, c.lang); got != c.want {
			t.Errorf("TrimBylineOpener(%q, %q) = %q, want %q", c.in, c.lang, got, c.want)
		}
	}
	if !IsBylineOpener("Tekst:") || IsBylineOpener("Ana") {
		t.Error("IsBylineOpener")
	}
}
