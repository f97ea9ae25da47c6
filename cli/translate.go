package cli

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"

	"newsbridge/app"
	"newsbridge/model"
)

func runTranslate(ctx context.Context, e *env, args []string) error {
	fs := newCommandFlags("translate", "translate --to LANG [--from LANG] [FILE|-]")
	to := fs.String("to", "", "target language (BCP-47), required")
	from := fs.String("from", "", "source language; default: the article JSON's language (required for plain text)")
	if err := fs.parse(args); err != nil {
		return err
	}
	if *to == "" {
		return usageErr("--to LANG is required")
	}
	if fs.NArg() > 1 {
		return usageErr("one FILE at most")
	}
	for _, l := range []*string{to, from} {
		if *l == "" {
			continue
		}
		t, err := model.ParseLang(*l)
		if err != nil {
			return usageErr("%q is not a language tag", *l)
		}
		*l = t.Tag
	}
	in, closeIn, err := input(e, fs.Arg(0))
	if err != nil {
		return err
	}
	defer closeIn()
	body, err := io.ReadAll(io.LimitReader(in, 64<<20))
	if err != nil {
		return err
	}
	return fs.withApp(ctx, e, app.Options{NoQueue: true}, func(a *app.App) error {

		if trimmed := bytes.TrimSpace(body); len(trimmed) > 0 && trimmed[0] == '{' {
			var art model.Article
			if err := json.Unmarshal(trimmed, &art); err != nil {
				return model.Errorf(model.EInvalid, "translate: the input looks like JSON but is not an article: %v", err)
			}
			if *from != "" {
				art.Language = *from
			}
			if art.Language == "" {
				return usageErr("the article has no language: give --from")
			}
			tr, err := a.Translator.TranslateArticle(ctx, &art, *to)
			if err != nil {
				return err
			}
			reportFlags(e, tr.Flags)
			out := art
			out.Language, out.Title, out.Lead, out.Blocks = *to, tr.Title, tr.Lead, tr.Blocks
			if tr.Byline != "" {
				out.Byline = tr.Byline
			}
			if tr.Category != "" {
				out.Category = tr.Category
			}
			out.Text = model.BodyText(tr.Blocks)
			enc := json.NewEncoder(e.stdout)
			enc.SetIndent("", "  ")
			enc.SetEscapeHTML(false)
			return enc.Encode(out)
		}
		if *from == "" {
			return usageErr("--from LANG is required for plain text")
		}
		text, flags, err := a.Translator.TranslateText(ctx, *from, *to, string(body))
		if err != nil {
			return err
		}
		reportFlags(e, flags)
		_, err = io.WriteString(e.stdout, text)
		return err
	})
}

func reportFlags(e *env, flags []model.Flag) {
	for _, f := range flags {
		fmt.Fprintf(e.stderr, "check: %s: %s: %s\n", f.Field, f.Kind, f.Message)
	}
}
