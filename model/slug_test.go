package model

import "testing"

func TestSlugify(t *testing.T) {
	for _, c := range []struct{ lang, in, want string }{
		{"es", "Récord de visitantes, en 2026!", "record-de-visitantes-en-2026"},
		{"es", "  ¿Qué?  ", "que"},
		{"es", "El Valdeloma CF asciende a Primera Federación", "el-valdeloma-cf-asciende-a-primera-federacion"},
		{"ca", "L'Ajuntament aprova la reforma de la plaça", "l-ajuntament-aprova-la-reforma-de-la-placa"},
		{"de", "Straße über die Brücke", "strasse-ueber-die-bruecke"},
		{"nb", "Økonomi på Ærø", "okonomi-pa-aero"},
		{"pl", "Łódź i Gdańsk", "lodz-i-gdansk"},
		{"is", "Þingvellir og Ðe", "thingvellir-og-de"},
		{"ru", "Москва: новый мэр объявил о реформе", "moskva-novyy-mer-obyavil-o-reforme"},
		{"uk", "Київ і Харків", "kyyiv-i-kharkiv"},
		{"sr", "Београд и Ниш", "beograd-i-nis"},
		{"el", "Αθήνα: η Βουλή ψήφισε", "athina-i-vouli-psifise"},
		{"ar", "الأمين العام", "الامين-العام"},
		{"ar", "مُحَمَّد في ٢٠٢٦", "محمد-في-2026"},
		{"hi", "नई दिल्ली", "नई-दिल्ली"},
		{"th", "กรุงเทพ มหานคร", "กรุงเทพ-มหานคร"},
		{"zh", "北京 新闻", "北京-新闻"},
		{"ko", "서울 뉴스", "서울-뉴스"},
		{"", "ﬁnal ＡＢＣ", "final-abc"},
		{"", "", ""},
		{"", "!!!", ""},
	} {
		if got := Slugify(c.lang, c.in, 80); got != c.want {
			t.Errorf("Slugify(%q, %q) = %q, want %q", c.lang, c.in, got, c.want)
		}
	}
	if got := Slugify("en", "aaaaaaaaaa bbbbbbbbbb", 12); got != "aaaaaaaaaa" {
		t.Errorf("not cut at a word's end: %q", got)
	}
	if got := Slugify("en", "aaaaaaaaaaaaaaaaaaaaaaaa", 12); got != "aaaaaaaaaaaa" {
		t.Errorf("long word: %q", got)
	}
	if got := Slugify("ar", "الأمين العام للأمم المتحدة", 15); got != "الامين" {
		t.Errorf("cut inside a letter: %q", got)
	}
}
