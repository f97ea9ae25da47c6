package web_test

import (
	"bytes"
	"context"
	"io"
	"log/slog"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"newsbridge/model"
	"newsbridge/search"
	"newsbridge/store"
	"newsbridge/web"
)

// seed opens a store in a temporary directory with two stories published
// in es and ca, and returns their article IDs.
func seed(t *testing.T) (*store.Store, string, []int64) {
	t.Helper()
	ctx := context.Background()
	var ids []int64
	dir := t.TempDir()
	st, err := store.Open(ctx, "", dir)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	if err := st.Migrate(ctx); err != nil {
		t.Fatal(err)
	}
	src := &model.Source{Name: "Diario", FeedURL: "http://example.test/feed.xml", SiteURL: "http://example.test/", Language: "es", Enabled: true}
	if err := st.CreateSource(ctx, src); err != nil {
		t.Fatal(err)
	}
	for _, title := range []string{"Récord de visitantes en Valdemora", "El mercado abre los domingos"} {
		id, _, err := st.AddArticle(ctx, src.ID, "http://example.test/"+title+".html")
		if err != nil {
			t.Fatal(err)
		}
		a := &model.Article{ID: id, Title: title, Language: "es", Category: "Economía",
			Blocks: []model.Block{{Type: model.BlockParagraph, Text: "Valdemora crece."}}}
		if err := st.SaveExtracted(ctx, a); err != nil {
			t.Fatal(err)
		}
		tr := &model.Translation{ArticleID: id, Lang: "ca", Title: "Valdemora " + title, Category: "Economia", Route: "es>ca",
			Blocks: []model.Block{{Type: model.BlockParagraph, Text: "Valdemora creix."}}}
		if err := st.SaveTranslation(ctx, tr); err != nil {
			t.Fatal(err)
		}
		for _, lang := range []string{"es", "ca"} {
			if _, err := st.Publish(ctx, id, lang); err != nil {
				t.Fatal(err)
			}
		}
		ids = append(ids, id)
	}
	return st, dir, ids
}

// open opens a node on st and dir serving Spanish and Catalan; with static
// set it also publishes there at every Sync. Its index closes with the test.
func open(t *testing.T, st *store.Store, dir, static string) *web.Node {
	t.Helper()
	cfg := web.Config{Store: st, DataDir: dir, BaseURL: "http://127.0.0.1", SiteName: "Diario",
		Languages: []model.Language{model.NewLanguage("es", 1), model.NewLanguage("ca", 2)}, DefaultLang: "es",
		Log: slog.New(slog.NewTextHandler(io.Discard, nil))}
	if static != "" {
		cfg.StaticDir, cfg.StaticEvery = static, time.Nanosecond
	}
	node, err := web.Open(context.Background(), cfg)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { node.Index.Close() })
	return node
}

// TestSyncAndReindex publishes two stories in two languages: opening the
// node indexes all four through the batched story reads, and a rebuild
// from the database finds the same four.
func TestSyncAndReindex(t *testing.T) {
	ctx := context.Background()
	st, dir, _ := seed(t)
	node := open(t, st, dir, "")
	count := func() uint64 {
		n, err := node.Index.Count()
		if err != nil {
			t.Fatal(err)
		}
		return n
	}
	if n := count(); n != 4 {
		t.Fatalf("%d documents indexed at start, want 4", n)
	}
	res, err := node.Index.Search(ctx, search.Query{Lang: "ca", Text: "creix"})
	if err != nil || res.Total != 2 {
		t.Fatalf("search in ca: %+v %v", res, err)
	}
	if err := node.Index.Close(); err != nil {
		t.Fatal(err)
	}
	n, err := web.Reindex(ctx, st, dir, nil)
	if err != nil || n != 4 {
		t.Fatalf("reindex: %d %v", n, err)
	}
	ix, err := search.Open(dir + "/search")
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()
	if n, err := ix.Count(); err != nil || n != 4 {
		t.Fatalf("%d documents after reindex (%v), want 4", n, err)
	}
}

