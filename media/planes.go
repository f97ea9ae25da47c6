package media

import (
	"fmt"
	"image"
	"image/color"
	"math"
	"sync"
)

// The plane scaler resizes a picture as the JPEG codecs hold it: a luma
// plane and two chroma planes of 8-bit samples (or one grey plane), each
// scaled on its own by a separable area average. Every output sample is
// the mean of the source area it covers, each source sample weighted by
// how much of it lies inside, so every source sample counts and nothing
// aliases whatever the ratio; a plane that must grow (the chroma of a
// 4:1:1 picture) is interpolated linearly. Working on the planes skips the
// conversion to RGBA and back that a generic scaler pays for, and the
// result is an *image.YCbCr (4:2:0, what the JPEG encoder writes) or an
// *image.Gray, the types the encoders take without converting.

// plane is w×h samples, row y starting at pix[y*stride].
type plane struct {
	pix    []uint8
	stride int
	w, h   int
}

// weightBits is the precision of a tap's weight: the taps of one output
// sample sum to 1<<weightBits.
const weightBits = 14

// kernel maps dst samples onto n source samples each: output i is
// Σ weight[i*n+k] · src[start[i]+k].
type kernel struct {
	n      int
	start  []int
	weight []int32
}

// makeKernel is the area average of a src-sample row into dst samples
// (linear interpolation where dst > src).
func makeKernel(src, dst int) kernel {
	k := kernel{start: make([]int, dst)}
	if dst >= src {
		// Growing or equal: linear interpolation between the two nearest
		// source samples, centres aligned.
		k.n = min(2, src)
		k.weight = make([]int32, dst*k.n)
		scale := float64(src) / float64(dst)
		for i := range dst {
			x := (float64(i)+0.5)*scale - 0.5
			x0 := int(math.Floor(x))
			f := x - float64(x0)
			if x0 < 0 {
				x0, f = 0, 0
			}
			if x0 > src-k.n {
				x0, f = src-k.n, 1
				if k.n == 1 {
					f = 0
				}
			}
			k.start[i] = x0
			w := k.weight[i*k.n : (i+1)*k.n]
			if k.n == 1 {
				w[0] = 1 << weightBits
				continue
			}
			w[1] = int32(math.Round(f * (1 << weightBits)))
			w[0] = 1<<weightBits - w[1]
		}
		return k
	}
	scale := float64(src) / float64(dst)
	k.n = min(src, int(math.Ceil(scale))+1)
	k.weight = make([]int32, dst*k.n)
	for i := range dst {
		lo, hi := float64(i)*scale, float64(i+1)*scale
		start := min(int(lo), src-k.n)
		k.start[i] = start
		w := k.weight[i*k.n : (i+1)*k.n]
		// Each tap is the rounded share of the area up to its sample's
		// right edge less that up to its left edge: the taps are never
		// negative and sum to exactly 1<<weightBits at any ratio, so
		// rounding neither brightens nor darkens.
		share := func(x float64) int32 {
			return int32(math.Round((math.Min(math.Max(x, lo), hi) - lo) / scale * (1 << weightBits)))
		}
		for t := range k.n {
			j := float64(start + t)
			w[t] = share(j+1) - share(j)
		}
	}
	return k
}

// tmpPool holds the row-scaled buffers between planes: at most one per
// job running, the size of the largest plane's.
var tmpPool = sync.Pool{New: func() any { return new([]uint16) }}

// scalePlane resizes src into dst: rows first, into a 16-bit buffer that
// keeps 6 bits below the sample, then columns.
func scalePlane(dst, src plane) {
	scalePlanes([]plane{dst}, []plane{src})
}

// scalePlanes resizes planes of one size into planes of another (Cb and
// Cr), with the same kernels.
func scalePlanes(dsts, srcs []plane) {
	dst, src := dsts[0], srcs[0]
	if dst.w == src.w && dst.h == src.h {
		for i, dst := range dsts {
			src := srcs[i]
			for y := range dst.h {
				copy(dst.pix[y*dst.stride:y*dst.stride+dst.w], src.pix[y*src.stride:y*src.stride+src.w])
			}
		}
		return
	}
	kx, ky := makeKernel(src.w, dst.w), makeKernel(src.h, dst.h)
	for i := range dsts {
		scaleKernels(dsts[i], srcs[i], kx, ky)
	}
}

