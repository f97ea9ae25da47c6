package media

import (
	"bytes"
	"fmt"
	"image"
	"image/color"
	"image/jpeg"
	"math/rand/v2"
	"os"
	"path/filepath"
	"runtime"
	"testing"

	xdraw "golang.org/x/image/draw"
)

func TestScalePlaneKeepsFlatAndAverages(t *testing.T) {
	mk := func(w, h int, f func(x, y int) uint8) plane {
		p := plane{pix: make([]uint8, w*h), stride: w, w: w, h: h}
		for y := range h {
			for x := range w {
				p.pix[y*w+x] = f(x, y)
			}
		}
		return p
	}
	// A flat plane stays flat at every ratio, shrinking or growing.
	for _, sz := range [][4]int{{1600, 1067, 1024, 683}, {7, 5, 3, 2}, {3, 3, 1, 1}, {1, 1, 1, 1}, {100, 1, 37, 1}, {10, 10, 25, 17}, {5, 9, 1, 9}, {4000, 9, 3, 1}, {1, 5000, 1, 7}} {
		src := mk(sz[0], sz[1], func(x, y int) uint8 { return 201 })
		dst := mk(sz[2], sz[3], func(x, y int) uint8 { return 0 })
		scalePlane(dst, src)
		for i, v := range dst.pix {
			if v != 201 {
				t.Fatalf("%v: sample %d is %d, want 201", sz, i, v)
			}
		}
	}
	// A steep ramp shrunk a long way keeps its mean.
	src := mk(3000, 2, func(x, y int) uint8 { return uint8(x * 256 / 3000) })
	dst := mk(2, 1, func(x, y int) uint8 { return 0 })
	scalePlane(dst, src)
	if d0, d1 := int(dst.pix[0]), int(dst.pix[1]); d0 < 63 || d0 > 64 || d1 < 191 || d1 > 192 {
		t.Errorf("a ramp shrunk 1500× is %v, want [63.5 191.5]", dst.pix)
	}
	// Halving averages each 2×2 block exactly (rounding half up).
	src = mk(4, 2, func(x, y int) uint8 { return []uint8{10, 20, 30, 41, 50, 60, 70, 80}[y*4+x] })
	dst = mk(2, 1, func(x, y int) uint8 { return 0 })
	scalePlane(dst, src)
	if want := []uint8{35, 55}; !bytes.Equal(dst.pix, want) {
		t.Errorf("halved %v, want %v", dst.pix, want)
	}
	// A one-pixel checkerboard (the worst case for aliasing) shrunk by
	// any ratio averages to grey, where a scaler that skips pixels
	// shows stripes.
	src = mk(640, 480, func(x, y int) uint8 { return uint8(255 * ((x + y) % 2)) })
	dst = mk(409, 307, func(x, y int) uint8 { return 0 })
	scalePlane(dst, src)
	for i, v := range dst.pix {
		if v < 100 || v > 155 {
			t.Fatalf("checkerboard sample %d is %d, want about 128", i, v)
		}
	}
}

// goImages are the standard library's test pictures: JPEGs in every
// sampling, progressive, CMYK, RGB, grey.
func goImages(t *testing.T) string {
	dir := filepath.Join(runtime.GOROOT(), "src", "image", "testdata")
	if _, err := os.Stat(dir); err != nil {
		t.Skipf("the Go tree's test pictures: %v", err)
	}
	return dir
}

// TestJPEGKinds runs JPEGs of every kind through Process, shrinking
// them: each variant must be the picture the standard library decodes,
// shrunk, and a grey one stays grey.
func TestJPEGKinds(t *testing.T) {
	dir := goImages(t)
	codecs(t, func(t *testing.T) {
		for _, name := range []string{"video-001.jpeg", "video-001.q50.420.jpeg", "video-001.q50.422.jpeg",
			"video-001.q50.440.jpeg", "video-001.q50.444.jpeg", "video-001.q50.411.jpeg", "video-001.q50.410.jpeg",
			"video-001.q50.420.progressive.jpeg", "video-001.q50.411.progressive.jpeg", "video-001.progressive.jpeg",
			"video-001.progressive.truncated.jpeg", "video-001.restart2.jpeg", "video-001.separate.dc.progression.jpeg",
			"video-001.cmyk.jpeg", "video-001.rgb.jpeg", "video-005.gray.jpeg", "video-005.gray.q50.2x2.jpeg",
			"video-005.gray.q50.progressive.jpeg"} {
			data, err := os.ReadFile(filepath.Join(dir, name))
			if err != nil {
				t.Fatal(err)
			}
			orig, err := jpeg.Decode(bytes.NewReader(data))
			if err != nil {
				t.Fatalf("%s: %v", name, err)
			}
			res, err := Process(data, Options{Widths: []int{50, 100, 200}})
			if err != nil {
				t.Errorf("%s: %v", name, err)
				continue
			}
			ob := orig.Bounds()
			if res.Width != ob.Dx() || res.Height != ob.Dy() || len(res.Variants) != 3 {
				t.Errorf("%s: %d×%d %v, want %v and 3 variants", name, res.Width, res.Height, sizes(res), ob)
				continue
			}
			for _, v := range res.Variants {
				m, err := jpeg.Decode(bytes.NewReader(v.Data))
				if err != nil {
					t.Fatalf("%s: %d: %v", name, v.Width, err)
				}
				if _, grey := orig.(*image.Gray); grey {
					if _, ok := m.(*image.Gray); !ok {
						t.Errorf("%s: the %d variant is a %T, not grey", name, v.Width, m)
					}
				}
				if p := PSNR(m, reference(orig, v.Width, v.Height)); p < 26 {
					t.Errorf("%s: the %d variant is %.1f dB from the original shrunk", name, v.Width, p)
				}
			}
		}
	})
}

