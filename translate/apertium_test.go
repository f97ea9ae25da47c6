package translate

import (
	"context"
	"encoding/json"
	"os"
	"regexp"
	"strings"
	"sync"
	"sync/atomic"
	"testing"

	"newsbridge/model"
	"newsbridge/translate/engine/apertium"
)

// These tests run the real Apertium pairs installed here (Debian apertium,
// apertium-spa-cat, apertium-es-gl, apertium-eng-spa, apertium-eng-cat,
// apertium-nno-nob) through the embedded engine.

// countingEngine counts the calls and texts that reach an engine.
type countingEngine struct {
	model.Engine
	calls, texts atomic.Int64
}

func (c *countingEngine) Translate(ctx context.Context, req model.EngineRequest) ([]string, error) {
	c.calls.Add(1)
	c.texts.Add(int64(len(req.Texts)))
	return c.Engine.Translate(ctx, req)
}

func (c *countingEngine) Version() string { return engineVersion(c.Engine) }

// shared is one embedded engine for all tests: each pair's pipeline starts
// once (seconds of CPU for nob-nno's twenty programs), closed by TestMain.
var (
	sharedOnce sync.Once
	shared     *apertium.Engine
)

func TestMain(m *testing.M) {
	code := m.Run()
	if shared != nil {
		shared.Close()
	}
	os.Exit(code)
}

// newApertium returns the shared engine behind a fresh call counter.
func newApertium(t *testing.T) *countingEngine {
	t.Helper()
	needApertium(t)
	sharedOnce.Do(func() { shared = apertium.New(apertium.Options{}) })
	return &countingEngine{Engine: shared}
}

func TestPlaceholderSurvivesApertium(t *testing.T) {
	e := newApertium(t)
	es := "⟦1⟧ dijo que ⟦2⟧la casa blanca⟦3⟧ de ⟦4⟧ costó ⟦5⟧ (⟦6⟧). Según ⟦7⟧, el ⟦8⟧⟦9⟧ del ⟦10⟧ es \"⟦11⟧\"; ⟦12⟧."
	en := "⟦1⟧ said that ⟦2⟧the white house⟦3⟧ of ⟦4⟧ cost ⟦5⟧ (⟦6⟧). According to ⟦7⟧, the ⟦8⟧⟦9⟧ of the ⟦10⟧ is \"⟦11⟧\"; ⟦12⟧."
	nb := "⟦1⟧ sa at ⟦2⟧det hvite huset⟦3⟧ til ⟦4⟧ kostet ⟦5⟧ (⟦6⟧). Ifølge ⟦7⟧ er ⟦8⟧⟦9⟧ til ⟦10⟧ \"⟦11⟧\"; ⟦12⟧."
	tests := []struct {
		pair model.Pair
		text string
	}{
		{model.Pair{From: "es", To: "ca"}, es}, {model.Pair{From: "es", To: "gl"}, es}, {model.Pair{From: "es", To: "en"}, es},
		{model.Pair{From: "en", To: "es"}, en}, {model.Pair{From: "en", To: "ca"}, en}, {model.Pair{From: "nb", To: "nn"}, nb},
	}
	re := regexp.MustCompile(`⟦(\d+)⟧`)
	for _, tc := range tests {
		out, err := e.Translate(context.Background(), model.EngineRequest{Pair: tc.pair, Texts: []string{tc.text, "⟦1⟧", "⟦1⟧⟦2⟧ ⟦3⟧."}})
		if err != nil {
			t.Fatalf("%s: %v", tc.pair, err)
		}
		var got []string
		for _, m := range re.FindAllStringSubmatch(out[0], -1) {
			got = append(got, m[1])
		}
		if strings.Join(got, ",") != "1,2,3,4,5,6,7,8,9,10,11,12" || strings.ContainsAny(out[0], "*#@") {
			t.Errorf("%s: placeholders damaged or moved: %q", tc.pair, out[0])
		}
		if !strings.Contains(out[1], "⟦1⟧") || !strings.Contains(out[2], "⟦1⟧⟦2⟧ ⟦3⟧") {
			t.Errorf("%s: bare placeholders damaged: %q %q", tc.pair, out[1], out[2])
		}
	}
}

