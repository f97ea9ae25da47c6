package extract

import (
	"net/url"
	"strings"
	"unicode"

	"html"

	xhtml "golang.org/x/net/html"

	"newsbridge/model"
)

// cleanBlocks removes what survives container-level cleaning but is still
// chrome: file names printed as text, counters and placeholders, repeated
// captions and paragraphs, the title and byline repeated in the body, and
// "related"/"same category" sections with everything under them.
func cleanBlocks(blocks []model.Block, title, byline string) []model.Block {
	out := blocks[:0:0]
	skipping := false
	for i, b := range blocks {
		if b.Type == model.BlockFigure {
			if skipping {
				continue
			}
			if isFileName(b.Caption) {
				b.Caption = ""
			}
			if isAdLabel(normLine(b.Caption)) || b.Caption != "" && isPitchLine(model.Block{Type: model.BlockParagraph, Text: b.Caption}) {
				// A picture captioned "Advertisement", or with the
				// site's pitch, is the ad.
				continue
			}
			if n := len(out); n > 0 && out[n-1].Type == model.BlockFigure && out[n-1].Src == b.Src {
				continue
			}
			out = append(out, b)
			continue
		}
		t := b.Text
		norm := normLine(t)
		if isSectionStop(norm) || isInfoLabel(t, norm) {
			skipping = true
			continue
		}
		if skipping {
			// A related list ends where prose starts again.
			if b.Type == model.BlockHeading || (b.Type == model.BlockParagraph && len([]rune(t)) >= 160) {
				skipping = false
			} else {
				continue
			}
		}
		switch {
		case strings.Trim(t, "<>‹›«»←→|•·/ \u00a0") == "":
			// "< >", "‹ ›", "|": a slider's arrows, a separator.
			continue
		case isFileName(t), isBoilerplateLine(norm), isDomainLine(t):
			continue
		case sameText(t, title) && (b.Type == model.BlockHeading || len(out) == 0 || b.Type == model.BlockParagraph):
			continue
		case byline != "" && len(t) < 240 && (sameText(t, byline) || sameText(cleanByline(t, ""), byline)):
			continue
		case byline != "" && len(t) < 320 && isBylineBio(t, byline):
			continue
		case isDateLine(t):
			continue
		}
		if n := len(out); n > 0 {
			prev := out[n-1]
			if prev.Type != model.BlockFigure && prev.Text == t {
				continue
			}
		}
		if isCaptionNear(out, blocks, i, t) {
			continue
		}
		if isReadAlsoLine(b) || isPitchLine(b) {
			continue
		}
		if isMoreTeaser(b) {
			// The teaser's headline, a line of its own before it, goes
			// with it.
			if n := len(out); n > 0 && isTeaserTitle(out[n-1]) {
				out = out[:n-1]
			}
			continue
		}
		out = append(out, b)
	}
	out = dropTeaserRuns(out)
	// Attribution lines ("Source", the outlet's name), headings and labels
	// ("More topics:") left without their section (a related list removed
	// under them), and a line that is one link (a button, a link to
	// another page) trail the body.
	for len(out) > 0 {
		last := out[len(out)-1]
		if last.Type == model.BlockHeading || last.Type != model.BlockFigure && (isSourceLine(normLine(last.Text)) || isDomainLine(last.Text)) ||
			isRunLabel(last) || isLinkLine(last) {
			out = out[:len(out)-1]
			continue
		}
		break
	}
	// A line that is one link opens no body: a section's name, a button.
	for len(out) > 1 && isLinkLine(out[0]) {
		out = out[1:]
	}
	return out
}

// isLinkLine reports whether a block is a short paragraph that is all
// link: a button ("Zum Angebot", "Join the discussion"), a section's name,
// or a link to another page. Within a body such a line can be a source;
// at either end of it, it is the page around the article.
func isLinkLine(b model.Block) bool {
	if b.Type != model.BlockParagraph || b.HTML == "" || !strings.Contains(b.HTML, "<a ") {
		return false
	}
	n := len([]rune(b.Text))
	if n == 0 || n > teaserMaxRunes {
		return false
	}
	return linkRunes(b.HTML)*10 >= n*9
}

// readAlsoMaxRunes is the longest "read also" line.
const readAlsoMaxRunes = 300

