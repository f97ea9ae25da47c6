package media

import (
	"bytes"
	"image"
	"image/jpeg"
	"math/rand/v2"
	"runtime"
	"testing"
)

func needTurbo(t *testing.T) {
	t.Helper()
	if err := TurboJPEGError(); err != nil {
		t.Skipf("libjpeg-turbo: %v", err)
	}
}

// setSOF rewrites the size a JPEG's frame header declares.
func setSOF(t *testing.T, data []byte, w, h int) []byte {
	t.Helper()
	out := append([]byte{}, data...)
	for i := 2; i+9 < len(out); {
		if out[i] != 0xff {
			t.Fatal("no frame header")
		}
		m, n := out[i+1], int(out[i+2])<<8|int(out[i+3])
		if m == 0xc0 || m == 0xc2 {
			out[i+5], out[i+6] = byte(h>>8), byte(h)
			out[i+7], out[i+8] = byte(w>>8), byte(w)
			return out
		}
		i += 2 + n
	}
	t.Fatal("no frame header")
	return nil
}

func TestTurboDecoderHostile(t *testing.T) {
	needTurbo(t)
	d, err := newTurboDecoder()
	if err != nil {
		t.Fatal(err)
	}
	defer d.close()
	src := encodeJPEG(t, photo(300, 200))
	if _, _, _, _, err := d.header([]byte("<!DOCTYPE html><html><body>Not found</body></html>")); err == nil {
		t.Error("an HTML page has a JPEG header")
	}
	if _, _, _, _, err := d.header(nil); err == nil {
		t.Error("nothing has a JPEG header")
	}
	w, h, ss, cs, err := d.header(src[:len(src)/2])
	if err != nil || w != 300 || h != 200 {
		t.Fatalf("the truncated file's header: %d×%d %v", w, h, err)
	}
	if _, err := d.decode(src[:len(src)/2], w, h, ss, cs, 300, 200); err == nil {
		t.Error("a truncated JPEG decodes")
	}
	// A file declaring more than its data holds: refused, its planes
	// (here 3000×2000, within the limits) the only memory spent.
	big := setSOF(t, src, 3000, 2000)
	w, h, ss, cs, err = d.header(big)
	if err != nil || w != 3000 || h != 2000 {
		t.Fatalf("the inflated header: %d×%d %v", w, h, err)
	}
	if _, err := d.decode(big, w, h, ss, cs, 3000, 2000); err == nil {
		t.Error("a 300×200 picture declaring 3000×2000 decodes")
	}
	codecs(t, func(t *testing.T) {
		wantRefused(t, big, "damaged JPEG")
		wantRefused(t, src[:len(src)/2], "damaged JPEG")
	})
}

func TestTurboBombRefusedBeforeDecoding(t *testing.T) {
	needTurbo(t)
	src := encodeJPEG(t, photo(300, 200))
	codecs(t, func(t *testing.T) {
		bomb := setSOF(t, src, 50000, 50000)
		var before, after runtime.MemStats
		runtime.GC()
		runtime.ReadMemStats(&before)
		wantRefused(t, bomb, "50000×50000", "refused")
		runtime.ReadMemStats(&after)
		if got := after.TotalAlloc - before.TotalAlloc; got > 1<<20 {
			t.Errorf("refusing the bomb allocated %d bytes", got)
		}
		wantRefused(t, setSOF(t, src, 9000, 9000), "more than 40 megapixels")
	})
}

