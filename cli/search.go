package cli

import (
	"context"
	"fmt"
	"strings"

	"newsbridge/app"
	"newsbridge/model"
)

func runSearch(ctx context.Context, e *env, args []string) error {
	if len(args) == 0 || args[0] != "reindex" {
		return usageErr("search reindex")
	}
	fs := newCommandFlags("search reindex", "search reindex")
	if err := fs.parse(args[1:]); err != nil {
		return err
	}
	return fs.withApp(ctx, e, dbOnly, func(a *app.App) error {
		n, err := a.Reindex(ctx, func(done, total int) { progressBar(e, done, total) })
		if model.ErrorCode(err) == model.EConflict {
			return fmt.Errorf("%w (stop `newsbridge serve` on this data directory first)", err)
		}
		if err != nil {
			return err
		}
		progressBar(e, n, n)
		fmt.Fprintf(e.stderr, "\n")
		fmt.Fprintf(e.stdout, "search index rebuilt: %d documents\n", n)
		return nil
	})
}

// progressBar draws a one-line bar on standard error.
func progressBar(e *env, done, total int) {
	const width = 40
	if total <= 0 {
		fmt.Fprintf(e.stderr, "\r%d documents", done)
		return
	}
	filled := width * min(done, total) / total
	fmt.Fprintf(e.stderr, "\r[%s%s] %d/%d", strings.Repeat("#", filled), strings.Repeat(".", width-filled), done, total)
}