func loadArticle(t *testing.T) *model.Article {
	t.Helper()
	b, err := os.ReadFile("testdata/articulo_es.json")
	if err != nil {
		t.Fatal(err)
	}
	var a model.Article
	if err := json.Unmarshal(b, &a); err != nil {
		t.Fatal(err)
	}
	return &a
}

// articleText gathers every translated field of a translation.
func articleText(tr *model.Translation) string {
	parts := []string{tr.Title, tr.Lead, tr.Category}
	for _, b := range tr.Blocks {
		parts = append(parts, blockText(b), b.Caption, b.Alt)
	}
	return strings.Join(parts, "\n")
}

func sourceText(a *model.Article) string {
	parts := []string{a.Title, a.Lead, a.Category}
	for _, b := range a.Blocks {
		parts = append(parts, blockText(b), b.Caption, b.Alt)
	}
	return strings.Join(parts, "\n")
}

// blockText is a block's markup when it has some, else its text.
func blockText(b model.Block) string {
	if b.HTML != "" {
		return b.HTML
	}
	return b.Text
}

var reMarked = regexp.MustCompile(`(^|[\s(«"])[*#@]\p{L}`)

func TestArticleApertiumProtectionGlossaryMemory(t *testing.T) {
	e := newApertium(t)
	mem := NewMemoryCache()
	gl := &staticGlossary{version: 3, terms: glossTerms()}
	tr := &Translator{Router: NewRouter(e), Memory: mem, Glossary: gl, Now: fixedNow}
	a := loadArticle(t)
	ctx := context.Background()

	got, err := tr.TranslateArticle(ctx, a, "ca")
	if err != nil {
		t.Fatal(err)
	}
	out, src := articleText(got), sourceText(a)
	t.Logf("title: %s\nlead: %s\nblock 2: %s", got.Title, got.Lead, got.Blocks[2].HTML)

	// protection: every span comes back byte for byte, as often as in the source
	for _, span := range []string{
		"https://www.langson.gov.vn/informe-2023.pdf?v=2", "prensa@langson.gov.vn", "ndo_br_dat09683.jpg",
		"13/14", "17.33", "1.234.567", "2,5 %", "25/08/2024", "10:30", "18:00", "2019", "2022",
		`<a href="https://www.langson.gov.vn/informe-2023.pdf?v=2">`, "<strong>prensa@langson.gov.vn</strong>", "<em>10:30</em>",
	} {
		if n, m := strings.Count(out, span), strings.Count(src, span); n != m || n == 0 {
			t.Errorf("%q: %d times in the translation, %d in the source", span, n, m)
		}
	}
	if got.Blocks[6].Src != a.Blocks[6].Src || got.Byline != "Ana Pérez" {
		t.Errorf("figure src or byline changed")
	}
	// glossary: one spelling, every time
	want := strings.Count(src, "Nguyen Phu Trong")
	if n := strings.Count(out, "Nguyễn Phú Trọng"); n != want || strings.Contains(out, "Nguyen Phu Trong") {
		t.Errorf("glossary: %d renderings for %d occurrences:\n%s", n, want, out)
	}
	if !strings.Contains(out, "Partit Popular") || strings.Contains(out, "Partido Popular") {
		t.Errorf("organization not rendered: %s", out)
	}
	// it is Catalan, without engine marks or placeholders
	for _, w := range []string{" va ", " amb ", "secretari general"} {
		if !strings.Contains(out, w) {
			t.Errorf("no %q in the translation", w)
		}
	}
	if reMarked.MatchString(out) || strings.ContainsAny(out, "⟦⟧") {
		t.Errorf("marks or placeholders left:\n%s", out)
	}
	for _, f := range got.Flags {
		if f.Kind == FlagProtected || f.Kind == FlagGlossary || f.Kind == FlagNumbers {
			t.Errorf("flag %+v", f)
		}
	}
	// one batch of sentences, and one of the candidate names' words when
	// the article has any outside the glossary (names.go)
	first := e.calls.Load()
	if first < 1 || first > 2 {
		t.Errorf("%d engine calls for one article, want 1 or 2 batches", first)
	}
	if got.Route != "es>ca" || got.Engine != "apertium" || got.GlossaryVersion != 3 {
		t.Errorf("route %q engine %q glossary %d", got.Route, got.Engine, got.GlossaryVersion)
	}
	for _, s := range got.Segments {
		if s.Engine != "apertium" || s.EngineVersion == "" || s.Route != "es>ca" || s.FromMemory {
			t.Errorf("provenance %+v", s)
		}
	}

	// second pass: all from memory, nothing sent, same text
	again, err := tr.TranslateArticle(ctx, a, "ca")
	if err != nil {
		t.Fatal(err)
	}
	if e.calls.Load() != first {
		t.Errorf("second pass called the engine")
	}
	if articleText(again) != out {
		t.Errorf("second pass differs")
	}
	for _, s := range again.Segments {
		if !s.FromMemory || s.Engine != "apertium" {
			t.Errorf("second pass segment %+v", s)
		}
	}

	// a glossary change makes machine entries stale: sent again
	gl.version = 4
	gl.terms[0].Renderings["ca"] = "Nguyen Phu Trong"
	third, err := tr.TranslateArticle(ctx, a, "ca")
	if err != nil {
		t.Fatal(err)
	}
	if e.calls.Load() != first+1 || !strings.Contains(third.Title, "Nguyen Phu Trong") {
		t.Errorf("glossary change: %d calls, title %q", e.calls.Load(), third.Title)
	}
}

