package demo

import "newsbridge/model"

// Sections are the site's sections for the demo, named in its languages,
// with the sample outlets' categories mapped to them: two outlets' "Economía"
// and "اقتصاد" meet in one section, "Cultura" and "Ciencia" share one, and
// a category nothing maps goes to "news". `serve --demo` uses them unless
// the configuration defines sections of its own.
func Sections() model.Sections {
	names := func(es, ca, gl, en, ar, nb, nn string) map[string]string {
		return map[string]string{"es": es, "ca": ca, "gl": gl, "en": en, "ar": ar, "nb": nb, "nn": nn}
	}
	outs := Outlets()
	return model.Sections{
		Default: "news",
		List: []model.Section{
			{Slug: "news", Names: names("Actualidad", "Actualitat", "Actualidade", "Current affairs", "أخبار", "Nyheter", "Nyheiter")},
			{Slug: "politics", Names: names("Política", "Política", "Política", "Politics", "سياسة", "Politikk", "Politikk")},
			{Slug: "business", Names: names("Economía", "Economia", "Economía", "Business", "اقتصاد", "Økonomi", "Økonomi")},
			{Slug: "society", Names: names("Sociedad", "Societat", "Sociedade", "Society", "مجتمع", "Samfunn", "Samfunn")},
			{Slug: "culture", Names: names("Cultura y ciencia", "Cultura i ciència", "Cultura e ciencia", "Culture and science", "ثقافة وعلوم", "Kultur og vitenskap", "Kultur og vitskap")},
			{Slug: "sport", Names: names("Deportes", "Esports", "Deportes", "Sport", "رياضة", "Sport", "Sport")},
		},
		Sources: []model.SectionMap{
			{Source: outs[0].Name, Categories: map[string]string{
				"Economía": "business", "Sociedad": "society", "Cultura": "culture", "Ciencia": "culture", "Deportes": "sport"}},
			{Source: outs[1].Name, Categories: map[string]string{"سياسة": "politics", "اقتصاد": "business"}},
			{Source: outs[2].Name, Categories: map[string]string{"Politikk": "politics"}},
		},
	}
}
