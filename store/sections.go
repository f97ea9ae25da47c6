package store

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"slices"
	"sort"

	"newsbridge/model"
)

// The platform's sections: an article's section is stored with it
// (articles.section), resolved from its outlet's category when it is
// extracted and again whenever the mapping or the sections change. A
// source's mapping lives in source_sections once an admin has edited it
// (category_slug '' is the source's default section); until then the
// configured one (Store.Sections.Sources) applies.

// sections returns the configured sections, one "news" section when none.
func (s *Store) sections() *model.Sections {
	if s.Sections == nil || len(s.Sections.List) == 0 {
		return model.DefaultSections()
	}
	return s.Sections
}

// CategorySlug is the slug an outlet's category is kept under: an
// article's, and a mapping's key (which may name the category by its name
// or its slug: both give the slug).
func CategorySlug(name string) string { return Slugify(name, 40) }

// SourceSections is a source's mapping of its categories to sections.
type SourceSections struct {
	// Default is the section of the categories not listed ("" = the
	// site's default section).
	Default string
	// Categories maps a category slug to a section slug.
	Categories map[string]string
	// Edited is true when the mapping was saved on the editors' sources
	// screen (it is kept in the database); false when it comes from the
	// configuration.
	Edited bool
}

// SourceSectionsOf returns the mapping in force for a source: the one
// stored, else the configured one for its name or feed URL, else an empty
// one (everything in the site's default section).
func (s *Store) SourceSectionsOf(ctx context.Context, src *model.Source) (SourceSections, error) {
	return s.sourceSections(ctx, s.DB, src)
}

func (s *Store) sourceSections(ctx context.Context, db querier, src *model.Source) (SourceSections, error) {
	out := SourceSections{Categories: map[string]string{}}
	rows, err := s.query(ctx, db, `SELECT category_slug, section FROM source_sections WHERE source_id = ?`, src.ID)
	if err != nil {
		return out, fmt.Errorf("store: unable to read the sections of source %d: %w", src.ID, err)
	}
	defer rows.Close()
	for rows.Next() {
		var cat, sec string
		if err := rows.Scan(&cat, &sec); err != nil {
			return out, err
		}
		out.Edited = true
		if cat == "" {
			out.Default = sec
		} else {
			out.Categories[cat] = sec
		}
	}
	if err := rows.Err(); err != nil || out.Edited {
		return out, err
	}
	for _, m := range s.sections().Sources {
		if m.Source != src.Name && m.Source != src.FeedURL {
			continue
		}
		out.Default = m.Default
		for cat, sec := range m.Categories {
			if k := CategorySlug(cat); k != "" {
				out.Categories[k] = sec
			}
		}
		break
	}
	return out, nil
}

// resolve returns the section of a category slug under mapping m: the
// category's own, else the source's default, else the site's; a section
// no longer configured counts as unmapped.
func (s *Store) resolve(m SourceSections, categorySlug string) string {
	secs := s.sections()
	if sec := m.Categories[categorySlug]; sec != "" && secs.Find(sec) != nil {
		return sec
	}
	if m.Default != "" && secs.Find(m.Default) != nil {
		return m.Default
	}
	if secs.Find(secs.Default) != nil {
		return secs.Default
	}
	return secs.List[0].Slug
}

// SetSourceSections stores a source's mapping (replacing the configured
// one for it) and moves its articles to their new sections; with Edited
// false the stored mapping is dropped and the configured one applies
// again. It returns how many articles changed section.
func (s *Store) SetSourceSections(ctx context.Context, sourceID int64, m SourceSections) (int, error) {
	secs := s.sections()
	check := func(sec string) error {
		if sec != "" && secs.Find(sec) == nil {
			return model.Errorf(model.EInvalid, "no section %q (the sections are %v)", sec, secs.Slugs())
		}
		return nil
	}
	if err := check(m.Default); err != nil {
		return 0, err
	}
	if len(m.Categories) > 1000 {
		return 0, model.Errorf(model.EInvalid, "%d categories in one mapping; at most 1000", len(m.Categories))
	}
	for _, sec := range m.Categories {
		if err := check(sec); err != nil {
			return 0, err
		}
	}
	src, err := s.Source(ctx, sourceID)
	if err != nil {
		return 0, err
	}
	n := 0
	err = s.inTx(ctx, func(tx *sql.Tx) error {
		if _, err := s.exec(ctx, tx, `DELETE FROM source_sections WHERE source_id = ?`, sourceID); err != nil {
			return err
		}
		if m.Edited {
			if _, err := s.exec(ctx, tx, `INSERT INTO source_sections (source_id, category_slug, section) VALUES (?, '', ?)`, sourceID, m.Default); err != nil {
				return err
			}
			cats := make([]string, 0, len(m.Categories))
			for c := range m.Categories {
				cats = append(cats, c)
			}
			sort.Strings(cats)
			for _, c := range cats {
				if c == "" || m.Categories[c] == "" {
					continue
				}
				if _, err := s.exec(ctx, tx, `INSERT INTO source_sections (source_id, category_slug, section) VALUES (?, ?, ?)`, sourceID, c, m.Categories[c]); err != nil {
					return err
				}
			}
		}
		var err error
		n, err = s.resection(ctx, tx, src)
		return err
	})
	if err != nil {
		return 0, fmt.Errorf("store: unable to save the sections of source %d: %w", sourceID, err)
	}
	return n, nil
}