// isReadAlsoLine reports whether a paragraph points to other articles
// inside the body: a short label ending in a colon, or a "see also" label,
// and then only links, the headlines of the other articles ("Lesen Sie
// hier: <a>…</a>", "Le puede interesar: <a>…</a>", "(Related: <a>…</a>)",
// "Siehe auch <a>…</a> <a>…</a>"), or a headline link set between arrows
// (">> <a>…</a> <<").
func isReadAlsoLine(b model.Block) bool {
	if b.Type != model.BlockParagraph && b.Type != model.BlockQuote || b.HTML == "" || len([]rune(b.Text)) > readAlsoMaxRunes {
		return false
	}
	h := strings.TrimSpace(b.HTML)
	i := strings.Index(h, "<a ")
	if i < 0 {
		return false
	}
	label := strings.TrimSpace(html.UnescapeString(stripTags(h[:i])))
	// What is left once the links are taken out: separators at most.
	var rest strings.Builder
	links, linkWords := 0, 0
	for r := h[i:]; ; {
		k := strings.Index(r, "<a ")
		if k < 0 {
			rest.WriteString(r)
			break
		}
		rest.WriteString(r[:k])
		e := strings.Index(r[k:], "</a>")
		if e < 0 {
			return false
		}
		links++
		linkWords += len(strings.Fields(html.UnescapeString(stripTags(r[k : k+e]))))
		r = r[k+e+4:]
	}
	if linkWords < 3 || strings.Trim(html.UnescapeString(stripTags(rest.String())), " ,;|•·–—-()[]<>»«.…\u00a0") != "" {
		return false
	}
	label = strings.TrimLeft(label, "([ ")
	norm := normLine(label)
	switch {
	case seeAlsoLabels[norm]:
		return true
	case strings.HasSuffix(label, ":"):
		return len(strings.Fields(label)) <= 5
	case links > 1:
		return false
	case label == ">>" || label == "»" || label == "→":
		return strings.HasSuffix(strings.TrimSpace(b.Text), "<<") || strings.HasSuffix(strings.TrimSpace(b.Text), "«")
	case label == "":
		t := strings.TrimSpace(b.Text)
		return strings.HasPrefix(t, ">>") && strings.HasSuffix(t, "<<")
	}
	return false
}

// seeAlsoLabels introduce links to other articles without a colon.
var seeAlsoLabels = map[string]bool{"siehe auch": true, "see also": true, "lesen sie auch": true, "read also": true, "read more": true,
	"related": true, "mehr zum thema": true, "ver también": true, "lee también": true, "leer también": true, "voir aussi": true,
	"lire aussi": true, "czytaj też": true, "czytaj także": true, "zobacz też": true, "zobacz także": true, "puedes ver": true,
	"le puede interesar": true, "te puede interesar": true, "también puede leer": true, "leia também": true, "leggi anche": true}

// pitchPhrases are what a site says about itself around an article: its
// newsletter, its app, its accounts to follow, donations, and that its
// links are paid.
var pitchPhrases = []string{
	"newsletter abonnieren", "abonnieren sie unseren newsletter", "abonnieren sie jetzt", "für unseren newsletter", "zum newsletter an",
	"unseren newsletter", "meinen newsletter", "newsletter an!", "sign up for our", "sign up to our", "signing up to our", "sign up here",
	"subscribe to our", "our newsletter", "nuestra newsletter", "nuestro boletín", "suscríbete", "abonnez-vous", "notre newsletter",
	"follow us on", "folgt uns", "folge uns", "síguenos", "siguenos", "nos siga", "segue-nos", "suivez-nous",
	"straight to your phone", "download our app", "lade dir unsere app", "get our app",
	"support our work", "supporting our work", "support our journalism", "consider supporting", "unterstütze uns", "unterstütze unsere",
	"unterstützen sie uns", "unterstützen sie unsere", "unterstützen sie diese form", "wesprzyj nas", "help us continue", "jetzt spenden",
	"zapraszamy do subskrypcji", "zapraszamy też do subskrypcji", "fan-shop", "fanshop", "werden sie mitglied", "jede kleine spende",
	// Disclosures of paid links.
	"affiliate link", "affiliate-link", "we may receive compensation", "may earn a commission", "advertiser disclosure",
	// Letters to the editor; the placeholder of an embed waiting for consent.
	"letter to the editor", "leserbrief schreiben", "um den inhalt von", "ohne dein einverständnis", "ohne ihr einverständnis",
	"datenschutzeinstellungen verwalten"}

// pitchMaxRunes is the longest line read as the site's pitch.
const pitchMaxRunes = 300

// isPitchLine reports whether a short paragraph or heading is the site's
// pitch: its newsletter, its app, its social accounts, a call for
// donations, a disclosure of paid links.
func isPitchLine(b model.Block) bool {
	if b.Type != model.BlockParagraph && b.Type != model.BlockHeading || len([]rune(b.Text)) > pitchMaxRunes {
		return false
	}
	low := strings.ToLower(b.Text)
	for _, p := range pitchPhrases {
		if strings.Contains(low, p) {
			return true
		}
	}
	return false
}

// moreTeaserMax is the longest block read as a teaser when it ends in a
// "more" link.
const moreTeaserMax = 500

// moreLinks are the texts of the link that ends a teaser of another page
// ("… Hier finden Sie Antworten. mehr").
var moreLinks = map[string]bool{"mehr": true, "more": true, "read more": true, "weiterlesen": true, "mehr lesen": true,
	"lire la suite": true, "la suite": true, "leer más": true, "leggi tutto": true, "continue reading": true, "lees meer": true,
	"läs mer": true, "les mer": true, "læs mere": true, "czytaj więcej": true, "ler mais": true, "more »": true, "mehr »": true}

