package api_test

import (
	"context"
	"encoding/json"
	"fmt"
	"reflect"
	"strings"
	"testing"

	"newsbridge/model"
	"newsbridge/store"
)

// sectionsAnswer is the JSON of GET and PUT /api/v1/sources/{id}/sections.
type sectionsAnswer struct {
	Source     int64             `json:"source"`
	Saved      bool              `json:"saved"`
	Default    string            `json:"default"`
	Categories map[string]string `json:"categories"`
	Seen       []struct {
		Slug     string `json:"slug"`
		Name     string `json:"name"`
		Articles int    `json:"articles"`
	} `json:"seen"`
	Sections    []model.Section `json:"sections"`
	SiteDefault string          `json:"site_default"`
	Moved       *int            `json:"moved"`
}

// TestSourceSections: an admin reads a source's mapping of categories to
// sections (seeded by the configuration), replaces it and goes back to
// the configured one through the API; the articles move, each change is
// audited as the editors' screen audits it, editors cannot do it, and bad
// input is a 4xx problem with nothing saved.
func TestSourceSections(t *testing.T) {
	eachDB(t, func(t *testing.T, st *store.Store) {
		f := newFixture(t, st)
		ctx := context.Background()
		srcs, err := st.Sources(ctx)
		if err != nil || len(srcs) != 1 {
			t.Fatalf("sources: %v %v", srcs, err)
		}
		src := srcs[0]
		st.Sections = &model.Sections{Default: "news", List: []model.Section{
			{Slug: "news", Names: map[string]string{"en": "News"}},
			{Slug: "culture", Names: map[string]string{"en": "Culture", "es": "Cultura"}},
		}, Sources: []model.SectionMap{{Source: src.Name, Categories: map[string]string{"Toros": "culture"}}}}
		id, _, err := st.AddArticle(ctx, src.ID, "http://outlet.test/teatro.html")
		if err != nil {
			t.Fatal(err)
		}
		a := &model.Article{ID: id, SourceID: src.ID, Title: "Teatro", Language: "es", Category: "Escena",
			Blocks: []model.Block{{Type: model.BlockParagraph, Text: "Obra."}}}
		if err := st.SaveExtracted(ctx, a); err != nil {
			t.Fatal(err)
		}
		if _, err := st.Publish(ctx, id, "es"); err != nil {
			t.Fatal(err)
		}
		inCulture := func() int {
			_, n, err := st.StoriesBy(ctx, "es", model.StoryFilter{Section: "culture"}, 0, 10)
			if err != nil {
				t.Fatal(err)
			}
			return n
		}
		path := fmt.Sprintf("/api/v1/sources/%d/sections", src.ID)
		get := func() sectionsAnswer {
			t.Helper()
			code, body, _ := f.call(t, "GET", path, f.admin, nil)
			var v sectionsAnswer
			if code != 200 || json.Unmarshal(body, &v) != nil {
				t.Fatalf("get: %d %s", code, body)
			}
			return v
		}

		v := get()
		if v.Source != src.ID || v.Saved || v.SiteDefault != "news" || len(v.Sections) != 2 || v.Sections[1].Names["es"] != "Cultura" ||
			!reflect.DeepEqual(v.Categories, map[string]string{"toros": "culture"}) || v.Moved != nil {
			t.Fatalf("configured mapping: %+v", v)
		}
		seen := map[string]int{}
		for _, c := range v.Seen {
			seen[c.Slug+"="+c.Name] = c.Articles
		}
		if seen["escena=Escena"] != 1 || seen["=" /* no category */] != 2 || seen["toros=toros"] != 0 || len(seen) != 3 {
			t.Errorf("seen: %+v", v.Seen)
		}

		// Editors may not; nor may a request without a token.
		if code, _, _ := f.call(t, "GET", path, f.editor, nil); code != 403 {
			t.Errorf("editor reads: %d", code)
		}
		if code, _, _ := f.call(t, "PUT", path, f.editor, map[string]any{"default": "culture"}); code != 403 {
			t.Errorf("editor saves: %d", code)
		}
		if code, _, _ := f.call(t, "DELETE", path, f.editor, nil); code != 403 {
			t.Errorf("editor resets: %d", code)
		}
		if code, _, _ := f.call(t, "PUT", path, "", map[string]any{"default": "culture"}); code != 401 {
			t.Errorf("no token: %d", code)
		}

		// Bad input: a clear problem, nothing saved, nothing audited.
		for name, c := range map[string]struct {
			path   string
			body   any
			status int
			detail string
		}{
			"unknown section":    {path, map[string]any{"categories": map[string]string{"Escena": "sports"}}, 400, `no section "sports"`},
			"unknown default":    {path, map[string]any{"default": "sports"}, 400, `no section "sports"`},
			"malformed":          {path, []byte(`{"default": `), 400, "not the expected JSON"},
			"unknown field":      {path, []byte(`{"section": "news"}`), 400, "unknown field"},
			"not an object":      {path, []byte(`{"categories": ["news"]}`), 400, "not the expected JSON"},
			"oversized":          {path, []byte(`{"default": "` + strings.Repeat("a", 300<<10) + `"}`), 400, "too large"},
			"empty category":     {path, map[string]any{"categories": map[string]string{" ": "news"}}, 400, "category name or slug is needed"},
			"no slug":            {path, map[string]any{"categories": map[string]string{"¡!": "news"}}, 400, "no letter or digit"},
			"name and slug":      {path, map[string]any{"categories": map[string]string{"Escena": "news", "escena": "culture"}}, 400, "different sections"},
			"unknown source":     {"/api/v1/sources/999/sections", map[string]any{"default": "news"}, 404, "source 999 not found"},
			"unknown source bad": {"/api/v1/sources/999/sections", map[string]any{"default": "sports"}, 404, "source 999 not found"},
			"bad id":             {"/api/v1/sources/x/sections", map[string]any{"default": "news"}, 400, "id must be a positive number"},
		} {
			code, body, h := f.call(t, "PUT", c.path, f.admin, c.body)
			var p struct{ Type, Detail string }
			if code != c.status || json.Unmarshal(body, &p) != nil || !strings.HasPrefix(p.Type, "urn:newsbridge:problem:") ||
				!strings.Contains(p.Detail, c.detail) || h.Get("Content-Type") != "application/problem+json" {
				t.Errorf("%s: %d %s %.300s", name, code, h.Get("Content-Type"), body)
			}
		}
		if code, _, _ := f.call(t, "GET", "/api/v1/sources/999/sections", f.admin, nil); code != 404 {
			t.Errorf("get unknown source: %d", code)
		}
		if code, _, _ := f.call(t, "DELETE", "/api/v1/sources/999/sections", f.admin, nil); code != 404 {
			t.Errorf("reset unknown source: %d", code)
		}
		if got := get(); got.Saved || inCulture() != 0 {
			t.Fatalf("saved by a bad request: %+v", got)
		}
		if log, _ := st.Audit(ctx, store.AuditFilter{Limit: 1}); len(log) > 0 && log[0].Action == "source.sections" {
			t.Fatalf("a bad request was audited: %+v", log[0])
		}

		// A category by its name or its slug; the answer is what GET then reads.
		code, body, _ := f.call(t, "PUT", path, f.admin, map[string]any{"default": "news", "categories": map[string]string{"Escena": "culture", "musica": "culture", "Toros": ""}})
		var put sectionsAnswer
		if code != 200 || json.Unmarshal(body, &put) != nil || put.Moved == nil || *put.Moved != 1 || !put.Saved || put.Default != "news" ||
			!reflect.DeepEqual(put.Categories, map[string]string{"escena": "culture", "musica": "culture"}) {
			t.Fatalf("put: %d %s", code, body)
		}
		if inCulture() != 1 {
			t.Error("the article did not move")
		}
		put.Moved = nil
		if got := get(); !reflect.DeepEqual(got, put) {
			t.Errorf("round trip:\nget %+v\nput %+v", got, put)
		}
		log, err := st.Audit(ctx, store.AuditFilter{Limit: 1})
		if err != nil || len(log) != 1 || log[0].Action != "source.sections" || log[0].Actor != "ada" || log[0].Object != fmt.Sprintf("source/%d", src.ID) ||
			!strings.Contains(log[0].Before, `"toros":"culture"`) || !strings.Contains(log[0].After, `"escena":"culture"`) {
			t.Errorf("audit: %+v %v", log, err)
		}

		// Back to the configuration's mapping.
		code, body, _ = f.call(t, "DELETE", path, f.admin, nil)
		var reset sectionsAnswer
		if code != 200 || json.Unmarshal(body, &reset) != nil || reset.Saved || reset.Moved == nil || *reset.Moved != 1 ||
			!reflect.DeepEqual(reset.Categories, map[string]string{"toros": "culture"}) {
			t.Fatalf("reset: %d %s", code, body)
		}
		if inCulture() != 0 {
			t.Error("the article did not move back")
		}
		if log, _ := st.Audit(ctx, store.AuditFilter{Limit: 1}); len(log) != 1 || log[0].Action != "source.sections" || !strings.Contains(log[0].After, `"Edited":false`) {
			t.Errorf("reset audit: %+v", log)
		}
	})
}
