// Package tbx writes and reads glossaries as TBX (ISO 30042, the
// "martif" form that TBX-Basic and the terminology tools read): one
// termEntry per term, a langSet for its source language and one per
// rendering. A term's kind is kept in a descrip of type
// x-newsbridge-kind; names are also marked properNoun.
//
// A term's mode is written in the data categories the terminology tools
// read: the renderings of an exact term are preferred terms and those of a
// forbidden one deprecated terms (termNote administrativeStatus,
// preferredTerm-admn-sts and deprecatedTerm-admn-sts of the TBX picklist);
// a do-not-translate term's source term has the termNote translationNote
// "no" (TBX has no standard category for it; this is what Weblate reads
// and writes). Read also takes Weblate's "forbidden" and "obsolete" and
// supersededTerm-admn-sts for deprecated. A langSet with a preferred and
// a deprecated term keeps the preferred one (an exact term says what not
// to write by saying what to write); an entry whose renderings are all
// deprecated is a forbidden term.
package tbx

import (
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"sort"
	"strings"
)

// Entry is one glossary term.
type Entry struct {
	SourceLang string
	Term       string
	Kind       string
	// Mode is ModeExact, ModeKeep or ModeForbidden ("" is exact).
	Mode string
	// Renderings maps a target language to the term's spelling there (a
	// forbidden term: the spelling it must not have).
	Renderings map[string]string
}

// Modes, as model.GlossaryTerm has them.
const (
	ModeExact     = "exact"
	ModeKeep      = "do-not-translate"
	ModeForbidden = "forbidden"
)

// administrative statuses (TBX picklist) and Weblate's synonyms.
const (
	statusPreferred  = "preferredTerm-admn-sts"
	statusDeprecated = "deprecatedTerm-admn-sts"
)

func deprecated(t tig) bool {
	for _, n := range t.Notes {
		if n.Type == "administrativeStatus" {
			switch strings.TrimSpace(n.Value) {
			case statusDeprecated, "supersededTerm-admn-sts", "forbidden", "obsolete", "deprecated":
				return true
			}
		}
	}
	return false
}

func untranslatable(t tig) bool {
	for _, n := range t.Notes {
		if n.Type == "translationNote" && strings.EqualFold(strings.TrimSpace(n.Value), "no") {
			return true
		}
	}
	return false
}

// MaxEntries bounds the entries Read accepts.
const MaxEntries = 100000

const xmlNS = "http://www.w3.org/XML/1998/namespace"

type tig struct {
	Term  string  `xml:"term"`
	Notes []tNote `xml:"termNote"`
}

type tNote struct {
	Type  string `xml:"type,attr"`
	Value string `xml:",chardata"`
}

type langSet struct {
	Lang string `xml:"http://www.w3.org/XML/1998/namespace lang,attr"`
	Tig  []tig  `xml:"tig"`
	NTig []tig  `xml:"ntig>termGrp"`
}

type termEntry struct {
	ID       string    `xml:"id,attr"`
	Descrips []tNote   `xml:"descrip"`
	LangSets []langSet `xml:"langSet"`
}

func esc(s string) string {
	var b strings.Builder
	xml.EscapeText(&b, []byte(s))
	return strings.ReplaceAll(b.String(), `"`, "&#34;")
}

// Write writes entries as a TBX document.
func Write(w io.Writer, entries []Entry) error {
	var b strings.Builder
	b.WriteString(xml.Header)
	b.WriteString(`<!DOCTYPE martif SYSTEM "TBXcoreStructV02.dtd">` + "\n")
	b.WriteString(`<martif type="TBX" xml:lang="en">` + "\n<martifHeader><fileDesc><sourceDesc><p>newsbridge glossary</p></sourceDesc></fileDesc></martifHeader>\n<text><body>\n")
	for i, e := range entries {
		fmt.Fprintf(&b, "<termEntry id=\"t%d\">\n<descrip type=\"x-newsbridge-kind\">%s</descrip>\n", i+1, esc(e.Kind))
		fmt.Fprintf(&b, "<langSet xml:lang=\"%s\"><tig><term>%s</term>", esc(e.SourceLang), esc(e.Term))
		switch e.Kind {
		case "person", "place", "organization":
			b.WriteString(`<termNote type="partOfSpeech">properNoun</termNote>`)
		}
		status := statusPreferred
		switch e.Mode {
		case ModeKeep:
			b.WriteString(`<termNote type="translationNote">no</termNote>`)
		case ModeForbidden:
			status = statusDeprecated
		}
		b.WriteString("</tig></langSet>\n")
		langs := make([]string, 0, len(e.Renderings))
		for l := range e.Renderings {
			langs = append(langs, l)
		}
		sort.Strings(langs)
		for _, l := range langs {
			fmt.Fprintf(&b, "<langSet xml:lang=\"%s\"><tig><term>%s</term><termNote type=\"administrativeStatus\">%s</termNote></tig></langSet>\n", esc(l), esc(e.Renderings[l]), status)
		}
		b.WriteString("</termEntry>\n")
	}
	b.WriteString("</body></text>\n</martif>\n")
	if _, err := io.WriteString(w, b.String()); err != nil {
		return fmt.Errorf("tbx: unable to write: %w", err)
	}
	return nil
}