// TestTurboCorruptedJPEGs: damaged files through libjpeg-turbo are
// refused or give pictures of the declared size, never a crash.
func TestTurboCorruptedJPEGs(t *testing.T) {
	needTurbo(t)
	src := encodeJPEG(t, photo(700, 500))
	r := rand.New(rand.NewPCG(5, 6))
	refused := 0
	for i := range 150 {
		data := append([]byte{}, src...)
		for range 1 + r.IntN(8) {
			data[2+r.IntN(len(data)-2)] = byte(r.IntN(256))
		}
		if i%3 == 0 {
			data = data[:2+r.IntN(len(data)-2)]
		}
		res, err := Process(data, Options{})
		if err != nil {
			refused++
			continue
		}
		for _, v := range res.Variants {
			cfg, err := jpeg.DecodeConfig(bytes.NewReader(v.Data))
			if err != nil || cfg.Width != v.Width || cfg.Height != v.Height {
				t.Fatalf("file %d: the %d variant: %v %dx%d", i, v.Width, err, cfg.Width, cfg.Height)
			}
		}
	}
	t.Logf("%d of 150 damaged files refused", refused)
}

// TestTurboEncoderUnpaddedPlanes: an odd-sized picture whose luma plane
// has no padding is copied into one that has, not read past its end.
func TestTurboEncoderUnpaddedPlanes(t *testing.T) {
	needTurbo(t)
	e, err := newTurboEncoder()
	if err != nil {
		t.Fatal(err)
	}
	defer e.close()
	src := toPlanar(photo(101, 67)).(*image.YCbCr)
	m := scalePlanar(src, 101, 67).(*image.YCbCr)
	// The same picture in image's own layout, with no spare bytes.
	tight := image.NewYCbCr(m.Rect, image.YCbCrSubsampleRatio420)
	for y := range 67 {
		copy(tight.Y[y*tight.YStride:], m.Y[y*m.YStride:y*m.YStride+101])
	}
	copy(tight.Cb, m.Cb)
	copy(tight.Cr, m.Cr)
	tight.Y = tight.Y[:len(tight.Y):len(tight.Y)]
	for _, img := range []*image.YCbCr{m, tight} {
		data, err := e.encode(img, 80)
		if err != nil {
			t.Fatal(err)
		}
		got, err := jpeg.Decode(bytes.NewReader(data))
		if err != nil {
			t.Fatal(err)
		}
		if got.Bounds() != img.Rect || PSNR(got, img) < 30 {
			t.Errorf("%v (stride %d): %v, %.1f dB", img.Rect, img.YStride, got.Bounds(), PSNR(got, img))
		}
	}
	if _, err := e.encode(image.NewYCbCr(image.Rect(0, 0, 8, 8), image.YCbCrSubsampleRatio444), 80); err == nil {
		t.Error("4:4:4 planes handed to the 4:2:0 encoder")
	}
	short := image.NewGray(image.Rect(0, 0, 16, 16))
	short.Pix = short.Pix[:100]
	if _, err := e.encode(short, 80); err == nil {
		t.Error("a plane shorter than its picture encoded")
	}
}

// TestTurboDecodeScale: libjpeg-turbo decodes at 1/2, 1/4 or 1/8 of the
// size when that is still as large as the widest variant, else at full
// size; the standard library always at full size.
func TestTurboDecodeScale(t *testing.T) {
	needTurbo(t)
	src := encodeJPEG(t, photo(2600, 1733))
	for _, c := range []struct{ minW, minH, w, h int }{
		{1024, 683, 1300, 867}, {640, 427, 650, 434}, {320, 213, 325, 217}, {1301, 100, 2600, 1733}, {100, 1000, 2600, 1733}, {1, 1, 325, 217},
	} {
		img, err := DecodeJPEG(src, c.minW, c.minH)
		if err != nil {
			t.Fatal(err)
		}
		if b := img.Bounds(); b.Dx() != c.w || b.Dy() != c.h {
			t.Errorf("for %d×%d decoded at %v, want %d×%d", c.minW, c.minH, b, c.w, c.h)
		}
	}
	defer func(old bool) { TurboJPEG = old }(TurboJPEG)
	TurboJPEG = false
	if img, err := DecodeJPEG(src, 320, 213); err != nil || img.Bounds().Dx() != 2600 {
		t.Errorf("the standard library decoded %v, %v", img.Bounds(), err)
	}
}
