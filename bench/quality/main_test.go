package main

import (
	"os"
	"strings"
	"testing"

	"newsbridge/translate"
)

func TestNumbersAndNames(t *testing.T) {
	if got := lost(digitRuns("De 1.500 a 2.000 en 2012"), "From 1,500 to 2 in 2012"); got != 1 {
		t.Errorf("lost = %d, want 1 (000 of 2.000)", got)
	}
	if got := strings.Join(capRuns(`Dijo Rubén Castaño, de "Nuestra Señora" y EE UU, a Ana.`), "|"); got != "Dijo Rubén Castaño|Nuestra Señora" {
		t.Errorf("capRuns = %q", got)
	}
	src := []string{"Habló Rubén Castaño ayer.", "Castaño dijo que sí."}
	ref := []string{"Va parlar Rubén Castaño ahir.", "Castaño va dir que sí."}
	n, raw, nb, mixedRaw, mixedNB := names(src, ref, []string{"Va parlar Rubén Castanyer ahir.", "Castanyer va dir que sí."}, ref)
	if n != 1 || raw != 0 || nb != 1 || mixedRaw != 0 || mixedNB != 0 {
		t.Errorf("names = %d, %d, %d, %d, %d", n, raw, nb, mixedRaw, mixedNB)
	}
	// kept in one sentence, translated in the other: two ways
	if _, _, _, mixedRaw, _ := names(src, ref, []string{"Va parlar Rubén Castaño ahir.", "Castanyer va dir que sí."}, ref); mixedRaw != 1 {
		t.Errorf("mixed = %d", mixedRaw)
	}
	// an ordinal in Roman numerals is kept by the second count only
	src3 := "in the 19th and 20th centuries, 3 times"
	for out, want := range map[string][2]int{
		"en los siglos XIX y XX, 3 veces": {2, 0}, "en el 19 y XX siglos, 3": {1, 0}, "en los siglos XIX y XX": {3, 1}, "MIX de XX": {3, 2}, "en los siglos XIX y XX, 3 o 20": {1, 0},
	} {
		if a, b := lost(digitRuns(src3), out), lostOrdinals(src3, digitRuns(src3), out); a != want[0] || b != want[1] {
			t.Errorf("lost %q = %d, %d; want %v", out, a, b, want)
		}
	}
	if s, o := "the Museum of the 20th Century, the 20er Haus", "el Museo del siglo XX, el 20er Haus"; lostOrdinals(s, digitRuns(s), o) != 0 {
		t.Errorf("lostOrdinals %q = %d", o, lostOrdinals(s, digitRuns(s), o))
	}
	// a surname inside another name is not the person's
	for in, want := range map[string]bool{
		"Bartow then recommended him.": true, "Según Castaño, no.": true, "He met Bartow.": true,
		"at the Dubai Air Show": false, "a job at Hewlett-Packard.": false, "Occupy Wall Street and": false,
		"by Times Square, where": false, `the "Times" said`: true,
	} {
		w := ""
		for _, x := range []string{"Bartow", "Castaño", "Air", "Hewlett", "Street", "Times"} {
			if strings.Contains(in, x) {
				w = x
			}
		}
		if got := aloneWord(in, w); got != want {
			t.Errorf("aloneWord(%q, %q) = %v", in, w, got)
		}
	}
	// the same name kept in one sentence, its surname alone translated in
	// the other: two ways in both counts; the surname in another name:
	// in the first only
	src2 := []string{"Boeing sold planes to Oman Air.", "Oman Air ordered six.", "It was at the Dubai Air Show."}
	ref2 := []string{"Boeing vendió aviones a Oman Air.", "Oman Air encargó seis.", "Fue en el Dubai Air Show."}
	nb2 := []string{"Boeing vendió aviones a Aire de Omán.", "Aire de Omán encargó seis.", "Fue en el Espectáculo Air de Dubai."}
	if _, _, _, _, mixed, _, alone := namesBoth(src2, ref2, nb2, nb2); mixed != 1 || alone != 0 {
		t.Errorf("namesBoth: mixed %d, alone %d", mixed, alone)
	}
	if _, _, _, _, mixed, _, alone := namesBoth(src, ref, ref, []string{"Va parlar Rubén Castaño ahir.", "Castanyer va dir que sí."}); mixed != 1 || alone != 1 {
		t.Errorf("namesBoth: mixed %d, alone %d", mixed, alone)
	}
	if got := stripMarks("El *Valdeloma i #anat @fet, a@b.c"); got != "El Valdeloma i anat fet, a@b.c" {
		t.Errorf("stripMarks = %q", got)
	}
}

func TestSeeding(t *testing.T) {
	if got := misspell("Castaño"); got != "Castano" {
		t.Errorf("misspell = %q", got)
	}
	if got := misspell("Smith"); got != "Smiith" {
		t.Errorf("misspell = %q", got)
	}
	src := []string{"Lo dijo Global Voices.", "Según Global Voices, no.", "La Casa Blanca calla."}
	ref := []string{"Ho va dir Global Voices.", "Segons Global Voices, no.", "La Casa Blanca calla."}
	if g := glossary(src, ref); len(g) != 1 || g[0].Term != "Global Voices" {
		t.Errorf("glossary = %+v", g)
	}
	if got := sourceNumbers(reDigits, "De 12 a 30.", "De 12 a 31, el 2012."); len(got) != 1 {
		t.Errorf("sourceNumbers = %v", got)
	}
	// every defect is caught on a small article
	r := checks(translate.Checks{}, pair{name: "es-ca", from: "es", to: "ca"}, []string{
		"Habló Rubén Castaño ayer, con 30 personas (todas).",
		"¿Qué dijo Castaño en https://example.org/nota?",
	}, []string{
		"Va parlar Rubén Castaño ahir, amb 30 persones (totes).",
		"Què va dir Castaño a https://example.org/nota?",
	}, 15)
	for _, d := range defects {
		if r.caught[d.name] != r.seeded[d.name] {
			t.Errorf("%s: %d of %d caught", d.name, r.caught[d.name], r.seeded[d.name])
		}
	}
	if r.anyFalse != 0 {
		t.Errorf("clean sentences flagged: %v", r.falseFlags)
	}
	// a reference that is its source (white space aside) is no place for
	// an untranslated copy: counted apart
	r = checks(translate.Checks{}, pair{name: "nb-nn", from: "nb", to: "nn"}, []string{"Det er kaldt  i Bergen.", "Regjeringen hentet bilen."}, []string{"Det er kaldt i Bergen.", "Regjeringa henta bilen."}, 15)
	if r.sameAsSource != 1 || r.seeded["untranslated"] != 1 {
		t.Errorf("same as source %d, untranslated seeded %d", r.sameAsSource, r.seeded["untranslated"])
	}
}

func TestNotesAfter(t *testing.T) {
	path := t.TempDir() + "/b.md"
	doc := "## A\n\nx\n\n" + checksTitle + "\n\nold\n\n" + falseFlagsHeader + "\n|---|\n| a | 1 |\n\nNote one.\n\n### Other\n\n| t |\n\n## B\n\ny\n"
	if err := os.WriteFile(path, []byte(doc), 0o644); err != nil {
		t.Fatal(err)
	}
	if got := notesAfter(path, checksTitle, falseFlagsHeader); got != "Note one.\n\n### Other\n\n| t |\n\n" {
		t.Errorf("notesAfter = %q", got)
	}
}
