package extract

import (
	"bytes"
	"errors"
	"strings"
	"testing"
	"time"

	"golang.org/x/text/encoding/charmap"
	"golang.org/x/text/encoding/unicode"

	"newsbridge/model"
)

const articleHTML = `<!doctype html><html lang="es"><head><meta charset="utf-8"><title>Titular de prueba</title></head>
<body><article><h1>Titular de prueba</h1><div class="entry-content">
<p>Los embalses de la cuenca almacenan apenas una parte de su capacidad total, según el último boletín hidrológico publicado este lunes.</p>
<p>La consejería ha fijado una dotación máxima para los regantes, menos de la mitad de lo habitual en una campaña normal de primavera.</p>
</div></article></body></html>`

func TestBadInput(t *testing.T) {
	big := bytes.Repeat([]byte("<p>a</p>"), MaxInputSize/8+1)
	tests := []struct {
		name string
		body []byte
		ct   string
		url  string
	}{
		{"empty", nil, "", ""},
		{"white space", []byte(" \n\t "), "", ""},
		{"png", []byte("\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR"), "", ""},
		{"pdf", []byte("%PDF-1.7\n%âãÏÓ\n1 0 obj"), "", ""},
		{"gzip", []byte("\x1f\x8b\x08\x00\x00\x00\x00\x00<html>"), "", ""},
		{"binary with NUL", []byte("<html>\x00\x01\x02\x03\x00body"), "", ""},
		{"plain text", []byte("just some words without markup"), "", ""},
		{"image content type", []byte(articleHTML), "image/jpeg", ""},
		{"too large", big, "", ""},
		{"javascript page URL", []byte(articleHTML), "", "javascript:alert(1)"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a, err := ExtractBytes(tt.body, tt.ct, tt.url)
			if err == nil {
				t.Fatalf("want an error, got article %+v", a)
			}
			var me *model.Error
			if !errors.As(err, &me) || me.Code != model.EInvalid {
				t.Fatalf("want *model.Error with code invalid, got %T %v", err, err)
			}
		})
	}
}

func TestExtractReaderTooLarge(t *testing.T) {
	r := strings.NewReader(strings.Repeat("<p>abcdefgh</p>", MaxInputSize/15+2))
	if _, err := Extract(r, "", ""); model.ErrorCode(err) != model.EInvalid {
		t.Fatalf("want invalid error for a page over %d bytes, got %v", MaxInputSize, err)
	}
}

// Pages that are HTML but hostile or empty give a valid article, never a
// panic or a hang.
func TestHostilePages(t *testing.T) {
	deep := strings.Repeat("<div>", 10000) + "<p>" + strings.Repeat("Deep text here. ", 20) + "</p>" + strings.Repeat("</div>", 10000)
	tests := []struct {
		name       string
		body       string
		wantReason bool
	}{
		{"10000-deep nesting", deep, false},
		{"deep inline nesting", strings.Repeat("<b><i>", 5000) + "text", true},
		{"broken markup", `<html><body><div class="entry-content"><p>Unclosed paragraph with enough words to count as text in a body, <b>bold <i>italic</b> mixed</i> and more words follow here so the paragraph is long enough.<div><p>Second paragraph inside an unclosed div, still long enough to be read as part of the article body text.</table></td>`, false},
		{"no article", `<html><head><title>Home</title></head><body><nav><a href="/a">A</a> <a href="/b">B</a></nav><ul><li><a href="/1">Story one</a></li><li><a href="/2">Story two</a></li></ul></body></html>`, true},
		{"only a title", `<html><head><title>Only a title</title></head><body></body></html>`, true},
		{"comment section only", `<html><body><div id="comments"><p>First! This is a comment that is rather long and should never be taken for the article body text.</p><p>Another comment that is also rather long and should never be taken for the article body.</p></div></body></html>`, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			done := make(chan struct{})
			var a *model.Article
			var err error
			go func() {
				defer close(done)
				a, err = ExtractBytes([]byte(tt.body), "", "https://example.com/x")
			}()
			select {
			case <-done:
			case <-time.After(20 * time.Second):
				t.Fatal("extraction hangs")
			}
			if err != nil {
				t.Fatalf("ExtractBytes: %v", err)
			}
			if tt.wantReason {
				if a.Reason == "" || len(a.Blocks) != 0 || a.Text != "" {
					t.Fatalf("want empty article with a reason, got reason %q, %d blocks", a.Reason, len(a.Blocks))
				}
			} else if a.Reason != "" || a.Text == "" {
				t.Fatalf("want a body, got reason %q", a.Reason)
			}
		})
	}
}

