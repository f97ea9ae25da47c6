package store_test

import (
	"context"
	"fmt"
	"reflect"
	"testing"
	"time"

	"newsbridge/internal/pgtest"
	"newsbridge/model"
	"newsbridge/store"
)

func TestParseByline(t *testing.T) {
	for _, c := range []struct {
		in, lang string
		want     []string // name/slug
	}{
		{"By Ana Ruiz", "en", []string{"Ana Ruiz/ana-ruiz"}},
		{"  por   ANA  RUÍZ ", "es", []string{"Ana Ruíz/ana-ruiz"}},
		{"Per Joan Vila i Marta Puig", "ca", []string{"Joan Vila/joan-vila", "Marta Puig/marta-puig"}},
		{"Joan Miró i Ferrà", "ca", []string{"Joan Miró i Ferrà/joan-miro-i-ferra"}},
		{"José Ortega y Gasset", "es", []string{"José Ortega y Gasset/jose-ortega-y-gasset"}},
		{"Ana Ruiz y Luis Pérez", "es", []string{"Ana Ruiz/ana-ruiz", "Luis Pérez/luis-perez"}},
		{"Ana Ruiz, Luis Pérez and Marta", "en", []string{"Ana Ruiz/ana-ruiz", "Luis Pérez/luis-perez", "Marta/marta"}},
		{"By Ana Ruiz and ana ruiz", "en", []string{"Ana Ruiz/ana-ruiz"}},
		{"Per Olsen", "nb", []string{"Per Olsen/per-olsen"}},
		{"Per Olsen", "", []string{"Per Olsen/per-olsen"}},
		{"Av Kari Nordmann og Ola Nordmann", "nb", []string{"Kari Nordmann/kari-nordmann", "Ola Nordmann/ola-nordmann"}},
		{"بقلم أحمد علي", "ar", []string{"أحمد علي/احمد-علي"}},
		{"By", "en", nil},
		{" , ; ", "en", nil},
	} {
		var got []string
		for _, a := range store.ParseByline(c.in, c.lang) {
			got = append(got, a.Name+"/"+a.Slug)
		}
		if !reflect.DeepEqual(got, c.want) {
			t.Errorf("ParseByline(%q, %s) = %q, want %q", c.in, c.lang, got, c.want)
		}
	}
}

// addStory adds, extracts and publishes an article of src in lang.
func addStory(t *testing.T, s *store.Store, src *model.Source, n int, category, byline string) *model.Article {
	t.Helper()
	ctx := context.Background()
	id, _, err := s.AddArticle(ctx, src.ID, fmt.Sprintf("%s%d.html", src.SiteURL, n))
	if err != nil {
		t.Fatal(err)
	}
	a := &model.Article{ID: id, Title: fmt.Sprintf("Noticia %d", n), Byline: byline, Language: "es", Category: category,
		Published: time.Date(2026, 2, 1, n, 0, 0, 0, time.UTC), Blocks: []model.Block{{Type: model.BlockParagraph, Text: "Uno."}}}
	if err := s.SaveExtracted(ctx, a); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Publish(ctx, id, "es"); err != nil {
		t.Fatal(err)
	}
	return a
}

func slugsOf(stories []model.Story) []string {
	var out []string
	for _, st := range stories {
		out = append(out, st.Title)
	}
	return out
}

