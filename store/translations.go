package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"strings"
	"time"

	"newsbridge/model"
)

// SaveTranslation stores (or replaces) an article's translation into one
// language. An approved translation is kept: the new one is stored beside
// it as a proposal (see Proposal), and t.State says StateApproved.
func (s *Store) SaveTranslation(ctx context.Context, t *model.Translation) error {
	blocks, _ := json.Marshal(nonNil(t.Blocks))
	segs, _ := json.Marshal(nonNil(t.Segments))
	flags, _ := json.Marshal(nonNil(t.Flags))
	now := s.Now().UTC()
	if t.CreatedAt.IsZero() {
		t.CreatedAt = now
	}
	t.UpdatedAt = now
	t.State = model.StateTranslated
	if len(t.Flags) > 0 {
		t.State = model.StateNeedsReview
	}
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		var state string
		var rev int64
		err := s.queryRow(ctx, tx, `SELECT state, revision FROM translations WHERE article_id = ? AND lang = ?`, t.ArticleID, t.Lang).Scan(&state, &rev)
		if err != nil && translateErr(err) != ErrNotFound {
			return err
		}
		if state == model.StateApproved {
			p, _ := json.Marshal(t)
			t.State, t.Revision = model.StateApproved, rev
			_, err := s.exec(ctx, tx, `UPDATE translations SET proposed = ?, stale = 0, error = '' WHERE article_id = ? AND lang = ?`, string(p), t.ArticleID, t.Lang)
			return err
		}
		t.Revision = rev + 1
		_, err = s.exec(ctx, tx, `INSERT INTO translations (article_id, lang, title, lead, byline, category, blocks, segments, flags, flag_count, route, engine, glossary_version, stale, error, state, severity, revision, created_at, updated_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 0, '', ?, ?, ?, ?, ?)
		ON CONFLICT (article_id, lang) DO UPDATE SET title = excluded.title, lead = excluded.lead, byline = excluded.byline, category = excluded.category,
		blocks = excluded.blocks, segments = excluded.segments, flags = excluded.flags, flag_count = excluded.flag_count, route = excluded.route,
		engine = excluded.engine, glossary_version = excluded.glossary_version, stale = 0, error = '', state = excluded.state,
		severity = excluded.severity, revision = excluded.revision, proposed = '', updated_at = excluded.updated_at`,
			t.ArticleID, t.Lang, t.Title, t.Lead, t.Byline, t.Category, string(blocks), string(segs), string(flags), len(t.Flags), t.Route, t.Engine,
			t.GlossaryVersion, t.State, model.Severity(t.Flags), t.Revision, ms(t.CreatedAt), ms(t.UpdatedAt))
		return err
	})
	if err != nil {
		return fmt.Errorf("store: unable to save translation of article %d into %s: %w", t.ArticleID, t.Lang, err)
	}
	return nil
}

// UpdateTranslation stores an editor's change to a translation read at
// revision t.Revision: its text, segments, flags and state. When the
// translation was saved since, nothing is written and the error is
// EConflict. On success t.Revision is the new revision.
func (s *Store) UpdateTranslation(ctx context.Context, t *model.Translation) error {
	blocks, _ := json.Marshal(nonNil(t.Blocks))
	segs, _ := json.Marshal(nonNil(t.Segments))
	flags, _ := json.Marshal(nonNil(t.Flags))
	t.UpdatedAt = s.Now().UTC()
	r, err := s.exec(ctx, s.DB, `UPDATE translations SET title = ?, lead = ?, category = ?, blocks = ?, segments = ?, flags = ?, flag_count = ?,
		state = ?, severity = ?, approved_by = ?, revision = revision + 1, updated_at = ? WHERE article_id = ? AND lang = ? AND revision = ?`,
		t.Title, t.Lead, t.Category, string(blocks), string(segs), string(flags), len(t.Flags), t.State, model.Severity(t.Flags), t.ApprovedBy,
		ms(t.UpdatedAt), t.ArticleID, t.Lang, t.Revision)
	if err != nil {
		return fmt.Errorf("store: unable to update translation of article %d into %s: %w", t.ArticleID, t.Lang, err)
	}
	if n, _ := r.RowsAffected(); n == 0 {
		return model.Errorf(model.EConflict, "the translation of article %d into %s was changed by someone else; reload it", t.ArticleID, t.Lang)
	}
	t.Revision++
	return nil
}

