package api_test

import (
	"encoding/json"
	"path/filepath"
	"strings"
	"testing"

	"newsbridge/api"
	"newsbridge/service"
	"newsbridge/store"
)

// TestOpenAPIDescribesEveryRoute: every registered route is in the
// OpenAPI document with the permission it needs, and every operation of
// the document is a registered route.
func TestOpenAPIDescribesEveryRoute(t *testing.T) {
	st, err := store.OpenSQLite(filepath.Join(t.TempDir(), "t.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	h := api.NewHandler(st, service.New(st, nil))
	ops, err := api.Operations()
	if err != nil {
		t.Fatal(err)
	}
	described := map[string]api.Operation{}
	for _, op := range ops {
		described[op.Method+" "+op.Path] = op
		if op.ID == "" || op.Summary == "" {
			t.Errorf("%s %s: no operationId or summary", op.Method, op.Path)
		}
	}
	registered := map[string]bool{}
	for _, r := range h.Routes() {
		registered[r.Pattern] = true
		op, ok := described[r.Pattern]
		if !ok {
			t.Errorf("%s is not in api/openapi.json", r.Pattern)
			continue
		}
		if op.Permission != string(r.Permission) {
			t.Errorf("%s: the document says it needs %q, the route %q", r.Pattern, op.Permission, r.Permission)
		}
	}
	for k := range described {
		if !registered[k] {
			t.Errorf("api/openapi.json describes %s, which is not a route", k)
		}
	}
}

func TestOpenAPIServedWithoutToken(t *testing.T) {
	eachDB(t, func(t *testing.T, st *store.Store) {
		f := newFixture(t, st)
		code, body, h := f.call(t, "GET", "/api/v1/openapi.json", "", nil)
		var doc map[string]any
		if code != 200 || json.Unmarshal(body, &doc) != nil || doc["openapi"] != "3.1.0" || !strings.HasPrefix(h.Get("Content-Type"), "application/json") {
			t.Fatalf("openapi.json: %d %.200s", code, body)
		}
		code, body, h = f.call(t, "GET", "/api/v1/docs", "", nil)
		page := string(body)
		if code != 200 || !strings.HasPrefix(h.Get("Content-Type"), "text/html") || !strings.Contains(page, "/api/v1/articles/{id}/translations/{lang}/segments/{segment}") ||
			!strings.Contains(page, "Needs the <code>users</code> permission") || strings.Contains(page, "http://") || strings.Contains(page, "https://") {
			t.Fatalf("docs: %d %s", code, page)
		}
	})
}
