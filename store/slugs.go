package store

import (
	"context"
	"database/sql"
	"fmt"
	"strconv"
	"strings"

	"newsbridge/model"
)

// Slugs. Every publication (article, lang) has its own slug, kept in
// publications.slug: in the article's own language the source slug
// (articles.slug, from the original title), elsewhere the article's id and
// the translated title (model.Slugify in that language), "42" when the
// title gives nothing. A slug that changes (an editor's new title, a
// re-translation, a re-extraction) goes to slug_history, so that every
// earlier URL still finds the article: Story answers it with the current
// slug, and the site redirects. A source slug replaced by a re-extraction
// is kept under the empty lang (valid in every language).

// slugMax is the longest slug after the id, in bytes.
const slugMax = 80

// ArticleSlug is the slug of an article (or of one of its translations):
// its id, then the title made a slug in lang.
func ArticleSlug(id int64, lang, title string) string {
	out := strconv.FormatInt(id, 10)
	if sl := model.Slugify(lang, title, slugMax); sl != "" {
		out += "-" + sl
	}
	return out
}

// wantSlug computes the slug the publication (articleID, lang) should
// have now.
func (s *Store) wantSlug(ctx context.Context, db querier, articleID int64, lang string) (want, current string, err error) {
	var srcLang, srcSlug, tTitle string
	err = s.queryRow(ctx, db, `SELECT a.language, a.slug, COALESCE(t.title, ''), p.slug FROM publications p
		JOIN articles a ON a.id = p.article_id
		LEFT JOIN translations t ON t.article_id = p.article_id AND t.lang = p.lang
		WHERE p.article_id = ? AND p.lang = ?`, articleID, lang).Scan(&srcLang, &srcSlug, &tTitle, &current)
	if err != nil {
		return "", "", translateErr(err)
	}
	switch {
	case lang == srcLang && srcSlug != "":
		want = srcSlug
	case lang == srcLang:
		want = strconv.FormatInt(articleID, 10)
	default:
		want = ArticleSlug(articleID, lang, tTitle)
	}
	return want, current, nil
}

// syncSlug gives the publication (articleID, lang) the slug its title
// makes now, keeping the one it replaces in the history. It reports
// whether the slug changed.
func (s *Store) syncSlug(ctx context.Context, db querier, articleID int64, lang string, now int64) (bool, error) {
	want, current, err := s.wantSlug(ctx, db, articleID, lang)
	if err != nil || want == current {
		return false, err
	}
	if current != "" {
		if err := s.keepSlug(ctx, db, articleID, lang, current, now); err != nil {
			return false, err
		}
	}
	// The slug in use is no earlier slug of anything.
	if _, err := s.exec(ctx, db, `DELETE FROM slug_history WHERE lang = ? AND slug = ?`, lang, want); err != nil {
		return false, err
	}
	if _, err := s.exec(ctx, db, `UPDATE publications SET slug = ? WHERE article_id = ? AND lang = ?`, want, articleID, lang); err != nil {
		return false, err
	}
	return true, nil
}

// keepSlug records an earlier slug of an article in lang (the empty lang: a source
// slug, valid in every language).
func (s *Store) keepSlug(ctx context.Context, db querier, articleID int64, lang, slug string, now int64) error {
	_, err := s.exec(ctx, db, `INSERT INTO slug_history (article_id, lang, slug, replaced_at) VALUES (?, ?, ?, ?)
		ON CONFLICT (lang, slug) DO UPDATE SET article_id = excluded.article_id, replaced_at = excluded.replaced_at`,
		articleID, lang, slug, now)
	return err
}

// resolveSlug finds the article a slug that is not current in lang
// names: every slug starts with the article's id, and any slug the
// article has or had in any language (its source slugs included), or the
// bare id, finds it. found is false when none matches.
func (s *Store) resolveSlug(ctx context.Context, slug string) (id int64, found bool, err error) {
	head, _, _ := strings.Cut(slug, "-")
	id, err = strconv.ParseInt(head, 10, 64)
	if err != nil || id <= 0 || strconv.FormatInt(id, 10) != head {
		return 0, false, nil
	}
	if head == slug {
		return id, true, nil
	}
	var one int
	err = s.queryRow(ctx, s.DB, `SELECT 1 FROM articles WHERE id = ? AND slug = ?
		UNION ALL SELECT 1 FROM publications WHERE article_id = ? AND slug = ?
		UNION ALL SELECT 1 FROM slug_history WHERE article_id = ? AND slug = ?`, id, slug, id, slug, id, slug).Scan(&one)
	switch translateErr(err) {
	case nil:
		return id, true, nil
	case ErrNotFound:
		return 0, false, nil
	default:
		return 0, false, translateErr(err)
	}
}

