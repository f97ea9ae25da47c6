package search

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/blevesearch/bleve/v2"

	"newsbridge/model"
)

var t0 = time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)

func testDocs() []Doc {
	return []Doc{
		{ArticleID: 1, Lang: "ar", Slug: "ar-1", Title: "الرئيس يزور المدينة", Lead: "زيارة رسمية", Body: "قال أحمد إن الْمَدِينَة جميلة وإن إسلام يعمل في المكتبة.", Category: "سياسة", CategorySlug: "politics", Published: t0},
		{ArticleID: 2, Lang: "nb", Slug: "nb-2", Title: "Regjeringen legger fram budsjettet", Lead: "Avisene skriver om det.", Body: "Statsministeren møtte journalistene i går.", Category: "Politikk", CategorySlug: "politics", Published: t0.Add(24 * time.Hour)},
		{ArticleID: 3, Lang: "es", Slug: "es-3", Title: "Los presidentes se reúnen", Lead: "Una cumbre histórica.", Body: "Las elecciones serán en marzo.", Category: "Política", CategorySlug: "politics", Published: t0.Add(48 * time.Hour)},
		{ArticleID: 4, Lang: "ca", Slug: "ca-4", Title: "Creix l'economia catalana", Lead: "Dades de l'institut.", Body: "L'atur baixa per tercer mes.", Category: "Economia", CategorySlug: "economy", Published: t0.Add(72 * time.Hour)},
		{ArticleID: 5, Lang: "es", Slug: "es-5", Title: "Economía en crecimiento", Lead: "El presidente habla.", Body: "Un texto con <script>alert(1)</script> & más economía.", Category: "Economía", CategorySlug: "economy", Published: t0.Add(96 * time.Hour)},
		{ArticleID: 6, Lang: "nn", Slug: "nn-6", Title: "Avisa skriv om vêret", Lead: "", Body: "Regjeringa møtte pressa.", Category: "Nyhende", CategorySlug: "news", Published: t0},
	}
}

func newTestIndex(t *testing.T) *Index {
	t.Helper()
	ix, err := OpenMem()
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ix.Close() })
	if err := ix.Put(testDocs()...); err != nil {
		t.Fatal(err)
	}
	return ix
}

func ids(r *Result) []int64 {
	var out []int64
	for _, h := range r.Hits {
		out = append(out, h.ArticleID)
	}
	return out
}

func TestLanguageAnalysis(t *testing.T) {
	ix := newTestIndex(t)
	tests := []struct {
		name, lang, text string
		want             []int64
	}{
		{"arabic plain", "ar", "المدينة", []int64{1}},
		{"arabic with tashkeel", "ar", "الْمَدِينَةُ", []int64{1}},
		{"arabic alef hamza above vs bare", "ar", "احمد", []int64{1}},
		{"arabic alef hamza below vs bare", "ar", "اسلام", []int64{1}},
		{"arabic bare vs hamza in query", "ar", "أحمد", []int64{1}},
		{"arabic teh marbuta as heh, no article", "ar", "مدينه", []int64{1}},
		{"arabic tatweel", "ar", "المديـــنة", []int64{1}},
		{"norwegian definite plural", "nb", "avis", []int64{2}},
		{"norwegian definite singular", "nb", "regjering", []int64{2}},
		{"nynorsk uses norwegian", "nn", "avis", []int64{6}},
		{"languages are separate", "nb", "avisa", []int64{2}},
		{"spanish plural, title match first", "es", "presidente", []int64{3, 5}},
		{"spanish accents", "es", "economia", []int64{5}},
		{"catalan elision", "ca", "economia", []int64{4}},
		{"catalan elision in query", "ca", "l'atur", []int64{4}},
		{"all words must match", "es", "presidente marzo", []int64{3}},
		{"no match", "es", "zanahoria", nil},
		{"stop words only", "es", "de la el", nil},
		{"operators are words", "es", `+presidente -"marzo" AND OR title:x*`, nil},
		{"quotes and brackets", "es", `"presidentes" (marzo)`, []int64{3}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			r, err := ix.Search(context.Background(), Query{Lang: tc.lang, Text: tc.text})
			if err != nil {
				t.Fatal(err)
			}
			got := ids(r)
			if fmt.Sprint(got) != fmt.Sprint(tc.want) {
				t.Fatalf("Search(%s, %q) = %v, want %v", tc.lang, tc.text, got, tc.want)
			}
			if r.Total != uint64(len(tc.want)) {
				t.Fatalf("Total = %d, want %d", r.Total, len(tc.want))
			}
		})
	}
}

