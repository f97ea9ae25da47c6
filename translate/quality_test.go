package translate

import (
	"context"
	"strings"
	"testing"

	"newsbridge/model"
)

func TestRepeats(t *testing.T) {
	tests := []struct {
		in   string
		want string
	}{
		{"praised the efforts and efforts and results", "efforts and efforts"},
		{"va visitar la la ciutat", "la la"},
		{"in the city in the city today", "in the city in the city"},
		{"more and more people came", ""},
		{"els esforços, esforços i resultats", ""},
		{"el 2024 2024", ""},
		{"Ho va dir: no, no i no.", ""},
		{"creix molt a poc a poc", ""},
		{"creix poc a poc", ""},
		{"o monte e é alto", ""},
		{"los esfuerzos y esfuerzos", "esfuerzos y esfuerzos"},
		{"that went in in force", "in in"},
		{"la la", "la la"},
		{"e e o o", ""},
	}
	for _, tc := range tests {
		if got := strings.Join(repeats(tc.in), "; "); got != tc.want {
			t.Errorf("%q: got %q, want %q", tc.in, got, tc.want)
		}
	}
}

func TestStripUnknown(t *testing.T) {
	tests := []struct{ in, out, words string }{
		{"El *Ayuntamiento de #anar @Valencia", "El Ayuntamiento de anar Valencia", "Ayuntamiento,anar,Valencia"},
		{"Res a marcar ⟦1⟧ aquí, 5*3", "Res a marcar ⟦1⟧ aquí, 5*3", ""},
		{"(*col·legi) i \"*Sr\"", "(col·legi) i \"Sr\"", "col·legi,Sr"},
		// a mark after a marked word's hyphen
		{"(*CC-NC-*BY) i Jamaat-i-*Islami", "(CC-NC-BY) i Jamaat-i-Islami", "CC-NC,BY,Islami"},
		{"*Col·*lectiu Emma, *col·*lectius", "Col·lectiu Emma, col·lectius", "Col,lectiu,col,lectius"},
		// number and name placeholders are not marks
		{"Fa ⟦#1⟧ anys, ⟦@2⟧ i *⟦3⟧", "Fa ⟦#1⟧ anys, ⟦@2⟧ i *⟦3⟧", ""},
	}
	for _, tc := range tests {
		out, words := stripUnknown(tc.in)
		if out != tc.out || strings.Join(words, ",") != tc.words {
			t.Errorf("%q: got %q %q", tc.in, out, words)
		}
	}
}

func TestCheckSegment(t *testing.T) {
	kinds := func(is []issue) string {
		var k []string
		for _, i := range is {
			k = append(k, i.kind)
		}
		return strings.Join(k, ",")
	}
	tests := []struct {
		name, from, to, src, tgt string
		unknown                  []string
		want                     string
	}{
		{"good", "es", "ca", "El presidente visitó ayer la ciudad con tres ministros.", "El president va visitar ahir la ciutat amb tres ministres.", nil, ""},
		{"numbers", "es", "ca", "Logró 13 de 14 metas en 2023.", "Va aconseguir 13 de 15 metes el 2023.", nil, FlagNumbers},
		{"still spanish", "es", "ca", "Los vecinos denuncian que el autobús llega tarde.", "Los vecinos denuncian que el autobús llega tarde.", nil, FlagUntranslated},
		{"unchanged english", "en", "es", "The mayor said that the plan was ready.", "The mayor said that the plan was ready.", nil, FlagUntranslated},
		{"names only", "es", "ca", "Nguyen Phu Trong, Lang Son", "Nguyen Phu Trong, Lang Son", nil, ""},
		{"repeated", "ar", "en", "x", "praised the efforts and efforts and results", nil, FlagRepeated},
		{"ratio", "es", "ca", "El presidente visitó ayer la ciudad con tres ministros y dos secretarios.", "El president.", nil, FlagLengthRatio},
		{"unknown", "es", "ca", "El portero paró un penalti.", "El porter va parar un penalti.", []string{"penalti"}, FlagUnknownWord},
		{"unknown name", "es", "ca", "La ciudad de Xátiva.", "La ciutat de Xátiva.", []string{"Xátiva"}, ""},
		{"short and the same", "es", "gl", "Un club que crece", "Un club que crece", nil, ""},
		{"accent is a translation", "es", "ca", "El Valdeloma CF jugará la próxima temporada en Primera Federación y en casa.", "El Valdeloma CF jugarà la pròxima temporada en Primera Federación i en casa.", nil, ""},
		{"same in catalan", "es", "ca", "El Museo del Albar dedica una gran retrospectiva a la pintora Rosario Gálvez", "El Museo del Albar dedica una gran retrospectiva a la pintora Rosario Gálvez", nil, ""},
		{"same, long", "es", "gl", "Un club que crece cada año con gente que viene de lejos.", "Un club que crece cada año con gente que viene de lejos.", nil, FlagUntranslated},
		{"roman numerals", "es", "en", "Un libro del siglo XVII.", "A book of the 17th century.", nil, ""},
		{"roman numerals wrong", "es", "en", "Un libro del siglo XVII.", "A book of the 18th century.", nil, FlagNumbers},
	}
	for _, tc := range tests {
		got := kinds(checkSegment(nil, tc.from, tc.to, tc.src, tc.tgt, nil, nil, tc.unknown, DefaultRatio))
		if got != tc.want {
			t.Errorf("%s: got %q, want %q", tc.name, got, tc.want)
		}
	}
	// a protected name's particles are not Spanish left in the text
	name := []Span{{Kind: SpanName, Source: "Festival de Teatro Clásico del Albar", Out: "Festival de Teatro Clásico del Albar"}}
	if got := kinds(checkSegment(nil, "es", "en", "El Festival de Teatro Clásico del Albar ya tiene programa.", "The Festival de Teatro Clásico del Albar already has programme.", name, nil, nil, DefaultRatio)); got != "" {
		t.Errorf("name particles: got %q", got)
	}
	spans := []Span{{Kind: SpanTerm, Source: "Nguyen Phu Trong", Out: "Nguyễn Phú Trọng"}, {Kind: SpanTerm, Source: "Nguyen Phu Trong", Out: "Nguyễn Phú Trọng"}}
	got := kinds(checkSegment(nil, "es", "ca", "Nguyen Phu Trong y Nguyen Phu Trong", "Nguyễn Phú Trọng i Nguyen Phu Truong", spans, nil, nil, DefaultRatio))
	if got != FlagGlossary {
		t.Errorf("glossary: got %q", got)
	}
}

