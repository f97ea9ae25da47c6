package translate

import (
	"context"
	"strings"
	"testing"
	"unicode/utf8"
)

func TestProtectSpans(t *testing.T) {
	tests := []struct {
		in    string
		kinds []string
		texts []string
	}{
		{"Más en https://www.elpais.com/a/b?x=1.", []string{SpanURL}, []string{"https://www.elpais.com/a/b?x=1"}},
		{"Escriba a redaccion@diario.es hoy", []string{SpanEmail}, []string{"redaccion@diario.es"}},
		{"La foto ndo_br_dat09683.jpg muestra", []string{SpanFile}, []string{"ndo_br_dat09683.jpg"}},
		{"Logró 13/14 metas y 17.33 criterios", []string{SpanNumber, SpanNumber}, []string{"13/14", "17.33"}},
		{"Cuesta 1.234.567 euros, un 2,5 % más", []string{SpanNumber, SpanNumber}, []string{"1.234.567", "2,5 %"}},
		{"El 25/08/2024 a las 10:30", []string{SpanNumber, SpanNumber}, []string{"25/08/2024", "10:30"}},
		{"Sigue #Elecciones2024 y @diario", []string{SpanHandle, SpanHandle}, []string{"#Elecciones2024", "@diario"}},
		{"Ejecute `go test` ahora", []string{SpanCode}, []string{"`go test`"}},
		{"Visite vietnam.vn para más", []string{SpanURL}, []string{"vietnam.vn"}},
		{"El G7 y la COVID19", nil, nil},
		{"texto con ⟦1⟧ literal", []string{SpanLiteral, SpanNumber, SpanLiteral}, []string{"⟦", "1", "⟧"}},
	}
	for _, tc := range tests {
		p, spans := protectField(tc.in, false, nil, "ca")
		var kinds, texts []string
		for _, s := range spans {
			kinds = append(kinds, s.Kind)
			texts = append(texts, s.Source)
		}
		if strings.Join(kinds, ",") != strings.Join(tc.kinds, ",") || strings.Join(texts, "|") != strings.Join(tc.texts, "|") {
			t.Errorf("%q: got %v %q (protected %q), want %v %q", tc.in, kinds, texts, p, tc.kinds, tc.texts)
		}
		if got, probs := restore(p, spans, false); got != tc.in || len(probs) > 0 {
			t.Errorf("%q: restore gave %q %v", tc.in, got, probs)
		}
	}
}

func TestProtectHTML(t *testing.T) {
	in := `Dijo <a href="https://x.org/a?b=1&amp;c=2">el <em>ministro</em></a> que <code>x &lt; 3</code> &amp; 5 €.`
	p, spans := protectField(in, true, nil, "ca")
	if strings.ContainsAny(p, "<>") {
		t.Fatalf("tags left in %q", p)
	}
	want := "Dijo ⟦1⟧el ⟦2⟧ministro⟦3⟧⟦4⟧ que ⟦5⟧ & ⟦#6⟧ €."
	if p != want {
		t.Fatalf("protected %q, want %q", p, want)
	}
	got, probs := restore(p, spans, true)
	if got != in || len(probs) > 0 {
		t.Fatalf("restore %q %v", got, probs)
	}
}

