package cli

import (
	"context"
	"fmt"
	"strconv"
	"text/tabwriter"

	"newsbridge/app"
	"newsbridge/model"
	"newsbridge/store"
)

func runComments(ctx context.Context, e *env, args []string) error {
	if err := groupUsage(args, "comments list [--status pending] | approve ID | reject ID | spam ID [--server URL]"); err != nil {
		return err
	}
	sub, args := args[0], args[1:]
	fs := newCommandFlags("comments "+sub, "comments list [--status pending] | approve ID | reject ID | spam ID [--server URL]")
	status := fs.String("status", model.CommentPending, "with list: pending, approved, rejected or spam")
	fs.addRemote()
	if err := fs.parse(args); err != nil {
		return err
	}
	if c, err := fs.client(); err != nil || c != nil {
		if err != nil {
			return err
		}
		return moderate(ctx, e, sub, *status, fs, commentDesk{
			list: func(ctx context.Context, status string) ([]model.Comment, error) {
				cs, err := c.Comments(ctx, status)
				out := make([]model.Comment, 0, len(cs))
				for _, cm := range cs {
					out = append(out, model.Comment{ID: cm.ID, ArticleID: cm.ArticleID, Lang: cm.Lang, Author: cm.Author,
						Body: cm.Body, Status: cm.Status, CreatedAt: cm.CreatedAt})
				}
				return out, err
			},
			// The API names the action (approve), the store the status.
			set: func(ctx context.Context, id int64, action, _ string) error { return c.ModerateComment(ctx, id, action) },
		})
	}
	return fs.withApp(ctx, e, dbOnly, func(a *app.App) error {
		return moderate(ctx, e, sub, *status, fs, commentDesk{
			list: func(ctx context.Context, status string) ([]model.Comment, error) {
				return a.Comments(ctx, store.CommentFilter{Status: status})
			},
			set: func(ctx context.Context, id int64, _, status string) error { return a.ModerateComment(ctx, id, status) },
		})
	})
}

// commentDesk is where comments are moderated: this database, or a
// server through its API.
type commentDesk struct {
	list func(ctx context.Context, status string) ([]model.Comment, error)
	set  func(ctx context.Context, id int64, action, status string) error
}

// moderate runs one comments subcommand at a desk.
func moderate(ctx context.Context, e *env, sub, status string, fs *flags, d commentDesk) error {
	if sub == "list" {
		cs, err := d.list(ctx, status)
		if err != nil {
			return err
		}
		tw := tabwriter.NewWriter(e.stdout, 2, 4, 2, ' ', 0)
		fmt.Fprintln(tw, "ID\tARTICLE\tLANG\tAUTHOR\tSTATUS\tCOMMENT")
		for _, cm := range cs {
			body := []rune(cm.Body)
			if len(body) > 80 {
				body = append(body[:80], '…')
			}
			fmt.Fprintf(tw, "%d\t%d\t%s\t%s\t%s\t%q\n", cm.ID, cm.ArticleID, cm.Lang, cm.Author, cm.Status, string(body))
		}
		return tw.Flush()
	}
	to := map[string]string{"approve": model.CommentApproved, "reject": model.CommentRejected, "spam": model.CommentSpam}[sub]
	if to == "" {
		return usageErr("unknown comments command %q", sub)
	}
	id, err := strconv.ParseInt(fs.Arg(0), 10, 64)
	if err != nil || fs.NArg() != 1 {
		return usageErr("comments %s needs one numeric ID", sub)
	}
	if err := d.set(ctx, id, sub, to); err != nil {
		return err
	}
	fmt.Fprintf(e.stdout, "comment %d is now %s\n", id, to)
	return nil
}
