package store_test

import (
	"context"
	"path/filepath"
	"slices"
	"strconv"
	"testing"

	"newsbridge/model"
	"newsbridge/store"
)

// slugArticle stores an extracted Spanish article with a Catalan and a
// Russian translation, all three published.
func slugArticle(t *testing.T, s *store.Store) int64 {
	t.Helper()
	ctx := context.Background()
	src := mustSource(t, s)
	id, _, err := s.AddArticle(ctx, src.ID, "http://example.test/valdeloma.html")
	if err != nil {
		t.Fatal(err)
	}
	a := &model.Article{ID: id, Title: "El Valdeloma CF asciende a Primera Federación", Language: "es", Category: "Deportes",
		Blocks: []model.Block{{Type: model.BlockParagraph, Text: "Texto."}}}
	if err := s.SaveExtracted(ctx, a); err != nil {
		t.Fatal(err)
	}
	for lang, title := range map[string]string{"ca": "El Valdeloma CF ascendeix a Primera Federació", "ru": "Вальделома поднимается в Примеру"} {
		if err := s.SaveTranslation(ctx, &model.Translation{ArticleID: id, Lang: lang, Title: title,
			Blocks: []model.Block{{Type: model.BlockParagraph, Text: "Text."}}}); err != nil {
			t.Fatal(err)
		}
	}
	for _, lang := range []string{"es", "ca", "ru"} {
		if _, err := s.Publish(ctx, id, lang); err != nil {
			t.Fatal(err)
		}
	}
	return id
}

func TestSlugsPerLanguage(t *testing.T) {
	eachDB(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		id := slugArticle(t, s)
		n := strconv.FormatInt(id, 10)
		src := n + "-el-valdeloma-cf-asciende-a-primera-federacion"
		want := map[string]string{"es": src, "ca": n + "-el-valdeloma-cf-ascendeix-a-primera-federacio", "ru": n + "-valdeloma-podnimaetsya-v-primeru"}
		for lang, slug := range want {
			st, err := s.Story(ctx, lang, slug)
			if err != nil || st.Slug != slug || st.Lang != lang {
				t.Fatalf("%s: %+v %v", lang, st, err)
			}
			if got, err := s.PublicationSlug(ctx, id, lang); err != nil || got != slug {
				t.Fatalf("PublicationSlug(%s) = %q, %v", lang, got, err)
			}
		}
		got, err := s.PublishedSlugsOf(ctx, []int64{id})
		if err != nil || len(got[id]) != 3 || got[id]["ca"] != want["ca"] {
			t.Fatalf("PublishedSlugsOf: %v %v", got, err)
		}
		list, _, err := s.Stories(ctx, "ca", "", 0, 10)
		if err != nil || len(list) != 1 || list[0].Slug != want["ca"] {
			t.Fatalf("Stories: %+v %v", list, err)
		}
		// The source slug and the bare id answer in every language, with
		// the current slug (the site redirects).
		for _, old := range []string{src, n} {
			st, err := s.Story(ctx, "ca", old)
			if err != nil || st.Slug != want["ca"] {
				t.Fatalf("ca %s: %+v %v", old, st, err)
			}
		}
		if _, err := s.Story(ctx, "ca", n+"-something-else"); model.ErrorCode(err) != model.ENotFound {
			t.Fatalf("unknown slug: %v", err)
		}
		if _, err := s.Story(ctx, "en", src); model.ErrorCode(err) != model.ENotFound {
			t.Fatalf("not published in en: %v", err)
		}

		// An editor retitles the Catalan translation: the slug follows at
		// the next publication, and the old one still answers.
		tr, _, err := s.Translation(ctx, id, "ca")
		if err != nil {
			t.Fatal(err)
		}
		tr.Title = "Ascens històric del Valdeloma"
		if err := s.UpdateTranslation(ctx, tr); err != nil {
			t.Fatal(err)
		}
		if err := s.TouchPublication(ctx, id, "ca"); err != nil {
			t.Fatal(err)
		}
		newCa := n + "-ascens-historic-del-valdeloma"
		if got, _ := s.PublicationSlug(ctx, id, "ca"); got != newCa {
			t.Fatalf("after the edit: %q", got)
		}
		for _, old := range []string{want["ca"], src, n, newCa} {
			st, err := s.Story(ctx, "ca", old)
			if err != nil || st.Slug != newCa {
				t.Fatalf("ca %s after the edit: %+v %v", old, st, err)
			}
		}
		if h, err := s.SlugHistory(ctx, id, "ca"); err != nil || !slices.Equal(h, []string{want["ca"]}) {
			t.Fatalf("history %v %v", h, err)
		}
		// Another language's slugs, current or earlier, find the story.
		for _, other := range []string{want["ca"], newCa} {
			if st, err := s.Story(ctx, "ru", other); err != nil || st.Slug != want["ru"] {
				t.Fatalf("ru %s: %+v %v", other, st, err)
			}
		}
		if _, err := s.Story(ctx, "ru", "999-"+want["ca"]); model.ErrorCode(err) != model.ENotFound {
			t.Fatalf("another article's id: %v", err)
		}

		// Back to the first title: the first slug is current again, the
		// second one redirects.
		tr.Title = "El Valdeloma CF ascendeix a Primera Federació"
		if err := s.UpdateTranslation(ctx, tr); err != nil {
			t.Fatal(err)
		}
		if _, err := s.Publish(ctx, id, "ca"); err != nil {
			t.Fatal(err)
		}
		if h, _ := s.SlugHistory(ctx, id, "ca"); !slices.Equal(h, []string{newCa}) {
			t.Fatalf("history after the return: %v", h)
		}
		if st, err := s.Story(ctx, "ca", newCa); err != nil || st.Slug != want["ca"] {
			t.Fatalf("second slug after the return: %+v %v", st, err)
		}

		// A re-extraction under a new title changes the source slug; the
		// old one answers everywhere.
		a, err := s.Article(ctx, id)
		if err != nil {
			t.Fatal(err)
		}
		a.Title = "Valdeloma sube de categoría"
		if err := s.SaveExtracted(ctx, a); err != nil {
			t.Fatal(err)
		}
		if _, err := s.Publish(ctx, id, "es"); err != nil {
			t.Fatal(err)
		}
		newEs := n + "-valdeloma-sube-de-categoria"
		for _, lang := range []string{"es", "ru"} {
			st, err := s.Story(ctx, lang, src)
			if err != nil || st.Slug == src || (lang == "es" && st.Slug != newEs) {
				t.Fatalf("%s: old source slug: %+v %v", lang, st, err)
			}
		}

		// Unpublished, then published again under another title: the
		// slug it had keeps answering.
		if err := s.Unpublish(ctx, id, "ru"); err != nil {
			t.Fatal(err)
		}
		tr, _, _ = s.Translation(ctx, id, "ru")
		tr.Title = "Новый заголовок"
		if err := s.UpdateTranslation(ctx, tr); err != nil {
			t.Fatal(err)
		}
		if _, err := s.Publish(ctx, id, "ru"); err != nil {
			t.Fatal(err)
		}
		if st, err := s.Story(ctx, "ru", want["ru"]); err != nil || st.Slug != n+"-novyy-zagolovok" {
			t.Fatalf("ru after republication: %+v %v", st, err)
		}
		changes, err := s.ChangesSince(ctx, 0, 10)
		if err != nil {
			t.Fatal(err)
		}
		for _, c := range changes {
			if c.Lang == "ru" && c.Slug != n+"-novyy-zagolovok" {
				t.Fatalf("change %+v", c)
			}
		}
	})
}

