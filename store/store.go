// Package store is newsbridge's storage: one type wrapping *sql.DB, raw SQL,
// one file per aggregate. SQLite (modernc.org/sqlite, no cgo) is the default;
// PostgreSQL (pgx) is used when the database URL starts with postgres://.
// The SQL is written once with ? placeholders; the dialect layer in this file
// is the only place that knows the two databases apart.
package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/jackc/pgx/v5/stdlib"
	"modernc.org/sqlite"
	sqlite3 "modernc.org/sqlite/lib"

	"newsbridge/model"
)

// Dialects.
const (
	SQLite   = "sqlite"
	Postgres = "postgres"
)

// Errors the store returns whatever the database; callers never see driver types.
var (
	ErrNotFound = model.Errorf(model.ENotFound, "not found")
	ErrConflict = model.Errorf(model.EConflict, "already exists")
)

// Store wraps the database.
type Store struct {
	DB      *sql.DB
	Dialect string
	// Pool is the pgx pool behind DB on PostgreSQL (River's pgx driver
	// needs it); nil on SQLite.
	Pool *pgxpool.Pool
	// Now is the clock; tests replace it.
	Now func() time.Time
	// Sections are the platform's sections and their configured mapping
	// (sections.go); nil is one "news" section for everything.
	Sections *model.Sections
}

// Open opens the database: url (postgres://…) when set, else the SQLite file
// newsbridge.db in dataDir.
func Open(ctx context.Context, url, dataDir string) (*Store, error) {
	if strings.HasPrefix(url, "postgres://") || strings.HasPrefix(url, "postgresql://") {
		return openPostgres(ctx, url)
	}
	if url != "" {
		return nil, model.Errorf(model.EInvalid, "store: unsupported database URL (want postgres://…): %s", redactURL(url))
	}
	if err := os.MkdirAll(dataDir, 0o755); err != nil {
		return nil, fmt.Errorf("store: unable to create data directory: %w", err)
	}
	return OpenSQLite(filepath.Join(dataDir, "newsbridge.db"))
}

// OpenSQLite opens (creating if needed) a SQLite database file.
func OpenSQLite(path string) (*Store, error) {
	// The pragmas are in the DSN so that every pooled connection gets them:
	// busy_timeout first (so the WAL switch itself waits for a lock instead of
	// failing), WAL so readers do not block the writer, immediate
	// transactions so a transaction takes the write lock at BEGIN instead of
	// failing with SQLITE_BUSY when it upgrades later. River on SQLite also
	// needs a single open connection.
	dsn := "file:" + path + "?_pragma=busy_timeout(5000)&_pragma=journal_mode(WAL)&_pragma=foreign_keys(1)&_pragma=synchronous(NORMAL)&_txlock=immediate"
	db, err := sql.Open("sqlite", dsn)
	if err != nil {
		return nil, fmt.Errorf("store: unable to open %s: %w", path, err)
	}
	db.SetMaxOpenConns(1)
	if err := db.Ping(); err != nil {
		db.Close()
		return nil, fmt.Errorf("store: unable to open %s: %w", path, err)
	}
	return &Store{DB: db, Dialect: SQLite, Now: time.Now}, nil
}

func openPostgres(ctx context.Context, url string) (*Store, error) {
	pool, err := pgxpool.New(ctx, url)
	if err != nil {
		return nil, fmt.Errorf("store: unable to connect to %s: %w", redactURL(url), redactErr(err, url))
	}
	if err := pool.Ping(ctx); err != nil {
		pool.Close()
		return nil, fmt.Errorf("store: unable to connect to %s: %w", redactURL(url), redactErr(err, url))
	}
	db := stdlib.OpenDBFromPool(pool)
	return &Store{DB: db, Dialect: Postgres, Pool: pool, Now: time.Now}, nil
}

// redactURL hides the passwords in a database URL (the user's, and the
// password= and sslpassword= query parameters) so they never reach an error
// or a log.
func redactURL(u string) string {
	pu, err := url.Parse(u)
	if err != nil {
		// Unparseable: keep only the scheme, since where the password
		// would be cannot be told.
		if i := strings.Index(u, "://"); i >= 0 {
			return u[:i+3] + "…"
		}
		return "(unparseable URL)"
	}
	if _, has := pu.User.Password(); has {
		pu.User = url.UserPassword(pu.User.Username(), "xxxxx")
	}
	if pu.RawQuery != "" {
		q := pu.Query()
		for k := range q {
			if lk := strings.ToLower(k); lk == "password" || lk == "sslpassword" {
				q.Set(k, "xxxxx")
			}
		}
		pu.RawQuery = q.Encode()
	}
	return pu.String()
}