func TestArticleApertiumOtherPairsAndPivot(t *testing.T) {
	e := newApertium(t)
	tr := &Translator{Router: NewRouter(e), Memory: NewMemoryCache(), Now: fixedNow}
	ctx := context.Background()
	a := loadArticle(t)
	gl, err := tr.TranslateArticle(ctx, a, "gl")
	if err != nil {
		t.Fatal(err)
	}
	if gl.Route != "es>gl" || !strings.Contains(gl.Lead, "13/14") || !strings.Contains(articleText(gl), "ndo_br_dat09683.jpg") {
		t.Errorf("es>gl: %q %q", gl.Route, gl.Lead)
	}
	en := &model.Article{Language: "en", Title: "The mayor of Springfield visited the new hospital on 3/4/2024",
		Blocks: []model.Block{{Type: model.BlockParagraph, Text: "Mr. Smith said the works cost 2.5 million euros. See https://example.org/plan.pdf for details."}}}
	out, err := tr.TranslateArticle(ctx, en, "gl")
	if err != nil {
		t.Fatal(err)
	}
	if out.Route != "en>es>gl" || out.Segments[0].Route != "en>es>gl" {
		t.Errorf("pivot route %q", out.Route)
	}
	body := out.Blocks[0].Text
	if !strings.Contains(body, "https://example.org/plan.pdf") || !strings.Contains(body, "2.5") || !strings.Contains(out.Title, "3/4/2024") {
		t.Errorf("pivot lost spans: %q / %q", out.Title, body)
	}
	if !strings.Contains(strings.ToLower(body), "euros") || strings.Contains(body, " said ") {
		t.Errorf("pivot did not translate: %q", body)
	}
	nn, flags, err := tr.TranslateText(ctx, "nb", "nn", "Jeg vil ikke gå hjem nå. Hun sa at det var 13/14 mål.")
	if err != nil || !strings.Contains(nn, "ikkje") || !strings.Contains(nn, "13/14") {
		t.Errorf("nb>nn: %q %v %+v", nn, err, flags)
	}
}

// The seeds' defects: the engine writes "efforts and efforts"; a name is
// spelled two ways. Through the real es>en pair, the translator flags the
// repetition and the glossary keeps one spelling.
func TestApertiumSeedDefects(t *testing.T) {
	e := newApertium(t)
	gl := &staticGlossary{version: 1, terms: glossTerms()}
	tr := &Translator{Router: NewRouter(e), Glossary: gl}
	text := "El secretario general Nguyen Phu Trong elogió los esfuerzos y esfuerzos de la provincia.\n\nNGUYEN PHU TRONG llegó a Lang Son."
	out, flags, err := tr.TranslateText(context.Background(), "es", "ca", text)
	if err != nil {
		t.Fatal(err)
	}
	if strings.Count(out, "Nguyễn Phú Trọng") != 2 {
		t.Errorf("names: %q", out)
	}
	var repeated bool
	for _, f := range flags {
		repeated = repeated || f.Kind == FlagRepeated && f.Field == "paragraph:1"
	}
	if !repeated {
		t.Errorf("no repeated flag for %q: %+v", out, flags)
	}
}

