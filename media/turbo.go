//go:build linux && (amd64 || arm64) && !noturbojpeg

package media

import (
	"errors"
	"fmt"
	"image"
	"runtime"
	"sync"
	"unsafe"

	"github.com/ebitengine/purego"
)

// libjpeg-turbo's TurboJPEG library, when the system has it, is loaded at
// run time (dlopen, no cgo): the same binary works without it, on the
// standard library's codecs. It decodes a JPEG straight to its planes,
// scaled in the DCT by the smallest of 1/8, 1/4 and 1/2 that stays at
// least as large as the widest variant (a 4000-pixel photograph is read
// at 2000 for 1024-pixel variants, a 1600-pixel one at full size), and
// encodes planes without a colour conversion; both in SIMD code several
// times as fast as Go's.
// Built with -tags noturbojpeg, the package leaves it out (turbo_other.go).
//
// Memory handed to C follows the cgo rules: the JPEG and the planes are Go
// memory C uses only during the call, the planes (and the array of their
// addresses, which C reads) pinned; the files TurboJPEG writes are its own
// allocations, copied and freed. Plane sizes are checked against
// TurboJPEG's own plane layout before any call, so C never writes or reads
// past them.

const turboLibrary = "libturbojpeg.so.0"

// TurboJPEG's constants (turbojpeg.h, API 2.x, which libjpeg-turbo 3 keeps).
const (
	tjSamp444  = 0
	tjSamp422  = 1
	tjSamp420  = 2
	tjSampGray = 3
	tjSamp440  = 4
	tjSamp411  = 5

	tjCSYCbCr = 1
	tjCSGray  = 2

	tjFlagLimitScans = 32768
)

var tj struct {
	once sync.Once
	err  error

	initDecompress        func() uintptr
	initCompress          func() uintptr
	destroy               func(h uintptr) int32
	errorStr              func(h uintptr) string
	decompressHeader3     func(h uintptr, buf *byte, size uint64, w, hh, subsamp, cs *int32) int32
	decompressToYUVPlanes func(h uintptr, buf *byte, size uint64, planes **byte, w int32, strides *int32, hh int32, flags int32) int32
	compressFromYUVPlanes func(h uintptr, planes **byte, w int32, strides *int32, hh int32, subsamp int32, out **byte, outSize *uint64, quality int32, flags int32) int32
	free                  func(p *byte)
	planeWidth            func(comp, w, subsamp int32) int32
	planeHeight           func(comp, h, subsamp int32) int32
}

func loadTurbo() error {
	tj.once.Do(func() {
		lib, err := purego.Dlopen(turboLibrary, purego.RTLD_NOW|purego.RTLD_LOCAL)
		if err != nil {
			tj.err = fmt.Errorf("%s not loaded: %w", turboLibrary, err)
			return
		}
		for name, fn := range map[string]any{
			"tjInitDecompress":        &tj.initDecompress,
			"tjInitCompress":          &tj.initCompress,
			"tjDestroy":               &tj.destroy,
			"tjGetErrorStr2":          &tj.errorStr,
			"tjDecompressHeader3":     &tj.decompressHeader3,
			"tjDecompressToYUVPlanes": &tj.decompressToYUVPlanes,
			"tjCompressFromYUVPlanes": &tj.compressFromYUVPlanes,
			"tjFree":                  &tj.free,
			"tjPlaneWidth":            &tj.planeWidth,
			"tjPlaneHeight":           &tj.planeHeight,
		} {
			sym, err := purego.Dlsym(lib, name)
			if err != nil {
				tj.err = fmt.Errorf("%s lacks %s: %w", turboLibrary, name, err)
				return
			}
			purego.RegisterFunc(fn, sym)
		}
	})
	return tj.err
}

// errTurboUnsupported: a JPEG TurboJPEG does not decode to planes (CMYK,
// or a sampling it has no constant for); the standard library does it.
var errTurboUnsupported = errors.New("not decoded to planes by TurboJPEG")

// turboDecoder is a TurboJPEG decompressor; close it after use.
type turboDecoder struct{ h uintptr }

func newTurboDecoder() (*turboDecoder, error) {
	if err := loadTurbo(); err != nil {
		return nil, err
	}
	h := tj.initDecompress()
	if h == 0 {
		return nil, errors.New("tjInitDecompress failed")
	}
	return &turboDecoder{h}, nil
}

func (d *turboDecoder) close() { tj.destroy(d.h) }

func (d *turboDecoder) error() error {
	return errors.New(tj.errorStr(d.h))
}

