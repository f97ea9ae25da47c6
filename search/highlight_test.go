package search

import (
	"context"
	"strings"
	"testing"
	"unicode/utf8"
)

func TestSnippetWindow(t *testing.T) {
	long := strings.Repeat("filler words here ", 40) + "the harbour <b>opened</b> today " + strings.Repeat("more text follows ", 40)
	i := strings.Index(long, "harbour")
	got := string(snippet(long, []span{{i, i + len("harbour")}}, 120))
	if !strings.HasPrefix(got, "…") || !strings.HasSuffix(got, "…") {
		t.Errorf("cut text needs ellipses: %q", got)
	}
	if !strings.Contains(got, "<mark>harbour</mark> &lt;b&gt;opened&lt;/b&gt;") {
		t.Errorf("match not marked and escaped: %q", got)
	}
	if n := len(got); n > 120+len("<mark></mark>")+2*len("…")+40 {
		t.Errorf("snippet too long: %d bytes", n)
	}
	// No match: the beginning of the text.
	got = string(snippet(long, nil, 60))
	if !strings.HasPrefix(got, "filler words") || !strings.HasSuffix(got, "…") {
		t.Errorf("no-match snippet = %q", got)
	}
	// Short text: whole, no ellipsis.
	if got := string(snippet("a & b", []span{{4, 5}}, 60)); got != "a &amp; <mark>b</mark>" {
		t.Errorf("short = %q", got)
	}
}

func TestMarksFollowAnalysis(t *testing.T) {
	ix := newTestIndex(t)
	tests := []struct {
		lang, text, wantTitle, wantSnippet string
	}{
		// Norwegian: "avis" finds and marks "Avisene"; "regjering" marks "Regjeringen".
		{"nb", "regjering avis", "<mark>Regjeringen</mark> legger fram budsjettet", "<mark>Avisene</mark> skriver om det."},
		// Arabic: a bare alef in the query marks "أحمد" as written, tashkeel and all.
		{"ar", "احمد المدينة", "الرئيس يزور <mark>المدينة</mark>", "قال <mark>أحمد</mark> إن <mark>الْمَدِينَة</mark> جميلة وإن إسلام يعمل في المكتبة."},
		// Catalan elision: the mark covers the whole written word.
		{"ca", "economia", "Creix <mark>l&#39;economia</mark> catalana", "Dades de l&#39;institut."},
	}
	for _, tc := range tests {
		r, err := ix.Search(context.Background(), Query{Lang: tc.lang, Text: tc.text})
		if err != nil {
			t.Fatal(err)
		}
		if len(r.Hits) != 1 {
			t.Fatalf("%s %q: hits %v", tc.lang, tc.text, ids(r))
		}
		h := r.Hits[0]
		if string(h.TitleHTML) != tc.wantTitle || string(h.SnippetHTML) != tc.wantSnippet {
			t.Errorf("%s %q:\n title   %s\n snippet %s", tc.lang, tc.text, h.TitleHTML, h.SnippetHTML)
		}
	}
}

// FuzzSnippet checks that whatever the text and spans, the output is valid
// UTF-8 whose only markup is <mark> and </mark>.
func FuzzSnippet(f *testing.F) {
	f.Add("Un texto con <script>alert(1)</script> & más", 14, 20, 60)
	f.Add("\xff\xfe<mark>", 0, 3, 5)
	f.Add(strings.Repeat("ñ", 300), 3, 9, 40)
	f.Fuzz(func(t *testing.T, text string, s, e, limit int) {
		if limit < 1 || limit > 1000 {
			limit = 100
		}
		text = strings.ToValidUTF8(text, "?")
		var sps []span
		if s >= 0 && e <= len(text) && s < e && utf8.RuneStart(text[s]) && (e == len(text) || utf8.RuneStart(text[e])) {
			sps = []span{{s, e}}
		}
		out := string(snippet(text, sps, limit))
		if !utf8.ValidString(out) {
			t.Fatalf("invalid UTF-8: %q", out)
		}
		rest := strings.NewReplacer("<mark>", "", "</mark>", "").Replace(out)
		if strings.ContainsAny(rest, "<>\"'") {
			t.Fatalf("unescaped markup in %q", out)
		}
	})
}

func FuzzSearch(f *testing.F) {
	ix, err := OpenMem()
	if err != nil {
		f.Fatal(err)
	}
	defer ix.Close()
	if err := ix.Put(testDocs()...); err != nil {
		f.Fatal(err)
	}
	f.Add("es", "presidente", "politics", 1, 10)
	f.Add("ar", "\xd8\xa7\xff title:x AND \"", "", -1, -1)
	f.Add("nb", strings.Repeat("a", 300), "x", 1<<40, 1<<40)
	f.Fuzz(func(t *testing.T, lang, text, cat string, page, perPage int) {
		r, err := ix.Search(context.Background(), Query{Lang: lang, Text: text, Category: cat, Page: page, PerPage: perPage})
		if err != nil {
			return // errors are fine; panics and hangs are not
		}
		for _, h := range r.Hits {
			for _, s := range []string{string(h.TitleHTML), string(h.SnippetHTML)} {
				rest := strings.NewReplacer("<mark>", "", "</mark>", "").Replace(s)
				if strings.ContainsAny(rest, "<>") {
					t.Fatalf("unescaped markup in %q", s)
				}
			}
		}
	})
}
