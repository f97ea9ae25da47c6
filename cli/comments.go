package cli

import (
	"context"
	"fmt"
	"strconv"
	"text/tabwriter"

	"newsbridge/app"
	"newsbridge/client"
	"newsbridge/model"
	"newsbridge/store"
)

func runComments(ctx context.Context, e *env, args []string) error {
	if len(args) == 0 {
		return usageErr("comments list [--status pending] | approve ID | reject ID | spam ID [--server URL]")
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
		return remoteComments(ctx, e, c, sub, *status, fs)
	}
	return fs.withApp(ctx, e, dbOnly, func(a *app.App) error {
		if sub == "list" {
			cs, err := a.Comments(ctx, store.CommentFilter{Status: *status})
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
		if err := a.ModerateComment(ctx, id, to); err != nil {
			return err
		}
		fmt.Fprintf(e.stdout, "comment %d is now %s\n", id, to)
		return nil
	})
}

// remoteComments runs a comments command through a server's API.
func remoteComments(ctx context.Context, e *env, c *client.Client, sub, status string, fs *flags) error {
	if sub == "list" {
		cs, err := c.Comments(ctx, status)
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
	if err := c.ModerateComment(ctx, id, sub); err != nil {
		return err
	}
	fmt.Fprintf(e.stdout, "comment %d is now %s\n", id, to)
	return nil
}