func TestElide(t *testing.T) {
	spans := []Span{{Kind: SpanTerm, Out: "Ana Belén"}, {Kind: SpanTerm, Out: "Jordi"}, {Kind: SpanNumber, Out: "11"}, {Kind: SpanTerm, Out: "Hug"},
		{Kind: SpanFile, Out: "arrakis.es"}, {Kind: SpanName, Out: "Orange"}, {Kind: SpanURL, Out: "www.x.org"}, {Kind: SpanTag, Out: "<a>"}}
	tests := []struct{ lang, in, want string }{
		{"ca", "La casa de ⟦1⟧ i de ⟦2⟧", "La casa d'⟦1⟧ i de ⟦2⟧"},
		// 11 is read "onze": "d'11", as the engine writes it before digits
		{"ca", "De ⟦1⟧ a ⟦4⟧, de ⟦3⟧", "D'⟦1⟧ a ⟦4⟧, d'⟦3⟧"},
		{"ca", "El ⟦3⟧ i del ⟦3⟧", "L'⟦3⟧ i de l'⟦3⟧"},
		{"ca", "Parla de ⟦4⟧ des de ⟦1⟧", "Parla d'⟦4⟧ des d'⟦1⟧"},
		{"ca", "Verde ⟦1⟧", "Verde ⟦1⟧"},
		{"ca", "Foto de ⟦5⟧, de ⟦@6⟧ i de ⟦7⟧ de ⟦8⟧", "Foto d'⟦5⟧, d'⟦@6⟧ i de ⟦7⟧ de ⟦8⟧"},
		{"ca", "La casa d'⟦2⟧ i d’⟦1⟧", "La casa de ⟦2⟧ i d’⟦1⟧"},
		{"ca", "Vull ⟦1⟧", "Vull ⟦1⟧"},
		{"fr", "Le chef de ⟦@6⟧ dit que ⟦1⟧ et le ⟦@6⟧; de ⟦4⟧", "Le chef d'⟦@6⟧ dit qu'⟦1⟧ et l'⟦@6⟧; de ⟦4⟧"},
		{"fr", "d'⟦2⟧ et l'⟦2⟧", "de ⟦2⟧ et l'⟦2⟧"},
		{"es", "de ⟦1⟧", "de ⟦1⟧"},
	}
	for _, tc := range tests {
		if got := elide(tc.lang, tc.in, spans); got != tc.want {
			t.Errorf("%s %q: got %q, want %q", tc.lang, tc.in, got, tc.want)
		}
	}
}

// stripUnknownRef is the former, two-match implementation of stripUnknown:
// the single-pass one must give the same text and words.
func stripUnknownRef(s string) (string, []string) {
	if !strings.ContainsAny(s, "*#@") {
		return s, nil
	}
	var words []string
	out := reUnknown().ReplaceAllStringFunc(s, func(m string) string {
		sub := reUnknown().FindStringSubmatch(m)
		words = append(words, sub[2])
		return sub[1] + sub[2]
	})
	return out, words
}

func FuzzStripUnknownSameAsRef(f *testing.F) {
	for _, s := range []string{"", "el *gos i @gat", "*a*b #c⟦#1⟧ x@y", "**doble ##marca @@x", "e-mail: a@b.c", "*ñandú, #·x"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		got, gw := stripUnknown(s)
		want, ww := stripUnknownRef(s)
		if got != want || strings.Join(gw, "\x00") != strings.Join(ww, "\x00") || len(gw) != len(ww) {
			t.Fatalf("stripUnknown(%q) = %q %q, want %q %q", s, got, gw, want, ww)
		}
	})
}

