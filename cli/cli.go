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
	"sort"
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
	summary string
	run     func(ctx context.Context, e *env, args []string) error
}

var commands = map[string]command{}

func register(name, summary string, run func(ctx context.Context, e *env, args []string) error) {
	commands[name] = command{summary, run}
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
	cmd, ok := commands[args[0]]
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
	names := make([]string, 0, len(commands))
	for n := range commands {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, n := range names {
		fmt.Fprintf(w, "  %-10s %s\n", n, commands[n].summary)
	}
	fmt.Fprintln(w, `
Every command takes --data DIR (default ./data, or NEWSBRIDGE_DATA), --database URL
(postgres://…, or NEWSBRIDGE_DATABASE_URL) and --config FILE (default DIR/newsbridge.json).
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