// endsInMoreLink reports whether a line of text is a teaser of another
// page: a sentence, or one cut short, then a "more" label ("… im
// Überblick. mehr", "Die Aufmerksamkeit für… Weiterlesen »").
func endsInMoreLink(t string) bool {
	t = strings.TrimRight(strings.TrimSpace(t), " .…>»›")
	if len(t) > 4*moreTeaserMax {
		return false
	}
	low := strings.ToLower(t)
	for k := range moreLinks {
		k = strings.TrimRight(k, " .…>»›")
		if !strings.HasSuffix(low, " "+k) {
			continue
		}
		before := strings.TrimSpace(t[:len(t)-len(k)])
		if strings.HasSuffix(before, "…") || strings.HasSuffix(before, "...") || strings.HasSuffix(before, ".") || strings.HasSuffix(before, "!") || strings.HasSuffix(before, "?") {
			return true
		}
	}
	return false
}

// isMoreTeaser reports whether a paragraph is a short teaser of another
// page: a line or two that ends in a "more" link.
func isMoreTeaser(b model.Block) bool {
	if b.Type != model.BlockParagraph && b.Type != model.BlockListItem || b.HTML == "" || len([]rune(b.Text)) > moreTeaserMax {
		return false
	}
	h := strings.TrimSpace(b.HTML)
	if !strings.HasSuffix(h, "</a>") {
		return false
	}
	i := strings.LastIndex(h, "<a ")
	if i < 0 {
		return false
	}
	link := normLine(html.UnescapeString(stripTags(h[i:])))
	return moreLinks[strings.TrimRight(link, " .…>»›")] && len(link) < len(normLine(b.Text))
}

// isTeaserTitle reports whether a block is a teaser's headline: a heading,
// or a short line that ends in no sentence punctuation.
func isTeaserTitle(b model.Block) bool {
	t := strings.TrimSpace(b.Text)
	if b.Type == model.BlockHeading {
		return len([]rune(t)) <= teaserMaxRunes
	}
	if b.Type != model.BlockParagraph || t == "" || len([]rune(t)) > 100 {
		return false
	}
	return !strings.ContainsRune(".!?:\"»“”)", []rune(t)[len([]rune(t))-1])
}

// isBylineBio reports whether t is the byline with the author's
// description after it ("By Alex Heath, a deputy editor and …").
func isBylineBio(t, byline string) bool {
	rest, ok := model.TrimBylineOpener(t, "")
	if !ok || len(rest) <= len(byline) || !strings.EqualFold(rest[:len(byline)], byline) {
		return false
	}
	next := rest[len(byline)]
	return next == ',' || next == ' ' && strings.HasPrefix(rest[len(byline)+1:], "is ")
}

// Teaser runs: the related-article and "more from" lists that follow a body
// inside the same container, as a run of short blocks each of which is
// mostly one link (headings and thumbnails between them belong to the run).
const (
	teaserMaxRunes = 200 // a teaser block is a title, maybe with a line of text
	teaserRunMid   = 4   // linked blocks in a row that are a list wherever they sit
	teaserRunTail  = 2   // linked blocks in a row that end the body
)

// dropTeaserRuns removes runs of link-dominated short blocks: any run of
// teaserRunMid or more, and a run of teaserRunTail or more that ends the
// body. A run of links inside prose (a list of sources) is rarely that long
// and is not at the end of a body.
func dropTeaserRuns(blocks []model.Block) []model.Block {
	linked := make([]bool, len(blocks))
	for i, b := range blocks {
		linked[i] = isTeaserBlock(b)
	}
	keep := make([]bool, len(blocks))
	for i := range keep {
		keep[i] = true
	}
	for i := 0; i < len(blocks); {
		if !linked[i] {
			i++
			continue
		}
		// Extend the run over linked blocks, short headings and figures.
		j, n := i, 0
		for j < len(blocks) {
			b := blocks[j]
			if linked[j] {
				n++
			} else if !(b.Type == model.BlockFigure || b.Type == model.BlockHeading && len([]rune(b.Text)) <= teaserMaxRunes) {
				break
			}
			j++
		}
		// A heading or a label ("Read next:") just before the run names it.
		start := i
		if start > 0 && isRunLabel(blocks[start-1]) {
			start--
		}
		// A run followed only by a few short lines (buttons, "Join the
		// discussion") ends the body; those lines go with it.
		end := j
		if n >= teaserRunTail && j < len(blocks) && len(blocks)-j <= 3 {
			short := true
			for _, b := range blocks[j:] {
				if b.Type == model.BlockFigure || len([]rune(b.Text)) > 40 {
					short = false
				}
			}
			if short {
				end = len(blocks)
			}
		}
		if n >= teaserRunMid || n >= teaserRunTail && end == len(blocks) {
			for k := start; k < end; k++ {
				keep[k] = false
			}
		}
		i = j
	}
	out := blocks[:0:0]
	for i, b := range blocks {
		if keep[i] {
			out = append(out, b)
		}
	}
	return out
}

// isRunLabel reports whether a block names the list after it: a heading,
// or a short paragraph ending in a colon.
func isRunLabel(b model.Block) bool {
	if b.Type == model.BlockHeading {
		return true
	}
	t := strings.TrimSpace(b.Text)
	return b.Type == model.BlockParagraph && len([]rune(t)) <= 60 && strings.HasSuffix(t, ":")
}

