package site

import (
	"html"
	"html/template"
	"reflect"
	"strconv"
	"strings"
	"time"

	"newsbridge/model"
)

// uiText holds the site's interface strings in one language. Templates use
// the fields directly ({{.T.Search}}), so a misspelt name fails New's
// start-up check instead of rendering an empty string.
type uiText struct {
	SkipToContent string
	Home          string
	Latest        string
	Sections      string // nav landmark label
	Languages     string // language switcher label
	Search        string
	SearchLabel   string // the query input's label
	SearchSubmit  string
	Category      string // search form: category select label
	AllCategories string
	From, To      string // search form: date range labels
	Results       string // "%d results for “%s”"
	NoResults     string
	SearchOff     string // the site runs without a search index
	Page          string // "Page %d of %d"
	Previous      string
	Next          string
	Pagination    string
	MoreIn        string // "More in %s"
	MoreBy        string // "More by %s" (an author)
	MoreFrom      string // "More from %s" (an outlet)
	ArticlesBy    string // "Articles by %s": an author's page
	ArticlesFrom  string // "Articles from %s": an outlet's page
	ListSep       string // between two authors' names
	Comments      string
	CommentsCount string // "Comments: %d"
	NoComments    string
	Name          string
	Comment       string
	SendComment   string
	LeaveEmpty    string // honeypot label, read by no human
	Pending       string
	CommentBad    string // empty name or body
	CommentLong   string // over the length limit
	TooMany       string // rate limited
	QueueFull     string // too many comments pending moderation
	CrossOrigin   string // a form sent from another site
	BackToArticle string
	Translated    string // "Machine-translated from %s — original at %s"
	// TranslatedEdited: machine-translated, some sentences corrected by
	// the editors; TranslatedReviewed: and approved by an editor;
	// TranslatedByEditors: typed by the editors (no engine reaches the pair).
	TranslatedEdited    string
	TranslatedReviewed  string
	TranslatedByEditors string
	Original            string // "Original: %s" (source-language pages)
	By                  string // "By %s"
	NotFound            string
	NotFoundText        string
	Feeds               string
	Error               string
	ErrorText           string
}

