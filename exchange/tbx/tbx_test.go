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
		{SourceLang: "es", Term: "Valdemora", Kind: "place", Renderings: map[string]string{}},
		{SourceLang: "es", Term: "pleno & <consejo>", Kind: "term", Renderings: map[string]string{"ca": "ple", "gl": "pleno \"municipal\""}},
		{SourceLang: "en", Term: "Newsbridge", Kind: "do-not-translate", Renderings: map[string]string{}},
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
	want := []tbx.Entry{{SourceLang: "es", Term: "ayuntamiento", Kind: "term", Renderings: map[string]string{"en": "city council"}}}
	if !reflect.DeepEqual(out, want) {
		t.Fatalf("got %+v", out)
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
