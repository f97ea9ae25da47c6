// Command media-bench measures newsbridge/media, the picture stage: a
// typical outlet photograph (a 1600-pixel JPEG) checked, decoded, resized
// to the three widths the site offers (320, 640, 1024) and re-encoded, in
// images per CPU-second, with the time split between decoding, scaling and
// encoding, for each path Process can take (the standard library with
// x/image/draw as before, the standard library with the plane scaler,
// libjpeg-turbo with the plane scaler) and the quality of what each makes;
// it writes the "## Images" section of docs/benchmarks.md.
//
//	go -C bench run ./media -n 40
//
// The photograph is generated: smooth gradients under a fine grain, which
// costs the JPEG coder and the scaler about what a real photograph does
// (flat colour would flatter both). CPU time, not wall time, is measured:
// the machines it runs on are shared.
package main

import (
	"bytes"
	"flag"
	"fmt"
	"image"
	"image/color"
	"image/jpeg"
	"log"
	"math"
	"math/rand/v2"
	"os"
	"runtime"
	"strings"
	"syscall"
	"time"

	xdraw "golang.org/x/image/draw"

	"newsbridge/bench/internal/repo"
	"newsbridge/media"
)

func cpuNow() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// photo is w×h of sky-to-ground gradients, a few soft shapes and grain.
func photo(w, h int, seed uint64) *image.RGBA {
	img := image.NewRGBA(image.Rect(0, 0, w, h))
	r := rand.New(rand.NewPCG(seed, seed+1))
	type blob struct{ x, y, rad, cr, cg, cb float64 }
	var blobs []blob
	for range 12 {
		blobs = append(blobs, blob{r.Float64() * float64(w), r.Float64() * float64(h), 40 + r.Float64()*float64(h)/3,
			r.Float64() * 255, r.Float64() * 255, r.Float64() * 255})
	}
	for y := range h {
		fy := float64(y) / float64(h)
		for x := range w {
			fx := float64(x) / float64(w)
			cr, cg, cb := 90+120*fy, 140+60*(1-fy)+20*math.Sin(fx*7), 200-150*fy
			for _, b := range blobs {
				d := math.Hypot(float64(x)-b.x, float64(y)-b.y) / b.rad
				if d < 1 {
					k := (1 - d) * (1 - d)
					cr, cg, cb = cr+(b.cr-cr)*k, cg+(b.cg-cg)*k, cb+(b.cb-cb)*k
				}
			}
			n := r.NormFloat64() * 6
			c := func(v float64) uint8 { return uint8(max(0, min(255, v+n))) }
			img.SetRGBA(x, y, color.RGBA{c(cr), c(cg), c(cb), 255})
		}
	}
	return img
}

// measure runs f n times and returns the CPU time per run.
func measure(n int, f func()) time.Duration {
	f() // warm up
	runtime.GC()
	c := cpuNow()
	for range n {
		f()
	}
	return (cpuNow() - c) / time.Duration(n)
}

func ms(d time.Duration) string { return fmt.Sprintf("%.1f ms", float64(d)/float64(time.Millisecond)) }

