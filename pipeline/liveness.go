package pipeline

import (
	"context"
	"crypto/rand"
	"encoding/binary"
	"fmt"
	"log/slog"
	"strconv"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"
)

// On PostgreSQL several processes work one queue, and a process killed
// (kill -9, the machine lost) leaves its jobs marked running. River's
// rescuer makes them available again only after RescueAfter (10 minutes
// by default, and it must exceed the longest job). Liveness does better:
// each working process holds a PostgreSQL session advisory lock named by
// its River client ID, on a connection of its own, for as long as it
// lives; PostgreSQL drops the lock the moment that session ends. Every
// working process looks, every few seconds, for running jobs whose client
// holds no lock, twice in a row, and hands them back to the queue with an
// error saying why.

// livenessPrefix starts the client IDs liveness knows: a job last taken by
// a client without it (another program on the same queue) is left to
// River's rescuer.
const livenessPrefix = "newsbridge-"

const (
	// livenessEvery is how often the lock is checked and dead clients'
	// jobs looked for.
	livenessEvery = 2 * time.Second
	// livenessGrace is how long a job must have run before its client may
	// be judged dead: a client takes its lock before it starts, and
	// retakes it within a second or two of PostgreSQL coming back.
	livenessGrace = 5 * time.Second
)

type liveness struct {
	pool *pgxpool.Pool
	id   string
	key  int64
	log  *slog.Logger
	// suspects are the jobs found running for a dead client at the last
	// pass: a job is handed back when found twice.
	suspects map[int64]bool
	cancel   context.CancelFunc
	done     chan struct{}
}

func newLiveness(pool *pgxpool.Pool, log *slog.Logger) *liveness {
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	var b [8]byte
	rand.Read(b[:])
	key := int64(binary.BigEndian.Uint64(b[:]) >> 1) // positive, 63 bits
	return &liveness{pool: pool, key: key, id: livenessPrefix + strconv.FormatInt(key, 10), log: log, suspects: map[int64]bool{}}
}

// start takes the lock (waiting for the database if need be, until ctx
// ends), then keeps it and sweeps in the background until stop.
func (l *liveness) start(ctx context.Context) error {
	conn, err := l.lock(ctx)
	if err != nil {
		return err
	}
	bg, cancel := context.WithCancel(context.WithoutCancel(ctx))
	l.cancel, l.done = cancel, make(chan struct{})
	go l.run(bg, conn)
	return nil
}

func (l *liveness) stop() {
	if l.cancel != nil {
		l.cancel()
		<-l.done
		l.cancel = nil
	}
}

// lock opens a connection of its own (not the pool's: the pool could not
// close while it held one) and takes the lock on it.
func (l *liveness) lock(ctx context.Context) (*pgx.Conn, error) {
	conn, err := pgx.ConnectConfig(ctx, l.pool.Config().ConnConfig.Copy())
	if err != nil {
		return nil, fmt.Errorf("queue: unable to take the liveness lock: %w", err)
	}
	if _, err := conn.Exec(ctx, `SELECT pg_advisory_lock($1)`, l.key); err != nil {
		conn.Close(context.Background())
		return nil, fmt.Errorf("queue: unable to take the liveness lock: %w", err)
	}
	return conn, nil
}

func (l *liveness) run(ctx context.Context, conn *pgx.Conn) {
	defer close(l.done)
	defer func() {
		if conn != nil {
			// Unlock by closing: the session's locks go with it.
			conn.Close(context.Background())
		}
	}()
	t := time.NewTicker(livenessEvery)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
		// Keep the lock: after PostgreSQL restarts, the session is gone
		// and the lock with it; take it again on a new one.
		if conn != nil {
			if err := conn.Ping(ctx); err != nil {
				conn.Close(context.Background())
				conn = nil
			}
		}
		if conn == nil {
			c, err := l.lock(ctx)
			if err != nil {
				if ctx.Err() == nil {
					l.log.Warn("liveness lock lost; retrying", "error", err)
				}
				continue
			}
			conn = c
		}
		if err := l.sweep(ctx); err != nil && ctx.Err() == nil {
			l.log.Warn("looking for jobs of dead workers failed", "error", err)
		}
	}
}

// sweep hands back the jobs running for a client that holds no lock, found
// so at two passes in a row.
func (l *liveness) sweep(ctx context.Context) error {
	rows, err := l.pool.Query(ctx, `SELECT j.id, j.attempted_by[array_length(j.attempted_by, 1)] FROM river_job j
		WHERE j.state = 'running' AND j.attempted_at < now() - make_interval(secs => $1)`, livenessGrace.Seconds())
	if err != nil {
		return err
	}
	running := map[int64]int64{} // job → client key
	for rows.Next() {
		var id int64
		var by *string
		if err := rows.Scan(&id, &by); err != nil {
			rows.Close()
			return err
		}
		if by == nil || !strings.HasPrefix(*by, livenessPrefix) {
			continue
		}
		if key, err := strconv.ParseInt(strings.TrimPrefix(*by, livenessPrefix), 10, 64); err == nil {
			running[id] = key
		}
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return err
	}
	if len(running) == 0 {
		clear(l.suspects)
		return nil
	}
	// A bigint advisory lock shows in pg_locks as its high and low halves.
	rows, err = l.pool.Query(ctx, `SELECT (classid::bigint << 32) | objid::bigint FROM pg_locks
		WHERE locktype = 'advisory' AND objsubid = 1 AND granted`)
	if err != nil {
		return err
	}
	alive := map[int64]bool{}
	for rows.Next() {
		var k int64
		if err := rows.Scan(&k); err != nil {
			rows.Close()
			return err
		}
		alive[k] = true
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return err
	}
	suspects := map[int64]bool{}
	var dead []int64
	for id, key := range running {
		if alive[key] {
			continue
		}
		if l.suspects[id] {
			dead = append(dead, id)
		} else {
			suspects[id] = true
		}
	}
	l.suspects = suspects
	if len(dead) == 0 {
		return nil
	}
	// As River's rescuer does, with the reason in the job's errors; the
	// job is available at once (the attempt counts).
	tag, err := l.pool.Exec(ctx, `UPDATE river_job SET state = 'available', scheduled_at = now(),
		errors = array_append(errors, jsonb_build_object('at', now(), 'attempt', attempt,
			'error', 'handed back: the process running it died (its database session ended)', 'trace', ''))
		WHERE id = ANY($1) AND state = 'running'`, dead)
	if err != nil {
		return err
	}
	if n := tag.RowsAffected(); n > 0 {
		l.log.Warn("jobs of a dead worker handed back to the queue", "jobs", n)
	}
	return nil
}
