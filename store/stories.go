package store

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"

	"newsbridge/model"
)

const storySelect = `SELECT a.id, p.lang, a.slug, a.title, a.lead, a.byline, a.category, a.category_slug, a.image,
	a.published_at, p.published_at, p.updated_at, a.language, src.name, src.site_url, a.url,
	COALESCE(t.title, ''), COALESCE(t.lead, ''), COALESCE(t.category, ''), COALESCE(t.route, ''), COALESCE(t.engine, ''),
	(SELECT COUNT(*) FROM comments c WHERE c.article_id = a.id AND c.lang = p.lang AND c.status = 'approved')`

// storyReview is the columns that fill Story.Approved and Story.Edited
// (an editor's segment carries "editor" in the segments' JSON).
const storyReview = `, CASE WHEN COALESCE(t.approved_by, '') <> '' THEN 1 ELSE 0 END, CASE WHEN t.segments LIKE '%"editor":"%' THEN 1 ELSE 0 END`

const storyFrom = ` FROM publications p
	JOIN articles a ON a.id = p.article_id
	JOIN sources src ON src.id = a.source_id
	LEFT JOIN translations t ON t.article_id = a.id AND t.lang = p.lang`

// scanStory scans storySelect's columns, then extra.
func scanStory(sc interface{ Scan(...any) error }, extra ...any) (*model.Story, error) {
	var r model.Story
	var aPub, pPub, pUpd int64
	var tTitle, tLead, tCat string
	err := sc.Scan(append([]any{&r.ArticleID, &r.Lang, &r.Slug, &r.Title, &r.Lead, &r.Byline, &r.Category.Name, &r.Category.Slug, &r.Image,
		&aPub, &pPub, &pUpd, &r.SourceLang, &r.SourceName, &r.SourceSiteURL, &r.OriginalURL,
		&tTitle, &tLead, &tCat, &r.Route, &r.Engine, &r.CommentCount}, extra...)...)
	if err != nil {
		return nil, translateErr(err)
	}
	r.Published, r.Updated = fromMS(aPub), fromMS(pUpd)
	if r.Published.IsZero() {
		r.Published = fromMS(pPub)
	}
	if r.Lang != r.SourceLang {
		r.Translated = true
		r.Title, r.Lead = tTitle, tLead
		if tCat != "" {
			r.Category.Name = tCat
		}
	}
	return &r, nil
}

// Stories lists the stories published in lang, newest first, optionally in
// one category (by slug), with the total count.
func (s *Store) Stories(ctx context.Context, lang, categorySlug string, offset, limit int) ([]model.Story, int, error) {
	where := ` WHERE p.lang = ?`
	args := []any{lang}
	if categorySlug != "" {
		where += ` AND a.category_slug = ?`
		args = append(args, categorySlug)
	}
	var total int
	if err := s.queryRow(ctx, s.DB, `SELECT COUNT(*)`+storyFrom+where, args...).Scan(&total); err != nil {
		return nil, 0, fmt.Errorf("store: unable to count stories: %w", translateErr(err))
	}
	rows, err := s.query(ctx, s.DB, storySelect+storyFrom+where+
		` ORDER BY CASE WHEN a.published_at = 0 THEN p.published_at ELSE a.published_at END DESC, a.id DESC LIMIT ? OFFSET ?`,
		append(args, limit, offset)...)
	if err != nil {
		return nil, 0, fmt.Errorf("store: unable to list stories: %w", err)
	}
	defer rows.Close()
	var out []model.Story
	for rows.Next() {
		r, err := scanStory(rows)
		if err != nil {
			return nil, 0, err
		}
		out = append(out, *r)
	}
	return out, total, rows.Err()
}

// Story returns one published story with its blocks.
func (s *Store) Story(ctx context.Context, lang, slug string) (*model.Story, error) {
	var approved, edited int
	r, err := scanStory(s.queryRow(ctx, s.DB, storySelect+storyReview+storyFrom+` WHERE p.lang = ? AND a.slug = ?`, lang, slug), &approved, &edited)
	if err == ErrNotFound {
		return nil, model.Errorf(model.ENotFound, "no story %q in %s", slug, lang)
	}
	if err != nil {
		return nil, err
	}
	r.Approved, r.Edited = r.Translated && approved == 1, r.Translated && edited == 1
	var blocks string
	q := `SELECT blocks FROM articles WHERE id = ?`
	args := []any{r.ArticleID}
	if r.Translated {
		q = `SELECT blocks FROM translations WHERE article_id = ? AND lang = ?`
		args = append(args, lang)
	}
	if err := s.queryRow(ctx, s.DB, q, args...).Scan(&blocks); err != nil {
		return nil, fmt.Errorf("store: unable to read story %s: %w", slug, translateErr(err))
	}
	if err := json.Unmarshal([]byte(blocks), &r.Blocks); err != nil {
		return nil, fmt.Errorf("store: story %s has unreadable blocks: %w", slug, err)
	}
	return r, nil
}

