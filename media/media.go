// Package media turns an image an outlet publishes into the files newsbridge
// serves itself: the type is decided by the bytes (never the file name or
// the Content-Type header), a decompression bomb is refused by its declared
// dimensions before anything is decoded, the picture is decoded (JPEG, PNG,
// GIF's first frame, WebP), resized to a few responsive widths (never
// upscaled) and re-encoded, which drops every byte of metadata (EXIF, GPS,
// XMP, ICC comments). SVG is never accepted: it is a document that may hold
// script, not a picture.
//
// Opaque pictures are resized plane by plane (planes.go) and JPEGs are
// decoded and encoded with libjpeg-turbo when the system has it, loaded at
// run time (turbo.go), else with the standard library.
//
// The package does no I/O: the pipeline fetches the bytes through the fetch
// guard and stores the result by content hash.
package media

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"image"
	"image/draw"
	"image/gif"
	"image/jpeg"
	"image/png"
	"net/http"
	"regexp"
	"strconv"
	"strings"

	xdraw "golang.org/x/image/draw"
	"golang.org/x/image/webp"

	"newsbridge/model"
)

// Defaults for the zero values of Options.
const (
	DefaultMaxPixels = 40_000_000
	DefaultMaxSide   = 10_000
	DefaultQuality   = 80
)

// DefaultWidths are the widths made of a picture wider than them.
var DefaultWidths = []int{320, 640, 1024}

// Options says what Process makes and what it refuses.
type Options struct {
	// Widths are the variants' widths, ascending; default DefaultWidths.
	Widths []int
	// Quality is the JPEG quality, 1..100; default 80.
	Quality int
	// MaxPixels and MaxSide bound the declared size of an image that is
	// decoded at all: past them it is refused without allocating its
	// pixels. Defaults 40 megapixels and 10,000 pixels a side.
	MaxPixels int64
	MaxSide   int
}

func (o Options) withDefaults() Options {
	if len(o.Widths) == 0 {
		o.Widths = DefaultWidths
	}
	if o.Quality <= 0 || o.Quality > 100 {
		o.Quality = DefaultQuality
	}
	if o.MaxPixels <= 0 {
		o.MaxPixels = DefaultMaxPixels
	}
	if o.MaxSide <= 0 {
		o.MaxSide = DefaultMaxSide
	}
	return o
}

// Scaler, when set, resizes every picture through x/image/draw on RGBA
// copies, as before the plane scaler (the benchmark compares the two).
// When nil, opaque pictures go through the plane scaler (planes.go) and
// transparent ones through x/image/draw's ApproxBiLinear.
var Scaler xdraw.Interpolator

// Variant is one encoded width of a picture.
type Variant struct {
	Width, Height int
	Data          []byte
}

// Result is a processed picture.
type Result struct {
	// Hash names the picture: the first 32 hex digits of the SHA-256 of
	// the bytes fetched, so the same file is stored once however many
	// articles use it.
	Hash string
	// Format is what the bytes were: jpeg, png, gif or webp.
	Format string
	// Ext is the variants' extension and ContentType their type: jpg and
	// image/jpeg, or png and image/png for a picture with transparency.
	Ext, ContentType string
	// Width and Height are the original's.
	Width, Height int
	// Variants, narrowest first. A picture narrower than the smallest
	// width has one variant, its own width.
	Variants []Variant
}

// Name is the file name of one variant: HASH-WIDTH.EXT.
func Name(hash string, width int, ext string) string {
	return hash + "-" + strconv.Itoa(width) + "." + ext
}

var nameRE = regexp.MustCompile(`^[0-9a-f]{32}-[1-9][0-9]{0,4}\.(jpg|png)$`)

// ValidName reports whether name is one Name makes; ContentTypeOf gives
// its type.
func ValidName(name string) bool { return nameRE.MatchString(name) }

// ContentTypeOf is the Content-Type of a variant by its (valid) name.
func ContentTypeOf(name string) string {
	if strings.HasSuffix(name, ".png") {
		return "image/png"
	}
	return "image/jpeg"
}

