package pipeline

import (
	"context"
	"database/sql"
	"fmt"
	"log/slog"
	"strings"
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
	// StopAndCancel stops taking jobs and cancels the running ones, which
	// River hands back to the queue to be retried; use it when Stop's
	// deadline has passed.
	StopAndCancel(ctx context.Context) error
	// Depth counts the jobs still to be done, by kind and state, and says
	// how long the oldest available one has waited.
	Depth(ctx context.Context) (counts []JobCount, oldest time.Duration, err error)
}

// JobCount is the number of jobs of one kind in one state.
type JobCount struct {
	Kind, State string
	Count       int
}

type riverQueue[TTx any] struct {
	client  *river.Client[TTx]
	db      *sql.DB
	dialect string
	onJob   func(kind, state string, wait, run time.Duration)
	done    chan struct{}
	// live, on PostgreSQL in a working process, hands back the jobs of
	// processes that died (liveness.go).
	live *liveness
}

func (q *riverQueue[TTx]) Insert(ctx context.Context, args river.JobArgs, opts *river.InsertOpts) error {
	_, err := q.client.Insert(ctx, args, opts)
	if err != nil {
		return fmt.Errorf("queue: unable to insert %s job: %w", args.Kind(), err)
	}
	return nil
}

func (q *riverQueue[TTx]) Start(ctx context.Context) error {
	if q.live != nil && q.live.cancel == nil {
		// The lock first: a job taken before it would look dead.
		if err := q.live.start(ctx); err != nil {
			return err
		}
	}
	if err := q.client.Start(ctx); err != nil {
		if q.live != nil {
			q.live.stop()
		}
		return err
	}
	if q.onJob != nil && q.done == nil {
		q.done = make(chan struct{})
		events, cancel := q.client.Subscribe(river.EventKindJobCompleted, river.EventKindJobFailed,
			river.EventKindJobCancelled, river.EventKindJobSnoozed)
		go q.report(events, cancel, q.done)
	}
	return nil
}

// report passes the finished jobs' events to onJob until done is closed.
func (q *riverQueue[TTx]) report(events <-chan *river.Event, cancel func(), done chan struct{}) {
	defer cancel()
	for {
		select {
		case <-done:
			return
		case ev, ok := <-events:
			if !ok {
				return
			}
			if ev.Job == nil {
				continue
			}
			var wait, run time.Duration
			if ev.JobStats != nil {
				wait, run = ev.JobStats.QueueWaitDuration, ev.JobStats.RunDuration
			}
			q.onJob(ev.Job.Kind, strings.TrimPrefix(string(ev.Kind), "job_"), wait, run)
		}
	}
}

func (q *riverQueue[TTx]) stopReporting() {
	if q.done != nil {
		close(q.done)
		q.done = nil
	}
}

// stopLiveness releases the liveness lock's connection, whatever Stop
// returned: the pool cannot close while it is held.
func (q *riverQueue[TTx]) stopLiveness() {
	if q.live != nil {
		q.live.stop()
	}
}

func (q *riverQueue[TTx]) Stop(ctx context.Context) error {
	defer q.stopLiveness()
	err := q.client.Stop(ctx)
	if err == nil {
		q.stopReporting()
	}
	return err
}

func (q *riverQueue[TTx]) StopAndCancel(ctx context.Context) error {
	defer q.stopLiveness()
	err := q.client.StopAndCancel(ctx)
	if err == nil {
		q.stopReporting()
	}
	return err
}

// depthCap bounds the rows a Depth call counts, so that a scrape stays cheap
// however long the backlog: past it the counts read 100,000.
const depthCap = 100000

func (q *riverQueue[TTx]) Depth(ctx context.Context) ([]JobCount, time.Duration, error) {
	rows, err := q.db.QueryContext(ctx, fmt.Sprintf(`SELECT kind, state, count(*) FROM (SELECT kind, state FROM river_job
		WHERE state IN ('available', 'running', 'scheduled', 'retryable', 'pending') LIMIT %d) AS j GROUP BY kind, state`, depthCap))
	if err != nil {
		return nil, 0, fmt.Errorf("queue: unable to count jobs: %w", err)
	}
	defer rows.Close()
	var out []JobCount
	for rows.Next() {
		var c JobCount
		if err := rows.Scan(&c.Kind, &c.State, &c.Count); err != nil {
			return nil, 0, fmt.Errorf("queue: unable to count jobs: %w", err)
		}
		out = append(out, c)
	}
	if err := rows.Err(); err != nil {
		return nil, 0, fmt.Errorf("queue: unable to count jobs: %w", err)
	}
	// River keeps times in UTC: text on SQLite, timestamptz on PostgreSQL.
	age := `SELECT coalesce((julianday('now') - julianday(min(scheduled_at))) * 86400.0, 0) FROM river_job WHERE state = 'available'`
	if q.dialect == store.Postgres {
		age = `SELECT coalesce(extract(epoch FROM now() - min(scheduled_at))::float8, 0) FROM river_job WHERE state = 'available'`
	}
	var secs float64
	if err := q.db.QueryRowContext(ctx, age).Scan(&secs); err != nil {
		return nil, 0, fmt.Errorf("queue: unable to read the oldest job's age: %w", err)
	}
	return out, time.Duration(secs * float64(time.Second)), nil
}

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
	// OnJob, when set, is told of every job this process's workers finish
	// (state: completed, failed, cancelled or snoozed), for metrics.
	OnJob func(kind, state string, wait, run time.Duration)
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
		var live *liveness
		if o.Work {
			live = newLiveness(st.Pool, o.Logger)
			cfg.ID = live.id
		}
		c, err := river.NewClient(drv, cfg)
		if err != nil {
			return nil, fmt.Errorf("queue: %w", err)
		}
		return &riverQueue[pgx.Tx]{client: c, db: st.DB, dialect: st.Dialect, onJob: onJob(o), live: live}, nil
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
		return &riverQueue[*sql.Tx]{client: c, db: st.DB, dialect: st.Dialect, onJob: onJob(o)}, nil
	}
}

// onJob is the job hook when this client works jobs.
func onJob(o QueueOptions) func(kind, state string, wait, run time.Duration) {
	if !o.Work {
		return nil
	}
	return o.OnJob
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