// TestSyncRemovesUnpublished unpublishes one story in Catalan: the next
// Sync removes it from the Catalan search, and leaves the other story and
// the Spanish one, even when another publication lands in the same pass.
func TestSyncRemovesUnpublished(t *testing.T) {
	ctx := context.Background()
	st, dir, ids := seed(t)
	node := open(t, st, dir, "")
	hits := func(lang, text string) uint64 {
		t.Helper()
		res, err := node.Index.Search(ctx, search.Query{Lang: lang, Text: text})
		if err != nil {
			t.Fatal(err)
		}
		return res.Total
	}
	if n := hits("ca", "creix"); n != 2 {
		t.Fatalf("%d Catalan hits before, want 2", n)
	}
	if err := st.Unpublish(ctx, ids[0], "ca"); err != nil {
		t.Fatal(err)
	}
	if _, err := node.Sync(ctx); err != nil {
		t.Fatal(err)
	}
	if n := hits("ca", "creix"); n != 1 {
		t.Errorf("%d Catalan hits after unpublishing one, want 1", n)
	}
	if n := hits("es", "crece"); n != 2 {
		t.Errorf("%d Spanish hits, want 2 (only the Catalan one was unpublished)", n)
	}
	// A withdrawal and a publication in one pass: the publication count
	// stays the same, the index still loses the withdrawn one.
	if err := st.Unpublish(ctx, ids[1], "ca"); err != nil {
		t.Fatal(err)
	}
	if _, err := st.Publish(ctx, ids[0], "ca"); err != nil {
		t.Fatal(err)
	}
	for i := 0; i < 2; i++ {
		if _, err := node.Sync(ctx); err != nil {
			t.Fatal(err)
		}
	}
	res, err := node.Index.Search(ctx, search.Query{Lang: "ca", Text: "creix"})
	if err != nil {
		t.Fatal(err)
	}
	if res.Total != 1 || res.Hits[0].ArticleID != ids[0] {
		t.Errorf("Catalan hits after swapping the published story: %+v, want only article %d", res.Hits, ids[0])
	}
}

// TestStaticDir opens a node that publishes to a directory: both stories
// are there in both languages at start, and unpublishing one in Spanish
// removes its page and rewrites the Spanish front page at the next Sync,
// leaving the Catalan page alone.
func TestStaticDir(t *testing.T) {
	ctx := context.Background()
	st, dir, ids := seed(t)
	static := filepath.Join(t.TempDir(), "public")
	node := open(t, st, dir, static)
	articles := func(lang string) []string {
		ents, _ := os.ReadDir(filepath.Join(static, lang, "a"))
		var out []string
		for _, e := range ents {
			out = append(out, e.Name())
		}
		return out
	}
	if es, ca := articles("es"), articles("ca"); len(es) != 2 || len(ca) != 2 {
		t.Fatalf("published articles: es %v, ca %v", es, ca)
	}
	before := articles("es")
	if err := st.Unpublish(ctx, ids[0], "es"); err != nil {
		t.Fatal(err)
	}
	if _, err := node.Sync(ctx); err != nil {
		t.Fatal(err)
	}
	if es, ca := articles("es"), articles("ca"); len(es) != 1 || len(ca) != 2 {
		t.Fatalf("after unpublishing in es: es %v, ca %v", es, ca)
	}
	gone := before[0]
	if gone == articles("es")[0] {
		gone = before[1]
	}
	front, err := os.ReadFile(filepath.Join(static, "es", "index.html"))
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(string(front), "/es/a/"+gone) {
		t.Errorf("the front page still links to %s", gone)
	}
	goneCa, err := st.PublicationSlug(ctx, ids[0], "ca")
	if err != nil {
		t.Fatal(err)
	}
	if goneCa == gone || !strings.HasPrefix(goneCa, strings.Split(gone, "-")[0]+"-valdemora-") {
		t.Errorf("the Catalan slug %q is not made from the Catalan title (Spanish %q)", goneCa, gone)
	}
	// Every file is what the node's handler serves.
	for _, rel := range []string{"es/index.html", "ca/a/" + goneCa + "/index.html", "es/feed.rss", "sitemap.xml"} {
		disk, err := os.ReadFile(filepath.Join(static, rel))
		if err != nil {
			t.Fatal(err)
		}
		u := "/" + strings.TrimSuffix(rel, "index.html")
		if strings.Contains(rel, "/a/") {
			u = strings.TrimSuffix(u, "/")
		}
		rec := httptest.NewRecorder()
		node.Handler().ServeHTTP(rec, httptest.NewRequest("GET", u, nil))
		if rec.Code != 200 || !bytes.Equal(rec.Body.Bytes(), disk) {
			t.Errorf("%s differs from GET %s (%d)", rel, u, rec.Code)
		}
	}
}