func TestFilters(t *testing.T) {
	ix := newTestIndex(t)
	ctx := context.Background()
	r, err := ix.Search(ctx, Query{Lang: "es", Text: "economía", Category: "economy"})
	if err != nil || fmt.Sprint(ids(r)) != "[5]" {
		t.Fatalf("category filter: %v %v", ids(r), err)
	}
	r, err = ix.Search(ctx, Query{Lang: "es", Text: "economía", Category: "politics"})
	if err != nil || len(r.Hits) != 0 {
		t.Fatalf("category filter excludes: %v %v", ids(r), err)
	}
	// From inclusive, To exclusive.
	r, err = ix.Search(ctx, Query{Lang: "es", Text: "presidente", From: t0.Add(48 * time.Hour), To: t0.Add(96 * time.Hour)})
	if err != nil || fmt.Sprint(ids(r)) != "[3]" {
		t.Fatalf("date filter: %v %v", ids(r), err)
	}
	r, err = ix.Search(ctx, Query{Lang: "es", Text: "presidente", From: t0.Add(49 * time.Hour)})
	if err != nil || fmt.Sprint(ids(r)) != "[5]" {
		t.Fatalf("from filter: %v %v", ids(r), err)
	}
	// No text but a filter: newest first.
	r, err = ix.Search(ctx, Query{Lang: "es", Category: "politics"})
	if err != nil || fmt.Sprint(ids(r)) != "[3]" {
		t.Fatalf("browse category: %v %v", ids(r), err)
	}
	r, err = ix.Search(ctx, Query{Lang: "es", To: t0.Add(200 * time.Hour)})
	if err != nil || fmt.Sprint(ids(r)) != "[5 3]" {
		t.Fatalf("browse by date: %v %v", ids(r), err)
	}
	h := r.Hits[0]
	if h.Slug != "es-5" || h.Category != "Economía" || !h.Published.Equal(t0.Add(96*time.Hour)) || h.Title != "Economía en crecimiento" {
		t.Fatalf("hit fields: %+v", h)
	}
}

func TestHighlightEscapes(t *testing.T) {
	ix := newTestIndex(t)
	r, err := ix.Search(context.Background(), Query{Lang: "es", Text: "economía script"})
	if err != nil {
		t.Fatal(err)
	}
	if len(r.Hits) != 1 {
		t.Fatalf("hits = %v", ids(r))
	}
	h := r.Hits[0]
	if strings.Contains(string(h.SnippetHTML), "<script") {
		t.Fatalf("snippet not escaped: %s", h.SnippetHTML)
	}
	want := "Un texto con &lt;<mark>script</mark>&gt;alert(1)&lt;/<mark>script</mark>&gt; &amp; más <mark>economía</mark>."
	if string(h.SnippetHTML) != want {
		t.Fatalf("snippet = %s\nwant      %s", h.SnippetHTML, want)
	}
	if string(h.TitleHTML) != "<mark>Economía</mark> en crecimiento" {
		t.Fatalf("title = %s", h.TitleHTML)
	}
}

func TestPaging(t *testing.T) {
	ix, err := OpenMem()
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()
	var docs []Doc
	for i := 1; i <= 25; i++ {
		docs = append(docs, Doc{ArticleID: int64(i), Lang: "en", Slug: fmt.Sprint("s", i), Title: "Harbour news", Body: "The harbour opened.", Published: t0.Add(time.Duration(i) * time.Hour)})
	}
	if err := ix.Put(docs...); err != nil {
		t.Fatal(err)
	}
	seen := map[int64]bool{}
	for p := 1; p <= 3; p++ {
		r, err := ix.Search(context.Background(), Query{Lang: "en", Text: "harbours", Page: p, PerPage: 10})
		if err != nil {
			t.Fatal(err)
		}
		if r.Total != 25 || r.Pages != 3 || r.Page != p || r.PerPage != 10 {
			t.Fatalf("page %d: total %d pages %d", p, r.Total, r.Pages)
		}
		wantN := 10
		if p == 3 {
			wantN = 5
		}
		if len(r.Hits) != wantN {
			t.Fatalf("page %d: %d hits", p, len(r.Hits))
		}
		for _, h := range r.Hits {
			if seen[h.ArticleID] {
				t.Fatalf("article %d on two pages", h.ArticleID)
			}
			seen[h.ArticleID] = true
		}
	}
	// Without text, newest first.
	r, _ := ix.Search(context.Background(), Query{Lang: "en", From: t0, PerPage: 3, Page: 2})
	if fmt.Sprint(ids(r)) != "[22 21 20]" || r.Total != 25 {
		t.Fatalf("browse page 2 = %v (total %d)", ids(r), r.Total)
	}
}

