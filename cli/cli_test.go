package cli

import (
	"bytes"
	"encoding/json"
	"os"
	"strings"
	"testing"

	"newsbridge/model"
)

func run(t *testing.T, stdin string, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	var out, errb bytes.Buffer
	code = Main(args, strings.NewReader(stdin), &out, &errb)
	return code, out.String(), errb.String()
}

const page = `<!doctype html><html lang="es"><head><meta charset="utf-8"><title>Valdemora abre su mercado</title>
<link rel="canonical" href="https://diario.example/economia/mercado.html"></head><body>
<article><h1>Valdemora abre su mercado</h1>
<p>El mercado de abastos de Valdemora abrirá los domingos a partir de marzo, según anunció ayer el ayuntamiento.</p>
<figure><img src="/img/ndo_br_dat09683.jpg" alt="El mercado" width="640" height="480"><figcaption>El mercado, en febrero.</figcaption></figure>
<p>Los comerciantes celebran la medida, que llega después de dos años de negociaciones con el consistorio.</p>
</article></body></html>`

func TestExtractCommand(t *testing.T) {
	code, out, errOut := run(t, page, "extract", "--url", "https://diario.example/economia/mercado.html")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	var a model.Article
	if err := json.Unmarshal([]byte(out), &a); err != nil {
		t.Fatalf("not JSON: %v\n%s", err, out)
	}
	if a.Title != "Valdemora abre su mercado" || a.Language != "es" || !strings.Contains(a.Text, "\n\n") {
		t.Fatalf("article: %+v", a)
	}
	if strings.Contains(a.Text, "ndo_br_dat09683") {
		t.Error("an image file name became text")
	}
	var fig *model.Block
	for i := range a.Blocks {
		if a.Blocks[i].Type == model.BlockFigure {
			fig = &a.Blocks[i]
		}
	}
	if fig == nil || fig.Src != "https://diario.example/img/ndo_br_dat09683.jpg" || fig.Caption != "El mercado, en febrero." {
		t.Fatalf("figure: %+v", fig)
	}
	if strings.Contains(out, "0001-01-01") {
		t.Error("a missing date must be left out, not printed as year 1")
	}
	for _, bad := range []string{"", "\x00\x01\x02\xff\xfe binary"} {
		if code, _, errOut := run(t, bad, "extract"); code != 1 || errOut == "" {
			t.Errorf("extract %q: exit %d, stderr %q", bad, code, errOut)
		}
	}
	if code, _, _ := run(t, "", "extract", "/no/such/file.html"); code != 1 {
		t.Errorf("missing file: exit %d", code)
	}
	if code, _, _ := run(t, "", "extract", "a", "b"); code != 2 {
		t.Errorf("two files: exit %d, want usage error", code)
	}
}

func TestTranslateCommand(t *testing.T) {
	if _, err := os.Stat("/usr/share/apertium/modes/spa-cat.mode"); err != nil {
		t.Skip("Apertium's spa-cat pair is not installed")
	}
	data := t.TempDir()
	text := "La obra costará 17,33 millones de euros.\n\nMás información en https://valdemora.example/obras y en el correo obras@valdemora.example.\n"
	code, out, errOut := run(t, text, "translate", "--from", "es", "--to", "ca", "--data", data)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	paras := strings.Split(strings.TrimSpace(out), "\n\n")
	if len(paras) != 2 || !strings.Contains(paras[0], "milions") {
		t.Fatalf("paragraphs must be kept: %q", out)
	}
	for _, keep := range []string{"17,33", "https://valdemora.example/obras", "obras@valdemora.example"} {
		if !strings.Contains(out, keep) {
			t.Errorf("%q did not survive: %q", keep, out)
		}
	}
	// An article JSON comes back as an article JSON.
	_, art, _ := run(t, page, "extract", "--url", "https://diario.example/economia/mercado.html")
	code, out, errOut = run(t, art, "translate", "--to", "ca", "--data", data)
	if code != 0 {
		t.Fatalf("article: exit %d: %s", code, errOut)
	}
	var a model.Article
	if err := json.Unmarshal([]byte(out), &a); err != nil || a.Language != "ca" || !strings.Contains(a.Title, "Valdemora") {
		t.Fatalf("translated article: %+v %v", a, err)
	}
	for _, b := range a.Blocks {
		if b.Type == model.BlockFigure && b.Src != "https://diario.example/img/ndo_br_dat09683.jpg" {
			t.Errorf("figure src must not be translated: %q", b.Src)
		}
	}
	if code, _, errOut := run(t, "Hola.", "translate", "--from", "es", "--to", "ar", "--data", data); code != 1 || !strings.Contains(errOut, "no engine") {
		t.Errorf("a pair with no engine: exit %d, %q", code, errOut)
	}
	if code, _, _ := run(t, "Hola.", "translate", "--from", "es", "--data", data); code != 2 {
		t.Errorf("missing --to: exit %d", code)
	}
	if code, _, _ := run(t, "Hola.", "translate", "--to", "ca", "--data", data); code != 2 {
		t.Errorf("plain text without --from: exit %d", code)
	}
}

