package translate

import (
	"regexp"
	"strings"
	"sync"
	"unicode/utf8"

	"newsbridge/translate/engine"
	"newsbridge/translate/engine/placeholder"
)

// Placeholders.
//
// Everything that is not language (URLs, e-mail addresses, numbers, file
// names, code, inline tags, glossary names) is replaced by a placeholder
// before a segment goes to an engine and put back afterwards.
//
// The shape is ⟦n⟧ (U+27E6 n U+27E7, n counting from 1 in each segment);
// numbers are ⟦#n⟧ and names ⟦@n⟧ (see placeholderFor).
// It was chosen by running candidates through every Apertium pair installed
// here (spa-cat, es-gl, spa-eng, eng-spa, eng-cat, nob-nno) in sentences that
// put placeholders at the start, between words, glued to words, back to back,
// in brackets and quotes (see TestPlaceholderSurvivesApertium):
//   - pseudo-words (XQZ1X, Xnbph1x) get Apertium's unknown-word mark (*XQZ1X)
//     in most pairs and can be inflected or split;
//   - ǂ1ǂ is taken for a letter and marked unknown too;
//   - ⟦n⟧, [[n]], {n}, §n§ and ⟨n⟩ came back unchanged and in place in all
//     pairs. ⟦ ⟧ are mathematical brackets that never occur in news text,
//     mean nothing to HTML or to Apertium's stream format (where [ ] delimit
//     superblanks and must be escaped), and are not confusable with the
//     unknown-word marks (* # @) the checks strip.
//
// A literal ⟦ or ⟧ in the source is itself protected, so a source can never
// forge a placeholder.
// Span kinds.
const (
	SpanTag     = "tag"     // inline HTML tag (a, em, strong, b, i)
	SpanCode    = "code"    // <code>…</code> or `…`
	SpanURL     = "url"     // http(s)://, www., bare domains
	SpanEmail   = "email"   // user@example.org
	SpanFile    = "file"    // ndo_br_dat09683.jpg
	SpanNumber  = "number"  // 13/14, 17.33, 1.234.567, 2,5 %, 25/08/2024
	SpanHandle  = "handle"  // #hashtag, @user, and the * of a footnote
	SpanTerm    = "term"    // a glossary term, rendered as the glossary says
	SpanLiteral = "literal" // a literal ⟦ or ⟧ in the source
	SpanName    = "name"    // a person's or place's name found in the article (names.go)
)

// Span is one protected piece of a segment.
type Span struct {
	Kind string
	// Source is the span as it is in the source (raw markup for tags and
	// code, plain text otherwise).
	Source string
	// Out is what Restore writes back: Source, or a glossary rendering.
	Out string
	// Raw spans are markup and are written as they are in HTML mode; the
	// others are text and get escaped there.
	Raw bool
	// Depth is +1 for an opening tag, -1 for a closing one.
	Depth int
}

func (s Span) text(source bool) string {
	if source {
		return s.Source
	}
	return s.Out
}

// placeholderFor returns span s's placeholder with number n.
func placeholderFor(s Span, n int) string {
	switch s.Kind {
	case SpanNumber:
		return placeholder.Format(placeholder.Number, n)
	case SpanName:
		return placeholder.Format(placeholder.Name, n)
	}
	return placeholder.Format(placeholder.Plain, n)
}