func scaleKernels(dst, src plane, kx, ky kernel) {
	// Only the source rows some output row reads.
	rowLo, rowHi := ky.start[0], ky.start[dst.h-1]+ky.n
	tp := tmpPool.Get().(*[]uint16)
	defer tmpPool.Put(tp)
	if n := (rowHi - rowLo) * dst.w; cap(*tp) < n {
		*tp = make([]uint16, n)
	}
	tmp := (*tp)[:(rowHi-rowLo)*dst.w]
	for y := rowLo; y < rowHi; y++ {
		s := src.pix[y*src.stride : y*src.stride+src.w]
		t := tmp[(y-rowLo)*dst.w : (y-rowLo+1)*dst.w]
		scaleRow(t, s, kx)
	}
	rows := func(y, t int) []uint16 {
		r := ky.start[y] + t - rowLo
		return tmp[r*dst.w : (r+1)*dst.w]
	}
	// The sum of the taps is at most 255<<6 << weightBits, which the
	// shift brings back to at most 255: no clamping is needed.
	const shift = weightBits + 6
	const half = 1 << (shift - 1)
	var acc []int32
	for y := range dst.h {
		n := ky.n
		w := ky.weight[y*n : (y+1)*n]
		d := dst.pix[y*dst.stride : y*dst.stride+dst.w]
		switch n {
		case 2:
			r0, r1 := rows(y, 0), rows(y, 1)
			r1, d = r1[:len(r0)], d[:len(r0)]
			w0, w1 := w[0], w[1]
			for x, v := range r0 {
				d[x] = uint8((w0*int32(v) + w1*int32(r1[x]) + half) >> shift)
			}
		case 3:
			r0, r1, r2 := rows(y, 0), rows(y, 1), rows(y, 2)
			r1, r2, d = r1[:len(r0)], r2[:len(r0)], d[:len(r0)]
			w0, w1, w2 := w[0], w[1], w[2]
			for x, v := range r0 {
				d[x] = uint8((w0*int32(v) + w1*int32(r1[x]) + w2*int32(r2[x]) + half) >> shift)
			}
		default:
			if acc == nil {
				acc = make([]int32, dst.w)
			}
			clear(acc)
			for t, wt := range w {
				if wt == 0 {
					continue
				}
				for x, v := range rows(y, t) {
					acc[x] += wt * int32(v)
				}
			}
			for x, a := range acc {
				d[x] = uint8((a + half) >> shift)
			}
		}
	}
}

// scaleRow resizes one row of samples into t, each value 1<<6 times the
// sample.
func scaleRow(t []uint16, s []uint8, k kernel) {
	const shift = weightBits - 6
	const half = 1 << (shift - 1)
	switch k.n {
	case 2:
		w := k.weight[:2*len(t)]
		for i := range t {
			j := k.start[i]
			ss := s[j : j+2 : j+2]
			ww := w[2*i : 2*i+2 : 2*i+2]
			t[i] = uint16((ww[0]*int32(ss[0]) + ww[1]*int32(ss[1]) + half) >> shift)
		}
	case 3:
		w := k.weight[:3*len(t)]
		for i := range t {
			j := k.start[i]
			ss := s[j : j+3 : j+3]
			ww := w[3*i : 3*i+3 : 3*i+3]
			t[i] = uint16((ww[0]*int32(ss[0]) + ww[1]*int32(ss[1]) + ww[2]*int32(ss[2]) + half) >> shift)
		}
	default:
		n := k.n
		for i := range t {
			j := k.start[i]
			w := k.weight[n*i : n*i+n]
			var a int32
			for q, wt := range w {
				a += wt * int32(s[j+q])
			}
			t[i] = uint16((a + half) >> shift)
		}
	}
}

// toPlanar gives an opaque picture as an *image.YCbCr or *image.Gray,
// converting what is neither: CMYK (JPEGs from print workflows), RGBA,
// NRGBA and paletted pictures (PNG, GIF, lossless WebP) become 4:4:4
// YCbCr, the same conversion the JPEG encoder would make.
func toPlanar(img image.Image) image.Image {
	switch m := img.(type) {
	case *image.YCbCr:
		return m
	case *image.Gray:
		return m
	}
	b := img.Bounds()
	out := image.NewYCbCr(image.Rect(0, 0, b.Dx(), b.Dy()), image.YCbCrSubsampleRatio444)
	put := func(x, y int, r, g, bl uint8) {
		i := y*out.YStride + x
		out.Y[i], out.Cb[i], out.Cr[i] = color.RGBToYCbCr(r, g, bl)
	}
	switch m := img.(type) {
	case *image.CMYK:
		for y := range b.Dy() {
			row := m.Pix[(y)*m.Stride : y*m.Stride+4*b.Dx()]
			for x := range b.Dx() {
				r, g, bl := color.CMYKToRGB(row[4*x], row[4*x+1], row[4*x+2], row[4*x+3])
				put(x, y, r, g, bl)
			}
		}
	case *image.RGBA:
		// Opaque, so premultiplied and straight colours are the same.
		for y := range b.Dy() {
			row := m.Pix[y*m.Stride : y*m.Stride+4*b.Dx()]
			for x := range b.Dx() {
				put(x, y, row[4*x], row[4*x+1], row[4*x+2])
			}
		}
	case *image.NRGBA:
		for y := range b.Dy() {
			row := m.Pix[y*m.Stride : y*m.Stride+4*b.Dx()]
			for x := range b.Dx() {
				put(x, y, row[4*x], row[4*x+1], row[4*x+2])
			}
		}
	default:
		for y := range b.Dy() {
			for x := range b.Dx() {
				c := color.RGBAModel.Convert(img.At(b.Min.X+x, b.Min.Y+y)).(color.RGBA)
				put(x, y, c.R, c.G, c.B)
			}
		}
	}
	return out
}

