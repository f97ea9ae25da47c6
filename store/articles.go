package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"strconv"

	"newsbridge/model"
)

const articleCols = `id, source_id, url, slug, title, lead, byline, published_at, updated_src_at, language, category, body_text, blocks, image, status, error, created_at, updated_at`

func scanArticle(sc interface{ Scan(...any) error }) (*model.Article, error) {
	var a model.Article
	var pub, upd, created, updated int64
	var blocks string
	err := sc.Scan(&a.ID, &a.SourceID, &a.URL, &a.Slug, &a.Title, &a.Lead, &a.Byline, &pub, &upd, &a.Language, &a.Category, &a.Text, &blocks, &a.Image, &a.Status, &a.Error, &created, &updated)
	if err != nil {
		return nil, translateErr(err)
	}
	a.Published, a.Updated, a.CreatedAt, a.UpdatedAt = fromMS(pub), fromMS(upd), fromMS(created), fromMS(updated)
	if err := json.Unmarshal([]byte(blocks), &a.Blocks); err != nil {
		return nil, fmt.Errorf("store: article %d has unreadable blocks: %w", a.ID, err)
	}
	return &a, nil
}

// AddArticle records an article URL found in a source's feed. created is
// false when the URL was already known (de-duplication by canonical URL).
func (s *Store) AddArticle(ctx context.Context, sourceID int64, url string) (id int64, created bool, err error) {
	id, _, created, err = s.AddArticleStatus(ctx, sourceID, url)
	return id, created, err
}

// AddArticleStatus is AddArticle that also returns the article's status, so
// that an article recorded by a poll that died before queueing its fetch is
// fetched by the next poll.
func (s *Store) AddArticleStatus(ctx context.Context, sourceID int64, url string) (id int64, status string, created bool, err error) {
	now := ms(s.Now())
	err = s.queryRow(ctx, s.DB, `INSERT INTO articles (source_id, url, created_at, updated_at) VALUES (?, ?, ?, ?)
		ON CONFLICT (url) DO NOTHING RETURNING id`, sourceID, url, now, now).Scan(&id)
	if err == nil {
		return id, model.ArticleNew, true, nil
	}
	if translateErr(err) != ErrNotFound {
		return 0, "", false, fmt.Errorf("store: unable to add article: %w", err)
	}
	err = s.queryRow(ctx, s.DB, `SELECT id, status FROM articles WHERE url = ?`, url).Scan(&id, &status)
	if err != nil {
		return 0, "", false, fmt.Errorf("store: unable to add article: %w", translateErr(err))
	}
	return id, status, false, nil
}

// Article returns one article (without its raw HTML).
func (s *Store) Article(ctx context.Context, id int64) (*model.Article, error) {
	a, err := scanArticle(s.queryRow(ctx, s.DB, `SELECT `+articleCols+` FROM articles WHERE id = ?`, id))
	if err == ErrNotFound {
		return nil, model.Errorf(model.ENotFound, "article %d not found", id)
	}
	return a, err
}

// ArticleFilter selects articles for listing.
type ArticleFilter struct {
	SourceID int64
	Status   string
	Limit    int
}

// Articles lists articles, newest first.
func (s *Store) Articles(ctx context.Context, f ArticleFilter) ([]model.Article, error) {
	q := `SELECT ` + articleCols + ` FROM articles WHERE 1 = 1`
	var args []any
	if f.SourceID != 0 {
		q += ` AND source_id = ?`
		args = append(args, f.SourceID)
	}
	if f.Status != "" {
		q += ` AND status = ?`
		args = append(args, f.Status)
	}
	q += ` ORDER BY id DESC`
	if f.Limit > 0 {
		q += ` LIMIT ` + strconv.Itoa(f.Limit)
	}
	rows, err := s.query(ctx, s.DB, q, args...)
	if err != nil {
		return nil, fmt.Errorf("store: unable to list articles: %w", err)
	}
	defer rows.Close()
	var out []model.Article
	for rows.Next() {
		a, err := scanArticle(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, *a)
	}
	return out, rows.Err()
}

// SaveRaw stores the fetched HTML of an article.
func (s *Store) SaveRaw(ctx context.Context, id int64, body []byte, contentType string) error {
	_, err := s.exec(ctx, s.DB, `UPDATE articles SET raw_html = ?, raw_content_type = ?, status = ?, error = '', updated_at = ? WHERE id = ?`,
		body, contentType, model.ArticleFetched, ms(s.Now()), id)
	if err != nil {
		return fmt.Errorf("store: unable to save article %d: %w", id, err)
	}
	return nil
}