// Regular expressions for the spans found in text. Each is applied to the
// parts no earlier one took, in this order: structure, glossary, names,
// numbers. They are compiled at first use, not at start-up: every command
// links this package, few translate.
var (
	reStructural = sync.OnceValue(func() *regexp.Regexp {
		return regexp.MustCompile(
			`(?i:(?:https?|ftp)://[^\s<>"'«»]+|www\.[^\s<>"'«»]+)` + // URL
				`|[\p{L}\p{N}._%+\-]+@[\p{L}\p{N}\-]+(?:\.[\p{L}\p{N}\-]+)*\.\p{L}{2,}` + // e-mail
				"|`[^`\n]+`" + // code
				`|[\p{L}\p{N}_\-]+(?:\.[\p{L}\p{N}_\-]+)*\.(?i:jpe?g|png|gif|webp|svg|bmp|tiff?|pdf|docx?|xlsx?|pptx?|odt|ods|csv|txt|zip|rar|gz|tgz|mp3|mp4|m4a|mov|avi|wav|ogg|html?|php|aspx?|json|xml|js|css|go|py|exe|apk)\b` + // file
				`|[\p{L}\p{N}\-]+(?:\.[\p{L}\p{N}\-]+)*\.(?:com|org|net|es|cat|gal|eus|eu|vn|info|gov|edu|io|uk|de|fr|pt|it|no|se|dk|int|mil|biz)\b(?:/[^\s<>"'«»]*)?` + // bare domain
				`|[#@][\p{L}\p{N}_]+|\*+\p{L}` + // handles, footnote marks
				`|[` + placeholder.Open + placeholder.Close + `]`) // literal placeholder brackets
	})
)

// structuralMatches returns reStructural's matches in s. The expression is
// only run on the whitespace-delimited tokens that hold one of the
// characters its alternatives need, so that ordinary prose costs a scan and
// no backtracking.
func structuralMatches(s string) [][]int {
	if strings.IndexByte(s, '`') >= 0 { // code may hold spaces: the whole text
		return reStructural().FindAllStringIndex(s, -1)
	}
	var out [][]int
	for i := 0; i < len(s); {
		for i < len(s) && (s[i] == ' ' || s[i] == '\n' || s[i] == '\t') {
			i++
		}
		j := i
		trigger := false
		for j < len(s) && s[j] != ' ' && s[j] != '\n' && s[j] != '\t' {
			switch c := s[j]; {
			case c == '@' || c == '#' || c == '*' || c == 0xE2: // 0xE2: ⟦ ⟧ start with it
				trigger = true
			case c == ':' && strings.HasPrefix(s[j:], "://"):
				trigger = true
			case c == '.' && j+1 < len(s) && isASCIILetter(s[j+1]):
				trigger = true // www.x, x.jpg, x.es; not 17.33
			}
			j++
		}
		if trigger {
			for _, m := range reStructural().FindAllStringIndex(s[i:j], -1) {
				out = append(out, []int{i + m[0], i + m[1]})
			}
		}
		i = j
	}
	return out
}

func isASCIILetter(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z'
}

// scanNumber returns the end of the number starting at s[i] (a digit):
// digits joined by . , : / ' ’ - (17.33, 1.234.567, 13/14, 25/08/2024,
// 10:30), an ordinal sign (1.º) and a percent sign (2,5 %).
func scanNumber(s string, i int) int {
	digits := func(k int) int {
		for k < len(s) && s[k] >= '0' && s[k] <= '9' {
			k++
		}
		return k
	}
	i = digits(i)
	for i < len(s) {
		sep := 0
		switch {
		case strings.IndexByte(".,:/'-", s[i]) >= 0:
			sep = 1
		case strings.HasPrefix(s[i:], "’"):
			sep = len("’")
		}
		if sep == 0 || i+sep >= len(s) || s[i+sep] < '0' || s[i+sep] > '9' {
			break
		}
		i = digits(i + sep)
	}
	for _, suf := range []string{"º", "ª", "°", ".º", ".ª"} {
		if strings.HasPrefix(s[i:], suf) {
			i += len(suf)
			break
		}
	}
	for _, pct := range []string{"%", " %", "\u00a0%", "\u202f%"} {
		if strings.HasPrefix(s[i:], pct) {
			return i + len(pct)
		}
	}
	return i
}

