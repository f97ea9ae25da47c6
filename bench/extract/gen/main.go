// Command gen writes the extraction corpus: for each hand-written article in
// articles/*.txt it renders the article in several site layouts (WordPress,
// AMP, a Vietnamese portal like the seed site, a Spanish newspaper, a live
// blog, a photo gallery, a legacy table layout in a legacy charset, a layout
// with no structure hints, an Arabic RTL site, a mislabelled template) with
// the chrome those sites show, and writes page.html beside page.json, the
// expected article built from the hand-written content only.
//
//	go -C bench run ./extract/gen -out extract/testdata/corpus
package main

import (
	"bufio"
	"encoding/json"
	"flag"
	"fmt"
	"html"
	"log"
	"os"
	"path/filepath"
	"strings"
	"time"

	"golang.org/x/text/encoding/charmap"

	"newsbridge/bench/internal/repo"
	"newsbridge/model"
)

// article is one hand-written article: metadata and a body in a small
// line-based markup (see parseBody).
type article struct {
	Slug, Lang, Site, Title, Lead, Byline, Category string
	Published                                       time.Time
	Layouts                                         []string
	Blocks                                          []model.Block
}

// Case is what the tests and the benchmark read beside each page.
type Case struct {
	PageURL     string        `json:"page_url"`
	ContentType string        `json:"content_type,omitempty"`
	Layout      string        `json:"layout"`
	Article     model.Article `json:"article"`
}

func main() {
	if err := repo.Chdir(); err != nil {
		log.Fatal(err)
	}
	in := flag.String("in", "bench/extract/gen/articles", "directory of hand-written articles")
	out := flag.String("out", "extract/testdata/corpus", "output directory")
	holdout := flag.String("holdout", "extract/testdata/holdout", "output directory of the held-out layouts")
	unseen := flag.String("unseen", "extract/testdata/unseen", "output directory of the unseen layouts")
	flag.Parse()
	files, err := filepath.Glob(filepath.Join(*in, "*.txt"))
	if err != nil || len(files) == 0 {
		log.Fatalf("gen: no articles in %s", *in)
	}
	if err := os.MkdirAll(*out, 0o755); err != nil {
		log.Fatal(err)
	}
	if err := os.MkdirAll(*holdout, 0o755); err != nil {
		log.Fatal(err)
	}
	if err := os.MkdirAll(*unseen, 0o755); err != nil {
		log.Fatal(err)
	}
	n, h, u := 0, 0, 0
	for i, f := range files {
		a, err := readArticle(f)
		if err != nil {
			log.Fatalf("gen: %s: %v", f, err)
		}
		for _, l := range a.Layouts {
			render, ok := layouts[l]
			if !ok {
				log.Fatalf("gen: %s: unknown layout %q", f, l)
			}
			writeCase(*out, a, l, render(a))
			n++
		}
		// Each article also goes into one held-out layout, written after
		// the extractor's rules were fixed and never used to tune them.
		l := holdoutNames[i%len(holdoutNames)]
		writeCase(*holdout, a, l, holdoutLayouts[l](a))
		h++
		l = unseenNames[i%len(unseenNames)]
		writeCase(*unseen, a, l, unseenLayouts[l](a))
		u++
	}
	fmt.Printf("gen: wrote %d pages to %s, %d to %s, %d to %s\n", n, *out, h, *holdout, u, *unseen)
}

func writeCase(dir string, a *article, layout string, p page) {
	name := a.Slug + "." + layout
	if err := os.WriteFile(filepath.Join(dir, name+".html"), p.body, 0o644); err != nil {
		log.Fatal(err)
	}
	c := Case{PageURL: p.pageURL, ContentType: p.contentType, Layout: layout, Article: p.want}
	js, _ := json.MarshalIndent(c, "", "  ")
	if err := os.WriteFile(filepath.Join(dir, name+".json"), append(js, '\n'), 0o644); err != nil {
		log.Fatal(err)
	}
}

func readArticle(path string) (*article, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	a := &article{}
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	var body []string
	inBody := false
	for sc.Scan() {
		line := sc.Text()
		if inBody {
			body = append(body, line)
			continue
		}
		if line == "---" {
			inBody = true
			continue
		}
		k, v, _ := strings.Cut(line, ":")
		v = strings.TrimSpace(v)
		switch k {
		case "slug":
			a.Slug = v
		case "lang":
			a.Lang = v
		case "site":
			a.Site = v
		case "title":
			a.Title = v
		case "lead":
			a.Lead = v
		case "byline":
			a.Byline = v
		case "category":
			a.Category = v
		case "published":
			t, err := time.Parse(time.RFC3339, v)
			if err != nil {
				return nil, err
			}
			a.Published = t
		case "layouts":
			for _, l := range strings.Split(v, ",") {
				a.Layouts = append(a.Layouts, strings.TrimSpace(l))
			}
		}
	}
	a.Blocks = parseBody(body, "https://"+a.Site+"/uploads/")
	return a, sc.Err()
}

