package translate

import (
	"context"
	"fmt"
	"strconv"
	"strings"

	"newsbridge/model"
)

// articleJob lists an article's fields as TranslateArticle translates
// them, segmented into sentences (without names protection, which needs an
// engine to ask).
func (t *Translator) articleJob(ctx context.Context, a *model.Article, lang string) (*job, error) {
	if a == nil || a.Language == "" || lang == "" {
		return nil, model.Errorf(model.EInvalid, "translate: an article with a language and a target language are needed")
	}
	j := &job{from: a.Language, to: lang, byline: a.Byline}
	add := func(name, text string, html bool) {
		j.fields = append(j.fields, &field{name: name, text: text, html: html})
	}
	add("title", a.Title, false)
	add("lead", a.Lead, false)
	add("category", a.Category, false)
	for i, b := range a.Blocks {
		n := strconv.Itoa(i)
		switch {
		case b.Type == model.BlockFigure:
			add("caption:"+n, b.Caption, false)
			add("alt:"+n, b.Alt, false)
		case b.HTML != "":
			add("block:"+n, b.HTML, true)
		default:
			add("block:"+n, b.Text, false)
		}
	}
	gc, err := t.glossary(ctx, a.Language)
	if err != nil {
		return nil, err
	}
	j.gversion = gc.version
	t.prepare(j, gc.m, nil)
	return j, nil
}

// BlankTranslation returns the start of a translation an editor supplies
// by hand, for a pair no engine reaches: the article's segments (title,
// lead, category, paragraphs, captions, alt texts, as TranslateArticle
// segments them) with empty targets, each flagged untranslated, and the
// translation's engine and route "editor". AssembleTranslation puts the
// targets typed since into the translation's fields.
func (t *Translator) BlankTranslation(ctx context.Context, a *model.Article, lang string) (*model.Translation, error) {
	j, err := t.articleJob(ctx, a, lang)
	if err != nil {
		return nil, err
	}
	now := t.now()
	tr := &model.Translation{ArticleID: a.ID, Lang: lang, Byline: a.Byline, Route: model.OriginEditor, Engine: model.OriginEditor,
		GlossaryVersion: j.gversion, CreatedAt: now, UpdatedAt: now}
	for _, s := range j.segs {
		tr.Segments = append(tr.Segments, model.Segment{Field: s.f.name, Source: s.srcField, Flags: []string{FlagUntranslated}})
		tr.Flags = append(tr.Flags, model.Flag{Field: s.f.name, Kind: FlagUntranslated,
			Message: fmt.Sprintf("no engine translates %s into %s: type the translation — in: %s", a.Language, lang, snippet(s.srcPlain))})
	}
	t.AssembleTranslation(ctx, a, tr)
	return tr, nil
}

// AssembleTranslation sets the fields of an editor-supplied translation
// (see BlankTranslation) from its segments' targets, with the spacing and
// line breaks of the source between them. A segment without a target
// leaves its place empty.
func (t *Translator) AssembleTranslation(ctx context.Context, a *model.Article, tr *model.Translation) error {
	j, err := t.articleJob(ctx, a, tr.Lang)
	if err != nil {
		return err
	}
	targets := make(map[string][]string)
	for _, s := range tr.Segments {
		targets[s.Field] = append(targets[s.Field], s.Target)
	}
	out := make(map[string]string)
	for _, f := range j.fields {
		ts := targets[f.name]
		var b strings.Builder
		for i, t := range ts {
			switch {
			case i < len(f.parts):
				b.WriteString(f.parts[i].glue)
			case i > 0:
				b.WriteString(" ") // segmented otherwise since
			}
			b.WriteString(t)
		}
		if len(ts) > 0 {
			b.WriteString(f.tail)
		}
		out[f.name] = strings.TrimSpace(b.String())
	}
	tr.Title, tr.Lead, tr.Category = out["title"], out["lead"], out["category"]
	tr.Blocks = make([]model.Block, len(a.Blocks))
	for i, b := range a.Blocks {
		n := strconv.Itoa(i)
		nb := b
		switch {
		case b.Type == model.BlockFigure:
			nb.Caption, nb.Alt = out["caption:"+n], out["alt:"+n]
			if b.Text != "" {
				nb.Text = nb.Caption
			}
		case b.HTML != "":
			nb.HTML = out["block:"+n]
			nb.Text = plainFromHTML(nb.HTML)
		default:
			nb.Text = out["block:"+n]
		}
		tr.Blocks[i] = nb
	}
	return nil
}