func TestCharsets(t *testing.T) {
	const text = "Señora Núñez pidió más información sobre la niña y el pingüino del año pasado en la ciudad."
	page := func(meta string) string {
		return `<html><head>` + meta + `<title>Prueba</title></head><body><div class="entry-content"><p>` + text + `</p><p>` + text + ` Otra vez.</p></div></body></html>`
	}
	latin1, _ := charmap.Windows1252.NewEncoder().String(page(`<meta http-equiv="Content-Type" content="text/html; charset=windows-1252">`))
	noMeta, _ := charmap.Windows1252.NewEncoder().String(page(""))
	utf16, _ := unicode.UTF16(unicode.LittleEndian, unicode.UseBOM).NewEncoder().String(page(""))
	tests := []struct {
		name, body, ct string
	}{
		{"utf-8 declared", page(`<meta charset="utf-8">`), ""},
		{"utf-8 undeclared", page(""), ""},
		{"windows-1252 in meta", latin1, ""},
		{"windows-1252 in header only", noMeta, "text/html; charset=ISO-8859-1"},
		{"windows-1252 undeclared", noMeta, ""},
		{"utf-8 declared as latin-1", page(`<meta charset="iso-8859-1">`), ""},
		{"utf-8 body, latin-1 header", page(""), "text/html; charset=iso-8859-1"},
		{"latin-1 declared as utf-8", noMeta, "text/html; charset=utf-8"},
		{"utf-16 with BOM", utf16, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a, err := ExtractBytes([]byte(tt.body), tt.ct, "")
			if err != nil {
				t.Fatal(err)
			}
			if len(a.Blocks) == 0 || a.Blocks[0].Text != text {
				t.Fatalf("first block = %+v, want %q", a.Blocks, text)
			}
		})
	}
}

// Inline markup survives only as a, em, strong, b, i and code, with
// absolute http(s) links and escaped attribute values.
func TestSanitizedInlineHTML(t *testing.T) {
	body := `<html><body><div class="entry-content"><p>Read <a href="/rel/path?a=1&b=2" onclick="steal()">the report</a>, <em>not</em> the
<a href="javascript:alert(1)">summary</a> or <a href='https://x.example/"><script>alert(1)</script>'>this</a>; <span style="color:red"><strong>really</strong></span>
<img src="x" onerror="alert(1)"> <code>x &lt; y</code> <u>under</u> <script>alert(2)</script><iframe src="https://evil.example"></iframe> and that is all the text we need here.</p></div></body></html>`
	a, err := ExtractBytes([]byte(body), "", "https://news.example.com/a/b.html")
	if err != nil {
		t.Fatal(err)
	}
	var p model.Block
	for _, b := range a.Blocks {
		if b.Type == model.BlockParagraph {
			p = b
			break
		}
	}
	wantHTML := `Read <a href="https://news.example.com/rel/path?a=1&amp;b=2">the report</a>, <em>not</em> the summary or <a href="https://x.example/%22%3E%3Cscript%3Ealert%281%29%3C/script%3E">this</a>; <strong>really</strong> <code>x &lt; y</code> under and that is all the text we need here.`
	if p.HTML != wantHTML {
		t.Errorf("HTML:\n got %s\nwant %s", p.HTML, wantHTML)
	}
	wantText := "Read the report, not the summary or this; really x < y under and that is all the text we need here."
	if p.Text != wantText {
		t.Errorf("Text:\n got %q\nwant %q", p.Text, wantText)
	}
	for _, bad := range []string{"onclick", "onerror", "javascript", "<script", "<iframe", "<span", "<u>", "style="} {
		if strings.Contains(p.HTML, bad) {
			t.Errorf("HTML keeps %q: %s", bad, p.HTML)
		}
	}
}

func TestArticleBodyFallback(t *testing.T) {
	body := `<html><head><script type="application/ld+json">{"@context":"https://schema.org","@type":"NewsArticle","headline":"Rendered by script",
"datePublished":"2024-05-01T10:00:00+02:00","author":[{"@type":"Person","name":"Ana Gil"},{"@type":"Person","name":"Joan Puig"}],
"articleBody":"First paragraph of the body, which the page only renders with JavaScript.\nSecond paragraph of the body, which is also only in the JSON-LD."}</script></head>
<body><div id="app"><h1>Rendered by script</h1><p>Loading…</p></div></body></html>`
	a, err := ExtractBytes([]byte(body), "", "https://example.com/x")
	if err != nil {
		t.Fatal(err)
	}
	if len(a.Blocks) != 2 || a.Blocks[1].Text != "Second paragraph of the body, which is also only in the JSON-LD." {
		t.Fatalf("blocks = %+v", a.Blocks)
	}
	if a.Byline != "Ana Gil, Joan Puig" {
		t.Errorf("byline = %q", a.Byline)
	}
	if want := time.Date(2024, 5, 1, 8, 0, 0, 0, time.UTC); !a.Published.Equal(want) || a.Published.Location() != time.UTC {
		t.Errorf("published = %v, want %v UTC", a.Published, want)
	}
	if a.Title != "Rendered by script" {
		t.Errorf("title = %q", a.Title)
	}
}