// resection moves a source's articles to the sections its mapping gives
// them, and marks their publications changed so that every web node
// refreshes its pages and search index. It returns how many moved.
func (s *Store) resection(ctx context.Context, db querier, src *model.Source) (int, error) {
	m, err := s.sourceSections(ctx, db, src)
	if err != nil {
		return 0, err
	}
	cats, err := column[string](ctx, s, db, `SELECT DISTINCT category_slug FROM articles WHERE source_id = ?`, src.ID)
	if err != nil {
		return 0, err
	}
	now := ms(s.Now())
	n := 0
	for _, c := range cats {
		sec := s.resolve(m, c)
		if _, err := s.exec(ctx, db, `UPDATE publications SET updated_at = ? WHERE article_id IN
			(SELECT id FROM articles WHERE source_id = ? AND category_slug = ? AND section <> ?)`, now, src.ID, c, sec); err != nil {
			return 0, err
		}
		r, err := s.exec(ctx, db, `UPDATE articles SET section = ? WHERE source_id = ? AND category_slug = ? AND section <> ?`, sec, src.ID, c, sec)
		if err != nil {
			return 0, err
		}
		k, _ := r.RowsAffected()
		n += int(k)
	}
	return n, nil
}

// ApplySections brings every article in step with the configured sections
// (Store.Sections): when they changed since the last call on this
// database, or a migration left articles without a section, each source's
// articles are moved to the sections their mapping gives them, and
// articles signed but without authors get them. A process that serves or
// works calls it at start; it is cheap when nothing changed.
func (s *Store) ApplySections(ctx context.Context) (moved int, err error) {
	b, _ := json.Marshal(s.sections())
	sum := sha256.Sum256(b)
	fp := hex.EncodeToString(sum[:8])
	var prev string
	err = s.queryRow(ctx, s.DB, `SELECT value FROM settings WHERE key = 'sections'`).Scan(&prev)
	if err != nil && translateErr(err) != ErrNotFound {
		return 0, fmt.Errorf("store: unable to read settings: %w", err)
	}
	var unsectioned int
	if err := s.queryRow(ctx, s.DB, `SELECT COUNT(*) FROM articles WHERE section = '' AND status = 'extracted'`).Scan(&unsectioned); err != nil {
		return 0, fmt.Errorf("store: unable to count articles: %w", err)
	}
	if prev == fp && unsectioned == 0 {
		return 0, nil
	}
	srcs, err := s.Sources(ctx)
	if err != nil {
		return 0, err
	}
	for i := range srcs {
		err := s.inTx(ctx, func(tx *sql.Tx) error {
			n, err := s.resection(ctx, tx, &srcs[i])
			moved += n
			return err
		})
		if err != nil {
			return moved, fmt.Errorf("store: unable to apply the sections to source %d: %w", srcs[i].ID, err)
		}
	}
	if _, err := s.BackfillAuthors(ctx); err != nil {
		return moved, err
	}
	if _, err := s.exec(ctx, s.DB, `INSERT INTO settings (key, value) VALUES ('sections', ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value`, fp); err != nil {
		return moved, fmt.Errorf("store: unable to save settings: %w", err)
	}
	return moved, nil
}

// CategoryCount is one of an outlet's categories with its article count.
type CategoryCount struct {
	Slug, Name string
	Count      int
}

// SourceCategories lists the categories a source's extracted articles
// carry, most used first ("" is the articles without one).
func (s *Store) SourceCategories(ctx context.Context, sourceID int64) ([]CategoryCount, error) {
	rows, err := s.query(ctx, s.DB, `SELECT category_slug, MAX(category), COUNT(*) FROM articles WHERE source_id = ? AND status = ?
		GROUP BY category_slug ORDER BY COUNT(*) DESC, category_slug`, sourceID, model.ArticleExtracted)
	if err != nil {
		return nil, fmt.Errorf("store: unable to list the categories of source %d: %w", sourceID, err)
	}
	defer rows.Close()
	var out []CategoryCount
	for rows.Next() {
		var c CategoryCount
		if err := rows.Scan(&c.Slug, &c.Name, &c.Count); err != nil {
			return nil, err
		}
		out = append(out, c)
	}
	return out, rows.Err()
}

// CategorySection returns the section most of the published articles of
// an outlet category (by slug, any outlet) are in now, "" when no
// published article has that category: an old category URL redirects
// there.
func (s *Store) CategorySection(ctx context.Context, categorySlug string) (string, error) {
	if categorySlug == "" {
		return "", nil
	}
	secs, err := column[string](ctx, s, s.DB, `SELECT a.section FROM articles a WHERE a.category_slug = ? AND a.section <> ''
		AND EXISTS (SELECT 1 FROM publications p WHERE p.article_id = a.id) GROUP BY a.section ORDER BY COUNT(*) DESC, a.section LIMIT 1`, categorySlug)
	if err != nil || len(secs) == 0 {
		return "", err
	}
	if s.sections().Find(secs[0]) == nil {
		return "", nil
	}
	return secs[0], nil
}

// sectionOf is the section stored for an article, resolved when a
// migration left it empty.
func (s *Store) sectionOf(stored string) string {
	secs := s.sections()
	if stored != "" && slices.ContainsFunc(secs.List, func(x model.Section) bool { return x.Slug == stored }) {
		return stored
	}
	if secs.Find(secs.Default) != nil {
		return secs.Default
	}
	return secs.List[0].Slug
}

// SectionsInForce returns the sections the store files articles under.
func (s *Store) SectionsInForce() *model.Sections { return s.sections() }
