package extract

import (
	"strconv"
	"strings"
	"time"
	"unicode"
)

// machineLayouts are the date forms found in datetime attributes, JSON-LD and
// meta tags: ISO 8601 in its common shapes, and RFC 1123.
var machineLayouts = []string{
	time.RFC3339Nano, time.RFC3339, "2006-01-02T15:04:05Z0700", "2006-01-02T15:04Z07:00",
	"2006-01-02T15:04:05", "2006-01-02T15:04:05.000", "2006-01-02 15:04:05Z07:00", "2006-01-02 15:04:05 -0700",
	"2006-01-02 15:04:05", "2006-01-02T15:04", "2006-01-02 15:04", "2006-01-02",
	time.RFC1123Z, time.RFC1123, "Mon, 2 Jan 2006 15:04:05 -0700", "2006/01/02 15:04:05", "2006/01/02",
	"20060102",
}

// parseMachineDate parses a machine-readable date; times without a zone are
// taken as UTC. The result is always UTC.
func parseMachineDate(s string) (time.Time, bool) {
	s = strings.TrimSpace(s)
	if s == "" {
		return time.Time{}, false
	}
	for _, l := range machineLayouts {
		if t, err := time.Parse(l, s); err == nil {
			if t.Year() < 1990 || t.Year() > 2100 {
				return time.Time{}, false
			}
			return t.UTC(), true
		}
	}
	return parseVisibleDate(s, "")
}

// months maps month names in the languages newsbridge follows (and their
// usual abbreviations) to month numbers.
var months = map[string]int{
	// English
	"january": 1, "february": 2, "march": 3, "april": 4, "may": 5, "june": 6, "july": 7, "august": 8,
	"september": 9, "october": 10, "november": 11, "december": 12,
	"jan": 1, "feb": 2, "mar": 3, "apr": 4, "jun": 6, "jul": 7, "aug": 8, "sep": 9, "sept": 9, "oct": 10, "nov": 11, "dec": 12,
	// Spanish
	"enero": 1, "febrero": 2, "marzo": 3, "abril": 4, "mayo": 5, "junio": 6, "julio": 7, "agosto": 8,
	"septiembre": 9, "setiembre": 9, "octubre": 10, "noviembre": 11, "diciembre": 12,
	"ene": 1, "abr": 4, "ago": 8, "dic": 12,
	// Catalan
	"gener": 1, "febrer": 2, "març": 3, "maig": 5, "juny": 6, "juliol": 7, "agost": 8, "setembre": 9,
	"novembre": 11, "desembre": 12,
	// Norwegian / Danish / Swedish
	"januar": 1, "februar": 2, "mars": 3, "mai": 5, "juni": 6, "juli": 7, "oktober": 10, "desember": 12,
	"januari": 1, "februari": 2, "augusti": 8, "maj": 5, "des": 12, "okt": 10,
	// French / German / Portuguese / Italian
	"janvier": 1, "février": 2, "avril": 4, "juin": 6, "juillet": 7, "août": 8, "septembre": 9, "octobre": 10, "décembre": 12,
	"märz": 3, "dezember": 12,
	"janeiro": 1, "fevereiro": 2, "março": 3, "maio": 5, "junho": 6, "julho": 7, "setembro": 9, "outubro": 10, "novembro": 11, "dezembro": 12,
	"gennaio": 1, "febbraio": 2, "aprile": 4, "maggio": 5, "giugno": 6, "luglio": 7, "settembre": 9, "ottobre": 10, "dicembre": 12,
	// Arabic (Egyptian/Gulf and Levantine month names)
	"يناير": 1, "فبراير": 2, "مارس": 3, "أبريل": 4, "ابريل": 4, "إبريل": 4, "مايو": 5, "يونيو": 6, "يونيه": 6, "يوليو": 7, "يوليه": 7,
	"أغسطس": 8, "اغسطس": 8, "سبتمبر": 9, "أكتوبر": 10, "اكتوبر": 10, "نوفمبر": 11, "ديسمبر": 12,
	"كانون الثاني": 1, "شباط": 2, "آذار": 3, "نيسان": 4, "أيار": 5, "حزيران": 6, "تموز": 7, "آب": 8, "أيلول": 9,
	"تشرين الأول": 10, "تشرين الثاني": 11, "كانون الأول": 12,
}

