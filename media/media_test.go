package media

import (
	"bytes"
	"encoding/binary"
	"hash/crc32"
	"image"
	"image/color"
	"image/gif"
	"image/jpeg"
	"image/png"
	"math/rand/v2"
	"runtime"
	"strings"
	"testing"

	"newsbridge/model"
)

// photo is a photo-like picture: smooth gradients with grain, which JPEG
// and the scaler find about as hard as a real photograph.
func photo(w, h int) *image.RGBA {
	img := image.NewRGBA(image.Rect(0, 0, w, h))
	r := rand.New(rand.NewPCG(1, 2))
	for y := range h {
		for x := range w {
			n := r.IntN(24) - 12
			c := func(v int) uint8 { return uint8(max(0, min(255, v+n))) }
			img.SetRGBA(x, y, color.RGBA{c(x * 255 / w), c(y * 255 / h), c((x + y) * 128 / (w + h)), 255})
		}
	}
	return img
}

// codecs runs f with the standard library's codecs, then with
// libjpeg-turbo when the system has it.
func codecs(t *testing.T, f func(t *testing.T)) {
	t.Helper()
	for _, turbo := range []bool{false, true} {
		name := "go"
		if turbo {
			name = "turbo"
		}
		t.Run(name, func(t *testing.T) {
			if turbo && TurboJPEGError() != nil {
				t.Skipf("libjpeg-turbo: %v", TurboJPEGError())
			}
			defer func(old bool) { TurboJPEG = old }(TurboJPEG)
			TurboJPEG = turbo
			f(t)
		})
	}
}

