package cli

import (
	"context"
	"fmt"
	"os"
	"strings"
	"text/tabwriter"

	"golang.org/x/term"

	"newsbridge/app"
	"newsbridge/store"
)

const userUsage = "user add [--role editor|admin] [--password-file F] NAME | list | remove NAME"

func runUser(ctx context.Context, e *env, args []string) error {
	if err := groupUsage(args, userUsage); err != nil {
		return err
	}
	sub, args := args[0], args[1:]
	fs := newCommandFlags("user "+sub, userUsage)
	role := fs.String("role", store.RoleEditor, "editor or admin")
	pwFile := fs.String("password-file", "", "read the password for the editor screens from this file (first line); "+
		"without it, a terminal asks for one, and none is set otherwise (the user has the API token only)")
	fs.addRemote()
	if err := fs.parse(args); err != nil {
		return err
	}
	if c, err := fs.client(); err != nil || c != nil {
		if err != nil {
			return err
		}
		if sub != "list" {
			return usageErr("user %s does not take --server (list does)", sub)
		}
		us, err := c.Users(ctx)
		if err != nil {
			return err
		}
		tw := tabwriter.NewWriter(e.stdout, 2, 4, 2, ' ', 0)
		fmt.Fprintln(tw, "NAME\tROLE\tCREATED")
		for _, u := range us {
			fmt.Fprintf(tw, "%s\t%s\t%s\n", u.Name, u.Role, when(u.CreatedAt))
		}
		return tw.Flush()
	}
	return fs.withApp(ctx, e, dbOnly, func(a *app.App) error {
		switch sub {
		case "add":
			if fs.NArg() != 1 {
				return usageErr("user add needs one NAME")
			}
			password, err := readPassword(e, *pwFile)
			if err != nil {
				return err
			}
			token, err := a.AddUser(ctx, fs.Arg(0), *role, password)
			if err != nil {
				return err
			}
			pw := "no password: API token only"
			if password != "" {
				pw = "password set"
			}
			fmt.Fprintf(e.stdout, "user %s added (%s, %s). API token, shown only now:\n%s\n", fs.Arg(0), *role, pw, token)
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

// readPassword reads a new user's password: the first line of file, or
// typed twice on a terminal (without echo); "" when neither applies or the
// operator types none.
func readPassword(e *env, file string) (string, error) {
	if file != "" {
		b, err := os.ReadFile(file)
		if err != nil {
			return "", fmt.Errorf("cli: unable to read the password file: %w", err)
		}
		line, _, _ := strings.Cut(string(b), "\n")
		return strings.TrimRight(line, "\r"), nil
	}
	f, ok := e.stdin.(*os.File)
	if !ok || !term.IsTerminal(int(f.Fd())) {
		return "", nil
	}
	fmt.Fprint(e.stderr, "Password for the editor screens (empty: API token only): ")
	p1, err := term.ReadPassword(int(f.Fd()))
	fmt.Fprintln(e.stderr)
	if err != nil || len(p1) == 0 {
		return "", err
	}
	fmt.Fprint(e.stderr, "Again: ")
	p2, err := term.ReadPassword(int(f.Fd()))
	fmt.Fprintln(e.stderr)
	if err != nil {
		return "", err
	}
	if string(p1) != string(p2) {
		return "", usageErr("the two passwords differ")
	}
	return string(p1), nil
}