func TestBadInput(t *testing.T) {
	ix := newTestIndex(t)
	ctx := context.Background()
	tests := []struct {
		name    string
		q       Query
		invalid bool
	}{
		{"no language", Query{Text: "x"}, true},
		{"bad language", Query{Lang: "<script>", Text: "x"}, true},
		{"empty text no filter", Query{Lang: "es"}, true},
		{"huge text", Query{Lang: "es", Text: strings.Repeat("palabra ", 1300)}, true},
		{"page too deep", Query{Lang: "es", Text: "x", Page: 1_000_000_000_000}, true},
		{"dates reversed", Query{Lang: "es", Text: "x", From: t0, To: t0.Add(-time.Hour)}, true},
		{"negative page", Query{Lang: "es", Text: "presidente", Page: -1}, false},
		{"absurd per page", Query{Lang: "es", Text: "presidente", PerPage: 1 << 40}, false},
		{"negative per page", Query{Lang: "es", Text: "presidente", PerPage: -5}, false},
		{"invalid utf-8", Query{Lang: "es", Text: "presi\xffdente \xc3"}, false},
		{"control chars", Query{Lang: "es", Text: "presidente\x00\x1b[31m"}, false},
		{"syntax soup", Query{Lang: "es", Text: `title:"a" AND (b OR c)^3 ~2 /re.*/ \ ]]> {}`}, false},
		{"unknown language falls back", Query{Lang: "ast", Text: "economía"}, false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			r, err := ix.Search(ctx, tc.q)
			if tc.invalid {
				if model.ErrorCode(err) != model.EInvalid {
					t.Fatalf("err = %v, want EInvalid", err)
				}
				if msg := model.ErrorMessage(err); msg == "" || len(msg) > 200 {
					t.Fatalf("unclear message %q", msg)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if r.Page < 1 || r.PerPage < 1 || r.PerPage > MaxPerPage {
				t.Fatalf("page %d per page %d", r.Page, r.PerPage)
			}
		})
	}
	for _, d := range []Doc{{ArticleID: 0, Lang: "es"}, {ArticleID: 1, Lang: ""}, {ArticleID: 1, Lang: "e s"}} {
		if err := ix.Put(d); model.ErrorCode(err) != model.EInvalid {
			t.Fatalf("Put(%+v) = %v, want EInvalid", d, err)
		}
	}
}

func TestDeleteAndUpsert(t *testing.T) {
	ix := newTestIndex(t)
	ctx := context.Background()
	n, err := ix.Count()
	if err != nil || n != 6 {
		t.Fatalf("Count = %d, %v", n, err)
	}
	if err := ix.Delete("ES", 3); err != nil {
		t.Fatal(err)
	}
	r, _ := ix.Search(ctx, Query{Lang: "es", Text: "presidente"})
	if fmt.Sprint(ids(r)) != "[5]" {
		t.Fatalf("after delete: %v", ids(r))
	}
	if err := ix.Delete("es", 999); err != nil {
		t.Fatalf("deleting a missing doc: %v", err)
	}
	// Upsert replaces the old text.
	d := testDocs()[4]
	d.Title, d.Lead, d.Body = "Nuevo título", "", "Nada más."
	if err := ix.Put(d); err != nil {
		t.Fatal(err)
	}
	r, _ = ix.Search(ctx, Query{Lang: "es", Text: "presidente"})
	if len(r.Hits) != 0 {
		t.Fatalf("old text still found: %v", ids(r))
	}
	if n, _ := ix.Count(); n != 5 {
		t.Fatalf("Count after delete+upsert = %d", n)
	}
}

func TestOnDiskAndRebuild(t *testing.T) {
	dir := t.TempDir() + "/index"
	ix, err := Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()
	if _, err := Open(dir); err == nil {
		t.Fatal("second Open of the same dir succeeded")
	}
	if err := ix.Put(testDocs()[:2]...); err != nil {
		t.Fatal(err)
	}
	docs := testDocs()[2:]
	i := 0
	var calls int
	err = Rebuild(context.Background(), dir, len(docs), func() (Doc, bool, error) {
		if i == len(docs) {
			return Doc{}, false, nil
		}
		i++
		return docs[i-1], true, nil
	}, func(done, total int) { calls++ })
	if err != nil {
		t.Fatal(err)
	}
	if calls == 0 {
		t.Fatal("progress never called")
	}
	// The open Index now serves the rebuilt contents.
	if n, err := ix.Count(); err != nil || n != 4 {
		t.Fatalf("Count after rebuild = %d, %v", n, err)
	}
	r, err := ix.Search(context.Background(), Query{Lang: "ar", Text: "المدينة"})
	if err != nil || len(r.Hits) != 0 {
		t.Fatalf("old doc survived rebuild: %v %v", ids(r), err)
	}
	// A failing rebuild leaves the index alone.
	err = Rebuild(context.Background(), dir, 0, func() (Doc, bool, error) { return Doc{}, false, errors.New("db down") }, nil)
	if err == nil {
		t.Fatal("failing rebuild returned nil")
	}
	if n, _ := ix.Count(); n != 4 {
		t.Fatalf("Count after failed rebuild = %d", n)
	}
	if err := ix.Close(); err != nil {
		t.Fatal(err)
	}
	ix2, err := Open(dir)
	if err != nil {
		t.Fatalf("reopen: %v", err)
	}
	defer ix2.Close()
	if n, _ := ix2.Count(); n != 4 {
		t.Fatalf("Count after reopen = %d", n)
	}
}

func TestRebuildEdgeCases(t *testing.T) {
	dir := t.TempDir() + "/idx"
	gen := func(docs ...Doc) func() (Doc, bool, error) {
		i := 0
		return func() (Doc, bool, error) {
			if i == len(docs) {
				return Doc{}, false, nil
			}
			i++
			return docs[i-1], true, nil
		}
	}
	ctx := context.Background()
	// Empty: an empty, usable index (Bleve's builder cannot make one).
	if err := Rebuild(ctx, dir, 0, gen(), nil); err != nil {
		t.Fatal(err)
	}
	ix, err := Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	if n, _ := ix.Count(); n != 0 {
		t.Fatalf("empty rebuild has %d docs", n)
	}
	// Duplicates: the first is kept, counted once.
	a, b := testDocs()[2], testDocs()[2]
	b.Title = "Otro título"
	var last int
	if err := Rebuild(ctx, dir, 2, gen(a, b, testDocs()[4]), func(done, total int) { last = done }); err != nil {
		t.Fatal(err)
	}
	if n, _ := ix.Count(); n != 2 || last != 2 {
		t.Fatalf("Count = %d, progress %d; want 2, 2", n, last)
	}
	r, _ := ix.Search(ctx, Query{Lang: "es", Text: "presidentes"})
	if len(r.Hits) != 2 || r.Hits[0].Title != a.Title {
		t.Fatalf("hits %+v", r.Hits)
	}
	// An invalid document aborts the rebuild and leaves the index alone.
	err = Rebuild(ctx, dir, 0, gen(a, Doc{ArticleID: -1, Lang: "es"}), nil)
	if model.ErrorCode(err) != model.EInvalid {
		t.Fatalf("invalid doc: %v", err)
	}
	// Cancellation too.
	cctx, cancel := context.WithCancel(ctx)
	cancel()
	if err := Rebuild(cctx, dir, 0, gen(a), nil); !errors.Is(err, context.Canceled) {
		t.Fatalf("cancelled: %v", err)
	}
	if n, _ := ix.Count(); n != 2 {
		t.Fatalf("Count after failed rebuilds = %d", n)
	}
	ix.Close()
	// Nothing is left beside the index.
	entries, _ := os.ReadDir(filepath.Dir(dir))
	if len(entries) != 1 || entries[0].Name() != "idx" {
		var names []string
		for _, e := range entries {
			names = append(names, e.Name())
		}
		t.Fatalf("left beside the index: %v", names)
	}
}

func TestOpenRefuses(t *testing.T) {
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "notes.txt"), []byte("mine"), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := Open(dir); err == nil {
		t.Fatal("Open took over a non-empty directory")
	}
	if _, err := os.Stat(filepath.Join(dir, "notes.txt")); err != nil {
		t.Fatal("Open removed a file it does not own")
	}
}