// isTeaserBlock reports whether a block is short and mostly the text of
// its links (read from its markup).
func isTeaserBlock(b model.Block) bool {
	if b.Type == model.BlockFigure || b.HTML == "" || !strings.Contains(b.HTML, "<a ") {
		return false
	}
	n := len([]rune(b.Text))
	if n == 0 || n > teaserMaxRunes {
		return false
	}
	return linkRunes(b.HTML)*10 >= n*7
}

// linkRunes counts the characters of text inside <a> elements of a block's
// sanitized markup.
func linkRunes(markup string) int {
	total := 0
	for {
		i := strings.Index(markup, "<a ")
		if i < 0 {
			return total
		}
		markup = markup[i:]
		j := strings.Index(markup, "</a>")
		if j < 0 {
			return total
		}
		inner := markup[:j]
		if k := strings.IndexByte(inner, '>'); k >= 0 {
			inner = inner[k+1:]
		}
		total += len([]rune(html.UnescapeString(stripTags(inner))))
		markup = markup[j+4:]
	}
}

// stripTags removes the tags of a fragment of sanitized markup.
func stripTags(s string) string {
	if !strings.Contains(s, "<") {
		return s
	}
	var b strings.Builder
	in := false
	for _, r := range s {
		switch {
		case r == '<':
			in = true
		case r == '>':
			in = false
		case !in:
			b.WriteRune(r)
		}
	}
	return b.String()
}

// trailingByline takes the author's name from the last paragraph when it is
// only a short bold name, the way Vietnamese and Arabic outlets sign an
// article ("<p style="text-align:right"><strong>Trần Minh Đức</strong></p>").
func trailingByline(blocks []model.Block) (string, []model.Block) {
	n := len(blocks)
	if n < 2 {
		return "", blocks
	}
	last := blocks[n-1]
	if last.Type != model.BlockParagraph || len([]rune(last.Text)) > 60 || len(strings.Fields(last.Text)) > 8 ||
		strings.ContainsAny(last.Text, ".!?:;\"«»") && !strings.Contains(last.Text, ",") {
		return "", blocks
	}
	esc := html.EscapeString(last.Text)
	if last.HTML != "<strong>"+esc+"</strong>" && last.HTML != "<b>"+esc+"</b>" {
		return "", blocks
	}
	return last.Text, blocks[:n-1]
}

// isCaptionNear reports whether t repeats the caption or alt text of a
// figure next to it: sites print captions twice, once in <figcaption> and
// once as a paragraph.
func isCaptionNear(out, all []model.Block, i int, t string) bool {
	for j := len(out) - 1; j >= 0 && j >= len(out)-3; j-- {
		if f := out[j]; f.Type == model.BlockFigure && (sameText(f.Caption, t) || sameText(f.Alt, t) && len(t) < 200) {
			return true
		}
	}
	if i+1 < len(all) {
		if f := all[i+1]; f.Type == model.BlockFigure && sameText(f.Caption, t) {
			return true
		}
	}
	return false
}

// normLine lower-cases a short line and trims punctuation around it, the
// form boilerplate phrases are compared in.
func normLine(s string) string {
	if len(s) > 200 {
		return ""
	}
	s = strings.ToLower(clean(s))
	return strings.TrimFunc(s, func(r rune) bool { return unicode.IsPunct(r) || unicode.IsSpace(r) || unicode.IsSymbol(r) })
}