// Sniff names what the bytes are, by their content only: "jpeg", "png",
// "gif", "webp", "svg", or the MIME type http.DetectContentType sees
// (text/html; charset=utf-8, ...) for anything else.
func Sniff(data []byte) string {
	head := data[:min(len(data), 1024)]
	switch {
	case bytes.HasPrefix(head, []byte("\xff\xd8\xff")):
		return "jpeg"
	case bytes.HasPrefix(head, []byte("\x89PNG\r\n\x1a\n")):
		return "png"
	case bytes.HasPrefix(head, []byte("GIF87a")), bytes.HasPrefix(head, []byte("GIF89a")):
		return "gif"
	case len(head) >= 12 && string(head[:4]) == "RIFF" && string(head[8:12]) == "WEBP":
		return "webp"
	}
	if isSVG(head) {
		return "svg"
	}
	return http.DetectContentType(data)
}

// isSVG looks for an <svg element at the start of an XML or text document,
// possibly after a prolog, comments and a doctype.
func isSVG(head []byte) bool {
	s := strings.ToLower(string(bytes.TrimLeft(head, "\xef\xbb\xbf \t\r\n")))
	if !strings.HasPrefix(s, "<") {
		return false
	}
	i := strings.Index(s, "<svg")
	if i < 0 {
		return false
	}
	// Only prolog-ish markup may come before it.
	before := s[:i]
	return !strings.Contains(before, "<html") && !strings.Contains(before, "<body")
}

// decodeConfig reads the declared size without decoding the pixels.
func decodeConfig(format string, data []byte) (image.Config, error) {
	r := bytes.NewReader(data)
	switch format {
	case "jpeg":
		return jpeg.DecodeConfig(r)
	case "png":
		return png.DecodeConfig(r)
	case "gif":
		return gif.DecodeConfig(r)
	case "webp":
		return webp.DecodeConfig(r)
	}
	return image.Config{}, fmt.Errorf("no decoder for %s", format)
}

func decode(format string, data []byte) (image.Image, error) {
	r := bytes.NewReader(data)
	switch format {
	case "jpeg":
		return jpeg.Decode(r)
	case "png":
		return png.Decode(r)
	case "gif":
		// The first frame: an animation is served as a still.
		return gif.Decode(r)
	case "webp":
		return webp.Decode(r)
	}
	return nil, fmt.Errorf("no decoder for %s", format)
}

// Process checks, decodes, resizes and re-encodes one picture. Every error
// is a *model.Error with code EInvalid whose message says what is wrong
// with the file, for the operator: retrying will not help.
func Process(data []byte, o Options) (*Result, error) {
	o = o.withDefaults()
	if len(data) == 0 {
		return nil, model.Errorf(model.EInvalid, "image: the file is empty")
	}
	format := Sniff(data)
	switch format {
	case "jpeg", "png", "gif", "webp":
	case "svg":
		return nil, model.Errorf(model.EInvalid, "image: SVG is not served (a document that may carry script, not a picture)")
	default:
		return nil, model.Errorf(model.EInvalid, "image: not a picture: the content is %s", format)
	}
	cfg, err := decodeConfig(format, data)
	if err != nil {
		return nil, model.Errorf(model.EInvalid, "image: damaged %s: %v", strings.ToUpper(format), err)
	}
	if err := checkSize(cfg.Width, cfg.Height, o); err != nil {
		return nil, err
	}
	sum := sha256.Sum256(data)
	res := &Result{Hash: hex.EncodeToString(sum[:16]), Format: format, Width: cfg.Width, Height: cfg.Height,
		Ext: "jpg", ContentType: "image/jpeg"}
	for _, v := range Plan(res.Width, res.Height, o.Widths) {
		res.Variants = append(res.Variants, Variant{Width: v.X, Height: v.Y})
	}
	useTurbo := TurboJPEG && Scaler == nil && loadTurbo() == nil
	var img image.Image
	if useTurbo && format == "jpeg" {
		widest := res.Variants[len(res.Variants)-1]
		img = turboDecode(data, cfg, widest.Width, widest.Height)
	}
	if img == nil {
		if img, err = decode(format, data); err != nil {
			return nil, model.Errorf(model.EInvalid, "image: damaged %s (%d×%d): %v", strings.ToUpper(format), cfg.Width, cfg.Height, err)
		}
		if b := img.Bounds(); b.Dx() != cfg.Width || b.Dy() != cfg.Height {
			// Never trust the decoder beyond the checked size either.
			if err := checkSize(b.Dx(), b.Dy(), o); err != nil {
				return nil, err
			}
			res.Width, res.Height, res.Variants = b.Dx(), b.Dy(), nil
			for _, v := range Plan(res.Width, res.Height, o.Widths) {
				res.Variants = append(res.Variants, Variant{Width: v.X, Height: v.Y})
			}
		}
	}
	alpha := !opaque(img)
	if alpha {
		res.Ext, res.ContentType = "png", "image/png"
	}
	if alpha || Scaler != nil {
		err = scaleDraw(img, res, alpha, o)
	} else {
		encode, done := jpegEncoder(useTurbo)
		err = scaleEncodePlanes(toPlanar(img), res, o, encode)
		done()
	}
	if err != nil {
		return nil, err
	}
	return res, nil
}

