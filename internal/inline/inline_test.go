package inline

import (
	"testing"

	"golang.org/x/net/html/atom"
)

func TestAllowed(t *testing.T) {
	for _, a := range []atom.Atom{atom.A, atom.Em, atom.Strong, atom.B, atom.I, atom.Code} {
		if !Allowed(a) {
			t.Errorf("%s not allowed", a)
		}
	}
	for _, a := range []atom.Atom{atom.Script, atom.Img, atom.Span, atom.Style, atom.Iframe, 0} {
		if Allowed(a) {
			t.Errorf("%s allowed", a)
		}
	}
}
