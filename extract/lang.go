package extract

import (
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"

	"newsbridge/model"
)

// pageLanguage returns the article's language: the one the markup declares
// unless the text is clearly written in another (a Vietnamese article on a
// template that says lang="en").
func pageLanguage(m *meta, text string) string {
	declared := ""
	for _, s := range []string{m.htmlLang, m.metaLang, m.ldLang, m.ogLocale} {
		if s = normLang(s); s != "" {
			declared = s
			break
		}
	}
	detected, sure := detectLanguage(text)
	switch {
	case declared == "":
		return detected
	case sure && detected != declared && !closeLanguages(declared, detected):
		return detected
	}
	return declared
}

// normLang returns the primary language of a declared language ("en-US",
// "pt_BR", "es, en", "no"), normalised by the registry, or "" when the
// declaration names no language.
func normLang(s string) string {
	if i := strings.IndexAny(s, ",;"); i >= 0 {
		s = s[:i]
	}
	l, err := model.ParseLang(s)
	if err != nil {
		return ""
	}
	return l.Base
}

// closeLanguages are pairs the stopword detector cannot tell apart reliably;
// between them the markup wins.
func closeLanguages(a, b string) bool {
	group := func(l string) int {
		switch l {
		case "nb", "nn", "da", "sv":
			return 1
		case "ms", "id":
			return 2
		case "sr", "hr", "bs":
			return 3
		case "es", "gl", "pt":
			return 4
		}
		return 0
	}
	return group(a) != 0 && group(a) == group(b)
}

// stopwords are frequent function words, enough to tell the Latin-script
// languages newsbridge follows apart on a few hundred words of text.
var stopwords = map[string][]string{
	"en": {"the", "and", "of", "to", "in", "is", "that", "for", "with", "was", "on", "are", "by", "this", "from", "have", "which", "it", "as", "at", "be", "has", "were", "their", "said", "will"},
	"es": {"el", "la", "los", "las", "de", "que", "y", "en", "del", "por", "con", "para", "una", "es", "se", "al", "su", "más", "como", "lo", "pero", "sus", "este", "esta", "fue", "ha", "han", "también"},
	"ca": {"el", "la", "els", "les", "de", "que", "i", "en", "del", "per", "amb", "una", "és", "es", "al", "seu", "més", "com", "dels", "als", "aquest", "aquesta", "també", "va", "han", "ha", "però", "seva"},
	"pt": {"o", "a", "os", "as", "de", "que", "e", "em", "do", "da", "por", "com", "para", "uma", "não", "no", "na", "dos", "das", "foi", "ao", "também"},
	"fr": {"le", "la", "les", "de", "des", "et", "en", "du", "que", "est", "pour", "dans", "une", "un", "sur", "au", "par", "qui", "pas", "avec", "ont", "aux"},
	"nb": {"og", "i", "det", "en", "som", "på", "er", "til", "av", "for", "med", "at", "den", "har", "ikke", "fra", "de", "ble", "vil", "også", "skal", "ved", "etter", "et", "seg", "å", "sier", "mot", "noen", "hva", "måten"},
	"sv": {"och", "i", "att", "det", "som", "en", "på", "är", "för", "med", "av", "till", "den", "har", "inte", "om", "ett", "var", "från", "efter"},
	"da": {"og", "i", "at", "det", "en", "som", "på", "er", "til", "af", "for", "med", "den", "har", "ikke", "fra", "de", "blev", "vil", "også", "skal", "efter", "siger", "mod", "nogle", "hvad", "måde"},
	"de": {"der", "die", "und", "in", "den", "von", "zu", "das", "mit", "sich", "des", "auf", "für", "ist", "im", "nicht", "ein", "eine", "dem", "auch", "wird"},
	"it": {"il", "di", "che", "e", "la", "per", "un", "in", "del", "della", "è", "sono", "con", "non", "gli", "le", "ha", "nel", "alla", "anche"},
	"nl": {"de", "het", "een", "en", "van", "in", "is", "op", "dat", "te", "voor", "met", "niet", "zijn", "ook", "door", "werd", "aan"},
}

// stopwordIndex maps each stopword to its languages; built on first use so
// importing the package costs nothing.
var stopwordIndex = sync.OnceValue(func() map[string][]string {
	idx := map[string][]string{}
	for lang, list := range stopwords {
		for _, w := range list {
			idx[w] = append(idx[w], lang)
		}
	}
	return idx
})

