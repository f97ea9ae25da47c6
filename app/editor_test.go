package app_test

import (
	"context"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"

	"newsbridge/app"
	"newsbridge/store"
)

// TestEditorMounted checks that a web node serves the editors' workspace:
// /editor/ sends to the sign-in page, a sign-in opens the queue, and the
// workspace's own CSP answers rather than the site's.
func TestEditorMounted(t *testing.T) {
	ctx := context.Background()
	a, err := app.Open(ctx, testConfig(t, ""), app.Options{NoEngines: true, NoQueue: true})
	if err != nil {
		t.Fatal(err)
	}
	defer a.Close()
	if _, err := a.AddUser(ctx, "marta", store.RoleEditor, "a long enough secret"); err != nil {
		t.Fatal(err)
	}
	node, err := a.OpenWeb(ctx, "http://127.0.0.1")
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(a.Handler(node))
	defer srv.Close()
	c := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	for path, want := range map[string]string{"/editor": "/editor/", "/editor/": "/editor/login?next=%2Feditor%2F"} {
		res, err := c.Get(srv.URL + path)
		if err != nil {
			t.Fatal(err)
		}
		res.Body.Close()
		if loc := res.Header.Get("Location"); loc != want {
			t.Errorf("GET %s: %d → %q, want %q", path, res.StatusCode, loc, want)
		}
	}
	res, err := c.PostForm(srv.URL+"/editor/login", url.Values{"name": {"marta"}, "password": {"a long enough secret"}})
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if res.StatusCode != 303 || !strings.Contains(res.Header.Get("Set-Cookie"), "Path=/editor") {
		t.Fatalf("sign-in: %d %q", res.StatusCode, res.Header.Get("Set-Cookie"))
	}
	if csp := res.Header.Get("Content-Security-Policy"); !strings.Contains(csp, "script-src 'self'") {
		t.Errorf("workspace CSP: %q", csp)
	}
}
