package api_test

import (
	"context"
	"strings"
	"testing"

	"newsbridge/model"
	"newsbridge/service"
	"newsbridge/store"
)

func TestGlossaryTBX(t *testing.T) {
	eachDB(t, func(t *testing.T, st *store.Store) {
		f := newFixture(t, st)
		ctx := service.WithActor(context.Background(), service.OperatorActor)
		for _, term := range []model.GlossaryTerm{
			{SourceLang: "es", Term: "Valdemora", Kind: model.TermPlace},
			{SourceLang: "es", Term: "pleno", Kind: model.TermTerm, Renderings: map[string]string{"ca": "ple", "gl": "pleno"}},
			{SourceLang: "es", Term: "Ribera", Kind: model.TermPlace, Mode: model.ModeKeep},
			{SourceLang: "es", Term: "afición", Mode: model.ModeForbidden, Renderings: map[string]string{"en": "hobby"}},
		} {
			if _, err := f.svc.SaveTerm(ctx, &term); err != nil {
				t.Fatal(err)
			}
		}
		code, doc, _ := f.call(t, "GET", "/api/v1/glossary?from=es&format=tbx", f.editor, nil)
		if code != 200 || !strings.Contains(string(doc), "<term>ple</term>") {
			t.Fatalf("export: %d %s", code, doc)
		}
		for _, w := range []string{`<term>hobby</term><termNote type="administrativeStatus">deprecatedTerm-admn-sts</termNote>`, `<term>Ribera</term><termNote type="partOfSpeech">properNoun</termNote><termNote type="translationNote">no</termNote>`} {
			if !strings.Contains(string(doc), w) {
				t.Fatalf("export lacks %s:\n%s", w, doc)
			}
		}
		readByTranslateToolkit(t, doc, "tbx", []string{"Ribera", "Valdemora", "afición", "pleno"})
		code, js, _ := f.call(t, "GET", "/api/v1/glossary", f.editor, nil)
		if code != 200 || !strings.Contains(string(js), `"mode":"exact","renderings":{"ca":"ple","gl":"pleno"}`) || !strings.Contains(string(js), `"mode":"forbidden","renderings":{"en":"hobby"}`) {
			t.Fatalf("json: %d %s", code, js)
		}
		// a file with one bad entry saves nothing
		bad := strings.Replace(string(doc), "</body>", `<termEntry><descrip type="x-newsbridge-kind">verb</descrip><langSet xml:lang="es"><tig><term>correr</term></tig></langSet></termEntry></body>`, 1)
		bad = strings.Replace(bad, "<term>ple</term>", "<term>plenari</term>", 1)
		if code, out, _ := f.call(t, "POST", "/api/v1/glossary?format=tbx", f.editor, []byte(bad)); code != 400 || !strings.Contains(string(out), "nothing was saved") {
			t.Fatalf("bad entry: %d %s", code, out)
		}
		if code, out, _ := f.call(t, "POST", "/api/v1/glossary?format=tbx", f.editor, []byte("<martif")); code != 400 {
			t.Fatalf("malformed: %d %s", code, out)
		}
		// the export imported into an empty database gives the same glossary
		st2, err := store.OpenSQLite(t.TempDir() + "/2.db")
		if err != nil {
			t.Fatal(err)
		}
		defer st2.Close()
		migrate(t, st2)
		f2 := newFixture(t, st2)
		if code, out, _ := f2.call(t, "POST", "/api/v1/glossary?format=tbx", f2.editor, doc); code != 200 || !strings.Contains(string(out), `"terms":4`) {
			t.Fatalf("import: %d %s", code, out)
		}
		_, doc2, _ := f2.call(t, "GET", "/api/v1/glossary?from=es&format=tbx", f2.editor, nil)
		if string(doc2) != string(doc) {
			t.Fatalf("round trip:\n%s\n%s", doc, doc2)
		}
	})
}

func TestGlossaryImpact(t *testing.T) {
	eachDB(t, func(t *testing.T, st *store.Store) {
		f := newFixture(t, st)
		code, out, _ := f.call(t, "GET", "/api/v1/glossary/impact?from=es&term=alcalde", f.editor, nil)
		if code != 200 || !strings.Contains(string(out), `"approved":0,"articles":2,"items"`) || !strings.HasSuffix(strings.TrimSpace(string(out)), `"translations":2}`) || !strings.Contains(string(out), `"title":"Obras en el centro","translations":[{"lang":"ca","state":"needs_review"}]`) {
			t.Fatalf("impact: %d %s", code, out)
		}
		if code, out, _ := f.call(t, "GET", "/api/v1/glossary/impact?from=es", f.editor, nil); code != 400 {
			t.Fatalf("no term: %d %s", code, out)
		}
	})
}
