package translate

import (
	"strings"

	"newsbridge/translate/engine"
)

// One rendering per name in an article.
//
// The names the engine cannot handle are protected and written as the
// source (or the glossary) writes them, the same in every sentence. The
// names of two or more words it can handle are left to it, and it may
// translate one in a sentence and keep it in another, as its rules for
// the words around decide ("Deutsche Bank", "Banco Deutsche"). After
// translation the article's first rendering of each such name is made the
// only one: where a later sentence of the source has the name and its
// translation has the other rendering (the name as written, or the
// engine's translation of it alone) and not the chosen one, the other is
// replaced by the chosen one. A rendering the engine made of the name
// inside a sentence, neither as written nor as alone, cannot be told
// apart from the words around it and is left as it is.

// engineName is a name left to the engine and its translation alone.
type engineName struct {
	src, out string
}

// leftToEngine returns the runs of c that m does not protect and that the
// engine translates alone into something else (probe).
func (c *nameCandidates) leftToEngine(m *nameMatcher, probe map[string]wordProbe) []engineName {
	if c == nil {
		return nil
	}
	var out []engineName
	for _, n := range c.runs {
		k := strings.Join(n, " ")
		p, ok := probe[k]
		if !ok || p.unknown || p.out == "" || p.out == k || m.protects(k) {
			continue
		}
		out = append(out, engineName{src: k, out: p.out})
	}
	return out
}

// protects reports whether m protects the whole of name.
func (m *nameMatcher) protects(name string) bool {
	if m == nil {
		return false
	}
	ms := m.find(name)
	return len(ms) == 1 && ms[0][0] == 0 && ms[0][1] == len(name)
}

// oneRendering makes each of the job's engine names written one way in its
// translation (see above).
func (j *job) oneRendering() {
	for _, n := range j.engineNames {
		chosen, other := "", ""
		for _, s := range j.segs {
			if s.literal || !hasPhrase(s.srcPlain, n.src) {
				continue
			}
			plain := s.target
			if s.f.html {
				plain = plainFromHTML(s.target)
			}
			hasSrc, hasOut := hasPhrase(plain, n.src), hasPhrase(plain, n.out)
			if chosen == "" {
				switch {
				case hasSrc && !hasOut:
					chosen, other = n.src, n.out
				case hasOut && !hasSrc:
					chosen, other = n.out, n.src
				}
				continue
			}
			if hasPhrase(plain, other) && !hasPhrase(plain, chosen) {
				from, to := other, chosen
				if s.f.html {
					from, to = escapeText(from), escapeText(to)
				}
				s.target = replacePhrase(s.target, from, to)
			}
		}
	}
}

// hasPhrase reports whether s has p as whole words.
func hasPhrase(s, p string) bool {
	return phraseAt(s, p, 0) >= 0
}

// phraseAt returns the index of the first whole-word p in s from i, or -1.
func phraseAt(s, p string, i int) int {
	for i <= len(s) {
		k := strings.Index(s[i:], p)
		if k < 0 {
			return -1
		}
		a, b := i+k, i+k+len(p)
		if (a == 0 || !isWordByteBefore(s, a)) && (b == len(s) || !startsWordAt(s, b)) {
			return a
		}
		i = a + 1
	}
	return -1
}

func startsWordAt(s string, i int) bool {
	for _, r := range s[i:] {
		return r == '_' || engine.IsWordRune(r)
	}
	return false
}

// replacePhrase replaces every whole-word p in s by r.
func replacePhrase(s, p, r string) string {
	var b strings.Builder
	last := 0
	for i := 0; ; {
		a := phraseAt(s, p, i)
		if a < 0 {
			break
		}
		b.WriteString(s[last:a])
		b.WriteString(r)
		last = a + len(p)
		i = last
	}
	b.WriteString(s[last:])
	return b.String()
}
