package api_test

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"newsbridge/api"
	"newsbridge/internal/pgtest"
	"newsbridge/model"
	"newsbridge/service"
	"newsbridge/store"
)

func TestMain(m *testing.M) { pgtest.Main(m) }

// eachDB runs a test on a fresh SQLite database and a fresh PostgreSQL one.
func eachDB(t *testing.T, fn func(t *testing.T, st *store.Store)) {
	t.Run("sqlite", func(t *testing.T) {
		st, err := store.OpenSQLite(filepath.Join(t.TempDir(), "t.db"))
		if err != nil {
			t.Fatal(err)
		}
		defer st.Close()
		migrate(t, st)
		fn(t, st)
	})
	t.Run("postgres", func(t *testing.T) {
		st, err := store.Open(context.Background(), pgtest.NewDatabase(t), "")
		if err != nil {
			t.Fatal(err)
		}
		defer st.Close()
		migrate(t, st)
		fn(t, st)
	})
}

func migrate(t *testing.T, st *store.Store) {
	t.Helper()
	if err := st.Migrate(context.Background()); err != nil {
		t.Fatal(err)
	}
}

// fixture is an API on loopback with an admin, an editor and two
// articles translated into Catalan that share a flagged sentence.
type fixture struct {
	st            *store.Store
	svc           *service.Service
	srv           *httptest.Server
	admin, editor string
	a1, a2        int64
}

const shared = "El alcalde dijo que la obra costará mucho."

func newFixture(t *testing.T, st *store.Store) *fixture {
	ctx := context.Background()
	f := &fixture{st: st, svc: service.New(st, nil)}
	var err error
	if f.admin, err = f.svc.AddUser(ctx, "ada", store.RoleAdmin, ""); err != nil {
		t.Fatal(err)
	}
	if f.editor, err = f.svc.AddUser(ctx, "marta", store.RoleEditor, "a long enough secret"); err != nil {
		t.Fatal(err)
	}
	src, err := f.svc.AddSource(ctx, "http://outlet.test/feed.xml", "", "es", 0)
	if err != nil {
		t.Fatal(err)
	}
	f.a1 = article(t, st, src.ID, "http://outlet.test/a1.html", "Obras en el centro", []segmentSpec{
		{"El pleno aprobó el plan.", "El ple va aprovar el pla.", nil},
		{shared, "L'alcalde va dir que la obra costarà molt molt.", []string{"repeated"}},
	})
	f.a2 = article(t, st, src.ID, "http://outlet.test/a2.html", "Mercado nuevo", []segmentSpec{
		{shared, "L'alcalde va dir que la obra costarà molt molt.", []string{"repeated"}},
		{"Abrirá en mayo.", "Obrirà al maig.", []string{"numbers", "length_ratio"}},
	})
	f.srv = httptest.NewServer(api.NewHandler(st, f.svc))
	t.Cleanup(f.srv.Close)
	return f
}

type segmentSpec struct {
	source, target string
	flags          []string
}

// article stores an article whose first block has the given sentences,
// and its Catalan translation with segments and flags as the translator
// writes them; it is published in Catalan.
func article(t *testing.T, st *store.Store, sourceID int64, url, title string, segs []segmentSpec) int64 {
	ctx := context.Background()
	id, _, err := st.AddArticle(ctx, sourceID, url)
	if err != nil {
		t.Fatal(err)
	}
	var src, dst []string
	tr := &model.Translation{ArticleID: id, Lang: "ca", Title: "T: " + title, Route: "es>ca", Engine: "apertium"}
	tr.Segments = append(tr.Segments, model.Segment{Field: "title", Source: title, Target: tr.Title, Engine: "apertium"})
	for _, s := range segs {
		src, dst = append(src, s.source), append(dst, s.target)
		tr.Segments = append(tr.Segments, model.Segment{Field: "block:0", Source: s.source, Target: s.target, Engine: "apertium", Flags: s.flags})
		for _, k := range s.flags {
			tr.Flags = append(tr.Flags, model.Flag{Field: "block:0", Kind: k, Message: k + " in " + s.source})
		}
	}
	a := &model.Article{ID: id, SourceID: sourceID, URL: url, Title: title, Language: "es",
		Blocks: []model.Block{{Type: model.BlockParagraph, Text: strings.Join(src, " ")}}}
	if err := st.SaveExtracted(ctx, a); err != nil {
		t.Fatal(err)
	}
	tr.Blocks = []model.Block{{Type: model.BlockParagraph, Text: strings.Join(dst, " ")}}
	if err := st.SaveTranslation(ctx, tr); err != nil {
		t.Fatal(err)
	}
	if _, err := st.Publish(ctx, id, "ca"); err != nil {
		t.Fatal(err)
	}
	return id
}

