package model

import "testing"

func TestParseLang(t *testing.T) {
	for _, tt := range []struct {
		in                             string
		tag, base, name, english, news string
		dir                            string
	}{
		{"pt-BR", "pt-BR", "pt", "Português", "Brazilian Portuguese", "pt", "ltr"},
		{"pt_br", "pt-BR", "pt", "Português", "Brazilian Portuguese", "pt", "ltr"},
		{"nb", "nb", "nb", "Norsk bokmål", "Norwegian Bokmål", "nb", "ltr"},
		{"no", "nb", "nb", "Norsk bokmål", "Norwegian Bokmål", "nb", "ltr"},
		{"no-NO", "nb-NO", "nb", "Norsk bokmål", "Norwegian Bokmål", "nb", "ltr"},
		{"nob", "nb", "nb", "Norsk bokmål", "Norwegian Bokmål", "nb", "ltr"},
		{"zh-Hant", "zh-Hant", "zh", "中文", "Traditional Chinese", "zh-tw", "ltr"},
		{"zh-TW", "zh-TW", "zh", "中文", "Chinese", "zh-tw", "ltr"},
		{"zh-CN", "zh-CN", "zh", "中文", "Chinese", "zh-cn", "ltr"},
		{"zh", "zh", "zh", "中文", "Chinese", "zh-cn", "ltr"},
		{" EN-gb ", "en-GB", "en", "English", "British English", "en", "ltr"},
		{"spa", "es", "es", "Español", "Spanish", "es", "ltr"},
		{"iw", "he", "he", "עברית", "Hebrew", "he", "rtl"},
		{"ar", "ar", "ar", "العربية", "Arabic", "ar", "rtl"},
		{"ar-EG", "ar-EG", "ar", "العربية", "Arabic", "ar", "rtl"},
		{"he", "he", "he", "עברית", "Hebrew", "he", "rtl"},
		{"fa", "fa", "fa", "فارسی", "Persian", "fa", "rtl"},
		{"ur", "ur", "ur", "اردو", "Urdu", "ur", "rtl"},
		{"az-Arab", "az-Arab", "az", "az-Arab", "", "az", "rtl"},
		{"ca", "ca", "ca", "Català", "Catalan", "ca", "ltr"},
		{"ast", "ast", "ast", "Asturianu", "Asturian", "ast", "ltr"},
		{"fi", "fi", "fi", "fi", "Finnish", "fi", "ltr"},
	} {
		got, err := ParseLang(tt.in)
		if err != nil {
			t.Errorf("ParseLang(%q): %v", tt.in, err)
			continue
		}
		if got.Tag != tt.tag || got.Base != tt.base || got.Name != tt.name || got.EnglishName != tt.english ||
			got.NewsCode != tt.news || got.Dir != tt.dir || got.Prefix != tt.tag || got.RTL() != (tt.dir == "rtl") {
			t.Errorf("ParseLang(%q) = %+v, want %+v", tt.in, got, tt)
		}
	}
}

func TestParseLangRejects(t *testing.T) {
	for _, in := range []string{"", "x", "xx", "qq", "not a tag!", "und", "mul", "zxx", "en-US,fr"} {
		if got, err := ParseLang(in); err == nil {
			t.Errorf("ParseLang(%q) = %+v, want an error", in, got)
		}
		// LookupLang never fails: the tag stands for itself.
		if l := LookupLang(in); l.Name != l.Tag || l.Dir != "ltr" || l.NameIn("es") != l.Tag {
			t.Errorf("LookupLang(%q) = %+v", in, l)
		}
	}
	if l := LookupLang("xx-YY"); l.Tag != "xx-YY" || l.Base != "xx" || l.NewsCode != "xx" {
		t.Errorf("LookupLang(xx-YY) = %+v", l)
	}
}

func TestNameIn(t *testing.T) {
	for _, tt := range []struct{ tag, reader, want string }{
		{"en", "es", "inglés"},
		{"es", "en", "Spanish"},
		{"ca", "ca", "català"},
		{"ar", "not a tag!", "ar"},
		{"no", "en", "Norwegian Bokmål"},
	} {
		if got := LookupLang(tt.tag).NameIn(tt.reader); got != tt.want {
			t.Errorf("%s in %s = %q, want %q", tt.tag, tt.reader, got, tt.want)
		}
	}
}

func TestBaseLang(t *testing.T) {
	for in, want := range map[string]string{"pt-BR": "pt", "nb": "nb", "no": "no", "EN_us": "en", " ast ": "ast", "": ""} {
		if got := BaseLang(in); got != want {
			t.Errorf("BaseLang(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestNewLanguage(t *testing.T) {
	l := NewLanguage("ar", 3)
	if l.Tag != "ar" || l.Name != "العربية" || !l.RTL() || l.Prefix != "ar" || l.Weight != 3 || !l.Enabled {
		t.Fatalf("NewLanguage(ar) = %+v", l)
	}
	if l := NewLanguage("pt-BR", 0); l.Prefix != "pt-BR" || l.Name != "Português" || l.RTL() {
		t.Fatalf("NewLanguage(pt-BR) = %+v", l)
	}
}

func BenchmarkLookupLang(b *testing.B) {
	tags := []string{"es", "ca", "pt-BR", "no", "ar"}
	for i := 0; b.Loop(); i++ {
		_ = LookupLang(tags[i%len(tags)]).Base
	}
}

func BenchmarkBaseLang(b *testing.B) {
	tags := []string{"es", "ca", "pt-BR", "no", "ar"}
	for i := 0; b.Loop(); i++ {
		_ = BaseLang(tags[i%len(tags)])
	}
}
