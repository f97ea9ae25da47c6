package cli

import (
	"context"
	"fmt"
	"text/tabwriter"

	"newsbridge/app"
)

func runStats(ctx context.Context, e *env, args []string) error {
	fs := newCommandFlags("stats", "stats")
	if err := fs.parse(args); err != nil {
		return err
	}
	return fs.withApp(ctx, e, dbOnly, func(a *app.App) error {
		n, err := a.Counts(ctx)
		if err != nil {
			return err
		}
		fmt.Fprintf(e.stdout, "sources %d\narticles %d (extracted %d, failed %d)\ntranslations %d (flagged %d)\npublications %d\n\n",
			n.Sources, n.Articles, n.Extracted, n.Failed, n.Translations, n.Flagged, n.Publications)
		usage, err := a.UsageTotals(ctx)
		if err != nil {
			return err
		}
		tw := tabwriter.NewWriter(e.stdout, 2, 4, 2, ' ', 0)
		fmt.Fprintln(tw, "ENGINE\tCHARS SENT\tSEGMENTS SENT\tMEMORY HITS\tHIT RATE")
		var hits, total int64
		for _, u := range usage {
			rate := 0.0
			if u.Segments+u.MemoryHits > 0 {
				rate = float64(u.MemoryHits) / float64(u.Segments+u.MemoryHits)
			}
			hits += u.MemoryHits
			total += u.Segments + u.MemoryHits
			fmt.Fprintf(tw, "%s\t%d\t%d\t%d\t%.1f%%\n", u.Engine, u.Chars, u.Segments, u.MemoryHits, 100*rate)
		}
		tw.Flush()
		if total > 0 {
			fmt.Fprintf(e.stdout, "\nmemory hit rate overall: %.1f%% of %d segments\n", 100*float64(hits)/float64(total), total)
		}
		machine, editor, err := a.MemoryStats(ctx)
		if err == nil {
			fmt.Fprintf(e.stdout, "translation memory: %d machine entries, %d editor entries\n", machine, editor)
		}
		return nil
	})
}

func runMigrate(ctx context.Context, e *env, args []string) error {
	fs := newCommandFlags("migrate", "migrate")
	if err := fs.parse(args); err != nil {
		return err
	}
	return fs.withApp(ctx, e, app.Options{NoEngines: true, Migrate: true}, func(a *app.App) error {
		v, _ := a.SchemaVersion(ctx)
		fmt.Fprintf(e.stdout, "database schema at version %d\n", v)
		return nil
	})
}