func TestConcurrentSearchDuringRebuild(t *testing.T) {
	dir := t.TempDir() + "/idx"
	ix, err := Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()
	if err := ix.Put(testDocs()...); err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	stop := make(chan struct{})
	errs := make(chan error, 1)
	go func() {
		defer close(errs)
		for {
			select {
			case <-stop:
				return
			default:
			}
			r, err := ix.Search(ctx, Query{Lang: "es", Text: "presidente"})
			if err != nil {
				errs <- err
				return
			}
			if len(r.Hits) == 0 {
				errs <- fmt.Errorf("no hits mid-rebuild")
				return
			}
		}
	}()
	for range 2 {
		docs := testDocs()
		i := 0
		err := Rebuild(ctx, dir, len(docs), func() (Doc, bool, error) {
			if i == len(docs) {
				return Doc{}, false, nil
			}
			i++
			return docs[i-1], true, nil
		}, nil)
		if err != nil {
			t.Fatal(err)
		}
	}
	close(stop)
	if err := <-errs; err != nil {
		t.Fatal(err)
	}
}

func TestOpenIncompatible(t *testing.T) {
	dir := t.TempDir() + "/idx"
	ix, err := Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	if err := ix.idx.SetInternal(internalVersionKey, []byte("newsbridge-search-0")); err != nil {
		t.Fatal(err)
	}
	ix.Close()
	if _, err := Open(dir); !errors.Is(err, ErrIncompatible) {
		t.Fatalf("Open = %v, want ErrIncompatible", err)
	}
	// Rebuild is the way out.
	if err := Rebuild(context.Background(), dir, 0, func() (Doc, bool, error) { return Doc{}, false, nil }, nil); err != nil {
		t.Fatal(err)
	}
	ix, err = Open(dir)
	if err != nil {
		t.Fatalf("Open after Rebuild: %v", err)
	}
	ix.Close()
}

