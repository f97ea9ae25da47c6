package store

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"

	"newsbridge/model"
)

const storySelect = `SELECT a.id, p.lang, ` + pubSlug + `, a.title, a.lead, a.byline, a.section, a.source_id, a.image,
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
	err := sc.Scan(append([]any{&r.ArticleID, &r.Lang, &r.Slug, &r.Title, &r.Lead, &r.Byline, &r.Category.Slug, &r.SourceID, &r.Image,
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
	}
	return &r, nil
}

// scanStory is scanStory with the story's section named in its language.
func (s *Store) scanStory(sc interface{ Scan(...any) error }, extra ...any) (*model.Story, error) {
	r, err := scanStory(sc, extra...)
	if err != nil {
		return nil, err
	}
	r.Category.Slug = s.sectionOf(r.Category.Slug)
	r.Category.Name = s.sections().Find(r.Category.Slug).Name(r.Lang)
	return r, nil
}

// Stories lists the stories published in lang, newest first, optionally in
// one section (by slug), with the total count.
func (s *Store) Stories(ctx context.Context, lang, section string, offset, limit int) ([]model.Story, int, error) {
	return s.StoriesBy(ctx, lang, model.StoryFilter{Section: section}, offset, limit)
}

// StoriesBy lists the stories published in lang that match f, newest
// first, with the total count.
func (s *Store) StoriesBy(ctx context.Context, lang string, f model.StoryFilter, offset, limit int) ([]model.Story, int, error) {
	where := ` WHERE p.lang = ?`
	args := []any{lang}
	if f.Section != "" {
		where += ` AND a.section = ?`
		args = append(args, f.Section)
	}
	if f.SourceID != 0 {
		where += ` AND a.source_id = ?`
		args = append(args, f.SourceID)
	}
	if f.Author != "" {
		where += ` AND a.id IN (SELECT x.article_id FROM article_authors x JOIN authors au ON au.id = x.author_id WHERE au.slug = ?)`
		args = append(args, f.Author)
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
		r, err := s.scanStory(rows)
		if err != nil {
			return nil, 0, err
		}
		out = append(out, *r)
	}
	if err := rows.Err(); err != nil {
		return nil, 0, err
	}
	rows.Close()
	if err := s.attachImages(ctx, out); err != nil {
		return nil, 0, err
	}
	return out, total, nil
}

// Story returns one published story with its blocks. The slug may be any
// the article was known by (an earlier one, the source's, another
// language's, the bare id): the story returned carries its current Slug in
// lang, which differs then.
func (s *Store) Story(ctx context.Context, lang, slug string) (*model.Story, error) {
	var approved, edited int
	// slug <> '' lets both databases use the partial index publications_slug.
	r, err := s.scanStory(s.queryRow(ctx, s.DB, storySelect+storyReview+storyFrom+` WHERE p.lang = ? AND p.slug = ? AND p.slug <> ''`, lang, slug), &approved, &edited)
	if err == ErrNotFound {
		var id int64
		var found bool
		if id, found, err = s.resolveSlug(ctx, slug); err == nil && found {
			r, err = s.scanStory(s.queryRow(ctx, s.DB, storySelect+storyReview+storyFrom+` WHERE p.lang = ? AND p.article_id = ?`, lang, id), &approved, &edited)
		} else if err == nil {
			err = ErrNotFound
		}
	}
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
	one := []model.Story{*r}
	if err := s.attachImages(ctx, one); err != nil {
		return nil, err
	}
	r.Images = one[0].Images
	if r.Authors, err = s.ArticleAuthors(ctx, r.ArticleID); err != nil {
		return nil, err
	}
	return r, nil
}

// Categories lists the sections with stories published in lang, in the
// configured order, each named in lang with its count.
func (s *Store) Categories(ctx context.Context, lang string) ([]model.Category, error) {
	rows, err := s.query(ctx, s.DB, `SELECT a.section, COUNT(*)`+storyFrom+
		` WHERE p.lang = ? GROUP BY a.section`, lang)
	if err != nil {
		return nil, fmt.Errorf("store: unable to list sections: %w", err)
	}
	defer rows.Close()
	counts := map[string]int{}
	for rows.Next() {
		var slug string
		var n int
		if err := rows.Scan(&slug, &n); err != nil {
			return nil, err
		}
		counts[s.sectionOf(slug)] += n
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	var out []model.Category
	for _, sec := range s.sections().List {
		if n := counts[sec.Slug]; n > 0 {
			out = append(out, model.Category{Slug: sec.Slug, Name: sec.Name(lang), Count: n})
		}
	}
	return out, nil
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
	for start := 0; start < len(ids); start += idBatch {
		in, args := idList(ids[start:min(start+idBatch, len(ids))])
		rows, err := s.query(ctx, s.DB, storySelect+storyReview+`, a.blocks, COALESCE(t.blocks, '')`+storyFrom+
			` WHERE p.article_id IN (`+in+`) ORDER BY p.article_id, p.lang`, args...)
		if err != nil {
			return nil, fmt.Errorf("store: unable to read stories: %w", err)
		}
		for rows.Next() {
			var aBlocks, tBlocks string
			var approved, edited int
			r, err := s.scanStory(rows, &approved, &edited, &aBlocks, &tBlocks)
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
	if err := s.attachImages(ctx, out); err != nil {
		return nil, err
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
	rows, err := s.query(ctx, s.DB, `SELECT p.article_id, p.lang, `+pubSlug+`, p.updated_at FROM publications p JOIN articles a ON a.id = p.article_id
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

// idList is an IN (…) list of ids: its placeholders ("?,?,?") and their
// arguments.
func idList(ids []int64) (string, []any) {
	in := make([]string, len(ids))
	args := make([]any, len(ids))
	for i, id := range ids {
		in[i], args[i] = "?", id
	}
	return strings.Join(in, ","), args
}

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
	in, args := idList(articleIDs)
	rows, err := s.query(ctx, s.DB, `SELECT article_id, lang FROM publications WHERE article_id IN (`+in+`) ORDER BY article_id, lang`, args...)
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
