package translate

import (
	"context"
	"strings"
	"testing"
	"time"

	"newsbridge/model"
)

var esca = []model.Pair{{From: "es", To: "ca"}}

func fixedNow() time.Time { return time.Date(2026, 11, 22, 12, 0, 0, 0, time.UTC) }

func TestTranslateTextKeepsParagraphs(t *testing.T) {
	e := &identityEngine{name: "id", pairs: esca}
	tr := &Translator{Router: NewRouter(e), Now: fixedNow}
	in := "Primer párrafo. Con dos frases.\n\n\nSegundo  párrafo\ncon salto de línea.\n  \nTercero "
	out, flags, err := tr.TranslateText(context.Background(), "es", "ca", in)
	if err != nil {
		t.Fatal(err)
	}
	// the identity engine receives whitespace-collapsed sentences, so only
	// the double space inside a sentence changes
	want := strings.Replace(in, "Segundo  párrafo", "Segundo párrafo", 1)
	if out != want {
		t.Fatalf("got %q, want %q", out, want)
	}
	if e.calls != 1 {
		t.Fatalf("%d engine calls, want 1 batch", e.calls)
	}
	for _, f := range flags {
		if f.Kind != FlagUntranslated {
			t.Errorf("unexpected flag %+v", f)
		}
	}
}

func TestTranslateMemory(t *testing.T) {
	e := &identityEngine{name: "id", pairs: esca, fn: func(s string) string { return "[ca] " + s }}
	mem := NewMemoryCache()
	tr := &Translator{Router: NewRouter(e), Memory: mem, Now: fixedNow}
	ctx := context.Background()
	out1, _, err := tr.TranslateText(ctx, "es", "ca", "Costó 5 euros. Costó 7 euros. Costó 5 euros.")
	if err != nil {
		t.Fatal(err)
	}
	if out1 != "[ca] Costó 5 euros. [ca] Costó 7 euros. [ca] Costó 5 euros." {
		t.Fatalf("got %q", out1)
	}
	// placeholders are normalized: one distinct sentence sent, once
	if e.texts != 1 || e.calls != 1 || mem.Len() != 1 {
		t.Fatalf("engine got %d texts in %d calls, memory has %d", e.texts, e.calls, mem.Len())
	}
	out2, _, _ := tr.TranslateText(ctx, "es", "ca", "Costó 9 euros.")
	if out2 != "[ca] Costó 9 euros." || e.calls != 1 {
		t.Fatalf("memory hit: %q after %d calls", out2, e.calls)
	}
	// an editor's entry wins, whatever the glossary version
	ed := model.MemoryEntry{Key: "Costó ⟦#1⟧ euros.", Target: "Va costar ⟦#1⟧ euros.", Origin: model.OriginEditor, Editor: "ana"}
	if err := mem.SaveMemory(ctx, model.Pair{From: "es", To: "ca"}, 99, []model.MemoryEntry{ed}); err != nil {
		t.Fatal(err)
	}
	out3, _, _ := tr.TranslateText(ctx, "es", "ca", "Costó 11 euros.")
	if out3 != "Va costar 11 euros." || e.calls != 1 {
		t.Fatalf("editor entry: %q", out3)
	}
	// an editor's literal entry (no placeholders) wins for that exact sentence
	lit := model.MemoryEntry{Key: literalKey("Costó 12 euros."), Target: "Dotze euros.", Origin: model.OriginEditor, Editor: "joan"}
	_ = mem.SaveMemory(ctx, model.Pair{From: "es", To: "ca"}, 0, []model.MemoryEntry{lit})
	out4, _, _ := tr.TranslateText(ctx, "es", "ca", "Costó 12 euros.")
	if out4 != "Dotze euros." {
		t.Fatalf("literal editor entry: %q", out4)
	}
}