// Boilerplate lines in the languages newsbridge follows.
var (
	counterWords = []string{"comment", "comments", "kommentar", "kommentarer", "bình luận", "tin bình luận", "تعليق", "تعليقات", "التعليقات",
		"comentario", "comentarios", "comentari", "comentaris", "commentaire", "commentaires", "kommentare", "reply", "replies",
		"responder", "svar", "view", "views", "visitas", "lượt xem", "مشاهدة", "like", "likes", "me gusta", "m'agrada", "liker",
		"share", "shares"}
	placeholderLines = []string{"no data", "không có dữ liệu", "ingen data", "sin datos", "sense dades", "لا توجد بيانات", "no hay datos",
		"loading", "cargando", "đang tải", "laster", "carregant", "جاري التحميل", "n/a", "正在加载", "加载中", "読み込み中"}
	shareLines = []string{"share", "share this", "share this article", "advertising", "share on facebook", "share on twitter", "del", "dele", "del artikkelen",
		"chia sẻ", "compartir", "comparteix", "compartilhar", "مشاركة", "شارك", "tweet", "facebook", "twitter", "x", "whatsapp", "telegram",
		"linkedin", "email", "e-mail", "print", "imprimir", "imprimeix", "skriv ut", "in", "copy link", "copiar enlace", "copia l'enllaç",
		"sao chép liên kết", "zalo", "messenger", "advertisement", "quảng cáo", "publicidad", "publicitat", "annonse", "إعلان", "ad", "sponsored",
		"read more", "đọc thêm", "xem thêm", "les mer", "leer más", "llegir més", "اقرأ المزيد", "see also", "ver también", "vegeu també",
		"se også", "back to top", "volver arriba", "tilbake til toppen", "lên đầu trang", "follow us", "síguenos", "følg oss", "theo dõi",
		"segueix-nos", "تابعونا", "listen", "escuchar", "escolta", "hør", "nghe", "استمع", "font size", "a a", "a+ a-", "a- a+", "close", "cerrar", "tancar", "lukk", "đóng", "إغلاق",
		"back", "zurück", "retour", "volver", "tornar", "tilbake", "quay lại", "عودة",
		"zur übersicht", "zurück zur übersicht", "zurück zur startseite", "zurück zur vorherigen seite", "zurück zur listenansicht",
		"teilen", "artikel teilen", "diesen artikel teilen", "news teilen", "drucken", "anzeige", "werbung", "reklama",
		"keine kommentare", "kommentare geschlossen", "kommentare schreiben", "kommentar schreiben", "valora esta noticia"}
	sourceWords = []string{"source", "nguồn", "kilde", "fuente", "font", "مصدر", "المصدر", "fonte", "quelle", "sources"}
	stopHeads   = []string{"ähnliche artikel", "ähnliche beiträge", "das könnte sie auch interessieren", "das könnte dich auch interessieren",
		"weitere artikel", "weitere artikel zum thema", "mehr zum thema", "lesen sie auch", "auch interessant", "verwandte artikel",
		"viel gelesen", "meistgelesen", "kommentare", "kommentar schreiben", "schlagwörter", "themen", "mehr aus", "weitere beiträge",
		"à lire aussi", "lire aussi", "sur le même sujet", "articles similaires", "voir aussi", "commentaires", "leggi anche", "articoli correlati",
		"lue myös", "lue seuraavaksi", "czytaj także", "zobacz również", "zobacz także", "czytaj też", "zobacz też", "podobne artykuły", "komentarze", "more stories", "more articles", "siehe auch", "über den autor", "über die autorin", "about the author",
		"weiterführende informationen", "schlagworte", "schlagwörter", "mehr themen", "weitere themen", "lesen sie auch die folgenden beiträge",
		"das thema könnte dich auch interessieren", "czytaj też",
		"related content", "related reading", "further reading", "see also", "popular posts", "recent posts", "share this", "share this article",
		"related", "related articles", "related news", "related stories", "related posts", "related searches", "related subjects", "more on this story", "read also",
		"read next", "you may also like", "you might also like", "recommended", "most read", "most popular", "latest news", "more news",
		"in the same category", "same category", "by the same author", "more from this author", "i samme kategori", "av samme forfatter",
		"samme kategori", "les også", "mest lest", "siste nytt", "relaterte saker", "tin liên quan", "cùng chuyên mục", "tin cùng chuyên mục",
		"đọc nhiều", "xem nhiều", "tin mới", "tin khác", "bài liên quan", "noticias relacionadas", "te puede interesar", "más información",
		"lo más leído", "lo más visto", "últimas noticias", "también te puede interesar", "notícies relacionades", "també et pot interessar",
		"el més llegit", "més notícies", "últimes notícies", "أخبار ذات صلة", "اقرأ أيضا", "اقرأ أيضاً", "الأكثر قراءة", "أخبار متعلقة", "مواضيع ذات صلة",
		"comments", "leave a reply", "leave a comment", "deja un comentario", "deixa un comentari", "legg igjen en kommentar", "gửi bình luận",
		"أضف تعليقا", "أضف تعليقاً", "kommentarer", "comentarios", "comentaris", "bình luận", "التعليقات", "tags", "etiquetas", "etiquetes",
		"stikkord", "từ khóa", "الكلمات المفتاحية", "topics", "temas", "temes", "emner", "chủ đề",
		// Reading tips and the next post.
		"schon gelesen", "zum weiterlesen", "weiterführender link", "weiterführende links", "empfehlungen aus der redaktion",
		"unsere empfehlungen", "heute empfehlen wir", "vorschau auf den nächsten artikel", "nächster artikel", "vorheriger artikel",
		"next article", "previous article", "next post", "previous post", "article suivant", "article précédent", "artículo siguiente",
		"fragen an den autor", "teilnehmende blogs", "info zur bewertung",
		// A table of contents, whose links end where the body's first
		// heading or paragraph starts.
		"inhaltsverzeichnis", "table of contents", "inhalt", "contents", "índice", "sommaire", "spis treści",
		// The press contact under a press release.
		"kontakt", "pressekontakt", "medienkontakt", "ansprechpartner", "ansprechpartnerin", "contact", "press contact", "media contact",
		"contacts presse", "contact presse", "contacto", "contacto de prensa", "kontakt dla mediów",
		// Related articles on Chinese pages.
		"相關文章", "相关文章", "相关阅读", "相關閱讀", "推荐阅读", "延伸阅读", "延伸閱讀"}
)