// ui is the table of interface strings; a missing field falls back to
// English. Formats use %s and %d, filled with escaped values.
var ui = map[string]*uiText{
	"en": {
		SkipToContent: "Skip to content", Home: "Home", Latest: "Latest news",
		Sections: "Sections", Languages: "Languages", Search: "Search",
		SearchLabel: "Search the news", SearchSubmit: "Search",
		Category: "Section", AllCategories: "All sections", From: "From", To: "To",
		Results: "%d results for “%s”", NoResults: "Nothing found.",
		SearchOff: "Search is not available right now.",
		Page:      "Page %d of %d", Previous: "Previous", Next: "Next", Pagination: "Pages",
		MoreIn: "More in %s", MoreBy: "More by %s", MoreFrom: "More from %s", ArticlesBy: "Articles by %s", ArticlesFrom: "Articles from %s", ListSep: ", ", Comments: "Comments", CommentsCount: "Comments: %d",
		NoComments: "No comments yet.", Name: "Name", Comment: "Comment",
		SendComment: "Send comment", LeaveEmpty: "Leave this field empty",
		Pending:             "Thank you. Your comment awaits moderation.",
		CommentBad:          "Please give a name and a comment.",
		CommentLong:         "The comment is too long.",
		TooMany:             "Too many comments from your address; please wait a minute.",
		QueueFull:           "Too many comments are waiting for moderation; please try again later.",
		CrossOrigin:         "This form can only be sent from this site's own pages.",
		BackToArticle:       "Back to the article",
		Translated:          "Machine-translated from %s — original at %s",
		TranslatedEdited:    "Machine-translated from %s, with corrections by our editors — original at %s",
		TranslatedReviewed:  "Machine-translated from %s and reviewed by our editors — original at %s",
		TranslatedByEditors: "Translated from %s by our editors — original at %s",
		Original:            "Original at %s", By: "By %s",
		NotFound: "Page not found", NotFoundText: "There is no page at this address.",
		Feeds: "Feeds", Error: "Something went wrong", ErrorText: "Please try again later.",
	},
	"es": {
		SkipToContent: "Saltar al contenido", Home: "Portada", Latest: "Últimas noticias",
		Sections: "Secciones", Languages: "Idiomas", Search: "Buscar",
		SearchLabel: "Buscar noticias", SearchSubmit: "Buscar",
		Category: "Sección", AllCategories: "Todas las secciones", From: "Desde", To: "Hasta",
		Results: "%d resultados para «%s»", NoResults: "No se ha encontrado nada.",
		SearchOff: "La búsqueda no está disponible ahora.",
		Page:      "Página %d de %d", Previous: "Anterior", Next: "Siguiente", Pagination: "Páginas",
		MoreIn: "Más en %s", MoreBy: "Más artículos de %s", MoreFrom: "Más de %s", ArticlesBy: "Artículos de %s", ArticlesFrom: "Artículos publicados en %s", ListSep: ", ", Comments: "Comentarios", CommentsCount: "Comentarios: %d",
		NoComments: "Todavía no hay comentarios.", Name: "Nombre", Comment: "Comentario",
		SendComment: "Enviar comentario", LeaveEmpty: "Deje este campo vacío",
		Pending:             "Gracias. Su comentario está pendiente de moderación.",
		CommentBad:          "Escriba un nombre y un comentario.",
		CommentLong:         "El comentario es demasiado largo.",
		TooMany:             "Demasiados comentarios desde su dirección; espere un minuto.",
		QueueFull:           "Hay demasiados comentarios pendientes de moderación; inténtelo más tarde.",
		CrossOrigin:         "Este formulario solo puede enviarse desde las páginas de este sitio.",
		BackToArticle:       "Volver al artículo",
		Translated:          "Traducido automáticamente del %s — original en %s",
		TranslatedEdited:    "Traducido automáticamente del %s, con correcciones de nuestra redacción — original en %s",
		TranslatedReviewed:  "Traducido automáticamente del %s y revisado por nuestra redacción — original en %s",
		TranslatedByEditors: "Traducido del %s por nuestra redacción — original en %s",
		Original:            "Original en %s", By: "Por %s",
		NotFound: "Página no encontrada", NotFoundText: "No hay ninguna página en esta dirección.",
		Feeds: "Canales", Error: "Algo ha fallado", ErrorText: "Inténtelo de nuevo más tarde.",
	},
	"ca": {
		SkipToContent: "Vés al contingut", Home: "Portada", Latest: "Últimes notícies",
		Sections: "Seccions", Languages: "Llengües", Search: "Cerca",
		SearchLabel: "Cerca notícies", SearchSubmit: "Cerca",
		Category: "Secció", AllCategories: "Totes les seccions", From: "Des de", To: "Fins a",
		Results: "%d resultats per a «%s»", NoResults: "No s'ha trobat res.",
		SearchOff: "La cerca no està disponible ara.",
		Page:      "Pàgina %d de %d", Previous: "Anterior", Next: "Següent", Pagination: "Pàgines",
		MoreIn: "Més a %s", MoreBy: "Més articles de %s", MoreFrom: "Més de %s", ArticlesBy: "Articles de %s", ArticlesFrom: "Articles publicats a %s", ListSep: ", ", Comments: "Comentaris", CommentsCount: "Comentaris: %d",
		NoComments: "Encara no hi ha comentaris.", Name: "Nom", Comment: "Comentari",
		SendComment: "Envia el comentari", LeaveEmpty: "Deixeu aquest camp buit",
		Pending:             "Gràcies. El vostre comentari està pendent de moderació.",
		CommentBad:          "Escriviu un nom i un comentari.",
		CommentLong:         "El comentari és massa llarg.",
		TooMany:             "Massa comentaris des de la vostra adreça; espereu un minut.",
		QueueFull:           "Hi ha massa comentaris pendents de moderació; torneu-ho a provar més tard.",
		CrossOrigin:         "Aquest formulari només es pot enviar des de les pàgines d'aquest lloc.",
		BackToArticle:       "Torna a l'article",
		Translated:          "Traducció automàtica (llengua original: %s) — original a %s",
		TranslatedEdited:    "Traducció automàtica amb correccions de la redacció (llengua original: %s) — original a %s",
		TranslatedReviewed:  "Traducció automàtica revisada per la redacció (llengua original: %s) — original a %s",
		TranslatedByEditors: "Traducció de la redacció (llengua original: %s) — original a %s",
		Original:            "Original a %s", By: "Per %s",
		NotFound: "No s'ha trobat la pàgina", NotFoundText: "No hi ha cap pàgina en aquesta adreça.",
		Feeds: "Canals", Error: "Alguna cosa ha fallat", ErrorText: "Torneu-ho a provar més tard.",
	},
	"gl": {
		SkipToContent: "Ir ao contido", Home: "Portada", Latest: "Últimas novas",
		Sections: "Seccións", Languages: "Linguas", Search: "Buscar",
		SearchLabel: "Buscar novas", SearchSubmit: "Buscar",
		Category: "Sección", AllCategories: "Todas as seccións", From: "Desde", To: "Ata",
		Results: "%d resultados para «%s»", NoResults: "Non se atopou nada.",
		SearchOff: "A busca non está dispoñible agora.",
		Page:      "Páxina %d de %d", Previous: "Anterior", Next: "Seguinte", Pagination: "Páxinas",
		MoreIn: "Máis en %s", MoreBy: "Máis artigos de %s", MoreFrom: "Máis de %s", ArticlesBy: "Artigos de %s", ArticlesFrom: "Artigos publicados en %s", ListSep: ", ", Comments: "Comentarios", CommentsCount: "Comentarios: %d",
		NoComments: "Aínda non hai comentarios.", Name: "Nome", Comment: "Comentario",
		SendComment: "Enviar comentario", LeaveEmpty: "Deixe este campo baleiro",
		Pending:             "Grazas. O seu comentario está pendente de moderación.",
		CommentBad:          "Escriba un nome e un comentario.",
		CommentLong:         "O comentario é longo de máis.",
		TooMany:             "Demasiados comentarios desde o seu enderezo; agarde un minuto.",
		QueueFull:           "Hai demasiados comentarios pendentes de moderación; ténteo máis tarde.",
		CrossOrigin:         "Este formulario só pode enviarse desde as páxinas deste sitio.",
		BackToArticle:       "Volver ao artigo",
		Translated:          "Tradución automática do %s — orixinal en %s",
		TranslatedEdited:    "Tradución automática do %s, con correccións da nosa redacción — orixinal en %s",
		TranslatedReviewed:  "Tradución automática do %s revisada pola nosa redacción — orixinal en %s",
		TranslatedByEditors: "Traducido do %s pola nosa redacción — orixinal en %s",
		Original:            "Orixinal en %s", By: "Por %s",
		NotFound: "Páxina non atopada", NotFoundText: "Non hai ningunha páxina neste enderezo.",
		Feeds: "Canles", Error: "Algo fallou", ErrorText: "Ténteo de novo máis tarde.",
	},
	"ar": {
		SkipToContent: "انتقل إلى المحتوى", Home: "الرئيسية", Latest: "آخر الأخبار",
		Sections: "الأقسام", Languages: "اللغات", Search: "بحث",
		SearchLabel: "ابحث في الأخبار", SearchSubmit: "بحث",
		Category: "القسم", AllCategories: "كل الأقسام", From: "من", To: "إلى",
		Results: "%d نتيجة لـ «%s»", NoResults: "لم يُعثر على شيء.",
		SearchOff: "البحث غير متاح حاليًا.",
		Page:      "الصفحة %d من %d", Previous: "السابق", Next: "التالي", Pagination: "الصفحات",
		MoreIn: "المزيد في %s", MoreBy: "المزيد للكاتب %s", MoreFrom: "المزيد من %s", ArticlesBy: "مقالات %s", ArticlesFrom: "مقالات منشورة في %s", ListSep: "، ", Comments: "التعليقات", CommentsCount: "التعليقات: %d",
		NoComments: "لا توجد تعليقات بعد.", Name: "الاسم", Comment: "التعليق",
		SendComment: "أرسل التعليق", LeaveEmpty: "اترك هذا الحقل فارغًا",
		Pending:             "شكرًا لك. تعليقك في انتظار المراجعة.",
		CommentBad:          "يرجى كتابة الاسم والتعليق.",
		CommentLong:         "التعليق طويل جدًا.",
		TooMany:             "تعليقات كثيرة من عنوانك؛ يرجى الانتظار دقيقة.",
		QueueFull:           "تنتظر تعليقات كثيرة المراجعة؛ يرجى المحاولة لاحقًا.",
		CrossOrigin:         "لا يمكن إرسال هذا النموذج إلا من صفحات هذا الموقع.",
		BackToArticle:       "العودة إلى المقال",
		Translated:          "ترجمة آلية من %s — النص الأصلي في %s",
		TranslatedEdited:    "ترجمة آلية من %s، صحّح محررونا أجزاء منها — النص الأصلي في %s",
		TranslatedReviewed:  "ترجمة آلية من %s راجعها محررونا — النص الأصلي في %s",
		TranslatedByEditors: "ترجمها محررونا من %s — النص الأصلي في %s",
		Original:            "النص الأصلي في %s", By: "بقلم %s",
		NotFound: "الصفحة غير موجودة", NotFoundText: "لا توجد صفحة في هذا العنوان.",
		Feeds: "الخلاصات", Error: "حدث خطأ", ErrorText: "يرجى المحاولة لاحقًا.",
	},
	"nb": {
		SkipToContent: "Gå til innholdet", Home: "Forside", Latest: "Siste nytt",
		Sections: "Seksjoner", Languages: "Språk", Search: "Søk",
		SearchLabel: "Søk i nyhetene", SearchSubmit: "Søk",
		Category: "Seksjon", AllCategories: "Alle seksjoner", From: "Fra", To: "Til",
		Results: "%d treff for «%s»", NoResults: "Fant ingenting.",
		SearchOff: "Søk er ikke tilgjengelig nå.",
		Page:      "Side %d av %d", Previous: "Forrige", Next: "Neste", Pagination: "Sider",
		MoreIn: "Mer i %s", MoreBy: "Mer av %s", MoreFrom: "Mer fra %s", ArticlesBy: "Saker av %s", ArticlesFrom: "Saker fra %s", ListSep: ", ", Comments: "Kommentarer", CommentsCount: "Kommentarer: %d",
		NoComments: "Ingen kommentarer ennå.", Name: "Navn", Comment: "Kommentar",
		SendComment: "Send kommentar", LeaveEmpty: "La dette feltet stå tomt",
		Pending:             "Takk. Kommentaren din venter på godkjenning.",
		CommentBad:          "Skriv et navn og en kommentar.",
		CommentLong:         "Kommentaren er for lang.",
		TooMany:             "For mange kommentarer fra adressen din; vent et minutt.",
		QueueFull:           "For mange kommentarer venter på moderering; prøv igjen senere.",
		CrossOrigin:         "Dette skjemaet kan bare sendes fra sidene på dette nettstedet.",
		BackToArticle:       "Tilbake til artikkelen",
		Translated:          "Maskinoversatt fra %s — originalen hos %s",
		TranslatedEdited:    "Maskinoversatt fra %s, med rettelser fra redaksjonen — originalen hos %s",
		TranslatedReviewed:  "Maskinoversatt fra %s og gjennomgått av redaksjonen — originalen hos %s",
		TranslatedByEditors: "Oversatt fra %s av redaksjonen — originalen hos %s",
		Original:            "Originalen hos %s", By: "Av %s",
		NotFound: "Fant ikke siden", NotFoundText: "Det finnes ingen side på denne adressen.",
		Feeds: "Strømmer", Error: "Noe gikk galt", ErrorText: "Prøv igjen senere.",
	},
	"nn": {
		SkipToContent: "Gå til innhaldet", Home: "Framside", Latest: "Siste nytt",
		Sections: "Seksjonar", Languages: "Språk", Search: "Søk",
		SearchLabel: "Søk i nyheitene", SearchSubmit: "Søk",
		Category: "Seksjon", AllCategories: "Alle seksjonar", From: "Frå", To: "Til",
		Results: "%d treff for «%s»", NoResults: "Fann ingenting.",
		SearchOff: "Søk er ikkje tilgjengeleg no.",
		Page:      "Side %d av %d", Previous: "Førre", Next: "Neste", Pagination: "Sider",
		MoreIn: "Meir i %s", MoreBy: "Meir av %s", MoreFrom: "Meir frå %s", ArticlesBy: "Saker av %s", ArticlesFrom: "Saker frå %s", ListSep: ", ", Comments: "Kommentarar", CommentsCount: "Kommentarar: %d",
		NoComments: "Ingen kommentarar enno.", Name: "Namn", Comment: "Kommentar",
		SendComment: "Send kommentar", LeaveEmpty: "La dette feltet stå tomt",
		Pending:             "Takk. Kommentaren din ventar på godkjenning.",
		CommentBad:          "Skriv eit namn og ein kommentar.",
		CommentLong:         "Kommentaren er for lang.",
		TooMany:             "For mange kommentarar frå adressa di; vent eit minutt.",
		QueueFull:           "For mange kommentarar ventar på moderering; prøv igjen seinare.",
		CrossOrigin:         "Dette skjemaet kan berre sendast frå sidene på denne nettstaden.",
		BackToArticle:       "Tilbake til artikkelen",
		Translated:          "Maskinomsett frå %s — originalen hos %s",
		TranslatedEdited:    "Maskinomsett frå %s, med rettingar frå redaksjonen — originalen hos %s",
		TranslatedReviewed:  "Maskinomsett frå %s og gjennomgått av redaksjonen — originalen hos %s",
		TranslatedByEditors: "Omsett frå %s av redaksjonen — originalen hos %s",
		Original:            "Originalen hos %s", By: "Av %s",
		NotFound: "Fann ikkje sida", NotFoundText: "Det finst inga side på denne adressa.",
		Feeds: "Straumar", Error: "Noko gjekk gale", ErrorText: "Prøv igjen seinare.",
	},
}

