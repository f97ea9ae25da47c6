package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"

	"newsbridge/model"
)

// SaveTranslation stores (or replaces) an article's translation into one language.
func (s *Store) SaveTranslation(ctx context.Context, t *model.Translation) error {
	blocks, _ := json.Marshal(nonNil(t.Blocks))
	segs, _ := json.Marshal(nonNil(t.Segments))
	flags, _ := json.Marshal(nonNil(t.Flags))
	now := s.Now().UTC()
	if t.CreatedAt.IsZero() {
		t.CreatedAt = now
	}
	t.UpdatedAt = now
	_, err := s.exec(ctx, s.DB, `INSERT INTO translations (article_id, lang, title, lead, byline, category, blocks, segments, flags, flag_count, route, engine, glossary_version, stale, error, created_at, updated_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 0, '', ?, ?)
		ON CONFLICT (article_id, lang) DO UPDATE SET title = excluded.title, lead = excluded.lead, byline = excluded.byline, category = excluded.category,
		blocks = excluded.blocks, segments = excluded.segments, flags = excluded.flags, flag_count = excluded.flag_count, route = excluded.route,
		engine = excluded.engine, glossary_version = excluded.glossary_version, stale = 0, error = '', updated_at = excluded.updated_at`,
		t.ArticleID, t.Lang, t.Title, t.Lead, t.Byline, t.Category, string(blocks), string(segs), string(flags), len(t.Flags), t.Route, t.Engine,
		t.GlossaryVersion, ms(t.CreatedAt), ms(t.UpdatedAt))
	if err != nil {
		return fmt.Errorf("store: unable to save translation of article %d into %s: %w", t.ArticleID, t.Lang, err)
	}
	return nil
}

func nonNil[T any](v []T) []T {
	if v == nil {
		return []T{}
	}
	return v
}

// SetTranslationError records why an article could not be translated into
// lang, keeping any earlier translation's content.
func (s *Store) SetTranslationError(ctx context.Context, articleID int64, lang, msg string) error {
	now := ms(s.Now())
	_, err := s.exec(ctx, s.DB, `INSERT INTO translations (article_id, lang, error, created_at, updated_at) VALUES (?, ?, ?, ?, ?)
		ON CONFLICT (article_id, lang) DO UPDATE SET error = excluded.error, updated_at = excluded.updated_at`, articleID, lang, msg, now, now)
	return err
}

const translationCols = `article_id, lang, title, lead, byline, category, blocks, segments, flags, route, engine, glossary_version, stale, error, created_at, updated_at`

func scanTranslation(sc interface{ Scan(...any) error }) (*model.Translation, string, error) {
	var t model.Translation
	var blocks, segs, flags, errMsg string
	var stale int
	var created, updated int64
	if err := sc.Scan(&t.ArticleID, &t.Lang, &t.Title, &t.Lead, &t.Byline, &t.Category, &blocks, &segs, &flags, &t.Route, &t.Engine, &t.GlossaryVersion, &stale, &errMsg, &created, &updated); err != nil {
		return nil, "", translateErr(err)
	}
	t.Stale = stale != 0
	t.CreatedAt, t.UpdatedAt = fromMS(created), fromMS(updated)
	for _, p := range []struct {
		src string
		dst any
	}{{blocks, &t.Blocks}, {segs, &t.Segments}, {flags, &t.Flags}} {
		if err := json.Unmarshal([]byte(p.src), p.dst); err != nil {
			return nil, "", fmt.Errorf("store: translation of article %d has unreadable data: %w", t.ArticleID, err)
		}
	}
	return &t, errMsg, nil
}

// Translation returns an article's translation into lang; errMsg is the
// last translation error recorded, if any.
func (s *Store) Translation(ctx context.Context, articleID int64, lang string) (t *model.Translation, errMsg string, err error) {
	t, errMsg, err = scanTranslation(s.queryRow(ctx, s.DB, `SELECT `+translationCols+` FROM translations WHERE article_id = ? AND lang = ?`, articleID, lang))
	if err == ErrNotFound {
		return nil, "", model.Errorf(model.ENotFound, "no translation of article %d into %s", articleID, lang)
	}
	return t, errMsg, err
}

// TranslationRow is a translation's summary for operator listings.
type TranslationRow struct {
	ArticleID int64
	Lang      string
	Title     string
	FlagCount int
	Flags     []model.Flag
	Error     string
	Stale     bool
}