func isBoilerplateLine(norm string) bool {
	if norm == "" {
		return false
	}
	// "Comment (0)", "Kommentar (0)", "12 comments", "تعليق (0)".
	stripped := strings.TrimFunc(strings.Map(func(r rune) rune {
		if unicode.IsDigit(r) || r == '(' || r == ')' {
			return ' '
		}
		return r
	}, norm), unicode.IsSpace)
	stripped = clean(stripped)
	if stripped != norm || strings.ContainsAny(norm, "0123456789") {
		for _, w := range counterWords {
			if stripped == w {
				return true
			}
		}
	}
	if norm == stripped {
		for _, w := range counterWords[:20] {
			if norm == w {
				return true
			}
		}
	}
	// "No data No data": a placeholder, possibly repeated.
	for _, p := range placeholderLines {
		if norm == p || strings.Trim(strings.ReplaceAll(norm, p, ""), " .,") == "" && strings.Contains(norm, p) {
			return true
		}
	}
	for _, p := range shareLines {
		if norm == p {
			return true
		}
	}
	if isSourceLine(norm) || isCreditLine(norm) {
		return true
	}
	if strings.HasPrefix(norm, "http://") || strings.HasPrefix(norm, "https://") || strings.HasPrefix(norm, "www.") {
		return !strings.Contains(norm, " ")
	}
	for _, p := range []string{"tags:", "schlagwörter:", "schlagworte:", "siehe auch:", "lesen sie auch:", "mehr zum thema:", "see also:", "read also:",
		"czytaj też:", "czytaj także:", "zobacz także:", "zobacz również:", "lire aussi :", "à lire aussi", "kategorie:", "category:", "categories:", "categoría:", "categoria:", "kategori:", "filed under", "posted in", "etiquetas:", "etiquetes:", "stikkord:", "từ khóa:", "الكلمات المفتاحية:", "subscribe to", "sign up for",
		"suscríbete", "subscriu-te", "abonner på", "đăng ký nhận", "اشترك في", "newsletter", "butlletí", "boletín", "nyhetsbrev",
		// Ratings, sharing, comment feeds, permalinks and citations.
		"war der artikel nützlich", "war dieser artikel hilfreich", "was this article helpful", "noch keine bewertungen", "möchten sie den artikel teilen",
		"kommentarfeed", "permalink", "permalien", "suggested citation", "zitiervorschlag", "quellen ausblenden", "quellen einblenden",
		// Disclaimers and login prompts.
		"alle angaben ohne gewähr", "angaben ohne gewähr", "sie sind aktuell nicht eingeloggt", "sie sind nicht eingeloggt", "you are not logged in",
		"you must be logged in", "du musst angemeldet sein", "keine kommentare", "no comments yet", "noch keine kommentare",
		"aktualisiert am", "zuletzt aktualisiert", "last updated", "letzte aktualisierung",
		// A video player's and a picture viewer's labels.
		"your video will play", "now playing:", "view this image", "enlarge this image", "bild vergrößern",
		"media playback is unsupported", "image copyright", "listen to this article", "listen to this story", "artikel anhören",
		"continue reading the main story", "share this with", "our standards:", "inread invented by",
		// Hatnotes of a wiki; the reviewer line of a health site.
		"main article:", "main articles:", "hauptartikel:", "artículo principal:", "article principal :", "article détaillé :",
		"medically reviewed by", "fact checked by", "fact-checked by"} {
		if strings.HasPrefix(norm, p) && len(norm) < 160 {
			return true
		}
	}
	// "© 2020 Example Media. All rights reserved."
	for _, p := range []string{"all rights reserved", "alle rechte vorbehalten", "todos los derechos reservados", "tous droits réservés",
		"wszelkie prawa zastrzeżone", "tutti i diritti riservati"} {
		if strings.Contains(norm, p) && len(norm) < 120 {
			return true
		}
	}
	if isButtonRow(norm) {
		return true
	}
	// A download link: "Dieses Skript als PDF herunterladen", "… Download
	// (123 KB)".
	if isDownloadLine(norm) {
		return true
	}
	// A press contact: "Kontakt: Jane Doe, Tel. 030 123456, E-Mail: …".
	if hasContactLabel(norm) {
		return true
	}
	return false
}

// buttonWords label the buttons of a share or tool bar.
var buttonWords = map[string]bool{"share": true, "teilen": true, "drucken": true, "print": true, "tweet": true, "facebook": true,
	"twitter": true, "whatsapp": true, "e-mail": true, "email": true, "mail": true, "senden": true, "merken": true, "kontakt": true,
	"pinterest": true, "linkedin": true, "xing": true, "telegram": true, "reddit": true, "kommentieren": true, "comment": true,
	"speichern": true, "save": true, "kopieren": true, "compartir": true, "imprimir": true, "partager": true, "imprimer": true,
	"flipboard": true, "messenger": true, "vorlesen": true, "listen": true}

// isButtonRow matches a short line that is mostly the labels of a share or
// tool bar read as text ("Artikel Redaktion Kontakt Teilen Drucken",
// "Teilen Senden").
func isButtonRow(norm string) bool {
	f := strings.Fields(norm)
	if len(f) < 2 || len(f) > 10 {
		return false
	}
	n := 0
	for _, w := range f {
		if buttonWords[strings.Trim(w, ",.|·•:")] {
			n++
		}
	}
	return n >= 2 && n*5 >= len(f)*2
}

