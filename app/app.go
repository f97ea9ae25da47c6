// Package app wires newsbridge's stages together: it is the only package
// that imports all of them. The CLI and the end-to-end tests use it, so the
// tests run the real wiring in-process.
package app

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"os"
	"path/filepath"
	"syscall"
	"time"

	"github.com/riverqueue/river"

	"newsbridge/api"
	"newsbridge/config"
	"newsbridge/editor"
	"newsbridge/ingest/feed"
	"newsbridge/ingest/fetch"
	"newsbridge/metrics"
	"newsbridge/model"
	"newsbridge/pipeline"
	"newsbridge/service"
	"newsbridge/store"
	"newsbridge/translate"
	"newsbridge/web"
)

// Options says what a command needs opened.
type Options struct {
	// Migrate applies pending migrations to an existing database; a new,
	// empty one is always created.
	Migrate bool
	// Work starts River workers in this process (serve, ingest); otherwise
	// the queue only accepts jobs.
	Work bool
	// NoEngines skips starting translation engines.
	NoEngines bool
	// NoQueue skips River (commands that only read or translate).
	NoQueue bool
	// ApplySections files the articles under the configured sections when
	// those changed since the last start (serve, ingest): other commands,
	// which may run with another configuration, leave them as they are.
	ApplySections bool
	Logger        *slog.Logger
	// StaticDir, when set, makes OpenWeb publish the public pages there
	// as files for nginx (package publish); StaticHook is run with the
	// URL paths each pass changed (a CDN purge).
	StaticDir  string
	StaticHook string
}

// App is newsbridge opened on one data directory or database. The
// operations commands run (add a source, save a glossary term, moderate a
// comment...) are its embedded Service's methods.
type App struct {
	*service.Service
	Config     config.Config
	Store      *store.Store
	Log        *slog.Logger
	Translator *translate.Translator
	Pipeline   *pipeline.Pipeline
	Queue      pipeline.Queue
	// Metrics are this process's Prometheus collectors (served at /metrics).
	Metrics *metrics.Metrics
	closers []func() error
	lock    *os.File
	webLock *os.File
	work    bool
	// editor is the editors' workspace, built by OpenWeb.
	editor *editor.Handler
	// static carries Options.StaticDir and StaticHook to OpenWeb.
	static Options
}

