package cli

import (
	"context"
	"fmt"
	"strconv"
	"text/tabwriter"
	"time"

	"newsbridge/app"
	"newsbridge/client"
	"newsbridge/model"
)

func runSource(ctx context.Context, e *env, args []string) error {
	if err := groupUsage(args, "source add|list|remove|poll|pause|resume|sections (see source <sub> -h)"); err != nil {
		return err
	}
	sub, args := args[0], args[1:]
	switch sub {
	case "add":
		fs := newCommandFlags("source add", "source add [--name NAME] [--language LANG] [--interval 15m] FEED_URL")
		name := fs.String("name", "", "the outlet's name, shown in attributions (default: the feed's host)")
		lang := fs.String("language", "", "the outlet's language (BCP-47); default: detected per article")
		interval := fs.Duration("interval", 15*time.Minute, "time between two polls of the feed")
		fs.addRemote()
		if err := fs.parse(args); err != nil {
			return err
		}
		if fs.NArg() != 1 {
			return usageErr("source add needs one FEED_URL")
		}
		if *lang != "" {
			l, err := model.ParseLang(*lang)
			if err != nil {
				return usageErr("%q is not a language tag", *lang)
			}
			*lang = l.Tag
		}
		if c, err := fs.client(); err != nil || c != nil {
			if err != nil {
				return err
			}
			src, err := c.AddSource(ctx, client.NewSource{FeedURL: fs.Arg(0), Name: *name, Language: *lang, Interval: interval.String()})
			if err != nil {
				return err
			}
			fmt.Fprintf(e.stdout, "source %d added: %s (%s)\n", src.ID, src.Name, src.FeedURL)
			return nil
		}
		return fs.withApp(ctx, e, dbOnly, func(a *app.App) error {
			src, err := a.AddSource(ctx, fs.Arg(0), *name, *lang, *interval)
			if err != nil {
				return err
			}
			fmt.Fprintf(e.stdout, "source %d added: %s (%s)\n", src.ID, src.Name, src.FeedURL)
			return nil
		})
	case "list":
		fs := newCommandFlags("source list", "source list [--server URL]")
		fs.addRemote()
		if err := fs.parse(args); err != nil {
			return err
		}
		if c, err := fs.client(); err != nil || c != nil {
			if err != nil {
				return err
			}
			srcs, err := c.Sources(ctx)
			if err != nil {
				return err
			}
			tw := tabwriter.NewWriter(e.stdout, 2, 4, 2, ' ', 0)
			fmt.Fprintln(tw, "ID\tNAME\tLANG\tFEED\tLAST CHECK\tNEXT CHECK\tSTATUS")
			for _, s := range srcs {
				status := "ok"
				if !s.Enabled {
					status = "paused"
				}
				if s.LastError != "" {
					status = "error: " + s.LastError
				}
				fmt.Fprintf(tw, "%d\t%s\t%s\t%s\t%s\t%s\t%s\n", s.ID, s.Name, orDash(s.Language), s.FeedURL, when(s.LastCheck), when(s.NextCheck), status)
			}
			return tw.Flush()
		}
		return fs.withApp(ctx, e, dbOnly, func(a *app.App) error {
			srcs, err := a.Sources(ctx)
			if err != nil {
				return err
			}
			tw := tabwriter.NewWriter(e.stdout, 2, 4, 2, ' ', 0)
			fmt.Fprintln(tw, "ID\tNAME\tLANG\tFEED\tLAST CHECK\tNEXT CHECK\tSTATUS")
			for _, s := range srcs {
				status := "ok"
				if !s.Enabled {
					status = "paused"
				}
				if s.LastError != "" {
					status = fmt.Sprintf("error (%d): %s", s.ErrorCount, s.LastError)
				}
				fmt.Fprintf(tw, "%d\t%s\t%s\t%s\t%s\t%s\t%s\n", s.ID, s.Name, orDash(s.Language), s.FeedURL, when(s.LastCheckedAt), when(s.NextCheckAt), status)
			}
			return tw.Flush()
		})
	case "remove":
		fs := newCommandFlags("source remove", "source remove ID")
		if err := fs.parse(args); err != nil {
			return err
		}
		id, err := strconv.ParseInt(fs.Arg(0), 10, 64)
		if err != nil || fs.NArg() != 1 {
			return usageErr("source remove needs one numeric ID")
		}
		return fs.withApp(ctx, e, dbOnly, func(a *app.App) error {
			gone, err := a.RemoveSource(ctx, id)
			if err != nil {
				return err
			}
			fmt.Fprintf(e.stdout, "source %d removed with its %d article(s), %d translation(s), %d published page(s) and %d comment(s)\n",
				id, gone.Articles, gone.Translations, gone.Pages, gone.Comments)
			return nil
		})
	case "pause", "resume":
		fs := newCommandFlags("source "+sub, "source "+sub+" ID")
		if err := fs.parse(args); err != nil {
			return err
		}
		id, err := strconv.ParseInt(fs.Arg(0), 10, 64)
		if err != nil || fs.NArg() != 1 {
			return usageErr("source %s needs one numeric ID", sub)
		}
		return fs.withApp(ctx, e, dbOnly, func(a *app.App) error {
			if sub == "pause" {
				if _, err := a.PauseSource(ctx, id); err != nil {
					return err
				}
				fmt.Fprintf(e.stdout, "source %d paused: it is not polled until resumed; its articles stay published\n", id)
				return nil
			}
			if _, err := a.ResumeSource(ctx, id); err != nil {
				return err
			}
			fmt.Fprintf(e.stdout, "source %d resumed: it is polled at the next scheduling round\n", id)
			return nil
		})
	case "sections":
		return runSourceSections(ctx, e, args)
	case "poll":
		fs := newCommandFlags("source poll", "source poll ID")
		if err := fs.parse(args); err != nil {
			return err
		}
		id, err := strconv.ParseInt(fs.Arg(0), 10, 64)
		if err != nil || fs.NArg() != 1 {
			return usageErr("source poll needs one numeric ID")
		}
		return fs.withApp(ctx, e, dbOnly, func(a *app.App) error {
			if err := a.PollSourceNow(ctx, id); err != nil {
				return err
			}
			fmt.Fprintf(e.stdout, "source %d will be polled at the next scheduling round (or run `newsbridge ingest --once`)\n", id)
			return nil
		})
	}
	return usageErr("unknown source command %q (add, list, remove, poll, pause, resume, sections)", sub)
}

func when(t time.Time) string {
	if t.IsZero() {
		return "-"
	}
	return t.Local().Format("2006-01-02 15:04")
}

func orDash(s string) string {
	if s == "" {
		return "-"
	}
	return s
}
