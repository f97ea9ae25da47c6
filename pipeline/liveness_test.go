package pipeline

import (
	"context"
	"testing"

	"github.com/riverqueue/river"

	"newsbridge/internal/pgtest"
	"newsbridge/store"
)

func TestMain(m *testing.M) { pgtest.Main(m) }

// TestLivenessHandsBackDeadWorkersJobs puts three running jobs in the
// queue: one taken by a process whose liveness lock is gone, one by a live
// process, one by a client that is not newsbridge's. Two sweeps hand back
// the first only, with the reason among its errors.
func TestLivenessHandsBackDeadWorkersJobs(t *testing.T) {
	ctx := context.Background()
	st, err := store.Open(ctx, pgtest.NewDatabase(t), t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	if err := st.Migrate(ctx); err != nil {
		t.Fatal(err)
	}
	if _, err := OpenQueue(ctx, st, river.NewWorkers(), QueueOptions{}); err != nil {
		t.Fatal(err)
	}
	alive := newLiveness(st.Pool, nil)
	conn, err := alive.lock(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close(ctx)
	dead := newLiveness(st.Pool, nil) // never locked: its process is gone
	ids := map[string]int64{}
	for name, by := range map[string]string{"dead": dead.id, "alive": alive.id, "foreign": "host_2026_01_01"} {
		var id int64
		err := st.Pool.QueryRow(ctx, `INSERT INTO river_job (args, kind, max_attempts, queue, state, attempt, attempted_at, attempted_by, scheduled_at, priority)
			VALUES ('{}', 'poll_source', 8, 'default', 'running', 1, now() - interval '1 minute', ARRAY[$1], now(), 1) RETURNING id`, by).Scan(&id)
		if err != nil {
			t.Fatal(err)
		}
		ids[name] = id
	}
	sweeper := newLiveness(st.Pool, nil)
	state := func(name string) (string, int) {
		var s string
		var errs int
		if err := st.Pool.QueryRow(ctx, `SELECT state, coalesce(cardinality(errors), 0) FROM river_job WHERE id = $1`, ids[name]).Scan(&s, &errs); err != nil {
			t.Fatal(err)
		}
		return s, errs
	}
	if err := sweeper.sweep(ctx); err != nil {
		t.Fatal(err)
	}
	if s, _ := state("dead"); s != "running" {
		t.Fatalf("after one sweep the dead process's job is %s: it must be seen dead twice", s)
	}
	if err := sweeper.sweep(ctx); err != nil {
		t.Fatal(err)
	}
	if s, errs := state("dead"); s != "available" || errs != 1 {
		t.Errorf("the dead process's job: %s with %d errors, want available with 1", s, errs)
	}
	for _, name := range []string{"alive", "foreign"} {
		if s, errs := state(name); s != "running" || errs != 0 {
			t.Errorf("the %s client's job: %s with %d errors, want running and untouched", name, s, errs)
		}
	}
}
