package translate

import (
	"context"
	"reflect"
	"strings"
	"testing"

	"newsbridge/model"
)

// TestFinishMemoSameResults: an article translated by a translator whose
// memo is warm gives exactly what a fresh translator gives, flags included,
// and an editor's correction in memory still wins over the memo.
func TestFinishMemoSameResults(t *testing.T) {
	a := loadArticle(t)
	// an engine with defects, so that the memo holds flags too
	fn := func(s string) string {
		if strings.Contains(s, " la ") {
			return strings.Replace(s, " la ", " la la *foo ", 1)
		}
		return s
	}
	ctx := context.Background()
	mem := NewMemoryCache()
	warm := &Translator{Router: NewRouter(&identityEngine{name: "id", pairs: esca, fn: fn}), Memory: mem, Glossary: &staticGlossary{version: 1, terms: glossTerms()}, Now: fixedNow}
	first, err := warm.TranslateArticle(ctx, a, "ca")
	if err != nil {
		t.Fatal(err)
	}
	if len(first.Flags) == 0 {
		t.Fatal("the defective engine raised no flags: the test checks nothing")
	}
	second, err := warm.TranslateArticle(ctx, a, "ca")
	if err != nil {
		t.Fatal(err)
	}
	cold := &Translator{Router: warm.Router, Memory: mem, Glossary: warm.Glossary, Now: fixedNow}
	fresh, err := cold.TranslateArticle(ctx, a, "ca")
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(second, fresh) {
		t.Fatalf("warm memo differs from a fresh translator:\n%+v\n%+v", second, fresh)
	}
	// an editor corrects a sentence: the next translation uses it
	var seg model.Segment
	for _, s := range second.Segments {
		if s.FromMemory && strings.Contains(s.Target, "la la") {
			seg = s
			break
		}
	}
	if seg.Source == "" {
		t.Fatal("no defective segment found")
	}
	if _, err := warm.SaveEdit(ctx, "es", "ca", seg.Source, "Frase corregida.", "ana", false); err != nil {
		t.Fatal(err)
	}
	third, err := warm.TranslateArticle(ctx, a, "ca")
	if err != nil {
		t.Fatal(err)
	}
	found := false
	for _, s := range third.Segments {
		if s.Source == seg.Source {
			found = true
			if s.Target != "Frase corregida." || s.Editor != "ana" || len(s.Flags) != 0 {
				t.Fatalf("edit not used: %+v", s)
			}
		}
	}
	if !found {
		t.Fatal("edited segment missing")
	}
}

// TestFinishMemoBounded: the memo never holds more than its byte bound and
// skips an entry too big to be worth keeping.
func TestFinishMemoBounded(t *testing.T) {
	c := &finishMemo{maxSize: 4096}
	for i := range 1000 {
		k := finishKey("es", "ca", strings.Repeat("x", i%50), "src", false, nil, DefaultRatio)
		k[0] = byte(i)
		k[1] = byte(i >> 8)
		c.put(k, finishResult{target: "t", issues: []issue{{FlagRepeated, "m"}}})
		if c.bytes > c.maxSize {
			t.Fatalf("memo holds %d bytes, bound %d", c.bytes, c.maxSize)
		}
	}
	big := finishKey("es", "ca", "big", "src", false, nil, DefaultRatio)
	c.put(big, finishResult{target: strings.Repeat("y", 1000)})
	if _, ok := c.get(big); ok {
		t.Fatal("an entry over a sixteenth of the bound was kept")
	}
	small := finishKey("es", "ca", "small", "src", false, nil, DefaultRatio)
	c.put(small, finishResult{target: "z"})
	if r, ok := c.get(small); !ok || r.target != "z" {
		t.Fatalf("get after put: %+v %v", r, ok)
	}
	// every input is part of the key
	base := finishKey("es", "ca", "raw", "src", false, []Span{{Kind: SpanName, Source: "A", Out: "A"}}, DefaultRatio)
	for name, k := range map[string][32]byte{
		"to":    finishKey("es", "gl", "raw", "src", false, []Span{{Kind: SpanName, Source: "A", Out: "A"}}, DefaultRatio),
		"raw":   finishKey("es", "ca", "raw2", "src", false, []Span{{Kind: SpanName, Source: "A", Out: "A"}}, DefaultRatio),
		"html":  finishKey("es", "ca", "raw", "src", true, []Span{{Kind: SpanName, Source: "A", Out: "A"}}, DefaultRatio),
		"span":  finishKey("es", "ca", "raw", "src", false, []Span{{Kind: SpanName, Source: "A", Out: "B"}}, DefaultRatio),
		"ratio": finishKey("es", "ca", "raw", "src", false, []Span{{Kind: SpanName, Source: "A", Out: "A"}}, Ratio{0.1, 9}),
		"split": finishKey("es", "ca", "ra", "wsrc", false, []Span{{Kind: SpanName, Source: "A", Out: "A"}}, DefaultRatio),
	} {
		if k == base {
			t.Errorf("%s not in the key", name)
		}
	}
}