func encodeJPEG(t testing.TB, img image.Image) []byte {
	var b bytes.Buffer
	if err := jpeg.Encode(&b, img, &jpeg.Options{Quality: 90}); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// pngHeader is a PNG's signature and IHDR chunk declaring w×h (8-bit RGBA),
// then an empty IDAT and IEND: a file whose pixels would take w*h*4 bytes.
func pngHeader(w, h uint32) []byte {
	var b bytes.Buffer
	b.WriteString("\x89PNG\r\n\x1a\n")
	chunk := func(typ string, data []byte) {
		binary.Write(&b, binary.BigEndian, uint32(len(data)))
		crc := crc32.NewIEEE()
		crc.Write([]byte(typ))
		crc.Write(data)
		b.WriteString(typ)
		b.Write(data)
		binary.Write(&b, binary.BigEndian, crc.Sum32())
	}
	ihdr := make([]byte, 13)
	binary.BigEndian.PutUint32(ihdr[0:], w)
	binary.BigEndian.PutUint32(ihdr[4:], h)
	ihdr[8], ihdr[9] = 8, 6
	chunk("IHDR", ihdr)
	chunk("IDAT", nil)
	chunk("IEND", nil)
	return b.Bytes()
}

func TestProcessJPEG(t *testing.T) {
	codecs(t, func(t *testing.T) {
		src := encodeJPEG(t, photo(1600, 1000))
		res, err := Process(src, Options{})
		if err != nil {
			t.Fatal(err)
		}
		if res.Format != "jpeg" || res.Ext != "jpg" || res.ContentType != "image/jpeg" || res.Width != 1600 || res.Height != 1000 || len(res.Hash) != 32 {
			t.Fatalf("result %+v", res)
		}
		want := []image.Point{{320, 200}, {640, 400}, {1024, 640}}
		if len(res.Variants) != len(want) {
			t.Fatalf("%d variants, want %d", len(res.Variants), len(want))
		}
		for i, v := range res.Variants {
			if v.Width != want[i].X || v.Height != want[i].Y {
				t.Errorf("variant %d is %dx%d, want %v", i, v.Width, v.Height, want[i])
			}
			cfg, format, err := image.DecodeConfig(bytes.NewReader(v.Data))
			if err != nil || format != "jpeg" || cfg.Width != v.Width || cfg.Height != v.Height {
				t.Errorf("variant %d decodes as %s %dx%d (%v)", i, format, cfg.Width, cfg.Height, err)
			}
			if !ValidName(Name(res.Hash, v.Width, res.Ext)) {
				t.Errorf("name %q is not valid", Name(res.Hash, v.Width, res.Ext))
			}
		}
		// The picture survives: the middle of the 640 variant keeps the
		// original's colour there.
		v, _ := jpeg.Decode(bytes.NewReader(res.Variants[1].Data))
		r, g, _, _ := v.At(320, 200).RGBA()
		if d := int(r>>8) - 128; d < -20 || d > 20 {
			t.Errorf("red in the middle is %d, want about 128", r>>8)
		}
		if d := int(g>>8) - 128; d < -20 || d > 20 {
			t.Errorf("green in the middle is %d, want about 128", g>>8)
		}
	})
}

func TestMetadataStripped(t *testing.T) {
	codecs(t, func(t *testing.T) {
		src := encodeJPEG(t, photo(400, 300))
		// An APP1 Exif segment with a GPS-looking marker right after SOI.
		exif := []byte("Exif\x00\x00GPSLatitude=59.9 SECRET-CAMERA-SERIAL")
		seg := append([]byte{0xff, 0xe1, byte((len(exif) + 2) >> 8), byte(len(exif) + 2)}, exif...)
		src = append(append(append([]byte{}, src[:2]...), seg...), src[2:]...)
		res, err := Process(src, Options{})
		if err != nil {
			t.Fatal(err)
		}
		for _, v := range res.Variants {
			if bytes.Contains(v.Data, []byte("SECRET")) || bytes.Contains(v.Data, []byte("Exif")) {
				t.Fatalf("the %d variant keeps the metadata", v.Width)
			}
		}
	})
}

func TestNeverUpscaled(t *testing.T) {
	codecs(t, func(t *testing.T) {
		res, err := Process(encodeJPEG(t, photo(500, 250)), Options{})
		if err != nil {
			t.Fatal(err)
		}
		if len(res.Variants) != 2 || res.Variants[0].Width != 320 || res.Variants[1].Width != 500 || res.Variants[1].Height != 250 {
			t.Fatalf("variants %+v", sizes(res))
		}
		res, err = Process(encodeJPEG(t, photo(100, 80)), Options{})
		if err != nil {
			t.Fatal(err)
		}
		if len(res.Variants) != 1 || res.Variants[0].Width != 100 {
			t.Fatalf("variants %+v", sizes(res))
		}
	})
}

func sizes(r *Result) []image.Point {
	var out []image.Point
	for _, v := range r.Variants {
		out = append(out, image.Pt(v.Width, v.Height))
	}
	return out
}

func TestTransparentPNGStaysPNG(t *testing.T) {
	codecs(t, func(t *testing.T) {
		img := image.NewNRGBA(image.Rect(0, 0, 800, 400))
		for y := range 400 {
			for x := range 800 {
				img.SetNRGBA(x, y, color.NRGBA{200, 20, 20, uint8(x * 255 / 800)})
			}
		}
		var b bytes.Buffer
		png.Encode(&b, img)
		res, err := Process(b.Bytes(), Options{})
		if err != nil {
			t.Fatal(err)
		}
		if res.Ext != "png" || res.ContentType != "image/png" || len(res.Variants) != 3 {
			t.Fatalf("result %s %s %v", res.Ext, res.ContentType, sizes(res))
		}
		if _, err := png.Decode(bytes.NewReader(res.Variants[0].Data)); err != nil {
			t.Fatal(err)
		}
		// An opaque PNG becomes a JPEG.
		b.Reset()
		png.Encode(&b, photo(300, 200))
		if res, err = Process(b.Bytes(), Options{}); err != nil || res.Ext != "jpg" || res.Format != "png" {
			t.Fatalf("opaque PNG: %v %+v", err, res)
		}
	})
}

func TestGIFFirstFrame(t *testing.T) {
	codecs(t, func(t *testing.T) {
		pal := color.Palette{color.Black, color.White, color.RGBA{255, 0, 0, 255}}
		g := &gif.GIF{}
		for i := range 2 {
			fr := image.NewPaletted(image.Rect(0, 0, 60, 40), pal)
			for j := range fr.Pix {
				fr.Pix[j] = uint8(i + 1)
			}
			g.Image, g.Delay = append(g.Image, fr), append(g.Delay, 10)
		}
		var b bytes.Buffer
		if err := gif.EncodeAll(&b, g); err != nil {
			t.Fatal(err)
		}
		res, err := Process(b.Bytes(), Options{})
		if err != nil {
			t.Fatal(err)
		}
		if res.Format != "gif" || res.Ext != "jpg" || len(res.Variants) != 1 || res.Variants[0].Width != 60 {
			t.Fatalf("result %+v", sizes(res))
		}
		v, _ := jpeg.Decode(bytes.NewReader(res.Variants[0].Data))
		if r, _, _, _ := v.At(30, 20).RGBA(); r>>8 < 230 {
			t.Errorf("not the first (white) frame: red %d", r>>8)
		}
	})
}

// wantRefused checks that Process refuses data with a permanent error
// whose message contains each of words.
func wantRefused(t *testing.T, data []byte, words ...string) {
	t.Helper()
	res, err := Process(data, Options{})
	if err == nil {
		t.Fatalf("accepted: %+v", res)
	}
	if model.ErrorCode(err) != model.EInvalid {
		t.Errorf("code %s, want EInvalid: %v", model.ErrorCode(err), err)
	}
	for _, w := range words {
		if !strings.Contains(err.Error(), w) {
			t.Errorf("error %q does not say %q", err, w)
		}
	}
}

func TestBombRefusedBeforeDecoding(t *testing.T) {
	codecs(t, func(t *testing.T) {
		data := pngHeader(50000, 50000)
		var before, after runtime.MemStats
		runtime.GC()
		runtime.ReadMemStats(&before)
		wantRefused(t, data, "50000×50000", "refused")
		runtime.ReadMemStats(&after)
		// 10 GB of pixels were declared; refusing them takes a few kilobytes.
		if got := after.TotalAlloc - before.TotalAlloc; got > 1<<20 {
			t.Errorf("refusing the bomb allocated %d bytes", got)
		}
		wantRefused(t, pngHeader(12000, 10), "more than 10000 a side")
		wantRefused(t, pngHeader(8000, 8000), "more than 40 megapixels")
	})
}

func TestHTMLNamedJPEG(t *testing.T) {
	codecs(t, func(t *testing.T) {
		wantRefused(t, []byte("<!DOCTYPE html><html><head><title>404</title></head><body>Not found</body></html>"),
			"not a picture", "text/html")
	})
}

func TestTruncatedGIF(t *testing.T) {
	codecs(t, func(t *testing.T) {
		pal := color.Palette{color.Black, color.White}
		fr := image.NewPaletted(image.Rect(0, 0, 200, 200), pal)
		for i := range fr.Pix {
			fr.Pix[i] = uint8(i % 2)
		}
		var b bytes.Buffer
		if err := gif.Encode(&b, fr, nil); err != nil {
			t.Fatal(err)
		}
		wantRefused(t, b.Bytes()[:b.Len()/2], "damaged GIF")
	})
}

func TestTruncatedJPEG(t *testing.T) {
	codecs(t, func(t *testing.T) {
		src := encodeJPEG(t, photo(300, 200))
		wantRefused(t, src[:len(src)/2], "damaged JPEG")
	})
}

func TestSVGRefused(t *testing.T) {
	codecs(t, func(t *testing.T) {
		wantRefused(t, []byte(`<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><script>alert(1)</script></svg>`), "SVG is not served")
		wantRefused(t, []byte(`<!-- a logo -->
	<svg viewBox="0 0 1 1"></svg>`), "SVG")
	})
}

func TestEmptyAndGarbage(t *testing.T) {
	codecs(t, func(t *testing.T) {
		wantRefused(t, nil, "empty")
		wantRefused(t, []byte("\xff\xd8\xff\xe0garbage"), "damaged JPEG")
		wantRefused(t, []byte("RIFF\x10\x00\x00\x00WEBPVP8 junk"), "damaged WEBP")
	})
}

func TestValidName(t *testing.T) {
	for name, ok := range map[string]bool{
		"0123456789abcdef0123456789abcdef-640.jpg":  true,
		"0123456789abcdef0123456789abcdef-1024.png": true,
		"0123456789abcdef0123456789abcdef-640.svg":  false,
		"0123456789abcdef0123456789abcdef-0640.jpg": false,
		"../etc/passwd": false,
		"0123456789ABCDEF0123456789abcdef-640.jpg":    false,
		"0123456789abcdef0123456789abcdef-640.jpg.gz": false,
	} {
		if ValidName(name) != ok {
			t.Errorf("ValidName(%q) = %v", name, !ok)
		}
	}
}

func BenchmarkProcess1600(b *testing.B) {
	src := encodeJPEG(b, photo(1600, 1067))
	b.SetBytes(int64(len(src)))
	for b.Loop() {
		if _, err := Process(src, Options{}); err != nil {
			b.Fatal(err)
		}
	}
}
