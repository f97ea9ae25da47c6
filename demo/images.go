package demo

import (
	"bytes"
	"fmt"
	"hash/fnv"
	"image"
	"image/color"
	"image/draw"
	"image/jpeg"
	"image/png"
	"net/http"
	"path"
	"strings"
	"sync"
	"time"
)

// imageSpec is one image the demo serves. The pictures are generated, not
// downloaded: flat shapes in colours derived from the name, so each is
// small (a few KB), distinct and always the same bytes.
type imageSpec struct {
	Name          string
	Width, Height int
	Type          string // Content-Type
}

// imageModTime is the fixed Last-Modified of every image.
var imageModTime = time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)

func imageIndex(outs []*outlet) (map[string]imageSpec, error) {
	idx := map[string]imageSpec{}
	add := func(name string, w, h int) error {
		typ, ok := map[string]string{".png": "image/png", ".jpg": "image/jpeg", ".svg": "image/svg+xml"}[path.Ext(name)]
		if !ok || strings.ContainsAny(name, "/\\") || w <= 0 || h <= 0 || w > 2000 || h > 2000 {
			return fmt.Errorf("demo: bad image %q %dx%d", name, w, h)
		}
		if old, ok := idx[name]; ok && (old.Width != w || old.Height != h) {
			return fmt.Errorf("demo: image %q used with two sizes", name)
		}
		idx[name] = imageSpec{Name: name, Width: w, Height: h, Type: typ}
		return nil
	}
	for _, o := range outs {
		if err := add("logo-"+o.Prefix+".svg", 32, 32); err != nil {
			return nil, err
		}
		for _, a := range o.Articles {
			for _, f := range a.Figures {
				if err := add(f.Name, f.Width, f.Height); err != nil {
					return nil, fmt.Errorf("%s: %w", a.Slug, err)
				}
			}
		}
	}
	return idx, nil
}

var imageCache sync.Map // name → func() ([]byte, error)

func (s *site) serveImage(w http.ResponseWriter, r *http.Request, name string) {
	spec, ok := s.images[name]
	if !ok {
		http.NotFound(w, r)
		return
	}
	gen, _ := imageCache.LoadOrStore(name, sync.OnceValues(func() ([]byte, error) { return renderImage(spec) }))
	data, err := gen.(func() ([]byte, error))()
	if err != nil {
		http.Error(w, "demo: unable to render image", http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", spec.Type)
	serveBytes(w, r, imageModTime, data)
}

// palette returns colours derived from the image name.
func palette(name string) []color.RGBA {
	h := fnv.New64a()
	h.Write([]byte(name))
	v := h.Sum64()
	cols := make([]color.RGBA, 6)
	for i := range cols {
		cols[i] = color.RGBA{uint8(v >> (i * 8)), uint8(v >> (i*8 + 16)), uint8(v >> (i*8 + 32)), 255}
		v = v*6364136223846793005 + 1442695040888963407
	}
	// A light sky and a darker ground read as a landscape photo.
	cols[0] = color.RGBA{170 + cols[0].R%70, 190 + cols[0].G%60, 210 + cols[0].B%45, 255}
	cols[1] = color.RGBA{40 + cols[1].R%80, 60 + cols[1].G%90, 30 + cols[1].B%60, 255}
	return cols
}

func renderImage(spec imageSpec) ([]byte, error) {
	if spec.Type == "image/svg+xml" {
		return renderSVG(spec), nil
	}
	cols := palette(spec.Name)
	w, h := spec.Width, spec.Height
	img := image.NewRGBA(image.Rect(0, 0, w, h))
	draw.Draw(img, img.Bounds(), &image.Uniform{cols[0]}, image.Point{}, draw.Src)
	draw.Draw(img, image.Rect(0, h*3/5, w, h), &image.Uniform{cols[1]}, image.Point{}, draw.Src)
	// A few buildings and a sun, placed from the name's hash.
	seed := fnv.New32a()
	seed.Write([]byte(spec.Name))
	x := seed.Sum32()
	for i := range 5 {
		bw := w/12 + int(x%uint32(w/10+1))
		bh := h/6 + int((x>>8)%uint32(h/3+1))
		bx := (i*w)/5 + int((x>>4)%uint32(w/20+1))
		draw.Draw(img, image.Rect(bx, h*3/5-bh, min(bx+bw, w), h*3/5), &image.Uniform{cols[2+i%3]}, image.Point{}, draw.Src)
		x = x*1664525 + 1013904223
	}
	cx, cy, rad := w*3/4, h/5, h/10+1
	for yy := cy - rad; yy <= cy+rad; yy++ {
		for xx := cx - rad; xx <= cx+rad; xx++ {
			if (xx-cx)*(xx-cx)+(yy-cy)*(yy-cy) <= rad*rad {
				img.SetRGBA(xx, yy, cols[5])
			}
		}
	}
	var buf bytes.Buffer
	var err error
	if spec.Type == "image/png" {
		err = (&png.Encoder{CompressionLevel: png.DefaultCompression}).Encode(&buf, img)
	} else {
		err = jpeg.Encode(&buf, img, &jpeg.Options{Quality: 60})
	}
	if err != nil {
		return nil, fmt.Errorf("demo: unable to encode %s: %w", spec.Name, err)
	}
	return buf.Bytes(), nil
}

// renderSVG draws a logo (logo-*.svg) or a bar chart.
func renderSVG(spec imageSpec) []byte {
	cols := palette(spec.Name)
	w, h := spec.Width, spec.Height
	hex := func(c color.RGBA) string { return fmt.Sprintf("#%02x%02x%02x", c.R, c.G, c.B) }
	var b bytes.Buffer
	fmt.Fprintf(&b, `<svg xmlns="http://www.w3.org/2000/svg" width="%d" height="%d" viewBox="0 0 %d %d">`, w, h, w, h)
	if strings.HasPrefix(spec.Name, "logo-") {
		fmt.Fprintf(&b, `<rect width="%d" height="%d" rx="6" fill="#b3001b"/><circle cx="%d" cy="%d" r="%d" fill="#fff"/>`, w, h, w/2, h/2, w/4)
	} else {
		fmt.Fprintf(&b, `<rect width="%d" height="%d" fill="#fafafa"/>`, w, h)
		fmt.Fprintf(&b, `<line x1="40" y1="%d" x2="%d" y2="%d" stroke="#999"/>`, h-30, w-20, h-30)
		x := fnv.New32a()
		x.Write([]byte(spec.Name))
		v := x.Sum32()
		n := 6
		bw := (w - 80) / n
		for i := range n {
			bh := (h-60)/3 + int(v%uint32((h-60)*2/3+1))
			fmt.Fprintf(&b, `<rect x="%d" y="%d" width="%d" height="%d" fill="%s"/>`, 50+i*bw, h-30-bh, bw-12, bh, hex(cols[2+i%4]))
			v = v*1664525 + 1013904223
		}
	}
	b.WriteString(`</svg>`)
	return b.Bytes()
}