// protectText finds the spans of plain text s (no markup) and appends them to
// b (as placeholders numbered from len(*spans)+1) and to spans.
func protectText(b *strings.Builder, spans *[]Span, s string, g *glossaryMatcher, names *nameMatcher, to string) {
	type hit struct {
		start, end int
		span       Span
	}
	var hits []hit
	for _, m := range structuralMatches(s) {
		start, end := m[0], m[1]
		text := s[start:end]
		kind := SpanURL
		switch {
		case text == placeholder.Open || text == placeholder.Close:
			kind = SpanLiteral
		case text[0] == '`':
			kind = SpanCode
		case text[0] == '#' || text[0] == '@':
			if start > 0 && isWordByteBefore(s, start) {
				continue // "a#b" is not a hashtag
			}
			kind = SpanHandle
		case text[0] == '*':
			// protect only the marks: the word after them is language.
			end = start + strings.LastIndexByte(text, '*') + 1
			kind = SpanHandle
		case strings.Contains(text, "@") && !strings.Contains(text, "/"):
			kind = SpanEmail
		case strings.Contains(text, "://") || strings.HasPrefix(strings.ToLower(text), "www."):
			end = start + trimURL(text)
		default:
			if reFileExt().MatchString(text) {
				kind = SpanFile
			}
		}
		if end <= start {
			continue
		}
		hits = append(hits, hit{start, end, Span{Kind: kind, Source: s[start:end], Out: s[start:end]}})
	}

	// Glossary terms and numbers in the gaps the structural spans left.
	var all []hit
	prev := 0
	gap := func(lo, hi int) {
		if lo >= hi {
			return
		}
		part := s[lo:hi]
		var terms []hit
		if g != nil {
			for _, m := range g.find(part) {
				out := renderTerm(m, g.lang, to, part[m.start:m.end])
				terms = append(terms, hit{lo + m.start, lo + m.end, Span{Kind: SpanTerm, Source: part[m.start:m.end], Out: out}})
			}
		}
		p := lo
		numbers := func(a, z int) {
			if a >= z {
				return
			}
			for st := a; st < z; {
				if s[st] < '0' || s[st] > '9' {
					st++
					continue
				}
				en := scanNumber(s[:z], st)
				if st > 0 && isLetterBefore(s, st) {
					st = en
					continue // G7, COVID19: part of a word
				}
				if k := ordinalSuffix(s[:z], en); k > 0 {
					// an English ordinal is the engine's to write, as its
					// grammar wants it ("24th minute": "24.º minuto", "the
					// 19th and 20th centuries": "los siglos XIX y XX");
					// frozen, it stayed English ("el 19th y 20th siglos")
					st = en + k
					continue
				}
				all = append(all, hit{st, en, Span{Kind: SpanNumber, Source: s[st:en], Out: localOrdinal(s[st:en], to)}})
				st = en
			}
		}
		// names in the gaps the terms left, numbers in the rest
		namesAndNumbers := func(a, z int) {
			q := a
			if names != nil && a < z {
				for _, m := range names.find(s[a:z]) {
					st, en := a+m[0], a+m[1]
					numbers(q, st)
					all = append(all, hit{st, en, Span{Kind: SpanName, Source: s[st:en], Out: s[st:en]}})
					q = en
				}
			}
			numbers(q, z)
		}
		for _, t := range terms {
			namesAndNumbers(p, t.start)
			all = append(all, t)
			p = t.end
		}
		namesAndNumbers(p, hi)
	}
	for _, h := range hits {
		gap(prev, h.start)
		all = append(all, h)
		prev = h.end
	}
	gap(prev, len(s))

	last := 0
	for _, h := range all {
		b.WriteString(s[last:h.start])
		*spans = append(*spans, h.span)
		b.WriteString(placeholderFor(h.span, len(*spans)))
		last = h.end
	}
	b.WriteString(s[last:])
}

var reFileExt = sync.OnceValue(func() *regexp.Regexp {
	return regexp.MustCompile(`(?i)\.(?:jpe?g|png|gif|webp|svg|bmp|tiff?|pdf|docx?|xlsx?|pptx?|odt|ods|csv|txt|zip|rar|gz|tgz|mp3|mp4|m4a|mov|avi|wav|ogg|html?|php|aspx?|json|xml|js|css|go|py|exe|apk)$`)
})