// TestLanguageVariants: tags that share one analyzer's fields ("pt" and
// "pt-BR", "nb" and "nn", the fallback languages) never see each other's
// documents.
func TestLanguageVariants(t *testing.T) {
	ix, err := OpenMem()
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()
	err = ix.Put(
		Doc{ArticleID: 1, Lang: "pt", Title: "Notícias do governo", Published: t0},
		Doc{ArticleID: 2, Lang: "pt-BR", Title: "Notícias do governo", Published: t0},
		Doc{ArticleID: 3, Lang: "ast", Title: "Noticies del gobiernu", Published: t0},
		Doc{ArticleID: 4, Lang: "an", Title: "Noticias d'o gubierno", Published: t0},
		Doc{ArticleID: 5, Lang: "oc", Title: "Noticies del gobiernu", Published: t0},
	)
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		lang, text string
		want       string
	}{
		{"pt", "governo", "[1]"},
		{"pt-br", "governo", "[2]"},
		{"ast", "gobiernu", "[3]"},
		{"oc", "gobiernu", "[5]"},
		{"an", "gubierno", "[4]"},
		{"pt", "", "[1]"},
		{"pt-BR", "", "[2]"},
	} {
		q := Query{Lang: tc.lang, Text: tc.text}
		if tc.text == "" {
			q.From = t0
		}
		r, err := ix.Search(context.Background(), q)
		if err != nil {
			t.Fatal(err)
		}
		if got := fmt.Sprint(ids(r)); got != tc.want {
			t.Errorf("%s %q = %s, want %s", tc.lang, tc.text, got, tc.want)
		}
	}
}