// Numbers travel through Apertium as numbers (⟦#n⟧ → a digit token), so its
// rules that need one still apply, and come back byte for byte.
func TestApertiumNumbersKeepTheirRole(t *testing.T) {
	e := newApertium(t)
	tr := &Translator{Router: NewRouter(e)}
	ctx := context.Background()
	es := "Esperaba desde hace 23 años.\n\nLa obra costará 17,33 millones y el 13/14 de los vecinos la apoya.\n\nSon 3.000 vecinos, el 25 % del total."
	nordic := "Vi har 23 hus og 17,33 kroner.\n\nDet koster 3.000 kroner, 25 % av 13/14."
	swedish := "Vi har 23 hus och 17,33 kronor.\n\nDet kostar 3.000 kronor, 25 % av 13/14."
	tests := []struct {
		from, to, text string
		want           []string
	}{
		{"es", "en", es, []string{"23 years ago", "17,33", "13/14", "3.000", "25 %"}},
		{"es", "ca", es, []string{"fa 23 anys", "17,33", "13/14", "3.000", "25 %"}},
		{"es", "gl", es, []string{"fai 23 anos", "17,33", "13/14", "3.000", "25 %"}},
		{"nb", "nn", nordic, []string{"23 hus", "17,33", "3.000", "25 %", "13/14"}},
		{"sv", "nb", swedish, []string{"23 hus", "17,33", "3.000", "25 %", "13/14"}},
	}
	for _, tc := range tests {
		pair := model.Pair{From: tc.from, To: tc.to}
		if tc.from == "sv" && !hasPair(t, e, pair) {
			continue // apertium-swe-nor not installed
		}
		out, flags, err := tr.TranslateText(ctx, tc.from, tc.to, tc.text)
		if err != nil {
			t.Fatalf("%s: %v", pair, err)
		}
		for _, w := range tc.want {
			if !strings.Contains(out, w) {
				t.Errorf("%s: %q lacks %q", pair, out, w)
			}
		}
		if strings.Contains(out, "⟦") || strings.Contains(out, "7700") || strings.Contains(out, "23.") {
			t.Errorf("%s: token left in %q", pair, out)
		}
		for _, f := range flags {
			if f.Kind == FlagNumbers || f.Kind == FlagProtected {
				t.Errorf("%s: %+v in %q", pair, f, out)
			}
		}
	}
}

func hasPair(t *testing.T, e model.Engine, p model.Pair) bool {
	t.Helper()
	ps, err := e.Pairs(context.Background())
	if err != nil {
		return false
	}
	for _, q := range ps {
		if q == p {
			return true
		}
	}
	return false
}

// A person's name is written one way in the whole text, in every pair, and
// Apertium still reads the protected name as the sentence's subject.
func TestApertiumNamesOneSpelling(t *testing.T) {
	e := newApertium(t)
	mem := NewMemoryCache()
	tr := &Translator{Router: NewRouter(e), Memory: mem}
	ctx := context.Background()
	text := "El entrenador, Rubén Castaño, habló ayer. Castaño dijo que el equipo está listo. Según Castaño, la afición fue clave."
	tests := []struct {
		to   string
		want []string
	}{
		{"en", []string{"The trainer, Rubén Castaño, spoke yesterday.", "Castaño said that", "According to Castaño,"}},
		{"ca", []string{"Rubén Castaño, va parlar ahir.", "Castaño va dir que", "Segons Castaño,"}},
		{"gl", []string{"Rubén Castaño, falou onte.", "Castaño dixo que", "Segundo Castaño,"}},
	}
	for _, tc := range tests {
		out, flags, err := tr.TranslateText(ctx, "es", tc.to, text)
		if err != nil {
			t.Fatal(err)
		}
		for _, w := range tc.want {
			if !strings.Contains(out, w) {
				t.Errorf("es>%s: %q lacks %q", tc.to, out, w)
			}
		}
		if strings.Count(out, "Castaño") != 3 {
			t.Errorf("es>%s: %q", tc.to, out)
		}
		for _, f := range flags {
			t.Errorf("es>%s: flag %+v", tc.to, f)
		}
	}
	// an editor's edit of a sentence still applies where the name in it is
	// protected (its key in the article has ⟦@1⟧)
	if _, err := tr.SaveEdit(ctx, "es", "en", "Castaño dijo que el equipo está listo.", "Castaño said the team is ready.", "ana", false); err != nil {
		t.Fatal(err)
	}
	out, _, err := tr.TranslateText(ctx, "es", "en", text)
	if err != nil || !strings.Contains(out, "Castaño said the team is ready.") {
		t.Errorf("edit not used: %q %v", out, err)
	}
}