// redactErr removes any password of url that an error from the driver
// might quote.
func redactErr(err error, rawURL string) error {
	if err == nil {
		return nil
	}
	msg := err.Error()
	clean := msg
	for _, secret := range urlSecrets(rawURL) {
		clean = strings.ReplaceAll(clean, secret, "xxxxx")
	}
	if clean == msg {
		return err
	}
	return errors.New(clean)
}

// urlSecrets lists the passwords a database URL carries, in the forms an
// error could quote them.
func urlSecrets(rawURL string) []string {
	var out []string
	add := func(v string) {
		if len(v) >= 3 {
			out = append(out, v, url.QueryEscape(v), url.PathEscape(v))
		}
	}
	pu, err := url.Parse(rawURL)
	if err != nil {
		return nil
	}
	if p, ok := pu.User.Password(); ok {
		add(p)
	}
	for k, vs := range pu.Query() {
		if lk := strings.ToLower(k); lk == "password" || lk == "sslpassword" {
			for _, v := range vs {
				add(v)
			}
		}
	}
	return out
}

// Close closes the database.
func (s *Store) Close() error {
	err := s.DB.Close()
	if s.Pool != nil {
		s.Pool.Close()
	}
	return err
}

// querier is what *sql.DB and *sql.Tx have in common.
type querier interface {
	ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error)
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
}

// q rewrites ? placeholders into the dialect's form.
func (s *Store) q(query string) string {
	if s.Dialect != Postgres {
		return query
	}
	var b strings.Builder
	n := 0
	for i := 0; i < len(query); i++ {
		if query[i] == '?' {
			n++
			b.WriteByte('$')
			b.WriteString(strconv.Itoa(n))
			continue
		}
		b.WriteByte(query[i])
	}
	return b.String()
}

func (s *Store) exec(ctx context.Context, db querier, query string, args ...any) (sql.Result, error) {
	r, err := db.ExecContext(ctx, s.q(query), args...)
	return r, translateErr(err)
}

func (s *Store) query(ctx context.Context, db querier, query string, args ...any) (*sql.Rows, error) {
	r, err := db.QueryContext(ctx, s.q(query), args...)
	return r, translateErr(err)
}

// column runs a query of one column and returns its values in order.
func column[T any](ctx context.Context, s *Store, db querier, query string, args ...any) ([]T, error) {
	rows, err := s.query(ctx, db, query, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []T
	for rows.Next() {
		var v T
		if err := rows.Scan(&v); err != nil {
			return nil, err
		}
		out = append(out, v)
	}
	return out, rows.Err()
}

func (s *Store) queryRow(ctx context.Context, db querier, query string, args ...any) *sql.Row {
	return db.QueryRowContext(ctx, s.q(query), args...)
}

// inTx runs fn in one transaction.
func (s *Store) inTx(ctx context.Context, fn func(tx *sql.Tx) error) error {
	tx, err := s.DB.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("store: unable to begin transaction: %w", translateErr(err))
	}
	if err := fn(tx); err != nil {
		tx.Rollback()
		return err
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("store: unable to commit: %w", translateErr(err))
	}
	return nil
}

// translateErr turns driver errors into the store's own.
func translateErr(err error) error {
	if err == nil {
		return nil
	}
	if errors.Is(err, sql.ErrNoRows) {
		return ErrNotFound
	}
	var se *sqlite.Error
	if errors.As(err, &se) {
		switch se.Code() {
		case sqlite3.SQLITE_CONSTRAINT_UNIQUE, sqlite3.SQLITE_CONSTRAINT_PRIMARYKEY:
			return &model.Error{Code: model.EConflict, Message: "already exists", Err: err}
		}
	}
	var pe *pgconn.PgError
	if errors.As(err, &pe) && pe.Code == "23505" {
		return &model.Error{Code: model.EConflict, Message: "already exists", Err: err}
	}
	return err
}

// ms and fromMS store times as Unix milliseconds in both dialects; 0 is the
// zero time.
func ms(t time.Time) int64 {
	if t.IsZero() {
		return 0
	}
	return t.UnixMilli()
}

func fromMS(v int64) time.Time {
	if v == 0 {
		return time.Time{}
	}
	return time.UnixMilli(v).UTC()
}

func b2i(b bool) int {
	if b {
		return 1
	}
	return 0
}