func init() {
	// Fill every missing string from English once, so lookups never fail.
	en := reflect.ValueOf(ui["en"]).Elem()
	for _, t := range ui {
		v := reflect.ValueOf(t).Elem()
		for i := 0; i < v.NumField(); i++ {
			if v.Field(i).String() == "" {
				v.Field(i).SetString(en.Field(i).String())
			}
		}
	}
}

// uiFor returns the strings for a language tag, by base language, English
// when the language has no table.
func uiFor(tag string) *uiText {
	if t, ok := ui[model.BaseLang(tag)]; ok {
		return t
	}
	return ui["en"]
}

// months holds month names per base language, in the form used after a day
// number ("22 de noviembre").
var months = map[string][12]string{
	"en": {"January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"},
	"es": {"enero", "febrero", "marzo", "abril", "mayo", "junio", "julio", "agosto", "septiembre", "octubre", "noviembre", "diciembre"},
	"ca": {"gener", "febrer", "març", "abril", "maig", "juny", "juliol", "agost", "setembre", "octubre", "novembre", "desembre"},
	"gl": {"xaneiro", "febreiro", "marzo", "abril", "maio", "xuño", "xullo", "agosto", "setembro", "outubro", "novembro", "decembro"},
	"pt": {"janeiro", "fevereiro", "março", "abril", "maio", "junho", "julho", "agosto", "setembro", "outubro", "novembro", "dezembro"},
	"fr": {"janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre", "octobre", "novembre", "décembre"},
	"it": {"gennaio", "febbraio", "marzo", "aprile", "maggio", "giugno", "luglio", "agosto", "settembre", "ottobre", "novembre", "dicembre"},
	"nb": {"januar", "februar", "mars", "april", "mai", "juni", "juli", "august", "september", "oktober", "november", "desember"},
	"nn": {"januar", "februar", "mars", "april", "mai", "juni", "juli", "august", "september", "oktober", "november", "desember"},
	"ar": {"يناير", "فبراير", "مارس", "أبريل", "مايو", "يونيو", "يوليو", "أغسطس", "سبتمبر", "أكتوبر", "نوفمبر", "ديسمبر"},
}

