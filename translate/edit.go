package translate

import (
	"context"
	"fmt"
	"html"
	"strings"

	"newsbridge/model"
	"newsbridge/translate/engine/placeholder"
)

// SaveEdit records an editor's translation of one sentence in the memory,
// where it wins over the machine's from then on, in every article that has
// the sentence. source and target are a Segment's Source and Target as
// TranslateArticle returned them (inline HTML for "block:N" fields of HTML
// blocks: set isHTML). When every protected span of the source (number,
// link, name, tag) is found in the target, the entry is stored in
// placeholder form and also serves the same sentence with other numbers or
// links; otherwise it is stored for this exact sentence only.
func (t *Translator) SaveEdit(ctx context.Context, from, to, source, target, editor string, isHTML bool) (model.MemoryEntry, error) {
	if t.Memory == nil {
		return model.MemoryEntry{}, model.Errorf(model.EInvalid, "translate: no translation memory to save the edit in")
	}
	if strings.TrimSpace(source) == "" || strings.TrimSpace(target) == "" {
		return model.MemoryEntry{}, model.Errorf(model.EInvalid, "translate: an edit needs a source and a target")
	}
	gc, err := t.glossary(ctx, from)
	if err != nil {
		return model.MemoryEntry{}, err
	}
	gversion := gc.version
	ptext, spans := protectField(cleanControls(source), isHTML, gc.m, to)
	parts, _ := segmentField(ptext, spans, from, 1<<30)
	if len(parts) != 1 {
		return model.MemoryEntry{}, model.Errorf(model.EInvalid, "translate: an edit is for one sentence; the source has %d", len(parts))
	}
	local, ls := localize(parts[0].text, spans)
	plainSource := restoreSource(local, ls, isHTML)
	if isHTML {
		plainSource = plainFromHTML(plainSource)
	}
	e := model.MemoryEntry{
		Source: plainSource, Origin: model.OriginEditor, Editor: editor, Engine: "editor", At: t.now(),
		Route: from + ">" + to,
	}
	lit := e
	lit.Key, lit.Target = literalKey(plainSource), target
	if isHTML {
		lit.Target = plainFromHTML(target)
	}
	var entries []model.MemoryEntry
	if pt, ok := placeholderTarget(target, ls, isHTML); ok {
		e.Key, e.Target = memoryKey(local), pt
		entries = append(entries, e)
		// An article protects its names too (names.go), which one sentence
		// cannot tell, so its key may differ from this one: the literal
		// entry serves this sentence there. Not for a sentence with inline
		// markup, which a literal entry (plain text) would lose.
		if !hasTags(ls) {
			entries = append(entries, lit)
		}
	} else {
		e = lit
		entries = append(entries, lit)
	}
	if err := t.Memory.SaveMemory(ctx, model.Pair{From: from, To: to}, gversion, entries); err != nil {
		return model.MemoryEntry{}, fmt.Errorf("translate: unable to save the edit: %w", err)
	}
	return e, nil
}

func hasTags(spans []Span) bool {
	for _, s := range spans {
		if s.Kind == SpanTag || s.Kind == SpanCode {
			return true
		}
	}
	return false
}

// placeholderTarget puts the source's placeholders into an edited target:
// each span's rendering is looked for in the target, left to right, without
// overlapping another. It fails if one is missing.
func placeholderTarget(target string, spans []Span, isHTML bool) (string, bool) {
	if strings.ContainsAny(target, placeholder.Open+placeholder.Close) {
		return "", false
	}
	type rep struct{ start, end, n int }
	var reps []rep
	taken := func(a, b int) bool {
		for _, r := range reps {
			if a < r.end && r.start < b {
				return true
			}
		}
		return false
	}
	// longest first, so that "2024" does not take the "2024" inside "25/08/2024"
	order := make([]int, len(spans))
	for i := range order {
		order[i] = i
	}
	for i := 1; i < len(order); i++ {
		for j := i; j > 0 && len(spans[order[j]].Out) > len(spans[order[j-1]].Out); j-- {
			order[j], order[j-1] = order[j-1], order[j]
		}
	}
	for _, i := range order {
		s := spans[i]
		want := s.Out
		if isHTML && !s.Raw {
			want = escapeText(want)
		}
		found := false
		for from := 0; from < len(target); {
			k := strings.Index(target[from:], want)
			if k < 0 || want == "" {
				break
			}
			a, b := from+k, from+k+len(want)
			if !taken(a, b) {
				reps = append(reps, rep{a, b, i + 1})
				found = true
				break
			}
			from = a + 1
		}
		if !found {
			return "", false
		}
	}
	for i := 1; i < len(reps); i++ {
		for j := i; j > 0 && reps[j].start < reps[j-1].start; j-- {
			reps[j], reps[j-1] = reps[j-1], reps[j]
		}
	}
	var b strings.Builder
	last := 0
	for _, r := range reps {
		b.WriteString(target[last:r.start])
		b.WriteString(placeholderFor(spans[r.n-1], r.n))
		last = r.end
	}
	b.WriteString(target[last:])
	out := b.String()
	if isHTML {
		out = html.UnescapeString(out) // text in memory is plain; restore escapes it
	}
	return out, true
}