func (f *fixture) call(t *testing.T, method, path, token string, body any) (int, []byte, http.Header) {
	t.Helper()
	var r io.Reader
	switch b := body.(type) {
	case nil:
	case []byte:
		r = bytes.NewReader(b)
	case io.Reader:
		r = b
	default:
		j, _ := json.Marshal(b)
		r = bytes.NewReader(j)
	}
	req, _ := http.NewRequest(method, f.srv.URL+path, r)
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	out, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, out, resp.Header
}

func TestAuthAndRoles(t *testing.T) {
	eachDB(t, func(t *testing.T, st *store.Store) {
		f := newFixture(t, st)
		if code, _, h := f.call(t, "GET", "/api/v1/review", "", nil); code != 401 || h.Get("WWW-Authenticate") == "" {
			t.Fatalf("no token: %d", code)
		}
		// the scheme is case-insensitive
		req, _ := http.NewRequest("GET", f.srv.URL+"/api/v1/review", nil)
		req.Header.Set("Authorization", "bearer "+f.editor)
		if resp, err := http.DefaultClient.Do(req); err != nil || resp.StatusCode != 200 {
			t.Fatalf("lower-case bearer: %v %v", resp.StatusCode, err)
		}
		code, body, _ := f.call(t, "GET", "/api/v1/users", f.editor, nil)
		var p api.Problem
		if code != 403 || json.Unmarshal(body, &p) != nil || p.Status != 403 || p.Type != "urn:newsbridge:problem:forbidden" || p.Detail == "" {
			t.Fatalf("editor on users: %d %s", code, body)
		}
		code, body, _ = f.call(t, "GET", "/api/v1/users", f.admin, nil)
		if code != 200 || !strings.Contains(string(body), `"name":"marta"`) || strings.Contains(string(body), "argon2") {
			t.Fatalf("admin on users: %d %s", code, body)
		}
	})
}

// TestEveryRouteInRoleTable walks the registered routes: each names a
// permission of the role table, and an editor's token gets 403 exactly on
// the routes the table keeps from editors.
func TestEveryRouteInRoleTable(t *testing.T) {
	eachDB(t, func(t *testing.T, st *store.Store) {
		f := newFixture(t, st)
		known := map[service.Permission]bool{}
		for _, ps := range service.Roles {
			for _, p := range ps {
				known[p] = true
			}
		}
		h := api.NewHandler(st, f.svc)
		for _, r := range h.Routes() {
			if r.Permission == "" {
				continue // the public description
			}
			if !known[r.Permission] {
				t.Errorf("%s: permission %q is not in the role table", r.Pattern, r.Permission)
			}
			method, path, _ := strings.Cut(r.Pattern, " ")
			path = strings.NewReplacer("{id}", "1", "{lang}", "ca", "{segment}", "0", "{action}", "approve").Replace(path)
			code, body, _ := f.call(t, method, path, f.editor, []byte("{}"))
			if forbidden := !service.Allowed(store.RoleEditor, r.Permission); forbidden != (code == 403) {
				t.Errorf("editor %s: %d %s", r.Pattern, code, body)
			}
			if code, _, _ := f.call(t, method, path, "", nil); code != 401 {
				t.Errorf("anonymous %s: %d", r.Pattern, code)
			}
		}
	})
}

func TestAPIAuthThrottled(t *testing.T) {
	eachDB(t, func(t *testing.T, st *store.Store) {
		f := newFixture(t, st)
		for i := 0; i < service.APIAuthLimit; i++ {
			if code, _, _ := f.call(t, "GET", "/api/v1/review", "nb_wrong", nil); code != 401 {
				t.Fatalf("failure %d: %d", i, code)
			}
		}
		code, body, h := f.call(t, "GET", "/api/v1/review", f.editor, nil)
		if code != 429 || h.Get("Retry-After") == "" || !strings.Contains(string(body), "too_many_requests") {
			t.Fatalf("after %d failures: %d %s %v", service.APIAuthLimit, code, body, h)
		}
		// another process sees the same count: it is in the database
		svc2 := service.New(st, nil)
		if _, err := svc2.AuthenticateToken(context.Background(), f.editor, "127.0.0.1"); model.ErrorCode(err) != model.ETooManyRequests {
			t.Fatalf("second process: %v", err)
		}
	})
}

