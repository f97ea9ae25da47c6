package tbx_test

import (
	"bytes"
	"errors"
	"reflect"
	"strings"
	"testing"

	"newsbridge/exchange/tbx"
)

func TestRoundTrip(t *testing.T) {
	in := []tbx.Entry{
		{SourceLang: "es", Term: "Valdemora", Kind: "place", Mode: tbx.ModeExact, Renderings: map[string]string{}},
		{SourceLang: "es", Term: "pleno & <consejo>", Kind: "term", Mode: tbx.ModeExact, Renderings: map[string]string{"ca": "ple", "gl": "pleno \"municipal\""}},
		{SourceLang: "en", Term: "Newsbridge", Kind: "organization", Mode: tbx.ModeKeep, Renderings: map[string]string{}},
		{SourceLang: "es", Term: "ribera", Kind: "term", Mode: tbx.ModeForbidden, Renderings: map[string]string{"en": "Bank"}},
	}
	var buf bytes.Buffer
	if err := tbx.Write(&buf, in); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(buf.String(), `<termNote type="partOfSpeech">properNoun</termNote>`) {
		t.Fatalf("document:\n%s", buf.String())
	}
	out, err := tbx.Read(&buf, "")
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(out, in) {
		t.Fatalf("round trip:\n got %+v\nwant %+v", out, in)
	}
}

// TestReadOther reads a TBX-Basic file of another tool: the source
// language named first wins unless asked for, no kind is a term.
func TestReadOther(t *testing.T) {
	doc := `<?xml version="1.0"?><martif type="TBX-Basic" xml:lang="en"><text><body>
<termEntry id="c1"><langSet xml:lang="en"><tig><term>city council</term></tig></langSet>
<langSet xml:lang="es"><ntig><termGrp><term>ayuntamiento</term></termGrp></ntig></langSet></termEntry>
</body></text></martif>`
	out, err := tbx.Read(strings.NewReader(doc), "es")
	if err != nil {
		t.Fatal(err)
	}
	want := []tbx.Entry{{SourceLang: "es", Term: "ayuntamiento", Kind: "term", Mode: tbx.ModeExact, Renderings: map[string]string{"en": "city council"}}}
	if !reflect.DeepEqual(out, want) {
		t.Fatalf("got %+v", out)
	}
}

// TestReadModes reads the modes as Weblate writes them: a term not to be
// translated, a forbidden translation, and an entry with a preferred and a
// deprecated term in one language.
func TestReadModes(t *testing.T) {
	doc := `<?xml version="1.0"?><martif type="TBX" xml:lang="en"><text><body>
<termEntry id="a"><langSet xml:lang="en"><tig><term>Weblate</term><termNote type="translationNote">no</termNote></tig></langSet></termEntry>
<termEntry id="b"><langSet xml:lang="en"><tig><term>bank</term></tig></langSet>
<langSet xml:lang="es"><tig><term>banca</term><termNote type="administrativeStatus">forbidden</termNote></tig></langSet></termEntry>
<termEntry id="c"><langSet xml:lang="en"><tig><term>bank</term></tig></langSet>
<langSet xml:lang="es"><tig><term>banca</term><termNote type="administrativeStatus">deprecatedTerm-admn-sts</termNote></tig><tig><term>banco</term><termNote type="administrativeStatus">preferredTerm-admn-sts</termNote></tig></langSet>
<langSet xml:lang="ca"><tig><term>bancada</term><termNote type="administrativeStatus">obsolete</termNote></tig></langSet></termEntry>
</body></text></martif>`
	out, err := tbx.Read(strings.NewReader(doc), "")
	if err != nil {
		t.Fatal(err)
	}
	want := []tbx.Entry{
		{SourceLang: "en", Term: "Weblate", Kind: "term", Mode: tbx.ModeKeep, Renderings: map[string]string{}},
		{SourceLang: "en", Term: "bank", Kind: "term", Mode: tbx.ModeForbidden, Renderings: map[string]string{"es": "banca"}},
		{SourceLang: "en", Term: "bank", Kind: "term", Mode: tbx.ModeExact, Renderings: map[string]string{"es": "banco"}},
	}
	if !reflect.DeepEqual(out, want) {
		t.Fatalf("got  %+v\nwant %+v", out, want)
	}
}

func TestReadRejects(t *testing.T) {
	for name, doc := range map[string]string{
		"not xml":    "{",
		"no martif":  `<glossary/>`,
		"no lang":    `<martif><text><body><termEntry><langSet><tig><term>x</term></tig></langSet></termEntry></body></text></martif>`,
		"empty term": `<martif><text><body><termEntry><langSet xml:lang="es"><tig><term> </term></tig></langSet></termEntry></body></text></martif>`,
		"twice":      `<martif><text><body><termEntry><langSet xml:lang="es"><tig><term>a</term></tig></langSet><langSet xml:lang="es"><tig><term>b</term></tig></langSet></termEntry></body></text></martif>`,
		"truncated":  `<martif><text><body><termEntry>`,
	} {
		if _, err := tbx.Read(strings.NewReader(doc), ""); !errors.Is(err, tbx.ErrInvalid) {
			t.Errorf("%s: %v", name, err)
		}
	}
}
