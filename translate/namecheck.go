package translate

import (
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"
)

// nameSpellings finds the names an article's translation writes two ways
// ("Castaño" and "Castano", "Giroux" and "Girroux"), one of them as its
// source writes them, and returns the issues by segment: the spelling
// less used (the later one on a tie) is flagged where it occurs. src and
// tgt are the segments' plain source and translation.
func nameSpellings(src, tgt []string) map[int][]issue {
	type occ struct {
		segs  []int
		first int
	}
	spell := map[string]*occ{}
	var order []string
	inSource := map[string]bool{}
	for _, s := range src {
		for _, w := range tokenizeWords(s) {
			inSource[s[w.start:w.end]] = true
		}
	}
	for i, t := range tgt {
		for k, w := range tokenizeWords(t) {
			name := t[w.start:w.end]
			if !nameLike(name) || k == 0 && !inSource[name] {
				continue // a sentence's first word is capitalised anyway
			}
			o := spell[name]
			if o == nil {
				o = &occ{first: i}
				spell[name] = o
				order = append(order, name)
			}
			if len(o.segs) == 0 || o.segs[len(o.segs)-1] != i {
				o.segs = append(o.segs, i)
			}
		}
	}
	if len(order) < 2 {
		return nil
	}
	out := map[int][]issue{}
	for x := 0; x < len(order); x++ {
		for y := x + 1; y < len(order); y++ {
			a, b := order[x], order[y]
			if !sameNameSpelling(a, b) {
				continue
			}
			if inSource[a] == inSource[b] {
				// the source writes both, or neither: the translation's
				// own words ("Europa", "Europea"), not a name it keeps
				continue
			}
			odd, usual := b, a
			if len(spell[b].segs) > len(spell[a].segs) {
				odd, usual = a, b
			}
			for _, i := range spell[odd].segs {
				out[i] = append(out[i], issue{FlagNameSpelling, fmt.Sprintf("name written two ways in the article: %q and %q", usual, odd)})
			}
		}
	}
	return out
}

// nameLike: a capitalised word of four letters or more, not all capitals.
func nameLike(w string) bool {
	r, _ := utf8.DecodeRuneInString(w)
	if !unicode.IsUpper(r) || utf8.RuneCountInString(w) < 4 {
		return false
	}
	for _, r := range w {
		if unicode.IsLower(r) {
			return true
		}
	}
	return false
}

// sameNameSpelling reports whether two different words are one name
// written two ways: the same but for accents or a doubled letter, or one
// letter apart in a long name. One word the start of the other is an
// inflection ("Norge", "Norges"), not another spelling.
func sameNameSpelling(a, b string) bool {
	if a == b {
		return false
	}
	la, lb := strings.ToLower(a), strings.ToLower(b)
	if strings.HasPrefix(la, lb) || strings.HasPrefix(lb, la) {
		return false
	}
	fa, fb := fold(a), fold(b)
	if fa == fb || undouble(fa) == undouble(fb) {
		return true
	}
	ra, rb := []rune(fa), []rune(fb)
	return len(ra) >= 6 && len(rb) >= 6 && ra[0] == rb[0] && oneEdit(ra, rb)
}

// undouble writes each run of one letter once.
func undouble(s string) string {
	var b strings.Builder
	var prev rune = -1
	for _, r := range s {
		if r != prev {
			b.WriteRune(r)
		}
		prev = r
	}
	return b.String()
}

// oneEdit reports whether a and b are one substitution, insertion or
// deletion apart.
func oneEdit(a, b []rune) bool {
	if len(a) > len(b) {
		a, b = b, a
	}
	if len(b)-len(a) > 1 {
		return false
	}
	i := 0
	for i < len(a) && a[i] == b[i] {
		i++
	}
	if len(a) == len(b) {
		return string(a[i+1:]) == string(b[i+1:])
	}
	return string(a[i:]) == string(b[i+1:])
}