// Proposal returns the re-translation kept beside an approved translation
// (nil when there is none).
func (s *Store) Proposal(ctx context.Context, articleID int64, lang string) (*model.Translation, error) {
	var p string
	if err := s.queryRow(ctx, s.DB, `SELECT proposed FROM translations WHERE article_id = ? AND lang = ?`, articleID, lang).Scan(&p); err != nil {
		return nil, translateErr(err)
	}
	if p == "" {
		return nil, nil
	}
	var t model.Translation
	if err := json.Unmarshal([]byte(p), &t); err != nil {
		return nil, fmt.Errorf("store: unreadable proposal for article %d in %s: %w", articleID, lang, err)
	}
	return &t, nil
}

// TranslationsWithSentence lists the translations into lang of articles
// written in from whose segments have source as one sentence's source.
func (s *Store) TranslationsWithSentence(ctx context.Context, from, lang, source string) ([]int64, error) {
	q, _ := json.Marshal(source) // the sentence as it is stored in segments' JSON
	needle := likeEscape(`"source":` + string(q))
	out, err := column[int64](ctx, s, s.DB, `SELECT t.article_id FROM translations t JOIN articles a ON a.id = t.article_id
		WHERE t.lang = ? AND a.language = ? AND t.segments LIKE ? ESCAPE '\' ORDER BY t.article_id`, lang, from, "%"+needle+"%")
	if err != nil {
		return nil, fmt.Errorf("store: unable to find the sentence's translations: %w", err)
	}
	return out, nil
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

const translationCols = `article_id, lang, title, lead, byline, category, blocks, segments, flags, route, engine, glossary_version, stale, error, state, revision, approved_by, created_at, updated_at`

func scanTranslation(sc interface{ Scan(...any) error }) (*model.Translation, string, error) {
	var t model.Translation
	var blocks, segs, flags, errMsg string
	var stale int
	var created, updated int64
	if err := sc.Scan(&t.ArticleID, &t.Lang, &t.Title, &t.Lead, &t.Byline, &t.Category, &blocks, &segs, &flags, &t.Route, &t.Engine, &t.GlossaryVersion, &stale, &errMsg, &t.State, &t.Revision, &t.ApprovedBy, &created, &updated); err != nil {
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

// likeEscape escapes s for a LIKE pattern with ESCAPE '\'.
func likeEscape(s string) string {
	return strings.NewReplacer(`\`, `\\`, `%`, `\%`, `_`, `\_`).Replace(s)
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
	State     string
	Severity  int
	UpdatedAt time.Time
}

// StateToTranslate is the state, in the review queue's filter, of the
// translations the editors supply by hand: into a language no engine
// reaches from the article's, missing or not yet complete (see
// WithoutTranslation).
const StateToTranslate = "to_translate"

// ArticleLanguages lists the languages of the extracted articles.
func (s *Store) ArticleLanguages(ctx context.Context) ([]string, error) {
	out, err := column[string](ctx, s, s.DB, `SELECT DISTINCT language FROM articles WHERE language <> '' AND title <> '' ORDER BY language`)
	if err != nil {
		return nil, fmt.Errorf("store: unable to list the articles' languages: %w", err)
	}
	return out, nil
}

// WithoutTranslation lists the extracted articles in language from that
// have no translation into lang, or only an empty one (a failure) or an
// editor-supplied one not yet complete, the most recent first. The rows'
// State is StateToTranslate.
func (s *Store) WithoutTranslation(ctx context.Context, from, lang string, limit int) ([]TranslationRow, error) {
	rows, err := s.query(ctx, s.DB, `SELECT a.id, a.title, a.updated_at FROM articles a
		LEFT JOIN translations t ON t.article_id = a.id AND t.lang = ?
		WHERE a.language = ? AND a.title <> '' AND (t.article_id IS NULL OR t.segments = '[]'
			OR (t.engine = 'editor' AND t.route = 'editor' AND t.state = 'needs_review'))
		ORDER BY a.updated_at DESC, a.id LIMIT ?`, lang, from, limit)
	if err != nil {
		return nil, fmt.Errorf("store: unable to list the articles without a translation into %s: %w", lang, err)
	}
	defer rows.Close()
	var out []TranslationRow
	for rows.Next() {
		r := TranslationRow{Lang: lang, State: StateToTranslate}
		var at int64
		if err := rows.Scan(&r.ArticleID, &r.Title, &at); err != nil {
			return nil, err
		}
		r.UpdatedAt = fromMS(at)
		out = append(out, r)
	}
	return out, rows.Err()
}

// ReviewFilter selects the review queue: by target language, flag kind,
// source and state ("" = the translations needing attention: flagged or
// failed). Offset and Limit page.
type ReviewFilter struct {
	Lang     string
	Kind     string
	SourceID int64
	State    string
	Offset   int
	Limit    int
}

// join brings in the article only when the filter needs its source: a
// translation always has its article (a foreign key), and without the
// join the queue is read from the translations' partial indexes alone.
func (f ReviewFilter) join() string {
	if f.SourceID != 0 {
		return ` JOIN articles a ON a.id = t.article_id`
	}
	return ""
}

func (f ReviewFilter) where() (string, []any) {
	w := ` WHERE 1 = 1`
	var args []any
	switch f.State {
	case "":
		// As written in the partial indexes of migration 5.
		w += ` AND (t.state = 'needs_review' OR t.error <> '')`
	default:
		w += ` AND t.state = ?`
		args = append(args, f.State)
	}
	if f.Lang != "" {
		w += ` AND t.lang = ?`
		args = append(args, f.Lang)
	}
	if f.Kind != "" {
		kind, _ := json.Marshal(f.Kind)
		w += ` AND t.flags LIKE ? ESCAPE '\'`
		args = append(args, "%"+likeEscape(`"kind":`+string(kind))+"%")
	}
	if f.SourceID != 0 {
		w += ` AND a.source_id = ?`
		args = append(args, f.SourceID)
	}
	return w, args
}

// ReviewQueue lists the translations the filter selects, the most severe
// first, then the most recent.
func (s *Store) ReviewQueue(ctx context.Context, f ReviewFilter) ([]TranslationRow, error) {
	w, args := f.where()
	if f.Limit <= 0 {
		f.Limit = 50
	}
	args = append(args, f.Limit, max(f.Offset, 0))
	rows, err := s.query(ctx, s.DB, `SELECT t.article_id, t.lang, t.title, t.flag_count, t.flags, t.error, t.stale, t.state, t.severity, t.updated_at
		FROM translations t`+f.join()+w+`
		ORDER BY CASE WHEN t.error <> '' THEN 1 ELSE 0 END DESC, t.severity DESC, t.updated_at DESC, t.article_id LIMIT ? OFFSET ?`, args...)
	if err != nil {
		return nil, fmt.Errorf("store: unable to list the review queue: %w", err)
	}
	defer rows.Close()
	var out []TranslationRow
	for rows.Next() {
		var r TranslationRow
		var flags string
		var stale int
		var at int64
		if err := rows.Scan(&r.ArticleID, &r.Lang, &r.Title, &r.FlagCount, &flags, &r.Error, &stale, &r.State, &r.Severity, &at); err != nil {
			return nil, err
		}
		r.Stale = stale != 0
		r.UpdatedAt = fromMS(at)
		_ = json.Unmarshal([]byte(flags), &r.Flags)
		out = append(out, r)
	}
	return out, rows.Err()
}

// ReviewCounts counts the review queue per target language (the filter's
// Lang, Offset and Limit are ignored).
func (s *Store) ReviewCounts(ctx context.Context, f ReviewFilter) (map[string]int, error) {
	f.Lang = ""
	w, args := f.where()
	rows, err := s.query(ctx, s.DB, `SELECT t.lang, COUNT(*) FROM translations t`+f.join()+w+` GROUP BY t.lang`, args...)
	if err != nil {
		return nil, fmt.Errorf("store: unable to count the review queue: %w", err)
	}
	defer rows.Close()
	out := map[string]int{}
	for rows.Next() {
		var l string
		var n int
		if err := rows.Scan(&l, &n); err != nil {
			return nil, err
		}
		out[l] = n
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
// reports whether this is the first publication. The publication's slug
// follows its title (see syncSlug): a changed title changes it, and the
// old one is kept to redirect from.
func (s *Store) Publish(ctx context.Context, articleID int64, lang string) (created bool, err error) {
	now := ms(s.Now())
	err = s.inTx(ctx, func(tx *sql.Tx) error {
		r, err := s.exec(ctx, tx, `INSERT INTO publications (article_id, lang, published_at, updated_at) VALUES (?, ?, ?, ?)
		ON CONFLICT (article_id, lang) DO NOTHING`, articleID, lang, now, now)
		if err != nil {
			return err
		}
		if n, _ := r.RowsAffected(); n == 1 {
			created = true
		} else if _, err := s.exec(ctx, tx, `UPDATE publications SET updated_at = ? WHERE article_id = ? AND lang = ?`, now, articleID, lang); err != nil {
			return err
		}
		_, err = s.syncSlug(ctx, tx, articleID, lang, now)
		return err
	})
	if err != nil {
		return false, fmt.Errorf("store: unable to publish article %d in %s: %w", articleID, lang, err)
	}
	return created, nil
}

// Unpublish removes an article from the site in lang ("" = every
// language). Its slugs are kept in the history, so that a later
// publication under another title still answers the old URLs.
func (s *Store) Unpublish(ctx context.Context, articleID int64, lang string) error {
	now := ms(s.Now())
	return s.inTx(ctx, func(tx *sql.Tx) error {
		q, args := ` FROM publications WHERE article_id = ?`, []any{articleID}
		if lang != "" {
			q += ` AND lang = ?`
			args = append(args, lang)
		}
		rows, err := s.query(ctx, tx, `SELECT lang, slug`+q+` AND slug <> ''`, args...)
		if err != nil {
			return err
		}
		var kept [][2]string
		for rows.Next() {
			var l, sl string
			if err := rows.Scan(&l, &sl); err != nil {
				rows.Close()
				return err
			}
			kept = append(kept, [2]string{l, sl})
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return err
		}
		if _, err := s.exec(ctx, tx, `DELETE`+q, args...); err != nil {
			return err
		}
		for _, k := range kept {
			if err := s.keepSlug(ctx, tx, articleID, k[0], k[1], now); err != nil {
				return err
			}
		}
		return nil
	})
}

// Publications lists every publication: an article and a language (the
// Change's Slug and UpdatedAt are left empty).
func (s *Store) Publications(ctx context.Context) ([]Change, error) {
	rows, err := s.query(ctx, s.DB, `SELECT article_id, lang FROM publications`)
	if err != nil {
		return nil, fmt.Errorf("store: unable to list publications: %w", err)
	}
	defer rows.Close()
	var out []Change
	for rows.Next() {
		var c Change
		if err := rows.Scan(&c.ArticleID, &c.Lang); err != nil {
			return nil, err
		}
		out = append(out, c)
	}
	return out, rows.Err()
}

// PublishedLangs lists the languages an article is published in.
func (s *Store) PublishedLangs(ctx context.Context, articleID int64) ([]string, error) {
	return column[string](ctx, s, s.DB, `SELECT lang FROM publications WHERE article_id = ? ORDER BY lang`, articleID)
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

// TouchPublication marks a publication as changed (its comments, an
// editor's edit) so that web nodes re-render it; its slug follows its
// title, as in Publish.
func (s *Store) TouchPublication(ctx context.Context, articleID int64, lang string) error {
	now := ms(s.Now())
	return s.inTx(ctx, func(tx *sql.Tx) error {
		r, err := s.exec(ctx, tx, `UPDATE publications SET updated_at = ? WHERE article_id = ? AND lang = ?`, now, articleID, lang)
		if err != nil {
			return err
		}
		if n, _ := r.RowsAffected(); n == 0 {
			return nil
		}
		_, err = s.syncSlug(ctx, tx, articleID, lang, now)
		return err
	})
}

// PublicationCount counts the publications, all languages together. Web
// nodes compare it between two follows: an unpublished article leaves no
// row for ChangesSince to return, only a smaller count.
func (s *Store) PublicationCount(ctx context.Context) (int64, error) {
	var n int64
	err := s.queryRow(ctx, s.DB, `SELECT COUNT(*) FROM publications`).Scan(&n)
	return n, translateErr(err)
}