func TestReviewQueueAPI(t *testing.T) {
	eachDB(t, func(t *testing.T, st *store.Store) {
		f := newFixture(t, st)
		code, body, _ := f.call(t, "GET", "/api/v1/review?lang=ca", f.editor, nil)
		var q struct {
			Items []struct {
				Article int64
				Lang    string
				Title   string
				Flags   int
				State   string
			}
			Counts map[string]int
		}
		if code != 200 || json.Unmarshal(body, &q) != nil || len(q.Items) != 2 {
			t.Fatalf("queue: %d %s", code, body)
		}
		// a2 has a number flag (severity 5+2+1): first
		if q.Items[0].Article != f.a2 || q.Items[0].Flags != 3 || q.Items[0].State != model.StateNeedsReview || q.Items[1].Article != f.a1 || q.Counts["ca"] != 2 {
			t.Fatalf("order: %s", body)
		}
		_, body, _ = f.call(t, "GET", "/api/v1/review?kind=numbers", f.editor, nil)
		if json.Unmarshal(body, &q) != nil || len(q.Items) != 1 || q.Items[0].Article != f.a2 {
			t.Fatalf("kind filter: %s", body)
		}
		_, body, _ = f.call(t, "GET", "/api/v1/review?lang=es", f.editor, nil)
		if json.Unmarshal(body, &q) != nil || len(q.Items) != 0 {
			t.Fatalf("lang filter: %s", body)
		}
		_, body, _ = f.call(t, "GET", "/api/v1/review?state=translated", f.editor, nil)
		if json.Unmarshal(body, &q) != nil || len(q.Items) != 0 {
			t.Fatalf("state filter: %s", body)
		}
		_, body, _ = f.call(t, "GET", "/api/v1/review?source=999", f.editor, nil)
		if json.Unmarshal(body, &q) != nil || len(q.Items) != 0 {
			t.Fatalf("source filter: %s", body)
		}
	})
}

type segment struct {
	ID     int
	Field  string
	Source string
	Target string
	Flags  []model.Flag
	Origin string
	Engine string
	Route  string
	Editor string
}

