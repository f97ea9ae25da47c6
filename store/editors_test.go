package store_test

import (
	"context"
	"fmt"
	"path/filepath"
	"strings"
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

// TestWithoutTranslationAndSegmentAudit: the articles waiting for a
// translation by hand, and the audit entries of one translation's
// segments, on both databases.
func TestWithoutTranslationAndSegmentAudit(t *testing.T) {
	eachDB(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		src := mustSource(t, s)
		var ids []int64
		for _, u := range []string{"a", "b", "c"} {
			id, _, _ := s.AddArticle(ctx, src.ID, "http://example.test/"+u+".html")
			a := &model.Article{ID: id, SourceID: src.ID, URL: "http://example.test/" + u + ".html", Title: "T " + u, Language: "es"}
			if err := s.SaveExtracted(ctx, a); err != nil {
				t.Fatal(err)
			}
			ids = append(ids, id)
		}
		// a: complete; b: failed (empty); c: none
		if err := s.SaveTranslation(ctx, &model.Translation{ArticleID: ids[0], Lang: "ar", Title: "x", Segments: []model.Segment{{Field: "title", Source: "T a", Target: "x"}}}); err != nil {
			t.Fatal(err)
		}
		if err := s.SetTranslationError(ctx, ids[1], "ar", "no engine translates es to ar"); err != nil {
			t.Fatal(err)
		}
		rows, err := s.WithoutTranslation(ctx, "es", "ar", 10)
		if err != nil || len(rows) != 2 || rows[0].State != store.StateToTranslate {
			t.Fatalf("without translation: %+v %v", rows, err)
		}
		if langs, err := s.ArticleLanguages(ctx); err != nil || len(langs) != 1 || langs[0] != "es" {
			t.Fatalf("languages: %v %v", langs, err)
		}
		for _, o := range []string{"translation/1/ar/segment/0", "translation/1/ar/segment/12", "translation/12/ar/segment/0", "translation/1/ar"} {
			if err := s.AddAudit(ctx, &model.AuditEntry{Actor: "marta", Action: "segment.edit", Object: o}); err != nil {
				t.Fatal(err)
			}
		}
		got, err := s.Audit(ctx, store.AuditFilter{ObjectPrefix: "translation/1/ar/segment/", Limit: 10})
		if err != nil || len(got) != 2 {
			t.Fatalf("segment audit: %+v %v", got, err)
		}
	})
}

// TestStoryProvenance: a published story says whether an editor approved
// its translation or wrote some of its sentences, on both databases.
func TestStoryProvenance(t *testing.T) {
	eachDB(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		src := mustSource(t, s)
		id, _, _ := s.AddArticle(ctx, src.ID, "http://example.test/p.html")
		a := &model.Article{ID: id, SourceID: src.ID, URL: "http://example.test/p.html", Title: "El puerto", Language: "es",
			Blocks: []model.Block{{Type: model.BlockParagraph, Text: "Uno. Dos."}}}
		if err := s.SaveExtracted(ctx, a); err != nil {
			t.Fatal(err)
		}
		tr := &model.Translation{ArticleID: id, Lang: "ca", Title: "El port", Engine: "apertium", Route: "es>ca",
			Blocks:   []model.Block{{Type: model.BlockParagraph, Text: "U. Dos."}},
			Segments: []model.Segment{{Field: "title", Source: "El puerto", Target: "El port", Engine: "apertium"}}}
		if err := s.SaveTranslation(ctx, tr); err != nil {
			t.Fatal(err)
		}
		if _, err := s.Publish(ctx, id, "ca"); err != nil {
			t.Fatal(err)
		}
		slug := mustArticle(t, s, id).Slug
		check := func(edited, approved bool) {
			t.Helper()
			st, err := s.Story(ctx, "ca", slug)
			if err != nil || st.Edited != edited || st.Approved != approved {
				t.Fatalf("story: %+v %v; want edited %v approved %v", st, err, edited, approved)
			}
			sts, err := s.StoriesOf(ctx, []store.Change{{ArticleID: id, Lang: "ca"}})
			if err != nil || len(sts) != 1 || sts[0].Edited != edited || sts[0].Approved != approved {
				t.Fatalf("stories of: %+v %v", sts, err)
			}
		}
		check(false, false)
		got, _, _ := s.Translation(ctx, id, "ca")
		got.Segments[0].Engine, got.Segments[0].Editor = "editor", "marta"
		if err := s.UpdateTranslation(ctx, got); err != nil {
			t.Fatal(err)
		}
		check(true, false)
		got.State, got.ApprovedBy = model.StateApproved, "marta"
		if err := s.UpdateTranslation(ctx, got); err != nil {
			t.Fatal(err)
		}
		check(true, true)
		if _, err := s.Publish(ctx, id, "es"); err != nil {
			t.Fatal(err)
		}
		if st, _ := s.Story(ctx, "es", slug); st == nil || st.Edited || st.Approved {
			t.Fatalf("the original says edited or approved: %+v", st)
		}
	})
}

