package store

import (
	"context"
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

// SetCommentStatus approves, rejects or marks a comment as spam.
func (s *Store) SetCommentStatus(ctx context.Context, id int64, status string) error {
	switch status {
	case model.CommentApproved, model.CommentRejected, model.CommentSpam, model.CommentPending:
	default:
		return model.Errorf(model.EInvalid, "comments: unknown status %q", status)
	}
	r, err := s.exec(ctx, s.DB, `UPDATE comments SET status = ? WHERE id = ?`, status, id)
	if err != nil {
		return err
	}
	if n, _ := r.RowsAffected(); n == 0 {
		return model.Errorf(model.ENotFound, "comment %d not found", id)
	}
	return nil
}

// RecentComments counts the comments sent from one address since t (rate limiting).
func (s *Store) RecentComments(ctx context.Context, ipHash string, since time.Time) (int, error) {
	var n int
	err := s.queryRow(ctx, s.DB, `SELECT COUNT(*) FROM comments WHERE ip_hash = ? AND created_at >= ?`, ipHash, ms(since)).Scan(&n)
	return n, translateErr(err)
}
