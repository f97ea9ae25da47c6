package apertium

import (
	"context"
	"fmt"
	"strings"
	"testing"
)

// benchSentences are news-like Spanish sentences (12–20 words each).
var benchSentences = []string{
	"El presidente del gobierno anunció ayer nuevas medidas para reducir el precio de la energía.",
	"Según el informe publicado esta mañana, el paro bajó un 3,5 % en el último trimestre.",
	"Los vecinos del barrio denuncian que las obras de la calle principal llevan dos años paradas.",
	"La selección nacional ganó el partido por dos goles a uno y se clasificó para la final.",
	"El ayuntamiento aprobó el presupuesto de 2025 con los votos del equipo de gobierno.",
	"Miles de personas se manifestaron el domingo en el centro de la ciudad contra la guerra.",
	"La empresa prevé contratar a 200 trabajadores más antes del final del año.",
	"Las lluvias de los últimos días han provocado inundaciones en varios pueblos de la costa.",
}

// BenchmarkTranslate measures a kept-running es→ca pipeline on batches of
// 100 sentences and reports words per second.
func BenchmarkTranslate(b *testing.B) {
	for _, size := range []int{1, 100} {
		b.Run(fmt.Sprintf("esca/batch%d", size), func(b *testing.B) {
			e := newTestEngine(b, Options{})
			in := make([]string, size)
			words := 0
			for i := range in {
				in[i] = benchSentences[i%len(benchSentences)]
				words += len(strings.Fields(in[i]))
			}
			ctx := context.Background()
			if _, err := e.Translate(ctx, esca, in); err != nil { // start the pipeline
				b.Fatal(err)
			}
			b.ResetTimer()
			for b.Loop() {
				if _, err := e.Translate(ctx, esca, in); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64(words*b.N)/b.Elapsed().Seconds(), "words/s")
		})
	}
}