func mustArticle(t *testing.T, s *store.Store, id int64) *model.Article {
	t.Helper()
	a, err := s.Article(ctx0, id)
	if err != nil {
		t.Fatal(err)
	}
	return a
}

var ctx0 = context.Background()

// TestAuditByObjectPlan: reading a translation's segment history (the
// audit log by object prefix) is a range of the audit_log_object index on
// both databases, not a scan of the log; and the range matches exactly
// the objects with the prefix.
func TestAuditByObjectPlan(t *testing.T) {
	eachDB(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		tx, err := s.DB.BeginTx(ctx, nil)
		if err != nil {
			t.Fatal(err)
		}
		for i := 0; i < 5000; i++ {
			o := fmt.Sprintf("translation/%d/ca/segment/%d", i%500, i%7)
			q := `INSERT INTO audit_log (at, actor, action, object) VALUES (1, 'marta', 'segment.edit', '` + o + `')`
			if _, err := tx.ExecContext(ctx, q); err != nil {
				t.Fatal(err)
			}
		}
		if err := tx.Commit(); err != nil {
			t.Fatal(err)
		}
		for _, o := range []string{"translation/7/ca/segment.", "translation/7/ca/segment0", "translation/7/ca/segment/x", "glossary/es/alcaldé", "glossary/es/alcaldé/2"} {
			if err := s.AddAudit(ctx, &model.AuditEntry{Actor: "marta", Action: "x", Object: o}); err != nil {
				t.Fatal(err)
			}
		}
		for prefix, want := range map[string]int{"translation/7/ca/segment/": 11, "glossary/es/alcaldé": 2, "translation/7/": 13} {
			got, err := s.Audit(ctx, store.AuditFilter{ObjectPrefix: prefix, Limit: 100})
			if err != nil || len(got) != want {
				t.Errorf("%s: %d entries, want %d (%v)", prefix, len(got), want, err)
			}
		}
		// The query Store.Audit makes for an ASCII prefix.
		q := `EXPLAIN QUERY PLAN SELECT id FROM audit_log WHERE 1 = 1 AND object >= ? AND object < ? ORDER BY id DESC LIMIT 500`
		args := []any{"translation/7/ca/segment/", "translation/7/ca/segment0"}
		if s.Dialect == store.Postgres {
			if _, err := s.DB.ExecContext(ctx, `ANALYZE audit_log`); err != nil {
				t.Fatal(err)
			}
			q = `EXPLAIN SELECT id FROM audit_log WHERE 1 = 1 AND object COLLATE "C" >= $1 AND object COLLATE "C" < $2 ORDER BY id DESC LIMIT 500`
		}
		rows, err := s.DB.QueryContext(ctx, q, args...)
		if err != nil {
			t.Fatal(err)
		}
		defer rows.Close()
		cols, _ := rows.Columns()
		var plan []string
		for rows.Next() {
			vals := make([]any, len(cols))
			ptrs := make([]any, len(cols))
			for i := range vals {
				ptrs[i] = &vals[i]
			}
			if err := rows.Scan(ptrs...); err != nil {
				t.Fatal(err)
			}
			plan = append(plan, fmt.Sprint(vals[len(vals)-1]))
		}
		if p := strings.Join(plan, "\n"); !strings.Contains(p, "audit_log_object") {
			t.Errorf("the history query does not use audit_log_object:\n%s", p)
		} else {
			t.Logf("plan:\n%s", p)
		}
	})
}