// PublicationSlug returns the slug of an article's page in lang; the
// error's code is model.ENotFound when it is not published there.
func (s *Store) PublicationSlug(ctx context.Context, articleID int64, lang string) (string, error) {
	var slug string
	err := s.queryRow(ctx, s.DB, `SELECT `+pubSlug+` FROM publications p JOIN articles a ON a.id = p.article_id
		WHERE p.article_id = ? AND p.lang = ?`, articleID, lang).Scan(&slug)
	if translateErr(err) == ErrNotFound {
		return "", model.Errorf(model.ENotFound, "article %d is not published in %s", articleID, lang)
	}
	return slug, translateErr(err)
}

// pubSlug is a publication's slug in a query joining publications p and
// articles a: a row written before slugs were per language has none yet.
const pubSlug = `CASE WHEN p.slug = '' THEN a.slug ELSE p.slug END`

// SlugHistory lists an article's earlier slugs in lang, the source slugs
// (under the empty lang) included, most recently replaced first.
func (s *Store) SlugHistory(ctx context.Context, articleID int64, lang string) ([]string, error) {
	return column[string](ctx, s, s.DB, `SELECT slug FROM slug_history WHERE article_id = ? AND lang IN (?, '')
		ORDER BY replaced_at DESC, slug`, articleID, lang)
}

// PublishedSlugsOf lists, for each article, the languages it is published
// in with its slug in each.
func (s *Store) PublishedSlugsOf(ctx context.Context, articleIDs []int64) (map[int64]map[string]string, error) {
	out := make(map[int64]map[string]string, len(articleIDs))
	for start := 0; start < len(articleIDs); start += idBatch {
		in, args := idList(articleIDs[start:min(start+idBatch, len(articleIDs))])
		rows, err := s.query(ctx, s.DB, `SELECT p.article_id, p.lang, `+pubSlug+` FROM publications p JOIN articles a ON a.id = p.article_id
			WHERE p.article_id IN (`+in+`) ORDER BY p.article_id, p.lang`, args...)
		if err != nil {
			return nil, fmt.Errorf("store: unable to list the slugs: %w", err)
		}
		for rows.Next() {
			var id int64
			var lang, slug string
			if err := rows.Scan(&id, &lang, &slug); err != nil {
				rows.Close()
				return nil, err
			}
			if out[id] == nil {
				out[id] = map[string]string{}
			}
			out[id][lang] = slug
		}
		err = rows.Err()
		rows.Close()
		if err != nil {
			return nil, err
		}
	}
	return out, nil
}

// fillSlugs gives their own slug to the publications written before slugs
// were per language (Migrate runs it), and brings the category slugs to
// model.Slugify's folding. A changed publication is marked updated, so
// that web nodes reindex and republish it; its old URL (the source slug)
// keeps answering, redirected.
func (s *Store) fillSlugs(ctx context.Context) error {
	type key struct {
		id   int64
		lang string
	}
	var todo []key
	rows, err := s.query(ctx, s.DB, `SELECT article_id, lang FROM publications WHERE slug = ''`)
	if err != nil {
		return fmt.Errorf("store: unable to list publications without a slug: %w", err)
	}
	for rows.Next() {
		var k key
		if err := rows.Scan(&k.id, &k.lang); err != nil {
			rows.Close()
			return err
		}
		todo = append(todo, k)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return err
	}
	if err := s.refoldCategories(ctx); err != nil {
		return err
	}
	now := ms(s.Now())
	for start := 0; start < len(todo); start += idBatch {
		err := s.inTx(ctx, func(tx *sql.Tx) error {
			for _, k := range todo[start:min(start+idBatch, len(todo))] {
				changed, err := s.syncSlug(ctx, tx, k.id, k.lang, now)
				if err != nil {
					return err
				}
				if changed {
					if _, err := s.exec(ctx, tx, `UPDATE publications SET updated_at = ? WHERE article_id = ? AND lang = ?`, now, k.id, k.lang); err != nil {
						return err
					}
				}
			}
			return nil
		})
		if err != nil {
			return fmt.Errorf("store: unable to fill the slugs: %w", err)
		}
	}
	return nil
}

// refoldCategories rewrites the category slugs an older folding made
// (non-ASCII letters were kept), so that an outlet's old and new articles
// stay in one category.
func (s *Store) refoldCategories(ctx context.Context) error {
	rows, err := s.query(ctx, s.DB, `SELECT DISTINCT category, category_slug FROM articles WHERE category <> ''`)
	if err != nil {
		return fmt.Errorf("store: unable to list the categories: %w", err)
	}
	type cat struct{ name, slug string }
	var stale []cat
	for rows.Next() {
		var c cat
		if err := rows.Scan(&c.name, &c.slug); err != nil {
			rows.Close()
			return err
		}
		if CategorySlug(c.name) != c.slug {
			stale = append(stale, c)
		}
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return err
	}
	for _, c := range stale {
		if _, err := s.exec(ctx, s.DB, `UPDATE articles SET category_slug = ? WHERE category = ? AND category_slug = ?`, CategorySlug(c.name), c.name, c.slug); err != nil {
			return fmt.Errorf("store: unable to update category %q: %w", c.name, err)
		}
	}
	return nil
}
