package xliff_test

import (
	"bytes"
	"encoding/json"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"newsbridge/exchange/xliff"
)

func sample() xliff.File {
	return xliff.File{Original: "article/7", SourceLang: "es", TargetLang: "ca", Units: []xliff.Unit{
		{ID: "0", ResName: "title", Source: "Obras & <ruido> en \"el\" centro", Target: "Obres & <soroll> al centre", State: "translated", Notes: []string{"origin: editor (marta)"}},
		{ID: "1", ResName: "block:0", HTML: true,
			Source: `Según <a href="https://x.test/a?b=1&amp;c=2">el <em>informe</em></a>, usa <code>rm -rf &lt;dir&gt;</code> hoy.`,
			Target: `Segons <a href="https://x.test/a?b=1&amp;c=2">l&#39;<em>informe</em></a>, fa servir <code>rm -rf &lt;dir&gt;</code> avui.`,
			State:  "needs-review-translation", Approved: true, Notes: []string{"numbers: a number is missing", "origin: machine (apertium)"}},
		{ID: "2", ResName: "block:1", HTML: true, Source: "<strong>Uno</strong> y <b>dos</b>", Target: "<b>dos</b> i <strong>un</strong>"},
	}}
}

func TestRoundTrip(t *testing.T) {
	in := sample()
	var buf bytes.Buffer
	if err := xliff.Write(&buf, in); err != nil {
		t.Fatal(err)
	}
	doc := buf.String()
	for _, want := range []string{`<g id="1" ctype="link" xhtml:href="https://x.test/a?b=1&amp;c=2">`, `<g id="2" ctype="x-html-em">`,
		`<ph id="3" ctype="x-html-code">&lt;code&gt;rm -rf &amp;lt;dir&amp;gt;&lt;/code&gt;</ph>`, `<trans-unit id="1" resname="block:0" approved="yes"`,
		// a reordered target keeps each element's code
		`<target><g id="2" ctype="bold">dos</g> i <g id="1" ctype="x-html-strong">un</g></target>`} {
		if !strings.Contains(doc, want) {
			t.Errorf("missing %s in\n%s", want, doc)
		}
	}
	out, err := xliff.Read(strings.NewReader(doc))
	if err != nil {
		t.Fatal(err)
	}
	for i := range in.Units {
		if in.Units[i].HTML {
			in.Units[i].Source, in.Units[i].Target = xliff.Canonical(in.Units[i].Source), xliff.Canonical(in.Units[i].Target)
		}
	}
	if !reflect.DeepEqual(*out, in) {
		t.Fatalf("round trip:\n got %+v\nwant %+v", *out, in)
	}
	// and again, byte for byte
	var again bytes.Buffer
	xliff.Write(&again, *out)
	if again.String() != doc {
		t.Fatalf("second write differs:\n%s\n%s", again.String(), doc)
	}
}

func TestReadRejects(t *testing.T) {
	head := `<xliff version="1.2" xmlns="urn:oasis:names:tc:xliff:document:1.2"><file original="a" source-language="es" target-language="ca" datatype="html"><body>`
	for name, doc := range map[string]string{
		"not xml":        "{}",
		"version":        `<xliff version="2.0"><file/></xliff>`,
		"no file":        `<xliff version="1.2"></xliff>`,
		"unknown code":   head + `<trans-unit id="1" datatype="html"><source>a <g id="1" ctype="bold">b</g></source><target><g id="9" ctype="bold">b</g></target></trans-unit></body></file></xliff>`,
		"markup in text": head + `<trans-unit id="1" datatype="plaintext"><source>a</source><target><g id="1">b</g></target></trans-unit></body></file></xliff>`,
		"no id":          head + `<trans-unit><source>a</source></trans-unit></body></file></xliff>`,
		"truncated":      head + `<trans-unit id="1"><source>a</source>`,
	} {
		if _, err := xliff.Read(strings.NewReader(doc)); !errors.Is(err, xliff.ErrInvalid) {
			t.Errorf("%s: %v", name, err)
		}
	}
}

func FuzzRead(f *testing.F) {
	var buf bytes.Buffer
	xliff.Write(&buf, sample())
	f.Add(buf.String())
	f.Fuzz(func(t *testing.T, doc string) {
		xliff.Read(strings.NewReader(doc))
	})
}

// TestReadByTranslateToolkit: Debian's translate-toolkit reads a file with
// inline codes and finds every unit, its codes' text kept in place.
func TestReadByTranslateToolkit(t *testing.T) {
	if err := exec.Command("/usr/bin/python3", "-c", "import translate.storage.xliff").Run(); err != nil {
		if os.Getenv("NEWSBRIDGE_REQUIRE_TRANSLATE_TOOLKIT") == "1" {
			t.Fatalf("translate-toolkit is missing (apt-get install translate-toolkit): %v", err)
		}
		t.Skipf("translate-toolkit is missing: %v", err)
	}
	path := filepath.Join(t.TempDir(), "sample.xlf")
	var buf bytes.Buffer
	xliff.Write(&buf, sample())
	if err := os.WriteFile(path, buf.Bytes(), 0o600); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command("/usr/bin/python3", "-c", `import sys, json
from translate.storage import xliff
s = xliff.xlifffile.parsestring(open(sys.argv[1], "rb").read())
print(json.dumps([[u.getid(), u.source, u.target] for u in s.units]))`, path).CombinedOutput()
	if err != nil {
		t.Fatalf("translate-toolkit: %v\n%s", err, out)
	}
	var units [][3]string
	if err := json.Unmarshal(out, &units); err != nil {
		t.Fatalf("%v: %s", err, out)
	}
	want := [][3]string{
		{"article/7\x040", `Obras & <ruido> en "el" centro`, "Obres & <soroll> al centre"},
		{"article/7\x041", "Según el informe, usa <code>rm -rf &lt;dir&gt;</code> hoy.", "Segons l'informe, fa servir <code>rm -rf &lt;dir&gt;</code> avui."},
		{"article/7\x042", "Uno y dos", "dos i un"},
	}
	if !reflect.DeepEqual(units, want) {
		t.Fatalf("translate-toolkit read\n%q\nwant\n%q", units, want)
	}
}