// formatDate writes a date the way a reader of lang expects it. Times are
// shown in UTC: the site has no idea of the reader's time zone and a cached
// page cannot depend on it.
func formatDate(lang string, t time.Time) string {
	if t.IsZero() {
		return ""
	}
	t = t.UTC()
	base := model.BaseLang(lang)
	m, ok := months[base]
	if !ok {
		return t.Format("2006-01-02")
	}
	d, mon, y := strconv.Itoa(t.Day()), m[t.Month()-1], strconv.Itoa(t.Year())
	switch base {
	case "es", "gl", "pt":
		return d + " de " + mon + " de " + y
	case "ca":
		// Catalan elides "de" before a vowel: "d'abril", "d'agost", "d'octubre".
		if strings.ContainsRune("aeiouàèéíòóú", []rune(mon)[0]) {
			return d + " d’" + mon + " de " + y
		}
		return d + " de " + mon + " de " + y
	case "fr":
		if t.Day() == 1 {
			d = "1er"
		}
		return d + " " + mon + " " + y
	case "nb", "nn":
		return d + ". " + mon + " " + y
	default: // en, it, ar
		return d + " " + mon + " " + y
	}
}

// formatHTML fills a UI format string with already-safe HTML pieces; the
// format itself is escaped, so a translator's "<" cannot become markup.
func formatHTML(format string, args ...template.HTML) template.HTML {
	var b strings.Builder
	for len(format) > 0 {
		i := strings.IndexByte(format, '%')
		if i < 0 || i+1 >= len(format) {
			b.WriteString(html.EscapeString(format))
			break
		}
		b.WriteString(html.EscapeString(format[:i]))
		switch format[i+1] {
		case 's', 'd':
			if len(args) > 0 {
				b.WriteString(string(args[0]))
				args = args[1:]
			}
		default:
			b.WriteString(html.EscapeString(format[i : i+2]))
		}
		format = format[i+2:]
	}
	return template.HTML(b.String())
}
