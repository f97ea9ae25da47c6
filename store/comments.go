package store

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"fmt"
	"time"

	"newsbridge/model"
)

const commentCols = `id, article_id, lang, author, body, status, ip_hash, created_at`

// AddComment stores a reader's comment as pending moderation.
func (s *Store) AddComment(ctx context.Context, c *model.Comment) error {
	c.Status = model.CommentPending
	c.CreatedAt = s.Now().UTC()
	err := s.queryRow(ctx, s.DB, `INSERT INTO comments (article_id, lang, author, body, status, ip_hash, created_at) VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id`,
		c.ArticleID, c.Lang, c.Author, c.Body, c.Status, c.IPHash, ms(c.CreatedAt)).Scan(&c.ID)
	if err != nil {
		return fmt.Errorf("store: unable to add comment: %w", translateErr(err))
	}
	return nil
}

// CommentFilter selects comments.
type CommentFilter struct {
	ArticleID int64
	Lang      string
	Status    string
	Limit     int
}

// Comments lists comments, oldest first.
func (s *Store) Comments(ctx context.Context, f CommentFilter) ([]model.Comment, error) {
	q := `SELECT ` + commentCols + ` FROM comments WHERE 1 = 1`
	var args []any
	if f.ArticleID != 0 {
		q += ` AND article_id = ?`
		args = append(args, f.ArticleID)
	}
	if f.Lang != "" {
		q += ` AND lang = ?`
		args = append(args, f.Lang)
	}
	if f.Status != "" {
		q += ` AND status = ?`
		args = append(args, f.Status)
	}
	limit := f.Limit
	if limit <= 0 {
		limit = 500
	}
	rows, err := s.query(ctx, s.DB, q+` ORDER BY created_at, id LIMIT ?`, append(args, limit)...)
	if err != nil {
		return nil, fmt.Errorf("store: unable to list comments: %w", err)
	}
	defer rows.Close()
	var out []model.Comment
	for rows.Next() {
		var c model.Comment
		var at int64
		if err := rows.Scan(&c.ID, &c.ArticleID, &c.Lang, &c.Author, &c.Body, &c.Status, &c.IPHash, &at); err != nil {
			return nil, err
		}
		c.CreatedAt = fromMS(at)
		out = append(out, c)
	}
	return out, rows.Err()
}

// Comment returns one comment.
func (s *Store) Comment(ctx context.Context, id int64) (*model.Comment, error) {
	var c model.Comment
	var at int64
	err := s.queryRow(ctx, s.DB, `SELECT `+commentCols+` FROM comments WHERE id = ?`, id).Scan(&c.ID, &c.ArticleID, &c.Lang, &c.Author, &c.Body, &c.Status, &c.IPHash, &at)
	if err != nil {
		if translateErr(err) == ErrNotFound {
			return nil, model.Errorf(model.ENotFound, "comment %d not found", id)
		}
		return nil, err
	}
	c.CreatedAt = fromMS(at)
	return &c, nil
}

// SetCommentStatus approves, rejects or marks a comment as spam. In the same
// transaction it marks the comment's publication as changed, since the
// article's pages show approved comments and their count: the status and
// the re-render signal never disagree.
func (s *Store) SetCommentStatus(ctx context.Context, id int64, status string) error {
	switch status {
	case model.CommentApproved, model.CommentRejected, model.CommentSpam, model.CommentPending:
	default:
		return model.Errorf(model.EInvalid, "comments: unknown status %q", status)
	}
	return s.inTx(ctx, func(tx *sql.Tx) error {
		var articleID int64
		var lang string
		err := s.queryRow(ctx, tx, `SELECT article_id, lang FROM comments WHERE id = ?`, id).Scan(&articleID, &lang)
		if translateErr(err) == ErrNotFound {
			return model.Errorf(model.ENotFound, "comment %d not found", id)
		}
		if err != nil {
			return fmt.Errorf("store: unable to moderate comment %d: %w", id, err)
		}
		if _, err := s.exec(ctx, tx, `UPDATE comments SET status = ? WHERE id = ?`, status, id); err != nil {
			return fmt.Errorf("store: unable to moderate comment %d: %w", id, err)
		}
		if _, err := s.exec(ctx, tx, `UPDATE publications SET updated_at = ? WHERE article_id = ? AND lang = ?`, ms(s.Now()), articleID, lang); err != nil {
			return fmt.Errorf("store: unable to moderate comment %d: %w", id, err)
		}
		return nil
	})
}

// RecentComments counts the comments sent from one address since t (rate
// limiting). Counting stored comments makes the limit hold across every
// process that shares the database.
func (s *Store) RecentComments(ctx context.Context, ipHash string, since time.Time) (int, error) {
	var n int
	err := s.queryRow(ctx, s.DB, `SELECT COUNT(*) FROM comments WHERE ip_hash = ? AND created_at >= ?`, ipHash, ms(since)).Scan(&n)
	if err != nil {
		return 0, fmt.Errorf("store: unable to count comments: %w", translateErr(err))
	}
	return n, nil
}

// PendingComments counts the comments waiting for moderation, all articles
// together (the site refuses new ones past a cap).
func (s *Store) PendingComments(ctx context.Context) (int, error) {
	var n int
	err := s.queryRow(ctx, s.DB, `SELECT COUNT(*) FROM comments WHERE status = ?`, model.CommentPending).Scan(&n)
	if err != nil {
		return 0, fmt.Errorf("store: unable to count pending comments: %w", translateErr(err))
	}
	return n, nil
}

// Secret returns the random value stored under name, creating it on first
// use. Every process sharing the database gets the same value (the comment
// address hash uses one, so rate limits hold across processes).
func (s *Store) Secret(ctx context.Context, name string) (string, error) {
	b := make([]byte, 16)
	if _, err := rand.Read(b); err != nil {
		return "", fmt.Errorf("store: unable to create secret: %w", err)
	}
	key := "secret:" + name
	if _, err := s.exec(ctx, s.DB, `INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO NOTHING`, key, hex.EncodeToString(b)); err != nil {
		return "", fmt.Errorf("store: unable to create secret: %w", translateErr(err))
	}
	var v string
	if err := s.queryRow(ctx, s.DB, `SELECT value FROM settings WHERE key = ?`, key).Scan(&v); err != nil {
		return "", fmt.Errorf("store: unable to read secret: %w", translateErr(err))
	}
	return v, nil
}
