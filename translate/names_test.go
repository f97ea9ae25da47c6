package translate

import (
	"sort"
	"strings"
	"testing"
)

func TestDetectNames(t *testing.T) {
	texts := []string{
		"El entrenador, Rubén Castaño, habló ayer. Castaño dijo que el equipo está listo. Según Castaño, la afición fue clave.",
		"La procesión de Nuestra Señora del Mar salió con Begoña Alday y Marina Esteve. Lo escribió Ortega y Gasset. Rubén Castaño ganó.",
		"Según fuentes del club, la obra empieza hoy. Mañana habla José Luis Ábalos de la Fuente. Ganó al CD Ribera. EL EQUIPO GANA.",
	}
	m := detectNames(texts, "Por Iker Zubiria", "es")
	var names []string
	for _, ns := range m.byFirst {
		for _, n := range ns {
			names = append(names, strings.Join(n, " "))
		}
	}
	sort.Strings(names)
	want := "Begoña Alday|CD Ribera|Iker Zubiria|José Luis Ábalos de la Fuente|Marina Esteve|Nuestra Señora del Mar|Ortega y Gasset|Rubén Castaño"
	if got := strings.Join(names, "|"); got != want {
		t.Errorf("names:\n got %s\nwant %s", got, want)
	}
	for _, w := range []string{"Castaño", "Rubén", "Esteve", "Señora", "Zubiria", "Fuente", "Ribera"} {
		if !m.single[w] {
			t.Errorf("%q not protected alone", w)
		}
	}
	// sentence starts, function words and particles are not names alone
	for _, w := range []string{"Según", "Mañana", "La", "El", "del", "de", "y", "CD", "EQUIPO"} {
		if m.single[w] {
			t.Errorf("%q protected alone", w)
		}
	}
	tests := []struct{ in, want string }{
		{"Castaño dijo que Rubén Castaño y castaño.", "[Castaño] dijo que [Rubén Castaño] y castaño."},
		{"Según Castaño, Marina Esteve llegó.", "Según [Castaño], [Marina Esteve] llegó."},
		{"Vio a Marina Alday.", "Vio a [Marina] [Alday]."},
	}
	for _, tc := range tests {
		var b strings.Builder
		last := 0
		for _, r := range m.find(tc.in) {
			b.WriteString(tc.in[last:r[0]] + "[" + tc.in[r[0]:r[1]] + "]")
			last = r[1]
		}
		b.WriteString(tc.in[last:])
		if b.String() != tc.want {
			t.Errorf("find(%q) = %q, want %q", tc.in, b.String(), tc.want)
		}
	}
	// Title Case headlines and single capitalized words give no names
	if m := detectNames([]string{"Mayor Visits The New Hospital In Springfield", "Ayer llovió. Hoy no."}, "", "en"); m != nil {
		t.Errorf("names in a headline: %+v", m.byFirst)
	}
}

// The placeholders of names and numbers keep a sentence's memory key
// stable: the same sentence gives the same key, whatever the name.
func TestNameSpansAndKeys(t *testing.T) {
	m := detectNames([]string{"Hablaron Marina Esteve y Rubén Castaño."}, "", "es")
	p1, s1 := protectFieldNames("Castaño pagó 5 euros.", false, nil, m, "en")
	p2, s2 := protectFieldNames("Esteve pagó 7 euros.", false, nil, m, "en")
	if p1 != "⟦@1⟧ pagó ⟦#2⟧ euros." || p1 != p2 || s1[0].Kind != SpanName || s2[0].Source != "Esteve" {
		t.Errorf("protected %q %q %+v", p1, p2, s1)
	}
	if out, probs := restore("⟦@1⟧ paid ⟦#2⟧ euros.", s1, false); out != "Castaño paid 5 euros." || len(probs) > 0 {
		t.Errorf("restore %q %v", out, probs)
	}
}
