package extract

import (
	"bytes"
	"strings"
	"sync"
	"unicode"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// words is a set of the class and id word lists, as bits: classWords
// answers every "does this element's class or id hold one of these words"
// question about an element in one pass over its attributes, without
// building strings.
type words uint32

const (
	wStrong words = 1 << iota
	wComment
	wWeak
	wBody
	wLead
	wNotLead
	wCaption
	wCredit
	wByline
	wBylineNot
	wCrumb
	wDate
	wPitch
	wGallery
	wAny // the element has a class or an id
)

// pitchWords mark what a site says about itself or sells inside the body
// (newsletter boxes, ads, consent notices, links to more articles), which
// may come in paragraphs of full sentences.
var pitchWords = []string{"newsletter", "subscribe", "subscription", "signup", "cookie", "cookies", "consent", "gdpr",
	"outbrain", "taboola", "advert", "advertisement", "ads", "ad", "adslot", "dfp", "sponsor", "sponsored", "promo",
	"related", "relatedposts", "recommended", "recommendations", "readmore", "morenews"}

// galleryWords name a gallery of pictures with their captions.
var galleryWords = []string{"gallery", "slideshow", "carousel", "diaporama", "galerie", "galeria"}

// creditWords name the credit line inside a caption.
var creditWords = []string{"credit", "credits", "author", "photographer", "source", "copyright", "byline", "autor", "fotografo", "fotograf"}

// wordIndex maps each class word to the lists it is in; built on first use.
var wordIndex = sync.OnceValue(func() map[string]words {
	idx := map[string]words{}
	for _, l := range []struct {
		list []string
		bit  words
	}{
		{strongBoilerplate, wStrong}, {commentTokens, wComment}, {weakBoilerplate, wWeak}, {bodyWords, wBody},
		{leadTokens, wLead}, {notLeadTokens, wNotLead}, {captionWords, wCaption}, {creditWords, wCredit},
		{bylineTokens, wByline}, {bylineNot, wBylineNot}, {crumbTokens, wCrumb}, {dateClassTokens, wDate}, {pitchWords, wPitch},
		{galleryWords, wGallery},
	} {
		for _, w := range l.list {
			idx[w] |= l.bit
		}
	}
	return idx
})

// classWords returns the lists that the words of n's class and id (split at
// spaces, dashes, underscores and colons, case ignored) belong to. A word
// that holds "caption" counts as a caption word.
func classWords(n *html.Node) words {
	var ws words
	for _, a := range n.Attr {
		if a.Namespace != "" || a.Key != "class" && a.Key != "id" || a.Val == "" {
			continue
		}
		if a.Key == "id" && isHeadingSlug(n, a.Val) {
			// "sharing-with-a-single-developer" names a section by its
			// heading (Sphinx, Markdown renderers), not a part of the
			// page.
			ws |= wAny
			continue
		}
		ws |= wAny | wordsOf(a.Val)
	}
	return ws
}

// wordsOf is classWords for one class or id string.
func wordsOf(s string) words {
	idx := wordIndex()
	var ws words
	var buf [48]byte
	for i := 0; i < len(s); {
		if isWordSep(s[i]) {
			i++
			continue
		}
		j := i
		for j < len(s) && !isWordSep(s[j]) {
			j++
		}
		w := s[i:j]
		i = j
		if len(w) <= len(buf) {
			lower := buf[:len(w)]
			ascii := true
			for k := 0; k < len(w); k++ {
				c := w[k]
				if c >= 0x80 {
					ascii = false
					break
				}
				if c >= 'A' && c <= 'Z' {
					c += 'a' - 'A'
				}
				lower[k] = c
			}
			if ascii {
				ws |= idx[string(lower)]
				if len(w) >= 7 && bytes.Contains(lower, captionBytes) {
					ws |= wCaption
				}
				continue
			}
		}
		lw := strings.ToLower(w)
		ws |= idx[lw]
		if strings.Contains(lw, "caption") {
			ws |= wCaption
		}
	}
	return ws
}

var captionBytes = []byte("caption")

func isWordSep(c byte) bool {
	return c == ' ' || c == '-' || c == '_' || c == '\t' || c == '\n' || c == ':' || c == '\r' || c == '\f'
}

// classHas reports whether n's class or id holds sub, case ignored.
func classHas(n *html.Node, sub string) bool {
	for _, a := range n.Attr {
		if a.Namespace == "" && (a.Key == "class" || a.Key == "id") && strings.Contains(strings.ToLower(a.Val), sub) {
			return true
		}
	}
	return false
}

// isHeadingSlug reports whether id is the slug of n's heading: n is a
// heading or its first element is one, and the id spells the heading's
// words (a trailing number aside).
func isHeadingSlug(n *html.Node, id string) bool {
	if strings.IndexAny(id, "-_") < 0 {
		return false
	}
	h := n
	if !isHeading(h) {
		h = n.FirstChild
		for h != nil && h.Type == html.TextNode && strings.TrimSpace(h.Data) == "" {
			h = h.NextSibling
		}
		if h == nil || !isHeading(h) {
			return false
		}
	}
	idWords := strings.FieldsFunc(strings.ToLower(id), func(r rune) bool { return r == '-' || r == '_' })
	if k := len(idWords) - 1; k > 0 && strings.Trim(idWords[k], "0123456789") == "" {
		idWords = idWords[:k]
	}
	hWords := strings.FieldsFunc(strings.ToLower(textOf(h)), func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) })
	if len(hWords) != len(idWords) {
		return false
	}
	for i := range hWords {
		if hWords[i] != idWords[i] {
			return false
		}
	}
	return true
}

func isHeading(n *html.Node) bool {
	switch n.DataAtom {
	case atom.H1, atom.H2, atom.H3, atom.H4, atom.H5, atom.H6:
		return true
	}
	return false
}
