package search

import (
	"html"
	"html/template"
	"sort"
	"strings"
	"unicode/utf8"

	"github.com/blevesearch/bleve/v2/analysis"
)

// span is a matched term's byte range in a stored field.
type span struct{ start, end int }

// highlighter finds where a query's terms occur in stored text by running
// the same analyzer over it, so a stemmed or normalised match ("avisene"
// for "avis", "أحمد" for "احمد") is marked on the word as written.
type highlighter struct {
	a     analysis.Analyzer
	terms map[string]bool
}

func newHighlighter(a analysis.Analyzer, terms []string) *highlighter {
	h := &highlighter{a: a, terms: map[string]bool{}}
	for _, t := range terms {
		h.terms[t] = true
	}
	return h
}

// chunkBytes is how much text is analysed at a time when looking for the
// first match: a long body is not analysed past the snippet it yields.
const chunkBytes = 512

// spans returns the sorted byte ranges of matched words in text. It stops
// once it has found a match and looked limit bytes past it, which is all a
// snippet of limit bytes can show.
func (h *highlighter) spans(text string, limit int) []span {
	if h == nil || h.a == nil || len(h.terms) == 0 {
		return nil
	}
	var out []span
	stop := len(text)
	for from := 0; from < len(text) && from < stop; {
		to := wordEnd(text, min(len(text), from+chunkBytes))
		if to <= from {
			to = min(len(text), from+chunkBytes)
			for to < len(text) && !utf8.RuneStart(text[to]) {
				to++
			}
		}
		for _, tok := range h.a.Analyze([]byte(text[from:to])) {
			if h.terms[string(tok.Term)] {
				s, e := from+tok.Start, from+tok.End
				if s >= 0 && e <= len(text) && s < e {
					out = append(out, span{s, e})
				}
			}
		}
		if len(out) > 0 && stop == len(text) {
			stop = out[0].start + limit
		}
		from = to
	}
	sort.Slice(out, func(i, j int) bool { return out[i].start < out[j].start })
	merged := out[:0]
	for _, sp := range out {
		if n := len(merged); n > 0 && sp.start < merged[n-1].end {
			merged[n-1].end = max(merged[n-1].end, sp.end)
			continue
		}
		merged = append(merged, sp)
	}
	return merged
}

// render escapes text[from:to] and wraps the spans inside it in <mark>.
// This is the only place markup is produced, so escaping is decided once.
func render(text string, sps []span, from, to int) string {
	var b strings.Builder
	cur := from
	for _, sp := range sps {
		if sp.start < cur || sp.end > to {
			continue
		}
		b.WriteString(html.EscapeString(text[cur:sp.start]))
		b.WriteString("<mark>")
		b.WriteString(html.EscapeString(text[sp.start:sp.end]))
		b.WriteString("</mark>")
		cur = sp.end
	}
	b.WriteString(html.EscapeString(text[cur:to]))
	return b.String()
}

// snippet returns about limit bytes of text around its densest cluster of
// matches, escaped, with matches marked and "…" where text was cut.
func snippet(text string, sps []span, limit int) template.HTML {
	if len(text) <= limit {
		return template.HTML(render(text, sps, 0, len(text)))
	}
	// Pick the window that starts at a match and holds the most matches.
	best, bestN := 0, 0
	for i := range sps {
		n := 0
		for j := i; j < len(sps) && sps[j].end <= sps[i].start+limit; j++ {
			n++
		}
		if n > bestN {
			best, bestN = sps[i].start, n
		}
	}
	from := 0
	if bestN > 0 {
		// Some context before the first match.
		from = max(0, best-limit/4)
	}
	to := min(len(text), from+limit)
	if to == len(text) {
		from = max(0, to-limit)
	}
	from, to = wordStart(text, from), wordEnd(text, to)
	var b strings.Builder
	if from > 0 {
		b.WriteString("…")
	}
	b.WriteString(strings.TrimSpace(render(text, sps, from, to)))
	if to < len(text) {
		b.WriteString("…")
	}
	return template.HTML(b.String())
}

// wordStart moves i forward to a rune boundary and, if a space is near, past
// it, so a snippet does not begin mid-word.
func wordStart(text string, i int) int {
	if i <= 0 {
		return 0
	}
	for i < len(text) && !utf8.RuneStart(text[i]) {
		i++
	}
	if j := strings.IndexAny(text[i:min(len(text), i+24)], " \n\t"); j >= 0 {
		return i + j + 1
	}
	return i
}

// wordEnd moves i back to a rune boundary and, if a space is near, to it.
func wordEnd(text string, i int) int {
	if i >= len(text) {
		return len(text)
	}
	for i > 0 && !utf8.RuneStart(text[i]) {
		i--
	}
	if j := strings.LastIndexAny(text[max(0, i-24):i], " \n\t"); j >= 0 {
		return max(0, i-24) + j
	}
	return i
}