// parseBody reads the body markup: one block per line; "## " and "### "
// headings, "> " quotes, "- " and "1. " list items (two spaces of indent per
// nesting level), "!img file | caption | credit | alt" figures, anything
// else a paragraph with [links](url), *em* and **strong** inline.
func parseBody(lines []string, imgBase string) []model.Block {
	var out []model.Block
	for _, raw := range lines {
		line := strings.TrimRight(raw, " ")
		if strings.TrimSpace(line) == "" {
			continue
		}
		indent := len(line) - len(strings.TrimLeft(line, " "))
		line = strings.TrimSpace(line)
		switch {
		case strings.HasPrefix(line, "!img "):
			parts := strings.Split(strings.TrimPrefix(line, "!img "), "|")
			for len(parts) < 4 {
				parts = append(parts, "")
			}
			out = append(out, model.Block{Type: model.BlockFigure, Src: imgBase + strings.TrimSpace(parts[0]),
				Caption: strings.TrimSpace(parts[1]), Credit: strings.TrimSpace(parts[2]), Alt: strings.TrimSpace(parts[3])})
		case strings.HasPrefix(line, "### "):
			out = append(out, inlineBlock(model.BlockHeading, line[4:], 3))
		case strings.HasPrefix(line, "## "):
			out = append(out, inlineBlock(model.BlockHeading, line[3:], 2))
		case strings.HasPrefix(line, "> "):
			out = append(out, inlineBlock(model.BlockQuote, line[2:], 0))
		case strings.HasPrefix(line, "- "):
			out = append(out, inlineBlock(model.BlockListItem, line[2:], indent/2+1))
		case len(line) > 3 && line[0] >= '1' && line[0] <= '9' && strings.HasPrefix(line[1:], ". "):
			b := inlineBlock(model.BlockListItem, line[3:], indent/2+1)
			b.Ordered = true
			out = append(out, b)
		default:
			out = append(out, inlineBlock(model.BlockParagraph, line, 0))
		}
	}
	return out
}

func inlineBlock(kind, src string, level int) model.Block {
	text, markup := renderInline(src)
	b := model.Block{Type: kind, Text: text, Level: level}
	if markup != html.EscapeString(text) {
		b.HTML = markup
	}
	return b
}

// renderInline turns the inline markup into plain text and sanitized HTML.
func renderInline(s string) (string, string) {
	var t, h strings.Builder
	for len(s) > 0 {
		switch {
		case strings.HasPrefix(s, "**"):
			end := strings.Index(s[2:], "**")
			if end < 0 {
				break
			}
			inner := s[2 : 2+end]
			t.WriteString(inner)
			h.WriteString("<strong>" + html.EscapeString(inner) + "</strong>")
			s = s[4+end:]
			continue
		case s[0] == '*':
			end := strings.IndexByte(s[1:], '*')
			if end < 0 {
				break
			}
			inner := s[1 : 1+end]
			t.WriteString(inner)
			h.WriteString("<em>" + html.EscapeString(inner) + "</em>")
			s = s[2+end:]
			continue
		case s[0] == '[':
			mid := strings.Index(s, "](")
			end := strings.IndexByte(s, ')')
			if mid < 0 || end < mid {
				break
			}
			text, href := s[1:mid], s[mid+2:end]
			t.WriteString(text)
			h.WriteString(`<a href="` + html.EscapeString(href) + `">` + html.EscapeString(text) + "</a>")
			s = s[end+1:]
			continue
		}
		i := strings.IndexAny(s[1:], "*[")
		if i < 0 {
			i = len(s) - 1
		}
		t.WriteString(s[:i+1])
		h.WriteString(html.EscapeString(s[:i+1]))
		s = s[i+1:]
	}
	return t.String(), h.String()
}

// page is one rendered layout of an article and what extraction must return.
type page struct {
	body        []byte
	pageURL     string
	contentType string
	want        model.Article
}

