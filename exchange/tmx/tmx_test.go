package tmx_test

import (
	"bytes"
	"errors"
	"io"
	"reflect"
	"strings"
	"testing"
	"time"

	"newsbridge/exchange/tmx"
)

func TestRoundTrip(t *testing.T) {
	at := time.Date(2026, 3, 4, 5, 6, 7, 0, time.UTC)
	in := []tmx.TU{
		{SourceLang: "es", TargetLang: "ca", Source: "El <alcalde> & \"ella\"", Target: "L'alcalde & ella", CreationID: "marta", CreationDate: at,
			Props: []tmx.Prop{{Type: "x-origin", Value: "editor"}, {Type: "x-key", Value: "=El <alcalde>"}}},
		{SourceLang: "es", TargetLang: "ca", Source: "Abrirá en ⟦#1⟧.", Target: "Obrirà al ⟦#1⟧.", Props: []tmx.Prop{{Type: "x-origin", Value: "machine"}}},
	}
	var buf bytes.Buffer
	w := tmx.NewWriter(&buf, "es", "newsbridge")
	for _, u := range in {
		if err := w.Write(u); err != nil {
			t.Fatal(err)
		}
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(buf.String(), `<tuv xml:lang="es"><seg>El &lt;alcalde&gt;`) || !strings.Contains(buf.String(), `creationid="marta"`) {
		t.Fatalf("document:\n%s", buf.String())
	}
	r := tmx.NewReader(&buf)
	var out []tmx.TU
	for {
		u, err := r.Next()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, u)
	}
	if !reflect.DeepEqual(out, in) {
		t.Fatalf("round trip:\n got %+v\nwant %+v", out, in)
	}
}

func TestReaderRejects(t *testing.T) {
	for name, doc := range map[string]string{
		"empty":        "",
		"not xml":      "{",
		"three tuv":    `<tmx version="1.4"><body><tu><tuv xml:lang="a"><seg>1</seg></tuv><tuv xml:lang="b"><seg>2</seg></tuv><tuv xml:lang="c"><seg>3</seg></tuv></tu></body></tmx>`,
		"truncated":    `<tmx version="1.4"><body><tu><tuv xml:lang="a"><seg>1`,
		"huge segment": `<tmx version="1.4"><body><tu><tuv xml:lang="a"><seg>` + strings.Repeat("x", tmx.MaxSegmentBytes+1) + `</seg></tuv><tuv xml:lang="b"><seg>2</seg></tuv></tu></body></tmx>`,
	} {
		r := tmx.NewReader(strings.NewReader(doc))
		var err error
		for i := 0; i < 5 && err == nil; i++ {
			_, err = r.Next()
		}
		if !errors.Is(err, tmx.ErrInvalid) {
			t.Errorf("%s: %v", name, err)
		}
	}
}
