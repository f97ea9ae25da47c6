package store_test

import (
	"context"
	"path/filepath"
	"testing"
	"time"

	"newsbridge/internal/pgtest"
	"newsbridge/model"
	"newsbridge/store"
)

func TestMain(m *testing.M) { pgtest.Main(m) }

// eachDB runs a test on a fresh SQLite database and a fresh PostgreSQL one.
func eachDB(t *testing.T, fn func(t *testing.T, s *store.Store)) {
	t.Run("sqlite", func(t *testing.T) {
		s, err := store.OpenSQLite(filepath.Join(t.TempDir(), "t.db"))
		if err != nil {
			t.Fatal(err)
		}
		defer s.Close()
		prepare(t, s)
		fn(t, s)
	})
	t.Run("postgres", func(t *testing.T) {
		url := pgtest.NewDatabase(t)
		s, err := store.Open(context.Background(), url, "")
		if err != nil {
			t.Fatal(err)
		}
		defer s.Close()
		prepare(t, s)
		fn(t, s)
	})
}

func prepare(t *testing.T, s *store.Store) {
	t.Helper()
	now := time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)
	s.Now = func() time.Time { now = now.Add(time.Second); return now }
	if _, err := s.CheckSchema(context.Background()); err == nil {
		t.Fatal("a new database should need migrating")
	}
	if err := s.Migrate(context.Background()); err != nil {
		t.Fatal(err)
	}
	if err := s.Migrate(context.Background()); err != nil {
		t.Fatalf("migrating twice: %v", err)
	}
	if v, err := s.CheckSchema(context.Background()); err != nil || v != store.SchemaVersion() {
		t.Fatalf("schema %d, %v", v, err)
	}
}

func mustSource(t *testing.T, s *store.Store) *model.Source {
	t.Helper()
	src := &model.Source{Name: "Diario", FeedURL: "http://example.test/feed.xml", SiteURL: "http://example.test/", Language: "es", Enabled: true}
	if err := s.CreateSource(context.Background(), src); err != nil {
		t.Fatal(err)
	}
	return src
}

func TestSources(t *testing.T) {
	eachDB(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		src := mustSource(t, s)
		if src.ID == 0 || src.Interval != 15*time.Minute {
			t.Fatalf("source not filled: %+v", src)
		}
		dup := &model.Source{Name: "x", FeedURL: src.FeedURL}
		if err := s.CreateSource(ctx, dup); model.ErrorCode(err) != model.EConflict {
			t.Fatalf("duplicate feed: got %v, want conflict", err)
		}
		due, err := s.DueSources(ctx, s.Now())
		if err != nil || len(due) != 1 {
			t.Fatalf("due: %v %v", due, err)
		}
		next := s.Now().Add(time.Hour)
		if err := s.RecordPoll(ctx, src.ID, store.PollResult{CheckedAt: s.Now(), NextCheckAt: next, ETag: `"v1"`, LastModified: "Mon"}); err != nil {
			t.Fatal(err)
		}
		if due, _ := s.DueSources(ctx, s.Now()); len(due) != 0 {
			t.Fatalf("not due after poll: %v", due)
		}
		if err := s.RecordPoll(ctx, src.ID, store.PollResult{CheckedAt: s.Now(), NextCheckAt: next, Err: "feed: unable to parse"}); err != nil {
			t.Fatal(err)
		}
		got, err := s.Source(ctx, src.ID)
		if err != nil {
			t.Fatal(err)
		}
		if got.ETag != `"v1"` || got.LastError != "feed: unable to parse" || got.ErrorCount != 1 {
			t.Fatalf("failed poll must keep the validators and record the error: %+v", got)
		}
		if _, err := s.Source(ctx, 999); model.ErrorCode(err) != model.ENotFound {
			t.Fatalf("missing source: %v", err)
		}
	})
}

