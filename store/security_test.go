package store_test

import (
	"context"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"newsbridge/internal/pgtest"
	"newsbridge/model"
	"newsbridge/store"
)

// A language with more published stories than SQLite's 32,766 bound
// parameters once made its sitemap fail on every request: the languages of
// every listed story were asked for in one IN (…) list.
func TestPublishedLangsOfMoreIDsThanParameters(t *testing.T) {
	ctx := context.Background()
	s, err := store.OpenSQLite(filepath.Join(t.TempDir(), "big.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if err := s.Migrate(ctx); err != nil {
		t.Fatal(err)
	}
	src := mustSource(t, s)
	const n = 40000
	tx, err := s.DB.BeginTx(ctx, nil)
	if err != nil {
		t.Fatal(err)
	}
	art, _ := tx.Prepare(`INSERT INTO articles (id, source_id, url, created_at, updated_at) VALUES (?, ?, ?, 1, 1)`)
	pub, _ := tx.Prepare(`INSERT INTO publications (article_id, lang, published_at, updated_at) VALUES (?, 'es', 1, 1)`)
	ids := make([]int64, n)
	for i := range ids {
		ids[i] = int64(i + 1)
		if _, err := art.Exec(ids[i], src.ID, "http://example.test/"+itoa(i)); err != nil {
			t.Fatal(err)
		}
		if _, err := pub.Exec(ids[i]); err != nil {
			t.Fatal(err)
		}
	}
	if err := tx.Commit(); err != nil {
		t.Fatal(err)
	}
	langs, err := s.PublishedLangsOf(ctx, ids)
	if err != nil {
		t.Fatalf("languages of %d stories: %v", n, err)
	}
	if len(langs) != n || len(langs[n]) != 1 || langs[n][0] != "es" {
		t.Fatalf("got languages for %d stories, last %v", len(langs), langs[n])
	}
}

func itoa(i int) string {
	var b [20]byte
	p := len(b)
	for {
		p--
		b[p] = byte('0' + i%10)
		i /= 10
		if i == 0 {
			return string(b[p:])
		}
	}
}

// Moderating a comment changes what the article's pages show: the status
// and the publication's change mark are written together.
func TestModerationMarksPublication(t *testing.T) {
	eachDB(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		src := mustSource(t, s)
		id, _, _ := s.AddArticle(ctx, src.ID, "http://example.test/m.html")
		if _, err := s.Publish(ctx, id, "es"); err != nil {
			t.Fatal(err)
		}
		before, err := s.ChangesSince(ctx, 0, 10)
		if err != nil || len(before) != 1 {
			t.Fatalf("changes %v %v", before, err)
		}
		c := &model.Comment{ArticleID: id, Lang: "es", Author: "Ana", Body: "Bien", IPHash: "h"}
		if err := s.AddComment(ctx, c); err != nil {
			t.Fatal(err)
		}
		if err := s.SetCommentStatus(ctx, c.ID, model.CommentApproved); err != nil {
			t.Fatal(err)
		}
		after, err := s.ChangesSince(ctx, before[0].UpdatedAt, 10)
		if err != nil || len(after) != 1 || after[0].ArticleID != id {
			t.Fatalf("approving a comment must mark its publication changed: %v %v", after, err)
		}
		if err := s.SetCommentStatus(ctx, 9999, model.CommentApproved); model.ErrorCode(err) != model.ENotFound {
			t.Fatalf("unknown comment: %v", err)
		}
	})
}

