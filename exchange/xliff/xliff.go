// Package xliff writes and reads XLIFF 1.2 documents, the exchange format
// of computer-assisted translation tools, for one article's translation:
// one trans-unit per segment. A segment's inline HTML (the elements
// internal/inline keeps) becomes inline codes: formatting and links are
// <g> elements (a link's address in an xhtml:href attribute), code spans,
// which are never translated, are <ph> placeholders carrying the HTML.
// Reading resolves a target's codes against its own unit's source, so a
// translator moves codes but cannot invent markup.
package xliff

import (
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"

	xhtml "golang.org/x/net/html"
)

// Namespace is XLIFF 1.2's namespace.
const Namespace = "urn:oasis:names:tc:xliff:document:1.2"

// MaxUnits bounds the trans-units Read accepts.
const MaxUnits = 100000

// File is one translated document.
type File struct {
	Original   string // what it is a translation of, e.g. "article/12"
	SourceLang string
	TargetLang string
	Units      []Unit
}

// Unit is one segment.
type Unit struct {
	ID      string
	ResName string // the segment's field: title, lead, block:3…
	// HTML says Source and Target are inline HTML, not plain text.
	HTML     bool
	Source   string
	Target   string
	State    string // XLIFF's target state: translated, needs-review-translation…
	Approved bool
	Notes    []string
}

// Write writes f as an XLIFF 1.2 document.
func Write(w io.Writer, f File) error {
	var b strings.Builder
	b.WriteString(xml.Header)
	fmt.Fprintf(&b, "<xliff version=\"1.2\" xmlns=\"%s\" xmlns:xhtml=\"http://www.w3.org/1999/xhtml\">\n", Namespace)
	fmt.Fprintf(&b, "<file original=\"%s\" source-language=\"%s\" target-language=\"%s\" datatype=\"html\">\n<body>\n",
		attr(f.Original), attr(f.SourceLang), attr(f.TargetLang))
	for _, u := range f.Units {
		fmt.Fprintf(&b, "<trans-unit id=\"%s\"", attr(u.ID))
		if u.ResName != "" {
			fmt.Fprintf(&b, " resname=\"%s\"", attr(u.ResName))
		}
		if u.Approved {
			b.WriteString(` approved="yes"`)
		}
		if u.HTML {
			b.WriteString(` datatype="html"`)
		} else {
			b.WriteString(` datatype="plaintext"`)
		}
		b.WriteString(` xml:space="preserve">`)
		codes := numberCodes(u.HTML, u.Source)
		b.WriteString("\n<source>")
		b.WriteString(inline(u.HTML, u.Source, codes))
		b.WriteString("</source>\n<target")
		if u.State != "" {
			fmt.Fprintf(&b, " state=\"%s\"", attr(u.State))
		}
		b.WriteString(">")
		b.WriteString(inline(u.HTML, u.Target, codes))
		b.WriteString("</target>\n")
		for _, n := range u.Notes {
			fmt.Fprintf(&b, "<note from=\"newsbridge\">%s</note>\n", text(n))
		}
		b.WriteString("</trans-unit>\n")
	}
	b.WriteString("</body>\n</file>\n</xliff>\n")
	_, err := io.WriteString(w, b.String())
	if err != nil {
		return fmt.Errorf("xliff: unable to write: %w", err)
	}
	return nil
}

func attr(s string) string {
	var b strings.Builder
	xml.EscapeText(&b, []byte(s))
	return strings.ReplaceAll(b.String(), `"`, "&#34;")
}

func text(s string) string {
	var b strings.Builder
	xml.EscapeText(&b, []byte(s))
	return b.String()
}

// code is one inline element of a segment's source.
type code struct {
	id   string
	tag  string // a, em, strong, b, i; "code" for a placeholder
	href string
	raw  string // a placeholder's HTML
}

var ctypes = map[string]string{"a": "link", "b": "bold", "i": "italic", "em": "x-html-em", "strong": "x-html-strong"}

// part is a piece of inline HTML: text, an opening or closing element,
// or a code span whole.
type part struct {
	kind  int // partText, partOpen, partClose, partCode
	text  string
	tag   string
	href  string
	raw   string
	codeN int
}

const (
	partText = iota
	partOpen
	partClose
	partCode
)