// TurboJPEG lets Process decode JPEGs and encode every JPEG it makes with
// libjpeg-turbo when the system has it (libturbojpeg.so.0, loaded at run
// time; see turbo.go), about three times as fast as the standard library.
// Set false, or without the library, the standard library does it all:
// the benchmark compares the two, the tests run both.
var TurboJPEG = true

// TurboJPEGError says why libjpeg-turbo is not used (nil when it is).
func TurboJPEGError() error { return loadTurbo() }

// JPEGCodec names what decodes and encodes JPEGs: "libjpeg-turbo" or "Go".
func JPEGCodec() string {
	if TurboJPEG && loadTurbo() == nil {
		return "libjpeg-turbo"
	}
	return "Go"
}

// turboDecode decodes a JPEG with TurboJPEG, scaled to no less than
// minW×minH, or gives nil: for a file the standard library is to decode
// (CMYK, a sampling TurboJPEG has no planes for, a header the two read
// differently) or judge (TurboJPEG refuses on a warning, where the
// standard library may accept, and its message is the one reported).
func turboDecode(data []byte, cfg image.Config, minW, minH int) image.Image {
	d, err := newTurboDecoder()
	if err != nil {
		return nil
	}
	defer d.close()
	w, h, subsamp, cs, err := d.header(data)
	if err != nil || w != cfg.Width || h != cfg.Height {
		return nil
	}
	img, err := d.decode(data, w, h, subsamp, cs, minW, minH)
	if err != nil {
		return nil
	}
	return img
}

// jpegEncoder gives the function that encodes the variants, with
// libjpeg-turbo or the standard library, and the function that releases
// it.
func jpegEncoder(useTurbo bool) (encode func(image.Image, int) ([]byte, error), done func()) {
	if useTurbo {
		if enc, err := newTurboEncoder(); err == nil {
			return func(m image.Image, q int) ([]byte, error) {
				if y, ok := m.(*image.YCbCr); ok && y.SubsampleRatio != image.YCbCrSubsampleRatio420 {
					// The full-size variant of a picture sampled
					// otherwise: 4:2:0, as the standard library writes.
					b := y.Bounds()
					m = scalePlanar(y, b.Dx(), b.Dy())
				}
				return enc.encode(m, q)
			}, enc.close
		}
	}
	return func(m image.Image, q int) ([]byte, error) {
		var buf bytes.Buffer
		err := jpeg.Encode(&buf, m, &jpeg.Options{Quality: q})
		return buf.Bytes(), err
	}, func() {}
}

// The stages Process takes an opaque JPEG through, each on its own so
// that the benchmark can time them (bench/media). They follow TurboJPEG
// and do not check sizes: Process does that before decoding.

// DecodeJPEG decodes a JPEG for variants at most minW×minH: with
// libjpeg-turbo, scaled in the DCT as far as that allows; with the
// standard library, at full size.
func DecodeJPEG(data []byte, minW, minH int) (image.Image, error) {
	if TurboJPEG && loadTurbo() == nil {
		if cfg, err := jpeg.DecodeConfig(bytes.NewReader(data)); err == nil {
			if img := turboDecode(data, cfg, minW, minH); img != nil {
				return img, nil
			}
		}
	}
	return jpeg.Decode(bytes.NewReader(data))
}

// Resize shrinks an opaque picture to w×h with the plane scaler.
func Resize(img image.Image, w, h int) image.Image { return scalePlanar(toPlanar(img), w, h) }

// EncodeJPEG encodes a picture Resize made, as Process does.
func EncodeJPEG(img image.Image, quality int) ([]byte, error) {
	encode, done := jpegEncoder(TurboJPEG && loadTurbo() == nil)
	defer done()
	return encode(img, quality)
}

