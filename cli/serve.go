package cli

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/jackc/pgx/v5/pgconn"

	"newsbridge/app"
	"newsbridge/config"
	"newsbridge/demo"
	"newsbridge/model"
	"newsbridge/web"
)

func runServe(ctx context.Context, e *env, args []string) error {
	fs := newCommandFlags("serve", "serve [--addr HOST:PORT] [--role all|web|worker] [--data DIR] [--static-dir DIR] [--demo] [--migrate] [--wait-database 1m]")
	addr := fs.String("addr", "", "address to listen on (default 127.0.0.1:8080, or NEWSBRIDGE_ADDR)")
	baseURL := fs.String("base-url", "", "the site's public URL (default http://ADDR)")
	demoMode := fs.Bool("demo", false, "also serve a sample outlet on loopback and follow it")
	demoAddr := fs.String("demo-addr", "", "address of the sample outlet (default: 127.0.0.1, ADDR's port + 1)")
	migrate := fs.Bool("migrate", false, "apply pending database migrations before starting")
	role := fs.String("role", "all", "all: site, API and workers; web: site, API and editor, following the search index, no job workers; "+
		"worker: jobs and periodic scheduling, serving only /healthz, /readyz and /metrics")
	grace := fs.Duration("shutdown-timeout", 30*time.Second, "on SIGTERM or SIGINT, how long requests and running jobs may take to finish; "+
		"jobs still running then are handed back to the queue")
	staticDir := fs.String("static-dir", "", "also write every public page, feed, sitemap and asset to this directory, with .gz copies, "+
		"as they change, for nginx to serve (docs/deploy.md); the directory is newsbridge's: other files in it are removed")
	waitDB := fs.Duration("wait-database", time.Minute, "on PostgreSQL, how long to keep trying to reach the database at start-up "+
		"(a server restarting, or not up yet) before giving up")
	staticHook := fs.String("static-hook", "", "shell command run with the URL paths each --static-dir pass changed as its arguments (e.g. a CDN purge)")
	if err := fs.parse(args); err != nil {
		return err
	}
	site, work := true, true
	switch *role {
	case "all":
	case "web":
		work = false
	case "worker":
		site = false
	default:
		return usageErr("--role must be all, web or worker, not %q", *role)
	}
	if *staticDir != "" && !site {
		return usageErr("--static-dir needs --role all or web")
	}
	if *demoMode && !(site && work) {
		return usageErr("--demo needs --role all")
	}
	cfg, err := fs.load()
	if err != nil {
		return err
	}
	if *addr != "" {
		cfg.Addr = *addr
	}
	if *baseURL != "" {
		cfg.BaseURL = *baseURL
	}
	log := fs.logger(e.stderr, slog.LevelInfo)
	ln, err := net.Listen("tcp", cfg.Addr)
	if err != nil {
		return fmt.Errorf("unable to listen on %s: %w", cfg.Addr, err)
	}
	defer ln.Close()
	if cfg.BaseURL == "" {
		cfg.BaseURL = "http://" + ln.Addr().String()
	}

	var demoSrv *http.Server
	var demoURL string
	if *demoMode {
		da := *demoAddr
		if da == "" {
			// Loopback whatever ADDR's interface: the outlet is for this
			// process only, not for the network --addr may face.
			_, port, _ := net.SplitHostPort(ln.Addr().String())
			p, _ := strconv.Atoi(port)
			da = net.JoinHostPort("127.0.0.1", strconv.Itoa(p+1))
		}
		dln, err := net.Listen("tcp", da)
		if err != nil {
			return fmt.Errorf("unable to start the sample outlet on %s (choose another with --demo-addr): %w", da, err)
		}
		demoURL = "http://" + dln.Addr().String()
		// The fetcher connects to loopback only when told to.
		cfg.Fetch.Allow = append(cfg.Fetch.Allow, dln.Addr().String())
		demoSrv = &http.Server{Handler: demo.Handler(), ReadHeaderTimeout: 10 * time.Second}
		go demoSrv.Serve(dln)
		defer demoSrv.Close()
		// The sample outlet is our own, on loopback: no need to wait a
		// second between two requests to it.
		cfg.FetchDelay.Duration = 50 * time.Millisecond
		// The demo's sections, unless the configuration has its own.
		if reflect.DeepEqual(cfg.Sections, *model.DefaultSections()) {
			cfg.Sections = demo.Sections()
		}
		if cfg.PollEvery.Duration > 10*time.Second {
			cfg.PollEvery.Duration = 10 * time.Second
		}
	}

	// On PostgreSQL, start-up waits for a database that is down (restarting,
	// or not up yet) rather than exit: every step of it reads or writes.
	var a *app.App
	var node *web.Node
	for deadline := time.Now().Add(*waitDB); ; {
		a, node, err = openServe(ctx, cfg, app.Options{Work: work, Migrate: *migrate, Logger: log, ApplySections: true,
			StaticDir: *staticDir, StaticHook: *staticHook}, site, work, demoURL)
		if err == nil {
			break
		}
		if cfg.DatabaseURL == "" || !databaseUnreachable(err) || time.Now().After(deadline) {
			return err
		}
		log.Warn("database unreachable; trying again", "error", err, "until", deadline.Format(time.TimeOnly))
		select {
		case <-ctx.Done():
			return err
		case <-time.After(time.Second):
		}
	}
	defer a.Close()
	followCtx, stopFollow := context.WithCancel(ctx)
	defer stopFollow()
	if node != nil {
		go node.Follow(followCtx, time.Second)
	}
	if *demoMode {
		log.Info("sample outlet", "url", demoURL)
	}

	// Cached pages are answered outside net/http (package httpfast); the
	// timeouts hold for both.
	srv := a.Server(app.HTTPServer(a.Handler(node)), node)
	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(ln) }()
	log.Info("newsbridge is serving", "url", cfg.BaseURL, "role", *role, "data", cfg.DataDir, "engines", a.EngineNames())
	fmt.Fprintf(e.stdout, "newsbridge: serving %s (%s)\n", cfg.BaseURL, *role)

	select {
	case <-ctx.Done():
	case err := <-errc:
		if !errors.Is(err, http.ErrServerClosed) {
			return err
		}
	}
	// Stop HTTP first, then the workers, as Miniflux does; the deferred
	// Close then closes the engines, the search index and the database.
	log.Info("shutting down", "deadline", grace.String())
	shutdown, cancel := context.WithTimeout(context.Background(), *grace)
	defer cancel()
	if err := srv.Shutdown(shutdown); err != nil {
		log.Warn("requests still open at the shutdown deadline were cut", "error", err)
		srv.Close()
	}
	stopFollow()
	if err := a.Stop(shutdown); err != nil {
		return err
	}
	log.Info("stopped: no job left running")
	return nil
}