func TestArticlePipelineAndStories(t *testing.T) {
	eachDB(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		src := mustSource(t, s)
		id, created, err := s.AddArticle(ctx, src.ID, "http://example.test/a.html")
		if err != nil || !created {
			t.Fatalf("add: %v %v", created, err)
		}
		id2, created, err := s.AddArticle(ctx, src.ID, "http://example.test/a.html")
		if err != nil || created || id2 != id {
			t.Fatalf("same URL must be de-duplicated: %d %v %v", id2, created, err)
		}
		if err := s.SaveRaw(ctx, id, []byte("<html>café</html>"), "text/html; charset=utf-8"); err != nil {
			t.Fatal(err)
		}
		raw, ct, err := s.Raw(ctx, id)
		if err != nil || string(raw) != "<html>café</html>" || ct == "" {
			t.Fatalf("raw: %q %q %v", raw, ct, err)
		}
		a := &model.Article{ID: id, Title: "Récord de visitantes en Valdemora", Lead: "Entrada", Byline: "Ana Ruiz", Language: "es", Category: "Economía",
			Published: time.Date(2026, 2, 1, 9, 0, 0, 0, time.UTC), Text: "Uno.\n\nDos.",
			Blocks: []model.Block{{Type: model.BlockParagraph, Text: "Uno."}, {Type: model.BlockFigure, Src: "http://example.test/i.jpg", Caption: "Foto"}}}
		if err := s.SaveExtracted(ctx, a); err != nil {
			t.Fatal(err)
		}
		if a.Slug == "" || a.Slug[0] == '-' {
			t.Fatalf("slug %q", a.Slug)
		}
		got, err := s.Article(ctx, id)
		if err != nil || got.Status != model.ArticleExtracted || len(got.Blocks) != 2 || got.Blocks[1].Caption != "Foto" || !got.Published.Equal(a.Published) {
			t.Fatalf("article: %+v %v", got, err)
		}

		tr := &model.Translation{ArticleID: id, Lang: "ca", Title: "Rècord de visitants a Valdemora", Lead: "Entrada", Category: "Economia", Route: "es>ca", Engine: "apertium",
			Blocks: []model.Block{{Type: model.BlockParagraph, Text: "U."}}, Flags: []model.Flag{{Field: "block:0", Kind: "repeated", Message: "x"}}}
		if err := s.SaveTranslation(ctx, tr); err != nil {
			t.Fatal(err)
		}
		if err := s.SaveTranslation(ctx, tr); err != nil {
			t.Fatalf("saving again must replace: %v", err)
		}
		for _, lang := range []string{"es", "ca", "ca"} {
			if _, err := s.Publish(ctx, id, lang); err != nil {
				t.Fatal(err)
			}
		}
		stories, total, err := s.Stories(ctx, "ca", "", 0, 10)
		if err != nil || total != 1 || len(stories) != 1 {
			t.Fatalf("publishing twice must not list twice: %d %v %v", total, stories, err)
		}
		if st := stories[0]; !st.Translated || st.Title != tr.Title || st.Category.Name != "Economia" || st.Category.Slug != "economia" || st.SourceName != "Diario" {
			t.Fatalf("story: %+v", st)
		}
		st, err := s.Story(ctx, "es", a.Slug)
		if err != nil || st.Translated || st.Title != a.Title || len(st.Blocks) != 2 {
			t.Fatalf("original story: %+v %v", st, err)
		}
		// The batched read gives the same stories as Story, and leaves out
		// what is not published.
		batch, err := s.StoriesOf(ctx, []store.Change{{ArticleID: a.ID, Lang: "es"}, {ArticleID: a.ID, Lang: "ca"}, {ArticleID: a.ID, Lang: "fr"}})
		if err != nil || len(batch) != 2 {
			t.Fatalf("StoriesOf: %+v %v", batch, err)
		}
		for _, b := range batch {
			one, err := s.Story(ctx, b.Lang, b.Slug)
			if err != nil || b.Title != one.Title || b.Category != one.Category || len(b.Blocks) != len(one.Blocks) || b.Translated != one.Translated {
				t.Errorf("StoriesOf %s: %+v, Story: %+v %v", b.Lang, b, one, err)
			}
		}
		st, err = s.Story(ctx, "ca", a.Slug)
		if err != nil || len(st.Blocks) != 1 || st.Blocks[0].Text != "U." {
			t.Fatalf("translated story: %+v %v", st, err)
		}
		if _, err := s.Story(ctx, "gl", a.Slug); model.ErrorCode(err) != model.ENotFound {
			t.Fatalf("unpublished language: %v", err)
		}
		cats, err := s.Categories(ctx, "ca")
		if err != nil || len(cats) != 1 || cats[0].Name != "Economia" || cats[0].Count != 1 {
			t.Fatalf("categories: %+v %v", cats, err)
		}
		if _, total, _ := s.Stories(ctx, "ca", "deportes", 0, 10); total != 0 {
			t.Fatal("category filter")
		}
		q, err := s.ReviewQueue(ctx, store.ReviewFilter{Limit: 10})
		if err != nil || len(q) != 1 || q[0].FlagCount != 1 {
			t.Fatalf("review queue: %+v %v", q, err)
		}
		langs, _ := s.PublishedLangs(ctx, id)
		if len(langs) != 2 {
			t.Fatalf("langs %v", langs)
		}
		byID, err := s.PublishedLangsOf(ctx, []int64{id, 999})
		if err != nil || len(byID[id]) != 2 || byID[id][0] != "ca" || len(byID[999]) != 0 {
			t.Fatalf("langs of: %v %v", byID, err)
		}
		c, err := s.Counts(ctx)
		if err != nil || c.Publications != 2 || c.Flagged != 1 {
			t.Fatalf("counts %+v %v", c, err)
		}
	})
}