func TestTranslateArticleFields(t *testing.T) {
	e := &identityEngine{name: "id", pairs: esca, fn: strings.ToUpper}
	tr := &Translator{Router: NewRouter(e), Memory: NewMemoryCache(), Now: fixedNow}
	a := &model.Article{
		ID: 7, Language: "es", Title: "Título", Lead: "Entradilla.", Byline: "Ana Pérez", Category: "Política",
		Blocks: []model.Block{
			{Type: model.BlockParagraph, Text: "Texto plano."},
			{Type: model.BlockParagraph, Text: "Con enlace.", HTML: `Con <a href="https://x.es/a">enlace</a>.`},
			{Type: model.BlockFigure, Src: "https://x.es/ndo_br_dat09683.jpg", Alt: "Una foto", Caption: "Pie de foto", Credit: "EFE"},
		},
	}
	got, err := tr.TranslateArticle(context.Background(), a, "ca")
	if err != nil {
		t.Fatal(err)
	}
	if got.Title != "TÍTULO" || got.Lead != "ENTRADILLA." || got.Byline != "Ana Pérez" || got.Category != "POLÍTICA" {
		t.Fatalf("fields: %+v", got)
	}
	if got.Blocks[0].Text != "TEXTO PLANO." || got.Blocks[1].HTML != `CON <a href="https://x.es/a">ENLACE</a>.` || got.Blocks[1].Text != "CON ENLACE." {
		t.Fatalf("blocks: %+v", got.Blocks[:2])
	}
	f := got.Blocks[2]
	if f.Src != a.Blocks[2].Src || f.Alt != "UNA FOTO" || f.Caption != "PIE DE FOTO" || f.Credit != "EFE" {
		t.Fatalf("figure: %+v", f)
	}
	if e.calls != 1 || got.Route != "es>ca" || got.Engine != "id" || got.ArticleID != 7 || got.Lang != "ca" {
		t.Fatalf("calls %d route %q engine %q", e.calls, got.Route, got.Engine)
	}
	if len(got.Segments) != 7 {
		t.Fatalf("%d segments", len(got.Segments))
	}
	for _, s := range got.Segments {
		if s.Engine != "id" || s.Route != "es>ca" || !s.At.Equal(fixedNow()) || s.FromMemory {
			t.Fatalf("provenance: %+v", s)
		}
	}
	again, _ := tr.TranslateArticle(context.Background(), a, "ca")
	for _, s := range again.Segments {
		if !s.FromMemory {
			t.Fatalf("second pass not from memory: %+v", s)
		}
	}
	if e.calls != 1 {
		t.Fatalf("second pass called the engine")
	}
}

func TestTranslateBadInput(t *testing.T) {
	e := &identityEngine{name: "id", pairs: esca}
	tr := &Translator{Router: NewRouter(e), MaxTextBytes: 4 << 20}
	ctx := context.Background()
	if _, _, err := tr.TranslateText(ctx, "es", "ca", "a\xffb"); model.ErrorCode(err) != model.EInvalid {
		t.Errorf("invalid UTF-8: %v", err)
	}
	if _, _, err := tr.TranslateText(ctx, "es", "ca", strings.Repeat("a", 5<<20)); model.ErrorCode(err) != model.EInvalid {
		t.Errorf("too large: %v", err)
	}
	if _, _, err := tr.TranslateText(ctx, "xx", "ca", "Hola."); model.ErrorCode(err) != model.EInvalid {
		t.Errorf("no route: %v", err)
	}
	if _, err := tr.TranslateArticle(ctx, &model.Article{Title: "x"}, "ca"); model.ErrorCode(err) != model.EInvalid {
		t.Errorf("no language: %v", err)
	}
	out, _, err := tr.TranslateText(ctx, "es", "ca", "Hola\x00 mundo\x1b[31m rojo.\r\nFin.")
	if err != nil || strings.ContainsAny(out, "\x00\x1b\r") {
		t.Errorf("control characters: %q %v", out, err)
	}
	// a 1 MB paragraph without a full stop is cut into bounded segments
	big := strings.Repeat("la casa blanca ", 70000)
	longest := 0
	e.calls, e.fn = 0, func(s string) string { longest = max(longest, len(s)); return s }
	out, _, err = tr.TranslateText(ctx, "es", "ca", big)
	if err != nil || out != big || e.calls != 1 || longest > DefaultMaxSegmentBytes {
		t.Errorf("1 MB paragraph: err %v, %d calls, longest segment %d, same %v", err, e.calls, longest, out == big)
	}
	e.fn = nil
	// text in a script the pair cannot read is flagged and left alone
	e.calls = 0
	out, flags, err := tr.TranslateText(ctx, "es", "ca", "وأشار الأمين العام إلى أن لجنة الحزب")
	if err != nil || e.calls != 0 || len(flags) != 1 || flags[0].Kind != FlagUntranslated || !strings.Contains(flags[0].Message, "Arabic") {
		t.Errorf("arabic: %q %v %+v calls %d", out, err, flags, e.calls)
	}
	// same language: nothing to do
	if out, _, err := tr.TranslateText(ctx, "ca", "ca-ES", "Bon dia."); err != nil || out != "Bon dia." {
		t.Errorf("same language: %q %v", out, err)
	}
}

