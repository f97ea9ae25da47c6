package demo

// Outlet describes one sample outlet served by Handler.
type Outlet struct {
	// Name is the outlet's name as its readers see it.
	Name string
	// Language is the BCP-47 tag of its articles.
	Language string
	// FeedPath is the path of its RSS 2.0 feed on the demo server,
	// e.g. "/es/feed.xml"; join it to the server's base URL to follow it.
	FeedPath string
	// Glossary lists the local names a newsroom following the outlet
	// keeps in its glossary: places and clubs whose names are also words
	// ("Ribera" is a river bank) or unknown to the engines.
	Glossary []Term
}

// Term is a glossary term of an outlet's language: its text, kind and
// mode as model.GlossaryTerm has them.
type Term struct{ Term, Kind, Mode string }

// Outlets lists the sample outlets, Spanish first.
func Outlets() []Outlet {
	outs := sampleOutlets()
	list := make([]Outlet, len(outs))
	for i, o := range outs {
		list[i] = o.Outlet
	}
	return list
}

// labels are the words of the page chrome in the outlet's language.
type labels struct {
	Home, Sections, Search, Subscribe     string
	By, PublishedOn, Photo                string
	Share, ShareOn, CopyLink              string
	Comments, CommentsEmpty, CommentLogin string
	Related, MostRead                     string
	NewsletterTitle, NewsletterText       string
	NewsletterEmail, NewsletterButton     string
	CookieText, CookieAccept, CookieMore  string
	FooterAbout, FooterLegal, FooterPriv  string
	FooterCopy, OriginalSource, Latest    string
	NotFoundTitle, NotFoundText, ReadMore string
	Months                                [12]string
}