func TestSegmentEditAPI(t *testing.T) {
	eachDB(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		f := newFixture(t, st)
		tp := "/api/v1/articles/" + itoa(f.a1) + "/translations/ca"
		code, body, _ := f.call(t, "GET", tp, f.editor, nil)
		var tr struct {
			Article  int64
			Lang     string
			State    string
			Path     string
			Segments []segment
		}
		if code != 200 || json.Unmarshal(body, &tr) != nil || tr.Article != f.a1 || tr.State != model.StateNeedsReview || len(tr.Segments) != 3 {
			t.Fatalf("translation: %d %s", code, body)
		}
		// The public page, under its slug from the Catalan title.
		if tr.Path != "/ca/a/"+itoa(f.a1)+"-t-obras-en-el-centro" {
			t.Errorf("path %q", tr.Path)
		}
		s2 := tr.Segments[2]
		if s2.Source != shared || len(s2.Flags) != 1 || s2.Flags[0].Kind != "repeated" || s2.Flags[0].Message == "" || s2.Origin != "machine" || s2.Engine != "apertium" {
			t.Fatalf("segment 2: %+v", s2)
		}
		fixed := "L'alcalde va dir que l'obra costarà molt."
		code, body, _ = f.call(t, "PUT", tp+"/segments/2", f.editor, map[string]any{"target": fixed, "base": s2.Target})
		var got segment
		if code != 200 || json.Unmarshal(body, &got) != nil || got.Target != fixed || got.Origin != "editor" || got.Editor != "marta" || len(got.Flags) != 0 {
			t.Fatalf("edit: %d %s", code, body)
		}
		t1, _, _ := st.Translation(ctx, f.a1, "ca")
		if t1.Blocks[0].Text != "El ple va aprovar el pla. "+fixed || t1.State != model.StateTranslated || len(t1.Flags) != 0 {
			t.Fatalf("a1 after edit: %+v", t1)
		}
		// propagated to a2, which shares the sentence; its other flags stay
		t2, _, _ := st.Translation(ctx, f.a2, "ca")
		if t2.Blocks[0].Text != fixed+" Obrirà al maig." || t2.Segments[1].Editor != "marta" || len(t2.Flags) != 2 || t2.State != model.StateNeedsReview {
			t.Fatalf("a2 after edit: %+v", t2)
		}
		// stale edit: someone else saved first; both texts come back
		code, body, _ = f.call(t, "PUT", tp+"/segments/2", f.admin, map[string]any{"target": "Una altra cosa.", "base": s2.Target})
		var p api.Problem
		if code != 409 || json.Unmarshal(body, &p) != nil || p.Current == nil || *p.Current != fixed || p.Yours == nil || *p.Yours != "Una altra cosa." {
			t.Fatalf("stale edit: %d %s", code, body)
		}
		// bad input
		for name, c := range map[string]struct {
			body any
			want int
		}{
			"empty":     {map[string]any{"target": "  "}, 400},
			"no target": {map[string]any{}, 400},
			"1 MB":      {map[string]any{"target": strings.Repeat("a", 1<<20)}, 400},
			"not json":  {[]byte("target="), 400},
		} {
			code, body, _ := f.call(t, "PUT", tp+"/segments/2", f.editor, c.body)
			if code != c.want || !strings.Contains(string(body), `"detail"`) {
				t.Errorf("%s: %d %s", name, code, body)
			}
		}
		if code, _, _ := f.call(t, "PUT", tp+"/segments/99", f.editor, map[string]any{"target": "x"}); code != 404 {
			t.Errorf("no such segment: %d", code)
		}
		// markup typed into a plain-text segment stays text
		script := `<script>alert(1)</script> Obres`
		if code, body, _ := f.call(t, "PUT", tp+"/segments/0", f.editor, map[string]any{"target": script}); code != 200 || strings.Contains(string(body), "<script>") {
			t.Fatalf("script: %d %s", code, body)
		}
		t1, _, _ = st.Translation(ctx, f.a1, "ca")
		if t1.Title != script {
			t.Fatalf("title stored as %q", t1.Title)
		}
		// the audit log has each change with before and after
		_, body, _ = f.call(t, "GET", "/api/v1/audit", f.editor, nil)
		var log struct{ Entries []model.AuditEntry }
		if json.Unmarshal(body, &log) != nil {
			t.Fatal(string(body))
		}
		actions := map[string]model.AuditEntry{}
		for _, e := range log.Entries {
			if e.Actor != "marta" {
				t.Errorf("an editor reads only their own entries: %+v", e)
			}
			actions[e.Action] = e
		}
		edit, prop := actions["segment.edit"], actions["segment.propagate"]
		if !strings.Contains(edit.Before, "molt molt") || !strings.Contains(edit.After, "costarà molt.") ||
			prop.Object != "translation/"+itoa(f.a2)+"/ca/segment/1" || !strings.Contains(prop.Before, "molt molt") {
			t.Fatalf("audit: %s", body)
		}
		// the memory has the editor's correction
		_, ed, _ := st.MemoryStats(ctx)
		if ed == 0 {
			t.Error("the edit is not in the translation memory")
		}
	})
}

func TestApproveKeepsTranslation(t *testing.T) {
	eachDB(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		f := newFixture(t, st)
		tp := "/api/v1/articles/" + itoa(f.a1) + "/translations/ca"
		code, body, _ := f.call(t, "POST", tp+"/approve", f.editor, nil)
		if code != 200 || !strings.Contains(string(body), `"state":"approved"`) {
			t.Fatalf("approve: %d %s", code, body)
		}
		// a machine re-translation (engine or glossary change) is kept as a proposal
		again := &model.Translation{ArticleID: f.a1, Lang: "ca", Title: "Nova màquina", Segments: []model.Segment{{Field: "title", Source: "x", Target: "Nova màquina"}}}
		if err := st.SaveTranslation(ctx, again); err != nil {
			t.Fatal(err)
		}
		tr, _, _ := st.Translation(ctx, f.a1, "ca")
		if tr.Title != "T: Obras en el centro" || tr.State != model.StateApproved || tr.ApprovedBy != "marta" {
			t.Fatalf("approved translation overwritten: %+v", tr)
		}
		p, err := f.svc.Proposal(ctx, f.a1, "ca")
		if err != nil || p == nil || p.Title != "Nova màquina" {
			t.Fatalf("proposal: %+v %v", p, err)
		}
		// unpublish: admins and editors; then 404
		if code, body, _ := f.call(t, "POST", tp+"/unpublish", f.editor, nil); code != 200 {
			t.Fatalf("unpublish: %d %s", code, body)
		}
		if langs, _ := st.PublishedLangs(ctx, f.a1); len(langs) != 0 {
			t.Fatalf("still published in %v", langs)
		}
		if code, _, _ := f.call(t, "POST", tp+"/unpublish", f.editor, nil); code != 404 {
			t.Fatalf("unpublish twice: %d", code)
		}
		// no engines in this process
		if code, _, _ := f.call(t, "POST", tp+"/retranslate", f.editor, map[string]string{"engine": "apertium"}); code != 503 {
			t.Fatalf("retranslate without engines: %d", code)
		}
	})
}

