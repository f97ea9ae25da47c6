package store

import (
	"context"
	"fmt"
	"time"

	"newsbridge/model"
)

// CreateSession stores a sign-in session for userID under the hash of its
// id (the id itself is only in the user's cookie).
func (s *Store) CreateSession(ctx context.Context, idHash string, userID int64, expires time.Time) error {
	now := s.Now()
	if _, err := s.exec(ctx, s.DB, `DELETE FROM sessions WHERE expires_at <= ?`, ms(now)); err != nil {
		return fmt.Errorf("store: unable to prune sessions: %w", err)
	}
	_, err := s.exec(ctx, s.DB, `INSERT INTO sessions (id_hash, user_id, created_at, expires_at) VALUES (?, ?, ?, ?)`,
		idHash, userID, ms(now), ms(expires))
	if err != nil {
		return fmt.Errorf("store: unable to create session: %w", err)
	}
	return nil
}

// SessionUser returns the user of the unexpired session whose id hashes
// to idHash. A removed user has no sessions.
func (s *Store) SessionUser(ctx context.Context, idHash string) (*User, error) {
	u, err := scanUser(s.queryRow(ctx, s.DB, `SELECT u.id, u.name, u.role, u.token_hash, u.password_hash, u.created_at
		FROM sessions ss JOIN users u ON u.id = ss.user_id WHERE ss.id_hash = ? AND ss.expires_at > ?`, idHash, ms(s.Now())))
	if err == ErrNotFound {
		return nil, model.Errorf(model.EUnauthorized, "the session has expired; sign in again")
	}
	return u, err
}

// DeleteSession ends a session.
func (s *Store) DeleteSession(ctx context.Context, idHash string) error {
	_, err := s.exec(ctx, s.DB, `DELETE FROM sessions WHERE id_hash = ?`, idHash)
	return err
}

// AddAuthFailure records a failed sign-in or API authentication of
// subject (a user name or a client address) in scope, and forgets those
// older than a day.
func (s *Store) AddAuthFailure(ctx context.Context, scope, subject string) error {
	now := s.Now()
	if _, err := s.exec(ctx, s.DB, `DELETE FROM auth_failures WHERE at < ?`, ms(now.Add(-24*time.Hour))); err != nil {
		return fmt.Errorf("store: unable to prune auth failures: %w", err)
	}
	_, err := s.exec(ctx, s.DB, `INSERT INTO auth_failures (scope, subject, at) VALUES (?, ?, ?)`, scope, subject, ms(now))
	if err != nil {
		return fmt.Errorf("store: unable to record an auth failure: %w", err)
	}
	return nil
}

// AuthFailures counts subject's failures in scope since since, and
// returns the oldest of them (zero when none).
func (s *Store) AuthFailures(ctx context.Context, scope, subject string, since time.Time) (n int, oldest time.Time, err error) {
	var first *int64
	err = s.queryRow(ctx, s.DB, `SELECT COUNT(*), MIN(at) FROM auth_failures WHERE scope = ? AND subject = ? AND at > ?`,
		scope, subject, ms(since)).Scan(&n, &first)
	if err != nil {
		return 0, time.Time{}, fmt.Errorf("store: unable to count auth failures: %w", err)
	}
	if first != nil {
		oldest = fromMS(*first)
	}
	return n, oldest, nil
}

// ClearAuthFailures forgets subject's failures in scope (after a success).
func (s *Store) ClearAuthFailures(ctx context.Context, scope, subject string) error {
	_, err := s.exec(ctx, s.DB, `DELETE FROM auth_failures WHERE scope = ? AND subject = ?`, scope, subject)
	return err
}
