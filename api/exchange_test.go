package api_test

import (
	"context"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"newsbridge/exchange/xliff"
	"newsbridge/model"
	"newsbridge/store"
)

func TestXLIFFExportImport(t *testing.T) {
	eachDB(t, func(t *testing.T, st *store.Store) {
		f := newFixture(t, st)
		url := "/api/v1/articles/" + strconv.FormatInt(f.a2, 10) + "/translations/ca"
		code, body, h := f.call(t, "GET", url+"?format=xliff", f.editor, nil)
		if code != 200 || !strings.HasPrefix(h.Get("Content-Type"), "application/x-xliff+xml") {
			t.Fatalf("export: %d %s", code, body)
		}
		file, err := xliff.Read(strings.NewReader(string(body)))
		if err != nil {
			t.Fatal(err)
		}
		if len(file.Units) != 3 || file.SourceLang != "es" || file.TargetLang != "ca" || file.Units[1].Source != shared ||
			!strings.Contains(strings.Join(file.Units[2].Notes, "|"), "numbers: ") || file.Units[2].State != "needs-review-translation" {
			t.Fatalf("export: %+v", file)
		}
		readByTranslateToolkit(t, body, "xliff", []string{file.Units[0].Source, shared, "Abrirá en mayo."})

		// unchanged: nothing saved
		code, out, _ := f.call(t, "PUT", url, f.editor, body)
		if code != 200 || !strings.Contains(string(out), `"changed":[]`) {
			t.Fatalf("unchanged import: %d %s", code, out)
		}
		// a translator corrects the shared sentence in a CAT tool
		fixed := "L'alcalde va dir que l'obra costarà molt."
		doc := strings.Replace(string(body), "L&#39;alcalde va dir que la obra costarà molt molt.", xmlText(fixed), 1)
		if doc == string(body) {
			doc = strings.Replace(string(body), "L'alcalde va dir que la obra costarà molt molt.", xmlText(fixed), 1)
		}
		// a mismatching file first: its other unit's source differs, and
		// nothing of it is saved
		bad := strings.Replace(doc, "<source>Abrirá en mayo.</source>", "<source>Abrirá en junio.</source>", 1)
		if code, out, _ := f.call(t, "PUT", url, f.editor, []byte(bad)); code != 409 || !strings.Contains(string(out), "nothing was saved") {
			t.Fatalf("mismatch: %d %s", code, out)
		}
		extra := strings.Replace(doc, "</body>", `<trans-unit id="99"><source>x</source><target>y</target></trans-unit></body>`, 1)
		if code, out, _ := f.call(t, "PUT", url, f.editor, []byte(extra)); code != 409 {
			t.Fatalf("unknown unit: %d %s", code, out)
		}
		if code, out, _ := f.call(t, "PUT", url, f.editor, []byte("<xliff")); code != 400 || !strings.Contains(string(out), "problem:invalid") {
			t.Fatalf("malformed: %d %s", code, out)
		}
		if code, out, _ := f.call(t, "PUT", strings.Replace(url, "/ca", "/gl", 1), f.editor, []byte(doc)); code != 409 {
			t.Fatalf("other language: %d %s", code, out)
		}
		if code, out, _ := f.call(t, "PUT", url, f.editor, []byte(strings.Repeat(" ", 9<<20))); code != 400 || !strings.Contains(string(out), "too large") {
			t.Fatalf("oversized: %d %.300s", code, out)
		}
		tr, _, _ := st.Translation(context.Background(), f.a2, "ca")
		if tr.Segments[1].Editor != "" {
			t.Fatalf("a refused import saved something: %+v", tr.Segments[1])
		}

		code, out, _ = f.call(t, "PUT", url, f.editor, []byte(doc))
		var res struct {
			Changed    []int   `json:"changed"`
			Propagated []int64 `json:"propagated"`
		}
		if code != 200 || json.Unmarshal(out, &res) != nil || len(res.Changed) != 1 || res.Changed[0] != 1 || len(res.Propagated) != 1 || res.Propagated[0] != f.a1 {
			t.Fatalf("import: %d %s", code, out)
		}
		tr, _, _ = st.Translation(context.Background(), f.a2, "ca")
		if tr.Segments[1].Target != fixed || tr.Segments[1].Editor != "marta" {
			t.Fatalf("imported segment: %+v", tr.Segments[1])
		}
		// the edit went through the editor's path: audit log and memory
		if code, out, _ := f.call(t, "GET", "/api/v1/audit", f.editor, nil); code != 200 || !strings.Contains(string(out), `"segment.edit"`) {
			t.Fatalf("audit: %d %s", code, out)
		}
		// the export now carries the edit: the round trip loses nothing
		_, again, _ := f.call(t, "GET", url+"?format=xliff", f.editor, nil)
		file2, err := xliff.Read(strings.NewReader(string(again)))
		if err != nil || file2.Units[1].Target != fixed || file2.Units[1].State != "needs-review-translation" && file2.Units[1].State != "translated" {
			t.Fatalf("export after import: %v %+v", err, file2)
		}
	})
}

func xmlText(s string) string {
	return strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;").Replace(s)
}