func TestRestoreRepairs(t *testing.T) {
	_, spans := protectField("Pagó 5 euros en <em>Madrid</em> el 3 de mayo", true, nil, "ca")
	tests := []struct {
		name, out, want string
		kinds           []string
	}{
		{"ok", "Va pagar ⟦1⟧ euros a ⟦2⟧Madrid⟦3⟧ el ⟦4⟧ de maig", "Va pagar 5 euros a <em>Madrid</em> el 3 de maig", nil},
		{"reordered", "⟦4⟧ de maig, ⟦2⟧Madrid⟦3⟧: ⟦1⟧ euros", "3 de maig, <em>Madrid</em>: 5 euros", nil},
		{"spaces inside", "Va pagar ⟦ 1 ⟧ euros a ⟦2⟧Madrid⟦3⟧ el ⟦4⟧", "Va pagar 5 euros a <em>Madrid</em> el 3", nil},
		{"missing number", "Va pagar euros a ⟦2⟧Madrid⟦3⟧ el ⟦4⟧ de maig", "Va pagar euros a <em>Madrid</em> el 3 de maig 5", []string{"missing"}},
		{"duplicated", "⟦1⟧ ⟦1⟧ euros a ⟦2⟧Madrid⟦3⟧ el ⟦4⟧", "5  euros a <em>Madrid</em> el 3", []string{"duplicated"}},
		{"unknown", "⟦1⟧ euros ⟦9⟧ a ⟦2⟧Madrid⟦3⟧ el ⟦4⟧", "5 euros  a <em>Madrid</em> el 3", []string{"unknown"}},
		{"lost tag", "⟦1⟧ euros a Madrid⟦3⟧ el ⟦4⟧", "5 euros a Madrid el 3", []string{"tags"}},
		{"crossed tags", "⟦1⟧ euros a ⟦3⟧Madrid⟦2⟧ el ⟦4⟧", "5 euros a Madrid el 3", []string{"tags"}},
		{"engine markup escaped", "⟦1⟧ <script>x</script> ⟦2⟧⟦3⟧ ⟦4⟧", "5 &lt;script&gt;x&lt;/script&gt; <em></em> 3", nil},
	}
	for _, tc := range tests {
		got, probs := restore(tc.out, spans, true)
		var kinds []string
		for _, p := range probs {
			kinds = append(kinds, p.kind)
		}
		if got != tc.want || strings.Join(kinds, ",") != strings.Join(tc.kinds, ",") {
			t.Errorf("%s: got %q %v, want %q %v", tc.name, got, kinds, tc.want, tc.kinds)
		}
	}
}

func TestSegmentField(t *testing.T) {
	tests := []struct {
		lang, in string
		want     []string
	}{
		{"es", "El Sr. Pérez llegó ayer. Luego se fue.", []string{"El Sr. Pérez llegó ayer.", "Luego se fue."}},
		{"es", "La Dra. Ana Gómez y la Sra. Ruiz, p. ej. ellas, hablaron. Fin.", []string{"La Dra. Ana Gómez y la Sra. Ruiz, p. ej. ellas, hablaron.", "Fin."}},
		{"es", "Lo dijo J. R. Martín en EE. UU. El resto calló.", []string{"Lo dijo J. R. Martín en EE. UU.", "El resto calló."}},
		{"en", "Mr. Smith met Dr. Jones. They talked.", []string{"Mr. Smith met Dr. Jones.", "They talked."}},
		{"es", "Cuesta 17.33 euros. Vea www.x.es. Bien.", []string{"Cuesta ⟦#1⟧ euros.", "Vea ⟦2⟧.", "Bien."}},
		{"es", "Línea uno sin punto\nLínea dos.", []string{"Línea uno sin punto", "Línea dos."}},
		{"nb", "Om ettermiddagen 30. oktober holdt komiteen et møte. Det var bra.", []string{"Om ettermiddagen ⟦#1⟧. oktober holdt komiteen et møte.", "Det var bra."}},
	}
	for _, tc := range tests {
		p, spans := protectField(tc.in, false, nil, "ca")
		parts, _ := segmentField(p, spans, tc.lang, 0)
		var got []string
		for _, s := range parts {
			got = append(got, s.text)
		}
		if strings.Join(got, "|") != strings.Join(tc.want, "|") {
			t.Errorf("%q:\n got %q\nwant %q", tc.in, got, tc.want)
		}
	}
	// a sentence never ends inside a pair of inline tags
	p, spans := protectField("<em>Hola. Adiós.</em> Fin. <b>Uno.</b>", true, nil, "ca")
	parts, _ := segmentField(p, spans, "es", 0)
	if len(parts) != 3 || parts[0].text != "⟦1⟧Hola. Adiós.⟦2⟧ Fin." && parts[0].text != "⟦1⟧Hola. Adiós.⟦2⟧" {
		t.Errorf("tags split: %q", parts)
	}
}