// Open opens the database (migrating a new one), the engines and the queue.
func Open(ctx context.Context, cfg config.Config, opts Options) (*App, error) {
	log := opts.Logger
	if log == nil {
		log = slog.New(slog.NewTextHandler(io.Discard, nil))
	}
	a := &App{Config: cfg, Log: log, Metrics: metrics.New(), work: opts.Work,
		static: Options{StaticDir: opts.StaticDir, StaticHook: opts.StaticHook}}
	if cfg.DatabaseURL == "" {
		if err := os.MkdirAll(cfg.DataDir, 0o755); err != nil {
			return nil, fmt.Errorf("app: unable to create data directory %s: %w", cfg.DataDir, err)
		}
		if opts.Work {
			if err := a.lockDataDir(); err != nil {
				return nil, err
			}
		}
	}
	st, err := store.Open(ctx, cfg.DatabaseURL, cfg.DataDir)
	if err != nil {
		a.Close()
		return nil, err
	}
	a.Store = st
	st.Sections = &a.Config.Sections
	a.Service = service.New(st, nil)
	a.Service.Languages = cfg.Languages
	a.closers = append(a.closers, st.Close)
	v, err := st.CheckSchema(ctx)
	if err != nil {
		if v != 0 && !opts.Migrate {
			a.Close()
			return nil, err
		}
		if err := st.Migrate(ctx); err != nil {
			a.Close()
			return nil, err
		}
	}
	// The configured sections may have changed since the last start.
	if opts.ApplySections {
		if moved, err := st.ApplySections(ctx); err != nil {
			a.Close()
			return nil, err
		} else if moved > 0 {
			log.Info("articles moved to the sections now configured", "articles", moved)
		}
	}
	if !opts.NoEngines {
		tr, err := a.newTranslator(ctx)
		if err != nil {
			a.Close()
			return nil, err
		}
		a.Translator = tr
		a.Service.Translator = tr
	}
	allow, err := fetch.ParseAllow(cfg.Fetch.Allow)
	if err != nil {
		a.Close()
		return nil, fmt.Errorf("app: fetch.allow: %w", err)
	}
	a.Pipeline = &pipeline.Pipeline{
		Store: st,
		Fetcher: fetch.New(fetch.Options{
			UserAgent: cfg.UserAgent,
			MinDelay:  cfg.FetchDelay.Duration,
			Allow:     allow,
		}),
		FeedLimits: feed.Limits{MaxItems: cfg.Feed.MaxItems},
		Translator: a.Translator,
		Languages:  cfg.Languages,
		Log:        log,
		Now:        time.Now,
		Observer:   a.Metrics,
		// Webhooks go out through the fetcher's guard and allow list.
		WebhookClient: &http.Client{Transport: fetch.GuardedTransport(allow), Timeout: 20 * time.Second},
	}
	a.Service.WebhookAllow = allow
	if opts.NoQueue {
		return a, nil
	}
	periodic := []*river.PeriodicJob{river.NewPeriodicJob(river.PeriodicInterval(cfg.PollEvery.Duration),
		func() (river.JobArgs, *river.InsertOpts) { return pipeline.ScheduleArgs{}, pipeline.UniquePending() },
		&river.PeriodicJobOpts{RunOnStart: true})}
	q, err := pipeline.OpenQueue(ctx, st, a.Pipeline.Workers(), pipeline.QueueOptions{
		Workers: cfg.Workers, JobTimeout: cfg.JobTimeout.Duration, RescueAfter: cfg.RescueAfter.Duration,
		Periodic: periodic, Logger: quietRiver(log), Work: opts.Work, OnJob: a.Metrics.Job,
	})
	if err != nil {
		a.Close()
		return nil, err
	}
	a.Queue = q
	a.Metrics.WatchQueue(func(ctx context.Context) ([]metrics.QueueStat, time.Duration, error) {
		counts, oldest, err := q.Depth(ctx)
		out := make([]metrics.QueueStat, len(counts))
		for i, c := range counts {
			out[i] = metrics.QueueStat{Kind: c.Kind, State: c.State, Count: c.Count}
		}
		return out, oldest, err
	})
	a.Pipeline.Queue = q
	a.Service.Queue = q
	return a, nil
}

// quietRiver keeps River's own chatter at warning level and above.
func quietRiver(log *slog.Logger) *slog.Logger {
	return slog.New(levelFilter{log.Handler(), slog.LevelWarn})
}

type levelFilter struct {
	slog.Handler
	min slog.Level
}

func (f levelFilter) Enabled(ctx context.Context, l slog.Level) bool {
	return l >= f.min && f.Handler.Enabled(ctx, l)
}

// The data directory's locks. workLock is held by the one process that works
// jobs on a SQLite data directory: that is what lets a restart recover the
// jobs a killed process left running. webLock is held by the one process
// serving the search index in a data directory (SQLite or PostgreSQL).
const (
	workLock = "newsbridge.lock"
	webLock  = "web.lock"
)

// lockDataDir takes the work lock.
func (a *App) lockDataDir() error {
	f, err := lockFile(a.Config.DataDir, workLock)
	if err != nil {
		return err
	}
	if f == nil {
		return model.Errorf(model.EConflict, "another newsbridge process is working on %s (use PostgreSQL to run several)", a.Config.DataDir)
	}
	a.lock = f
	return nil
}

// lockFile takes an exclusive lock on dir/name without waiting; it returns
// nil, nil when another process holds it.
func lockFile(dir, name string) (*os.File, error) {
	f, err := os.OpenFile(filepath.Join(dir, name), os.O_CREATE|os.O_RDWR, 0o644)
	if err != nil {
		return nil, fmt.Errorf("app: unable to lock data directory: %w", err)
	}
	if err := syscall.Flock(int(f.Fd()), syscall.LOCK_EX|syscall.LOCK_NB); err != nil {
		f.Close()
		return nil, nil
	}
	return f, nil
}

// Start starts the workers. They run until Stop, whatever becomes of ctx:
// a shutdown signal must stop them gracefully (Stop), not cut their jobs.
func (a *App) Start(ctx context.Context) error {
	return a.Queue.Start(context.WithoutCancel(ctx))
}