func TestParseVisibleDate(t *testing.T) {
	tests := []struct {
		in, lang string
		want     string // RFC3339 in UTC, "" for no date
	}{
		{"30/10/2025 14:30 (GMT+7)", "", "2025-10-30T07:30:00Z"},
		{"Thứ năm, ngày 30 tháng 10 năm 2025, 14:30 (GMT+7)", "vi", "2025-10-30T07:30:00Z"},
		{"30. oktober 2025 kl. 09:15", "nb", "2025-10-30T09:15:00Z"},
		{"25 de agosto de 2024, 14:30 (GMT+2)", "es", "2024-08-25T12:30:00Z"},
		{"6 de octubre de 2024, 21.40 h (GMT+2)", "ca", "2024-10-06T19:40:00Z"},
		{"16 d'octubre de 2024", "ca", "2024-10-16T00:00:00Z"},
		{"October 30, 2025 3:04 GMT+1", "en", "2025-10-30T02:04:00Z"},
		{"10/03/2025", "en", "2025-10-03T00:00:00Z"},
		{"10/03/2025", "es", "2025-03-10T00:00:00Z"},
		{"٢٥ أغسطس ٢٠٢٤ - ١٤:٠٠ (GMT+3)", "ar", "2024-08-25T11:00:00Z"},
		{"2024-02-01 18:05", "", "2024-02-01T18:05:00Z"},
		{"12 tishreen", "", ""},
		{"31/02/2024", "", ""},
		{"no date here", "", ""},
	}
	for _, tt := range tests {
		got, ok := parseVisibleDate(tt.in, tt.lang)
		switch {
		case tt.want == "" && ok:
			t.Errorf("%q: got %v, want no date", tt.in, got)
		case tt.want != "" && (!ok || got.Format(time.RFC3339) != tt.want):
			t.Errorf("%q: got %v (%v), want %s", tt.in, got.Format(time.RFC3339), ok, tt.want)
		}
	}
}

func TestDetectLanguage(t *testing.T) {
	tests := []struct{ text, want string }{
		{"Nước sông Thu Bồn dâng cao vượt mức lũ năm 1964, khiến phần lớn phố cổ Hội An chìm trong biển nước và hàng nghìn hộ dân phải sơ tán.", "vi"},
		{"في عصر يوم 1 فبراير، عقدت اللجنة التنفيذية للحزب الإقليمي مؤتمرا لنشر عدد من المهام الرئيسية قبل وأثناء وبعد العام القمري الجديد.", "ar"},
		{"Om ettermiddagen 30. oktober holdt Lang Son provinsielle partikomité en konferanse for å studere og implementere resolusjonen, og det er ikke første gang at den har gjort det på denne måten med de andre.", "nb"},
		{"Los embalses de la cuenca del Guadalquivir almacenan apenas 1.550 hectómetros cúbicos, el 19,3% de su capacidad total, según el último boletín hidrológico, y los regantes de la zona no tienen agua para la campaña.", "es"},
		{"Els primers combois van sortir de la parada de Glòries a les cinc del matí, amb desenes de veïns que volien ser els primers a fer el recorregut complet i també els de la ciutat amb la seva família.", "ca"},
		{"The union confirmed this morning that negotiators will return to the conciliation service on Friday, the first formal meeting in almost three weeks, and that it was ready to listen to the operators.", "en"},
	}
	for _, tt := range tests {
		if got, _ := detectLanguage(tt.text); got != tt.want {
			t.Errorf("detectLanguage(%.40q…) = %q, want %q", tt.text, got, tt.want)
		}
	}
}

