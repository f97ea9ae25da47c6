package search

import (
	"html"
	"html/template"
	"sort"
	"strings"
	"unicode/utf8"

	bsearch "github.com/blevesearch/bleve/v2/search"
)

// span is a matched term's byte range in a stored field.
type span struct{ start, end int }

// spans flattens Bleve's term locations into sorted, non-overlapping byte
// ranges that lie inside text on rune boundaries; anything else is dropped
// rather than trusted.
func spans(text string, locs bsearch.TermLocationMap) []span {
	var out []span
	for _, ls := range locs {
		for _, l := range ls {
			s, e := int(l.Start), int(l.End)
			if s < 0 || e > len(text) || s >= e {
				continue
			}
			if !utf8.RuneStart(text[s]) || (e < len(text) && !utf8.RuneStart(text[e])) {
				continue
			}
			out = append(out, span{s, e})
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].start < out[j].start })
	merged := out[:0]
	for _, sp := range out {
		if n := len(merged); n > 0 && sp.start < merged[n-1].end {
			if sp.end > merged[n-1].end {
				merged[n-1].end = sp.end
			}
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

// markAll returns the whole of text, escaped, with matches marked.
func markAll(text string, locs bsearch.TermLocationMap) template.HTML {
	return template.HTML(render(text, spans(text, locs), 0, len(text)))
}

// snippet returns about limit bytes of text around its densest cluster of
// matches, escaped, with matches marked and "…" where text was cut.
func snippet(text string, locs bsearch.TermLocationMap, limit int) template.HTML {
	sps := spans(text, locs)
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
