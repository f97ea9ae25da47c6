package editor_test

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"newsbridge/editor"
	"newsbridge/model"
	"newsbridge/service"
	"newsbridge/store"
)

const (
	shared   = "El alcalde dijo que la obra costará mucho."
	repeated = "L'alcalde va dir que la obra costarà molt molt."
	password = "a long enough secret"
)

// fixture is the workspace on loopback over a SQLite store with an admin
// (ada), an editor (marta), two articles whose Catalan translations share
// a flagged sentence, and an Arabic translation of the first.
type fixture struct {
	st     *store.Store
	svc    *service.Service
	srv    *httptest.Server
	now    time.Time
	a1, a2 int64
}

func newFixture(t *testing.T, baseURL string) *fixture {
	ctx := context.Background()
	st, err := store.OpenSQLite(filepath.Join(t.TempDir(), "t.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	f := &fixture{st: st, svc: service.New(st, nil), now: time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)}
	st.Now = func() time.Time { return f.now }
	if err := st.Migrate(ctx); err != nil {
		t.Fatal(err)
	}
	if _, err := f.svc.AddUser(ctx, "ada", store.RoleAdmin, password); err != nil {
		t.Fatal(err)
	}
	if _, err := f.svc.AddUser(ctx, "marta", store.RoleEditor, password); err != nil {
		t.Fatal(err)
	}
	src, err := f.svc.AddSource(ctx, "http://outlet.test/feed.xml", "Diario", "es", 0)
	if err != nil {
		t.Fatal(err)
	}
	f.a1 = article(t, st, src.ID, "http://outlet.test/a1.html", "Obras en el centro", "ca", []string{"El pleno aprobó el plan.", shared}, []string{"El ple va aprovar el pla.", repeated})
	f.a2 = article(t, st, src.ID, "http://outlet.test/a2.html", "Mercado nuevo", "ca", []string{shared}, []string{repeated})
	tr := &model.Translation{ArticleID: f.a1, Lang: "ar", Title: "أشغال في الوسط", Route: "editor", Engine: "editor",
		Segments: []model.Segment{{Field: "title", Source: "Obras en el centro", Target: "أشغال في الوسط", Editor: "ada"}},
		Blocks:   []model.Block{{Type: model.BlockParagraph, Text: "قال العمدة إن الأشغال ستكلف الكثير."}}}
	tr.Segments = append(tr.Segments, model.Segment{Field: "block:0", Source: "El pleno aprobó el plan. " + shared, Target: tr.Blocks[0].Text, Editor: "ada"})
	if err := st.SaveTranslation(ctx, tr); err != nil {
		t.Fatal(err)
	}
	h, err := editor.New(editor.Config{Service: f.svc, Store: st, BaseURL: baseURL})
	if err != nil {
		t.Fatal(err)
	}
	f.srv = httptest.NewServer(h)
	t.Cleanup(f.srv.Close)
	return f
}

// article stores an article with one block of sentences and its
// translation into lang, the last sentence flagged "repeated"; published.
func article(t *testing.T, st *store.Store, sourceID int64, u, title, lang string, src, dst []string) int64 {
	ctx := context.Background()
	id, _, err := st.AddArticle(ctx, sourceID, u)
	if err != nil {
		t.Fatal(err)
	}
	tr := &model.Translation{ArticleID: id, Lang: lang, Title: "T: " + title, Route: "es>" + lang, Engine: "apertium"}
	tr.Segments = append(tr.Segments, model.Segment{Field: "title", Source: title, Target: tr.Title, Engine: "apertium"})
	for i := range src {
		sg := model.Segment{Field: "block:0", Source: src[i], Target: dst[i], Engine: "apertium", Route: "es>" + lang}
		if i == len(src)-1 {
			sg.Flags = []string{"repeated"}
			tr.Flags = append(tr.Flags, model.Flag{Field: "block:0", Kind: "repeated", Message: "“molt” is repeated"})
		}
		tr.Segments = append(tr.Segments, sg)
	}
	a := &model.Article{ID: id, SourceID: sourceID, URL: u, Title: title, Language: "es",
		Blocks: []model.Block{{Type: model.BlockParagraph, Text: strings.Join(src, " ")}}}
	if err := st.SaveExtracted(ctx, a); err != nil {
		t.Fatal(err)
	}
	tr.Blocks = []model.Block{{Type: model.BlockParagraph, Text: strings.Join(dst, " ")}}
	if err := st.SaveTranslation(ctx, tr); err != nil {
		t.Fatal(err)
	}
	if _, err := st.Publish(ctx, id, lang); err != nil {
		t.Fatal(err)
	}
	return id
}

// client is a browser: a cookie jar, redirects not followed.
type client struct {
	t    *testing.T
	base string
	c    *http.Client
}

func (f *fixture) client(t *testing.T) *client {
	jar, _ := cookiejar.New(nil)
	return &client{t: t, base: f.srv.URL, c: &http.Client{Jar: jar, CheckRedirect: func(*http.Request, []*http.Request) error {
		return http.ErrUseLastResponse
	}}}
}

type answer struct {
	code     int
	body     string
	location string
	header   http.Header
}

func (c *client) do(method, path string, form url.Values, hdr map[string]string) answer {
	c.t.Helper()
	var body io.Reader
	if form != nil {
		body = strings.NewReader(form.Encode())
	}
	req, err := http.NewRequest(method, c.base+path, body)
	if err != nil {
		c.t.Fatal(err)
	}
	if form != nil {
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	}
	for k, v := range hdr {
		req.Header.Set(k, v)
	}
	res, err := c.c.Do(req)
	if err != nil {
		c.t.Fatal(err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	return answer{res.StatusCode, string(b), res.Header.Get("Location"), res.Header}
}

func (c *client) get(path string) answer { c.t.Helper(); return c.do("GET", path, nil, nil) }
func (c *client) post(path string, form url.Values) answer {
	c.t.Helper()
	return c.do("POST", path, form, nil)
}

func (c *client) login(name string) {
	c.t.Helper()
	a := c.post("/editor/login", url.Values{"name": {name}, "password": {password}, "next": {"/editor/"}})
	if a.code != 303 || a.location != "/editor/" {
		c.t.Fatalf("login %s: %d %s %s", name, a.code, a.location, a.body)
	}
}

func TestSignIn(t *testing.T) {
	f := newFixture(t, "http://127.0.0.1")
	c := f.client(t)
	a := c.get("/editor/")
	if a.code != 303 || !strings.HasPrefix(a.location, "/editor/login?next=") {
		t.Fatalf("without a session: %d %q", a.code, a.location)
	}
	if a := c.get(a.location); a.code != 200 || !strings.Contains(a.body, `name="password"`) {
		t.Fatalf("login page: %d", a.code)
	}
	a = c.post("/editor/login", url.Values{"name": {"marta"}, "password": {"not the secret"}})
	if a.code != 401 || !strings.Contains(a.body, "wrong name or password") || !strings.Contains(a.body, `value="marta"`) {
		t.Fatalf("wrong password: %d %s", a.code, a.body)
	}
	a = c.post("/editor/login", url.Values{"name": {"marta"}, "password": {password}, "next": {"//evil.example/"}})
	if a.code != 303 || a.location != "/editor/" {
		t.Fatalf("login: %d %q", a.code, a.location)
	}
	ck := a.header.Get("Set-Cookie")
	for _, want := range []string{editor.SessionCookie + "=", "Path=/editor", "HttpOnly", "SameSite=Lax"} {
		if !strings.Contains(ck, want) {
			t.Errorf("cookie %q lacks %s", ck, want)
		}
	}
	if strings.Contains(ck, "Secure") {
		t.Errorf("cookie over plain HTTP with an http base URL is Secure: %q", ck)
	}
	a = c.get("/editor/")
	if a.code != 200 || !strings.Contains(a.body, "T: Obras en el centro") || !strings.Contains(a.body, "marta (editor)") {
		t.Fatalf("queue: %d %s", a.code, a.body)
	}
	for _, h := range []string{"Content-Security-Policy", "X-Content-Type-Options"} {
		if a.header.Get(h) == "" {
			t.Errorf("no %s", h)
		}
	}
	if a := c.post("/editor/logout", url.Values{}); a.code != 303 || a.location != "/editor/login?out=1" {
		t.Fatalf("logout: %d %q", a.code, a.location)
	}
	if a := c.get("/editor/"); a.code != 303 || !strings.HasPrefix(a.location, "/editor/login") {
		t.Fatalf("after logout: %d %q", a.code, a.location)
	}
}

func TestSecureCookieBehindHTTPS(t *testing.T) {
	f := newFixture(t, "https://news.example")
	a := f.client(t).post("/editor/login", url.Values{"name": {"marta"}, "password": {password}})
	if a.code != 303 || !strings.Contains(a.header.Get("Set-Cookie"), "Secure") {
		t.Fatalf("https base URL: %d %q", a.code, a.header.Get("Set-Cookie"))
	}
}

func TestExpiredAndRemovedSessions(t *testing.T) {
	f := newFixture(t, "http://127.0.0.1")
	c := f.client(t)
	c.login("marta")
	f.now = f.now.Add(service.SessionTTL + time.Minute)
	a := c.get("/editor/glossary")
	if a.code != 303 || !strings.Contains(a.location, "expired=1") {
		t.Fatalf("expired session: %d %q", a.code, a.location)
	}
	if a := c.get(a.location); !strings.Contains(a.body, "Your session has ended") {
		t.Fatalf("no message: %s", a.body)
	}
	// the script's save after expiry: 401 with a message, the text kept by the page
	a = c.do("POST", "/editor/articles/"+itoa(f.a1)+"/ca/segments/1", url.Values{"target": {"x"}}, map[string]string{"Accept": "application/json"})
	if a.code != 401 || !strings.Contains(a.body, "your text is still in the box") {
		t.Fatalf("JSON save after expiry: %d %s", a.code, a.body)
	}
	c.login("marta")
	admin := f.client(t)
	admin.login("ada")
	if a := admin.post("/editor/users/remove", url.Values{"name": {"marta"}}); a.code != 303 {
		t.Fatalf("remove user: %d %s", a.code, a.body)
	}
	if a := c.get("/editor/"); a.code != 303 || !strings.Contains(a.location, "expired=1") {
		t.Fatalf("removed user's session: %d %q", a.code, a.location)
	}
}

func TestRoles(t *testing.T) {
	f := newFixture(t, "http://127.0.0.1")
	ed, admin := f.client(t), f.client(t)
	ed.login("marta")
	admin.login("ada")
	for _, p := range []string{"/editor/users", "/editor/sources", "/editor/audit.csv"} {
		if a := ed.get(p); a.code != 403 || !strings.Contains(a.body, "for administrators") {
			t.Errorf("editor GET %s: %d", p, a.code)
		}
		if a := admin.get(p); a.code != 200 {
			t.Errorf("admin GET %s: %d %s", p, a.code, a.body)
		}
	}
	if a := ed.post("/editor/users", url.Values{"name": {"eve"}, "role": {"admin"}, "password": {password}}); a.code != 403 {
		t.Errorf("editor adds a user: %d", a.code)
	}
	for _, p := range []string{"/editor/", "/editor/glossary", "/editor/comments", "/editor/audit"} {
		if a := ed.get(p); a.code != 200 {
			t.Errorf("editor GET %s: %d", p, a.code)
		}
	}
	if a := ed.get("/editor/"); strings.Contains(a.body, `href="/editor/users"`) {
		t.Error("an editor's navigation links to the users screen")
	}
}

func TestCrossOriginRefused(t *testing.T) {
	f := newFixture(t, "http://127.0.0.1")
	c := f.client(t)
	c.login("marta")
	p := "/editor/articles/" + itoa(f.a1) + "/ca/segments/2"
	form := url.Values{"target": {"pwned"}, "base": {repeated}}
	for _, h := range []map[string]string{{"Origin": "https://evil.example"}, {"Sec-Fetch-Site": "cross-site"}} {
		if a := c.do("POST", p, form, h); a.code != 403 {
			t.Errorf("cross-origin POST %v: %d", h, a.code)
		}
	}
	if a := c.do("POST", "/editor/login", url.Values{"name": {"marta"}, "password": {password}}, map[string]string{"Origin": "https://evil.example"}); a.code != 403 {
		t.Errorf("cross-origin login: %d", a.code)
	}
	tr, _, _ := f.st.Translation(context.Background(), f.a1, "ca")
	if tr.Segments[2].Target != repeated {
		t.Fatalf("a refused request changed the segment: %q", tr.Segments[2].Target)
	}
}

func TestEditAndConflict(t *testing.T) {
	f := newFixture(t, "http://127.0.0.1")
	c := f.client(t)
	c.login("marta")
	ap := "/editor/articles/" + itoa(f.a1) + "/ca"
	a := c.get(ap)
	if a.code != 200 || !strings.Contains(a.body, "“molt” is repeated") || !strings.Contains(a.body, "engine apertium") {
		t.Fatalf("article editor: %d %s", a.code, a.body)
	}
	fixed := "L'alcalde va dir que l'obra costarà molt."
	a = c.post(ap+"/segments/2", url.Values{"target": {fixed}, "base": {repeated}})
	if a.code != 303 || !strings.Contains(a.location, "saved=2") || !strings.Contains(a.location, "1+other+article") {
		t.Fatalf("save: %d %q %s", a.code, a.location, a.body)
	}
	for _, id := range []int64{f.a1, f.a2} {
		tr, _, _ := f.st.Translation(context.Background(), id, "ca")
		if !strings.Contains(tr.Blocks[0].Text, fixed) {
			t.Errorf("article %d: %q", id, tr.Blocks[0].Text)
		}
	}
	if a := c.get(a.location); !strings.Contains(a.body, "by marta") || !strings.Contains(a.body, "Segment 3 saved.") {
		t.Errorf("after save: %s", a.body)
	}
	// the segment's history: the edit here, the propagation there, as a
	// word-level diff
	if a := c.get(ap); !strings.Contains(a.body, "History: 1 change(s)") || !strings.Contains(a.body, "edited here") ||
		!strings.Contains(a.body, "<del>la obra</del><ins>l&#39;obra</ins>") || !strings.Contains(a.body, "<del>molt </del>molt.") {
		t.Errorf("history: %s", a.body)
	}
	if a := c.get("/editor/articles/" + itoa(f.a2) + "/ca"); !strings.Contains(a.body, "applied from another article") {
		t.Errorf("history of the propagation: %s", a.body)
	}
	// a stale edit: the base is the text before the save above
	mine := "L'alcalde digué que l'obra costarà molt."
	a = c.post(ap+"/segments/2", url.Values{"target": {mine}, "base": {repeated}})
	if a.code != 409 || !strings.Contains(a.body, html(fixed)) || !strings.Contains(a.body, html(mine)) || !strings.Contains(a.body, "Someone else saved") {
		t.Fatalf("conflict: %d %s", a.code, a.body)
	}
	// the script's save asks for JSON
	a = c.do("POST", ap+"/segments/2", url.Values{"target": {mine}, "base": {repeated}}, map[string]string{"Accept": "application/json"})
	var ans struct{ Current, Yours, Message string }
	if err := json.Unmarshal([]byte(a.body), &ans); a.code != 409 || err != nil || ans.Current != fixed || ans.Yours != mine {
		t.Fatalf("JSON conflict: %d %s", a.code, a.body)
	}
	a = c.do("POST", ap+"/segments/2", url.Values{"target": {mine}, "base": {fixed}}, map[string]string{"Accept": "application/json"})
	if a.code != 200 || !strings.Contains(a.body, `"target":"L'alcalde digué`) {
		t.Fatalf("JSON save: %d %s", a.code, a.body)
	}
	if a := c.post(ap+"/segments/2", url.Values{"target": {"  "}, "base": {mine}}); a.code != 400 || !strings.Contains(a.body, "empty") {
		t.Errorf("empty segment: %d", a.code)
	}
	if a := c.post(ap+"/segments/2", url.Values{"target": {strings.Repeat("a", 1<<20)}, "base": {mine}}); a.code != 400 {
		t.Errorf("1 MB segment: %d", a.code)
	}
	if a := c.post(ap+"/approve", url.Values{}); a.code != 303 {
		t.Fatalf("approve: %d %s", a.code, a.body)
	}
	if tr, _, _ := f.st.Translation(context.Background(), f.a1, "ca"); tr.State != model.StateApproved || tr.ApprovedBy != "marta" {
		t.Errorf("approve: %s by %q", tr.State, tr.ApprovedBy)
	}
	// a machine re-translation of an approved translation is shown beside it
	again, _, _ := f.st.Translation(context.Background(), f.a1, "ca")
	again.State, again.ApprovedBy = "", ""
	again.Segments[1].Target, again.Segments[1].Editor, again.Segments[1].Engine = "El ple aprovà el pla.", "", "apertium"
	if err := f.st.SaveTranslation(context.Background(), again); err != nil {
		t.Fatal(err)
	}
	if a := c.get(ap); !strings.Contains(a.body, "would change 1 segment(s)") || !strings.Contains(a.body, "El ple aprovà el pla.") {
		t.Errorf("proposal not shown: %s", a.body)
	}
	if a := c.post(ap+"/unpublish", url.Values{}); a.code != 303 {
		t.Fatalf("unpublish: %d %s", a.code, a.body)
	}
	if a := c.post(ap+"/retranslate", url.Values{"engine": {"apertium"}}); a.code != 503 {
		t.Errorf("re-translate without engines: %d", a.code)
	}
}

func TestTypedMarkupIsText(t *testing.T) {
	f := newFixture(t, "http://127.0.0.1")
	c := f.client(t)
	c.login("marta")
	ap := "/editor/articles/" + itoa(f.a1) + "/ca"
	evil := `<script>alert(1)</script><img src=x onerror=alert(2)>`
	if a := c.post(ap+"/segments/1", url.Values{"target": {evil}, "base": {"El ple va aprovar el pla."}}); a.code != 303 {
		t.Fatalf("save: %d %s", a.code, a.body)
	}
	a := c.get(ap)
	if strings.Contains(a.body, "<script>alert") || strings.Contains(a.body, "<img src=x") {
		t.Fatal("typed markup is live in the editor")
	}
	if !strings.Contains(a.body, "&lt;script&gt;alert(1)&lt;/script&gt;") {
		t.Fatalf("typed markup not shown as text: %s", a.body)
	}
}

func TestArabicIsRightToLeft(t *testing.T) {
	f := newFixture(t, "http://127.0.0.1")
	c := f.client(t)
	c.login("marta")
	a := c.get("/editor/articles/" + itoa(f.a1) + "/ar")
	if a.code != 200 || !strings.Contains(a.body, `<main id="main" dir="rtl">`) || !strings.Contains(a.body, `lang="ar" dir="rtl"`) {
		t.Fatalf("Arabic editor: %d %s", a.code, a.body)
	}
	if a := c.get("/editor/articles/" + itoa(f.a1) + "/ca"); strings.Contains(a.body, `dir="rtl"`) {
		t.Error("a Catalan translation laid out right to left")
	}
}

func TestGlossaryCommentsSourcesUsersAudit(t *testing.T) {
	f := newFixture(t, "http://127.0.0.1")
	ctx := context.Background()
	c := f.client(t)
	c.login("ada")
	// The preview lists what saving would re-translate and saves nothing.
	form := url.Values{"source_lang": {"es"}, "term": {"alcalde"}, "kind": {"term"}, "renderings": {"ca = batlle\nar = العمدة"}}
	a := c.post("/editor/glossary/preview", form)
	for _, want := range []string{"<strong>3 translation(s)</strong> of <strong>2 article(s)</strong>", "Not in the glossary yet.",
		`href="/editor/articles/` + itoa(f.a1) + `/ca"`, "name=\"renderings\" value=\"ar = العمدة\nca = batlle\"", "Save and re-translate 3"} {
		if a.code != 200 || !strings.Contains(a.body, want) {
			t.Fatalf("glossary preview lacks %q: %d %s", want, a.code, a.body)
		}
	}
	if ts, _ := f.st.GlossaryTerms(ctx, "es"); len(ts) != 0 {
		t.Fatalf("the preview saved: %v", ts)
	}
	a = c.post("/editor/glossary", form)
	if a.code != 303 || !strings.Contains(a.location, "3+translation") {
		t.Fatalf("glossary save: %d %q %s", a.code, a.location, a.body)
	}
	if a := c.get("/editor/glossary?q=batlle"); !strings.Contains(a.body, "batlle") || !strings.Contains(a.body, "العمدة") {
		t.Errorf("glossary search: %s", a.body)
	}
	if a := c.post("/editor/glossary", url.Values{"source_lang": {"es"}, "term": {"afición"}, "kind": {"term"}, "mode": {"forbidden"}, "renderings": {"en = hobby"}}); a.code != 303 {
		t.Fatalf("glossary save with a mode: %d %s", a.code, a.body)
	}
	if a := c.get("/editor/glossary?edit=es:afición"); !strings.Contains(a.body, "<td>forbidden</td>") || !strings.Contains(a.body, `<option value="forbidden" selected>`) {
		t.Errorf("glossary mode: %s", a.body)
	}
	if a := c.post("/editor/glossary", url.Values{"source_lang": {"es"}, "term": {"x"}, "renderings": {"no equals sign"}}); a.code != 400 {
		t.Errorf("bad renderings: %d", a.code)
	}
	if a := c.get("/editor/glossary"); !strings.Contains(a.body, ">2 article(s)<span class=\"vh\"> mention alcalde") {
		t.Errorf("glossary where-used count: %s", a.body)
	}
	if a := c.get("/editor/glossary/uses?source_lang=es&term=alcalde"); a.code != 200 || !strings.Contains(a.body, "Obras en el centro") {
		t.Errorf("where used: %d %s", a.code, a.body)
	}
	if a := c.get("/editor/glossary/remove?source_lang=es&term=alcalde"); a.code != 200 || !strings.Contains(a.body, "Remove and re-translate 3") {
		t.Errorf("remove confirmation: %d %s", a.code, a.body)
	}
	if a := c.get("/editor/glossary/remove?source_lang=es&term=nope"); a.code != 404 {
		t.Errorf("remove confirmation of no term: %d", a.code)
	}
	if a := c.post("/editor/glossary/remove", url.Values{"source_lang": {"es"}, "term": {"alcalde"}}); a.code != 303 {
		t.Errorf("glossary remove: %d", a.code)
	}

	var ids []string
	for i, body := range []string{"first", "second", "<b>third</b>"} {
		cm := &model.Comment{ArticleID: f.a1, Lang: "ca", Author: "reader" + itoa(int64(i)), Body: body, Status: model.CommentPending}
		if err := f.st.AddComment(ctx, cm); err != nil {
			t.Fatal(err)
		}
		ids = append(ids, itoa(cm.ID))
	}
	if a := c.get("/editor/comments"); !strings.Contains(a.body, "&lt;b&gt;third&lt;/b&gt;") {
		t.Errorf("pending queue: %s", a.body)
	}
	if a := c.post("/editor/comments", url.Values{"one": {"spam:" + ids[2]}}); a.code != 303 {
		t.Errorf("one: %d %s", a.code, a.body)
	}
	if a := c.post("/editor/comments", url.Values{"action": {"approve"}, "id": ids[:2]}); a.code != 303 || !strings.Contains(a.location, "2+comment") {
		t.Errorf("bulk: %d %q", a.code, a.location)
	}
	for i, want := range []string{model.CommentApproved, model.CommentApproved, model.CommentSpam} {
		cm, _ := f.st.Comment(ctx, mustInt(ids[i]))
		if cm.Status != want {
			t.Errorf("comment %d: %s, want %s", i, cm.Status, want)
		}
	}

	if a := c.post("/editor/sources", url.Values{"feed_url": {"http://other.test/rss"}, "language": {"es"}}); a.code != 303 {
		t.Fatalf("source add: %d %s", a.code, a.body)
	}
	a = c.get("/editor/sources")
	if !strings.Contains(a.body, "other.test") || !strings.Contains(a.body, "deletes its articles") {
		t.Errorf("sources: %s", a.body)
	}
	if a := c.post("/editor/sources/1/poll", url.Values{}); a.code != 303 {
		t.Errorf("poll: %d", a.code)
	}
	// Pause: not due, shown as paused with Resume, no Poll now; resume.
	if a := c.post("/editor/sources/1/pause", url.Values{}); a.code != 303 || !strings.Contains(a.location, "Paused") {
		t.Fatalf("pause: %d %q", a.code, a.location)
	}
	if due, _ := f.st.DueSources(ctx, f.st.Now().Add(24*time.Hour)); len(due) != 1 || due[0].ID != 2 {
		t.Errorf("due while source 1 is paused: %v", due)
	}
	a = c.get("/editor/sources")
	if !strings.Contains(a.body, "<td>paused</td>") || !strings.Contains(a.body, `action="/editor/sources/1/resume"`) || strings.Contains(a.body, `action="/editor/sources/1/poll"`) {
		t.Errorf("paused source listed: %s", a.body)
	}
	if a := c.post("/editor/sources/1/poll", url.Values{}); a.code != 409 {
		t.Errorf("poll while paused: %d", a.code)
	}
	if a := c.post("/editor/sources/1/resume", url.Values{}); a.code != 303 || !strings.Contains(a.location, "Resumed") {
		t.Errorf("resume: %d %q", a.code, a.location)
	}
	if due, _ := f.st.DueSources(ctx, f.st.Now()); len(due) != 2 {
		t.Errorf("a resumed source is not due at once: %v", due)
	}
	a = c.get("/editor/sources/1/remove")
	for _, want := range []string{"2 article(s) and their 3 translation(s)", "2 published page(s)", "3 readers' comment(s)", "Pause it instead"} {
		if a.code != 200 || !strings.Contains(a.body, want) {
			t.Errorf("remove confirmation lacks %q: %d %s", want, a.code, a.body)
		}
	}
	if a := c.post("/editor/sources/2/remove", url.Values{}); a.code != 303 || !strings.Contains(a.location, "0+article") {
		t.Errorf("remove: %d %q %s", a.code, a.location, a.body)
	}

	a = c.post("/editor/users", url.Values{"name": {"nour"}, "role": {"editor"}, "password": {password}})
	if a.code != 200 || !strings.Contains(a.body, "nb_") {
		t.Fatalf("user add: %d %s", a.code, a.body)
	}
	nour := f.client(t)
	nour.login("nour")
	if a := c.post("/editor/users", url.Values{"name": {"short"}, "role": {"editor"}, "password": {"short"}}); a.code != 400 {
		t.Errorf("short password: %d", a.code)
	}

	a = c.get("/editor/audit.csv")
	if a.code != 200 || !strings.HasPrefix(a.body, "id,at,actor,action") || !strings.Contains(a.body, "glossary.save") || !strings.Contains(a.body, "user.add") {
		t.Fatalf("audit export: %d %s", a.code, a.body)
	}
	if a := c.get("/editor/audit?actor=nobody"); a.code != 200 || strings.Contains(a.body, "glossary.save") {
		t.Errorf("audit filtered by actor: %d", a.code)
	}
	if a := c.get("/editor/audit?object=source/1"); !strings.Contains(a.body, "source.pause") || strings.Contains(a.body, "glossary.save") {
		t.Errorf("audit filtered by object: %s", a.body)
	}
	if a := c.get("/editor/audit?actor=ada"); !strings.Contains(a.body, "glossary.save") {
		t.Errorf("audit of ada lacks her change")
	}
	if a := nour.get("/editor/audit?actor=ada"); a.code != 200 || strings.Contains(a.body, "glossary.save") {
		t.Errorf("an editor reads others' audit entries")
	}
}

func TestStaticAndUnknown(t *testing.T) {
	f := newFixture(t, "http://127.0.0.1")
	c := f.client(t)
	a := c.get("/editor/login")
	for _, re := range []string{`href="(/editor/static/editor\.[0-9a-f]+\.css)"`, `src="(/editor/static/editor\.[0-9a-f]+\.js)"`} {
		m := regexpFind(re, a.body)
		if m == "" {
			t.Fatalf("no %s in %s", re, a.body)
		}
		if s := c.get(m); s.code != 200 || !strings.Contains(s.header.Get("Cache-Control"), "immutable") {
			t.Errorf("%s: %d", m, s.code)
		}
	}
	c.login("marta")
	if a := c.get("/editor/nowhere"); a.code != 404 {
		t.Errorf("unknown page: %d", a.code)
	}
	if a := c.get("/editor/articles/999/ca"); a.code != 404 {
		t.Errorf("unknown article: %d", a.code)
	}
}

func TestSignInThrottled(t *testing.T) {
	f := newFixture(t, "http://127.0.0.1")
	c := f.client(t)
	for i := 0; i < service.LoginUserLimit; i++ {
		if a := c.post("/editor/login", url.Values{"name": {"marta"}, "password": {"guess number " + itoa(int64(i))}}); a.code != 401 {
			t.Fatalf("attempt %d: %d", i, a.code)
		}
	}
	a := c.post("/editor/login", url.Values{"name": {"marta"}, "password": {password}})
	if a.code != 429 || a.header.Get("Retry-After") == "" || !strings.Contains(a.body, "too many failed attempts") {
		t.Fatalf("locked sign-in: %d %q %s", a.code, a.header.Get("Retry-After"), a.body)
	}
}

// TestEditorSuppliedTranslation: an article no engine translates into
// Arabic gets the article editor with empty targets; partial saves are
// kept and do not publish; the last one publishes.
func TestEditorSuppliedTranslation(t *testing.T) {
	f := newFixture(t, "http://127.0.0.1")
	ctx := context.Background()
	id, _, err := f.st.AddArticle(ctx, 1, "http://outlet.test/a3.html")
	if err != nil {
		t.Fatal(err)
	}
	a := &model.Article{ID: id, SourceID: 1, URL: "http://outlet.test/a3.html", Title: "Precios del pan", Language: "es",
		Blocks: []model.Block{{Type: model.BlockParagraph, Text: "El pan sube. La leche baja."},
			{Type: model.BlockFigure, Caption: "Una panadería.", Alt: "Pan en un estante."}}}
	if err := f.st.SaveExtracted(ctx, a); err != nil {
		t.Fatal(err)
	}
	f.svc.Languages = []string{"es", "ca", "ar"}
	c := f.client(t)
	c.login("marta")
	ap := "/editor/articles/" + itoa(id) + "/ar"
	if r := c.get("/editor/?state=to_translate"); !strings.Contains(r.body, `href="`+ap+`"`) || strings.Contains(r.body, "/editor/articles/"+itoa(f.a2)+"/ca") {
		t.Fatalf("to translate: %s", r.body)
	}
	r := c.get(ap)
	if r.code != 200 || !strings.Contains(r.body, `<main id="main" dir="rtl">`) || !strings.Contains(r.body, "No engine translates") ||
		!strings.Contains(r.body, "0 of 5 done") || strings.Count(r.body, `dir="rtl" rows="3"></textarea>`) != 5 {
		t.Fatalf("empty editor: %d %s", r.code, r.body)
	}
	targets := []string{"أسعار الخبز", "الخبز يرتفع.", "الحليب ينخفض.", "مخبز.", "خبز على رف."}
	published := func() bool {
		langs, err := f.st.PublishedLangs(ctx, id)
		if err != nil {
			t.Fatal(err)
		}
		for _, l := range langs {
			if l == "ar" {
				return true
			}
		}
		return false
	}
	for i, tg := range targets {
		if i == len(targets)-1 {
			if published() {
				t.Fatal("published before every segment was filled")
			}
			if r := c.get("/editor/?state=to_translate"); !strings.Contains(r.body, `href="`+ap+`"`) {
				t.Fatalf("a partial translation left the list to translate: %s", r.body)
			}
		}
		if r := c.post(ap+"/segments/"+itoa(int64(i)), url.Values{"target": {tg}, "base": {""}}); r.code != 303 {
			t.Fatalf("save %d: %d %s", i, r.code, r.body)
		}
	}
	if !published() {
		t.Fatal("the completed translation was not published")
	}
	tr, _, err := f.st.Translation(ctx, id, "ar")
	if err != nil {
		t.Fatal(err)
	}
	if tr.Title != targets[0] || tr.Blocks[0].Text != "الخبز يرتفع. الحليب ينخفض." || tr.Blocks[1].Caption != "مخبز." || tr.Blocks[1].Alt != "خبز على رف." ||
		tr.State != model.StateTranslated || tr.Segments[1].Editor != "marta" {
		t.Fatalf("assembled: %+v", tr)
	}
	if r := c.get(ap); !strings.Contains(r.body, "5 of 5 done") || !strings.Contains(r.body, "public page") {
		t.Errorf("after completion: %s", r.body)
	}
	// The public page is under the Arabic title's slug.
	public := "/ar/a/" + itoa(id) + "-" + url.PathEscape(model.Slugify("ar", targets[0], 80))
	if r := c.get(ap); !strings.Contains(r.body, `href="`+public+`">public page`) {
		t.Errorf("no link to %s: %s", public, r.body)
	}
	// not a language of the site: nothing to type
	if r := c.get("/editor/articles/" + itoa(id) + "/de"); r.code != 404 {
		t.Errorf("German, not a site language: %d", r.code)
	}
}

// TestPicturesAndWhyNot: the article editor lists the article's pictures,
// the ready ones with their widths, the others with their reason.
func TestPicturesAndWhyNot(t *testing.T) {
	f := newFixture(t, "http://127.0.0.1")
	ctx := context.Background()
	good, bad := "http://outlet.example/p.jpg", "http://outlet.example/plan.svg"
	if err := f.st.AddArticleImages(ctx, f.a1, []string{good, bad}); err != nil {
		t.Fatal(err)
	}
	im := model.Image{Hash: "0123456789abcdef0123456789abcdef", Ext: "jpg", Width: 1024, Height: 640, Widths: []int{320, 640, 1024}}
	if err := f.st.SaveImage(ctx, f.a1, good, im, nil); err != nil {
		t.Fatal(err)
	}
	if err := f.st.SetImageError(ctx, f.a1, bad, "image: SVG is not served (a document that may carry script, not a picture)", true); err != nil {
		t.Fatal(err)
	}
	c := f.client(t)
	c.login("marta")
	a := c.get("/editor/articles/" + itoa(f.a1) + "/ca")
	for _, want := range []string{`<h2 id="img-h">Pictures</h2>`, "<td>failed</td>", "<td>ready</td>",
		html(good), html(bad), "1024×640 jpg, widths 320, 640, 1024", "image: SVG is not served"} {
		if !strings.Contains(a.body, want) {
			t.Errorf("the article editor lacks %q", want)
		}
	}
}