// isDownloadLine matches a short line offering a file: it ends in the
// file's size ("(123 KB)") next to a download word, or says "als PDF
// herunterladen" / "download as PDF".
func isDownloadLine(norm string) bool {
	if len(norm) > 160 {
		return false
	}
	for _, p := range []string{"als pdf herunterladen", "download as pdf", "download pdf", "pdf herunterladen", "télécharger le pdf", "descargar pdf"} {
		if strings.Contains(norm, p) && len(norm) < 80 {
			return true
		}
	}
	if !strings.Contains(norm, "download") && !strings.Contains(norm, "herunterladen") {
		return false
	}
	i := strings.LastIndexByte(norm, '(')
	if i < 0 {
		return false
	}
	f := strings.Fields(strings.TrimRight(norm[i+1:], ")"))
	return len(f) == 2 && strings.Trim(f[0], "0123456789.,") == "" && (f[1] == "kb" || f[1] == "mb")
}

// contactLabels open the press contact under a press release.
var contactLabels = []string{"kontakt:", "pressekontakt:", "medienkontakt:", "contact:", "press contact:", "media contact:", "contacto:", "ansprechpartner:"}

// hasContactLabel matches a line that opens with a contact label and gives
// a telephone number or an e-mail address.
func hasContactLabel(norm string) bool {
	for _, l := range contactLabels {
		if strings.HasPrefix(norm, l) {
			return strings.Contains(norm, "tel") || strings.Contains(norm, "mail") || strings.Contains(norm, "@")
		}
	}
	return false
}

// adLabels are the words that mark an advertisement.
var adLabels = []string{"advertisement", "anzeige", "werbung", "reklama", "publicidad", "publicitat", "publicité", "annonse",
	"quảng cáo", "إعلان", "sponsored", "ad"}

func isAdLabel(norm string) bool {
	for _, l := range adLabels {
		if norm == l {
			return true
		}
	}
	return false
}

// creditLineLabels start a line that only credits the pictures.
var creditLineLabels = []string{"bild:", "bilder:", "titelbild:", "beitragsbild:", "bildquelle:", "bildnachweis:", "fotonachweis:",
	"crédits photos", "crédit photo", "photo credit", "image credit"}

// isCreditLine matches a short line that only credits the pictures ("Foto:
// Jane Doe", "Bild: Agentur"): a caption's credit left outside its figure.
func isCreditLine(norm string) bool {
	if len([]rune(norm)) > 80 {
		return false
	}
	for _, ls := range [][]string{creditLabels, creditLineLabels} {
		for _, l := range ls {
			if strings.HasPrefix(norm, l) {
				return true
			}
		}
	}
	return false
}

// isSourceLine matches "Source", "Kilde: https://…", "Nguồn: VnExpress".
func isSourceLine(norm string) bool {
	for _, w := range sourceWords {
		if norm == w {
			return true
		}
		if strings.HasPrefix(norm, w) {
			rest := strings.TrimSpace(strings.TrimPrefix(norm, w))
			if strings.HasPrefix(rest, ":") {
				rest = strings.TrimSpace(rest[1:])
				if !strings.Contains(rest, " ") || len(rest) < 40 {
					return true
				}
			}
		}
	}
	return false
}

// isDomainLine matches a paragraph that is only a site name like
// "Thanhnien.vn", the attribution some outlets put after the text.
func isDomainLine(t string) bool {
	t = strings.TrimSpace(t)
	if t == "" || strings.ContainsAny(t, " \t") || len(t) > 60 {
		return false
	}
	i := strings.LastIndexByte(t, '.')
	if i <= 0 || i == len(t)-1 {
		return false
	}
	tld := t[i+1:]
	for _, r := range tld {
		if !unicode.IsLetter(r) {
			return false
		}
	}
	return len([]rune(tld)) >= 2 && len([]rune(tld)) <= 6
}

// isDateLine matches a short line that is only a date (and a place or an
// outlet name): the dateline the chrome prints above the body.
func isDateLine(t string) bool {
	// A sentence ("On 4 May 2024 he resigned.") is prose, not a dateline.
	if len([]rune(t)) > 70 || strings.HasSuffix(strings.TrimSpace(t), ".") {
		return false
	}
	if _, ok := parseVisibleDate(t, ""); !ok {
		return false
	}
	words := 0
	for _, f := range strings.Fields(t) {
		if strings.IndexFunc(f, unicode.IsLetter) >= 0 {
			words++
		}
	}
	return words <= 6
}

// infoLabels name a list of links and addresses for more information
// when they end in a colon ("Weitere Informationen:"); without it they can
// be a headline of the body.
var infoLabels = []string{"mehr informationen", "weitere informationen", "zusatzinformationen", "more information", "further information",
	"plus d'informations", "más información"}

func isInfoLabel(t, norm string) bool {
	if !strings.HasSuffix(strings.TrimSpace(t), ":") {
		return false
	}
	for _, l := range infoLabels {
		if norm == l {
			return true
		}
	}
	return false
}

func isSectionStop(norm string) bool {
	if norm == "" || len(norm) > 60 {
		return false
	}
	for _, h := range stopHeads {
		if norm == h {
			return true
		}
	}
	return false
}

