package app

import (
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"

	"newsbridge/config"
	"newsbridge/model"
	"newsbridge/store"
	"newsbridge/web"
)

// Backup writes a consistent copy of the SQLite database to path while
// other processes go on using it (store.Backup).
func (a *App) Backup(ctx context.Context, path string) error {
	return a.Store.Backup(ctx, path)
}

// Restore replaces the SQLite database of cfg.DataDir with the backup at
// path and rebuilds the data directory's search index from it, returning
// the number of documents indexed. It refuses while any newsbridge process
// holds the data directory (serve in any role, ingest). The backup is
// checked (SQLite's quick_check, a newsbridge schema), brought to the
// current schema, and only then renamed over the database, so a failed
// restore leaves the old database in place.
func Restore(ctx context.Context, cfg config.Config, path string, progress func(done, total int)) (int, error) {
	if cfg.DatabaseURL != "" {
		return 0, model.Errorf(model.EInvalid, "app: a PostgreSQL database is restored with pg_restore")
	}
	if _, err := os.Stat(path); err != nil {
		return 0, fmt.Errorf("app: unable to read the backup: %w", err)
	}
	if err := os.MkdirAll(cfg.DataDir, 0o755); err != nil {
		return 0, fmt.Errorf("app: unable to create data directory %s: %w", cfg.DataDir, err)
	}
	for _, name := range []string{workLock, webLock} {
		l, err := lockFile(cfg.DataDir, name)
		if err != nil {
			return 0, err
		}
		if l == nil {
			return 0, model.Errorf(model.EConflict, "a newsbridge process is running on %s: stop it before restoring", cfg.DataDir)
		}
		defer l.Close()
	}
	db := filepath.Join(cfg.DataDir, "newsbridge.db")
	tmp := db + ".restore"
	if err := copyFile(path, tmp); err != nil {
		return 0, fmt.Errorf("app: unable to copy the backup: %w", err)
	}
	if err := checkBackup(ctx, tmp); err != nil {
		removeDB(tmp)
		return 0, err
	}
	// The old database's write-ahead log belongs to it alone: left beside
	// the new file it would be replayed into it.
	os.Remove(db + "-wal")
	os.Remove(db + "-shm")
	if err := os.Rename(tmp, db); err != nil {
		return 0, fmt.Errorf("app: unable to replace the database: %w", err)
	}
	if d, err := os.Open(cfg.DataDir); err == nil {
		d.Sync()
		d.Close()
	}
	st, err := store.OpenSQLite(db)
	if err != nil {
		return 0, err
	}
	defer st.Close()
	n, err := web.Reindex(ctx, st, cfg.DataDir, progress)
	if err != nil {
		return 0, fmt.Errorf("app: the database is restored but the search index is not (run `newsbridge search reindex`): %w", err)
	}
	return n, nil
}

// checkBackup opens the copy of a backup, checks it is a whole newsbridge
// database and migrates it to the current schema.
func checkBackup(ctx context.Context, path string) error {
	st, err := store.OpenSQLite(path)
	if err != nil {
		return err
	}
	defer st.Close()
	if err := st.IntegrityCheck(ctx); err != nil {
		return err
	}
	v, err := st.CheckSchema(ctx)
	if v == 0 {
		return model.Errorf(model.EInvalid, "app: the backup is not a newsbridge database")
	}
	if err != nil {
		return st.Migrate(ctx)
	}
	return nil
}

// removeDB removes a SQLite database file with its -wal and -shm files.
func removeDB(path string) {
	for _, p := range []string{path, path + "-wal", path + "-shm"} {
		os.Remove(p)
	}
}

func copyFile(from, to string) error {
	in, err := os.Open(from)
	if err != nil {
		return err
	}
	defer in.Close()
	out, err := os.OpenFile(to, os.O_CREATE|os.O_WRONLY|os.O_TRUNC, 0o644)
	if err != nil {
		return err
	}
	if _, err := io.Copy(out, in); err != nil {
		out.Close()
		return err
	}
	if err := out.Sync(); err != nil {
		out.Close()
		return err
	}
	return out.Close()
}
