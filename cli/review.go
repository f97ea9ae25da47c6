package cli

import (
	"context"
	"fmt"
	"text/tabwriter"

	"newsbridge/app"
)

func init() {
	register("review", "list translations flagged by the quality checks", runReview)
}

func runReview(ctx context.Context, e *env, args []string) error {
	if len(args) == 0 || args[0] != "list" {
		return usageErr("review list [--limit N]")
	}
	fs := newFlags("review list", "review list [--limit N]")
	var c common
	c.add(fs)
	limit := fs.Int("limit", 50, "how many translations to show")
	if err := parse(fs, args[1:]); err != nil {
		return err
	}
	a, err := c.open(ctx, e, app.Options{NoEngines: true, NoQueue: true})
	if err != nil {
		return err
	}
	defer a.Close()
	rows, err := a.Store.ReviewQueue(ctx, *limit)
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
}
