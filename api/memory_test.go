package api_test

import (
	"context"
	"fmt"
	"io"
	"strings"
	"testing"
	"time"

	"newsbridge/model"
	"newsbridge/store"
)

func TestTMXExportImport(t *testing.T) {
	eachDB(t, func(t *testing.T, st *store.Store) {
		f := newFixture(t, st)
		ctx := context.Background()
		pair := model.Pair{From: "es", To: "ca"}
		at := time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)
		entries := []model.MemoryEntry{
			{Key: "El pleno aprobó el plan.", Source: "El pleno aprobó el plan.", Target: "El ple va aprovar el pla.", Origin: model.OriginMachine, Engine: "apertium", Route: "es>ca", At: at},
			{Key: "=Abrirá en mayo.", Source: "Abrirá en mayo.", Target: "Obrirà al maig.", Origin: model.OriginEditor, Editor: "marta", At: at.Add(time.Second)},
		}
		if err := st.SaveMemory(ctx, pair, 0, entries); err != nil {
			t.Fatal(err)
		}
		code, doc, _ := f.call(t, "GET", "/api/v1/memory?format=tmx&from=es&to=ca", f.editor, nil)
		if code != 200 || !strings.Contains(string(doc), `creationid="marta"`) || !strings.Contains(string(doc), `<prop type="x-origin">editor</prop>`) {
			t.Fatalf("export: %d %s", code, doc)
		}
		readByTranslateToolkit(t, doc, "tmx", []string{entries[0].Source, entries[1].Source})
		if code, _, _ := f.call(t, "POST", "/api/v1/memory?format=tmx&from=es&to=ca", f.editor, doc); code != 403 {
			t.Fatalf("editor import: %d", code)
		}
		// into another pair's memory: refused, nothing saved
		if code, out, _ := f.call(t, "POST", "/api/v1/memory?format=tmx&from=es&to=gl", f.admin, doc); code != 400 || !strings.Contains(string(out), "nothing was saved") {
			t.Fatalf("other pair: %d %s", code, out)
		}
		// a document cut short saves nothing, even its good units
		cut := strings.Replace(string(doc), "Abrirá", "Abrirá en junio", 1)
		cut = cut[:strings.LastIndex(cut, "<tu ")+10]
		if code, out, _ := f.call(t, "POST", "/api/v1/memory?format=tmx&from=es&to=ca", f.admin, []byte(cut)); code != 400 {
			t.Fatalf("cut short: %d %s", code, out)
		}
		// the export imported into an empty database gives the same memory
		st2, err := store.OpenSQLite(t.TempDir() + "/2.db")
		if err != nil {
			t.Fatal(err)
		}
		defer st2.Close()
		migrate(t, st2)
		f2 := newFixture(t, st2)
		code, out, _ := f2.call(t, "POST", "/api/v1/memory?format=tmx&from=es&to=ca", f2.admin, doc)
		if code != 200 || !strings.Contains(string(out), `"entries":2`) {
			t.Fatalf("import: %d %s", code, out)
		}
		_, doc2, _ := f2.call(t, "GET", "/api/v1/memory?format=tmx&from=es&to=ca", f2.admin, nil)
		if string(doc2) != string(doc) {
			t.Fatalf("round trip:\n%s\n%s", doc, doc2)
		}
	})
}

// TestTMXImportStreams imports a large memory through a pipe: the body is
// never held whole, and the limit on its size answers a problem.
func TestTMXImportStreams(t *testing.T) {
	eachDB(t, func(t *testing.T, st *store.Store) {
		if testing.Short() {
			t.Skip("short")
		}
		f := newFixture(t, st)
		const n = 20000
		pr, pw := io.Pipe()
		go func() {
			fmt.Fprint(pw, `<?xml version="1.0"?><tmx version="1.4"><header srclang="es" creationtool="x" creationtoolversion="1" segtype="sentence" o-tmf="x" adminlang="en" datatype="plaintext"/><body>`)
			for i := 0; i < n; i++ {
				fmt.Fprintf(pw, `<tu><tuv xml:lang="es"><seg>Frase %d.</seg></tuv><tuv xml:lang="ca"><seg>Frase %d.</seg></tuv></tu>`, i, i)
			}
			fmt.Fprint(pw, `</body></tmx>`)
			pw.Close()
		}()
		code, out, _ := f.call(t, "POST", "/api/v1/memory?format=tmx&from=es&to=ca", f.admin, pr)
		if code != 200 || !strings.Contains(string(out), fmt.Sprintf(`"entries":%d`, n)) {
			t.Fatalf("import: %d %s", code, out)
		}
		_, editor, err := st.MemoryStats(context.Background())
		if err != nil || editor != n {
			t.Fatalf("memory: %d %v", editor, err)
		}
	})
}
