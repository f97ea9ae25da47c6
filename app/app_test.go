package app_test

import (
	"context"
	"path/filepath"
	"strings"
	"testing"

	"newsbridge/app"
	"newsbridge/store"
)

func TestOpenRefusesOldSchemaUnlessMigrating(t *testing.T) {
	ctx := context.Background()
	cfg := testConfig(t, "")
	st, err := store.OpenSQLite(filepath.Join(cfg.DataDir, "newsbridge.db"))
	if err != nil {
		t.Fatal(err)
	}
	if err := st.MigrateTo(ctx, 1); err != nil {
		t.Fatal(err)
	}
	st.Close()
	if _, err := app.Open(ctx, cfg, app.Options{NoEngines: true, NoQueue: true}); err == nil || !strings.Contains(err.Error(), "newsbridge migrate") {
		t.Fatalf("an old schema must be refused with advice: %v", err)
	}
	a, err := app.Open(ctx, cfg, app.Options{NoEngines: true, NoQueue: true, Migrate: true})
	if err != nil {
		t.Fatal(err)
	}
	a.Close()
}

func TestOneWorkerProcessPerDataDir(t *testing.T) {
	ctx := context.Background()
	cfg := testConfig(t, "")
	a, err := app.Open(ctx, cfg, app.Options{NoEngines: true, Work: true})
	if err != nil {
		t.Fatal(err)
	}
	defer a.Close()
	if _, err := app.Open(ctx, cfg, app.Options{NoEngines: true, Work: true}); err == nil || !strings.Contains(err.Error(), "another newsbridge process") {
		t.Fatalf("a second worker on the same SQLite data dir must be refused: %v", err)
	}
}