// Stop stops taking jobs and lets the running ones finish until ctx ends;
// past that it cancels those still running, and River hands them back to
// the queue, to be done again by the next worker to start (nothing is lost:
// every job is idempotent).
func (a *App) Stop(ctx context.Context) error {
	if a.Queue == nil {
		return nil
	}
	err := a.Queue.Stop(ctx)
	if err == nil || ctx.Err() == nil {
		return err
	}
	a.Log.Warn("jobs still running at the shutdown deadline: handing them back to the queue")
	hard, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	return a.Queue.StopAndCancel(hard)
}

// Close releases everything Open opened.
func (a *App) Close() error {
	var errs []error
	for i := len(a.closers) - 1; i >= 0; i-- {
		errs = append(errs, a.closers[i]())
	}
	a.closers = nil
	for _, l := range []**os.File{&a.lock, &a.webLock} {
		if *l != nil {
			(*l).Close()
			*l = nil
		}
	}
	return errors.Join(errs...)
}

// RunOnce polls every due source and works all resulting jobs to
// completion; jobs waiting for a retry later are reported, not awaited.
func (a *App) RunOnce(ctx context.Context, progress func(busy int)) (waiting int, err error) {
	if _, err := a.Pipeline.ScheduleDue(ctx); err != nil {
		return 0, err
	}
	if err := a.Start(ctx); err != nil {
		return 0, err
	}
	defer a.Stop(context.Background())
	idle := 0
	for {
		select {
		case <-ctx.Done():
			return 0, ctx.Err()
		case <-time.After(300 * time.Millisecond):
		}
		busy, err := a.Queue.Busy(ctx)
		if err != nil {
			return 0, err
		}
		if progress != nil {
			progress(busy)
		}
		if busy == 0 {
			idle++
			if idle >= 3 {
				return a.Queue.Waiting(ctx)
			}
		} else {
			idle = 0
		}
	}
}

// API is the editors' JSON API under /api/v1/.
func (a *App) API() http.Handler {
	return api.NewHandler(a.Store, a.Service)
}

// OpenWeb opens this node's search index in the data directory and builds
// the site, served with the API and the editors' workspace.
func (a *App) OpenWeb(ctx context.Context, baseURL string) (*web.Node, error) {
	proxies, err := a.Config.TrustedProxyPrefixes()
	if err != nil {
		return nil, err
	}
	if err := os.MkdirAll(a.Config.DataDir, 0o755); err != nil {
		return nil, fmt.Errorf("app: unable to create data directory %s: %w", a.Config.DataDir, err)
	}
	l, err := lockFile(a.Config.DataDir, webLock)
	if err != nil {
		return nil, err
	}
	if l == nil {
		return nil, model.Errorf(model.EConflict, "another newsbridge process serves the search index in %s (give each web node a data directory of its own)", a.Config.DataDir)
	}
	a.webLock = l
	if a.editor, err = editor.New(editor.Config{Service: a.Service, Store: a.Store, BaseURL: baseURL, Log: a.Log}); err != nil {
		return nil, err
	}
	w, err := web.Open(ctx, web.Config{
		Store: a.Store, DataDir: a.Config.DataDir, BaseURL: baseURL, SiteName: a.Config.SiteName,
		Languages: a.Config.SiteLanguages(), DefaultLang: a.Config.DefaultLanguage, API: a.API(), Log: a.Log,
		TrustedProxies: proxies, MaxPendingComments: a.Config.MaxPendingComments,
		OnPageCache: a.Metrics.PageCache, OnSearch: a.Metrics.Search,
		StaticDir: a.static.StaticDir, StaticHook: a.static.StaticHook,
	})
	if err != nil {
		return nil, err
	}
	a.closers = append(a.closers, w.Index.Close)
	return w, nil
}

// Reindex rebuilds the search index in the data directory from the
// database. The index must not be open in another process: stop
// `newsbridge serve` on this data directory first (a server that finds its
// index built by an older version rebuilds it by itself at start-up).
func (a *App) Reindex(ctx context.Context, progress func(done, total int)) (int, error) {
	return web.Reindex(ctx, a.Store, a.Config.DataDir, progress)
}