// scaleEncodePlanes makes the variants of an opaque picture with the plane
// scaler, each from the next wider one (a cascade costs a fraction of
// scaling each from the original; the area average reads every source
// sample at any ratio, so no step aliases).
func scaleEncodePlanes(src image.Image, res *Result, o Options, encode func(image.Image, int) ([]byte, error)) error {
	for i := len(res.Variants) - 1; i >= 0; i-- {
		v := &res.Variants[i]
		dst := src
		if b := src.Bounds(); b.Dx() != v.Width || b.Dy() != v.Height {
			dst = scalePlanar(src, v.Width, v.Height)
		}
		data, err := encode(dst, o.Quality)
		if err != nil {
			return fmt.Errorf("image: unable to encode the %d-pixel variant: %w", v.Width, err)
		}
		v.Data = data
		src = dst
	}
	return nil
}

// scaleDraw makes the variants through x/image/draw on RGBA or NRGBA
// copies: the way for a picture with transparency, whose alpha the planes
// do not carry, and for any picture while Scaler is set.
func scaleDraw(img image.Image, res *Result, alpha bool, o Options) error {
	scaler := Scaler
	if scaler == nil {
		scaler = xdraw.ApproxBiLinear
	}
	// Each narrower variant is scaled from the next wider one; with the
	// widths a step apart by at most 2× the bilinear scaler (which reads
	// 2×2 source pixels per pixel) skips none, so it does not alias.
	b := img.Bounds()
	src := img
	for i := len(res.Variants) - 1; i >= 0; i-- {
		v := &res.Variants[i]
		var dst draw.Image
		if alpha {
			dst = image.NewNRGBA(image.Rect(0, 0, v.Width, v.Height))
		} else {
			dst = image.NewRGBA(image.Rect(0, 0, v.Width, v.Height))
		}
		// A picture more than twice the widest variant is halved first.
		for src.Bounds().Dx() > 2*v.Width {
			sb := src.Bounds()
			half := image.NewRGBA(image.Rect(0, 0, (sb.Dx()+1)/2, (sb.Dy()+1)/2))
			scaler.Scale(half, half.Bounds(), src, sb, xdraw.Src, nil)
			src = half
		}
		if v.Width == res.Width && v.Height == res.Height {
			draw.Draw(dst, dst.Bounds(), src, b.Min, draw.Src)
		} else {
			scaler.Scale(dst, dst.Bounds(), src, src.Bounds(), xdraw.Src, nil)
		}
		var buf bytes.Buffer
		var err error
		if alpha {
			err = (&png.Encoder{CompressionLevel: png.BestSpeed}).Encode(&buf, dst)
		} else {
			err = jpeg.Encode(&buf, dst, &jpeg.Options{Quality: o.Quality})
		}
		if err != nil {
			return fmt.Errorf("image: unable to encode the %d-pixel variant: %w", v.Width, err)
		}
		v.Data = buf.Bytes()
		src = dst
	}
	return nil
}

func checkSize(w, h int, o Options) error {
	switch {
	case w <= 0 || h <= 0:
		return model.Errorf(model.EInvalid, "image: the picture declares no size (%d×%d)", w, h)
	case w > o.MaxSide || h > o.MaxSide:
		return model.Errorf(model.EInvalid, "image: refused: %d×%d pixels declared, more than %d a side", w, h, o.MaxSide)
	case int64(w)*int64(h) > o.MaxPixels:
		return model.Errorf(model.EInvalid, "image: refused: %d×%d pixels declared, more than %d megapixels", w, h, o.MaxPixels/1_000_000)
	}
	return nil
}

// Plan gives the sizes of the variants of a w×h picture: each width of
// widths below w, and w itself when it is below the widest of them (so a
// picture is never upscaled and its full size is kept when small), with
// heights in proportion (at least 1).
func Plan(w, h int, widths []int) []image.Point {
	var out []image.Point
	for _, vw := range widths {
		if vw >= w {
			break
		}
		out = append(out, image.Pt(vw, max(1, (h*vw+w/2)/w)))
	}
	if len(widths) > 0 && w <= widths[len(widths)-1] {
		out = append(out, image.Pt(w, h))
	}
	return out
}

// opaque reports whether every pixel of img is opaque, quickly for the
// types that know.
func opaque(img image.Image) bool {
	if o, ok := img.(interface{ Opaque() bool }); ok {
		return o.Opaque()
	}
	b := img.Bounds()
	for y := b.Min.Y; y < b.Max.Y; y++ {
		for x := b.Min.X; x < b.Max.X; x++ {
			if _, _, _, a := img.At(x, y).RGBA(); a != 0xffff {
				return false
			}
		}
	}
	return true
}