func TestMemoryEditorWins(t *testing.T) {
	eachDB(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		pair := model.Pair{From: "es", To: "ca"}
		if err := s.SaveMemory(ctx, pair, 1, []model.MemoryEntry{{Key: "hola", Source: "Hola", Target: "Hola (màquina)", Origin: model.OriginMachine, Engine: "apertium"}}); err != nil {
			t.Fatal(err)
		}
		got, err := s.LookupMemory(ctx, pair, 1, []string{"hola", "adiós"})
		if err != nil || len(got) != 1 || got["hola"].Target != "Hola (màquina)" {
			t.Fatalf("lookup %+v %v", got, err)
		}
		if got, _ := s.LookupMemory(ctx, pair, 2, []string{"hola"}); len(got) != 0 {
			t.Fatal("machine entries belong to their glossary version")
		}
		if err := s.SaveMemory(ctx, pair, 1, []model.MemoryEntry{{Key: "hola", Source: "Hola", Target: "Bon dia", Origin: model.OriginEditor, Editor: "marta"}}); err != nil {
			t.Fatal(err)
		}
		for _, v := range []int64{1, 7} {
			got, _ := s.LookupMemory(ctx, pair, v, []string{"hola"})
			if got["hola"].Target != "Bon dia" || got["hola"].Editor != "marta" {
				t.Fatalf("editor must win at glossary version %d: %+v", v, got)
			}
		}
		keys := make([]string, 1000)
		for i := range keys {
			keys[i] = string(rune('a'+i%26)) + time.Duration(i).String()
		}
		if _, err := s.LookupMemory(ctx, pair, 1, keys); err != nil {
			t.Fatalf("many keys: %v", err)
		}
	})
}

func TestGlossaryVersioning(t *testing.T) {
	eachDB(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		v0, _ := s.GlossaryVersion(ctx)
		term := &model.GlossaryTerm{SourceLang: "es", Term: "Nguyễn Phú Trọng", Kind: model.TermPerson, Renderings: map[string]string{"ca": "Nguyen Phu Trong", "ar": "نغوين فو ترونغ"}}
		if err := s.SaveTerm(ctx, term); err != nil {
			t.Fatal(err)
		}
		v1, _ := s.GlossaryVersion(ctx)
		if v1 <= v0 {
			t.Fatalf("version must change: %d → %d", v0, v1)
		}
		terms, err := s.GlossaryTerms(ctx, "es")
		if err != nil || len(terms) != 1 || terms[0].Renderings["ar"] != "نغوين فو ترونغ" {
			t.Fatalf("terms %+v %v", terms, err)
		}
		if err := s.SaveTerm(ctx, &model.GlossaryTerm{SourceLang: "es", Term: "x", Kind: "bogus"}); model.ErrorCode(err) != model.EInvalid {
			t.Fatalf("bad kind: %v", err)
		}
		if err := s.RemoveTerm(ctx, "es", "Nguyễn Phú Trọng"); err != nil {
			t.Fatal(err)
		}
		if err := s.RemoveTerm(ctx, "es", "Nguyễn Phú Trọng"); model.ErrorCode(err) != model.ENotFound {
			t.Fatalf("remove twice: %v", err)
		}
	})
}