// Places and institutions the engine knows are translated, lowercase words
// never belong to a protected name, and a person's name is written one way.
func TestNamesLeftToTheEngine(t *testing.T) {
	e := newApertium(t)
	tr := &Translator{Router: NewRouter(e), Memory: NewMemoryCache(), Now: fixedNow}
	ctx := context.Background()
	tests := []struct {
		from, to, in string
		want         []string
	}{
		{"es", "ca", "Un volcán lanza ceniza en Ciudad de México.", []string{"Ciutat de Mèxic"}},
		{"es", "ca", "Criticó a las fuerzas de ocupación de Estados Unidos, Francia y Turquía.", []string{"Estats Units, França i Turquia"}},
		{"es", "ca", "Habló ante la Asamblea General de las Naciones Unidas y el Consejo de Seguridad.", []string{"Nacions Unides", "Consell de Seguretat"}},
		{"es", "ca", "Las ciudades de Palu y Donggala se han visto afectadas.", []string{"Palu i Donggala"}},
		// a place the engine knows only as a whole, with its preposition
		{"es", "ca", "En Hong Kong, se vio creciente presión. Hong Kong vota en marzo.", []string{"A Hong Kong,"}},
		{"es", "en", "El nuevo tren de cercanías unirá Valdeloma y Almedina en 22 minutos.", []string{"Valdeloma and Almedina", "22"}},
		{"es", "ca", "Ayer habló Rubén Castaño. Según Castaño, el plan sigue.", []string{"Rubén Castaño", "Segons Castaño"}},
		{"en", "es", "President Barack Obama met the Dutch Gasunie in New York.", []string{"Barack Obama", "holandés", "Presidente"}},
		// a surname the engine knows as a word, after two name words
		{"en", "es", "The architect was a businessman, Charles Ranlett Flint. Flint hired a director.", []string{"Charles Ranlett Flint", "Flint contrató"}},
	}
	for _, tc := range tests {
		out, _, err := tr.TranslateText(ctx, tc.from, tc.to, tc.in)
		if err != nil {
			t.Fatal(err)
		}
		for _, w := range tc.want {
			if !strings.Contains(out, w) {
				t.Errorf("%s>%s %q = %q, want %q in it", tc.from, tc.to, tc.in, out, w)
			}
		}
	}
}

// A protected name before an English genitive: the engine moves the
// genitive as it does for a name it knows, and no placeholder token is
// left in the output ("*Nbqaaaha arrest" was).
func TestNameBeforeGenitive(t *testing.T) {
	e := newApertium(t)
	tr := &Translator{Router: NewRouter(e), Memory: NewMemoryCache(), Now: fixedNow}
	ctx := context.Background()
	text := "Peter Bethune was arrested. Sentiments are evident in the announcement of Peter Bethune’s arrest. Bethune's boat was seized, John said."
	for _, to := range []string{"ca", "es"} {
		out, _, err := tr.TranslateText(ctx, "en", to, text)
		if err != nil {
			t.Fatal(err)
		}
		want := map[string][]string{"ca": {"de l'arrest de Peter Bethune", "de Bethune", "John"}, "es": {"del arresto de Peter Bethune", "de Bethune", "John"}}[to]
		for _, w := range want {
			if !strings.Contains(out, w) {
				t.Errorf("en>%s: %q lacks %q", to, out, w)
			}
		}
		if strings.Contains(out, "Nbq") || strings.Contains(out, "Qzv") || strings.Count(out, "Bethune") != 3 || strings.Contains(out, "’s") {
			t.Errorf("en>%s: %q", to, out)
		}
	}
}