// readByTranslateToolkit checks that Debian's translate-toolkit reads an
// exported file and finds the sources given, in order. It skips when
// translate-toolkit is missing, unless NEWSBRIDGE_REQUIRE_TRANSLATE_TOOLKIT=1.
func readByTranslateToolkit(t *testing.T, doc []byte, kind string, sources []string) {
	t.Helper()
	py := "/usr/bin/python3"
	if err := exec.Command(py, "-c", "import translate.storage."+kind).Run(); err != nil {
		if os.Getenv("NEWSBRIDGE_REQUIRE_TRANSLATE_TOOLKIT") == "1" {
			t.Fatalf("translate-toolkit is missing (apt-get install translate-toolkit): %v", err)
		}
		t.Skipf("translate-toolkit is missing: %v", err)
	}
	path := filepath.Join(t.TempDir(), "export."+kind)
	if err := os.WriteFile(path, doc, 0o600); err != nil {
		t.Fatal(err)
	}
	script := `import sys, json
from translate.storage import ` + kind + `
cls = {"xliff": lambda: xliff.xlifffile, "tmx": lambda: tmx.tmxfile, "tbx": lambda: tbx.tbxfile}[sys.argv[2]]()
with open(sys.argv[1], "rb") as f:
    store = cls.parsestring(f.read())
print(json.dumps([[u.source, u.target] for u in store.units if not u.isheader()]))`
	out, err := exec.Command(py, "-c", script, path, kind).CombinedOutput()
	if err != nil {
		t.Fatalf("translate-toolkit: %v\n%s", err, out)
	}
	var units [][2]string
	if err := json.Unmarshal(out, &units); err != nil {
		t.Fatalf("translate-toolkit: %v\n%s", err, out)
	}
	if len(units) != len(sources) {
		t.Fatalf("translate-toolkit found %d units, want %d: %s", len(units), len(sources), out)
	}
	for i, u := range units {
		if u[0] != sources[i] || u[1] == "" && kind != "tbx" { // a glossary term may have no rendering
			t.Errorf("translate-toolkit unit %d: %q, want source %q", i, u, sources[i])
		}
	}
}

// TestXLIFFInlineMarkup round-trips a block with a link and emphasis: the
// export carries them as codes, a translator's reordered codes come back
// as the source's markup, and a code the source lacks is refused.
func TestXLIFFInlineMarkup(t *testing.T) {
	eachDB(t, func(t *testing.T, st *store.Store) {
		f := newFixture(t, st)
		ctx := context.Background()
		id, _, err := st.AddArticle(ctx, 1, "http://outlet.test/a3.html")
		if err != nil {
			t.Fatal(err)
		}
		srcHTML := `Lo dijo <a href="https://x.test/p">el <em>alcalde</em></a> ayer.`
		dstHTML := `Ho va dir <a href="https://x.test/p">l'<em>alcalde</em></a> ahir.`
		a := &model.Article{ID: id, SourceID: 1, URL: "http://outlet.test/a3.html", Title: "Dicho", Language: "es",
			Blocks: []model.Block{{Type: model.BlockParagraph, Text: "Lo dijo el alcalde ayer.", HTML: srcHTML}}}
		if err := st.SaveExtracted(ctx, a); err != nil {
			t.Fatal(err)
		}
		tr := &model.Translation{ArticleID: id, Lang: "ca", Title: "Dit", Route: "es>ca", Engine: "apertium",
			Blocks:   []model.Block{{Type: model.BlockParagraph, Text: "Ho va dir l'alcalde ahir.", HTML: dstHTML}},
			Segments: []model.Segment{{Field: "title", Source: "Dicho", Target: "Dit", Engine: "apertium"}, {Field: "block:0", Source: srcHTML, Target: dstHTML, Engine: "apertium"}}}
		if err := st.SaveTranslation(ctx, tr); err != nil {
			t.Fatal(err)
		}
		url := "/api/v1/articles/" + strconv.FormatInt(id, 10) + "/translations/ca"
		code, body, _ := f.call(t, "GET", url+"?format=xliff", f.editor, nil)
		doc := string(body)
		if code != 200 || !strings.Contains(doc, `<source>Lo dijo <g id="1" ctype="link" xhtml:href="https://x.test/p">el <g id="2" ctype="x-html-em">alcalde</g></g> ayer.</source>`) {
			t.Fatalf("export: %d %s", code, doc)
		}
		start, end := strings.Index(doc, `<target state="needs-review-translation">Ho va dir`), 0
		end = start + strings.Index(doc[start:], "</target>")
		edited := doc[:start] + `<target state="translated">Ahir ho va dir <g id="1" ctype="link"><g id="2">l'alcalde</g></g>.` + doc[end:]
		invented := doc[:start] + `<target>Ho va dir <g id="7">l'alcalde</g>.` + doc[end:]
		if code, out, _ := f.call(t, "PUT", url, f.editor, []byte(invented)); code != 400 || !strings.Contains(string(out), "not in the source") {
			t.Fatalf("invented code: %d %s", code, out)
		}
		code, out, _ := f.call(t, "PUT", url, f.editor, []byte(edited))
		if code != 200 || !strings.Contains(string(out), `"changed":[1]`) {
			t.Fatalf("import: %d %s", code, out)
		}
		got, _, _ := st.Translation(ctx, id, "ca")
		if want := `Ahir ho va dir <a href="https://x.test/p"><em>l'alcalde</em></a>.`; got.Segments[1].Target != want {
			t.Fatalf("imported target %q, want %q", got.Segments[1].Target, want)
		}
	})
}