// planesOf gives the planes of a YCbCr picture: luma, Cb, Cr.
func planesOf(m *image.YCbCr) (yp, cb, cr plane) {
	b := m.Bounds()
	yp = plane{pix: m.Y[m.YOffset(b.Min.X, b.Min.Y):], stride: m.YStride, w: b.Dx(), h: b.Dy()}
	cw, ch := chromaSize(b, m.SubsampleRatio)
	off := m.COffset(b.Min.X, b.Min.Y)
	cb = plane{pix: m.Cb[off:], stride: m.CStride, w: cw, h: ch}
	cr = plane{pix: m.Cr[off:], stride: m.CStride, w: cw, h: ch}
	return
}

// chromaSize is the size of the chroma planes of a YCbCr picture of
// bounds r, as image.NewYCbCr lays them out.
func chromaSize(r image.Rectangle, ratio image.YCbCrSubsampleRatio) (w, h int) {
	w0, w1, h0, h1 := r.Min.X, r.Max.X, r.Min.Y, r.Max.Y
	switch ratio {
	case image.YCbCrSubsampleRatio422:
		return (w1+1)/2 - w0/2, h1 - h0
	case image.YCbCrSubsampleRatio420:
		return (w1+1)/2 - w0/2, (h1+1)/2 - h0/2
	case image.YCbCrSubsampleRatio440:
		return w1 - w0, (h1+1)/2 - h0/2
	case image.YCbCrSubsampleRatio411:
		return (w1+3)/4 - w0/4, h1 - h0
	case image.YCbCrSubsampleRatio410:
		return (w1+3)/4 - w0/4, (h1+1)/2 - h0/2
	}
	return w1 - w0, h1 - h0
}

// scalePlanar resizes an *image.YCbCr or *image.Gray to w×h: a 4:2:0
// *image.YCbCr or an *image.Gray.
func scalePlanar(src image.Image, w, h int) image.Image {
	r := image.Rect(0, 0, w, h)
	switch m := src.(type) {
	case *image.Gray:
		out := image.NewGray(r)
		b := m.Bounds()
		scalePlane(plane{pix: out.Pix, stride: out.Stride, w: w, h: h},
			plane{pix: m.Pix[m.PixOffset(b.Min.X, b.Min.Y):], stride: m.Stride, w: b.Dx(), h: b.Dy()})
		return out
	case *image.YCbCr:
		// The luma plane is padded to even sizes, repeating the last
		// column and row, as libjpeg-turbo reads a 4:2:0 picture.
		pw, ph := w+w%2, h+h%2
		cw, ch := chromaSize(r, image.YCbCrSubsampleRatio420)
		buf := make([]byte, pw*ph+2*cw*ch)
		out := &image.YCbCr{Y: buf[:pw*ph], Cb: buf[pw*ph : pw*ph+cw*ch], Cr: buf[pw*ph+cw*ch:],
			YStride: pw, CStride: cw, SubsampleRatio: image.YCbCrSubsampleRatio420, Rect: r}
		sy, scb, scr := planesOf(m)
		dy, dcb, dcr := planesOf(out)
		scalePlane(dy, sy)
		scalePlanes([]plane{dcb, dcr}, []plane{scb, scr})
		if pw > w {
			for y := range h {
				out.Y[y*pw+w] = out.Y[y*pw+w-1]
			}
		}
		if ph > h {
			copy(out.Y[h*pw:], out.Y[(h-1)*pw:h*pw])
		}
		return out
	}
	panic(fmt.Sprintf("media: scalePlanar of a %T", src))
}
