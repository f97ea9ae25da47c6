// Package inline defines, once, the inline markup a block's text may carry
// from extraction to the reader's page: extraction keeps only these
// elements in model.Block.HTML, and the site's sanitizer allows only these
// when it renders that HTML again.
package inline

import "golang.org/x/net/html/atom"

// Tags maps each kept formatting element to its tag name. Links (a, with an
// absolute http(s) href and no other attribute) are kept too; see Allowed.
var Tags = map[atom.Atom]string{atom.Em: "em", atom.Strong: "strong", atom.B: "b", atom.I: "i", atom.Code: "code"}

// Allowed reports whether an element may appear in a block's inline HTML:
// one of Tags, or a link.
func Allowed(a atom.Atom) bool { return a == atom.A || Tags[a] != "" }
