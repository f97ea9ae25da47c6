// Command startup measures how long `newsbridge extract` takes on a small
// page, start-up included, as a shell script calling it once per page
// would see it: it builds the binary, runs it a number of times after a
// few warm-up runs, and prints the minimum, median and 90th percentile of
// the wall-clock times, and the package initialisation's share
// (GODEBUG=inittrace=1): its time, the median of five more runs, and the
// bytes it allocates. The CPU time (user + system) and the bytes are less
// sensitive than wall-clock time to other work on the machine.
//
//	go -C bench run ./startup
//	go -C bench run ./startup -n 200
//	go -C bench run ./startup -bin /path/to/newsbridge   # an older build, say
package main

import (
	"bufio"
	"bytes"
	"flag"
	"fmt"
	"log"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"time"

	"newsbridge/bench/internal/repo"
)

// page is a small article page, about the size of a short news item.
const page = `<!doctype html><html lang="es"><head><meta charset="utf-8"><title>Récord de visitantes en Valdemora</title></head>
<body><header><nav><a href="/">Portada</a> <a href="/economia/">Economía</a></nav></header>
<article><h1>Récord de visitantes en Valdemora</h1><p class="byline">Por Ana Ruiz</p>
<p>El mercado de Valdemora recibió el domingo a más de 12.000 visitantes, la cifra más alta desde que abrió sus puertas en 1998.</p>
<p>Los comerciantes atribuyen el aumento a la nueva línea de autobús y a la apertura de los domingos, aprobada en marzo por el pleno municipal.</p>
<p>«Nunca habíamos vendido tanto», dijo una frutera del puesto 14, que pidió más aparcamiento para el verano.</p></article>
<footer>© Diario de Valdemora</footer></body></html>`

func main() {
	if err := repo.Chdir(); err != nil {
		log.Fatal(err)
	}
	n := flag.Int("n", 100, "timed runs")
	warm := flag.Int("warmup", 5, "untimed runs first")
	prebuilt := flag.String("bin", "", "a newsbridge binary to time instead of one built from this tree")
	flag.Parse()
	log.SetFlags(0)

	tmp, err := os.MkdirTemp("", "newsbridge-startup-")
	if err != nil {
		log.Fatal(err)
	}
	defer os.RemoveAll(tmp)
	bin := filepath.Join(tmp, "newsbridge")
	if *prebuilt != "" {
		bin = *prebuilt
	} else if b, err := exec.Command("go", "build", "-o", bin, "./cmd/newsbridge").CombinedOutput(); err != nil {
		log.Fatalf("startup: build: %v\n%s", err, b)
	}
	file := filepath.Join(tmp, "page.html")
	if err := os.WriteFile(file, []byte(page), 0o644); err != nil {
		log.Fatal(err)
	}
	var cpu []time.Duration
	run := func(env ...string) (time.Duration, []byte) {
		cmd := exec.Command(bin, "extract", "--url", "https://diario.example/economia/record.html", file)
		cmd.Env = append(os.Environ(), env...)
		var stderr bytes.Buffer
		cmd.Stderr = &stderr
		t0 := time.Now()
		out, err := cmd.Output()
		d := time.Since(t0)
		if err != nil || !bytes.Contains(out, []byte(`"title"`)) {
			log.Fatalf("startup: extract: %v\n%s%s", err, out, stderr.Bytes())
		}
		cpu = append(cpu, cmd.ProcessState.UserTime()+cmd.ProcessState.SystemTime())
		return d, stderr.Bytes()
	}
	for i := 0; i < *warm; i++ {
		run()
	}
	cpu = nil
	times := make([]time.Duration, *n)
	for i := range times {
		times[i], _ = run()
	}
	sort.Slice(times, func(i, j int) bool { return times[i] < times[j] })
	sort.Slice(cpu, func(i, j int) bool { return cpu[i] < cpu[j] })
	cpuMedian := cpu[len(cpu)/2]
	pct := func(p float64) time.Duration { return times[min(len(times)-1, int(p*float64(len(times))))] }

	// Package initialisation, summed from the runtime's trace: the median
	// of a few runs for the time, which other work on the machine moves a
	// lot; the bytes allocated hardly change from run to run.
	const traces = 5
	type cost struct {
		pkg string
		ms  float64
	}
	var totals []float64
	var initBytes float64
	perPkg := map[string]float64{}
	npkg := 0
	for range traces {
		_, trace := run("GODEBUG=inittrace=1")
		var total, alloc float64
		npkg = 0
		sc := bufio.NewScanner(bytes.NewReader(trace))
		for sc.Scan() {
			// init PKG @T ms, D ms clock, B bytes, A allocs
			f := strings.Fields(sc.Text())
			if len(f) < 8 || f[0] != "init" {
				continue
			}
			ms, err := strconv.ParseFloat(f[4], 64)
			if err != nil {
				continue
			}
			b, _ := strconv.ParseFloat(f[7], 64)
			total += ms
			alloc += b
			perPkg[f[1]] += ms / traces
			npkg++
		}
		totals = append(totals, total)
		initBytes = alloc
	}
	sort.Float64s(totals)
	var costs []cost
	for p, ms := range perPkg {
		costs = append(costs, cost{p, ms})
	}
	sort.Slice(costs, func(i, j int) bool { return costs[i].ms > costs[j].ms })
	var top []string
	for _, c := range costs[:min(5, len(costs))] {
		top = append(top, fmt.Sprintf("%s %.1f ms", c.pkg, c.ms))
	}
	load, _ := os.ReadFile("/proc/loadavg")
	fmt.Printf("newsbridge extract on a %d-byte page, %d runs: min %s, median %s, p90 %s\n", len(page), *n,
		times[0].Round(100*time.Microsecond), pct(0.5).Round(100*time.Microsecond), pct(0.9).Round(100*time.Microsecond))
	fmt.Printf("CPU time (user + system): median %s\n", cpuMedian.Round(100*time.Microsecond))
	fmt.Printf("package init (median of %d runs): %.1f ms in %d packages, %.2f MB allocated; most (mean): %s\n",
		traces, totals[len(totals)/2], npkg, initBytes/1e6, strings.Join(top, ", "))
	fmt.Printf("load average: %s", load)
}
