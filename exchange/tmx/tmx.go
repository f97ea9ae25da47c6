// Package tmx writes and reads TMX 1.4b translation memories as streams:
// the writer emits one translation unit at a time and the reader decodes
// one at a time with encoding/xml, so a memory of a million entries moves
// in bounded memory.
package tmx

import (
	"bufio"
	"cmp"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"time"
)

// Prop is a property of a unit (<prop type="…">…</prop>).
type Prop struct {
	Type  string `xml:"type,attr"`
	Value string `xml:",chardata"`
}

// TU is one translation unit: a source segment and its target.
type TU struct {
	SourceLang, TargetLang string
	Source, Target         string
	CreationID             string    // who made it (an editor's name)
	CreationDate           time.Time // zero when unknown
	Props                  []Prop
}

// Prop returns the value of the unit's property typ, "" when absent.
func (u TU) Prop(typ string) string {
	for _, p := range u.Props {
		if p.Type == typ {
			return p.Value
		}
	}
	return ""
}

const dateFormat = "20060102T150405Z"

// Writer writes a TMX document one unit at a time.
type Writer struct {
	w   *bufio.Writer
	enc *xml.Encoder
	err error
}

// NewWriter starts a TMX 1.4b document whose units translate from
// sourceLang; tool names the tool in the header.
func NewWriter(w io.Writer, sourceLang, tool string) *Writer {
	bw := bufio.NewWriter(w)
	tw := &Writer{w: bw, enc: xml.NewEncoder(bw)}
	fmt.Fprintf(bw, "%s<tmx version=\"1.4\">\n<header creationtool=\"%s\" creationtoolversion=\"1\" segtype=\"sentence\" o-tmf=\"%s\" adminlang=\"en\" srclang=\"%s\" datatype=\"plaintext\"/>\n<body>\n",
		xml.Header, esc(tool), esc(tool), esc(sourceLang))
	return tw
}

func esc(s string) string {
	var b []byte
	buf := &byteWriter{b}
	xml.EscapeText(buf, []byte(s))
	return string(buf.b)
}

type byteWriter struct{ b []byte }

func (w *byteWriter) Write(p []byte) (int, error) { w.b = append(w.b, p...); return len(p), nil }

type xmlTUV struct {
	Lang string `xml:"xml:lang,attr"`
	Seg  string `xml:"seg"`
}

// inTUV is a variant as read: xml:lang (TMX 1.4) or lang (1.1).
type inTUV struct {
	XMLLang string `xml:"http://www.w3.org/XML/1998/namespace lang,attr"`
	Lang    string `xml:"lang,attr"`
	Seg     string `xml:"seg"`
}

type inTU struct {
	CreationID   string  `xml:"creationid,attr"`
	CreationDate string  `xml:"creationdate,attr"`
	Props        []Prop  `xml:"prop"`
	TUVs         []inTUV `xml:"tuv"`
}

type xmlTU struct {
	XMLName      xml.Name `xml:"tu"`
	CreationID   string   `xml:"creationid,attr,omitempty"`
	CreationDate string   `xml:"creationdate,attr,omitempty"`
	Props        []Prop   `xml:"prop"`
	TUVs         []xmlTUV `xml:"tuv"`
}

// Write writes one unit.
func (tw *Writer) Write(u TU) error {
	if tw.err != nil {
		return tw.err
	}
	x := xmlTU{CreationID: u.CreationID, Props: u.Props,
		TUVs: []xmlTUV{{Lang: u.SourceLang, Seg: u.Source}, {Lang: u.TargetLang, Seg: u.Target}}}
	if !u.CreationDate.IsZero() {
		x.CreationDate = u.CreationDate.UTC().Format(dateFormat)
	}
	if err := tw.enc.Encode(x); err != nil {
		tw.err = fmt.Errorf("tmx: unable to write a unit: %w", err)
		return tw.err
	}
	_, tw.err = tw.w.WriteString("\n")
	return tw.err
}

// Close ends the document and flushes it.
func (tw *Writer) Close() error {
	if tw.err != nil {
		return tw.err
	}
	tw.w.WriteString("</body>\n</tmx>\n")
	if err := tw.w.Flush(); err != nil {
		return fmt.Errorf("tmx: unable to write: %w", err)
	}
	return nil
}

// ErrInvalid is the error of a document that is not TMX.
var ErrInvalid = errors.New("tmx: not a valid TMX document")

// Reader reads a TMX document's units one at a time.
type Reader struct {
	dec     *xml.Decoder
	srcLang string
	started bool
}

// NewReader reads TMX from r.
func NewReader(r io.Reader) *Reader { return &Reader{dec: xml.NewDecoder(r)} }

// MaxSegmentBytes bounds one segment's text.
const MaxSegmentBytes = 64 << 10

// Next returns the next unit with exactly one source variant (the
// header's srclang, or the first) and one other; io.EOF at the end.
func (tr *Reader) Next() (TU, error) {
	for {
		tok, err := tr.dec.Token()
		if err == io.EOF {
			if !tr.started {
				return TU{}, fmt.Errorf("%w: no tmx element", ErrInvalid)
			}
			return TU{}, io.EOF
		}
		if err != nil {
			return TU{}, fmt.Errorf("%w: %v", ErrInvalid, err)
		}
		se, ok := tok.(xml.StartElement)
		if !ok {
			continue
		}
		switch se.Name.Local {
		case "tmx":
			tr.started = true
		case "header":
			for _, a := range se.Attr {
				if a.Name.Local == "srclang" {
					tr.srcLang = a.Value
				}
			}
		case "tu":
			if !tr.started {
				return TU{}, fmt.Errorf("%w: a tu outside tmx", ErrInvalid)
			}
			var x inTU
			if err := tr.dec.DecodeElement(&x, &se); err != nil {
				return TU{}, fmt.Errorf("%w: %v", ErrInvalid, err)
			}
			return tr.unit(x)
		}
	}
}

func (tr *Reader) unit(x inTU) (TU, error) {
	u := TU{CreationID: x.CreationID, Props: x.Props}
	if x.CreationDate != "" {
		if t, err := time.Parse(dateFormat, x.CreationDate); err == nil {
			u.CreationDate = t
		}
	}
	if len(x.TUVs) != 2 {
		return u, fmt.Errorf("%w: a tu with %d variants (two are read: the source and one target)", ErrInvalid, len(x.TUVs))
	}
	src, dst := x.TUVs[0], x.TUVs[1]
	lang := func(v inTUV) string { return cmp.Or(v.XMLLang, v.Lang) }
	if tr.srcLang != "" && lang(dst) == tr.srcLang {
		src, dst = dst, src
	}
	if len(src.Seg) > MaxSegmentBytes || len(dst.Seg) > MaxSegmentBytes {
		return u, fmt.Errorf("%w: a segment longer than %d bytes", ErrInvalid, MaxSegmentBytes)
	}
	u.SourceLang, u.Source, u.TargetLang, u.Target = lang(src), src.Seg, lang(dst), dst.Seg
	return u, nil
}