func main() {
	log.SetFlags(0)
	var (
		n       = flag.Int("n", 30, "images processed per measurement")
		width   = flag.Int("width", 1600, "the photograph's width (its height is 2/3 of it)")
		quality = flag.Int("q", 85, "the JPEG quality the photograph is served at")
		out     = flag.String("out", "docs/benchmarks.md", "file whose \"## Images\" section is (re)written; \"\" = none")
	)
	flag.Parse()
	if err := repo.Chdir(); err != nil {
		log.Fatal(err)
	}
	runtime.GOMAXPROCS(1) // one core: CPU time is what one image costs

	w, h := *width, *width*2/3
	var src bytes.Buffer
	if err := jpeg.Encode(&src, photo(w, h, 7), &jpeg.Options{Quality: *quality}); err != nil {
		log.Fatal(err)
	}
	data := src.Bytes()
	log.Printf("photograph: %d×%d JPEG q%d, %d bytes", w, h, *quality, len(data))

	// The paths Process can take, slowest first; the last available one
	// is what it takes by default.
	type path struct {
		name   string
		turbo  bool
		scaler xdraw.Interpolator
	}
	paths := []path{
		{"Go decoder, x/image/draw ApproxBiLinear on RGBA, Go encoder (before)", false, xdraw.ApproxBiLinear},
		{"Go decoder, plane scaler, Go encoder (without libjpeg-turbo)", false, nil},
	}
	turboNote := ""
	if err := media.TurboJPEGError(); err != nil {
		turboNote = fmt.Sprintf("libjpeg-turbo was not measured: %v.", err)
		log.Print(turboNote)
	} else {
		paths = append(paths, path{"libjpeg-turbo decoder, plane scaler, libjpeg-turbo encoder (the default)", true, nil})
	}

	decoded, err := jpeg.Decode(bytes.NewReader(data))
	if err != nil {
		log.Fatal(err)
	}
	type row struct {
		name               string
		total              time.Duration
		decode, scale, enc time.Duration
		files              []string
		psnr               float64
		decodedWidth       int
	}
	var rows []row
	for _, p := range paths {
		media.TurboJPEG, media.Scaler = p.turbo, p.scaler
		res, err := media.Process(data, media.Options{})
		if err != nil {
			log.Fatal(err)
		}
		r := row{name: p.name}
		for _, v := range res.Variants {
			r.files = append(r.files, fmt.Sprintf("%d", len(v.Data)))
		}
		widest := res.Variants[len(res.Variants)-1]
		got, err := jpeg.Decode(bytes.NewReader(widest.Data))
		if err != nil {
			log.Fatal(err)
		}
		ref := image.NewRGBA(image.Rect(0, 0, widest.Width, widest.Height))
		xdraw.CatmullRom.Scale(ref, ref.Bounds(), decoded, decoded.Bounds(), xdraw.Src, nil)
		r.psnr = media.PSNR(got, ref)
		r.total = measure(*n, func() {
			if _, err := media.Process(data, media.Options{}); err != nil {
				log.Fatal(err)
			}
		})
		// The stages one by one, as Process runs them.
		var src image.Image
		if p.scaler != nil {
			r.decode = measure(*n, func() { src, _ = jpeg.Decode(bytes.NewReader(data)) })
		} else {
			r.decode = measure(*n, func() {
				if src, err = media.DecodeJPEG(data, widest.Width, widest.Height); err != nil {
					log.Fatal(err)
				}
			})
		}
		r.decodedWidth = src.Bounds().Dx()
		var dsts []image.Image
		r.scale = measure(*n, func() {
			dsts = dsts[:0]
			s := src
			for i := len(res.Variants) - 1; i >= 0; i-- {
				v := res.Variants[i]
				if p.scaler != nil {
					d := image.NewRGBA(image.Rect(0, 0, v.Width, v.Height))
					p.scaler.Scale(d, d.Bounds(), s, s.Bounds(), xdraw.Src, nil)
					s = d
				} else {
					s = media.Resize(s, v.Width, v.Height)
				}
				dsts = append(dsts, s)
			}
		})
		r.enc = measure(*n, func() {
			for _, d := range dsts {
				if _, err := media.EncodeJPEG(d, media.DefaultQuality); err != nil {
					log.Fatal(err)
				}
			}
		})
		rows = append(rows, r)
		log.Printf("%s: %s CPU per image (%.1f images per CPU-second): decode %s, scale %s, encode %s; files %s bytes; %.2f dB",
			r.name, ms(r.total), rate(r.total), ms(r.decode), ms(r.scale), ms(r.enc), strings.Join(r.files, "/"), r.psnr)
	}
	media.TurboJPEG, media.Scaler = true, nil
	if *out == "" {
		return
	}
	var b strings.Builder
	b.WriteString("## Images\n\n")
	fmt.Fprintf(&b, "One photograph as outlets serve them (generated: gradients, soft shapes and grain; %d×%d, JPEG quality %d,\n", w, h, *quality)
	fmt.Fprintf(&b, "%d bytes) through `media.Process`: content sniffed, declared size checked, decoded, resized to the widths the site\n", len(data))
	fmt.Fprintf(&b, "offers (320, 640, 1024; each from the next wider one) and re-encoded as JPEG quality %d; %d runs per figure, one\n", media.DefaultQuality, *n)
	fmt.Fprintf(&b, "core, CPU time (user + system), Go %s, on a machine with %d cores (load average %s when it started: CPU\n", runtime.Version(), runtime.NumCPU(), loadavg())
	b.WriteString("time swells when the cores are shared, so compare the rows with each other). Run: `go -C bench run ./media`.\n\n")
	b.WriteString("| path | CPU per image | images per CPU-second | decode | scale (3 widths) | encode (3 widths) | files (bytes) | 1024 px vs Catmull-Rom |\n")
	b.WriteString("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |\n")
	for _, r := range rows {
		fmt.Fprintf(&b, "| %s | %s | **%.1f** | %s | %s | %s | %s | %.2f dB |\n", r.name, ms(r.total), rate(r.total), ms(r.decode), ms(r.scale), ms(r.enc), strings.Join(r.files, " / "), r.psnr)
	}
	def := rows[len(rows)-1]
	verdict := func(d time.Duration) string {
		if rate(d) >= 20 {
			return "meets"
		}
		return "misses"
	}
	b.WriteString("\n")
	if turboNote != "" {
		b.WriteString(turboNote + "\n\n")
	}
	fmt.Fprintf(&b, "The target is 20 images per CPU-second; the default path %s it here (%.1f), and the standard library alone\n", verdict(def.total), rate(def.total))
	fmt.Fprintf(&b, "%s it (%.1f; on a shared machine such figures move by a fifth between runs, so that one is about at the target).\n", verdict(rows[1].total), rate(rows[1].total))
	b.WriteString("The last column is the PSNR of the 1024-pixel file against the decoded original shrunk straight to that size by\n")
	b.WriteString("x/image/draw's Catmull-Rom (higher is closer). The plane scaler shrinks the Y, Cb and Cr planes as they come from the\n")
	b.WriteString("decoder, by a separable area average that weighs every source pixel by how much of it an output pixel covers, so\n")
	b.WriteString("nothing aliases at any ratio, into the 4:2:0 planes the encoders take without converting; x/image/draw went through\n")
	b.WriteString("RGBA and back. libjpeg-turbo (Debian's libturbojpeg0, loaded at run time, so the same binary runs on the standard\n")
	b.WriteString("library without it) decodes the original straight to its planes, scaled in the DCT to 1/2, 1/4 or 1/8 when that\n")
	fmt.Fprintf(&b, "stays as wide as the widest variant (%d pixels wide here), and encodes in SIMD code. The files are smaller than\n", def.decodedWidth)
	b.WriteString("before because grain x/image/draw aliased into them is averaged away. The jobs run off the request path, one per\n")
	b.WriteString("picture, so this bounds how fast a backlog of new pictures clears, never a reader's wait.\n")
	if err := repo.WriteSection(*out, "## Images", b.String()); err != nil {
		log.Fatal(err)
	}
	log.Printf("wrote the Images section of %s", *out)
}

// loadavg is the 1-minute load average, or "unknown".
func loadavg() string {
	b, err := os.ReadFile("/proc/loadavg")
	if f := strings.Fields(string(b)); err == nil && len(f) > 0 {
		return f[0]
	}
	return "unknown"
}

func rate(d time.Duration) float64 { return float64(time.Second) / float64(d) }