// trimURL returns the length of a URL match without the punctuation that
// ends the sentence around it ("see https://x.org/a." → without the dot).
func trimURL(u string) int {
	n := len(u)
	for n > 0 {
		c := u[n-1]
		switch c {
		case '.', ',', ';', ':', '!', '?', '\'', '"':
			n--
			continue
		case ')':
			if strings.Count(u[:n], "(") < strings.Count(u[:n], ")") {
				n--
				continue
			}
		case ']':
			if strings.Count(u[:n], "[") < strings.Count(u[:n], "]") {
				n--
				continue
			}
		}
		break
	}
	// trailing » or ” are multi-byte: excluded by the pattern or trimmed here
	for strings.HasSuffix(u[:n], "”") || strings.HasSuffix(u[:n], "’") {
		n -= len("”")
	}
	return n
}

func isWordByteBefore(s string, i int) bool {
	r, _ := utf8.DecodeLastRuneInString(s[:i])
	return r == '_' || engine.IsWordRune(r)
}

func isLetterBefore(s string, i int) bool {
	r, _ := utf8.DecodeLastRuneInString(s[:i])
	return isLetterRune(r) || r == '_'
}

// localOrdinal returns number n as language to writes it when n is an
// ordinal with a sign, º or ª ("4ª", "1.º"): Catalan "4a", "1r", "2n",
// "4t", "5è"; English "4th", "1st". Other numbers, and other languages
// (Spanish, Galician and Portuguese write the sign), are left as they are.
func localOrdinal(n, to string) string {
	sign := ""
	for _, x := range []string{"º", "ª"} {
		if strings.HasSuffix(n, x) {
			sign = x
		}
	}
	lang := langKey(to)
	if sign == "" || lang != "ca" && lang != "en" {
		return n
	}
	d := strings.TrimSuffix(strings.TrimSuffix(n, sign), ".")
	if d == "" || strings.Trim(d, "0123456789") != "" {
		return n
	}
	if lang == "ca" {
		if sign == "ª" {
			return d + "a"
		}
		switch d {
		case "1", "3":
			return d + "r"
		case "2":
			return d + "n"
		case "4":
			return d + "t"
		}
		return d + "è"
	}
	switch {
	case strings.HasSuffix(d, "11") || strings.HasSuffix(d, "12") || strings.HasSuffix(d, "13"):
		return d + "th"
	case strings.HasSuffix(d, "1"):
		return d + "st"
	case strings.HasSuffix(d, "2"):
		return d + "nd"
	case strings.HasSuffix(d, "3"):
		return d + "rd"
	}
	return d + "th"
}

// ordinalSuffix returns the length of the English ordinal suffix (st, nd,
// rd, th) at s[i], after a number's digits, when a word ends with it, or 0.
func ordinalSuffix(s string, i int) int {
	if i <= 0 || s[i-1] < '0' || s[i-1] > '9' || i+2 > len(s) {
		return 0
	}
	switch strings.ToLower(s[i : i+2]) {
	case "st", "nd", "rd", "th":
	default:
		return 0
	}
	if i+2 < len(s) {
		if r, _ := utf8.DecodeRuneInString(s[i+2:]); isLetterRune(r) || r == '_' || r >= '0' && r <= '9' {
			return 0
		}
	}
	return 2
}

// ordinalValues returns the values of the English ordinals in s ("19th"
// → "19").
func ordinalValues(s string) []string {
	var out []string
	for i := 0; i < len(s); {
		if s[i] < '0' || s[i] > '9' || i > 0 && isLetterBefore(s, i) {
			i++
			continue
		}
		j := i
		for j < len(s) && s[j] >= '0' && s[j] <= '9' {
			j++
		}
		if ordinalSuffix(s, j) > 0 {
			out = append(out, strings.TrimLeft(s[i:j], "0"))
		}
		i = j
	}
	return out
}