// header reads the declared size, sampling and colour space.
func (d *turboDecoder) header(data []byte) (w, h, subsamp, cs int, err error) {
	if len(data) == 0 {
		return 0, 0, 0, 0, errors.New("no data")
	}
	var pin runtime.Pinner
	defer pin.Unpin()
	pin.Pin(&data[0])
	out := new([4]int32) // width, height, sampling, colour space
	pin.Pin(out)
	if tj.decompressHeader3(d.h, &data[0], uint64(len(data)), &out[0], &out[1], &out[2], &out[3]) != 0 {
		return 0, 0, 0, 0, d.error()
	}
	return int(out[0]), int(out[1]), int(out[2]), int(out[3]), nil
}

// scaledSize is the size TurboJPEG decodes a w×h JPEG to when scaled by
// num/8 (it rounds up).
func scaledSize(w, h, num int) (int, int) { return (w*num + 7) / 8, (h*num + 7) / 8 }

// decode decodes data, whose header says w×h, to an *image.YCbCr in the
// JPEG's own sampling or an *image.Gray, scaled down by the smallest of
// 1/8, 1/4 and 1/2 that keeps it at least minW×minH. The caller has checked
// w×h against the limits: the planes never exceed it.
func (d *turboDecoder) decode(data []byte, w, h, subsamp, cs, minW, minH int) (image.Image, error) {
	var ratio image.YCbCrSubsampleRatio
	switch {
	case cs != tjCSYCbCr && cs != tjCSGray:
		// RGB, CMYK and YCCK JPEGs: TurboJPEG hands their planes over
		// unconverted.
		return nil, errTurboUnsupported
	case subsamp == tjSamp444:
		ratio = image.YCbCrSubsampleRatio444
	case subsamp == tjSamp422:
		ratio = image.YCbCrSubsampleRatio422
	case subsamp == tjSamp420:
		ratio = image.YCbCrSubsampleRatio420
	case subsamp == tjSamp440:
		ratio = image.YCbCrSubsampleRatio440
	case subsamp == tjSamp411:
		ratio = image.YCbCrSubsampleRatio411
	case subsamp == tjSampGray:
	default:
		return nil, errTurboUnsupported
	}
	// Only 1/8, 1/4 and 1/2 are worth it: libjpeg-turbo has SIMD code
	// for those reduced transforms, none for 3/8..7/8, which decode no
	// faster than the full size and come out blurrier than it shrunk.
	sw, sh := w, h
	for _, num := range []int{1, 2, 4} {
		if x, y := scaledSize(w, h, num); x >= minW && y >= minH {
			sw, sh = x, y
			break
		}
	}
	// TurboJPEG's planes: the luma's padded to whole chroma samples (an
	// odd-sized 4:2:0 picture has an even-sized luma plane), which
	// image.YCbCr allows as a stride and spare rows.
	var img image.Image
	var planes [3][]byte
	var strides [3]int32
	r := image.Rect(0, 0, sw, sh)
	pw := func(c int) int { return int(tj.planeWidth(int32(c), int32(sw), int32(subsamp))) }
	ph := func(c int) int { return int(tj.planeHeight(int32(c), int32(sh), int32(subsamp))) }
	yw, yh := pw(0), ph(0)
	if yw < sw || yh < sh || yw > sw+3 || yh > sh+1 {
		return nil, fmt.Errorf("TurboJPEG lays out a %d×%d luma plane for %d×%d: %w", yw, yh, sw, sh, errTurboUnsupported)
	}
	if subsamp == tjSampGray {
		g := &image.Gray{Pix: make([]byte, yw*yh), Stride: yw, Rect: r}
		planes[0], strides[0] = g.Pix, int32(yw)
		img = g
	} else {
		cw, ch := pw(1), ph(1)
		if w, h := chromaSize(r, ratio); cw != w || ch != h {
			return nil, fmt.Errorf("TurboJPEG lays out %d×%d chroma for %d×%d, image %d×%d: %w", cw, ch, sw, sh, w, h, errTurboUnsupported)
		}
		buf := make([]byte, yw*yh+2*cw*ch)
		m := &image.YCbCr{Y: buf[:yw*yh], Cb: buf[yw*yh : yw*yh+cw*ch], Cr: buf[yw*yh+cw*ch:],
			YStride: yw, CStride: cw, SubsampleRatio: ratio, Rect: r}
		planes = [3][]byte{m.Y, m.Cb, m.Cr}
		strides = [3]int32{int32(yw), int32(cw), int32(cw)}
		img = m
	}
	ptrs, pin := pinPlanes(planes)
	defer pin.Unpin()
	pin.Pin(&data[0])
	pin.Pin(&strides)
	if tj.decompressToYUVPlanes(d.h, &data[0], uint64(len(data)), &ptrs[0], int32(sw), &strides[0], int32(sh), tjFlagLimitScans) != 0 {
		return nil, d.error()
	}
	return img, nil
}