// TestSlugChange: an editor's new title gives the page a new slug; at the
// next Sync the old page's files go (nginx passes the old URL to the node,
// which redirects), the new ones are written, and search finds the new URL.
func TestSlugChange(t *testing.T) {
	ctx := context.Background()
	st, dir, ids := seed(t)
	static := filepath.Join(t.TempDir(), "public")
	node := open(t, st, dir, static)
	old, _ := st.PublicationSlug(ctx, ids[0], "ca")
	if _, err := os.Stat(filepath.Join(static, "ca", "a", old, "index.html")); err != nil {
		t.Fatal(err)
	}
	// The page is in the cache.
	serve := func(path string) *httptest.ResponseRecorder {
		rec := httptest.NewRecorder()
		node.Handler().ServeHTTP(rec, httptest.NewRequest("GET", path, nil))
		return rec
	}
	if rec := serve("/ca/a/" + old); rec.Code != 200 {
		t.Fatalf("old page: %d", rec.Code)
	}
	tr, _, err := st.Translation(ctx, ids[0], "ca")
	if err != nil {
		t.Fatal(err)
	}
	tr.Title = "Rècord històric a Valdemora"
	if err := st.UpdateTranslation(ctx, tr); err != nil {
		t.Fatal(err)
	}
	if err := st.TouchPublication(ctx, ids[0], "ca"); err != nil {
		t.Fatal(err)
	}
	if _, err := node.Sync(ctx); err != nil {
		t.Fatal(err)
	}
	cur, _ := st.PublicationSlug(ctx, ids[0], "ca")
	if !strings.HasSuffix(cur, "-record-historic-a-valdemora") {
		t.Fatalf("new slug %q", cur)
	}
	if _, err := os.Stat(filepath.Join(static, "ca", "a", old)); !os.IsNotExist(err) {
		t.Errorf("the old page's files are still there: %v", err)
	}
	if _, err := os.Stat(filepath.Join(static, "ca", "a", cur, "index.html")); err != nil {
		t.Error(err)
	}
	if rec := serve("/ca/a/" + old); rec.Code != 301 || rec.Header().Get("Location") != "http://127.0.0.1/ca/a/"+cur {
		t.Errorf("old URL: %d %q", rec.Code, rec.Header().Get("Location"))
	}
	rec := serve("/ca/a/" + cur)
	if rec.Code != 200 || !strings.Contains(rec.Body.String(), `<link rel="canonical" href="http://127.0.0.1/ca/a/`+cur+`">`) {
		t.Errorf("new URL: %d", rec.Code)
	}
	res, err := node.Index.Search(ctx, search.Query{Lang: "ca", Text: "històric"})
	if err != nil || len(res.Hits) != 1 || res.Hits[0].Slug != cur {
		t.Errorf("search: %+v %v", res, err)
	}
}
