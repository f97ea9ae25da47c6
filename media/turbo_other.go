//go:build !(linux && (amd64 || arm64)) || noturbojpeg

package media

import (
	"errors"
	"image"
)

// libjpeg-turbo is loaded only on Linux amd64 and arm64 (turbo.go), and
// not when built with -tags noturbojpeg: loading a library at run time
// makes even a CGO_ENABLED=0 binary link the system's dynamic loader, which
// a fully static build (for a scratch container) must not. Here the
// standard library's codecs do everything.

var errTurboUnsupported = errors.New("not decoded to planes by TurboJPEG")

func loadTurbo() error { return errors.New("libjpeg-turbo is not used by this build") }

type turboDecoder struct{}

func newTurboDecoder() (*turboDecoder, error) { return nil, loadTurbo() }
func (d *turboDecoder) close()                {}
func (d *turboDecoder) header(data []byte) (w, h, subsamp, cs int, err error) {
	return 0, 0, 0, 0, loadTurbo()
}
func (d *turboDecoder) decode(data []byte, w, h, subsamp, cs, minW, minH int) (image.Image, error) {
	return nil, loadTurbo()
}

type turboEncoder struct{}

func newTurboEncoder() (*turboEncoder, error) { return nil, loadTurbo() }
func (e *turboEncoder) close()                {}
func (e *turboEncoder) encode(img image.Image, quality int) ([]byte, error) {
	return nil, loadTurbo()
}
