package apy

import (
	"context"
	"strings"
	"testing"

	"newsbridge/model"
)

// BenchmarkRealAPy measures es→ca through a real apertium-apy on loopback,
// 100 news-like sentences per call (several requests of ≤ 4,000 bytes).
func BenchmarkRealAPy(b *testing.B) {
	base := startRealAPy(b)
	e := New(Options{BaseURL: base})
	sentences := []string{
		"El presidente del gobierno anunció ayer nuevas medidas para reducir el precio de la energía.",
		"Según el informe publicado esta mañana, el paro bajó un 3,5 % en el último trimestre.",
		"Los vecinos del barrio denuncian que las obras de la calle principal llevan dos años paradas.",
		"La selección nacional ganó el partido por dos goles a uno y se clasificó para la final.",
	}
	in := make([]string, 100)
	words := 0
	for i := range in {
		in[i] = sentences[i%len(sentences)]
		words += len(strings.Fields(in[i]))
	}
	ctx := context.Background()
	if _, err := e.Translate(ctx, model.EngineRequest{Pair: esca, Texts: in}); err != nil { // start the pipeline
		b.Fatal(err)
	}
	b.ResetTimer()
	for b.Loop() {
		if _, err := e.Translate(ctx, model.EngineRequest{Pair: esca, Texts: in}); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(words*b.N)/b.Elapsed().Seconds(), "words/s")
}