// expected builds the article extraction must return for a layout.
func expected(a *article, url, lang string, updated bool, dims [2]int) model.Article {
	blocks := make([]model.Block, len(a.Blocks))
	copy(blocks, a.Blocks)
	var parts []string
	image := ""
	for i := range blocks {
		b := &blocks[i]
		if b.Type == model.BlockFigure {
			b.Width, b.Height = dims[0], dims[1]
			if image == "" {
				image = b.Src
			}
			if b.Caption != "" {
				parts = append(parts, b.Caption)
			}
			continue
		}
		parts = append(parts, b.Text)
	}
	art := model.Article{URL: url, Title: a.Title, Lead: a.Lead, Byline: a.Byline, Published: a.Published.UTC(),
		Language: lang, Category: a.Category, Text: strings.Join(parts, "\n\n"), Blocks: blocks, Image: image}
	if updated {
		art.Updated = a.Published.Add(2 * time.Hour).UTC()
	}
	return art
}

// chrome holds the strings a site prints around articles, per language.
type chrome struct {
	home, comments, source, sameCat, sameAuthor, noData, share, newsletter, readMore, related, cookie string
	related1, related2, related3                                                                      string
	photo                                                                                             string
}

var chromes = map[string]chrome{
	"en": {"Home", "Comments", "Source", "In the same category", "By the same author", "No data", "Share", "Sign up for our morning briefing", "Read more", "Related", "We use cookies to improve your experience. Accept all cookies",
		"Council approves new budget after late-night session", "Five things to watch this week", "Weather warning issued for the weekend", "Photo"},
	"es": {"Portada", "Comentarios", "Fuente", "Más noticias de la sección", "Del mismo autor", "Sin datos", "Compartir", "Suscríbete a nuestro boletín diario", "Leer más", "Noticias relacionadas", "Utilizamos cookies propias y de terceros. Aceptar todas",
		"El Gobierno aprueba el techo de gasto", "Las claves del nuevo curso político", "Aviso amarillo por lluvias en la costa", "Foto"},
	"ca": {"Inici", "Comentaris", "Font", "Més notícies de la secció", "Del mateix autor", "Sense dades", "Comparteix", "Subscriu-te al butlletí", "Llegir més", "Notícies relacionades", "Utilitzem galetes pròpies i de tercers. Accepta-les totes",
		"El Parlament aprova els pressupostos", "Cinc claus de la setmana", "Avís per vent fort al litoral", "Foto"},
	"nb": {"Forside", "Kommentar", "Kilde", "I samme kategori", "Av samme forfatter", "No data", "Del", "Abonner på nyhetsbrevet vårt", "Les mer", "Les også", "Vi bruker informasjonskapsler. Godta alle",
		"Ho Chi Minh-byen tiltrekker seg investeringer fra utenlandske direkteinvesteringer i nye muligheter", "Historiske flommer i Hoi An, sett fra et militærfly fra Forsvarsdepartementet", "Dong Van steinplatå – et sjeldent «levende geologisk museum» i verden", "Foto"},
	"vi": {"Trang chủ", "Bình luận", "Nguồn", "Cùng chuyên mục", "Cùng tác giả", "Không có dữ liệu", "Chia sẻ", "Đăng ký nhận bản tin", "Xem thêm", "Tin liên quan", "Chúng tôi sử dụng cookie. Đồng ý",
		"Giá vàng hôm nay tăng mạnh", "Hà Nội mở thêm tuyến buýt điện", "Cảnh báo mưa lớn ở Bắc Bộ", "Ảnh"},
	"ar": {"الرئيسية", "تعليق", "مصدر", "في نفس الفئة", "من نفس المؤلف", "لا توجد بيانات", "مشاركة", "اشترك في النشرة الإخبارية", "اقرأ المزيد", "أخبار ذات صلة", "نستخدم ملفات تعريف الارتباط. موافق",
		"ارتفاع أسعار الذهب في الأسواق المحلية", "افتتاح معرض الكتاب الدولي", "تحذير من أمطار غزيرة نهاية الأسبوع", "تصوير"},
}

func esc(s string) string { return html.EscapeString(s) }

