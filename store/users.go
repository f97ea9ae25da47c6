package store

import (
	"context"
	"fmt"
	"time"

	"newsbridge/model"
)

// User roles.
const (
	RoleEditor = "editor"
	RoleAdmin  = "admin"
)

// User is an editor or an administrator; TokenHash is the SHA-256 of the
// user's API token (the token itself is shown once and never stored).
type User struct {
	ID        int64
	Name      string
	Role      string
	TokenHash string
	CreatedAt time.Time
}

// CreateUser adds a user.
func (s *Store) CreateUser(ctx context.Context, u *User) error {
	if u.Role != RoleEditor && u.Role != RoleAdmin {
		return model.Errorf(model.EInvalid, "user: role must be editor or admin, not %q", u.Role)
	}
	u.CreatedAt = s.Now().UTC()
	err := s.queryRow(ctx, s.DB, `INSERT INTO users (name, role, password_hash, created_at) VALUES (?, ?, ?, ?) RETURNING id`,
		u.Name, u.Role, u.TokenHash, ms(u.CreatedAt)).Scan(&u.ID)
	if err != nil {
		err = translateErr(err)
		if model.ErrorCode(err) == model.EConflict {
			return model.Errorf(model.EConflict, "user %q already exists", u.Name)
		}
		return fmt.Errorf("store: unable to create user: %w", err)
	}
	return nil
}

// Users lists the users.
func (s *Store) Users(ctx context.Context) ([]User, error) {
	rows, err := s.query(ctx, s.DB, `SELECT id, name, role, password_hash, created_at FROM users ORDER BY name`)
	if err != nil {
		return nil, fmt.Errorf("store: unable to list users: %w", err)
	}
	defer rows.Close()
	var out []User
	for rows.Next() {
		var u User
		var at int64
		if err := rows.Scan(&u.ID, &u.Name, &u.Role, &u.TokenHash, &at); err != nil {
			return nil, err
		}
		u.CreatedAt = fromMS(at)
		out = append(out, u)
	}
	return out, rows.Err()
}

// UserByToken returns the user whose token hashes to tokenHash.
func (s *Store) UserByToken(ctx context.Context, tokenHash string) (*User, error) {
	var u User
	var at int64
	err := s.queryRow(ctx, s.DB, `SELECT id, name, role, password_hash, created_at FROM users WHERE password_hash = ? AND password_hash <> ''`, tokenHash).
		Scan(&u.ID, &u.Name, &u.Role, &u.TokenHash, &at)
	if err != nil {
		if translateErr(err) == ErrNotFound {
			return nil, model.Errorf(model.ENotFound, "no such token")
		}
		return nil, err
	}
	u.CreatedAt = fromMS(at)
	return &u, nil
}

// DeleteUser removes a user.
func (s *Store) DeleteUser(ctx context.Context, name string) error {
	r, err := s.exec(ctx, s.DB, `DELETE FROM users WHERE name = ?`, name)
	if err != nil {
		return err
	}
	if n, _ := r.RowsAffected(); n == 0 {
		return model.Errorf(model.ENotFound, "user %q not found", name)
	}
	return nil
}
