package editor_test

import (
	"context"
	"net/url"
	"strings"
	"testing"

	"newsbridge/model"
	"newsbridge/store"
)

// TestSourceSections: an admin maps an outlet's categories to sections on
// the sources screen; the articles move, the change is audited, editors
// cannot do it, and a form from another site is refused.
func TestSourceSections(t *testing.T) {
	f := newFixture(t, "http://127.0.0.1")
	ctx := context.Background()
	f.st.Sections = &model.Sections{Default: "news", List: []model.Section{
		{Slug: "news", Names: map[string]string{"en": "News"}},
		{Slug: "culture", Names: map[string]string{"en": "Culture", "es": "Cultura"}},
	}}
	id, _, err := f.st.AddArticle(ctx, 1, "http://outlet.test/teatro.html")
	if err != nil {
		t.Fatal(err)
	}
	a := &model.Article{ID: id, SourceID: 1, Title: "Teatro", Language: "es", Category: "Escena",
		Blocks: []model.Block{{Type: model.BlockParagraph, Text: "Obra."}}}
	if err := f.st.SaveExtracted(ctx, a); err != nil {
		t.Fatal(err)
	}
	if _, err := f.st.Publish(ctx, id, "es"); err != nil {
		t.Fatal(err)
	}
	admin, ed := f.client(t), f.client(t)
	admin.login("ada")
	ed.login("marta")
	if r := admin.get("/editor/sources"); !strings.Contains(r.body, `href="/editor/sources/1/sections"`) {
		t.Errorf("sources screen has no link to the mapping: %s", r.body)
	}
	r := admin.get("/editor/sources/1/sections")
	if r.code != 200 || !strings.Contains(r.body, `name="cat:escena"`) || !strings.Contains(r.body, `<option value="culture">Culture (culture)</option>`) {
		t.Fatalf("mapping form: %d %s", r.code, r.body)
	}
	if r := ed.get("/editor/sources/1/sections"); r.code != 403 {
		t.Errorf("editor reads the mapping: %d", r.code)
	}
	form := url.Values{"default": {"news"}, "cat:escena": {"culture"}}
	if r := ed.post("/editor/sources/1/sections", form); r.code != 403 {
		t.Errorf("editor saves the mapping: %d", r.code)
	}
	if r := admin.do("POST", "/editor/sources/1/sections", form, map[string]string{"Sec-Fetch-Site": "cross-site"}); r.code != 403 {
		t.Errorf("cross-site form: %d", r.code)
	}
	if _, n, _ := f.st.StoriesBy(ctx, "es", model.StoryFilter{Section: "culture"}, 0, 10); n != 0 {
		t.Fatal("moved before saving")
	}
	r = admin.post("/editor/sources/1/sections", form)
	if r.code != 303 || !strings.Contains(r.location, "1+article") {
		t.Fatalf("save: %d %q %s", r.code, r.location, r.body)
	}
	if _, n, _ := f.st.StoriesBy(ctx, "es", model.StoryFilter{Section: "culture"}, 0, 10); n != 1 {
		t.Errorf("the article did not move: %d", n)
	}
	if r := admin.get("/editor/sources/1/sections"); !strings.Contains(r.body, `<option value="culture" selected>`) || !strings.Contains(r.body, "replaces the configuration file") {
		t.Errorf("saved mapping not shown: %s", r.body)
	}
	log, err := f.st.Audit(ctx, store.AuditFilter{Limit: 10})
	if err != nil || len(log) == 0 || log[0].Action != "source.sections" || log[0].Actor != "ada" || !strings.Contains(log[0].After, `"escena":"culture"`) {
		t.Errorf("audit: %+v %v", log, err)
	}
	if r := admin.post("/editor/sources/1/sections", url.Values{"cat:escena": {"nowhere"}}); r.code != 400 {
		t.Errorf("unknown section: %d", r.code)
	}
	// Back to the configuration (none: the site's default).
	if r := admin.post("/editor/sources/1/sections", url.Values{"reset": {"1"}}); r.code != 303 {
		t.Fatalf("reset: %d", r.code)
	}
	if _, n, _ := f.st.StoriesBy(ctx, "es", model.StoryFilter{Section: "news"}, 0, 10); n != 1 {
		t.Errorf("after reset: %d in news", n)
	}
}
