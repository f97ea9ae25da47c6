package cli

import (
	"context"
	"encoding/csv"
	"fmt"
	"io"
	"sort"
	"strings"

	"newsbridge/app"
	"newsbridge/model"
)

// The CSV form: source_lang,term,kind,lang=rendering;lang=rendering,mode
// (mode may be left out: exact).
func runGlossary(ctx context.Context, e *env, args []string) error {
	if err := groupUsage(args, "glossary add|list|remove|import|export"); err != nil {
		return err
	}
	sub, args := args[0], args[1:]
	fs := newCommandFlags("glossary "+sub, "glossary add --from LANG [--kind KIND] [--mode MODE] TERM [LANG=RENDERING ...] | list [--from LANG] [--server URL] | remove --from LANG TERM | import [FILE|-] | export")
	from := fs.String("from", "", "the term's source language")
	kind := fs.String("kind", model.TermTerm, "person, place, organization or term")
	mode := fs.String("mode", model.ModeExact, "exact (the rendering is forced; none: kept as it is), do-not-translate (kept as the source has it in every language) or forbidden (the renderings must not be used: flagged)")
	fs.addRemote()
	if err := fs.parse(args); err != nil {
		return err
	}
	if c, err := fs.client(); err != nil || c != nil {
		if err != nil {
			return err
		}
		if sub != "list" && sub != "export" {
			return usageErr("glossary %s does not take --server (list and export do)", sub)
		}
		terms, err := c.Glossary(ctx, *from)
		if err != nil {
			return err
		}
		w := csv.NewWriter(e.stdout)
		if sub == "export" {
			w.Write(csvHeader)
		}
		for _, t := range terms {
			w.Write([]string{t.SourceLang, t.Term, t.Kind, renderings(t.Renderings), t.Mode})
		}
		w.Flush()
		return w.Error()
	}
	return fs.withApp(ctx, e, app.Options{NoEngines: true, NoQueue: sub == "list" || sub == "export"}, func(a *app.App) error {
		switch sub {
		case "add":
			if *from == "" || fs.NArg() < 1 {
				return usageErr("glossary add --from LANG [--kind KIND] TERM [LANG=RENDERING ...]")
			}
			t := &model.GlossaryTerm{SourceLang: *from, Term: fs.Arg(0), Kind: *kind, Mode: *mode, Renderings: map[string]string{}}
			for _, r := range fs.Args()[1:] {
				lang, text, ok := strings.Cut(r, "=")
				if !ok || lang == "" || text == "" {
					return usageErr("rendering %q: want LANG=TEXT", r)
				}
				t.Renderings[lang] = text
			}
			n, err := a.SaveTerm(ctx, t)
			if err != nil {
				return err
			}
			fmt.Fprintf(e.stdout, "term %q saved; %d translations queued for re-translation\n", t.Term, n)
			return nil
		case "remove":
			if *from == "" || fs.NArg() != 1 {
				return usageErr("glossary remove --from LANG TERM")
			}
			n, err := a.RemoveTerm(ctx, *from, fs.Arg(0))
			if err != nil {
				return err
			}
			fmt.Fprintf(e.stdout, "term %q removed; %d translations queued for re-translation\n", fs.Arg(0), n)
			return nil
		case "list", "export":
			terms, err := a.GlossaryTerms(ctx, *from)
			if err != nil {
				return err
			}
			w := csv.NewWriter(e.stdout)
			if sub == "export" {
				w.Write(csvHeader)
			}
			for _, t := range terms {
				w.Write([]string{t.SourceLang, t.Term, t.Kind, renderings(t.Renderings), t.TermMode()})
			}
			w.Flush()
			return w.Error()
		case "import":
			in, closeIn, err := input(e, fs.Arg(0))
			if err != nil {
				return err
			}
			defer closeIn()
			r := csv.NewReader(in)
			r.FieldsPerRecord = -1
			n := 0
			for line := 1; ; line++ {
				rec, err := r.Read()
				if err == io.EOF {
					break
				}
				if err != nil {
					return model.Errorf(model.EInvalid, "glossary import: %v", err)
				}
				if line == 1 && len(rec) > 0 && rec[0] == "source_lang" {
					continue
				}
				if len(rec) < 3 {
					return model.Errorf(model.EInvalid, "glossary import: line %d: want source_lang,term,kind,renderings[,mode]", line)
				}
				t := &model.GlossaryTerm{SourceLang: rec[0], Term: rec[1], Kind: rec[2], Renderings: map[string]string{}}
				if len(rec) > 4 {
					t.Mode = strings.TrimSpace(rec[4])
				}
				if len(rec) > 3 && rec[3] != "" {
					for _, r := range strings.Split(rec[3], ";") {
						lang, text, ok := strings.Cut(r, "=")
						if !ok {
							return model.Errorf(model.EInvalid, "glossary import: line %d: rendering %q: want LANG=TEXT", line, r)
						}
						t.Renderings[strings.TrimSpace(lang)] = strings.TrimSpace(text)
					}
				}
				if _, err := a.SaveTerm(ctx, t); err != nil {
					return fmt.Errorf("line %d: %w", line, err)
				}
				n++
			}
			fmt.Fprintf(e.stdout, "%d terms imported\n", n)
			return nil
		}
		return usageErr("unknown glossary command %q", sub)
	})
}

var csvHeader = []string{"source_lang", "term", "kind", "renderings", "mode"}

func renderings(m map[string]string) string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	var parts []string
	for _, k := range keys {
		parts = append(parts, k+"="+m[k])
	}
	return strings.Join(parts, ";")
}
