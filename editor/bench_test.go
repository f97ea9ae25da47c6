package editor_test

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"slices"
	"testing"
	"time"

	"newsbridge/editor"
	"newsbridge/model"
	"newsbridge/service"
	"newsbridge/store"
)

// benchFixture is a store with 2,000 articles translated into five
// languages, every translation flagged: 10,000 translations in the review
// queue, 100,000 segments (ten each).
func benchFixture(b *testing.B) (http.Handler, string, int64) {
	ctx := context.Background()
	st, err := store.OpenSQLite(filepath.Join(b.TempDir(), "b.db"))
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { st.Close() })
	if err := st.Migrate(ctx); err != nil {
		b.Fatal(err)
	}
	svc := service.New(st, nil)
	if _, err := svc.AddUser(ctx, "marta", store.RoleEditor, password); err != nil {
		b.Fatal(err)
	}
	src, err := svc.AddSource(ctx, "http://outlet.test/feed.xml", "Diario", "es", 0)
	if err != nil {
		b.Fatal(err)
	}
	var last int64
	for i := range 2000 {
		id, _, err := st.AddArticle(ctx, src.ID, fmt.Sprintf("http://outlet.test/%d.html", i))
		if err != nil {
			b.Fatal(err)
		}
		a := &model.Article{ID: id, SourceID: src.ID, Title: fmt.Sprintf("Artículo %d", i), Language: "es"}
		for k := range 9 {
			a.Blocks = append(a.Blocks, model.Block{Type: model.BlockParagraph, Text: fmt.Sprintf("La frase %d del artículo %d.", k, i)})
		}
		if err := st.SaveExtracted(ctx, a); err != nil {
			b.Fatal(err)
		}
		for _, lang := range []string{"ca", "gl", "en", "ar", "nn"} {
			tr := &model.Translation{ArticleID: id, Lang: lang, Title: fmt.Sprintf("T %d", i), Engine: "apertium", Route: "es>" + lang}
			tr.Segments = append(tr.Segments, model.Segment{Field: "title", Source: a.Title, Target: tr.Title, Engine: "apertium"})
			for k, bl := range a.Blocks {
				f := fmt.Sprintf("block:%d", k)
				sg := model.Segment{Field: f, Source: bl.Text, Target: "T " + bl.Text, Engine: "apertium"}
				if k%3 == 0 {
					sg.Flags = []string{"unknown_word"}
					tr.Flags = append(tr.Flags, model.Flag{Field: f, Kind: "unknown_word", Message: "words the engine did not know: frase"})
				}
				tr.Segments = append(tr.Segments, sg)
				tr.Blocks = append(tr.Blocks, model.Block{Type: model.BlockParagraph, Text: sg.Target})
			}
			if err := st.SaveTranslation(ctx, tr); err != nil {
				b.Fatal(err)
			}
		}
		last = id
	}
	sid, _, err := svc.Login(ctx, "marta", password, "127.0.0.1")
	if err != nil {
		b.Fatal(err)
	}
	h, err := editor.New(editor.Config{Service: svc, Store: st, BaseURL: "http://127.0.0.1"})
	if err != nil {
		b.Fatal(err)
	}
	return h, sid, last
}

// BenchmarkScreens times the review queue and the article editor in the
// server (no network), and reports each one's 95th percentile.
func BenchmarkScreens(b *testing.B) {
	h, sid, id := benchFixture(b)
	for _, s := range []struct{ name, path string }{
		{"queue", "/editor/"},
		{"queue-filtered", "/editor/?lang=ar&kind=unknown_word&page=3"},
		{"article", fmt.Sprintf("/editor/articles/%d/ar", id)},
	} {
		b.Run(s.name, func(b *testing.B) {
			var took []time.Duration
			for b.Loop() {
				r := httptest.NewRequest("GET", s.path, nil)
				r.AddCookie(&http.Cookie{Name: editor.SessionCookie, Value: sid})
				w := httptest.NewRecorder()
				t0 := time.Now()
				h.ServeHTTP(w, r)
				took = append(took, time.Since(t0))
				if w.Code != 200 {
					b.Fatalf("%s: %d", s.path, w.Code)
				}
			}
			slices.Sort(took)
			b.ReportMetric(float64(took[len(took)*95/100].Microseconds())/1000, "p95-ms")
		})
	}
}