// openServe opens the app, adds the sample outlet's sources (demoURL, when
// set), opens the web node (site) and starts the workers (work); on an
// error it closes what it opened.
func openServe(ctx context.Context, cfg config.Config, opts app.Options, site, work bool, demoURL string) (*app.App, *web.Node, error) {
	a, err := app.Open(ctx, cfg, opts)
	if err != nil {
		return nil, nil, err
	}
	fail := func(err error) (*app.App, *web.Node, error) {
		a.Close()
		return nil, nil, err
	}
	if demoURL != "" {
		for _, o := range demo.Outlets() {
			_, err := a.AddSource(ctx, demoURL+o.FeedPath, o.Name, o.Language, 10*time.Minute)
			if err != nil && model.ErrorCode(err) != model.EConflict {
				return fail(err)
			}
			if err := addDemoTerms(ctx, a, o); err != nil {
				return fail(err)
			}
		}
	}
	var node *web.Node
	if site {
		if node, err = a.OpenWeb(ctx, cfg.BaseURL); err != nil {
			return fail(err)
		}
	}
	if work {
		if err := a.Start(ctx); err != nil {
			return fail(err)
		}
	}
	return a, node, nil
}

// databaseUnreachable reports whether err comes from a PostgreSQL that
// cannot be reached or does not accept connections yet.
func databaseUnreachable(err error) bool {
	var ce *pgconn.ConnectError
	if errors.As(err, &ce) {
		return true
	}
	msg := err.Error()
	for _, s := range []string{"failed to connect to", "SQLSTATE 57P0", "connection refused", "unexpected EOF", "conn closed"} {
		if strings.Contains(msg, s) {
			return true
		}
	}
	return false
}

// addDemoTerms adds the sample outlet's glossary terms the glossary lacks
// (an editor's change to one is kept; nothing changes on a restart).
func addDemoTerms(ctx context.Context, a *app.App, o demo.Outlet) error {
	have, err := a.GlossaryTerms(ctx, o.Language)
	if err != nil {
		return err
	}
	for _, t := range o.Glossary {
		if slices.ContainsFunc(have, func(g model.GlossaryTerm) bool { return g.Term == t.Term }) {
			continue
		}
		if _, err := a.SaveTerm(ctx, &model.GlossaryTerm{SourceLang: o.Language, Term: t.Term, Kind: t.Kind, Mode: t.Mode}); err != nil {
			return err
		}
	}
	return nil
}
