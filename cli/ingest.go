package cli

import (
	"context"
	"fmt"

	"newsbridge/app"
)

func runIngest(ctx context.Context, e *env, args []string) error {
	fs := newCommandFlags("ingest", "ingest --once")
	once := fs.Bool("once", false, "poll every due source, process all resulting work to completion, then exit")
	if err := fs.parse(args); err != nil {
		return err
	}
	if !*once {
		return usageErr("only --once is supported; `newsbridge serve` ingests continuously")
	}
	return fs.withApp(ctx, e, app.Options{Work: true, ApplySections: true}, func(a *app.App) error {
		waiting, err := a.RunOnce(ctx, nil)
		if err != nil {
			return err
		}
		counts, err := a.Counts(ctx)
		if err != nil {
			return err
		}
		fmt.Fprintf(e.stdout, "sources %d, articles %d (extracted %d, failed %d), translations %d (flagged %d), publications %d\n",
			counts.Sources, counts.Articles, counts.Extracted, counts.Failed, counts.Translations, counts.Flagged, counts.Publications)
		if waiting > 0 {
			fmt.Fprintf(e.stdout, "%d jobs wait for a retry later (see `newsbridge source list` for errors)\n", waiting)
		}
		return a.SourceErrors(ctx)
	})
}
