// Package cli is newsbridge's command line: the standard flag package, one
// file per subcommand.
package cli

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"os/signal"
	"strings"
	"syscall"

	"newsbridge/app"
	"newsbridge/config"
)

// env is what a command runs with.
type env struct {
	stdin          io.Reader
	stdout, stderr io.Writer
}

type command struct {
	name, summary string
	run           func(ctx context.Context, e *env, args []string) error
}

// commands are newsbridge's commands, in the order usage lists them.
var commands = []command{
	{"backup", "copy the database to FILE while newsbridge runs (pg_dump on PostgreSQL)", runBackup},
	{"comments", "moderate readers' comments: list, approve, reject, spam", runComments},
	{"extract", "extract one HTML page into an article (JSON)", runExtract},
	{"glossary", "add, list, remove, import or export glossary terms", runGlossary},
	{"ingest", "poll due sources and process the resulting work", runIngest},
	{"migrate", "apply pending database migrations", runMigrate},
	{"restore", "replace the database with a backup and rebuild the search index", runRestore},
	{"review", "list translations flagged by the quality checks", runReview},
	{"search", "rebuild the search index from the database (search reindex)", runSearch},
	{"serve", "serve the site and the API, and run the pipeline's workers", runServe},
	{"source", "add, list, pause, resume, poll or remove outlets; map their categories to sections", runSource},
	{"stats", "pipeline counts, translation memory hit rate and characters sent per engine", runStats},
	{"translate", "translate plain text or an article JSON", runTranslate},
	{"user", "add, list or remove editors (with an API token)", runUser},
}

func lookup(name string) (command, bool) {
	for _, c := range commands {
		if c.name == name {
			return c, true
		}
	}
	return command{}, false
}

// errUsage marks a mistake in the command line (exit status 2).
var errUsage = errors.New("usage")