// parse splits inline HTML into parts; a code element is kept whole.
func parse(s string) []part {
	z := xhtml.NewTokenizerFragment(strings.NewReader(s), "p")
	var out []part
	inCode := 0
	var raw strings.Builder
	for {
		tt := z.Next()
		if tt == xhtml.ErrorToken {
			break
		}
		tok := z.Token()
		if inCode > 0 {
			raw.WriteString(tok.String())
			switch {
			case tt == xhtml.StartTagToken && tok.Data == "code":
				inCode++
			case tt == xhtml.EndTagToken && tok.Data == "code":
				inCode--
				if inCode == 0 {
					out = append(out, part{kind: partCode, raw: raw.String()})
				}
			}
			continue
		}
		switch tt {
		case xhtml.TextToken:
			out = append(out, part{kind: partText, text: tok.Data})
		case xhtml.StartTagToken:
			if tok.Data == "code" {
				inCode = 1
				raw.Reset()
				raw.WriteString(tok.String())
				continue
			}
			p := part{kind: partOpen, tag: tok.Data}
			for _, a := range tok.Attr {
				if a.Key == "href" {
					p.href = a.Val
				}
			}
			out = append(out, p)
		case xhtml.EndTagToken:
			out = append(out, part{kind: partClose, tag: tok.Data})
		}
	}
	if inCode > 0 {
		out = append(out, part{kind: partText, text: raw.String()})
	}
	return out
}

// numberCodes numbers the inline elements of a unit's source from 1.
func numberCodes(isHTML bool, source string) []code {
	if !isHTML {
		return nil
	}
	var cs []code
	for _, p := range parse(source) {
		switch p.kind {
		case partOpen:
			cs = append(cs, code{id: strconv.Itoa(len(cs) + 1), tag: p.tag, href: p.href})
		case partCode:
			cs = append(cs, code{id: strconv.Itoa(len(cs) + 1), tag: "code", raw: p.raw})
		}
	}
	return cs
}

// inline writes a segment's text as XLIFF content, its elements as the
// source's codes (the first unused one alike, or a new number).
func inline(isHTML bool, s string, codes []code) string {
	if !isHTML {
		return text(s)
	}
	used := make([]bool, len(codes))
	next := len(codes)
	find := func(tag, href, raw string) string {
		for i, c := range codes {
			if !used[i] && c.tag == tag && c.href == href && c.raw == raw {
				used[i] = true
				return c.id
			}
		}
		next++
		return strconv.Itoa(next)
	}
	var b strings.Builder
	var open []string
	for _, p := range parse(s) {
		switch p.kind {
		case partText:
			b.WriteString(text(p.text))
		case partOpen:
			id := find(p.tag, p.href, "")
			ct := ctypes[p.tag]
			if ct == "" {
				ct = "x-html-" + p.tag
			}
			fmt.Fprintf(&b, `<g id="%s" ctype="%s"`, id, ct)
			if p.tag == "a" {
				fmt.Fprintf(&b, ` xhtml:href="%s"`, attr(p.href))
			}
			b.WriteString(">")
			open = append(open, p.tag)
		case partClose:
			if len(open) > 0 {
				open = open[:len(open)-1]
				b.WriteString("</g>")
			}
		case partCode:
			fmt.Fprintf(&b, `<ph id="%s" ctype="x-html-code">%s</ph>`, find("code", "", p.raw), text(p.raw))
		}
	}
	for range open {
		b.WriteString("</g>")
	}
	return b.String()
}

// Canonical is inline HTML as Read writes it back, to compare a file's
// source with a segment's.
func Canonical(s string) string {
	u, err := toHTML(inline(true, s, numberCodes(true, s)), numberCodes(true, s), true)
	if err != nil {
		return s
	}
	return u
}

// ErrInvalid is the error of a document that is not the XLIFF expected.
var ErrInvalid = errors.New("xliff: not a valid XLIFF 1.2 translation")

type xmlContent struct {
	Inner string `xml:",innerxml"`
	State string `xml:"state,attr"`
}

type xmlUnit struct {
	ID       string      `xml:"id,attr"`
	ResName  string      `xml:"resname,attr"`
	Approved string      `xml:"approved,attr"`
	Datatype string      `xml:"datatype,attr"`
	Source   xmlContent  `xml:"source"`
	Target   *xmlContent `xml:"target"`
	Notes    []string    `xml:"note"`
}

// Read reads an XLIFF 1.2 document of one file from r (at most MaxUnits
// trans-units; bound r's size). A target's codes are taken from its
// unit's source; a code the source lacks is an error.
func Read(r io.Reader) (*File, error) {
	dec := xml.NewDecoder(r)
	f := &File{}
	files := 0
	for {
		tok, err := dec.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, fmt.Errorf("%w: %v", ErrInvalid, err)
		}
		se, ok := tok.(xml.StartElement)
		if !ok {
			continue
		}
		switch se.Name.Local {
		case "xliff":
			if v := attrOf(se, "version"); v != "1.2" {
				return nil, fmt.Errorf("%w: version %q (1.2 is read)", ErrInvalid, v)
			}
		case "file":
			if files++; files > 1 {
				return nil, fmt.Errorf("%w: more than one file", ErrInvalid)
			}
			f.Original, f.SourceLang, f.TargetLang = attrOf(se, "original"), attrOf(se, "source-language"), attrOf(se, "target-language")
		case "trans-unit":
			if len(f.Units) >= MaxUnits {
				return nil, fmt.Errorf("%w: more than %d trans-units", ErrInvalid, MaxUnits)
			}
			var xu xmlUnit
			if err := dec.DecodeElement(&xu, &se); err != nil {
				return nil, fmt.Errorf("%w: %v", ErrInvalid, err)
			}
			u, err := unitOf(xu)
			if err != nil {
				return nil, err
			}
			f.Units = append(f.Units, u)
		}
	}
	if files == 0 {
		return nil, fmt.Errorf("%w: no file element", ErrInvalid)
	}
	return f, nil
}