func sampleOutlets() []*outlet {
	return []*outlet{
		{
			Outlet: Outlet{Name: "El Diario de Ejemplo", Language: "es", FeedPath: "/es/feed.xml", Glossary: []Term{
				{"Ribera", "place", "do-not-translate"}, {"Valdeloma", "place", "do-not-translate"},
				{"Almedina", "place", "do-not-translate"}, {"Albar", "place", "do-not-translate"},
			}},
			Prefix:  "es",
			Dir:     "ltr",
			Tagline: "Noticias de Valdeloma y la comarca del Albar",
			Categories: []category{
				{"economia", "Economía"}, {"sociedad", "Sociedad"}, {"cultura", "Cultura"},
				{"ciencia", "Ciencia"}, {"deportes", "Deportes"},
			},
			Labels: labels{
				Home: "Portada", Sections: "Secciones", Search: "Buscar", Subscribe: "Suscríbete",
				By: "Por", PublishedOn: "Publicado el", Photo: "Foto",
				Share: "Compartir", ShareOn: "Compartir en", CopyLink: "Copiar enlace",
				Comments: "Comentarios (0)", CommentsEmpty: "Todavía no hay comentarios. Sé el primero en opinar.",
				CommentLogin: "Inicia sesión para comentar",
				Related:      "Noticias relacionadas", MostRead: "Lo más leído",
				NewsletterTitle: "Boletín diario", NewsletterText: "Recibe cada mañana las noticias más importantes de la comarca en tu correo.",
				NewsletterEmail: "Tu correo electrónico", NewsletterButton: "Apuntarme",
				CookieText:   "Usamos cookies propias y de terceros para analizar el tráfico y mostrar publicidad personalizada.",
				CookieAccept: "Aceptar todas", CookieMore: "Configurar",
				FooterAbout: "Quiénes somos", FooterLegal: "Aviso legal", FooterPriv: "Política de privacidad",
				FooterCopy: "© 2026 El Diario de Ejemplo. Todos los derechos reservados.", OriginalSource: "Publicado originalmente en",
				Latest: "Últimas noticias", NotFoundTitle: "Página no encontrada",
				NotFoundText: "La página que buscas no existe o ha cambiado de dirección.", ReadMore: "Leer más",
				Months: [12]string{"enero", "febrero", "marzo", "abril", "mayo", "junio", "julio", "agosto", "septiembre", "octubre", "noviembre", "diciembre"},
			},
		},
		{
			Outlet:  Outlet{Name: "صحيفة المثال", Language: "ar", FeedPath: "/ar/feed.xml"},
			Prefix:  "ar",
			Dir:     "rtl",
			Tagline: "أخبار المقاطعات والتنمية المحلية",
			Categories: []category{
				{"siyasa", "سياسة"}, {"iqtisad", "اقتصاد"},
			},
			Labels: labels{
				Home: "الرئيسية", Sections: "الأقسام", Search: "بحث", Subscribe: "اشترك",
				By: "بقلم", PublishedOn: "نُشر في", Photo: "صورة",
				Share: "مشاركة", ShareOn: "شارك على", CopyLink: "نسخ الرابط",
				Comments: "التعليقات (0)", CommentsEmpty: "لا توجد تعليقات بعد.", CommentLogin: "سجّل الدخول للتعليق",
				Related: "أخبار ذات صلة", MostRead: "الأكثر قراءة",
				NewsletterTitle: "النشرة اليومية", NewsletterText: "تصلك أهم الأخبار كل صباح على بريدك الإلكتروني.",
				NewsletterEmail: "بريدك الإلكتروني", NewsletterButton: "اشترك الآن",
				CookieText: "نستخدم ملفات تعريف الارتباط لتحليل الزيارات وتحسين تجربتك.", CookieAccept: "موافق", CookieMore: "الإعدادات",
				FooterAbout: "من نحن", FooterLegal: "الشروط القانونية", FooterPriv: "سياسة الخصوصية",
				FooterCopy: "© 2026 صحيفة المثال. جميع الحقوق محفوظة.", OriginalSource: "نُشر أصلًا في",
				Latest: "آخر الأخبار", NotFoundTitle: "الصفحة غير موجودة", NotFoundText: "الصفحة التي تبحث عنها غير موجودة.", ReadMore: "اقرأ المزيد",
				Months: [12]string{"يناير", "فبراير", "مارس", "أبريل", "مايو", "يونيو", "يوليو", "أغسطس", "سبتمبر", "أكتوبر", "نوفمبر", "ديسمبر"},
			},
		},
		{
			Outlet:  Outlet{Name: "Eksempelavisen", Language: "nb", FeedPath: "/nb/feed.xml"},
			Prefix:  "nb",
			Dir:     "ltr",
			Tagline: "Nyheter fra inn- og utland",
			Categories: []category{
				{"politikk", "Politikk"},
			},
			Labels: labels{
				Home: "Forsiden", Sections: "Seksjoner", Search: "Søk", Subscribe: "Abonner",
				By: "Av", PublishedOn: "Publisert", Photo: "Foto",
				Share: "Del", ShareOn: "Del på", CopyLink: "Kopier lenke",
				Comments: "Kommentarer (0)", CommentsEmpty: "Ingen kommentarer ennå.", CommentLogin: "Logg inn for å kommentere",
				Related: "Relaterte saker", MostRead: "Mest lest",
				NewsletterTitle: "Nyhetsbrev", NewsletterText: "Få dagens viktigste nyheter i innboksen hver morgen.",
				NewsletterEmail: "Din e-postadresse", NewsletterButton: "Meld meg på",
				CookieText: "Vi bruker informasjonskapsler for å analysere trafikken og tilpasse annonser.", CookieAccept: "Godta alle", CookieMore: "Innstillinger",
				FooterAbout: "Om oss", FooterLegal: "Juridisk informasjon", FooterPriv: "Personvern",
				FooterCopy: "© 2026 Eksempelavisen. Alle rettigheter forbeholdt.", OriginalSource: "Opprinnelig publisert i",
				Latest: "Siste nytt", NotFoundTitle: "Siden finnes ikke", NotFoundText: "Siden du leter etter finnes ikke.", ReadMore: "Les mer",
				Months: [12]string{"januar", "februar", "mars", "april", "mai", "juni", "juli", "august", "september", "oktober", "november", "desember"},
			},
		},
	}
}
