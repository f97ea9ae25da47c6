package store

import (
	"context"
	"fmt"
	"os"

	"newsbridge/model"
)

// Backup writes a consistent copy of the SQLite database to path while the
// database is in use: VACUUM INTO reads one snapshot, so writers go on and
// the copy is what was committed when it began. It writes path+".partial"
// and renames it, so path is either absent or a whole database. On
// PostgreSQL it refuses: pg_dump is the tool there.
func (s *Store) Backup(ctx context.Context, path string) error {
	if s.Dialect == Postgres {
		return model.Errorf(model.EInvalid, "store: a PostgreSQL database is backed up with pg_dump")
	}
	if _, err := os.Stat(path); err == nil {
		return model.Errorf(model.EConflict, "store: %s already exists", path)
	}
	tmp := path + ".partial"
	os.Remove(tmp)
	if _, err := s.DB.ExecContext(ctx, `VACUUM INTO ?`, tmp); err != nil {
		os.Remove(tmp)
		return fmt.Errorf("store: unable to back up the database: %w", err)
	}
	if err := syncFile(tmp); err != nil {
		os.Remove(tmp)
		return fmt.Errorf("store: unable to back up the database: %w", err)
	}
	if err := os.Rename(tmp, path); err != nil {
		os.Remove(tmp)
		return fmt.Errorf("store: unable to back up the database: %w", err)
	}
	return nil
}

// IntegrityCheck runs SQLite's quick_check (a no-op on PostgreSQL).
func (s *Store) IntegrityCheck(ctx context.Context) error {
	if s.Dialect == Postgres {
		return nil
	}
	var res string
	if err := s.DB.QueryRowContext(ctx, `PRAGMA quick_check`).Scan(&res); err != nil {
		return fmt.Errorf("store: unable to check the database: %w", err)
	}
	if res != "ok" {
		return model.Errorf(model.EInvalid, "store: the database is damaged: %s", res)
	}
	return nil
}

func syncFile(path string) error {
	f, err := os.Open(path)
	if err != nil {
		return err
	}
	defer f.Close()
	return f.Sync()
}