func attrOf(se xml.StartElement, name string) string {
	for _, a := range se.Attr {
		if a.Name.Local == name {
			return a.Value
		}
	}
	return ""
}

func unitOf(xu xmlUnit) (Unit, error) {
	u := Unit{ID: xu.ID, ResName: xu.ResName, HTML: xu.Datatype == "html", Approved: xu.Approved == "yes", Notes: xu.Notes}
	if u.ID == "" {
		return u, fmt.Errorf("%w: a trans-unit without an id", ErrInvalid)
	}
	codes, src, err := sourceCodes(xu.Source.Inner, u.HTML)
	if err != nil {
		return u, fmt.Errorf("%w: trans-unit %s: %v", ErrInvalid, u.ID, err)
	}
	u.Source = src
	if xu.Target != nil {
		u.State = xu.Target.State
		if u.Target, err = toHTML(xu.Target.Inner, codes, u.HTML); err != nil {
			return u, fmt.Errorf("%w: trans-unit %s: %v", ErrInvalid, u.ID, err)
		}
	}
	return u, nil
}

// sourceCodes reads a source's codes (from its own g and ph elements) and
// its text.
func sourceCodes(inner string, isHTML bool) ([]code, string, error) {
	var codes []code
	dec := xml.NewDecoder(strings.NewReader("<s>" + inner + "</s>"))
	for {
		tok, err := dec.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, "", err
		}
		se, ok := tok.(xml.StartElement)
		if !ok {
			continue
		}
		switch se.Name.Local {
		case "g":
			tag := "span"
			for t, ct := range ctypes {
				if ct == attrOf(se, "ctype") {
					tag = t
				}
			}
			if ct := attrOf(se, "ctype"); strings.HasPrefix(ct, "x-html-") && tag == "span" {
				tag = strings.TrimPrefix(ct, "x-html-")
			}
			codes = append(codes, code{id: attrOf(se, "id"), tag: tag, href: attrOf(se, "href")})
		case "ph", "x", "bx", "ex":
			var body string
			if se.Name.Local == "ph" {
				var c xmlContent
				if err := dec.DecodeElement(&c, &se); err != nil {
					return nil, "", err
				}
				body = xhtml.UnescapeString(c.Inner)
			}
			codes = append(codes, code{id: attrOf(se, "id"), tag: "code", raw: body})
		}
	}
	src, err := toHTML(inner, codes, isHTML)
	return codes, src, err
}

// toHTML turns XLIFF content back into the segment's text, each code
// taken from codes by its id.
func toHTML(inner string, codes []code, isHTML bool) (string, error) {
	byID := map[string]code{}
	for _, c := range codes {
		byID[c.id] = c
	}
	dec := xml.NewDecoder(strings.NewReader("<s>" + inner + "</s>"))
	var b strings.Builder
	var open []string
	depth := 0
	for {
		tok, err := dec.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			return "", err
		}
		switch t := tok.(type) {
		case xml.CharData:
			if depth == 0 {
				continue
			}
			if isHTML {
				b.WriteString(xhtml.EscapeString(string(t)))
			} else {
				b.Write(t)
			}
		case xml.StartElement:
			depth++
			if depth == 1 {
				continue
			}
			if !isHTML {
				return "", fmt.Errorf("markup <%s> in a plain-text segment", t.Name.Local)
			}
			id := attrOf(t, "id")
			c, ok := byID[id]
			if !ok {
				return "", fmt.Errorf("code %q is not in the source", id)
			}
			switch t.Name.Local {
			case "g":
				if c.tag == "code" {
					return "", fmt.Errorf("code %q is a placeholder, not a <g>", id)
				}
				if c.tag == "a" {
					fmt.Fprintf(&b, `<a href="%s">`, xhtml.EscapeString(c.href))
				} else {
					fmt.Fprintf(&b, "<%s>", c.tag)
				}
				open = append(open, c.tag)
			case "ph", "x", "bx", "ex":
				b.WriteString(c.raw)
				if err := dec.Skip(); err != nil {
					return "", err
				}
				depth--
			case "mrk":
				// a marker's text is kept, the marker is not
			default:
				return "", fmt.Errorf("inline element <%s> is not read", t.Name.Local)
			}
		case xml.EndElement:
			depth--
			if t.Name.Local == "g" && len(open) > 0 {
				fmt.Fprintf(&b, "</%s>", open[len(open)-1])
				open = open[:len(open)-1]
			}
		}
	}
	return b.String(), nil
}
