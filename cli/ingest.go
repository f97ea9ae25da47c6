package cli

import (
	"context"
	"fmt"

	"newsbridge/app"
)

func init() {
	register("ingest", "poll due sources and process the resulting work", runIngest)
}

func runIngest(ctx context.Context, e *env, args []string) error {
	fs := newFlags("ingest", "ingest --once")
	var c common
	c.add(fs)
	once := fs.Bool("once", false, "poll every due source, process all resulting work to completion, then exit")
	if err := parse(fs, args); err != nil {
		return err
	}
	if !*once {
		return usageErr("only --once is supported; `newsbridge serve` ingests continuously")
	}
	a, err := c.open(ctx, e, app.Options{Work: true})
	if err != nil {
		return err
	}
	defer a.Close()
	waiting, err := a.RunOnce(ctx, nil)
	if err != nil {
		return err
	}
	counts, err := a.Store.Counts(ctx)
	if err != nil {
		return err
	}
	fmt.Fprintf(e.stdout, "sources %d, articles %d (extracted %d, failed %d), translations %d (flagged %d), publications %d\n",
		counts.Sources, counts.Articles, counts.Extracted, counts.Failed, counts.Translations, counts.Flagged, counts.Publications)
	if waiting > 0 {
		fmt.Fprintf(e.stdout, "%d jobs wait for a retry later (see `newsbridge source list` for errors)\n", waiting)
	}
	return a.SourceErrors(ctx)
}