// Problems Restore reports.
type restoreProblem struct {
	kind string // "missing", "duplicated", "unknown", "tags"
	span Span
}

// restore writes out with each placeholder replaced by its span. Text
// outside placeholders is HTML-escaped when html is set (tags and code are
// written as they are). A span the engine lost is appended at the end, a
// duplicated one is written once, so nothing is lost and nothing doubled; if
// the engine broke the tags' nesting the tags are dropped rather than
// producing broken markup. Every such repair is reported.
func restore(out string, spans []Span, html bool) (string, []restoreProblem) {
	return restoreWith(out, spans, html, false)
}

// restoreSource writes a protected sentence back as the source had it
// (glossary terms as written, not as rendered).
func restoreSource(text string, spans []Span, html bool) string {
	s, _ := restoreWith(text, spans, html, true)
	return s
}

func restoreWith(out string, spans []Span, html, source bool) (string, []restoreProblem) {
	used := make([]int, len(spans))
	var probs []restoreProblem
	type piece struct {
		text string
		span int // -1 for text
	}
	var pieces []piece
	last := 0
	for i := 0; i < len(out); {
		j := strings.IndexRune(out[i:], placeholder.OpenRune)
		if j < 0 {
			break
		}
		i += j
		n, size, _, ok := placeholder.ParseLoose(out[i:])
		if !ok {
			i += len(placeholder.Open)
			continue
		}
		if i > last {
			pieces = append(pieces, piece{out[last:i], -1})
		}
		switch {
		case n < 1 || n > len(spans):
			probs = append(probs, restoreProblem{kind: "unknown", span: Span{Source: out[i : i+size]}})
		case used[n-1] > 0:
			used[n-1]++
			probs = append(probs, restoreProblem{kind: "duplicated", span: spans[n-1]})
		default:
			used[n-1]++
			pieces = append(pieces, piece{span: n - 1})
		}
		i += size
		last = i
	}
	if last < len(out) {
		pieces = append(pieces, piece{out[last:], -1})
	}

	// Tags: every one present once and properly nested, or none at all.
	dropTags := false
	depth := 0
	for _, p := range pieces {
		if p.span >= 0 && spans[p.span].Kind == SpanTag {
			depth += spans[p.span].Depth
			if depth < 0 {
				dropTags = true
			}
		}
	}
	for i, s := range spans {
		if s.Kind == SpanTag && used[i] == 0 {
			dropTags = true
		}
	}
	if depth != 0 {
		dropTags = true
	}

	var b strings.Builder
	b.Grow(len(out) + 16)
	write := func(text string, raw bool) {
		if html && !raw {
			b.WriteString(escapeText(text))
		} else {
			b.WriteString(text)
		}
	}
	for _, p := range pieces {
		if p.span < 0 {
			write(p.text, false)
			continue
		}
		s := spans[p.span]
		if s.Kind == SpanTag && dropTags {
			continue
		}
		write(s.text(source), s.Raw && html)
	}
	for i, s := range spans {
		if used[i] > 0 || s.Kind == SpanTag {
			continue
		}
		probs = append(probs, restoreProblem{kind: "missing", span: s})
		// keep the span: a lost number or name is worse than one out of place
		if b.Len() > 0 && !strings.HasSuffix(b.String(), " ") {
			b.WriteByte(' ')
		}
		write(s.text(source), s.Raw && html)
	}
	if dropTags {
		for i, s := range spans {
			if s.Kind == SpanTag {
				probs = append(probs, restoreProblem{kind: "tags", span: spans[i]})
				break
			}
		}
	}
	return b.String(), probs
}

// escapeText escapes what must be escaped in HTML text content. It leaves
// quotes alone so that text round-trips byte for byte.
func escapeText(s string) string {
	if !strings.ContainsAny(s, "&<>") {
		return s
	}
	r := strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;")
	return r.Replace(s)
}
