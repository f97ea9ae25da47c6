package cli

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"newsbridge/model"
	"newsbridge/store"
)

const sectionsConfig = `{"sections": {
  "list": [{"slug": "news", "names": {"en": "News"}}, {"slug": "culture", "names": {"en": "Culture"}}],
  "default": "news",
  "sources": [{"source": "diario.example", "categories": {"Toros": "culture"}}]}}`

// addArticle stores an extracted article of source 1 in category cat,
// published in Spanish.
func addArticle(t *testing.T, st *store.Store, url, cat string) {
	t.Helper()
	ctx := context.Background()
	id, _, err := st.AddArticle(ctx, 1, url)
	if err != nil {
		t.Fatal(err)
	}
	a := &model.Article{ID: id, SourceID: 1, Title: "Teatro", Language: "es", Category: cat,
		Blocks: []model.Block{{Type: model.BlockParagraph, Text: "Obra."}}}
	if err := st.SaveExtracted(ctx, a); err != nil {
		t.Fatal(err)
	}
	if _, err := st.Publish(ctx, id, "es"); err != nil {
		t.Fatal(err)
	}
}

// TestSourceSectionsCommand: `source sections ID` prints the mapping the
// configuration file gives; --set, --unset and --default change it (the
// articles move, the change is audited as the operator's), --reset goes
// back to the file's; bad input is an error and changes nothing.
func TestSourceSectionsCommand(t *testing.T) {
	data := t.TempDir()
	if err := os.WriteFile(filepath.Join(data, "newsbridge.json"), []byte(sectionsConfig), 0o600); err != nil {
		t.Fatal(err)
	}
	if code, _, errOut := run(t, "", "source", "add", "https://diario.example/feed.xml", "--data", data); code != 0 {
		t.Fatalf("add: %d %s", code, errOut)
	}
	st, err := store.OpenSQLite(filepath.Join(data, "newsbridge.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	var cfg struct{ Sections model.Sections }
	if err := json.Unmarshal([]byte(sectionsConfig), &cfg); err != nil {
		t.Fatal(err)
	}
	st.Sections = &cfg.Sections // the articles are filed as serve would file them
	addArticle(t, st, "https://diario.example/teatro.html", "Escena")
	addArticle(t, st, "https://diario.example/toros.html", "Toros")

	code, out, errOut := run(t, "", "source", "sections", "1", "--data", data)
	if code != 0 || !strings.Contains(out, "the configuration file's mapping") || !strings.Contains(out, "sections: news, culture (site default: news)") ||
		!strings.Contains(out, "default: - (the site's, news)") || !regexpLine(out, `escena\s+Escena\s+1\s+- \(default\)`) || !regexpLine(out, `toros\s+Toros\s+1\s+culture`) {
		t.Fatalf("print: %d %s %s", code, out, errOut)
	}

	code, out, errOut = run(t, "", "source", "sections", "1", "--set", "Escena=culture", "--set", "musica=culture", "--unset", "Toros", "--default", "culture", "--data", data)
	if code != 0 || !strings.Contains(out, "mapping saved; 1 article(s) moved") || !strings.Contains(out, "default: culture") ||
		!regexpLine(out, `escena\s+Escena\s+1\s+culture`) || !regexpLine(out, `toros\s+Toros\s+1\s+- \(default\)`) || !regexpLine(out, `musica\s+musica\s+0\s+culture`) {
		t.Fatalf("set: %d %s %s", code, out, errOut)
	}
	ctx := context.Background()
	if _, n, _ := st.StoriesBy(ctx, "es", model.StoryFilter{Section: "culture"}, 0, 10); n != 2 {
		t.Errorf("in culture: %d, want both articles", n)
	}
	log, err := st.Audit(ctx, store.AuditFilter{Limit: 1})
	if err != nil || len(log) != 1 || log[0].Action != "source.sections" || log[0].Actor != "operator" || !strings.Contains(log[0].After, `"escena":"culture"`) {
		t.Errorf("audit: %+v %v", log, err)
	}

	// Clearing the default: the site's; a category unmapped.
	code, out, _ = run(t, "", "source", "sections", "1", "--default=", "--unset", "escena", "--data", data)
	if code != 0 || !strings.Contains(out, "2 article(s) moved") || !strings.Contains(out, "default: - (the site's, news)") || !regexpLine(out, `escena\s+Escena\s+1\s+- \(default\)`) {
		t.Fatalf("clear: %d %s", code, out)
	}

	for _, bad := range []struct {
		args []string
		code int
		msg  string
	}{
		{[]string{"--set", "Escena=sports"}, 1, `no section "sports"`},
		{[]string{"--default", "sports"}, 1, `no section "sports"`},
		{[]string{"--set", "Escena"}, 2, "want CATEGORY=SECTION"},
		{[]string{"--set", "Escena="}, 2, "want CATEGORY=SECTION"},
		{[]string{"--set", "¡!=news"}, 1, "no letter or digit"},
		{[]string{"--reset", "--set", "Escena=news"}, 2, "takes no --set"},
	} {
		code, _, errOut := run(t, "", append([]string{"source", "sections", "1", "--data", data}, bad.args...)...)
		if code != bad.code || !strings.Contains(errOut, bad.msg) {
			t.Errorf("%v: %d %q", bad.args, code, errOut)
		}
	}
	if code, _, errOut := run(t, "", "source", "sections", "7", "--data", data); code != 1 || !strings.Contains(errOut, "source 7 not found") {
		t.Errorf("unknown source: %d %q", code, errOut)
	}
	if code, _, _ := run(t, "", "source", "sections", "--data", data); code != 2 {
		t.Errorf("no ID: %d", code)
	}
	if _, n, _ := st.StoriesBy(ctx, "es", model.StoryFilter{Section: "culture"}, 0, 10); n != 0 {
		t.Errorf("a refused change moved articles: %d in culture", n)
	}

	code, out, _ = run(t, "", "source", "sections", "1", "--reset", "--data", data)
	if code != 0 || !strings.Contains(out, "back to the configuration file's mapping; 1 article(s) moved") || !regexpLine(out, `toros\s+Toros\s+1\s+culture`) {
		t.Fatalf("reset: %d %s", code, out)
	}
}

// TestSourceSectionsRemote: the same command through a server's API.
func TestSourceSectionsRemote(t *testing.T) {
	ctx := context.Background()
	a := newAPIServer(t, &model.Sections{Default: "news", List: []model.Section{{Slug: "news"}, {Slug: "culture"}}})
	st, srv, admin, editor := a.st, a.srv, a.admin, a.editor
	if _, err := a.svc.AddSource(ctx, "http://diario.test/feed.xml", "Diario", "es", 0); err != nil {
		t.Fatal(err)
	}
	addArticle(t, st, "http://diario.test/teatro.html", "Escena")
	nodata := filepath.Join(t.TempDir(), "nothing-here")
	remote := []string{"--data", nodata, "--server", srv.URL, "--token", admin}

	code, out, errOut := run(t, "", append([]string{"source", "sections", "1", "--set", "Escena=culture"}, remote...)...)
	if code != 0 || !strings.Contains(out, "1 article(s) moved") || !regexpLine(out, `escena\s+Escena\s+1\s+culture`) {
		t.Fatalf("set: %d %s %s", code, out, errOut)
	}
	if log, _ := st.Audit(ctx, store.AuditFilter{Limit: 1}); len(log) != 1 || log[0].Action != "source.sections" || log[0].Actor != "ada" {
		t.Errorf("audit: %+v", log)
	}
	if code, out, _ := run(t, "", append([]string{"source", "sections", "1"}, remote...)...); code != 0 || !strings.Contains(out, "saved mapping") {
		t.Errorf("print: %d %s", code, out)
	}
	if code, _, errOut := run(t, "", append([]string{"source", "sections", "1", "--default", "sports"}, remote...)...); code != 1 || !strings.Contains(errOut, `no section "sports"`) {
		t.Errorf("bad section: %d %s", code, errOut)
	}
	if code, _, errOut := run(t, "", "source", "sections", "1", "--data", nodata, "--server", srv.URL, "--token", editor); code != 1 || !strings.Contains(errOut, "403") {
		t.Errorf("editor: %d %s", code, errOut)
	}
	if code, out, _ := run(t, "", append([]string{"source", "sections", "1", "--reset"}, remote...)...); code != 0 || !regexpLine(out, `escena\s+Escena\s+1\s+- \(default\)`) {
		t.Errorf("reset: %d %s", code, out)
	}
	if _, err := os.Stat(nodata); !os.IsNotExist(err) {
		t.Errorf("the data directory was opened: %v", err)
	}
}

// regexpLine reports whether a line of out matches expr.
func regexpLine(out, expr string) bool {
	return regexp.MustCompile(`(?m)^` + expr + `$`).MatchString(out)
}