func TestUnknownCommandAndHelp(t *testing.T) {
	if code, _, _ := run(t, "", "frobnicate"); code != 2 {
		t.Errorf("unknown command: exit %d", code)
	}
	code, out, _ := run(t, "", "help")
	if code != 0 || !strings.Contains(out, "serve") || !strings.Contains(out, "extract") {
		t.Errorf("help: %d %q", code, out)
	}
}

func TestSourceCommands(t *testing.T) {
	data := t.TempDir()
	if code, out, errOut := run(t, "", "source", "add", "https://diario.example/feed.xml", "--language", "es", "--data", data); code != 0 || !strings.Contains(out, "source 1 added") {
		t.Fatalf("add: %d %q %q", code, out, errOut)
	}
	if code, _, errOut := run(t, "", "source", "add", "https://diario.example/feed.xml", "--data", data); code != 1 || !strings.Contains(errOut, "already followed") {
		t.Errorf("add twice: %d %q", code, errOut)
	}
	if code, _, _ := run(t, "", "source", "add", "--language", "not a tag", "https://x.example/f", "--data", data); code != 2 {
		t.Errorf("bad language: %d", code)
	}
	code, out, _ := run(t, "", "source", "list", "--data", data)
	if code != 0 || !strings.Contains(out, "https://diario.example/feed.xml") {
		t.Errorf("list: %d %q", code, out)
	}
	if code, _, _ := run(t, "", "source", "remove", "7", "--data", data); code != 1 {
		t.Errorf("remove unknown: %d", code)
	}
}

func TestGlossaryModes(t *testing.T) {
	data := t.TempDir()
	if code, _, errOut := run(t, "", "glossary", "add", "--from", "es", "--kind", "place", "--mode", "do-not-translate", "Ribera", "--data", data); code != 0 {
		t.Fatalf("add: %d %q", code, errOut)
	}
	if code, _, errOut := run(t, "", "glossary", "add", "--from", "es", "--mode", "bogus", "x", "--data", data); code == 0 || !strings.Contains(errOut, "unknown mode") {
		t.Errorf("bad mode: %d %q", code, errOut)
	}
	csvIn := "source_lang,term,kind,renderings,mode\nes,afición,term,en=hobby,forbidden\nes,pleno,term,ca=ple\n"
	if code, out, errOut := run(t, csvIn, "glossary", "import", "-", "--data", data); code != 0 || !strings.Contains(out, "2 terms") {
		t.Fatalf("import: %d %q %q", code, out, errOut)
	}
	code, out, _ := run(t, "", "glossary", "export", "--data", data)
	want := "source_lang,term,kind,renderings,mode\nes,Ribera,place,,do-not-translate\nes,afición,term,en=hobby,forbidden\nes,pleno,term,ca=ple,exact\n"
	if code != 0 || out != want {
		t.Errorf("export: %d\n%s\nwant\n%s", code, out, want)
	}
}

// TestGroupHelp: a command made of sub-commands answers -h, --help and help
// with its sub-commands on stdout (exit 0), and nothing with them on stderr
// (exit 2).
func TestGroupHelp(t *testing.T) {
	for _, g := range []string{"source", "glossary", "comments", "user", "review"} {
		for _, h := range []string{"-h", "--help", "help"} {
			code, out, errs := run(t, "", g, h)
			if code != 0 || !strings.HasPrefix(out, "usage: newsbridge "+g+" ") || errs != "" {
				t.Errorf("%s %s: %d, stdout %q, stderr %q", g, h, code, out, errs)
			}
		}
		if code, out, errs := run(t, "", g); code != 2 || out != "" || !strings.Contains(errs, g+" ") {
			t.Errorf("%s alone: %d, stdout %q, stderr %q", g, code, out, errs)
		}
	}
}
