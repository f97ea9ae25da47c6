package store

import (
	"context"
	"fmt"
	"time"

	"newsbridge/model"
)

const sourceCols = `id, name, feed_url, site_url, language, enabled, interval_sec, next_check_at, last_checked_at, etag, last_modified, last_error, error_count, created_at`

func scanSource(sc interface{ Scan(...any) error }) (*model.Source, error) {
	var src model.Source
	var enabled int
	var interval, next, checked, created int64
	err := sc.Scan(&src.ID, &src.Name, &src.FeedURL, &src.SiteURL, &src.Language, &enabled, &interval, &next, &checked, &src.ETag, &src.LastModified, &src.LastError, &src.ErrorCount, &created)
	if err != nil {
		return nil, translateErr(err)
	}
	src.Enabled = enabled != 0
	src.Interval = time.Duration(interval) * time.Second
	src.NextCheckAt, src.LastCheckedAt, src.CreatedAt = fromMS(next), fromMS(checked), fromMS(created)
	return &src, nil
}

// CreateSource adds a source; its ID is set. A feed URL already followed is a conflict.
func (s *Store) CreateSource(ctx context.Context, src *model.Source) error {
	if src.Interval <= 0 {
		src.Interval = 15 * time.Minute
	}
	src.CreatedAt = s.Now().UTC()
	err := s.queryRow(ctx, s.DB, `INSERT INTO sources (name, feed_url, site_url, language, enabled, interval_sec, next_check_at, created_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`,
		src.Name, src.FeedURL, src.SiteURL, src.Language, b2i(src.Enabled), int64(src.Interval/time.Second), ms(src.NextCheckAt), ms(src.CreatedAt)).Scan(&src.ID)
	if err != nil {
		err = translateErr(err)
		if model.ErrorCode(err) == model.EConflict {
			return model.Errorf(model.EConflict, "source %s is already followed", src.FeedURL)
		}
		return fmt.Errorf("store: unable to create source: %w", err)
	}
	return nil
}

// Sources lists every source, oldest first.
func (s *Store) Sources(ctx context.Context) ([]model.Source, error) {
	return s.sources(ctx, `SELECT `+sourceCols+` FROM sources ORDER BY id`)
}

// DueSources lists the enabled sources whose next check is at or before now.
func (s *Store) DueSources(ctx context.Context, now time.Time) ([]model.Source, error) {
	return s.sources(ctx, `SELECT `+sourceCols+` FROM sources WHERE enabled = 1 AND next_check_at <= ? ORDER BY next_check_at`, ms(now))
}

func (s *Store) sources(ctx context.Context, query string, args ...any) ([]model.Source, error) {
	rows, err := s.query(ctx, s.DB, query, args...)
	if err != nil {
		return nil, fmt.Errorf("store: unable to list sources: %w", err)
	}
	defer rows.Close()
	var out []model.Source
	for rows.Next() {
		src, err := scanSource(rows)
		if err != nil {
			return nil, fmt.Errorf("store: unable to list sources: %w", err)
		}
		out = append(out, *src)
	}
	return out, rows.Err()
}

// Source returns one source.
func (s *Store) Source(ctx context.Context, id int64) (*model.Source, error) {
	src, err := scanSource(s.queryRow(ctx, s.DB, `SELECT `+sourceCols+` FROM sources WHERE id = ?`, id))
	if err == ErrNotFound {
		return nil, model.Errorf(model.ENotFound, "source %d not found", id)
	}
	return src, err
}

// DeleteSource removes a source and everything extracted from it.
func (s *Store) DeleteSource(ctx context.Context, id int64) error {
	r, err := s.exec(ctx, s.DB, `DELETE FROM sources WHERE id = ?`, id)
	if err != nil {
		return fmt.Errorf("store: unable to delete source: %w", err)
	}
	if n, _ := r.RowsAffected(); n == 0 {
		return model.Errorf(model.ENotFound, "source %d not found", id)
	}
	return nil
}

