package extract

import (
	"bytes"
	"strings"
	"sync"

	"golang.org/x/net/html"
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
	wAny // the element has a class or an id
)

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
		{bylineTokens, wByline}, {bylineNot, wBylineNot}, {crumbTokens, wCrumb}, {dateClassTokens, wDate},
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
