package feed

import (
	"bytes"
	"encoding/json"
	"encoding/xml"

	"golang.org/x/net/html/charset"

	"newsbridge/model"
)

// Defaults for the zero values of Limits.
const (
	DefaultMaxDepth    = 64
	DefaultMaxElements = 200_000
	DefaultMaxItems    = 200
)

// maxWarnings caps Feed.Warnings: a feed of 100,000 unusable items gets
// this many lines, not 100,000.
const maxWarnings = 50

// Limits bound what one feed may cost. Zero fields take the defaults.
type Limits struct {
	// MaxDepth is the deepest element nesting accepted (JSON: objects and
	// arrays); real feeds need fewer than 10 levels.
	MaxDepth int
	// MaxElements is the most elements (JSON: objects and arrays) accepted.
	MaxElements int
	// MaxItems is the most items read from one feed; the rest, at the end
	// of the document, are left for the next poll's version of it.
	MaxItems int
}

func (l Limits) withDefaults() Limits {
	if l.MaxDepth <= 0 {
		l.MaxDepth = DefaultMaxDepth
	}
	if l.MaxElements <= 0 {
		l.MaxElements = DefaultMaxElements
	}
	if l.MaxItems <= 0 {
		l.MaxItems = DefaultMaxItems
	}
	return l
}

// checkShape reads body as a token stream, without recursion, and returns
// an EInvalid error as soon as it nests deeper than lim.MaxDepth or holds
// more than lim.MaxElements elements. It reads XML exactly as gofeed does
// (the same decoder settings on the same bytes), so gofeed never sees a
// level this pass did not. A syntax error ends the pass without an error:
// gofeed meets the same one at the same place and reports it.
func checkShape(body []byte, lim Limits) error {
	if isJSON(body) {
		return checkJSONShape(body, lim)
	}
	d := xml.NewDecoder(bytes.NewReader(body))
	d.Strict = false
	d.CharsetReader = charset.NewReaderLabel
	depth, n := 0, 0
	for {
		tok, err := d.Token()
		if err != nil {
			return nil
		}
		switch tok.(type) {
		case xml.StartElement:
			depth++
			n++
			if depth > lim.MaxDepth {
				line, _ := d.InputPos()
				return model.Errorf(model.EInvalid, "feed: unable to parse: elements nested deeper than %d levels (line %d)", lim.MaxDepth, line)
			}
			if n > lim.MaxElements {
				return model.Errorf(model.EInvalid, "feed: unable to parse: more than %d elements", lim.MaxElements)
			}
		case xml.EndElement:
			depth--
		}
	}
}

// isJSON tells a JSON Feed the way gofeed does: by its first character
// after white space and byte-order-mark bytes.
func isJSON(body []byte) bool {
	for _, c := range body {
		switch c {
		case ' ', '\r', '\n', '\t', 0xFE, 0xFF, 0x00, 0xEF, 0xBB, 0xBF:
			continue
		}
		return c == '{'
	}
	return false
}

// checkJSONShape is checkShape for JSON: encoding/json already refuses
// nesting past 10,000 levels, this holds JSON Feeds to the same limits as
// XML ones.
func checkJSONShape(body []byte, lim Limits) error {
	d := json.NewDecoder(bytes.NewReader(bytes.TrimLeft(body, " \r\n\t\xfe\xff\x00\xef\xbb\xbf")))
	depth, n := 0, 0
	for {
		tok, err := d.Token()
		if err != nil { // io.EOF, or a syntax error encoding/json reports itself
			return nil
		}
		switch tok {
		case json.Delim('{'), json.Delim('['):
			depth++
			n++
			if depth > lim.MaxDepth {
				return model.Errorf(model.EInvalid, "feed: unable to parse: JSON nested deeper than %d levels (offset %d)", lim.MaxDepth, d.InputOffset())
			}
			if n > lim.MaxElements {
				return model.Errorf(model.EInvalid, "feed: unable to parse: more than %d JSON objects and arrays", lim.MaxElements)
			}
		case json.Delim('}'), json.Delim(']'):
			depth--
		}
	}
}