func TestSectionsAndAuthors(t *testing.T) {
	eachDB(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		s.Sections = &model.Sections{Default: "general", List: []model.Section{
			{Slug: "sport", Names: map[string]string{"es": "Deportes", "en": "Sport"}},
			{Slug: "business", Names: map[string]string{"es": "Economía", "en": "Business"}},
			{Slug: "general", Names: map[string]string{"es": "Actualidad", "en": "Current events"}},
		}, Sources: []model.SectionMap{
			{Source: "Diario", Default: "business", Categories: map[string]string{"Deportes": "sport", "Fútbol": "sport"}},
		}}
		d := mustSource(t, s)
		other := &model.Source{Name: "Gaceta", FeedURL: "http://gaceta.test/feed.xml", SiteURL: "http://gaceta.test/", Language: "es", Enabled: true}
		if err := s.CreateSource(ctx, other); err != nil {
			t.Fatal(err)
		}
		addStory(t, s, d, 1, "Deportes", "Por Ana Ruiz")
		addStory(t, s, d, 2, "futbol", "ANA RUIZ y Luis Pérez Gil")
		addStory(t, s, d, 3, "Bolsa", "")
		a4 := addStory(t, s, other, 4, "Deportes", "By Luis Pérez Gil")

		// The configured mapping: per category, then the source's
		// default, then the site's (Gaceta has no mapping).
		cats, err := s.Categories(ctx, "es")
		want := []model.Category{{Slug: "sport", Name: "Deportes", Count: 2}, {Slug: "business", Name: "Economía", Count: 1}, {Slug: "general", Name: "Actualidad", Count: 1}}
		if err != nil || !reflect.DeepEqual(cats, want) {
			t.Fatalf("sections: %+v %v", cats, err)
		}
		sport, total, err := s.Stories(ctx, "es", "sport", 0, 10)
		if err != nil || total != 2 || sport[0].Title != "Noticia 2" || sport[0].Category.Name != "Deportes" || sport[0].SourceID != d.ID {
			t.Fatalf("sport: %+v %d %v", sport, total, err)
		}
		if sec, err := s.CategorySection(ctx, "futbol"); err != nil || sec != "sport" {
			t.Fatalf("old category URL: %q %v", sec, err)
		}

		// Authors: one person across articles and outlets.
		ana, total, err := s.StoriesBy(ctx, "es", model.StoryFilter{Author: "ana-ruiz"}, 0, 10)
		if err != nil || total != 2 || !reflect.DeepEqual(slugsOf(ana), []string{"Noticia 2", "Noticia 1"}) {
			t.Fatalf("ana: %v %d %v", slugsOf(ana), total, err)
		}
		luis, total, _ := s.StoriesBy(ctx, "es", model.StoryFilter{Author: "luis-perez-gil"}, 0, 10)
		if total != 2 || !reflect.DeepEqual(slugsOf(luis), []string{"Noticia 4", "Noticia 2"}) {
			t.Fatalf("luis: %v", slugsOf(luis))
		}
		au, err := s.Author(ctx, "ana-ruiz")
		if err != nil || au.Name != "Ana Ruiz" {
			t.Fatalf("author: %+v %v", au, err)
		}
		if _, err := s.Author(ctx, "nobody"); model.ErrorCode(err) != model.ENotFound {
			t.Fatalf("missing author: %v", err)
		}
		st, err := s.Story(ctx, "es", a4.Slug)
		if err != nil || !reflect.DeepEqual(st.Authors, []model.Author{{Slug: "luis-perez-gil", Name: "Luis Pérez Gil"}}) {
			t.Fatalf("story authors: %+v %v", st, err)
		}
		if all, err := s.AuthorsOf(ctx, "es"); err != nil || len(all) != 2 {
			t.Fatalf("authors of es: %+v %v", all, err)
		}
		if none, err := s.AuthorsOf(ctx, "ca"); err != nil || len(none) != 0 {
			t.Fatalf("authors of ca: %+v %v", none, err)
		}
		// Outlet lists.
		if _, total, _ := s.StoriesBy(ctx, "es", model.StoryFilter{SourceID: d.ID}, 0, 10); total != 3 {
			t.Fatalf("outlet: %d", total)
		}

		// An admin maps Gaceta's sport to sport and its default to business:
		// its article moves, and its publication is marked changed.
		changes, _ := s.ChangesSince(ctx, 0, 100)
		cursor := changes[len(changes)-1].UpdatedAt
		n, err := s.SetSourceSections(ctx, other.ID, store.SourceSections{Edited: true, Default: "business", Categories: map[string]string{"deportes": "sport"}})
		if err != nil || n != 1 {
			t.Fatalf("set: %d %v", n, err)
		}
		if changed, _ := s.ChangesSince(ctx, cursor, 100); len(changed) != 1 || changed[0].ArticleID != a4.ID {
			t.Fatalf("changes after the mapping: %+v", changed)
		}
		if _, total, _ := s.Stories(ctx, "es", "sport", 0, 10); total != 3 {
			t.Fatalf("sport after mapping: %d", total)
		}
		m, err := s.SourceSectionsOf(ctx, other)
		if err != nil || !m.Edited || m.Default != "business" || m.Categories["deportes"] != "sport" {
			t.Fatalf("mapping: %+v %v", m, err)
		}
		if _, err := s.SetSourceSections(ctx, other.ID, store.SourceSections{Edited: true, Default: "nope"}); model.ErrorCode(err) != model.EInvalid {
			t.Fatalf("unknown section: %v", err)
		}
		cc, err := s.SourceCategories(ctx, d.ID)
		if err != nil || len(cc) != 3 {
			t.Fatalf("categories of the source: %+v %v", cc, err)
		}
		// Back to the configuration (none for Gaceta: the site's default).
		if n, err := s.SetSourceSections(ctx, other.ID, store.SourceSections{}); err != nil || n != 1 {
			t.Fatalf("reset: %d %v", n, err)
		}
		if _, total, _ := s.Stories(ctx, "es", "general", 0, 10); total != 1 {
			t.Fatalf("general after reset: %d", total)
		}

		// The configuration changes: a start applies it once.
		s.Sections.Sources[0].Default = "general"
		moved, err := s.ApplySections(ctx)
		if err != nil || moved != 1 {
			t.Fatalf("apply: %d %v", moved, err)
		}
		if moved, err := s.ApplySections(ctx); err != nil || moved != 0 {
			t.Fatalf("apply again: %d %v", moved, err)
		}
	})
}

