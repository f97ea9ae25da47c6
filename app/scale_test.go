package app_test

import (
	"context"
	"sync"
	"testing"
	"time"

	"newsbridge/app"
	"newsbridge/internal/pgtest"
)

// TestTwoWorkerProcessesShareOnePostgres runs two newsbridge instances on
// one PostgreSQL database at once, as two worker processes would: together
// they finish the work, and nothing is done twice.
func TestTwoWorkerProcessesShareOnePostgres(t *testing.T) {
	requireApertium(t)
	url := pgtest.NewDatabase(t)
	srv := outlet(t)
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	defer cancel()
	var apps []*app.App
	for i := 0; i < 2; i++ {
		a, err := app.Open(ctx, testConfig(t, url), app.Options{Work: true})
		if err != nil {
			t.Fatal(err)
		}
		defer a.Close()
		apps = append(apps, a)
	}
	if _, err := apps[0].AddSource(ctx, srv.URL+"/feed.xml", "Diario", "es", time.Hour); err != nil {
		t.Fatal(err)
	}
	var wg sync.WaitGroup
	errs := make([]error, 2)
	for i, a := range apps {
		wg.Add(1)
		go func() {
			defer wg.Done()
			_, errs[i] = a.RunOnce(ctx, nil)
		}()
	}
	wg.Wait()
	for _, err := range errs {
		if err != nil {
			t.Fatal(err)
		}
	}
	var pubs, distinct, usage int
	db := apps[0].Store.DB
	db.QueryRowContext(ctx, `SELECT COUNT(*) FROM publications`).Scan(&pubs)
	db.QueryRowContext(ctx, `SELECT COUNT(DISTINCT article_id::text || lang) FROM publications`).Scan(&distinct)
	// Each good article (3) is published in es and ca.
	if pubs != 6 || distinct != 6 {
		t.Errorf("publications %d (%d distinct), want 6", pubs, distinct)
	}
	// Each translation was made once: one usage row increment per translation.
	db.QueryRowContext(ctx, `SELECT COALESCE(SUM(requests), 0) FROM engine_usage WHERE engine <> 'memory'`).Scan(&usage)
	if usage != 3 {
		t.Errorf("%d translations were made, want 3 (one per article)", usage)
	}
}