// vietnameseLetters are letters only Vietnamese uses among Latin-script
// languages: horned vowels, đ, and the stacked tone marks.
const vietnameseLetters = "ăâđêôơưạảấầẩẫậắằẳẵặẹẻẽếềểễệỉịọỏốồổỗộớờởỡợụủứừửữựỳỵỷỹĂÂĐÊÔƠƯẠẢẤẦẨẪẬẮẰẲẴẶẸẺẼẾỀỂỄỆỈỊỌỎỐỒỔỖỘỚỜỞỠỢỤỦỨỪỬỮỰỲỴỶỸ"

// detectLanguage guesses the language of text from its script and, for
// Latin script, from its stopwords. sure is false when the text is short or
// the guess is close.
func detectLanguage(text string) (lang string, sure bool) {
	if len(text) > 12000 {
		// A few thousand words decide; cut at a rune boundary.
		cut := 12000
		for cut > 0 && !utf8.RuneStart(text[cut]) {
			cut--
		}
		text = text[:cut]
	}
	var letters, arabic, persian, hebrew, cyr, ukr, greek, han, kana, hangul, thai, deva, viet int
	n := 0
	for _, r := range text {
		if n++; n > 6000 {
			break
		}
		if !unicode.IsLetter(r) {
			continue
		}
		letters++
		switch {
		case r >= 0x0600 && r <= 0x06FF || r >= 0x0750 && r <= 0x077F || r >= 0xFB50 && r <= 0xFEFF:
			arabic++
			if strings.ContainsRune("پچژگ", r) {
				persian++
			}
		case r >= 0x0590 && r <= 0x05FF:
			hebrew++
		case r >= 0x0400 && r <= 0x04FF:
			cyr++
			if strings.ContainsRune("іїєґІЇЄҐ", r) {
				ukr++
			}
		case r >= 0x0370 && r <= 0x03FF:
			greek++
		case r >= 0x3040 && r <= 0x30FF:
			kana++
		case r >= 0x4E00 && r <= 0x9FFF:
			han++
		case r >= 0xAC00 && r <= 0xD7AF || r >= 0x1100 && r <= 0x11FF:
			hangul++
		case r >= 0x0E00 && r <= 0x0E7F:
			thai++
		case r >= 0x0900 && r <= 0x097F:
			deva++
		case strings.ContainsRune(vietnameseLetters, r):
			viet++
		}
	}
	if letters < 20 {
		return "", false
	}
	third := letters / 3
	switch {
	case arabic > third:
		if persian*100 > arabic {
			return "fa", true
		}
		return "ar", true
	case hebrew > third:
		return "he", true
	case cyr > third:
		if ukr*200 > cyr {
			return "uk", true
		}
		return "ru", true
	case greek > third:
		return "el", true
	case hangul > third:
		return "ko", true
	case kana*10 > letters:
		return "ja", true
	case han > third:
		return "zh", true
	case thai > third:
		return "th", true
	case deva > third:
		return "hi", true
	case viet*25 > letters:
		return "vi", true
	}
	scores := map[string]int{}
	words := 0
	idx := stopwordIndex()
	var buf [16]byte
	for i := 0; i < len(text) && words < 1500; {
		// The next word: a run of letters and apostrophes.
		j := i
		for j < len(text) {
			r, size := rune(text[j]), 1
			if r >= utf8.RuneSelf {
				r, size = utf8.DecodeRuneInString(text[j:])
			}
			if !unicode.IsLetter(r) && r != '\'' {
				break
			}
			j += size
		}
		if j == i {
			_, size := utf8.DecodeRuneInString(text[i:])
			i += size
			continue
		}
		w := text[i:j]
		i = j
		words++
		// Stopwords are short: longer words need no lookup.
		if len(w) > len(buf) {
			continue
		}
		lower := buf[:0]
		for _, r := range w {
			lower = utf8.AppendRune(lower, unicode.ToLower(r))
		}
		if len(lower) > len(buf) {
			continue
		}
		for _, lang := range idx[string(lower)] {
			scores[lang]++
		}
	}
	best, second := "", 0
	for lang, s := range scores {
		if best == "" || s > scores[best] || s == scores[best] && lang < best {
			best = lang
		}
	}
	for lang, s := range scores {
		if lang != best && s > second {
			second = s
		}
	}
	if best == "" {
		return "", false
	}
	return best, scores[best] >= 12 && scores[best]*10 >= second*13
}