// Main runs one command and returns the process exit status.
func Main(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	if len(args) == 0 || args[0] == "-h" || args[0] == "--help" || args[0] == "help" {
		usage(stdout)
		if len(args) == 0 {
			return 2
		}
		return 0
	}
	cmd, ok := lookup(args[0])
	if !ok {
		fmt.Fprintf(stderr, "newsbridge: unknown command %q\n\n", args[0])
		usage(stderr)
		return 2
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	err := cmd.run(ctx, &env{stdin: stdin, stdout: stdout, stderr: stderr}, args[1:])
	switch {
	case err == nil:
		return 0
	case errors.Is(err, flag.ErrHelp):
		return 0
	case errors.As(err, new(helpText)):
		fmt.Fprintf(stdout, "usage: newsbridge %s\n", err)
		return 0
	case errors.Is(err, errUsage):
		if msg := strings.TrimPrefix(err.Error(), "usage: "); msg != "usage" {
			fmt.Fprintf(stderr, "newsbridge %s: %s\n", args[0], msg)
		}
		return 2
	default:
		fmt.Fprintf(stderr, "newsbridge %s: %s\n", args[0], err)
		return 1
	}
}

func usage(w io.Writer) {
	fmt.Fprintln(w, `newsbridge republishes a newsroom in every language.

Usage: newsbridge <command> [flags] [arguments]

Commands:`)
	for _, c := range commands {
		fmt.Fprintf(w, "  %-10s %s\n", c.name, c.summary)
	}
	fmt.Fprintln(w, `
Every command takes --data DIR (default ./data, or NEWSBRIDGE_DATA), --database URL
(postgres://…, or NEWSBRIDGE_DATABASE_URL) and --config FILE (default DIR/newsbridge.json).
source list|add|sections, review list, comments, glossary list|export and user list take --server URL (or NEWSBRIDGE_SERVER) and
--token T (or NEWSBRIDGE_TOKEN) to act on a running server through its API instead.
Run 'newsbridge <command> -h' for a command's flags.`)
}

// common are the flags every command that opens the data takes.
type common struct {
	data, database, configFile string
	verbose                    bool
}

func (c *common) add(fs *flag.FlagSet) {
	fs.StringVar(&c.data, "data", "", "data directory (SQLite database, search index); default ./data or NEWSBRIDGE_DATA")
	fs.StringVar(&c.database, "database", "", "PostgreSQL URL (postgres://…) instead of SQLite; or NEWSBRIDGE_DATABASE_URL")
	fs.StringVar(&c.configFile, "config", "", "JSON configuration file; default DATA/newsbridge.json when present")
	fs.BoolVar(&c.verbose, "v", false, "log debug details")
}

// load builds the configuration: defaults, then the config file, then the
// environment, then flags (config.Load).
func (c *common) load() (config.Config, error) {
	return config.Load(os.Getenv, config.Flags{DataDir: c.data, DatabaseURL: c.database, ConfigFile: c.configFile})
}

// logger logs at level, or at debug with -v.
func (c *common) logger(w io.Writer, level slog.Level) *slog.Logger {
	if c.verbose {
		level = slog.LevelDebug
	}
	return slog.New(slog.NewTextHandler(w, &slog.HandlerOptions{Level: level}))
}

// open opens the app for a command.
func (c *common) open(ctx context.Context, e *env, opts app.Options) (*app.App, error) {
	cfg, err := c.load()
	if err != nil {
		return nil, err
	}
	if opts.Logger == nil {
		// One-shot commands keep standard error for what the operator
		// must see: warnings, errors and (translate) the checks' findings.
		opts.Logger = c.logger(e.stderr, slog.LevelWarn)
	}
	return app.Open(ctx, cfg, opts)
}

// Options for commands that only read or write the database.
var dbOnly = app.Options{NoEngines: true, NoQueue: true}

// flags are one command's flags with the common ones.
type flags struct {
	*flag.FlagSet
	common
	remote remote
}

// newCommandFlags declares a command's flag set with the common flags.
func newCommandFlags(name, synopsis string) *flags {
	f := &flags{FlagSet: newFlags(name, synopsis)}
	f.common.add(f.FlagSet)
	return f
}

// parse parses args, turning a flag mistake into errUsage.
func (f *flags) parse(args []string) error { return parse(f.FlagSet, args) }

// withApp opens the app with opts, runs fn on it and closes it.
func (f *flags) withApp(ctx context.Context, e *env, opts app.Options, fn func(a *app.App) error) error {
	a, err := f.common.open(ctx, e, opts)
	if err != nil {
		return err
	}
	defer a.Close()
	return fn(a)
}

// parse parses flags, turning a flag mistake into errUsage.
func parse(fs *flag.FlagSet, args []string) error {
	fs.SetOutput(io.Discard)
	// Flags may come after the arguments too (`source add URL --data D`).
	var positional []string
	for {
		if err := fs.Parse(args); err != nil {
			if errors.Is(err, flag.ErrHelp) {
				fs.SetOutput(os.Stdout)
				fs.Usage()
				return flag.ErrHelp
			}
			return fmt.Errorf("%w: %v (see -h)", errUsage, err)
		}
		rest := fs.Args()
		if len(rest) == 0 {
			break
		}
		if len(args) > len(rest) && args[len(args)-len(rest)-1] == "--" {
			positional = append(positional, rest...)
			break
		}
		positional = append(positional, rest[0])
		args = rest[1:]
	}
	return fs.Parse(append([]string{"--"}, positional...))
}

func newFlags(name, synopsis string) *flag.FlagSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.Usage = func() {
		fmt.Fprintf(fs.Output(), "Usage: newsbridge %s\n\nFlags:\n", synopsis)
		fs.PrintDefaults()
	}
	return fs
}

// usageErr returns an errUsage with a message.
func usageErr(format string, args ...any) error {
	return fmt.Errorf("%w: %s", errUsage, fmt.Sprintf(format, args...))
}

// groupUsage answers a command made of sub-commands (source, glossary…)
// called with none, or asking for help: its usage line, a mistake (exit
// status 2, on stderr) when nothing was given, an answer (0, on stdout)
// for -h, --help or help; nil when a sub-command was named.
func groupUsage(args []string, usage string) error {
	switch {
	case len(args) == 0:
		return usageErr("%s", usage)
	case args[0] == "-h" || args[0] == "--help" || args[0] == "help":
		return helpText(usage)
	}
	return nil
}

// helpText is help asked for: printed on stdout, exit status 0.
type helpText string

func (h helpText) Error() string { return string(h) }
