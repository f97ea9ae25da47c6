package cli

import (
	"context"
	"fmt"
	"text/tabwriter"

	"newsbridge/app"
	"newsbridge/store"
)

func init() {
	register("user", "add, list or remove editors (with an API token)", runUser)
}

func runUser(ctx context.Context, e *env, args []string) error {
	if len(args) == 0 {
		return usageErr("user add [--role editor|admin] NAME | list | remove NAME")
	}
	sub, args := args[0], args[1:]
	fs := newFlags("user "+sub, "user add [--role editor|admin] NAME | list | remove NAME")
	var c common
	c.add(fs)
	role := fs.String("role", store.RoleEditor, "editor or admin")
	if err := parse(fs, args); err != nil {
		return err
	}
	a, err := c.open(ctx, e, app.Options{NoEngines: true, NoQueue: true})
	if err != nil {
		return err
	}
	defer a.Close()
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
		us, err := a.Store.Users(ctx)
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
		if err := a.Store.DeleteUser(ctx, fs.Arg(0)); err != nil {
			return err
		}
		fmt.Fprintf(e.stdout, "user %s removed\n", fs.Arg(0))
		return nil
	}
	return usageErr("unknown user command %q", sub)
}