// Categories lists the categories with stories published in lang, largest first.
func (s *Store) Categories(ctx context.Context, lang string) ([]model.Category, error) {
	rows, err := s.query(ctx, s.DB, `SELECT a.category_slug, MAX(CASE WHEN a.language = p.lang OR t.category IS NULL OR t.category = '' THEN a.category ELSE t.category END), COUNT(*)`+storyFrom+
		` WHERE p.lang = ? AND a.category_slug <> '' GROUP BY a.category_slug ORDER BY COUNT(*) DESC, a.category_slug`, lang)
	if err != nil {
		return nil, fmt.Errorf("store: unable to list categories: %w", err)
	}
	defer rows.Close()
	var out []model.Category
	for rows.Next() {
		var c model.Category
		if err := rows.Scan(&c.Slug, &c.Name, &c.Count); err != nil {
			return nil, err
		}
		out = append(out, c)
	}
	return out, rows.Err()
}

// StoriesOf returns the published stories of the given publications, with
// their blocks, in one query per 500 articles; a publication no longer
// published is left out.
func (s *Store) StoriesOf(ctx context.Context, pubs []Change) ([]model.Story, error) {
	want := make(map[Change]bool, len(pubs))
	var ids []int64
	seen := map[int64]bool{}
	for _, c := range pubs {
		want[Change{ArticleID: c.ArticleID, Lang: c.Lang}] = true
		if !seen[c.ArticleID] {
			seen[c.ArticleID] = true
			ids = append(ids, c.ArticleID)
		}
	}
	var out []model.Story
	for start := 0; start < len(ids); start += 500 {
		chunk := ids[start:min(start+500, len(ids))]
		in := make([]string, len(chunk))
		args := make([]any, len(chunk))
		for i, id := range chunk {
			in[i], args[i] = "?", id
		}
		rows, err := s.query(ctx, s.DB, storySelect+storyReview+`, a.blocks, COALESCE(t.blocks, '')`+storyFrom+
			` WHERE p.article_id IN (`+strings.Join(in, ",")+`) ORDER BY p.article_id, p.lang`, args...)
		if err != nil {
			return nil, fmt.Errorf("store: unable to read stories: %w", err)
		}
		for rows.Next() {
			var aBlocks, tBlocks string
			var approved, edited int
			r, err := scanStory(rows, &approved, &edited, &aBlocks, &tBlocks)
			if err != nil {
				rows.Close()
				return nil, err
			}
			r.Approved, r.Edited = r.Translated && approved == 1, r.Translated && edited == 1
			if !want[Change{ArticleID: r.ArticleID, Lang: r.Lang}] {
				continue
			}
			blocks := aBlocks
			if r.Translated {
				blocks = tBlocks
			}
			if blocks == "" {
				continue // a translation gone meanwhile: Story would not find it either
			}
			if err := json.Unmarshal([]byte(blocks), &r.Blocks); err != nil {
				rows.Close()
				return nil, fmt.Errorf("store: story %s has unreadable blocks: %w", r.Slug, err)
			}
			out = append(out, *r)
		}
		err = rows.Err()
		rows.Close()
		if err != nil {
			return nil, err
		}
	}
	return out, nil
}

// Change is a publication that changed, for the web nodes that follow the
// database to update their search index and page cache.
type Change struct {
	ArticleID int64
	Lang      string
	Slug      string
	UpdatedAt int64 // cursor: Unix milliseconds
}

// ChangesSince lists the publications changed after cursor, oldest first.
func (s *Store) ChangesSince(ctx context.Context, cursor int64, limit int) ([]Change, error) {
	rows, err := s.query(ctx, s.DB, `SELECT p.article_id, p.lang, a.slug, p.updated_at FROM publications p JOIN articles a ON a.id = p.article_id
		WHERE p.updated_at > ? ORDER BY p.updated_at, p.article_id, p.lang LIMIT ?`, cursor, limit)
	if err != nil {
		return nil, fmt.Errorf("store: unable to list changes: %w", err)
	}
	defer rows.Close()
	var out []Change
	for rows.Next() {
		var c Change
		if err := rows.Scan(&c.ArticleID, &c.Lang, &c.Slug, &c.UpdatedAt); err != nil {
			return nil, err
		}
		out = append(out, c)
	}
	return out, rows.Err()
}

// idBatch is how many IDs one IN (…) list carries: SQLite allows 32,766
// bound parameters per statement, PostgreSQL 65,535, and a sitemap asks
// for the languages of up to 50,000 stories at once.
const idBatch = 500

// PublishedLangsOf lists, for each article, the languages it is published in.
func (s *Store) PublishedLangsOf(ctx context.Context, articleIDs []int64) (map[int64][]string, error) {
	out := make(map[int64][]string, len(articleIDs))
	for start := 0; start < len(articleIDs); start += idBatch {
		if err := s.publishedLangsBatch(ctx, articleIDs[start:min(start+idBatch, len(articleIDs))], out); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// publishedLangsBatch adds the languages of a batch of articles to out.
func (s *Store) publishedLangsBatch(ctx context.Context, articleIDs []int64, out map[int64][]string) error {
	in := make([]string, len(articleIDs))
	args := make([]any, len(articleIDs))
	for i, id := range articleIDs {
		in[i], args[i] = "?", id
	}
	rows, err := s.query(ctx, s.DB, `SELECT article_id, lang FROM publications WHERE article_id IN (`+strings.Join(in, ",")+`) ORDER BY article_id, lang`, args...)
	if err != nil {
		return fmt.Errorf("store: unable to list languages: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var id int64
		var lang string
		if err := rows.Scan(&id, &lang); err != nil {
			return err
		}
		out[id] = append(out[id], lang)
	}
	return rows.Err()
}
