package cli

import (
	"context"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"testing"

	"newsbridge/api"
	"newsbridge/model"
	"newsbridge/service"
	"newsbridge/store"
)

// apiServer is a server's API on loopback over a fresh SQLite store, with
// an admin ("ada") and an editor ("marta") and their tokens.
type apiServer struct {
	st            *store.Store
	svc           *service.Service
	srv           *httptest.Server
	admin, editor string
}

// newAPIServer starts one; sections are the site's (nil: the default).
// It stops with the test.
func newAPIServer(t *testing.T, sections *model.Sections) *apiServer {
	t.Helper()
	ctx := context.Background()
	st, err := store.OpenSQLite(filepath.Join(t.TempDir(), "t.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	if err := st.Migrate(ctx); err != nil {
		t.Fatal(err)
	}
	if sections != nil {
		st.Sections = sections
	}
	a := &apiServer{st: st, svc: service.New(st, nil)}
	if a.admin, err = a.svc.AddUser(ctx, "ada", store.RoleAdmin, ""); err != nil {
		t.Fatal(err)
	}
	if a.editor, err = a.svc.AddUser(ctx, "marta", store.RoleEditor, ""); err != nil {
		t.Fatal(err)
	}
	a.srv = httptest.NewServer(api.NewHandler(st, a.svc))
	t.Cleanup(a.srv.Close)
	return a
}

// TestRemoteManagement runs the management commands with --server against
// the API of a server on loopback: they never open a data directory.
func TestRemoteManagement(t *testing.T) {
	ctx := context.Background()
	server := newAPIServer(t, nil)
	st, svc, srv, admin, editor := server.st, server.svc, server.srv, server.admin, server.editor
	nodata := filepath.Join(t.TempDir(), "nothing-here")

	code, out, errOut := run(t, "", "source", "add", "--data", nodata, "--server", srv.URL, "--token", admin, "--name", "Diario", "--language", "es", "http://diario.test/feed.xml")
	if code != 0 || !strings.Contains(out, "source 1 added: Diario (http://diario.test/feed.xml)") {
		t.Fatalf("source add: %d %s %s", code, out, errOut)
	}
	t.Setenv("NEWSBRIDGE_SERVER", srv.URL)
	t.Setenv("NEWSBRIDGE_TOKEN", admin)
	code, out, errOut = run(t, "", "source", "list", "--data", nodata)
	if code != 0 || !strings.Contains(out, "Diario") || !strings.Contains(out, "http://diario.test/feed.xml") {
		t.Fatalf("source list: %d %s %s", code, out, errOut)
	}
	// an editor's token is refused what the role table keeps from editors
	code, _, errOut = run(t, "", "source", "list", "--token", editor)
	if code == 0 || !strings.Contains(errOut, "permission") {
		t.Fatalf("editor source list: %d %s", code, errOut)
	}
	code, out, errOut = run(t, "", "review", "list", "--token", editor)
	if code != 0 || !strings.Contains(out, "ARTICLE") {
		t.Fatalf("review list: %d %s %s", code, out, errOut)
	}

	a, _, err := st.AddArticle(ctx, 1, "http://diario.test/a.html")
	if err != nil {
		t.Fatal(err)
	}
	if err := st.AddComment(ctx, &model.Comment{ArticleID: a, Lang: "es", Author: "Lola", Body: "Muy bien dicho", Status: model.CommentPending}); err != nil {
		t.Fatal(err)
	}
	code, out, errOut = run(t, "", "comments", "list", "--token", editor)
	if code != 0 || !strings.Contains(out, "Muy bien dicho") {
		t.Fatalf("comments list: %d %s %s", code, out, errOut)
	}
	id := strings.Fields(strings.Split(out, "\n")[1])[0]
	code, out, errOut = run(t, "", "comments", "approve", "--token", editor, id)
	if code != 0 || !strings.Contains(out, "is now approved") {
		t.Fatalf("comments approve: %d %s %s", code, out, errOut)
	}
	if code, out, _ := run(t, "", "comments", "list", "--token", editor); code != 0 || strings.Contains(out, "Muy bien dicho") {
		t.Fatalf("still pending: %s", out)
	}
	if _, err := svc.SaveTerm(service.WithActor(ctx, service.OperatorActor), &model.GlossaryTerm{SourceLang: "es", Term: "pleno", Kind: model.TermTerm, Renderings: map[string]string{"ca": "ple"}}); err != nil {
		t.Fatal(err)
	}
	if code, out, errOut := run(t, "", "glossary", "list", "--token", editor); code != 0 || !strings.Contains(out, "es,pleno,term,ca=ple") {
		t.Fatalf("glossary list: %d %s %s", code, out, errOut)
	}
	if code, _, _ := run(t, "", "glossary", "add", "--token", editor, "--from", "es", "x"); code != 2 {
		t.Fatalf("glossary add --server: %d", code)
	}
	if code, out, errOut := run(t, "", "user", "list"); code != 0 || !strings.Contains(out, "marta") || !strings.Contains(out, "admin") {
		t.Fatalf("user list: %d %s %s", code, out, errOut)
	}
	// a bad token, a server that is not there
	if code, _, errOut := run(t, "", "review", "list", "--token", "nope"); code == 0 || !strings.Contains(errOut, "401") {
		t.Fatalf("bad token: %d %s", code, errOut)
	}
	srv.Close()
	if code, _, errOut := run(t, "", "review", "list"); code == 0 || !strings.Contains(errOut, "unable to reach") {
		t.Fatalf("server down: %d %s", code, errOut)
	}
	if code, _, _ := run(t, "", "review", "list", "--server", "ftp://x"); code != 2 {
		t.Fatalf("bad URL: %d", code)
	}
}
