package web_test

import (
	"context"
	"io"
	"log/slog"
	"testing"

	"newsbridge/model"
	"newsbridge/search"
	"newsbridge/store"
	"newsbridge/web"
)

// TestSyncAndReindex publishes two stories in two languages: opening the
// node indexes all four through the batched story reads, and a rebuild
// from the database finds the same four.
func TestSyncAndReindex(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	st, err := store.Open(ctx, "", dir)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
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
	}
	langs := []model.Language{{Tag: "es", Name: "Español", Dir: "ltr", Prefix: "es", Enabled: true}, {Tag: "ca", Name: "Català", Dir: "ltr", Prefix: "ca", Enabled: true}}
	node, err := web.Open(ctx, web.Config{Store: st, DataDir: dir, BaseURL: "http://127.0.0.1", SiteName: "Diario",
		Languages: langs, DefaultLang: "es", Log: slog.New(slog.NewTextHandler(io.Discard, nil))})
	if err != nil {
		t.Fatal(err)
	}
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