// TestSlugsFilledByMigration: publications written before slugs were per
// language get their own when the database is migrated.
func TestSlugsFilledByMigration(t *testing.T) {
	ctx := context.Background()
	s, err := store.OpenSQLite(filepath.Join(t.TempDir(), "old.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if err := s.MigrateTo(ctx, 6); err != nil { // before the slugs
		t.Fatal(err)
	}
	// Rows as the schema of version 6 had them.
	for _, q := range []string{
		`INSERT INTO sources (id, name, feed_url, language, created_at) VALUES (1, 'D', 'http://example.test/f', 'es', 1)`,
		`INSERT INTO articles (id, source_id, url, slug, title, language, category, category_slug, status, created_at, updated_at)
			VALUES (7, 1, 'http://example.test/a', '7-el-valdeloma-cf-asciende', 'El Valdeloma CF asciende', 'es', 'Økonomi', 'økonomi', 'extracted', 1, 1)`,
		`INSERT INTO translations (article_id, lang, title, created_at, updated_at) VALUES (7, 'en', 'Valdeloma CF promoted', 1, 1)`,
		`INSERT INTO publications (article_id, lang, published_at, updated_at) VALUES (7, 'es', 1, 1)`,
		`INSERT INTO publications (article_id, lang, published_at, updated_at) VALUES (7, 'en', 1, 1)`,
	} {
		if _, err := s.DB.ExecContext(ctx, q); err != nil {
			t.Fatal(err)
		}
	}
	if err := s.Migrate(ctx); err != nil {
		t.Fatal(err)
	}
	got, err := s.PublishedSlugsOf(ctx, []int64{7})
	if err != nil || got[7]["en"] != "7-valdeloma-cf-promoted" || got[7]["es"] != "7-el-valdeloma-cf-asciende" {
		t.Fatalf("slugs after migrating: %v %v", got, err)
	}
	if st, err := s.Story(ctx, "en", "7-el-valdeloma-cf-asciende"); err != nil || st.Slug != "7-valdeloma-cf-promoted" || st.Updated.UnixMilli() == 1 {
		t.Fatalf("the old English URL: %+v %v", st, err)
	}
	// Lists are by section now; the outlet's category slug, kept to
	// redirect its old URL, is folded like every other slug.
	var catSlug string
	if err := s.DB.QueryRowContext(ctx, `SELECT category_slug FROM articles WHERE id = 7`).Scan(&catSlug); err != nil || catSlug != "okonomi" {
		t.Fatalf("category slug: %q %v", catSlug, err)
	}
}