// bodyHTML renders blocks the way most CMSes do; figure renders figures in
// the layout's own markup.
func bodyHTML(a *article, figure func(b model.Block) string) string {
	var sb strings.Builder
	listOpen := ""
	closeList := func() {
		if listOpen != "" {
			sb.WriteString("</" + listOpen + ">\n")
			listOpen = ""
		}
	}
	for _, b := range a.Blocks {
		inner := b.HTML
		if inner == "" {
			inner = esc(b.Text)
		}
		if b.Type != model.BlockListItem {
			closeList()
		}
		switch b.Type {
		case model.BlockParagraph:
			sb.WriteString("<p>" + inner + "</p>\n")
		case model.BlockHeading:
			fmt.Fprintf(&sb, "<h%d>%s</h%d>\n", b.Level, inner, b.Level)
		case model.BlockQuote:
			sb.WriteString("<blockquote><p>" + inner + "</p></blockquote>\n")
		case model.BlockListItem:
			tag := "ul"
			if b.Ordered {
				tag = "ol"
			}
			if listOpen != tag {
				closeList()
				sb.WriteString("<" + tag + ">\n")
				listOpen = tag
			}
			sb.WriteString("  <li>" + inner + "</li>\n")
		case model.BlockFigure:
			sb.WriteString(figure(b) + "\n")
		}
	}
	closeList()
	return sb.String()
}

func jsonLD(v any) string {
	b, _ := json.MarshalIndent(v, "", "  ")
	return `<script type="application/ld+json">` + string(b) + "</script>\n"
}

func firstImage(a *article) string {
	for _, b := range a.Blocks {
		if b.Type == model.BlockFigure {
			return b.Src
		}
	}
	return ""
}

func plainBody(a *article) string {
	var parts []string
	for _, b := range a.Blocks {
		if b.Type != model.BlockFigure {
			parts = append(parts, b.Text)
		}
	}
	return strings.Join(parts, "\n")
}

func relatedList(c chrome, site string) string {
	return fmt.Sprintf(`<ul><li><a href="https://%[1]s/a/1">%[2]s</a></li><li><a href="https://%[1]s/a/2">%[3]s</a></li><li><a href="https://%[1]s/a/3">%[4]s</a></li></ul>`,
		site, esc(c.related1), esc(c.related2), esc(c.related3))
}

func slug(s string) string {
	var b strings.Builder
	for _, r := range strings.ToLower(s) {
		switch {
		case r >= 'a' && r <= 'z' || r >= '0' && r <= '9':
			b.WriteRune(r)
		case r == ' ':
			b.WriteByte('-')
		default:
			if f, ok := fold[r]; ok {
				b.WriteRune(f)
			}
		}
	}
	return b.String()
}

var layouts = map[string]func(a *article) page{
	"wordpress":  wordpress,
	"seedportal": seedPortal,
	"amp":        amp,
	"elpais":     newspaper,
	"liveblog":   liveBlog,
	"gallery":    gallery,
	"legacy":     legacy,
	"nohints":    noHints,
	"arabic":     arabicSite,
	"mislabel":   mislabel,
}

// localTime renders the publication time the way the site's readers see it.
func localTime(a *article) time.Time { return a.Published }

func offsetLabel(t time.Time) string {
	_, off := t.Zone()
	h := off / 3600
	if off%3600 != 0 {
		return fmt.Sprintf("GMT%+03d:%02d", h, (off%3600)/60)
	}
	return fmt.Sprintf("GMT%+d", h)
}

func dir(lang string) string {
	if lang == "ar" {
		return "rtl"
	}
	return "ltr"
}

// encode writes the page in a legacy charset when the language fits one,
// and says which.
func encode(s, lang string) ([]byte, string) {
	var cm *charmap.Charmap
	name := ""
	switch lang {
	case "es", "ca", "en", "nb":
		cm, name = charmap.Windows1252, "windows-1252"
	case "ar":
		cm, name = charmap.Windows1256, "windows-1256"
	default:
		return []byte(s), "utf-8"
	}
	out, err := cm.NewEncoder().Bytes([]byte(s))
	if err != nil {
		return []byte(s), "utf-8"
	}
	return out, name
}

// fold maps the accented letters of the corpus languages to ASCII, as CMSes
// do when they make slugs.
var fold = map[rune]rune{'á': 'a', 'à': 'a', 'â': 'a', 'ä': 'a', 'ã': 'a', 'å': 'a', 'é': 'e', 'è': 'e', 'ê': 'e', 'ë': 'e',
	'í': 'i', 'ì': 'i', 'î': 'i', 'ï': 'i', 'ó': 'o', 'ò': 'o', 'ô': 'o', 'ö': 'o', 'õ': 'o', 'ø': 'o', 'ú': 'u', 'ù': 'u',
	'û': 'u', 'ü': 'u', 'ñ': 'n', 'ç': 'c', 'æ': 'a', 'đ': 'd', 'ơ': 'o', 'ư': 'u', 'ă': 'a', 'ờ': 'o', 'ộ': 'o', 'ệ': 'e'}
