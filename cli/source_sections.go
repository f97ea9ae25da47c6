package cli

import (
	"context"
	"fmt"
	"maps"
	"strconv"
	"strings"
	"text/tabwriter"

	"newsbridge/app"
	"newsbridge/client"
	"newsbridge/store"
)

const sourceSectionsSynopsis = `source sections ID [--set CATEGORY=SECTION ...] [--unset CATEGORY ...] [--default SECTION] [--reset] [--server URL]

Prints how source ID's categories map to the site's sections, or changes it.
A category is named by its name or its slug; a section by its slug (the
"sections" key of the configuration file lists them). The categories left
unmapped go to the source's default section, else the site's. A change
replaces the configuration file's mapping for this source (as saving the
editors' sources screen does); --reset goes back to the file's. The articles
move at once; the change is audited.`

// sectionMappings reads and changes sources' mappings: the service on the
// data, or a server's API (the client has these methods).
type sectionMappings interface {
	SourceSections(ctx context.Context, id int64) (*client.SourceSections, error)
	SetSourceSections(ctx context.Context, id int64, def string, categories map[string]string) (*client.SourceSections, error)
	ResetSourceSections(ctx context.Context, id int64) (*client.SourceSections, error)
}

func runSourceSections(ctx context.Context, e *env, args []string) error {
	fs := newCommandFlags("source sections", sourceSectionsSynopsis)
	set := map[string]string{}
	var setOrder, unset []string
	fs.Func("set", "`CATEGORY=SECTION` maps the category (its name or slug) to the section (repeatable)", func(v string) error {
		cat, sec, ok := strings.Cut(v, "=")
		if !ok || strings.TrimSpace(cat) == "" || sec == "" {
			return fmt.Errorf("want CATEGORY=SECTION (--unset CATEGORY leaves a category unmapped)")
		}
		set[cat] = sec
		setOrder = append(setOrder, cat)
		return nil
	})
	fs.Func("unset", "leave `CATEGORY` unmapped: it goes to the default section (repeatable)", func(v string) error {
		unset = append(unset, v)
		return nil
	})
	var def *string
	fs.Func("default", "the `SECTION` of the categories not mapped; \"\" for the site's default section", func(v string) error {
		def = &v
		return nil
	})
	reset := fs.Bool("reset", false, "drop the saved mapping: the configuration file's applies again")
	fs.addRemote()
	if err := fs.parse(args); err != nil {
		return err
	}
	id, err := strconv.ParseInt(fs.Arg(0), 10, 64)
	if err != nil || id <= 0 || fs.NArg() != 1 {
		return usageErr("source sections needs one numeric ID")
	}
	change := len(set) > 0 || len(unset) > 0 || def != nil
	if *reset && change {
		return usageErr("--reset goes back to the configuration file's mapping: it takes no --set, --unset or --default")
	}
	do := func(m sectionMappings) error {
		var v *client.SourceSections
		var err error
		switch {
		case *reset:
			v, err = m.ResetSourceSections(ctx, id)
		case change:
			if v, err = m.SourceSections(ctx, id); err != nil {
				return err
			}
			cats := maps.Clone(v.Categories)
			for _, c := range unset {
				forget(cats, c)
			}
			for _, c := range setOrder {
				forget(cats, c)
				cats[c] = set[c]
			}
			d := v.Default
			if def != nil {
				d = *def
			}
			v, err = m.SetSourceSections(ctx, id, d, cats)
		default:
			v, err = m.SourceSections(ctx, id)
		}
		if err != nil {
			return err
		}
		switch {
		case *reset:
			fmt.Fprintf(e.stdout, "source %d: back to the configuration file's mapping; %d article(s) moved to another section\n", id, v.Moved)
		case change:
			fmt.Fprintf(e.stdout, "source %d: mapping saved; %d article(s) moved to another section\n", id, v.Moved)
		}
		return printSections(e, v)
	}
	if c, err := fs.client(); err != nil || c != nil {
		if err != nil {
			return err
		}
		return do(c)
	}
	return fs.withApp(ctx, e, dbOnly, func(a *app.App) error { return do(localSections{a}) })
}

// forget removes category (named by its name or its slug) from a mapping
// keyed by slug.
func forget(cats map[string]string, category string) {
	slug := store.CategorySlug(category)
	for k := range cats {
		if k == category || store.CategorySlug(k) == slug {
			delete(cats, k)
		}
	}
}

func printSections(e *env, v *client.SourceSections) error {
	if v.Saved {
		fmt.Fprintf(e.stdout, "source %d: saved mapping (kept in the database in place of the configuration file's)\n", v.Source)
	} else {
		fmt.Fprintf(e.stdout, "source %d: the configuration file's mapping\n", v.Source)
	}
	slugs := make([]string, len(v.Sections))
	for i, s := range v.Sections {
		slugs[i] = s.Slug
	}
	fmt.Fprintf(e.stdout, "sections: %s (site default: %s)\n", strings.Join(slugs, ", "), v.SiteDefault)
	if v.Default != "" {
		fmt.Fprintf(e.stdout, "default: %s\n", v.Default)
	} else {
		fmt.Fprintf(e.stdout, "default: - (the site's, %s)\n", v.SiteDefault)
	}
	tw := tabwriter.NewWriter(e.stdout, 2, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "CATEGORY\tNAME\tARTICLES\tSECTION")
	for _, c := range v.Seen {
		slug, name := c.Slug, c.Name
		if slug == "" {
			slug, name = "(none)", "articles without a category"
		}
		sec := v.Categories[c.Slug]
		if sec == "" {
			sec = "- (default)"
		}
		fmt.Fprintf(tw, "%s\t%s\t%d\t%s\n", slug, orDash(name), c.Articles, sec)
	}
	return tw.Flush()
}

// localSections is sectionMappings on the data, through the service.
type localSections struct{ svc *app.App }

func (l localSections) SourceSections(ctx context.Context, id int64) (*client.SourceSections, error) {
	v, err := l.svc.SourceSections(ctx, id)
	if err != nil {
		return nil, err
	}
	out := &client.SourceSections{Source: v.Source.ID, Saved: v.Mapping.Edited, Default: v.Mapping.Default,
		Categories: v.Mapping.Categories, SiteDefault: v.Sections.Default}
	for _, c := range v.Categories {
		out.Seen = append(out.Seen, client.SourceCategory{Slug: c.Slug, Name: c.Name, Articles: c.Count})
	}
	for _, s := range v.Sections.List {
		out.Sections = append(out.Sections, client.Section{Slug: s.Slug, Names: s.Names})
	}
	return out, nil
}

func (l localSections) SetSourceSections(ctx context.Context, id int64, def string, categories map[string]string) (*client.SourceSections, error) {
	return l.save(ctx, id, store.SourceSections{Edited: true, Default: def, Categories: categories})
}

func (l localSections) ResetSourceSections(ctx context.Context, id int64) (*client.SourceSections, error) {
	return l.save(ctx, id, store.SourceSections{})
}

func (l localSections) save(ctx context.Context, id int64, m store.SourceSections) (*client.SourceSections, error) {
	n, err := l.svc.SetSourceSections(ctx, id, m)
	if err != nil {
		return nil, err
	}
	v, err := l.SourceSections(ctx, id)
	if v != nil {
		v.Moved = n
	}
	return v, err
}