// pinPlanes gives C the planes' addresses: Go memory, pinned (as is the
// array holding them, which C reads) until the caller unpins it.
func pinPlanes(planes [3][]byte) (*[3]*byte, *runtime.Pinner) {
	var pin runtime.Pinner
	ptrs := new([3]*byte)
	for i, p := range planes {
		if len(p) > 0 {
			ptrs[i] = &p[0]
			pin.Pin(ptrs[i])
		}
	}
	pin.Pin(ptrs)
	return ptrs, &pin
}

// turboEncoder is a TurboJPEG compressor; close it after use.
type turboEncoder struct{ h uintptr }

func newTurboEncoder() (*turboEncoder, error) {
	if err := loadTurbo(); err != nil {
		return nil, err
	}
	h := tj.initCompress()
	if h == 0 {
		return nil, errors.New("tjInitCompress failed")
	}
	return &turboEncoder{h}, nil
}

func (e *turboEncoder) close() { tj.destroy(e.h) }

// encode writes a 4:2:0 *image.YCbCr or an *image.Gray as a baseline JPEG
// (JFIF, nothing else) of the given quality. The file is made in memory
// TurboJPEG allocates, then copied.
func (e *turboEncoder) encode(img image.Image, quality int) ([]byte, error) {
	var planes [3][]byte
	var strides [3]int32
	var subsamp int32
	var w, h int
	switch m := img.(type) {
	case *image.Gray:
		b := m.Bounds()
		w, h = b.Dx(), b.Dy()
		planes[0], strides[0], subsamp = m.Pix[m.PixOffset(b.Min.X, b.Min.Y):], int32(m.Stride), tjSampGray
	case *image.YCbCr:
		if m.SubsampleRatio != image.YCbCrSubsampleRatio420 {
			return nil, fmt.Errorf("TurboJPEG encoder given %v", m.SubsampleRatio)
		}
		yp, cb, cr := planesOf(m)
		w, h = yp.w, yp.h
		// TurboJPEG reads the luma padded to even sizes: a picture whose
		// planes lack the padding is copied into ones that have it, so
		// that C never reads past them.
		if yp.stride < w+w%2 || len(yp.pix) < yp.stride*(h+h%2) {
			yp = padded(yp, w+w%2, h+h%2)
		}
		planes = [3][]byte{yp.pix, cb.pix, cr.pix}
		strides = [3]int32{int32(yp.stride), int32(cb.stride), int32(cr.stride)}
		subsamp = tjSamp420
	default:
		return nil, fmt.Errorf("TurboJPEG encoder given a %T", img)
	}
	// C reads each plane to its last row's end: check, rather than trust.
	for i, p := range planes {
		if p == nil {
			continue
		}
		pw := int(tj.planeWidth(int32(i), int32(w), subsamp))
		rows := int(tj.planeHeight(int32(i), int32(h), subsamp))
		if pw > int(strides[i]) || len(p) < (rows-1)*int(strides[i])+pw {
			return nil, fmt.Errorf("plane %d of a %d×%d picture is %d bytes, stride %d: too small", i, w, h, len(p), strides[i])
		}
	}
	ptrs, pin := pinPlanes(planes)
	defer pin.Unpin()
	pin.Pin(&strides)
	// TurboJPEG allocates the file: the address it writes here is C
	// memory, copied into Go's and freed.
	res := new(struct {
		out  *byte
		size uint64
	})
	pin.Pin(res)
	if tj.compressFromYUVPlanes(e.h, &ptrs[0], int32(w), &strides[0], int32(h), subsamp, &res.out, &res.size, int32(quality), 0) != 0 {
		if res.out != nil {
			tj.free(res.out)
		}
		return nil, errors.New(tj.errorStr(e.h))
	}
	data := make([]byte, res.size)
	copy(data, unsafe.Slice(res.out, res.size))
	tj.free(res.out)
	return data, nil
}

// padded copies p into a w×h plane, repeating its last column and row.
func padded(p plane, w, h int) plane {
	out := plane{pix: make([]byte, w*h), stride: w, w: p.w, h: p.h}
	for y := range h {
		sy := min(y, p.h-1)
		row := out.pix[y*w : (y+1)*w]
		n := copy(row, p.pix[sy*p.stride:sy*p.stride+p.w])
		for x := n; x < w; x++ {
			row[x] = row[n-1]
		}
	}
	return out
}
