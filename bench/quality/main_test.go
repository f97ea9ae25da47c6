package main

import (
	"strings"
	"testing"
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
	n, raw, nb := names(src, ref, []string{"Va parlar Rubén Castanyer ahir.", "Castanyer va dir que sí."}, ref)
	if n != 1 || raw != 0 || nb != 1 {
		t.Errorf("names = %d, %d, %d", n, raw, nb)
	}
	if got := stripMarks("El *Valdeloma i #anat @fet, a@b.c"); got != "El Valdeloma i anat fet, a@b.c" {
		t.Errorf("stripMarks = %q", got)
	}
}
