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

// User is an editor or an administrator. TokenHash is the SHA-256 of the
// user's API token (the token itself is shown once and never stored);
// PasswordHash is an argon2id PHC string, "" for a user who signs in with
// the token only.
type User struct {
	ID           int64     `json:"id"`
	Name         string    `json:"name"`
	Role         string    `json:"role"`
	TokenHash    string    `json:"-"`
	PasswordHash string    `json:"-"`
	CreatedAt    time.Time `json:"created_at"`
}

const userCols = `id, name, role, token_hash, password_hash, created_at`

func scanUser(sc interface{ Scan(...any) error }) (*User, error) {
	var u User
	var at int64
	if err := sc.Scan(&u.ID, &u.Name, &u.Role, &u.TokenHash, &u.PasswordHash, &at); err != nil {
		return nil, translateErr(err)
	}
	u.CreatedAt = fromMS(at)
	return &u, nil
}

// CreateUser adds a user.
func (s *Store) CreateUser(ctx context.Context, u *User) error {
	if u.Role != RoleEditor && u.Role != RoleAdmin {
		return model.Errorf(model.EInvalid, "user: role must be editor or admin, not %q", u.Role)
	}
	u.CreatedAt = s.Now().UTC()
	err := s.queryRow(ctx, s.DB, `INSERT INTO users (name, role, token_hash, password_hash, created_at) VALUES (?, ?, ?, ?, ?) RETURNING id`,
		u.Name, u.Role, u.TokenHash, u.PasswordHash, ms(u.CreatedAt)).Scan(&u.ID)
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
	rows, err := s.query(ctx, s.DB, `SELECT `+userCols+` FROM users ORDER BY name`)
	if err != nil {
		return nil, fmt.Errorf("store: unable to list users: %w", err)
	}
	defer rows.Close()
	var out []User
	for rows.Next() {
		u, err := scanUser(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, *u)
	}
	return out, rows.Err()
}

// UserByName returns the user called name.
func (s *Store) UserByName(ctx context.Context, name string) (*User, error) {
	u, err := scanUser(s.queryRow(ctx, s.DB, `SELECT `+userCols+` FROM users WHERE name = ?`, name))
	if err == ErrNotFound {
		return nil, model.Errorf(model.ENotFound, "user %q not found", name)
	}
	return u, err
}

// UserByToken returns the user whose token hashes to tokenHash.
func (s *Store) UserByToken(ctx context.Context, tokenHash string) (*User, error) {
	u, err := scanUser(s.queryRow(ctx, s.DB, `SELECT `+userCols+` FROM users WHERE token_hash = ? AND token_hash <> ''`, tokenHash))
	if err == ErrNotFound {
		return nil, model.Errorf(model.ENotFound, "no such token")
	}
	return u, err
}

// DeleteUser removes a user; their sessions go with them.
func (s *Store) DeleteUser(ctx context.Context, name string) error {
	r, err := s.exec(ctx, s.DB, `DELETE FROM users WHERE name = ?`, name)
	if err != nil {
		return err
	}
	if n, _ := r.RowsAffected(); n == 0 {
		return model.Errorf(model.ENotFound, "user %q not found", name)
	}
	// SQLite enforces the cascade only with foreign_keys on, which a
	// database opened elsewhere may lack: delete the sessions explicitly.
	_, err = s.exec(ctx, s.DB, `DELETE FROM sessions WHERE user_id NOT IN (SELECT id FROM users)`)
	return err
}