// Raw returns the fetched HTML of an article.
func (s *Store) Raw(ctx context.Context, id int64) (body []byte, contentType string, err error) {
	err = s.queryRow(ctx, s.DB, `SELECT raw_html, raw_content_type FROM articles WHERE id = ?`, id).Scan(&body, &contentType)
	if err != nil {
		return nil, "", fmt.Errorf("store: unable to read article %d: %w", id, translateErr(err))
	}
	return body, contentType, nil
}

// SaveExtracted stores an article's extracted content and makes it ready to
// translate. The canonical URL found in the page is not used as the key: the
// feed's URL stays the de-duplication key. The raw HTML is dropped: once the
// structure is stored nothing reads it again, and keeping up to 10 MiB per
// article forever would grow the database without bound.
func (s *Store) SaveExtracted(ctx context.Context, a *model.Article) error {
	blocks, err := json.Marshal(a.Blocks)
	if err != nil {
		return fmt.Errorf("store: unable to encode blocks: %w", err)
	}
	if a.Blocks == nil {
		blocks = []byte("[]")
	}
	a.Slug = ArticleSlug(a.ID, a.Language, a.Title)
	catSlug := CategorySlug(a.Category)
	err = s.inTx(ctx, func(tx *sql.Tx) error {
		var old string
		if err := s.queryRow(ctx, tx, `SELECT slug FROM articles WHERE id = ?`, a.ID).Scan(&old); err != nil {
			return translateErr(err)
		}
		// The section comes from the outlet's mapping of its categories.
		src := &model.Source{}
		if err := s.queryRow(ctx, tx, `SELECT s.id, s.name, s.feed_url FROM articles a JOIN sources s ON s.id = a.source_id WHERE a.id = ?`, a.ID).
			Scan(&src.ID, &src.Name, &src.FeedURL); err != nil {
			return translateErr(err)
		}
		m, err := s.sourceSections(ctx, tx, src)
		if err != nil {
			return err
		}
		_, err = s.exec(ctx, tx, `UPDATE articles SET slug = ?, title = ?, lead = ?, byline = ?, published_at = ?, updated_src_at = ?, language = ?,
			category = ?, category_slug = ?, section = ?, body_text = ?, blocks = ?, image = ?, status = ?, error = '', updated_at = ?,
			raw_html = NULL, raw_content_type = '' WHERE id = ?`,
			a.Slug, a.Title, a.Lead, a.Byline, ms(a.Published), ms(a.Updated), a.Language, a.Category, catSlug, s.resolve(m, catSlug), a.Text, string(blocks), a.Image,
			model.ArticleExtracted, ms(s.Now()), a.ID)
		if err != nil {
			return err
		}
		if _, err := s.saveAuthors(ctx, tx, a.ID, a.Byline, a.Language); err != nil {
			return err
		}
		if old == "" || old == a.Slug {
			return nil
		}
		// A new title: the old source slug keeps answering, in every
		// language.
		if err := s.keepSlug(ctx, tx, a.ID, "", old, ms(s.Now())); err != nil {
			return err
		}
		_, err = s.exec(ctx, tx, `DELETE FROM slug_history WHERE lang = '' AND slug = ?`, a.Slug)
		return err
	})
	if err != nil {
		return fmt.Errorf("store: unable to save article %d: %w", a.ID, err)
	}
	a.Status = model.ArticleExtracted
	return nil
}

// SetArticleError records a problem with an article. failed marks it as
// unable to go on (e.g. not an article) and drops its raw HTML, which
// nothing will read again; otherwise the status is kept.
func (s *Store) SetArticleError(ctx context.Context, id int64, msg string, failed bool) error {
	q := `UPDATE articles SET error = ?, updated_at = ? WHERE id = ?`
	args := []any{msg, ms(s.Now()), id}
	if failed {
		q = `UPDATE articles SET error = ?, updated_at = ?, status = 'failed', raw_html = NULL, raw_content_type = '' WHERE id = ?`
	}
	_, err := s.exec(ctx, s.DB, q, args...)
	return err
}

// Slugify is model.Slugify for a name whose language is not known
// (categories).
func Slugify(title string, max int) string { return model.Slugify("", title, max) }