// ReviewQueue lists translations with quality flags or errors, the most
// flagged first.
func (s *Store) ReviewQueue(ctx context.Context, limit int) ([]TranslationRow, error) {
	rows, err := s.query(ctx, s.DB, `SELECT article_id, lang, title, flag_count, flags, error, stale FROM translations
		WHERE flag_count > 0 OR error <> '' ORDER BY flag_count DESC, article_id LIMIT ?`, limit)
	if err != nil {
		return nil, fmt.Errorf("store: unable to list the review queue: %w", err)
	}
	defer rows.Close()
	var out []TranslationRow
	for rows.Next() {
		var r TranslationRow
		var flags string
		var stale int
		if err := rows.Scan(&r.ArticleID, &r.Lang, &r.Title, &r.FlagCount, &flags, &r.Error, &stale); err != nil {
			return nil, err
		}
		r.Stale = stale != 0
		_ = json.Unmarshal([]byte(flags), &r.Flags)
		out = append(out, r)
	}
	return out, rows.Err()
}

// MarkStale marks the translations of the given articles as needing
// re-translation (after a glossary change) and returns their keys.
func (s *Store) MarkStale(ctx context.Context, articleIDs []int64) ([]TranslationRow, error) {
	var out []TranslationRow
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		for _, id := range articleIDs {
			rows, err := s.query(ctx, tx, `SELECT lang FROM translations WHERE article_id = ?`, id)
			if err != nil {
				return err
			}
			var langs []string
			for rows.Next() {
				var l string
				if err := rows.Scan(&l); err != nil {
					rows.Close()
					return err
				}
				langs = append(langs, l)
			}
			rows.Close()
			if _, err := s.exec(ctx, tx, `UPDATE translations SET stale = 1 WHERE article_id = ?`, id); err != nil {
				return err
			}
			for _, l := range langs {
				out = append(out, TranslationRow{ArticleID: id, Lang: l, Stale: true})
			}
		}
		return nil
	})
	return out, err
}

// Publish marks an article as published in lang. The first publication
// time is kept when it is published again (after a re-translation), so an
// article never appears twice or jumps to the top of the list. created
// reports whether this is the first publication.
func (s *Store) Publish(ctx context.Context, articleID int64, lang string) (created bool, err error) {
	now := ms(s.Now())
	r, err := s.exec(ctx, s.DB, `INSERT INTO publications (article_id, lang, published_at, updated_at) VALUES (?, ?, ?, ?)
		ON CONFLICT (article_id, lang) DO NOTHING`, articleID, lang, now, now)
	if err != nil {
		return false, fmt.Errorf("store: unable to publish article %d in %s: %w", articleID, lang, err)
	}
	if n, _ := r.RowsAffected(); n == 1 {
		return true, nil
	}
	_, err = s.exec(ctx, s.DB, `UPDATE publications SET updated_at = ? WHERE article_id = ? AND lang = ?`, now, articleID, lang)
	return false, err
}

// Unpublish removes an article from the site in lang ("" = every language).
func (s *Store) Unpublish(ctx context.Context, articleID int64, lang string) error {
	var err error
	if lang == "" {
		_, err = s.exec(ctx, s.DB, `DELETE FROM publications WHERE article_id = ?`, articleID)
	} else {
		_, err = s.exec(ctx, s.DB, `DELETE FROM publications WHERE article_id = ? AND lang = ?`, articleID, lang)
	}
	return err
}

// PublishedLangs lists the languages an article is published in.
func (s *Store) PublishedLangs(ctx context.Context, articleID int64) ([]string, error) {
	rows, err := s.query(ctx, s.DB, `SELECT lang FROM publications WHERE article_id = ? ORDER BY lang`, articleID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var l string
		if err := rows.Scan(&l); err != nil {
			return nil, err
		}
		out = append(out, l)
	}
	return out, rows.Err()
}

// Counts summarises the pipeline for `newsbridge stats` and health checks.
type Counts struct {
	Sources, Articles, Extracted, Failed, Translations, Flagged, Publications int64
}

// Counts returns the pipeline's counts.
func (s *Store) Counts(ctx context.Context) (Counts, error) {
	var c Counts
	err := s.queryRow(ctx, s.DB, `SELECT
		(SELECT COUNT(*) FROM sources),
		(SELECT COUNT(*) FROM articles),
		(SELECT COUNT(*) FROM articles WHERE status = 'extracted'),
		(SELECT COUNT(*) FROM articles WHERE status = 'failed'),
		(SELECT COUNT(*) FROM translations WHERE error = ''),
		(SELECT COUNT(*) FROM translations WHERE flag_count > 0),
		(SELECT COUNT(*) FROM publications)`).Scan(&c.Sources, &c.Articles, &c.Extracted, &c.Failed, &c.Translations, &c.Flagged, &c.Publications)
	return c, translateErr(err)
}

// TouchPublication marks a publication as changed (its comments, say) so
// that web nodes re-render it.
func (s *Store) TouchPublication(ctx context.Context, articleID int64, lang string) error {
	_, err := s.exec(ctx, s.DB, `UPDATE publications SET updated_at = ? WHERE article_id = ? AND lang = ?`, ms(s.Now()), articleID, lang)
	return err
}