func TestSegmentLongRun(t *testing.T) {
	in := strings.Repeat("palabra ", 200000) + "y 12 fin"
	p, spans := protectField(in, false, nil, "ca")
	parts, tail := segmentField(p, spans, "es", 0)
	var b strings.Builder
	for _, s := range parts {
		if len(s.text) > DefaultMaxSegmentBytes {
			t.Fatalf("segment of %d bytes", len(s.text))
		}
		b.WriteString(s.glue + s.text)
	}
	b.WriteString(tail)
	if b.String() != p {
		t.Fatal("segments do not join back")
	}
	// no spaces at all: cut at rune boundaries, never inside a placeholder
	in = strings.Repeat("ñ", 5000) + "12" + strings.Repeat("é", 5000)
	p, spans = protectField(in, false, nil, "ca")
	parts, _ = segmentField(p, spans, "es", 0)
	var joined strings.Builder
	for _, s := range parts {
		if !utf8.ValidString(s.text) {
			t.Fatal("cut inside a rune")
		}
		joined.WriteString(s.glue + s.text)
	}
	if joined.String() != p {
		t.Fatal("rune run does not join back")
	}
}

// roundTrip protects, segments and restores text with an identity engine.
func roundTrip(text string, html bool) string {
	p, spans := protectField(text, html, nil, "ca")
	parts, tail := segmentField(p, spans, "es", 64)
	var b strings.Builder
	for _, s := range parts {
		local, ls := localize(s.text, spans)
		out, _ := restore(local, ls, html)
		b.WriteString(s.glue + out)
	}
	b.WriteString(tail)
	return b.String()
}

func FuzzProtectRestore(f *testing.F) {
	for _, s := range []string{
		"El Sr. Pérez pagó 1.234,5 € el 3/4/2024 en https://a.es/x?y=1. ¡Bien!",
		"Mail a@b.org, foto ndo_br_dat09683.jpg, 13/14 y 17.33; #tag @user *nota",
		"⟦1⟧ ⟦ ⟧⟦⟦2⟧⟧ texto\n\notro párrafo\t con  espacios ",
		"日本語の文。次の文。", "", "   ", "a.b.c. d. E. F.",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if !utf8.ValidString(s) {
			return
		}
		if got := roundTrip(s, false); got != s {
			t.Fatalf("round trip changed text:\n in %q\nout %q", s, got)
		}
	})
}

func TestRoundTripHTML(t *testing.T) {
	for _, s := range []string{
		`<strong>Madrid</strong>, 3 de mayo. El <a href="/x">Gobierno</a> aprobó <em>ayer</em> el plan. <i>Fin.</i>`,
		`Uno <b>dos. Tres</b> cuatro.`,
		`Código <code>a<b</code> y <code>if x { y. }</code> aquí.`,
	} {
		if got := roundTrip(s, true); got != s {
			t.Errorf("html round trip:\n in %q\nout %q", s, got)
		}
	}
}

func TestGlossaryMatch(t *testing.T) {
	g := newGlossaryMatcher(glossTerms(), "es")
	in := "NGUYỄN PHÚ TRỌNG y Nguyen Phu Trong visitaron Lạng Sơn; nguyen phu trongo no."
	p, spans := protectField(in, false, g, "ca")
	var outs []string
	for _, s := range spans {
		outs = append(outs, s.Kind+":"+s.Out)
	}
	want := "term:Nguyễn Phú Trọng|term:Nguyễn Phú Trọng|term:Lang Son"
	if strings.Join(outs, "|") != want {
		t.Fatalf("got %q (%q), want %q", outs, p, want)
	}
	_ = context.Background()
}
