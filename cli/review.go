package cli

import (
	"context"
	"fmt"
	"text/tabwriter"

	"newsbridge/app"
	"newsbridge/client"
	"newsbridge/store"
)

func runReview(ctx context.Context, e *env, args []string) error {
	const usage = "review list [--limit N] [--server URL]"
	if err := groupUsage(args, usage); err != nil {
		return err
	}
	if args[0] != "list" {
		return usageErr(usage)
	}
	fs := newCommandFlags("review list", usage)
	limit := fs.Int("limit", 50, "how many translations to show")
	fs.addRemote()
	if err := fs.parse(args[1:]); err != nil {
		return err
	}
	if c, err := fs.client(); err != nil || c != nil {
		if err != nil {
			return err
		}
		items, _, err := c.Review(ctx, client.ReviewFilter{Limit: *limit})
		if err != nil {
			return err
		}
		tw := tabwriter.NewWriter(e.stdout, 2, 4, 2, ' ', 0)
		fmt.Fprintln(tw, "ARTICLE\tLANG\tFLAGS\tTITLE\tSTATE")
		for _, r := range items {
			state := r.State
			if r.Error != "" {
				state += ": " + r.Error
			}
			fmt.Fprintf(tw, "%d\t%s\t%d\t%s\t%s\n", r.Article, r.Lang, r.Flags, r.Title, state)
		}
		return tw.Flush()
	}
	return fs.withApp(ctx, e, dbOnly, func(a *app.App) error {
		rows, err := a.ReviewQueue(ctx, store.ReviewFilter{Limit: *limit})
		if err != nil {
			return err
		}
		tw := tabwriter.NewWriter(e.stdout, 2, 4, 2, ' ', 0)
		fmt.Fprintln(tw, "ARTICLE\tLANG\tFLAGS\tTITLE\tPROBLEMS")
		for _, r := range rows {
			problems := r.Error
			for i, f := range r.Flags {
				if i == 3 {
					problems += fmt.Sprintf(" … (+%d)", len(r.Flags)-3)
					break
				}
				if problems != "" {
					problems += "; "
				}
				problems += f.Field + " " + f.Kind + ": " + f.Message
			}
			fmt.Fprintf(tw, "%d\t%s\t%d\t%s\t%s\n", r.ArticleID, r.Lang, r.FlagCount, r.Title, problems)
		}
		return tw.Flush()
	})
}