func TestTranslateFlagsEngineDefects(t *testing.T) {
	// an engine that repeats a word, drops a number and leaves marks
	e := &identityEngine{name: "bad", pairs: esca, fn: func(s string) string {
		switch {
		case strings.HasPrefix(s, "Elogió"):
			return "Va elogiar els esforços i esforços de l'*Ayuntamiento i la *mancomunitat."
		case strings.HasPrefix(s, "Logró"):
			return "Va aconseguir les metes."
		}
		return s
	}}
	tr := &Translator{Router: NewRouter(e)}
	out, flags, err := tr.TranslateText(context.Background(), "es", "ca", "Elogió los esfuerzos del Ayuntamiento y la mancomunidad. Logró 13/14 metas.")
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(out, "*") || !strings.Contains(out, "13/14") {
		t.Fatalf("output %q", out)
	}
	kinds := map[string]bool{}
	for _, f := range flags {
		kinds[f.Kind] = true
	}
	for _, k := range []string{FlagRepeated, FlagUnknownWord, FlagProtected} {
		if !kinds[k] {
			t.Errorf("no %s flag in %+v", k, flags)
		}
	}
	// the vocabulary word is flagged, the capitalized (a name) is not
	for _, f := range flags {
		if f.Kind == FlagUnknownWord && (!strings.Contains(f.Message, "mancomunitat") || strings.Contains(f.Message, "Ayuntamiento,")) {
			t.Errorf("unknown_word: %q", f.Message)
		}
	}
}

func TestSaveEdit(t *testing.T) {
	e := &identityEngine{name: "id", pairs: esca, fn: func(s string) string { return "[mt] " + s }}
	mem := NewMemoryCache()
	tr := &Translator{Router: NewRouter(e), Memory: mem, Glossary: &staticGlossary{version: 2, terms: glossTerms()}}
	ctx := context.Background()
	// placeholder form: serves the same sentence with another number
	ent, err := tr.SaveEdit(ctx, "es", "ca", "Nguyen Phu Trong pagó 5 euros.", "Nguyễn Phú Trọng va pagar 5 euros.", "ana", false)
	if err != nil || ent.Key != "⟦1⟧ pagó ⟦#2⟧ euros." || ent.Target != "⟦1⟧ va pagar ⟦#2⟧ euros." {
		t.Fatalf("entry %+v %v", ent, err)
	}
	out, _, _ := tr.TranslateText(ctx, "es", "ca", "Nguyen Phu Trong pagó 8 euros.")
	if out != "Nguyễn Phú Trọng va pagar 8 euros." || e.calls != 0 {
		t.Fatalf("edit not used: %q", out)
	}
	// HTML with a link
	src := `Lea <a href="/x">el informe</a> de 2024.`
	if _, err := tr.SaveEdit(ctx, "es", "ca", src, `Llegiu <a href="/x">l'informe</a> del 2024 &amp; més.`, "joan", true); err != nil {
		t.Fatal(err)
	}
	a := &model.Article{Language: "es", Blocks: []model.Block{{Type: model.BlockParagraph, HTML: `Lea <a href="/y">el informe</a> de 2025.`}}}
	got, err := tr.TranslateArticle(ctx, a, "ca")
	if err != nil || got.Blocks[0].HTML != `Llegiu <a href="/y">l'informe</a> del 2025 &amp; més.` || got.Segments[0].Editor != "joan" {
		t.Fatalf("html edit: %q %+v %v", got.Blocks[0].HTML, got.Segments, err)
	}
	// the editor dropped the number: kept for this exact sentence only
	ent, _ = tr.SaveEdit(ctx, "es", "ca", "Costó 12 euros.", "Dotze euros.", "ana", false)
	if ent.Key != literalKey("Costó 12 euros.") {
		t.Fatalf("literal key %q", ent.Key)
	}
	if out, _, _ := tr.TranslateText(ctx, "es", "ca", "Costó 12 euros."); out != "Dotze euros." {
		t.Fatalf("literal edit: %q", out)
	}
	if out, _, _ := tr.TranslateText(ctx, "es", "ca", "Costó 13 euros."); out != "[mt] Costó 13 euros." {
		t.Fatalf("literal edit leaked: %q", out)
	}
	if _, err := tr.SaveEdit(ctx, "es", "ca", "Uno. Dos.", "U. Dos.", "ana", false); model.ErrorCode(err) != model.EInvalid {
		t.Fatalf("two sentences: %v", err)
	}
}