// dateToken is one word of a visible date: a number or a word.
type dateToken struct {
	num  int
	word string
	len  int // digits in num
	// sepTime marks a number followed by ':' or 'h', a clock time's hour.
	sepTime bool
}

// parseVisibleDate finds a date (and a time, and a GMT/UTC offset when one is
// written) in a line of visible text such as "30/10/2025 14:30 (GMT+7)",
// "30. oktober 2025", "25 de agosto de 2024", "October 30, 2025",
// "Thứ năm, ngày 30 tháng 10 năm 2025" or "٢٥ أغسطس ٢٠٢٤". lang decides
// between day-first and month-first for ambiguous numeric dates (only "en"
// means month-first). Times without an offset are taken as UTC.
func parseVisibleDate(s, lang string) (time.Time, bool) {
	// Every date form has digits: a cheap test keeps prose out of the
	// tokenizer.
	if !strings.ContainsFunc(s, func(r rune) bool { return r >= '0' && r <= '9' || r >= '٠' && r <= '٩' || r >= '۰' && r <= '۹' }) || len(s) > 400 {
		return time.Time{}, false
	}
	s = strings.ToLower(normalizeDigits(s))
	toks := dateTokens(s)
	y, mo, d := 0, 0, 0
	end := -1
	for i := 0; i < len(toks) && y == 0; i++ {
		t := toks[i]
		switch {
		// 2025-10-30, 2025/10/30
		case t.len == 4 && i+2 < len(toks) && toks[i+1].len > 0 && toks[i+2].len > 0 && toks[i+1].len <= 2 && toks[i+2].len <= 2:
			y, mo, d, end = t.num, toks[i+1].num, toks[i+2].num, i+2
		// 30/10/2025, 10/30/2025
		case t.len > 0 && t.len <= 2 && i+2 < len(toks) && toks[i+1].len > 0 && toks[i+1].len <= 2 && toks[i+2].len == 4:
			a, b := t.num, toks[i+1].num
			y, end = toks[i+2].num, i+2
			switch {
			case a > 12:
				d, mo = a, b
			case b > 12 || lang == "en":
				mo, d = a, b
			default:
				d, mo = a, b
			}
		// ngày 30 tháng 10 năm 2025 / 30 tháng 10, 2025
		case t.len > 0 && t.len <= 2 && i+3 < len(toks) && toks[i+1].word == "tháng" && toks[i+2].len > 0:
			d, mo = t.num, toks[i+2].num
			for j := i + 3; j < len(toks) && j <= i+4; j++ {
				if toks[j].len == 4 {
					y, end = toks[j].num, j
				}
			}
		// 30 oktober 2025, 25 de agosto de 2024, 30 أكتوبر 2025
		case t.len > 0 && t.len <= 2:
			j := i + 1
			for j < len(toks) && (toks[j].word == "de" || toks[j].word == "del" || toks[j].word == "d" || toks[j].word == "of") {
				j++
			}
			if m, k := monthAt(toks, j); m > 0 {
				for k < len(toks) && (toks[k].word == "de" || toks[k].word == "del") {
					k++
				}
				if k < len(toks) && toks[k].len == 4 {
					y, mo, d, end = toks[k].num, m, t.num, k
				}
			}
		// October 30, 2025
		case t.word != "":
			if m, k := monthAt(toks, i); m > 0 && k+1 < len(toks) && toks[k].len > 0 && toks[k].len <= 2 && toks[k+1].len == 4 {
				y, mo, d, end = toks[k+1].num, m, toks[k].num, k+1
			}
		}
	}
	if y < 1990 || y > 2100 || mo < 1 || mo > 12 || d < 1 || d > 31 {
		return time.Time{}, false
	}
	hh, mm := 0, 0
	// A time is two numbers that follow the date (or precede it): 14:30, 14h30.
	timeAt := func(i int) bool {
		if i+1 < len(toks) && toks[i].len > 0 && toks[i].len <= 2 && toks[i+1].len == 2 && toks[i].num < 24 && toks[i+1].num < 60 && toks[i].sepTime {
			hh, mm = toks[i].num, toks[i+1].num
			return true
		}
		return false
	}
	found := false
	for i := end + 1; i < len(toks) && i <= end+4 && !found; i++ {
		found = timeAt(i)
	}
	for i := 0; i < len(toks) && !found && i < end; i++ {
		found = timeAt(i)
	}
	loc := time.UTC
	if off, ok := gmtOffset(s); ok {
		loc = time.FixedZone("", off)
	}
	t := time.Date(y, time.Month(mo), d, hh, mm, 0, 0, loc)
	if t.Day() != d {
		return time.Time{}, false
	}
	return t.UTC(), true
}

