package translate

import (
	"context"
	"syscall"
	"testing"
	"time"

	"newsbridge/model"
)

// BenchmarkArticleFromMemory measures the work done for an article whose
// every sentence is in memory: segment, protect, look up, restore, check.
func BenchmarkArticleFromMemory(b *testing.B) {
	a := loadArticle(&testing.T{})
	e := &identityEngine{name: "id", pairs: esca}
	tr := &Translator{Router: NewRouter(e), Memory: NewMemoryCache(), Glossary: &staticGlossary{version: 1, terms: glossTerms()}}
	ctx := context.Background()
	if _, err := tr.TranslateArticle(ctx, a, "ca"); err != nil {
		b.Fatal(err)
	}
	words := 0
	for _, f := range []string{sourceText(a)} {
		words += len(tokenizeWords(f))
	}
	b.SetBytes(int64(len(sourceText(a))))
	b.ReportAllocs()
	c0 := cpuTime()
	for b.Loop() {
		if _, err := tr.TranslateArticle(ctx, a, "ca"); err != nil {
			b.Fatal(err)
		}
	}
	// CPU time too: on a shared machine wall time measures the neighbours
	cpu := cpuTime() - c0
	b.ReportMetric(float64(words)*float64(b.N)/b.Elapsed().Seconds(), "words/s")
	b.ReportMetric(float64(words)*float64(b.N)/cpu.Seconds(), "words/cpu-s")
}

// BenchmarkProtect measures protection and segmentation of a paragraph.
func BenchmarkProtect(b *testing.B) {
	text := loadArticle(&testing.T{}).Blocks[1].Text
	g := newGlossaryMatcher(glossTerms(), "es")
	b.SetBytes(int64(len(text)))
	for b.Loop() {
		p, spans := protectField(text, false, g, "ca")
		segmentField(p, spans, "es", 0)
	}
}

var _ = model.Pair{}

func cpuTime() time.Duration {
	var ru syscall.Rusage
	syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
