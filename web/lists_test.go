package web_test

import (
	"context"
	"net/http/httptest"
	"strings"
	"testing"

	"newsbridge/model"
	"newsbridge/search"
	"newsbridge/store"
)

// TestListsFollowTheDatabase: the section, author and outlet lists a web
// node serves from its page cache change as soon as Sync sees a new
// publication or a new mapping of categories to sections; the search
// index files stories under their section.
func TestListsFollowTheDatabase(t *testing.T) {
	ctx := context.Background()
	st, dir, _ := seed(t)
	st.Sections = &model.Sections{Default: "news", List: []model.Section{
		{Slug: "news", Names: map[string]string{"es": "Actualidad", "ca": "Actualitat"}},
		{Slug: "business", Names: map[string]string{"es": "Economía", "ca": "Economia"}},
	}}
	if _, err := st.ApplySections(ctx); err != nil {
		t.Fatal(err)
	}
	node := open(t, st, dir, "")
	h := node.Handler()
	get := func(path string) (int, string) {
		w := httptest.NewRecorder()
		h.ServeHTTP(w, httptest.NewRequest("GET", path, nil))
		return w.Code, w.Body.String()
	}
	if _, body := get("/es/"); !strings.Contains(body, `<a href="/es/news/">Actualidad</a>`) || strings.Contains(body, "/es/business/") {
		t.Fatalf("menu before mapping: %s", body)
	}
	// A new article by Ana Ruiz, published: her page appears.
	if code, _ := get("/es/author/ana-ruiz/"); code != 404 {
		t.Fatalf("author before her article: %d", code)
	}
	id, _, err := st.AddArticle(ctx, 1, "http://example.test/ana.html")
	if err != nil {
		t.Fatal(err)
	}
	a := &model.Article{ID: id, Title: "Las cuentas del puerto", Language: "es", Category: "Economía", Byline: "Por Ana Ruiz",
		Blocks: []model.Block{{Type: model.BlockParagraph, Text: "Cifras."}}}
	if err := st.SaveExtracted(ctx, a); err != nil {
		t.Fatal(err)
	}
	if _, err := st.Publish(ctx, id, "es"); err != nil {
		t.Fatal(err)
	}
	if _, err := node.Sync(ctx); err != nil {
		t.Fatal(err)
	}
	code, body := get("/es/author/ana-ruiz/")
	if code != 200 || !strings.Contains(body, "Las cuentas del puerto") {
		t.Fatalf("author page after publishing: %d", code)
	}
	// The outlet's other articles list it.
	if _, body := get("/es/a/1-record-de-visitantes-en-valdemora"); !strings.Contains(body, `id="more-outlet-title"`) || !strings.Contains(body, "Las cuentas del puerto") {
		t.Errorf("outlet list: %s", body)
	}
	// The outlet's page, named by the source's id and name, lists it too.
	if code, body := get("/es/outlet/1-diario/"); code != 200 || !strings.Contains(body, "Las cuentas del puerto") ||
		!strings.Contains(body, `<h1>Artículos publicados en <bdi lang="es">Diario</bdi></h1>`) {
		t.Errorf("outlet page: %d %s", code, body)
	}
	if code, _ := get("/es/outlet/1-gaceta/"); code != 301 {
		t.Errorf("outlet page under another name: %d", code)
	}
	// An admin maps the outlet's "Economía" to business: after Sync the
	// menus, the section pages and the search index say so.
	if _, err := st.SetSourceSections(ctx, 1, store.SourceSections{Edited: true, Categories: map[string]string{"economia": "business"}}); err != nil {
		t.Fatal(err)
	}
	if _, err := node.Sync(ctx); err != nil {
		t.Fatal(err)
	}
	_, body = get("/ca/")
	if !strings.Contains(body, `<a href="/ca/business/">Economia</a>`) || strings.Contains(body, "/ca/news/") {
		t.Errorf("menu after mapping: %s", body)
	}
	if code, body := get("/es/business/"); code != 200 || strings.Count(body, `rel="bookmark"`) != 3 {
		t.Errorf("section page: %d", code)
	}
	if code, _ := get("/es/news/"); code != 404 {
		t.Errorf("emptied section: %d", code)
	}
	if code, _ := get("/es/economia/"); code != 301 {
		t.Errorf("old category URL: %d", code)
	}
	res, err := node.Index.Search(ctx, search.Query{Lang: "es", Text: "cifras", Category: "business"})
	if err != nil || res.Total != 1 || res.Hits[0].Category != "Economía" {
		t.Errorf("search by section: %+v %v", res, err)
	}
}
