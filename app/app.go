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
	"newsbridge/ingest/feed"
	"newsbridge/ingest/fetch"
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
	Logger  *slog.Logger
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
	closers    []func() error
	lock       *os.File
}

// Open opens the database (migrating a new one), the engines and the queue.
func Open(ctx context.Context, cfg config.Config, opts Options) (*App, error) {
	log := opts.Logger
	if log == nil {
		log = slog.New(slog.NewTextHandler(io.Discard, nil))
	}
	a := &App{Config: cfg, Log: log}
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
	a.Service = service.New(st, nil)
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
	}
	if opts.NoQueue {
		return a, nil
	}
	periodic := []*river.PeriodicJob{river.NewPeriodicJob(river.PeriodicInterval(cfg.PollEvery.Duration),
		func() (river.JobArgs, *river.InsertOpts) { return pipeline.ScheduleArgs{}, pipeline.UniquePending() },
		&river.PeriodicJobOpts{RunOnStart: true})}
	q, err := pipeline.OpenQueue(ctx, st, a.Pipeline.Workers(), pipeline.QueueOptions{
		Workers: cfg.Workers, JobTimeout: cfg.JobTimeout.Duration, RescueAfter: cfg.RescueAfter.Duration,
		Periodic: periodic, Logger: quietRiver(log), Work: opts.Work,
	})
	if err != nil {
		a.Close()
		return nil, err
	}
	a.Queue = q
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

// lockDataDir makes sure only one process works on a SQLite data directory:
// that is what lets a restart recover the jobs a killed process left running.
func (a *App) lockDataDir() error {
	f, err := os.OpenFile(filepath.Join(a.Config.DataDir, "newsbridge.lock"), os.O_CREATE|os.O_RDWR, 0o644)
	if err != nil {
		return fmt.Errorf("app: unable to lock data directory: %w", err)
	}
	if err := syscall.Flock(int(f.Fd()), syscall.LOCK_EX|syscall.LOCK_NB); err != nil {
		f.Close()
		return model.Errorf(model.EConflict, "another newsbridge process is working on %s (use PostgreSQL to run several)", a.Config.DataDir)
	}
	a.lock = f
	return nil
}

// Start starts the workers.
func (a *App) Start(ctx context.Context) error {
	return a.Queue.Start(ctx)
}

// Stop stops the workers, letting running jobs finish for a while.
func (a *App) Stop(ctx context.Context) error {
	if a.Queue == nil {
		return nil
	}
	return a.Queue.Stop(ctx)
}

// Close releases everything Open opened.
func (a *App) Close() error {
	var errs []error
	for i := len(a.closers) - 1; i >= 0; i-- {
		errs = append(errs, a.closers[i]())
	}
	a.closers = nil
	if a.lock != nil {
		a.lock.Close()
		a.lock = nil
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
// the site, served with the API.
func (a *App) OpenWeb(ctx context.Context, baseURL string) (*web.Node, error) {
	proxies, err := a.Config.TrustedProxyPrefixes()
	if err != nil {
		return nil, err
	}
	w, err := web.Open(ctx, web.Config{
		Store: a.Store, DataDir: a.Config.DataDir, BaseURL: baseURL, SiteName: a.Config.SiteName,
		Languages: a.Config.SiteLanguages(), DefaultLang: a.Config.DefaultLanguage, API: a.API(), Log: a.Log,
		TrustedProxies: proxies, MaxPendingComments: a.Config.MaxPendingComments,
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