func TestAuditAPI(t *testing.T) {
	eachDB(t, func(t *testing.T, st *store.Store) {
		f := newFixture(t, st)
		code, body, _ := f.call(t, "GET", "/api/v1/audit?limit=1", f.admin, nil)
		var page struct {
			Entries []model.AuditEntry
			Next    int64
		}
		if code != 200 || json.Unmarshal(body, &page) != nil || len(page.Entries) != 1 || page.Next == 0 {
			t.Fatalf("page: %d %s", code, body)
		}
		_, body, _ = f.call(t, "GET", "/api/v1/audit?limit=10&before="+itoa(page.Next), f.admin, nil)
		if json.Unmarshal(body, &page) != nil || len(page.Entries) < 2 || page.Entries[0].ID >= page.Next {
			t.Fatalf("next page: %s", body)
		}
		// the operator's changes (users, the source) are there, admin's view
		code, body, h := f.call(t, "GET", "/api/v1/audit?format=csv", f.admin, nil)
		if code != 200 || !strings.HasPrefix(h.Get("Content-Type"), "text/csv") || !strings.Contains(string(body), "operator,user.add,user/marta") ||
			!strings.Contains(string(body), "source.add") {
			t.Fatalf("csv: %d %s", code, body)
		}
		if strings.Contains(string(body), "a long enough secret") {
			t.Fatal("the password is in the audit log")
		}
		if code, _, _ := f.call(t, "GET", "/api/v1/audit?actor=ada", f.editor, nil); code != 403 {
			t.Fatalf("editor reading another's entries: %d", code)
		}
		code, body, _ = f.call(t, "GET", "/api/v1/audit?format=jsonl", f.admin, nil)
		if code != 200 || len(bytes.Split(bytes.TrimSpace(body), []byte("\n"))) < 3 {
			t.Fatalf("jsonl: %d %s", code, body)
		}
	})
}

func TestCommentModerationAPI(t *testing.T) {
	eachDB(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		f := newFixture(t, st)
		c := &model.Comment{ArticleID: f.a1, Lang: "ca", Author: "x", Body: "<script>alert(1)</script>"}
		if err := st.AddComment(ctx, c); err != nil {
			t.Fatal(err)
		}
		code, body, _ := f.call(t, "GET", "/api/v1/comments", f.editor, nil)
		var list struct{ Comments []model.Comment }
		if code != 200 || json.Unmarshal(body, &list) != nil || len(list.Comments) != 1 || strings.Contains(string(body), "<script>") {
			t.Fatalf("list: %d %s", code, body)
		}
		for path, want := range map[string]int{
			"/api/v1/comments/abc/approve": 400,
			"/api/v1/comments/999/approve": 404,
			"/api/v1/comments/1/publish":   404,
		} {
			if code, body, _ := f.call(t, "POST", path, f.editor, nil); code != want {
				t.Errorf("%s: %d %s, want %d", path, code, body, want)
			}
		}
		if code, body, _ := f.call(t, "POST", "/api/v1/comments/"+itoa(c.ID)+"/approve", f.editor, nil); code != 200 {
			t.Fatalf("approve: %d %s", code, body)
		}
		got, _ := st.Comment(ctx, c.ID)
		if got.Status != model.CommentApproved {
			t.Fatalf("status %q", got.Status)
		}
		es, _ := st.Audit(ctx, store.AuditFilter{Actor: "marta"})
		if len(es) != 1 || es[0].Action != "comment.moderate" || !strings.Contains(es[0].Before, `"status":"pending"`) || !strings.Contains(es[0].After, `"status":"approved"`) {
			t.Fatalf("audit: %+v", es)
		}
	})
}

func itoa(n int64) string { return strconv.FormatInt(n, 10) }
