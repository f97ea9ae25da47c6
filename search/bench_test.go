package search

import (
	"context"
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"
	"time"
)

// benchDocs makes n Spanish documents over a small Zipf vocabulary; the
// full-size measurement is bench/search (100,000 documents, 5 languages).
func benchDocs(n int) ([]Doc, []string) {
	r := rand.New(rand.NewPCG(7, 8))
	syl := strings.Fields("ca la de ma pe ri to so ne mi ta lo ción dad men te re na co sa")
	vocab := make([]string, 5000)
	for i := range vocab {
		var b strings.Builder
		for range 2 + i%3 {
			b.WriteString(syl[r.IntN(len(syl))])
		}
		vocab[i] = b.String()
	}
	z := rand.NewZipf(r, 1.07, 2, uint64(len(vocab)-1))
	words := func(k int) string {
		ws := make([]string, k)
		for i := range ws {
			ws[i] = vocab[z.Uint64()]
		}
		return strings.Join(ws, " ")
	}
	docs := make([]Doc, n)
	for i := range docs {
		docs[i] = Doc{ArticleID: int64(i + 1), Lang: "es", Slug: fmt.Sprint("a", i), Title: words(8), Lead: words(25), Body: words(150),
			Category: "c", CategorySlug: "c", Published: time.Unix(int64(i)*60, 0)}
	}
	return docs, vocab
}

func BenchmarkPut(b *testing.B) {
	docs, _ := benchDocs(500)
	ix, err := OpenMem()
	if err != nil {
		b.Fatal(err)
	}
	defer ix.Close()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if err := ix.Put(docs...); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(b.N*len(docs))/b.Elapsed().Seconds(), "docs/s")
}

// BenchmarkSearch queries an on-disk index made by Rebuild, as the server
// does; an OpenMem index filled by Put holds many unmerged segments and
// is several times slower to query.
func BenchmarkSearch(b *testing.B) {
	docs, vocab := benchDocs(5000)
	dir := b.TempDir() + "/idx"
	i := 0
	err := Rebuild(context.Background(), dir, len(docs), func() (Doc, bool, error) {
		if i == len(docs) {
			return Doc{}, false, nil
		}
		i++
		return docs[i-1], true, nil
	}, nil)
	if err != nil {
		b.Fatal(err)
	}
	ix, err := Open(dir)
	if err != nil {
		b.Fatal(err)
	}
	defer ix.Close()
	ctx := context.Background()
	for _, words := range []int{1, 2, 3} {
		b.Run(fmt.Sprint(words, "words"), func(b *testing.B) {
			r := rand.New(rand.NewPCG(1, uint64(words)))
			for i := 0; i < b.N; i++ {
				ws := make([]string, words)
				for k := range ws {
					ws[k] = vocab[r.IntN(200)] // common-ish words: the expensive case
				}
				if _, err := ix.Search(ctx, Query{Lang: "es", Text: strings.Join(ws, " ")}); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