// Elision before a protected file name or name, in Catalan.
func TestElisionBeforeSpanApertium(t *testing.T) {
	e := newApertium(t)
	tr := &Translator{Router: NewRouter(e), Memory: NewMemoryCache(), Now: fixedNow}
	out, _, err := tr.TranslateText(context.Background(), "es", "ca", "Foto de arrakis.es. La casa de Ana Belén Aguirre es grande. Aguirre habló.")
	if err != nil {
		t.Fatal(err)
	}
	for _, w := range []string{"d'arrakis.es", "d'Ana Belén Aguirre"} {
		if !strings.Contains(out, w) {
			t.Errorf("%q lacks %q", out, w)
		}
	}
}

// A given name the engine knows as a word, before a surname the article
// also writes alone, is part of the person's name: "Gene" is no "Gen",
// "Roman" no "Romano", and the name is written one way in the article.
// A title before a name, and an adjective, stay the engine's to translate,
// and so does a compound adjective, whose last word is no surname.
func TestGivenNameKnownAsWord(t *testing.T) {
	e := newApertium(t)
	tr := &Translator{Router: NewRouter(e), Memory: NewMemoryCache(), Now: fixedNow}
	ctx := context.Background()
	tests := []struct {
		in        string
		want, not []string
	}{
		{"I remember that Gene Bartow, who coached here, called me. Bartow then recommended a shooter.",
			[]string{"Gene Bartow", "Bartow"}, []string{"Gen Bartow"}},
		{"The dispute is about his ties to Roman Berbr, head of the regional association. Support from Berbr would harm the club.",
			[]string{"Roman Berbr", "de Berbr"}, []string{"Romano"}},
		{"He looked up Bill Hewlett in the phone book. Later he worked for Hewlett in the summer.",
			[]string{"Bill Hewlett"}, []string{"Enuncia", "Factura"}},
		// a title and a place word before the surname are translated
		{"Senator Bartow spoke on Monday. Bartow said the bill would pass.", []string{"Senador Bartow", "lunes. Bartow"}, []string{"Senator"}},
		// an adjective of nationality, a title after another word
		{"Many German Turks distrust the state. Turks protested in Berlin.", []string{"alemanes"}, []string{"German"}},
		{"The former European Commissioner Monti must approve the package. Monti said so.", []string{"Comisario"}, []string{"Commissioner"}},
		// a compound adjective is no name: "Swiss" is not protected alone
		{"The Italo-Swiss banker was a transitional solution. He wants to turn back to Swiss roots.", []string{"raíces suizas"}, []string{"Swiss raíces"}},
		// a word the article writes only before the name stays the engine's
		{"President Barack Obama met the Dutch Gasunie in New York.", []string{"Barack Obama", "holandés", "Presidente"}, nil},
	}
	for _, tc := range tests {
		out, _, err := tr.TranslateText(ctx, "en", "es", tc.in)
		if err != nil {
			t.Fatal(err)
		}
		for _, w := range tc.want {
			if !strings.Contains(out, w) {
				t.Errorf("%q = %q, want %q in it", tc.in, out, w)
			}
		}
		for _, w := range tc.not {
			if strings.Contains(out, w) {
				t.Errorf("%q = %q, want no %q", tc.in, out, w)
			}
		}
	}
}

