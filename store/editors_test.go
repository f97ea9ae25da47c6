package store_test

import (
	"context"
	"path/filepath"
	"testing"

	"newsbridge/model"
	"newsbridge/store"
)

// TestMigrationMovesTokens checks migration 4 on a database of version 3:
// the token hash kept in password_hash moves to token_hash.
func TestMigrationMovesTokens(t *testing.T) {
	ctx := context.Background()
	s, err := store.OpenSQLite(filepath.Join(t.TempDir(), "t.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if err := s.MigrateTo(ctx, 3); err != nil {
		t.Fatal(err)
	}
	if _, err := s.DB.ExecContext(ctx, `INSERT INTO users (name, role, password_hash, created_at) VALUES ('old', 'editor', 'abc', 1)`); err != nil {
		t.Fatal(err)
	}
	if err := s.Migrate(ctx); err != nil {
		t.Fatal(err)
	}
	u, err := s.UserByToken(ctx, "abc")
	if err != nil || u.Name != "old" || u.PasswordHash != "" {
		t.Fatalf("token user: %+v %v", u, err)
	}
}

// TestTranslationStates checks the states and revisions on both databases.
func TestTranslationStates(t *testing.T) {
	eachDB(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		src := mustSource(t, s)
		id, _, _ := s.AddArticle(ctx, src.ID, "http://example.test/a.html")
		tr := &model.Translation{ArticleID: id, Lang: "ca", Title: "x", Flags: []model.Flag{{Field: "title", Kind: "numbers"}}}
		if err := s.SaveTranslation(ctx, tr); err != nil {
			t.Fatal(err)
		}
		got, _, _ := s.Translation(ctx, id, "ca")
		if got.State != model.StateNeedsReview || got.Revision != 1 {
			t.Fatalf("state %q revision %d", got.State, got.Revision)
		}
		stale := *got
		got.State = model.StateTranslated
		if err := s.UpdateTranslation(ctx, got); err != nil || got.Revision != 2 {
			t.Fatalf("update: %v %d", err, got.Revision)
		}
		if err := s.UpdateTranslation(ctx, &stale); model.ErrorCode(err) != model.EConflict {
			t.Fatalf("stale update: %v", err)
		}
	})
}