// TestWritesDuringRebuild: what the site writes while a rebuild reads the
// database is replayed onto the rebuilt index, and a second rebuild of the
// same index is refused.
func TestWritesDuringRebuild(t *testing.T) {
	dir := t.TempDir() + "/idx"
	ix, err := Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()
	docs := testDocs()
	if err := ix.Put(docs...); err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	i := 0
	err = Rebuild(ctx, dir, len(docs), func() (Doc, bool, error) {
		if i == 0 {
			// Mid-rebuild: publish a new article, withdraw one the
			// rebuild has yet to read, update one.
			upd := docs[1]
			upd.Title = "Oppdatert tittel om statsbudsjettet"
			if err := ix.Put(Doc{ArticleID: 99, Lang: "es", Title: "Noticia de última hora", Published: t0}, upd); err != nil {
				return Doc{}, false, err
			}
			if err := ix.Delete("es", 5); err != nil {
				return Doc{}, false, err
			}
			err := Rebuild(ctx, dir, 0, func() (Doc, bool, error) { return Doc{}, false, nil }, nil)
			if model.ErrorCode(err) != model.EConflict {
				return Doc{}, false, fmt.Errorf("concurrent rebuild: %v", err)
			}
		}
		if i == len(docs) {
			return Doc{}, false, nil
		}
		i++
		return docs[i-1], true, nil // the database's older view
	}, nil)
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct{ lang, text, want string }{
		{"es", "noticia", "[99]"},
		{"es", "economía", "[]"},
		{"nb", "oppdatert", "[2]"},
	} {
		r, err := ix.Search(ctx, Query{Lang: tc.lang, Text: tc.text})
		if err != nil {
			t.Fatal(err)
		}
		if got := fmt.Sprint(ids(r)); got != tc.want {
			t.Errorf("%s %q = %s, want %s", tc.lang, tc.text, got, tc.want)
		}
	}
	// The journal is off again: later writes go to the index only.
	ix.jmu.Lock()
	on := ix.journal != nil
	ix.jmu.Unlock()
	if on {
		t.Fatal("journal still on after the rebuild")
	}
}

// TestRebuildRefusesIndexOpenElsewhere: Bleve's lock on root.bolt is a
// flock, which a second open file in this process contends for just as
// another process would.
func TestRebuildRefusesIndexOpenElsewhere(t *testing.T) {
	dir := t.TempDir() + "/idx"
	ix, err := Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	if err := ix.Put(testDocs()[0]); err != nil {
		t.Fatal(err)
	}
	ix.Close()
	other, err := bleve.Open(dir) // "the server", bypassing this process's registry
	if err != nil {
		t.Fatal(err)
	}
	defer other.Close()
	err = Rebuild(context.Background(), dir, 0, func() (Doc, bool, error) { return Doc{}, false, nil }, nil)
	if model.ErrorCode(err) != model.EConflict {
		t.Fatalf("Rebuild = %v, want EConflict", err)
	}
	if n, err := other.DocCount(); err != nil || n != 1 {
		t.Fatalf("the other holder's index changed: %d, %v", n, err)
	}
	if _, err := os.Stat(dir + ".rebuild"); !os.IsNotExist(err) {
		t.Fatalf("build directory left behind: %v", err)
	}
}

func TestCJKBigrams(t *testing.T) {
	ix, err := OpenMem()
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()
	if err := ix.Put(Doc{ArticleID: 1, Lang: "zh", Title: "北京举行新闻发布会", Published: t0}); err != nil {
		t.Fatal(err)
	}
	r, err := ix.Search(context.Background(), Query{Lang: "zh", Text: "新闻"})
	if err != nil {
		t.Fatal(err)
	}
	if len(r.Hits) != 1 || string(r.Hits[0].TitleHTML) != "北京举行<mark>新闻</mark>发布会" {
		t.Fatalf("hits = %+v", r.Hits)
	}
}

func TestOpenRemovesOldIndexes(t *testing.T) {
	base := t.TempDir()
	dir := filepath.Join(base, "idx[1]")
	old := dir + ".old-abc"
	if err := os.MkdirAll(filepath.Join(old, "store"), 0o755); err != nil {
		t.Fatal(err)
	}
	keep := filepath.Join(base, "idx.old-not-ours")
	if err := os.Mkdir(keep, 0o755); err != nil {
		t.Fatal(err)
	}
	ix, err := Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	ix.Close()
	if _, err := os.Stat(old); !os.IsNotExist(err) {
		t.Fatalf("old index left: %v", err)
	}
	if _, err := os.Stat(keep); err != nil {
		t.Fatalf("removed a directory that is not ours: %v", err)
	}
}
