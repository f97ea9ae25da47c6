package media

import (
	"image"
	"math"
)

// PSNR compares two pictures of the same size over R, G and B, in dB
// (higher is closer): how the scalers and codecs are checked against a
// reference, in the tests and the benchmark.
func PSNR(a, b image.Image) float64 {
	ab, bb := a.Bounds(), b.Bounds()
	var se float64
	for y := range ab.Dy() {
		for x := range ab.Dx() {
			r1, g1, b1, _ := a.At(ab.Min.X+x, ab.Min.Y+y).RGBA()
			r2, g2, b2, _ := b.At(bb.Min.X+x, bb.Min.Y+y).RGBA()
			for _, d := range []float64{float64(r1>>8) - float64(r2>>8), float64(g1>>8) - float64(g2>>8), float64(b1>>8) - float64(b2>>8)} {
				se += d * d
			}
		}
	}
	mse := se / float64(3*ab.Dx()*ab.Dy())
	if mse == 0 {
		return 99
	}
	return 10 * math.Log10(255*255/mse)
}