// TestOtherSourcesToPlanes: what is not YCbCr or grey is converted as the
// JPEG encoder would: CMYK, RGBA, NRGBA, paletted, 16-bit.
func TestOtherSourcesToPlanes(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 4))
	b := image.Rect(0, 0, 37, 23)
	rgba, nrgba, cmyk, pal, rgba64 := image.NewRGBA(b), image.NewNRGBA(b), image.NewCMYK(b), image.NewPaletted(b, color.Palette{color.RGBA{200, 10, 10, 255}, color.RGBA{10, 200, 10, 255}, color.RGBA{10, 10, 200, 255}}), image.NewRGBA64(b)
	for y := range 23 {
		for x := range 37 {
			c := color.RGBA{uint8(r.IntN(256)), uint8(r.IntN(256)), uint8(r.IntN(256)), 255}
			rgba.Set(x, y, c)
			nrgba.Set(x, y, c)
			rgba64.Set(x, y, c)
			cmyk.Set(x, y, c)
			pal.SetColorIndex(x, y, uint8(r.IntN(3)))
		}
	}
	for _, m := range []image.Image{rgba, nrgba, cmyk, pal, rgba64, rgba.SubImage(image.Rect(3, 4, 30, 20))} {
		p := toPlanar(m)
		if _, ok := p.(*image.YCbCr); !ok {
			t.Fatalf("%T became a %T", m, p)
		}
		if p.Bounds().Size() != m.Bounds().Size() {
			t.Fatalf("%T: %v became %v", m, m.Bounds(), p.Bounds())
		}
		if got := PSNR(p, m); got < 38 {
			t.Errorf("%T: %.1f dB from the original", m, got)
		}
	}
}

// TestScalerQuality compares the variants each path makes with the
// original shrunk straight to their size by Catmull-Rom: the plane scaler
// and libjpeg-turbo (which decodes the 2600-pixel photograph at half
// size) must come at least as close as x/image/draw's ApproxBiLinear, and
// libjpeg-turbo's files must be about the size of the standard library's.
func TestScalerQuality(t *testing.T) {
	for _, w := range []int{1600, 2600} {
		t.Run(fmt.Sprint(w), func(t *testing.T) { scalerQuality(t, w, w*2/3) })
	}
}

func scalerQuality(t *testing.T, w, h int) {
	src := encodeJPEG(t, photo(w, h))
	orig, _ := jpeg.Decode(bytes.NewReader(src))
	run := func(turbo bool, scaler xdraw.Interpolator) *Result {
		defer func(t0 bool, s xdraw.Interpolator) { TurboJPEG, Scaler = t0, s }(TurboJPEG, Scaler)
		TurboJPEG, Scaler = turbo, scaler
		res, err := Process(src, Options{})
		if err != nil {
			t.Fatal(err)
		}
		return res
	}
	old, planes := run(false, xdraw.ApproxBiLinear), run(false, nil)
	oldImgs, planeImgs := decodeAll(t, old), decodeAll(t, planes)
	var turbo *Result
	var turboImgs []image.Image
	if TurboJPEGError() == nil {
		turbo = run(true, nil)
		turboImgs = decodeAll(t, turbo)
	}
	for i, m := range oldImgs {
		b := m.Bounds()
		ref := reference(orig, b.Dx(), b.Dy())
		po, pp := PSNR(m, ref), PSNR(planeImgs[i], ref)
		t.Logf("%d: x/image/draw %.2f dB, planes %.2f dB from Catmull-Rom; planes vs x/image/draw %.2f dB", b.Dx(), po, pp, PSNR(planeImgs[i], m))
		if pp < po-0.1 {
			t.Errorf("%d: the plane scaler is worse than x/image/draw's ApproxBiLinear: %.2f dB < %.2f dB", b.Dx(), pp, po)
		}
		if turbo == nil {
			continue
		}
		pt := PSNR(turboImgs[i], ref)
		ratio := float64(len(turbo.Variants[i].Data)) / float64(len(planes.Variants[i].Data))
		t.Logf("%d: libjpeg-turbo %.2f dB, %d bytes (%.2f× the standard library's encoder's %d; before the plane scaler %d)",
			b.Dx(), pt, len(turbo.Variants[i].Data), ratio, len(planes.Variants[i].Data), len(old.Variants[i].Data))
		if pt < po-0.1 {
			t.Errorf("%d: libjpeg-turbo's variant is worse than before: %.2f dB < %.2f dB", b.Dx(), pt, po)
		}
		if ratio < 0.8 || ratio > 1.25 {
			t.Errorf("%d: libjpeg-turbo's file is %.2f× the standard library's", b.Dx(), ratio)
		}
	}
}

// BenchmarkResize shrinks what libjpeg-turbo (or the standard library)
// decodes for the three widths.
func BenchmarkResize(b *testing.B) {
	src := encodeJPEG(b, photo(1600, 1067))
	img, err := DecodeJPEG(src, 1024, 683)
	if err != nil {
		b.Fatal(err)
	}
	for b.Loop() {
		var s image.Image = img
		for _, w := range []int{1024, 640, 320} {
			s = Resize(s, w, w*1067/1600)
		}
	}
}