func monthAt(toks []dateToken, i int) (int, int) {
	if i >= len(toks) || toks[i].word == "" {
		return 0, i
	}
	if i+1 < len(toks) && toks[i+1].word != "" {
		if m, ok := months[toks[i].word+" "+toks[i+1].word]; ok {
			return m, i + 2
		}
	}
	if m, ok := months[strings.TrimSuffix(toks[i].word, ".")]; ok {
		return m, i + 1
	}
	return 0, i
}

// dateTokens splits text into numbers and words; sepTime marks a number
// followed by ':' or 'h', the separators of a clock time.
func dateTokens(s string) []dateToken {
	var out []dateToken
	rs := []rune(s)
	for i := 0; i < len(rs); {
		r := rs[i]
		switch {
		case r >= '0' && r <= '9':
			j := i
			for j < len(rs) && rs[j] >= '0' && rs[j] <= '9' {
				j++
			}
			n, _ := strconv.Atoi(string(rs[i:j]))
			t := dateToken{num: n, len: j - i}
			if j < len(rs) && (rs[j] == ':' || rs[j] == 'h' || rs[j] == '.') && j+1 < len(rs) && rs[j+1] >= '0' && rs[j+1] <= '9' {
				t.sepTime = true
			}
			out = append(out, t)
			i = j
		case unicode.IsLetter(r):
			j := i
			for j < len(rs) && (unicode.IsLetter(rs[j]) || unicode.Is(unicode.Mn, rs[j])) {
				j++
			}
			out = append(out, dateToken{word: string(rs[i:j])})
			i = j
		default:
			i++
		}
		if len(out) > 400 {
			break
		}
	}
	return out
}

// gmtOffset reads "GMT+7", "UTC+07:00", "+0700" style offsets, in seconds.
func gmtOffset(s string) (int, bool) {
	for _, p := range []string{"gmt", "utc"} {
		i := strings.Index(s, p)
		if i < 0 {
			continue
		}
		rest := s[i+3:]
		if rest == "" || (rest[0] != '+' && rest[0] != '-') {
			return 0, true
		}
		sign := 1
		if rest[0] == '-' {
			sign = -1
		}
		rest = rest[1:]
		j := 0
		for j < len(rest) && rest[j] >= '0' && rest[j] <= '9' {
			j++
		}
		if j == 0 {
			return 0, false
		}
		h, _ := strconv.Atoi(rest[:min(j, 2)])
		m := 0
		if j == 4 {
			m, _ = strconv.Atoi(rest[2:4])
		} else if j <= 2 && len(rest) > j+2 && rest[j] == ':' {
			m, _ = strconv.Atoi(rest[j+1 : j+3])
		}
		if h > 14 || m > 59 {
			return 0, false
		}
		return sign * (h*3600 + m*60), true
	}
	return 0, false
}

// normalizeDigits turns Arabic-Indic and Persian digits into ASCII ones.
func normalizeDigits(s string) string {
	if !strings.ContainsFunc(s, func(r rune) bool { return r >= '٠' && r <= '٩' || r >= '۰' && r <= '۹' }) {
		return s
	}
	return strings.Map(func(r rune) rune {
		switch {
		case r >= '٠' && r <= '٩':
			return '0' + (r - '٠')
		case r >= '۰' && r <= '۹':
			return '0' + (r - '۰')
		}
		return r
	}, s)
}
