package cli

import (
	"context"
	"fmt"
	"os"
	"os/exec"

	"newsbridge/app"
	"newsbridge/model"
)

func runBackup(ctx context.Context, e *env, args []string) error {
	fs := newCommandFlags("backup", "backup [--data DIR | --database URL] FILE")
	if err := fs.parse(args); err != nil {
		return err
	}
	if fs.NArg() != 1 {
		return usageErr("backup FILE")
	}
	file := fs.Arg(0)
	cfg, err := fs.load()
	if err != nil {
		return err
	}
	if cfg.DatabaseURL != "" {
		// pg_dump takes a consistent snapshot of a running database.
		return pgTool(ctx, e, "pg_dump", "--format=custom", "--no-owner", "--file="+file, "--dbname="+cfg.DatabaseURL)
	}
	return fs.withApp(ctx, e, dbOnly, func(a *app.App) error {
		if err := a.Backup(ctx, file); err != nil {
			return err
		}
		st, _ := os.Stat(file)
		fmt.Fprintf(e.stdout, "backed up %s to %s (%d bytes)\n", cfg.DataDir, file, st.Size())
		return nil
	})
}

func runRestore(ctx context.Context, e *env, args []string) error {
	fs := newCommandFlags("restore", "restore [--data DIR | --database URL] FILE")
	if err := fs.parse(args); err != nil {
		return err
	}
	if fs.NArg() != 1 {
		return usageErr("restore FILE")
	}
	file := fs.Arg(0)
	cfg, err := fs.load()
	if err != nil {
		return err
	}
	if cfg.DatabaseURL != "" {
		// One transaction: the database is replaced whole or not at all.
		if err := pgTool(ctx, e, "pg_restore", "--clean", "--if-exists", "--no-owner", "--single-transaction",
			"--dbname="+cfg.DatabaseURL, file); err != nil {
			return err
		}
		// This node's index follows the restored database from scratch;
		// every other web node needs the same (`search reindex`).
		return fs.withApp(ctx, e, dbOnly, func(a *app.App) error {
			n, err := a.Reindex(ctx, func(done, total int) { progressBar(e, done, total) })
			if err != nil {
				return err
			}
			fmt.Fprintf(e.stderr, "\n")
			fmt.Fprintf(e.stdout, "restored %s; search index rebuilt here: %d documents (run `newsbridge search reindex` on every other web node)\n", file, n)
			return nil
		})
	}
	n, err := app.Restore(ctx, cfg, file, func(done, total int) { progressBar(e, done, total) })
	if err != nil {
		if model.ErrorCode(err) == model.EConflict {
			return fmt.Errorf("%w (stop `newsbridge serve` on this data directory first)", err)
		}
		return err
	}
	fmt.Fprintf(e.stderr, "\n")
	fmt.Fprintf(e.stdout, "restored %s into %s; search index rebuilt: %d documents\n", file, cfg.DataDir, n)
	return nil
}

// pgTool runs one of PostgreSQL's client programs, or says how to when it
// is not installed.
func pgTool(ctx context.Context, e *env, name string, args ...string) error {
	path, err := exec.LookPath(name)
	if err != nil {
		return fmt.Errorf("%s is not installed (Debian: apt-get install postgresql-client); run it yourself: %s %s", name, name, redactArgs(args))
	}
	cmd := exec.CommandContext(ctx, path, args...)
	cmd.Stdout, cmd.Stderr = e.stdout, e.stderr
	if err := cmd.Run(); err != nil {
		return fmt.Errorf("%s failed: %w", name, err)
	}
	return nil
}

// redactArgs shows a command line without the database URL's password.
func redactArgs(args []string) string {
	out := ""
	for i, a := range args {
		if len(a) > 9 && a[:9] == "--dbname=" {
			a = "--dbname=$NEWSBRIDGE_DATABASE_URL"
		}
		if i > 0 {
			out += " "
		}
		out += a
	}
	return out
}
