package media

import (
	"bytes"
	"image"
	"image/jpeg"
	"testing"

	xdraw "golang.org/x/image/draw"
)

// reference scales the original straight to w×h with Catmull-Rom, which
// x/image/draw widens to the ratio when shrinking: slow, and the best of
// its scalers.
func reference(src image.Image, w, h int) image.Image {
	dst := image.NewRGBA(image.Rect(0, 0, w, h))
	xdraw.CatmullRom.Scale(dst, dst.Bounds(), src, src.Bounds(), xdraw.Src, nil)
	return dst
}

func decodeAll(t *testing.T, res *Result) []image.Image {
	t.Helper()
	var out []image.Image
	for _, v := range res.Variants {
		m, err := jpeg.Decode(bytes.NewReader(v.Data))
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, m)
	}
	return out
}
