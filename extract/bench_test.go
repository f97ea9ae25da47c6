package extract

import (
	"bytes"
	"os"
	"runtime"
	"strings"
	"testing"
)

// BenchmarkCorpus extracts every corpus page once per iteration; the
// reported pages/s is the figure the 200 pages/s target is about.
func BenchmarkCorpus(b *testing.B) {
	names, cases := loadCorpus(b)
	pages := make([][]byte, len(names))
	for i, n := range names {
		var err error
		if pages[i], err = os.ReadFile(n + ".html"); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		for j, p := range pages {
			if _, err := ExtractBytes(p, cases[j].ContentType, cases[j].PageURL); err != nil {
				b.Fatal(err)
			}
		}
	}
	b.ReportMetric(float64(b.N*len(pages))/b.Elapsed().Seconds(), "pages/s")
}

// BenchmarkLargePage extracts a 10 MB article page and reports the peak
// heap it needed, to show memory stays bounded (a small multiple of the
// page).
func BenchmarkLargePage(b *testing.B) {
	var sb strings.Builder
	sb.WriteString(`<html><head><title>Large</title></head><body><div class="entry-content">`)
	para := "<p>" + strings.Repeat("Words of a long article body that keeps going. ", 20) + "</p>\n"
	for sb.Len() < 10<<20 {
		sb.WriteString(para)
	}
	sb.WriteString("</div></body></html>")
	page := []byte(sb.String())
	b.SetBytes(int64(len(page)))
	b.ReportAllocs()
	var peak uint64
	for i := 0; i < b.N; i++ {
		runtime.GC()
		var before runtime.MemStats
		runtime.ReadMemStats(&before)
		a, err := ExtractBytes(bytes.Clone(page), "", "")
		if err != nil || len(a.Blocks) == 0 {
			b.Fatal(err)
		}
		var after runtime.MemStats
		runtime.ReadMemStats(&after)
		if after.HeapInuse > peak {
			peak = after.HeapInuse
		}
	}
	b.ReportMetric(float64(peak)/(1<<20), "MB-heap-after")
}