// sameText compares two texts ignoring case, spacing and punctuation.
func sameText(a, b string) bool {
	if a == "" || b == "" {
		return false
	}
	// Texts of very different lengths differ whatever their punctuation
	// (a cheap test: most calls compare a paragraph with a title).
	if len(a) > 3*len(b)+16 || len(b) > 3*len(a)+16 {
		return false
	}
	return normKey(a) == normKey(b)
}

func normKey(s string) string {
	var b strings.Builder
	space := false
	for _, r := range strings.ToLower(s) {
		if unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.Is(unicode.Mn, r) {
			if space && b.Len() > 0 {
				b.WriteByte(' ')
			}
			space = false
			b.WriteRune(r)
		} else {
			space = true
		}
	}
	return b.String()
}

// similarLead reports whether a description (possibly cut short with "…")
// is the paragraph p.
func similarLead(desc, p string) bool {
	d, q := normKey(desc), normKey(p)
	if d == "" || q == "" {
		return false
	}
	if d == q {
		return true
	}
	if strings.HasSuffix(strings.TrimSpace(desc), "…") || strings.HasSuffix(strings.TrimSpace(desc), "...") || len(d) > 60 {
		short, long := d, q
		if len(short) > len(long) {
			short, long = long, short
		}
		// Drop the last, possibly cut, word of the shorter text.
		if i := strings.LastIndexByte(short, ' '); i > 0 {
			short = short[:i]
		}
		if len(short) >= 40 && strings.HasPrefix(long, short) {
			return true
		}
	}
	return false
}

// resolveLead makes the standfirst a field: the one the page marks (sapo,
// standfirst) or, failing that, the description when it is the first
// paragraph. Either way that paragraph leaves the body.
func resolveLead(lead string, m *meta, blocks []model.Block) (string, []model.Block) {
	firstPara := -1
	for i, b := range blocks {
		if i > 3 {
			break
		}
		if b.Type == model.BlockParagraph {
			firstPara = i
			break
		}
		if b.Type != model.BlockFigure {
			break
		}
	}
	drop := func(i int) []model.Block {
		return append(blocks[:i:i], blocks[i+1:]...)
	}
	if lead != "" {
		lead = undouble(lead)
		if firstPara >= 0 && (sameText(lead, blocks[firstPara].Text) || similarLead(lead, blocks[firstPara].Text)) {
			return lead, drop(firstPara)
		}
		return lead, blocks
	}
	if firstPara < 0 {
		return "", blocks
	}
	p := blocks[firstPara].Text
	for _, d := range []string{m.ldDescription, m.ogDesc, m.desc} {
		if d != "" && similarLead(d, p) {
			return p, drop(firstPara)
		}
	}
	return "", blocks
}

// isChromeLead reports whether the text marked as the standfirst is a line
// the body would not keep: the site's pitch, a date and byline line, a
// share bar, a breadcrumb trail, or a picture's caption (with its credit,
// however long the text around it, or repeated under the picture).
func isChromeLead(lead string, blocks []model.Block) bool {
	if lead == "" {
		return false
	}
	norm := normLine(lead)
	if isBoilerplateLine(norm) || isDateLine(lead) || isPitchLine(model.Block{Type: model.BlockParagraph, Text: lead}) {
		return true
	}
	for _, home := range []string{"startseite", "home", "inicio", "accueil", "forside", "trang chủ"} {
		if rest, ok := strings.CutPrefix(norm, home); ok && strings.ContainsAny(strings.TrimSpace(rest)[:min(len(strings.TrimSpace(rest)), 3)], "/>»|›") {
			return true
		}
	}
	if strings.Contains(lead, "©") {
		return true
	}
	if endsInMoreLink(lead) {
		return true
	}
	for _, b := range blocks {
		if b.Type == model.BlockFigure && b.Caption != "" && sameText(b.Caption, lead) {
			return true
		}
	}
	return false
}

// fallbackToArticleBody replaces the body with JSON-LD articleBody when the
// page states one and what was read from the markup covers less than half of
// it: the markup then hid the text (a script-rendered page, a paywall
// teaser), and the publisher's own statement of the body is the better one.
func fallbackToArticleBody(blocks []model.Block, body string, base *url.URL) []model.Block {
	body = strings.TrimSpace(body)
	if body == "" {
		return blocks
	}
	var got int
	for _, b := range blocks {
		got += len(strings.Fields(b.Text)) + len(strings.Fields(b.Caption))
	}
	want := len(strings.Fields(body))
	if got*2 >= want {
		return blocks
	}
	var out []model.Block
	if strings.Contains(body, "</p>") || strings.Contains(body, "<br") {
		doc, err := xhtml.Parse(strings.NewReader(body))
		if err == nil {
			w := &blockWalker{base: base}
			w.walk(doc, walkCtx{}, 0)
			w.flush(walkCtx{})
			out = w.blocks
		}
	} else {
		for _, line := range strings.Split(body, "\n") {
			if t := clean(line); t != "" {
				out = append(out, model.Block{Type: model.BlockParagraph, Text: t})
			}
		}
	}
	// Keep the lead image the markup showed.
	for _, b := range blocks {
		if b.Type == model.BlockFigure {
			out = append([]model.Block{b}, out...)
			break
		}
	}
	return out
}
