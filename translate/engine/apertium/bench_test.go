package apertium

import (
	"context"
	"fmt"
	"os"
	"strconv"
	"strings"
	"syscall"
	"testing"

	"newsbridge/model"
)

// cpuSeconds returns the CPU time (user+system) used so far by the given
// processes (from /proc) and by this process.
func cpuSeconds(b *testing.B, pids []int) float64 {
	b.Helper()
	const ticks = 100 // USER_HZ on Linux
	total := 0.0
	for _, pid := range pids {
		data, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", pid))
		if err != nil {
			b.Fatal(err)
		}
		// Fields after the ")" that closes the command name: utime is the
		// 12th, stime the 13th.
		f := strings.Fields(string(data[strings.LastIndexByte(string(data), ')')+1:]))
		ut, _ := strconv.ParseFloat(f[11], 64)
		st, _ := strconv.ParseFloat(f[12], 64)
		total += (ut + st) / ticks
	}
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err == nil {
		total += float64(ru.Utime.Nano()+ru.Stime.Nano()) / 1e9
	}
	return total
}

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
// 1 and 100 sentences. It reports words per second of wall time and words
// per CPU-second of the pipeline's programs plus this process, which does
// not depend on how busy the machine is.
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
			if _, err := e.Translate(ctx, model.EngineRequest{Pair: esca, Texts: in}); err != nil { // start the pipeline
				b.Fatal(err)
			}
			pids := slotOf(b, e, esca).current().pids()
			cpu0 := cpuSeconds(b, pids)
			b.ResetTimer()
			for b.Loop() {
				if _, err := e.Translate(ctx, model.EngineRequest{Pair: esca, Texts: in}); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64(words*b.N)/b.Elapsed().Seconds(), "words/s")
			if cpu := cpuSeconds(b, pids) - cpu0; cpu > 0 {
				b.ReportMetric(float64(words*b.N)/cpu, "words/cpu-s")
			}
		})
	}
}