// TestUpgradeGivesSectionsAndAuthors: articles stored before sections and
// authors existed get both at the first ApplySections after the migration,
// and their publications are marked changed so web nodes refresh.
func TestUpgradeGivesSectionsAndAuthors(t *testing.T) {
	for name, open := range map[string]func(t *testing.T) *store.Store{
		"sqlite": func(t *testing.T) *store.Store {
			s, err := store.OpenSQLite(t.TempDir() + "/t.db")
			if err != nil {
				t.Fatal(err)
			}
			return s
		},
		"postgres": func(t *testing.T) *store.Store {
			s, err := store.Open(context.Background(), pgtest.NewDatabase(t), "")
			if err != nil {
				t.Fatal(err)
			}
			return s
		},
	} {
		t.Run(name, func(t *testing.T) {
			ctx := context.Background()
			s := open(t)
			defer s.Close()
			if err := s.MigrateTo(ctx, 6); err != nil {
				t.Fatal(err)
			}
			now := int64(1700000000000)
			for _, q := range []string{
				`INSERT INTO sources (id, name, feed_url, created_at) VALUES (1, 'Diario', 'http://d.test/feed', 1)`,
				`INSERT INTO articles (id, source_id, url, slug, title, byline, language, category, category_slug, status, created_at, updated_at)
					VALUES (1, 1, 'http://d.test/1', '1-uno', 'Uno', 'Por Ana Ruiz', 'es', 'Deportes', 'deportes', 'extracted', 1, 1)`,
				fmt.Sprintf(`INSERT INTO publications (article_id, lang, published_at, updated_at) VALUES (1, 'es', %d, %d)`, now, now),
			} {
				if _, err := s.DB.ExecContext(ctx, q); err != nil {
					t.Fatal(err)
				}
			}
			if err := s.Migrate(ctx); err != nil {
				t.Fatal(err)
			}
			s.Sections = &model.Sections{Default: "news", List: []model.Section{{Slug: "news"}, {Slug: "sport"}},
				Sources: []model.SectionMap{{Source: "http://d.test/feed", Categories: map[string]string{"deportes": "sport"}}}}
			s.Now = func() time.Time { return time.UnixMilli(now + 1000) }
			moved, err := s.ApplySections(ctx)
			if err != nil || moved != 1 {
				t.Fatalf("apply: %d %v", moved, err)
			}
			if changed, _ := s.ChangesSince(ctx, now, 10); len(changed) != 1 {
				t.Errorf("publication not marked changed: %+v", changed)
			}
			if _, n, _ := s.StoriesBy(ctx, "es", model.StoryFilter{Section: "sport", Author: "ana-ruiz"}, 0, 10); n != 1 {
				t.Errorf("after the upgrade: %d stories of Ana Ruiz in sport", n)
			}
		})
	}
}
