package model

import (
	"net/url"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// Slugify makes a URL path segment from a title written in lang (a BCP-47
// tag; "" when unknown): lower-case words joined by '-', at most max bytes,
// cut at a word's end where it can.
//
// Scripts with a usual Latin transliteration are written in ASCII: Latin
// diacritics are folded (ç→c, ñ→n, ø→o, ß→ss, æ→ae, ł→l), Cyrillic and
// Greek are transliterated (Russian's scheme, with the letters of
// Ukrainian, Belarusian, Serbian, Macedonian and Bulgarian, and their own
// readings where lang names them). Other scripts (Arabic, Hebrew, CJK,
// Indic, Thai...) keep their letters, which URLs carry percent-encoded and
// browsers show as they are: a machine transliteration of unvowelled Arabic
// or of Chinese reads worse than the script itself. Arabic and Hebrew
// vowel points are dropped (they are optional there); other scripts keep
// their marks, which their words need. Digits of every script become ASCII
// digits. The result may be empty: callers fall back to an id.
func Slugify(lang, title string, max int) string {
	base := BaseLang(lang)
	var b strings.Builder
	dash := false
	word := func(s string) {
		if s == "" {
			return
		}
		if dash && b.Len() > 0 {
			b.WriteByte('-')
		}
		dash = false
		b.WriteString(s)
	}
	// keepMarks: the last rune written was a letter of a script whose
	// words need their marks; prev is the last letter read (Greek's ου).
	keepMarks, prev := false, rune(0)
	for _, r := range norm.NFC.String(title) {
		if b.Len() > max+8 {
			break
		}
		r = unicode.ToLower(r)
		if unicode.In(r, unicode.Mn, unicode.Mc) {
			if keepMarks {
				b.WriteRune(r)
			}
			continue
		}
		last := prev
		prev = r
		if s, ok := translit(base, r); ok {
			if r == 'υ' && (last == 'ο' || last == 'ό') {
				s = "u" // ου is u
			}
			word(s)
			keepMarks = false
			continue
		}
		if d, ok := asciiDigit(r); ok {
			word(string(d))
			keepMarks = false
			continue
		}
		if !unicode.IsLetter(r) && !unicode.IsDigit(r) {
			dash = true
			keepMarks = false
			continue
		}
		// Latin letters with diacritics, ligatures, full-width forms:
		// decompose and keep what is ASCII.
		if unicode.In(r, unicode.Latin, unicode.Greek, unicode.Cyrillic) || r >= 0xFF00 && r <= 0xFFEF {
			var folded strings.Builder
			for _, d := range norm.NFKD.String(string(r)) {
				d = unicode.ToLower(d)
				if unicode.Is(unicode.Mn, d) {
					continue
				}
				if d == 'υ' && (last == 'ο' || last == 'ό') {
					folded.WriteString("u") // ου is u
				} else if s, ok := translit(base, d); ok {
					folded.WriteString(s)
				} else if d < utf8.RuneSelf && (unicode.IsLetter(d) || unicode.IsDigit(d)) {
					folded.WriteRune(d)
				} else if unicode.IsLetter(d) {
					folded.WriteRune(d) // a Latin letter with no ASCII form: kept
				}
			}
			word(folded.String())
			keepMarks = false
			continue
		}
		switch r {
		case 'أ', 'إ', 'آ', 'ٱ':
			// The hamza on an alef is as often left out as written: one
			// name, one slug either way.
			r = 'ا'
		}
		word(string(r))
		// Arabic and Hebrew vowel points are optional: dropped.
		keepMarks = !unicode.In(r, unicode.Arabic, unicode.Hebrew)
	}
	out := b.String()
	if len(out) > max {
		out = out[:max]
		for len(out) > 0 && !utf8.ValidString(out) {
			out = out[:len(out)-1]
		}
		// End at a word's end when one is not too far back.
		if i := strings.LastIndexByte(out, '-'); i >= max/2 {
			out = out[:i]
		}
	}
	return strings.Trim(out, "-")
}

// asciiDigit maps a decimal digit of any script to its ASCII form.
func asciiDigit(r rune) (rune, bool) {
	if r < utf8.RuneSelf || !unicode.Is(unicode.Nd, r) {
		return 0, false
	}
	if d := []rune(norm.NFKD.String(string(r))); len(d) == 1 && d[0] >= '0' && d[0] <= '9' {
		return d[0], true
	}
	for _, zero := range digitZeros {
		if r >= zero && r <= zero+9 {
			return '0' + (r - zero), true
		}
	}
	return 0, false
}

// digitZeros are the zeros of the decimal digit sets of the scripts a
// newsroom meets (Arabic-Indic, Persian, N'Ko, the Indic scripts, Thai,
// Lao, Tibetan, Myanmar, Khmer, Mongolian).
var digitZeros = []rune{0x0660, 0x06F0, 0x07C0, 0x0966, 0x09E6, 0x0A66, 0x0AE6, 0x0B66, 0x0BE6, 0x0C66, 0x0CE6,
	0x0D66, 0x0E50, 0x0ED0, 0x0F20, 0x1040, 0x17E0, 0x1810}

// translit returns the ASCII form of a lower-case letter that has no
// canonical decomposition to one (ß, ø, Cyrillic, Greek...).
func translit(lang string, r rune) (string, bool) {
	if r < utf8.RuneSelf {
		return "", false
	}
	if m := translitLang[lang]; m != nil {
		if s, ok := m[r]; ok {
			return s, true
		}
	}
	s, ok := translitAll[r]
	return s, ok
}

// translitAll: Latin letters without a decomposition, Cyrillic (Russian's
// BGN-like scheme without apostrophes; the soft and hard signs vanish) and
// Greek (ELOT 743, simplified). Accented Greek letters and Cyrillic ones
// like ѓ decompose to these first.
var translitAll = map[rune]string{
	'ß': "ss", 'æ': "ae", 'ø': "o", 'œ': "oe", 'ł': "l", 'đ': "d", 'ð': "d", 'þ': "th", 'ı': "i",
	'ħ': "h", 'ŋ': "n", 'ĸ': "k", 'ŧ': "t", 'ſ': "s", 'ƒ': "f", 'ə': "e", 'ɛ': "e", 'ɔ': "o",
	'ɓ': "b", 'ɗ': "d", 'ƙ': "k", 'ƴ': "y", 'ĳ': "ij",

	'а': "a", 'б': "b", 'в': "v", 'г': "g", 'д': "d", 'е': "e", 'ё': "e", 'ж': "zh", 'з': "z",
	'и': "i", 'й': "y", 'к': "k", 'л': "l", 'м': "m", 'н': "n", 'о': "o", 'п': "p", 'р': "r",
	'с': "s", 'т': "t", 'у': "u", 'ф': "f", 'х': "kh", 'ц': "ts", 'ч': "ch", 'ш': "sh", 'щ': "shch",
	'ъ': "", 'ы': "y", 'ь': "", 'э': "e", 'ю': "yu", 'я': "ya",
	'є': "ye", 'і': "i", 'ї': "yi", 'ґ': "g", 'ў': "u",
	'ђ': "dj", 'ј': "j", 'љ': "lj", 'њ': "nj", 'ћ': "c", 'џ': "dz", 'ѓ': "gj", 'ќ': "kj", 'ѕ': "dz",

	'α': "a", 'β': "v", 'γ': "g", 'δ': "d", 'ε': "e", 'ζ': "z", 'η': "i", 'θ': "th", 'ι': "i",
	'κ': "k", 'λ': "l", 'μ': "m", 'ν': "n", 'ξ': "x", 'ο': "o", 'π': "p", 'ρ': "r", 'σ': "s",
	'ς': "s", 'τ': "t", 'υ': "y", 'φ': "f", 'χ': "ch", 'ψ': "ps", 'ω': "o",
}

// translitLang holds a language's own readings of letters it shares.
var translitLang = map[string]map[rune]string{
	"uk": {'г': "h", 'и': "y", 'й': "i", 'х': "kh"},
	"be": {'г': "h"},
	"bg": {'щ': "sht", 'ъ': "a", 'ь': "y", 'ю': "yu", 'я': "ya", 'х': "h"},
	"sr": {'х': "h", 'ц': "c", 'ч': "c", 'ш': "s", 'ж': "z"},
	"mk": {'х': "h", 'ц': "c", 'ч': "ch", 'ш': "sh", 'ж': "zh"},
	"de": {'ä': "ae", 'ö': "oe", 'ü': "ue"},
}

// ArticlePath is the path of an article's public page in lang, given its
// slug there: /{prefix}/a/{slug}, the slug percent-encoded where it keeps
// letters outside ASCII.
func ArticlePath(lang, slug string) string {
	prefix := LookupLang(lang).Prefix
	if prefix == "" {
		prefix = lang
	}
	return "/" + prefix + "/a/" + url.PathEscape(slug)
}
