package store_test

import (
	"context"
	"path/filepath"
	"testing"

	"newsbridge/model"
	"newsbridge/store"
)

// TestGlossaryModes checks that a term's mode is stored and validated on
// both databases.
func TestGlossaryModes(t *testing.T) {
	eachDB(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		for _, term := range []*model.GlossaryTerm{
			{SourceLang: "es", Term: "Ribera", Kind: model.TermPlace, Mode: model.ModeKeep},
			{SourceLang: "es", Term: "ribera", Mode: model.ModeForbidden, Renderings: map[string]string{"en": "Bank"}},
			{SourceLang: "es", Term: "Almedina", Kind: model.TermPlace},
			{SourceLang: "es", Term: "Old", Kind: model.TermKeep},
		} {
			if err := s.SaveTerm(ctx, term); err != nil {
				t.Fatal(err)
			}
		}
		terms, err := s.GlossaryTerms(ctx, "es")
		if err != nil {
			t.Fatal(err)
		}
		got := map[string]string{}
		for _, x := range terms {
			got[x.Term] = x.Mode
		}
		want := map[string]string{"Ribera": model.ModeKeep, "ribera": model.ModeForbidden, "Almedina": model.ModeExact, "Old": model.ModeKeep}
		for k, v := range want {
			if got[k] != v {
				t.Errorf("%s: mode %q, want %q", k, got[k], v)
			}
		}
		if err := s.SaveTerm(ctx, &model.GlossaryTerm{SourceLang: "es", Term: "x", Mode: "bogus"}); model.ErrorCode(err) != model.EInvalid {
			t.Fatalf("bad mode: %v", err)
		}
	})
}

// TestMigrationGivesKeepMode checks migration 7 on a database of version
// 6: a term of the old kind do-not-translate gets the keep mode, the
// others the exact one.
func TestMigrationGivesKeepMode(t *testing.T) {
	ctx := context.Background()
	s, err := store.OpenSQLite(filepath.Join(t.TempDir(), "t.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if err := s.MigrateTo(ctx, 6); err != nil {
		t.Fatal(err)
	}
	if _, err := s.DB.ExecContext(ctx, `INSERT INTO glossary_terms (source_lang, term, kind, created_at) VALUES ('en', 'Global Voices', 'do-not-translate', 1), ('en', 'Obama', 'person', 1)`); err != nil {
		t.Fatal(err)
	}
	if err := s.Migrate(ctx); err != nil {
		t.Fatal(err)
	}
	terms, err := s.GlossaryTerms(ctx, "en")
	if err != nil || len(terms) != 2 {
		t.Fatalf("%+v %v", terms, err)
	}
	for _, x := range terms {
		want := model.ModeExact
		if x.Term == "Global Voices" {
			want = model.ModeKeep
		}
		if x.Mode != want {
			t.Errorf("%s: mode %q, want %q", x.Term, x.Mode, want)
		}
	}
}