func FuzzSameWordSameAsToLower(f *testing.F) {
	for _, p := range [][2]string{{"La", "la"}, {"e", "é"}, {"K", "\u212a"}, {"Ab", "aB"}, {"ab", "abc"}, {"İ", "i̇"}} {
		f.Add(p[0], p[1])
	}
	f.Fuzz(func(t *testing.T, a, b string) {
		if got, want := sameWord(a, b), strings.ToLower(a) == strings.ToLower(b); got != want {
			t.Fatalf("sameWord(%q, %q) = %v, want %v", a, b, got, want)
		}
	})
}

func TestNumberValuesAndWords(t *testing.T) {
	if got := strings.Join(numberValues("De 1.800 a 2,000 y 30 000, el 28,45%"), "|"); got != "1800|2000|30000|28|45" {
		t.Errorf("numberValues = %q", got)
	}
	for _, c := range []struct{ lang, s, want string }{
		{"ca", "durant setanta-dues hores, mil vuit-cents usuaris", "72|1800"},
		{"ca", "dos-cents quaranta activistes, vint-i-quatre hores", "240|24"},
		{"es", "un hombre de treinta y nueve años", "39"},
		{"en", "the forty-six year old", "46"},
	} {
		if got := strings.Join(numberWordValues(c.lang, c.s), "|"); got != c.want {
			t.Errorf("numberWordValues(%q) = %q, want %q", c.s, got, c.want)
		}
	}
}

func TestCheckArticle(t *testing.T) {
	segs := []Checked{
		{"Habló Rubén Castaño, de 30 años.", "Va parlar Rubén Castaño, de trenta anys."},
		{"Según Castaño, el plan costó 1.800 euros.", "Segons Castano, el pla va costar 1.800 euros."},
		{"Enterró el cadáver del año.", "Enterró el cadáver del año."},
		{"La Agencia Europea lo dijo dos veces.", "L'Agència Europea ho va dir dues vegades vegades."},
	}
	terms := []model.GlossaryTerm{{Term: "Agencia Europea", Renderings: map[string]string{"ca": "Agència Europea del Medi"}}}
	got := CheckArticle("es", "ca", segs, terms)
	want := [][]string{nil, {FlagNameSpelling}, {FlagUntranslated}, {FlagGlossary, FlagRepeated}}
	for i := range want {
		if strings.Join(got[i], ",") != strings.Join(want[i], ",") {
			t.Errorf("segment %d: flags %v, want %v", i, got[i], want[i])
		}
	}
}

func TestWeblateChecks(t *testing.T) {
	for _, c := range []struct {
		src, tgt, want string
	}{
		{`Dijo (ayer) que «sí».`, `Va dir (ahir que «sí».`, FlagBrackets},
		{`Dijo «sí».`, `Va dir «sí.`, FlagBrackets},
		{`Una cita que empieza aquí.`, `"Una cita que comença aquí.`, ""},
		{`Lo publicó en https://example.org/a/b.`, `Ho va publicar a https://example.org/a/.`, FlagURL},
		{`Lo publicó en https://example.org/a/b.`, `Ho va publicar a https://example.org/a/b.`, ""},
		{`¿Quién lo sabe?`, `Qui ho sap.`, FlagPunctuation},
		{`Lo dijo ella:`, `Ho va dir ella.`, ""},
	} {
		got := CheckArticle("es", "ca", []Checked{{c.src, c.tgt}}, nil)[0]
		if strings.Join(got, ",") != c.want {
			t.Errorf("%q → %q: flags %v, want %q", c.src, c.tgt, got, c.want)
		}
	}
	if got := CheckArticle("en", "es", []Checked{{"Who knows if it is true.", "¿Quién sabe si es verdad."}}, nil)[0]; strings.Join(got, ",") != FlagPunctuation {
		t.Errorf("¿ not closed: flags %v", got)
	}
}

func TestTranslatorFlagsNameSpelling(t *testing.T) {
	fn := func(s string) string { return strings.ReplaceAll(s, "Según Ferrándiz", "Según Ferrandiz") }
	tr := &Translator{Router: NewRouter(&identityEngine{name: "id", pairs: []model.Pair{{From: "es", To: "ca"}}, fn: fn}), Memory: NewMemoryCache(), Now: fixedNow}
	out, flags, err := tr.TranslateText(context.Background(), "es", "ca", "Habló Marta Ferrándiz ayer.\n\nSegún Ferrándiz, el plan sigue.")
	if err != nil {
		t.Fatal(err)
	}
	// the identity engine leaves the Spanish as it is: untranslated too
	var names []model.Flag
	for _, f := range flags {
		if f.Kind == FlagNameSpelling {
			names = append(names, f)
		}
	}
	if len(names) != 1 || names[0].Field != "paragraph:2" || !strings.Contains(names[0].Message, "Ferrandiz") {
		t.Errorf("%q: flags %+v", out, flags)
	}
}