// ErrInvalid is the error of a document that is not the TBX expected.
var ErrInvalid = errors.New("tbx: not a valid TBX glossary")

// Read reads a TBX document's entries (at most MaxEntries; bound r's
// size). An entry's source language is its first langSet's, unless
// sourceLang names one of its langSets; an entry without a kind is a term.
func Read(r io.Reader, sourceLang string) ([]Entry, error) {
	dec := xml.NewDecoder(r)
	dec.Strict = true
	var out []Entry
	root := false
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
		case "martif", "tbx":
			root = true
		case "termEntry", "conceptEntry":
			if !root {
				return nil, fmt.Errorf("%w: a termEntry outside martif", ErrInvalid)
			}
			if len(out) >= MaxEntries {
				return nil, fmt.Errorf("%w: more than %d entries", ErrInvalid, MaxEntries)
			}
			var te termEntry
			if err := dec.DecodeElement(&te, &se); err != nil {
				return nil, fmt.Errorf("%w: %v", ErrInvalid, err)
			}
			e, err := entryOf(te, sourceLang)
			if err != nil {
				return nil, err
			}
			out = append(out, e)
		}
	}
	if !root {
		return nil, fmt.Errorf("%w: no martif element", ErrInvalid)
	}
	return out, nil
}

func entryOf(te termEntry, sourceLang string) (Entry, error) {
	terms := map[string]string{}
	forbidden := map[string]bool{} // languages whose term is deprecated
	keep := map[string]bool{}      // languages whose term is not to be translated
	var order []string
	for _, ls := range te.LangSets {
		tigs := append(ls.Tig, ls.NTig...)
		if ls.Lang == "" || len(tigs) == 0 || strings.TrimSpace(tigs[0].Term) == "" {
			return Entry{}, fmt.Errorf("%w: entry %q has a langSet without a language or a term", ErrInvalid, te.ID)
		}
		if _, dup := terms[ls.Lang]; dup {
			return Entry{}, fmt.Errorf("%w: entry %q has two langSets in %s", ErrInvalid, te.ID, ls.Lang)
		}
		// the first term not deprecated, else the first
		pick := tigs[0]
		for _, t := range tigs {
			if !deprecated(t) && strings.TrimSpace(t.Term) != "" {
				pick = t
				break
			}
		}
		terms[ls.Lang] = strings.TrimSpace(pick.Term)
		forbidden[ls.Lang] = deprecated(pick)
		keep[ls.Lang] = untranslatable(pick)
		order = append(order, ls.Lang)
	}
	if len(order) == 0 {
		return Entry{}, fmt.Errorf("%w: entry %q has no term", ErrInvalid, te.ID)
	}
	src := order[0]
	if _, ok := terms[sourceLang]; ok {
		src = sourceLang
	}
	e := Entry{SourceLang: src, Term: terms[src], Kind: "term", Mode: ModeExact, Renderings: map[string]string{}}
	nForbidden := 0
	for _, l := range order {
		if l != src && forbidden[l] {
			nForbidden++
		}
	}
	switch {
	case keep[src]:
		e.Mode = ModeKeep
	case nForbidden > 0 && nForbidden == len(order)-1:
		e.Mode = ModeForbidden
	}
	for _, d := range te.Descrips {
		if d.Type == "x-newsbridge-kind" && strings.TrimSpace(d.Value) != "" {
			e.Kind = strings.TrimSpace(d.Value)
		}
	}
	for _, l := range order {
		// an exact term's deprecated spellings go: writing the rendering
		// already rules them out
		if l != src && (e.Mode == ModeForbidden || !forbidden[l]) {
			e.Renderings[l] = terms[l]
		}
	}
	return e, nil
}