// Raw HTML (up to 10 MiB an article) is kept only until the article is
// extracted or given up on.
func TestRawHTMLDroppedAfterExtraction(t *testing.T) {
	eachDB(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		src := mustSource(t, s)
		ok, _, _ := s.AddArticle(ctx, src.ID, "http://example.test/ok.html")
		bad, _, _ := s.AddArticle(ctx, src.ID, "http://example.test/bad.html")
		for _, id := range []int64{ok, bad} {
			if err := s.SaveRaw(ctx, id, []byte("<html>x</html>"), "text/html"); err != nil {
				t.Fatal(err)
			}
		}
		if err := s.SaveExtracted(ctx, &model.Article{ID: ok, Title: "T", Language: "es"}); err != nil {
			t.Fatal(err)
		}
		if err := s.SetArticleError(ctx, bad, "not an article", true); err != nil {
			t.Fatal(err)
		}
		for _, id := range []int64{ok, bad} {
			raw, _, err := s.Raw(ctx, id)
			if err != nil || len(raw) != 0 {
				t.Fatalf("article %d keeps %d bytes of raw HTML (%v)", id, len(raw), err)
			}
		}
	})
}

func TestCommentCounts(t *testing.T) {
	eachDB(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		src := mustSource(t, s)
		id, _, _ := s.AddArticle(ctx, src.ID, "http://example.test/c.html")
		for i := 0; i < 3; i++ {
			if err := s.AddComment(ctx, &model.Comment{ArticleID: id, Lang: "es", Author: "A", Body: "B", IPHash: "h"}); err != nil {
				t.Fatal(err)
			}
		}
		if n, err := s.PendingComments(ctx); err != nil || n != 3 {
			t.Fatalf("pending %d %v", n, err)
		}
		if n, err := s.RecentComments(ctx, "h", time.Time{}); err != nil || n != 3 {
			t.Fatalf("recent %d %v", n, err)
		}
		a, err := s.Secret(ctx, "x")
		if err != nil || len(a) != 32 {
			t.Fatalf("secret %q %v", a, err)
		}
		if b, _ := s.Secret(ctx, "x"); b != a {
			t.Fatal("a secret must be created once")
		}
	})
}

// Several processes started with serve --migrate at once must each find a
// migrated schema, with every migration applied exactly once.
func TestConcurrentMigrationsOnPostgres(t *testing.T) {
	url := pgtest.NewDatabase(t)
	ctx := context.Background()
	const n = 6
	stores := make([]*store.Store, n)
	for i := range stores {
		s, err := store.Open(ctx, url, "")
		if err != nil {
			t.Fatal(err)
		}
		defer s.Close()
		stores[i] = s
	}
	var wg sync.WaitGroup
	errs := make([]error, n)
	for i, s := range stores {
		wg.Add(1)
		go func() {
			defer wg.Done()
			errs[i] = s.Migrate(ctx)
		}()
	}
	wg.Wait()
	for i, err := range errs {
		if err != nil {
			t.Errorf("process %d: %v", i, err)
		}
	}
	var rows, distinct int
	if err := stores[0].DB.QueryRowContext(ctx, `SELECT COUNT(*), COUNT(DISTINCT version) FROM schema_version`).Scan(&rows, &distinct); err != nil {
		t.Fatal(err)
	}
	if rows != store.SchemaVersion() || distinct != rows {
		t.Fatalf("schema_version has %d rows (%d distinct), want %d", rows, distinct, store.SchemaVersion())
	}
}

// A PostgreSQL URL's passwords (user info and ?password=) never appear in
// the errors the store returns.
func TestDatabaseURLPasswordRedacted(t *testing.T) {
	ctx := context.Background()
	for _, u := range []string{
		"postgres://nb@127.0.0.1:1/nb?password=hunter2secret&sslmode=disable&connect_timeout=2",
		"postgres://nb:hunter2secret@127.0.0.1:1/nb?sslmode=disable&connect_timeout=2",
		"postgres://nb@127.0.0.1:1/nb?sslpassword=hunter2secret&sslmode=disable&connect_timeout=2",
		"postgres://nb@127.0.0.1:1/nb?password=hunter2secret&bogus_setting=%zz",
		"mysql://nb@127.0.0.1/nb?password=hunter2secret",
	} {
		s, err := store.Open(ctx, u, t.TempDir())
		if err == nil {
			s.Close()
			t.Fatalf("%s: opened", u)
		}
		if strings.Contains(err.Error(), "hunter2") {
			t.Errorf("the error quotes the password: %v", err)
		}
	}
}