// PollResult is what one poll of a source's feed left behind.
type PollResult struct {
	CheckedAt    time.Time
	NextCheckAt  time.Time
	ETag         string
	LastModified string
	// Err is the problem met, "" when the poll went well.
	Err string
}

// RecordPoll stores the outcome of a poll. A failed poll keeps the old
// ETag/Last-Modified so that nothing is skipped next time.
func (s *Store) RecordPoll(ctx context.Context, id int64, r PollResult) error {
	var err error
	if r.Err == "" {
		_, err = s.exec(ctx, s.DB, `UPDATE sources SET last_checked_at = ?, next_check_at = ?, etag = ?, last_modified = ?, last_error = '', error_count = 0 WHERE id = ?`,
			ms(r.CheckedAt), ms(r.NextCheckAt), r.ETag, r.LastModified, id)
	} else {
		_, err = s.exec(ctx, s.DB, `UPDATE sources SET last_checked_at = ?, next_check_at = ?, last_error = ?, error_count = error_count + 1 WHERE id = ?`,
			ms(r.CheckedAt), ms(r.NextCheckAt), r.Err, id)
	}
	if err != nil {
		return fmt.Errorf("store: unable to record poll of source %d: %w", id, err)
	}
	return nil
}

// SetSourceError records a problem on a source (e.g. one of its articles
// could not be fetched) without touching its schedule.
func (s *Store) SetSourceError(ctx context.Context, id int64, msg string) error {
	_, err := s.exec(ctx, s.DB, `UPDATE sources SET last_error = ? WHERE id = ?`, msg, id)
	return err
}

// ScheduleSourceNow makes a source due immediately.
func (s *Store) ScheduleSourceNow(ctx context.Context, id int64) error {
	_, err := s.exec(ctx, s.DB, `UPDATE sources SET next_check_at = 0 WHERE id = ?`, id)
	return err
}

// SetSourceEnabled pauses (enabled false) or resumes a source. A paused
// source is never due (DueSources); a resumed one is due at once.
func (s *Store) SetSourceEnabled(ctx context.Context, id int64, enabled bool) error {
	q := `UPDATE sources SET enabled = 0 WHERE id = ?`
	if enabled {
		q = `UPDATE sources SET enabled = 1, next_check_at = 0 WHERE id = ?`
	}
	r, err := s.exec(ctx, s.DB, q, id)
	if err != nil {
		return fmt.Errorf("store: unable to set source %d enabled: %w", id, err)
	}
	if n, _ := r.RowsAffected(); n == 0 {
		return model.Errorf(model.ENotFound, "source %d not found", id)
	}
	return nil
}

// SourceContents counts what a source's removal deletes with it.
type SourceContents struct {
	Articles     int `json:"articles"`
	Translations int `json:"translations"`
	Pages        int `json:"pages"` // publications: one page per article and language
	Comments     int `json:"comments"`
}

// SourceContents counts a source's articles, their translations, their
// published pages and their readers' comments.
func (s *Store) SourceContents(ctx context.Context, id int64) (SourceContents, error) {
	var c SourceContents
	err := s.queryRow(ctx, s.DB, `SELECT
		(SELECT COUNT(*) FROM articles WHERE source_id = ?),
		(SELECT COUNT(*) FROM translations t JOIN articles a ON a.id = t.article_id WHERE a.source_id = ?),
		(SELECT COUNT(*) FROM publications p JOIN articles a ON a.id = p.article_id WHERE a.source_id = ?),
		(SELECT COUNT(*) FROM comments c JOIN articles a ON a.id = c.article_id WHERE a.source_id = ?)`, id, id, id, id).
		Scan(&c.Articles, &c.Translations, &c.Pages, &c.Comments)
	if err != nil {
		return c, fmt.Errorf("store: unable to count source %d's articles: %w", id, err)
	}
	return c, nil
}
