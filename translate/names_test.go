package translate

import (
	"sort"
	"strings"
	"testing"
)

// fakeProbe stands for an engine that knows no lowercase form of the
// words in names and no form at all of those in unknown, and translates
// every run word by word, keeping it (and marking it unknown when a word
// of it is, as Apertium does).
func fakeProbe(c *nameCandidates, names, unknown string) map[string]wordProbe {
	n, u := set(names), set(unknown)
	p := make(map[string]wordProbe)
	for _, w := range c.probeWords() {
		unk := u[w]
		for _, x := range strings.Fields(w) {
			unk = unk || u[x]
		}
		p[w] = wordProbe{unknown: unk, name: n[w] || u[w], out: w}
	}
	return p
}

func TestDetectNames(t *testing.T) {
	texts := []string{
		"El entrenador, Rubén Castaño, habló ayer. Castaño dijo que el equipo está listo. Según Castaño, la afición fue clave.",
		"La procesión de Nuestra Señora del Mar salió con Begoña Alday y Marina Esteve. Lo escribió Ortega y Gasset. Rubén Castaño ganó.",
		"Según fuentes del club, la obra empieza hoy. Mañana habla José Luis Ábalos de la Fuente. Ganó al CD Ribera. EL EQUIPO GANA.",
		"Un volcán en Ciudad de México. Las fuerzas de Estados Unidos, Francia y Turquía. La Asamblea General de las Naciones Unidas.",
	}
	c := detectNames(texts, "Por Iker Zubiria", "es")
	var runs []string
	for _, n := range c.runs {
		runs = append(runs, strings.Join(n, " "))
	}
	sort.Strings(runs)
	// lowercase words end a run: particles and conjunctions are never part
	// of a name
	want := "Asamblea General|Begoña Alday|CD Ribera|Estados Unidos|José Luis Ábalos|Marina Esteve|Naciones Unidas|Nuestra Señora|Rubén Castaño"
	if got := strings.Join(runs, "|"); got != want {
		t.Errorf("runs:\n got %s\nwant %s", got, want)
	}
	m := c.matcher(fakeProbe(c, "Rubén Begoña Marina Esteve Ortega José Luis Ábalos México Francia Turquía", "Alday Gasset"))
	var names []string
	for _, ns := range m.byFirst {
		for _, n := range ns {
			names = append(names, strings.Join(n, " "))
		}
	}
	sort.Strings(names)
	// runs of words the engine translates (Estados Unidos, Asamblea
	// General) are left to it; runs with a proper noun are people
	want = "Begoña Alday|Iker Zubiria|José Luis Ábalos|Marina Esteve|Rubén Castaño"
	if got := strings.Join(names, "|"); got != want {
		t.Errorf("names:\n got %s\nwant %s", got, want)
	}
	// a proper noun the engine rewrites is a place or an adjective it knows
	p := fakeProbe(c, "Rubén", "")
	p["Rubén"] = wordProbe{name: true, out: "Rubèn"}
	if m := c.matcher(p); m.byFirst["Rubén"] != nil {
		t.Errorf("a rewritten proper noun protected: %+v", m.byFirst)
	}
	// a run the engine translates as a whole is a name it knows
	p = fakeProbe(c, "Rubén", "")
	p["Rubén Castaño"] = wordProbe{out: "Castaño Rubèn"}
	if m := c.matcher(p); m.byFirst["Rubén"] != nil {
		t.Errorf("a run the engine knows protected: %+v", m.byFirst)
	}
	// a person's words alone
	for _, w := range []string{"Castaño", "Rubén", "Esteve", "Zubiria", "Alday"} {
		if !m.single[w] {
			t.Errorf("%q not protected alone", w)
		}
	}
	// sentence starts, function words, particles, words and proper nouns
	// the engine knows are not protected alone
	for _, w := range []string{"Según", "Mañana", "La", "El", "del", "de", "y", "CD", "EQUIPO", "Ortega", "Gasset", "Fuente", "Mar", "Señora", "México", "Francia", "Ciudad", "Unidos"} {
		if m.single[w] {
			t.Errorf("%q protected alone", w)
		}
	}
	tests := []struct{ in, want string }{
		{"Castaño dijo que Rubén Castaño y castaño.", "[Castaño] dijo que [Rubén Castaño] y castaño."},
		{"Según Castaño, Marina Esteve llegó.", "Según [Castaño], [Marina Esteve] llegó."},
		{"Vio a Marina Alday.", "Vio a [Marina] [Alday]."},
		{"Lo escribió Ortega y Gasset en Estados Unidos.", "Lo escribió Ortega y Gasset en Estados Unidos."},
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
	// Title Case headlines give no candidates; an engine that marks no
	// unknown word is told nothing, so only the byline's names are kept
	if c := detectNames([]string{"Mayor Visits The New Hospital In Springfield", "Ayer llovió. Hoy no."}, "", "en"); len(c.runs) > 0 {
		t.Errorf("names in a headline: %+v", c)
	}
	if m := c.matcher(nil); len(m.byFirst) != 1 || m.byFirst["Iker"] == nil {
		t.Errorf("without probes: %+v", m.byFirst)
	}
}

// The placeholders of names and numbers keep a sentence's memory key
// stable: the same sentence gives the same key, whatever the name.
func TestNameSpansAndKeys(t *testing.T) {
	c := detectNames([]string{"Hablaron Marina Esteve y Rubén Castaño."}, "", "es")
	m := c.matcher(fakeProbe(c, "Marina Rubén", ""))
	p1, s1 := protectFieldNames("Castaño pagó 5 euros.", false, nil, m, "en")
	p2, s2 := protectFieldNames("Esteve pagó 7 euros.", false, nil, m, "en")
	if p1 != "⟦@1⟧ pagó ⟦#2⟧ euros." || p1 != p2 || s1[0].Kind != SpanName || s2[0].Source != "Esteve" {
		t.Errorf("protected %q %q %+v", p1, p2, s1)
	}
	if out, probs := restore("⟦@1⟧ paid ⟦#2⟧ euros.", s1, false); out != "Castaño paid 5 euros." || len(probs) > 0 {
		t.Errorf("restore %q %v", out, probs)
	}
}
