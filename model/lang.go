package model

import (
	"fmt"
	"strings"
	"sync"
	"sync/atomic"

	"golang.org/x/text/language"
	"golang.org/x/text/language/display"
)

// The language registry: what newsbridge knows about a language, whatever
// the site's configuration, in one place every stage can import. Tags are
// normalised with golang.org/x/text/language (BCP 47); word lists that serve
// one stage (stopwords, abbreviations, analyzers) stay with that stage.

// Language is one site language, as in Hugo's language registry. NewLanguage
// fills one from the registry.
type Language struct {
	Tag     string // BCP-47, e.g. "es", "ar", "nb"
	Name    string // name in the language itself, e.g. "Català"
	Dir     string // "ltr" or "rtl"
	Prefix  string // URL prefix, usually the tag
	Weight  int    // order in the language switcher
	Enabled bool
}

// RTL reports whether the language reads right to left.
func (l Language) RTL() bool { return l.Dir == "rtl" }

// NewLanguage returns the enabled site language for a tag (as the
// configuration writes it) at a weight, with its name, direction and URL
// prefix from the registry.
func NewLanguage(tag string, weight int) Language {
	info := LookupLang(tag)
	return Language{Tag: tag, Name: info.Name, Dir: info.Dir, Prefix: info.Prefix, Weight: weight, Enabled: true}
}

// LangInfo is the registry's facts about one language tag.
type LangInfo struct {
	// Tag is the normalised BCP-47 tag: "pt-BR", "nb" (for "no"), "he" (for
	// "iw"), "es" (for "spa").
	Tag string
	// Base is the primary language subtag of Tag: "pt", "nb", "zh".
	Base string
	// Name is the language's name in the language itself ("Català"), or
	// the tag when the registry has none.
	Name string
	// EnglishName is the name in English ("Brazilian Portuguese"), "" when
	// CLDR has none.
	EnglishName string
	// Dir is "rtl" for languages written in a right-to-left script, else "ltr".
	Dir string
	// Prefix is the URL prefix of the language's pages: the tag.
	Prefix string
	// NewsCode is the Google News sitemap language: an ISO 639 code, with
	// "zh-cn" and "zh-tw" for Simplified and Traditional Chinese.
	NewsCode string
	tag      language.Tag
}

// RTL reports whether the language reads right to left.
func (l LangInfo) RTL() bool { return l.Dir == "rtl" }

// NameIn returns the language's name in the reader's language: "en" read
// in Spanish is "inglés". It falls back to the name in the language itself,
// then to the tag.
func (l LangInfo) NameIn(reader string) string {
	if l.tag == (language.Tag{}) {
		return l.Tag
	}
	r, err := language.Parse(strings.TrimSpace(reader))
	if err != nil {
		return l.Tag
	}
	n := display.Tags(r).Name(l.tag)
	if n == "" {
		n = display.Self.Name(l.tag)
	}
	if n == "" {
		return l.Tag
	}
	return n
}

// nativeNames are the names in the languages themselves, capitalised as a
// language switcher shows them (CLDR writes many in lower case).
var nativeNames = map[string]string{
	"ar": "العربية", "fa": "فارسی", "he": "עברית", "ur": "اردو",
	"es": "Español", "ca": "Català", "gl": "Galego", "en": "English",
	"pt": "Português", "it": "Italiano", "fr": "Français", "de": "Deutsch",
	"nb": "Norsk bokmål", "nn": "Norsk nynorsk", "sv": "Svenska", "da": "Dansk",
	"oc": "Occitan", "ro": "Română", "eo": "Esperanto", "ast": "Asturianu",
	"an": "Aragonés", "vi": "Tiếng Việt", "zh": "中文", "ja": "日本語",
	"ko": "한국어", "ru": "Русский",
}

// rtlScripts are the right-to-left scripts (ISO 15924) a language may be
// written in.
var rtlScripts = map[string]bool{
	"Arab": true, "Hebr": true, "Thaa": true, "Syrc": true, "Nkoo": true,
	"Adlm": true, "Rohg": true, "Mand": true, "Samr": true,
}

// notLanguages are tags that parse but name no language: multiple
// languages, no linguistic content, uncoded ("und" has no exact base).
var notLanguages = map[string]bool{"mul": true, "zxx": true, "mis": true}

// ParseLang normalises a BCP-47 tag (case, "_" for "-", deprecated and
// three-letter codes, "no" as Bokmål) and returns the registry's facts about
// it. A malformed or unknown tag, or one that names no language ("und"), is
// an error.
func ParseLang(tag string) (LangInfo, error) {
	if v, ok := cache.Load(tag); ok {
		e := v.(cached)
		return e.info, e.err
	}
	info, err := parseLang(tag)
	if n := cacheSize.Add(1); n <= maxCache {
		cache.Store(tag, cached{info, err})
	}
	return info, err
}

// LookupLang is ParseLang for a tag that may not parse: it then returns the
// tag as written, its primary subtag as Base, the tag as Name, "ltr".
func LookupLang(tag string) LangInfo {
	info, err := ParseLang(tag)
	if err != nil {
		t := strings.TrimSpace(tag)
		b := BaseLang(t)
		return LangInfo{Tag: t, Base: b, Name: t, Dir: "ltr", Prefix: t, NewsCode: b}
	}
	return info
}

// BaseLang returns the primary language subtag of a BCP-47 tag as written,
// lower-cased, without normalising it: "pt-BR" → "pt", "nb" → "nb",
// "no" → "no". LookupLang(tag).Base is the normalised one ("no" → "nb").
func BaseLang(tag string) string {
	tag = strings.ToLower(strings.TrimSpace(tag))
	if i := strings.IndexAny(tag, "-_"); i >= 0 {
		tag = tag[:i]
	}
	return tag
}

func parseLang(s string) (LangInfo, error) {
	t, err := language.Parse(strings.TrimSpace(s))
	if err != nil {
		return LangInfo{}, fmt.Errorf("language %q is not a BCP-47 tag: %w", s, err)
	}
	b, conf := t.Base()
	if conf != language.Exact || notLanguages[b.String()] {
		return LangInfo{}, fmt.Errorf("language %q names no language", s)
	}
	if b.String() == "no" {
		// Norwegian without a written standard is Bokmål in practice, which
		// is what the engines' nb pairs translate.
		nb, _ := language.ParseBase("nb")
		if t, err = language.Compose(t, nb); err != nil {
			return LangInfo{}, fmt.Errorf("language %q: %w", s, err)
		}
		b = nb
	}
	info := LangInfo{Tag: t.String(), Base: b.String(), Dir: "ltr", tag: t}
	info.Prefix = info.Tag
	info.Name = info.Tag
	if n, ok := nativeNames[info.Base]; ok {
		info.Name = n
	}
	info.EnglishName = display.English.Languages().Name(t)
	script, conf := t.Script()
	if conf != language.No && rtlScripts[script.String()] {
		info.Dir = "rtl"
	}
	info.NewsCode = info.Base
	if info.Base == "zh" {
		info.NewsCode = "zh-cn"
		if script.String() == "Hant" {
			info.NewsCode = "zh-tw"
		}
	}
	return info, nil
}

// cache memoises ParseLang: tags come from a small set (configuration,
// articles, engines), so the first maxCache inputs are kept.
var (
	cache     sync.Map
	cacheSize atomic.Int64
)

const maxCache = 4096

type cached struct {
	info LangInfo
	err  error
}