func TestBoilerplateLines(t *testing.T) {
	for _, s := range []string{"Comment (0)", "Kommentar (0)", "تعليق (0)", "12 comments", "No data", "No data No data", "Bình luận (3)",
		"Source", "مصدر", "Kilde: https://nhandan.vn/x.html", "Share", "Chia sẻ", "https://example.com/a"} {
		if !isBoilerplateLine(normLine(s)) {
			t.Errorf("%q should be boilerplate", s)
		}
	}
	for _, s := range []string{"The comment was removed after complaints from readers.", "Source code of the app was published on Monday.", "No data was lost, the company said."} {
		if isBoilerplateLine(normLine(s)) {
			t.Errorf("%q should be kept", s)
		}
	}
	for _, s := range []string{"ndo_br_dat09683.jpg", "IMG-0913.JPEG", "photo.webp"} {
		if !isFileName(s) {
			t.Errorf("%q should be a file name", s)
		}
	}
	if isFileName("see photo.jpg") {
		t.Error("a sentence is not a file name")
	}
}

// The seed site's defects, all in one page: none may survive extraction.
func TestSeedDefectsRemoved(t *testing.T) {
	body := []byte(`<html lang="nb"><head><meta charset="utf-8"><title>Bygger Lang Son</title>
<meta property="og:description" content="Om ettermiddagen 30. oktober holdt Lang Son provinsielle partikomité en konferanse."></head><body>
<h1>Bygger Lang Son</h1><div class="detail-content">
<p>Om ettermiddagen 30. oktober holdt Lang Son provinsielle partikomité en konferanse.</p>
<figure><img src="/a/ndo_br_dat09683.jpg" alt="ndo_br_dat09683.jpg"><figcaption>Konferansescene.</figcaption></figure>
<p>Konferansescene.</p>
<p>ndo_br_img-0913.jpg</p>
<p>Konferansen ble organisert i en kombinert form av direktesendt og nettbasert kringkasting til forbindelsespunkter over hele provinsen.</p>
<p>Kilde: https://nhandan.vn/x.html</p><p>Kommentar (0)</p><p>No data</p><p>No data</p>
<h3>I samme kategori</h3><p><a href="/1">Ho Chi Minh-byen tiltrekker seg investeringer</a></p><p><a href="/2">Historiske flommer i Hoi An</a></p>
</div></body></html>`)
	a, err := ExtractBytes(body, "", "https://no.example.vn/a.html")
	if err != nil {
		t.Fatal(err)
	}
	if a.Lead != "Om ettermiddagen 30. oktober holdt Lang Son provinsielle partikomité en konferanse." {
		t.Errorf("lead = %q", a.Lead)
	}
	want := []model.Block{
		{Type: model.BlockFigure, Src: "https://no.example.vn/a/ndo_br_dat09683.jpg", Caption: "Konferansescene."},
		{Type: model.BlockParagraph, Text: "Konferansen ble organisert i en kombinert form av direktesendt og nettbasert kringkasting til forbindelsespunkter over hele provinsen."},
	}
	if len(a.Blocks) != len(want) {
		t.Fatalf("blocks = %+v", a.Blocks)
	}
	for i := range want {
		if a.Blocks[i] != want[i] {
			t.Errorf("block %d = %+v, want %+v", i, a.Blocks[i], want[i])
		}
	}
	for _, bad := range []string{".jpg", "Kommentar", "No data", "Kilde", "samme", "Ho Chi Minh"} {
		if strings.Contains(a.Text, bad) {
			t.Errorf("text keeps %q:\n%s", bad, a.Text)
		}
	}
}

func TestDateLines(t *testing.T) {
	for _, s := range []string{"30/10/2025 14:30 (GMT+7)", "Báo Nhân dân 30/10/2025", "Updated 4 May 2024, 10:00"} {
		if !isDateLine(s) {
			t.Errorf("%q should be a dateline", s)
		}
	}
	for _, s := range []string{"On 4 May 2024 he resigned.", "The company was founded in 1998 by two brothers from Oslo who met at school"} {
		if isDateLine(s) {
			t.Errorf("%q is prose, not a dateline", s)
		}
	}
}

func TestLanguageMislabelled(t *testing.T) {
	body := `<html lang="en"><head><title>Hội An</title></head><body><div class="entry-content">
<p>Từ rạng sáng 28/10, mực nước tại trạm Câu Lâu liên tục tăng và đạt đỉnh 5,62 mét vào chiều cùng ngày, cao hơn so với đỉnh lũ lịch sử năm 1964.</p>
<p>Theo Ban Chỉ huy phòng chống thiên tai thành phố, lực lượng chức năng đã sơ tán hơn 3.200 hộ dân ở vùng trũng thấp đến nơi an toàn.</p></div></body></html>`
	a, err := ExtractBytes([]byte(body), "", "")
	if err != nil {
		t.Fatal(err)
	}
	if a.Language != "vi" {
		t.Errorf("language = %q, want vi", a.Language)
	}
}