// English ordinals are the engine's to write: Roman numerals for
// centuries, its own ordinal sign elsewhere; not frozen in English ("el
// 19th y 20th siglos"), and no number flag for the Roman numerals.
func TestOrdinalsLeftToTheEngine(t *testing.T) {
	e := newApertium(t)
	tr := &Translator{Router: NewRouter(e), Memory: NewMemoryCache(), Now: fixedNow}
	ctx := context.Background()
	tests := []struct {
		to, in string
		want   []string
	}{
		{"es", "The causes should be sought in the liberalisation of the economy in the 19th and 20th centuries.", []string{"los siglos XIX y XX"}},
		{"es", "Nani (24th minute) and Veloso (80th) scored the other goals.", []string{"24.º", "80.º"}},
		{"ca", "It was built in the 21st century, on 3 May.", []string{"segle XXI", "3 de maig"}},
	}
	for _, tc := range tests {
		out, flags, err := tr.TranslateText(ctx, "en", tc.to, tc.in)
		if err != nil {
			t.Fatal(err)
		}
		for _, w := range tc.want {
			if !strings.Contains(out, w) {
				t.Errorf("en>%s %q = %q, want %q in it", tc.to, tc.in, out, w)
			}
		}
		if strings.Contains(out, "th") && strings.ContainsAny(out, "0123456789") && strings.Contains(out, "th ") {
			t.Errorf("en>%s: English ordinal kept: %q", tc.to, out)
		}
		for _, f := range flags {
			if f.Kind == FlagNumbers {
				t.Errorf("en>%s %q: %+v", tc.to, tc.in, f)
			}
		}
	}
	// a number glued to other letters is no ordinal
	for in, want := range map[string][]string{"the 19th, 3rd and 21st": {"19", "3", "21"}, "5three 4this 20 G7th": nil} {
		if got := ordinalValues(in); strings.Join(got, " ") != strings.Join(want, " ") {
			t.Errorf("ordinalValues(%q) = %q", in, got)
		}
	}
}

// Elision before a number read with a vowel, in Catalan, as the engine
// writes it when it sees the digits ("l'1 de febrer", was "el 1 de
// febrer"); not before other numbers.
func TestElisionBeforeNumberApertium(t *testing.T) {
	e := newApertium(t)
	tr := &Translator{Router: NewRouter(e), Memory: NewMemoryCache(), Now: fixedNow}
	out, _, err := tr.TranslateText(context.Background(), "es", "ca", "Fue elegido presidente del Senado el 1 de febrero en una votación secreta. La marcha del 11 de septiembre reunió a 1.500 personas el 5 de octubre.")
	if err != nil {
		t.Fatal(err)
	}
	for _, w := range []string{"l'1 de febrer", "de l'11 de setembre", "1.500 persones", "el 5 d'octubre"} {
		if !strings.Contains(out, w) {
			t.Errorf("%q lacks %q", out, w)
		}
	}
	for n, want := range map[string]bool{"1": true, "11": true, "1,5": true, "11.000": true, "1.500": false, "1.000.000": true, "5": false, "10": false, "111": false, "1º": true} {
		if vowelNumber(n) != want {
			t.Errorf("vowelNumber(%q) = %v", n, !want)
		}
	}
}

// An ordinal with a sign is written as the target writes it: Catalan "4a",
// "1r", English "4th"; Galician keeps the sign.
func TestOrdinalSignLocalised(t *testing.T) {
	e := newApertium(t)
	tr := &Translator{Router: NewRouter(e), Memory: NewMemoryCache(), Now: fixedNow}
	in := "Este tema se trató en la 4ª Conferencia Mundial sobre la Mujer, el 1.º de mayo."
	for to, want := range map[string][]string{"ca": {"la 4a Conferència", "1r de maig"}, "en": {"4th", "1st"}, "gl": {"4ª", "1.º"}} {
		out, flags, err := tr.TranslateText(context.Background(), "es", to, in)
		if err != nil {
			t.Fatal(err)
		}
		for _, w := range want {
			if !strings.Contains(out, w) {
				t.Errorf("es>%s: %q lacks %q", to, out, w)
			}
		}
		for _, f := range flags {
			if f.Kind == FlagNumbers {
				t.Errorf("es>%s: %+v", to, f)
			}
		}
	}
	for n, want := range map[string]string{"2º": "2n", "5ª": "5a", "11º": "11è", "21.º": "21è", "25°": "25°", "12": "12"} {
		if got := localOrdinal(n, "ca"); got != want {
			t.Errorf("localOrdinal(%q, ca) = %q, want %q", n, got, want)
		}
	}
	for n, want := range map[string]string{"2º": "2nd", "3ª": "3rd", "11º": "11th", "21.º": "21st", "112ª": "112th"} {
		if got := localOrdinal(n, "en"); got != want {
			t.Errorf("localOrdinal(%q, en) = %q, want %q", n, got, want)
		}
	}
}
