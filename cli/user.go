package cli

import (
	"context"
	"fmt"
	"text/tabwriter"

	"newsbridge/app"
	"newsbridge/store"
)

func runUser(ctx context.Context, e *env, args []string) error {
	if len(args) == 0 {
		return usageErr("user add [--role editor|admin] NAME | list | remove NAME")
	}
	sub, args := args[0], args[1:]
	fs := newCommandFlags("user "+sub, "user add [--role editor|admin] NAME | list | remove NAME")
	role := fs.String("role", store.RoleEditor, "editor or admin")
	if err := fs.parse(args); err != nil {
		return err
	}
	return fs.withApp(ctx, e, dbOnly, func(a *app.App) error {
		switch sub {
		case "add":
			if fs.NArg() != 1 {
				return usageErr("user add needs one NAME")
			}
			token, err := a.AddUser(ctx, fs.Arg(0), *role)
			if err != nil {
				return err
			}
			fmt.Fprintf(e.stdout, "user %s added (%s). API token, shown only now:\n%s\n", fs.Arg(0), *role, token)
			return nil
		case "list":
			us, err := a.Users(ctx)
			if err != nil {
				return err
			}
			tw := tabwriter.NewWriter(e.stdout, 2, 4, 2, ' ', 0)
			fmt.Fprintln(tw, "NAME\tROLE\tCREATED")
			for _, u := range us {
				fmt.Fprintf(tw, "%s\t%s\t%s\n", u.Name, u.Role, when(u.CreatedAt))
			}
			return tw.Flush()
		case "remove":
			if fs.NArg() != 1 {
				return usageErr("user remove needs one NAME")
			}
			if err := a.RemoveUser(ctx, fs.Arg(0)); err != nil {
				return err
			}
			fmt.Fprintf(e.stdout, "user %s removed\n", fs.Arg(0))
			return nil
		}
		return usageErr("unknown user command %q", sub)
	})
}
