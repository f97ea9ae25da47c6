package pipeline

import (
	"context"
	"database/sql"
	"fmt"
	"log/slog"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/riverqueue/river"
	"github.com/riverqueue/river/riverdriver"
	"github.com/riverqueue/river/riverdriver/riverpgxv5"
	"github.com/riverqueue/river/riverdriver/riversqlite"
	"github.com/riverqueue/river/rivermigrate"
	"github.com/riverqueue/river/rivertype"

	"newsbridge/store"
)

// Queue hides River's transaction type parameter (*sql.Tx on SQLite,
// pgx.Tx on PostgreSQL) from the rest of the wiring.
type Queue interface {
	Insert(ctx context.Context, args river.JobArgs, opts *river.InsertOpts) error
	Start(ctx context.Context) error
	Stop(ctx context.Context) error
	// Busy counts the jobs that are available or running now.
	Busy(ctx context.Context) (int, error)
	// Waiting counts the jobs scheduled for later (retries).
	Waiting(ctx context.Context) (int, error)
}

type riverQueue[TTx any] struct {
	client *river.Client[TTx]
}

func (q *riverQueue[TTx]) Insert(ctx context.Context, args river.JobArgs, opts *river.InsertOpts) error {
	_, err := q.client.Insert(ctx, args, opts)
	if err != nil {
		return fmt.Errorf("queue: unable to insert %s job: %w", args.Kind(), err)
	}
	return nil
}

func (q *riverQueue[TTx]) Start(ctx context.Context) error { return q.client.Start(ctx) }
func (q *riverQueue[TTx]) Stop(ctx context.Context) error  { return q.client.Stop(ctx) }

func (q *riverQueue[TTx]) count(ctx context.Context, states ...rivertype.JobState) (int, error) {
	res, err := q.client.JobList(ctx, river.NewJobListParams().States(states...).First(1000))
	if err != nil {
		return 0, err
	}
	return len(res.Jobs), nil
}

func (q *riverQueue[TTx]) Busy(ctx context.Context) (int, error) {
	return q.count(ctx, rivertype.JobStateAvailable, rivertype.JobStateRunning, rivertype.JobStatePending)
}

func (q *riverQueue[TTx]) Waiting(ctx context.Context) (int, error) {
	return q.count(ctx, rivertype.JobStateRetryable, rivertype.JobStateScheduled)
}

// QueueOptions are the River settings newsbridge uses.
type QueueOptions struct {
	Workers     int
	JobTimeout  time.Duration
	RescueAfter time.Duration
	Periodic    []*river.PeriodicJob
	Logger      *slog.Logger
	// Work: false makes an insert-only client (CLI commands that only enqueue).
	Work bool
}

func riverConfig(w *river.Workers, o QueueOptions) *river.Config {
	cfg := &river.Config{
		Logger:               o.Logger,
		JobTimeout:           o.JobTimeout,
		RescueStuckJobsAfter: o.RescueAfter,
		MaxAttempts:          8,
		FetchPollInterval:    200 * time.Millisecond,
		FetchCooldown:        50 * time.Millisecond,
		Workers:              w,
	}
	if o.Work {
		cfg.Queues = map[string]river.QueueConfig{river.QueueDefault: {MaxWorkers: o.Workers}}
		cfg.PeriodicJobs = o.Periodic
	}
	return cfg
}

// OpenQueue migrates River's tables and returns a client on the store's database.
func OpenQueue(ctx context.Context, st *store.Store, w *river.Workers, o QueueOptions) (Queue, error) {
	cfg := riverConfig(w, o)
	switch st.Dialect {
	case store.Postgres:
		drv := riverpgxv5.New(st.Pool)
		if err := migrateRiver(ctx, drv, o.Logger); err != nil {
			return nil, err
		}
		c, err := river.NewClient(drv, cfg)
		if err != nil {
			return nil, fmt.Errorf("queue: %w", err)
		}
		return &riverQueue[pgx.Tx]{client: c}, nil
	default:
		drv := riversqlite.New(st.DB)
		if err := migrateRiver(ctx, drv, o.Logger); err != nil {
			return nil, err
		}
		// On SQLite one process owns the data directory (app locks it), so
		// a job still marked running at start-up was left by a process that
		// died: make it available again now rather than after RescueAfter.
		if o.Work {
			if _, err := st.DB.ExecContext(ctx, `UPDATE river_job SET state = 'available' WHERE state = 'running'`); err != nil {
				return nil, fmt.Errorf("queue: unable to recover jobs left running: %w", err)
			}
		}
		c, err := river.NewClient(drv, cfg)
		if err != nil {
			return nil, fmt.Errorf("queue: %w", err)
		}
		return &riverQueue[*sql.Tx]{client: c}, nil
	}
}

func migrateRiver[TTx any](ctx context.Context, drv riverdriver.Driver[TTx], logger *slog.Logger) error {
	m, err := rivermigrate.New(drv, &rivermigrate.Config{Logger: logger})
	if err != nil {
		return fmt.Errorf("queue: %w", err)
	}
	if _, err := m.Migrate(ctx, rivermigrate.DirectionUp, nil); err != nil {
		return fmt.Errorf("queue: unable to migrate River's tables: %w", err)
	}
	return nil
}