func TestComments(t *testing.T) {
	eachDB(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		src := mustSource(t, s)
		id, _, _ := s.AddArticle(ctx, src.ID, "http://example.test/b.html")
		c := &model.Comment{ArticleID: id, Lang: "ca", Author: "Pau", Body: "<script>alert(1)</script>", IPHash: "h1"}
		if err := s.AddComment(ctx, c); err != nil {
			t.Fatal(err)
		}
		if c.Status != model.CommentPending {
			t.Fatal("a new comment must wait for moderation")
		}
		approved, _ := s.Comments(ctx, store.CommentFilter{ArticleID: id, Lang: "ca", Status: model.CommentApproved})
		if len(approved) != 0 {
			t.Fatal("nothing appears before approval")
		}
		if err := s.SetCommentStatus(ctx, c.ID, model.CommentApproved); err != nil {
			t.Fatal(err)
		}
		approved, _ = s.Comments(ctx, store.CommentFilter{ArticleID: id, Lang: "ca", Status: model.CommentApproved})
		if len(approved) != 1 || approved[0].Body != c.Body {
			t.Fatalf("approved: %+v", approved)
		}
		if n, _ := s.RecentComments(ctx, "h1", s.Now().Add(-time.Minute)); n != 1 {
			t.Fatalf("recent %d", n)
		}
		if err := s.SetCommentStatus(ctx, c.ID, "weird"); model.ErrorCode(err) != model.EInvalid {
			t.Fatal(err)
		}
	})
}

func TestUsage(t *testing.T) {
	eachDB(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		for i := 0; i < 3; i++ {
			if err := s.AddUsage(ctx, store.Usage{Engine: "apertium", Chars: 100, Segments: 2, MemoryHits: 1, Requests: 1}); err != nil {
				t.Fatal(err)
			}
		}
		u, err := s.UsageTotals(ctx)
		if err != nil || len(u) != 1 || u[0].Chars != 300 || u[0].MemoryHits != 3 {
			t.Fatalf("usage %+v %v", u, err)
		}
	})
}

func TestSlugify(t *testing.T) {
	for in, want := range map[string]string{
		"Récord de visitantes, en 2026!": "record-de-visitantes-en-2026",
		"  ¿Qué?  ":                      "que",
		"الأمين العام":                   "الأمين-العام",
		"":                               "",
	} {
		if got := store.Slugify(in, 80); got != want {
			t.Errorf("Slugify(%q) = %q, want %q", in, got, want)
		}
	}
	if got := store.Slugify("aaaaaaaaaa bbbbbbbbbb", 12); len(got) > 12 {
		t.Errorf("too long: %q", got)
	}
}

func TestOldSchemaIsRefusedUntilMigrated(t *testing.T) {
	ctx := context.Background()
	s, err := store.OpenSQLite(filepath.Join(t.TempDir(), "old.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if err := s.MigrateTo(ctx, 1); err != nil {
		t.Fatal(err)
	}
	v, err := s.CheckSchema(ctx)
	if v != 1 || model.ErrorCode(err) != model.EInvalid {
		t.Fatalf("old schema: version %d, %v", v, err)
	}
	if err := s.Migrate(ctx); err != nil {
		t.Fatal(err)
	}
	if _, err := s.CheckSchema(ctx); err != nil {
		t.Fatal(err)
	}
}
