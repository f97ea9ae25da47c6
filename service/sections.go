package service

import (
	"context"
	"fmt"
	"maps"
	"slices"
	"strings"

	"newsbridge/model"
	"newsbridge/store"
)

// SourceSectionsView is what the sources screen shows to map one outlet's
// categories to the site's sections.
type SourceSectionsView struct {
	Source   *model.Source
	Sections *model.Sections
	Mapping  store.SourceSections
	// Categories are the outlet's categories seen in its articles, most
	// used first, then those only the mapping names, by slug.
	Categories []store.CategoryCount
}

// SourceSections returns a source's mapping of its categories to sections.
func (s *Service) SourceSections(ctx context.Context, id int64) (*SourceSectionsView, error) {
	if err := authorize(ctx, PermSources); err != nil {
		return nil, err
	}
	src, err := s.Store.Source(ctx, id)
	if err != nil {
		return nil, err
	}
	m, err := s.Store.SourceSectionsOf(ctx, src)
	if err != nil {
		return nil, err
	}
	cats, err := s.Store.SourceCategories(ctx, id)
	if err != nil {
		return nil, err
	}
	seen := map[string]bool{}
	for _, c := range cats {
		seen[c.Slug] = true
	}
	for _, slug := range slices.Sorted(maps.Keys(m.Categories)) {
		if !seen[slug] {
			cats = append(cats, store.CategoryCount{Slug: slug, Name: slug})
		}
	}
	return &SourceSectionsView{Source: src, Sections: s.Store.SectionsInForce(), Mapping: m, Categories: cats}, nil
}

// SetSourceSections saves a source's mapping of its categories to
// sections (m.Edited false: back to the configured mapping), moves its
// articles to their new sections, and audits the change. It returns how
// many articles moved. A category is named by its name or its slug, as in
// the configuration file; it is kept as its slug.
func (s *Service) SetSourceSections(ctx context.Context, id int64, m store.SourceSections) (int, error) {
	if err := authorize(ctx, PermSources); err != nil {
		return 0, err
	}
	src, err := s.Store.Source(ctx, id)
	if err != nil {
		return 0, err
	}
	if m.Categories, err = categorySlugs(m.Categories); err != nil {
		return 0, err
	}
	before, err := s.Store.SourceSectionsOf(ctx, src)
	if err != nil {
		return 0, err
	}
	n, err := s.Store.SetSourceSections(ctx, id, m)
	if err != nil {
		return 0, err
	}
	after, err := s.Store.SourceSectionsOf(ctx, src)
	if err != nil {
		return n, err
	}
	return n, s.audit(ctx, "source.sections", fmt.Sprintf("source/%d", id), before, after)
}

// categorySlugs keys a mapping by category slug (store.CategorySlug). A
// name and its slug may both be given only for the same section.
func categorySlugs(m map[string]string) (map[string]string, error) {
	out := make(map[string]string, len(m))
	given := make(map[string]string, len(m))
	for _, cat := range slices.Sorted(maps.Keys(m)) {
		slug := store.CategorySlug(cat)
		if slug == "" {
			if strings.TrimSpace(cat) == "" {
				return nil, model.Errorf(model.EInvalid, "a category name or slug is needed (articles without a category are in the source's default section)")
			}
			return nil, model.Errorf(model.EInvalid, "category %q has no letter or digit to make a slug of", cat)
		}
		if prev, ok := given[slug]; ok && out[slug] != m[cat] {
			return nil, model.Errorf(model.EInvalid, "categories %q and %q are both %q but are mapped to different sections", prev, cat, slug)
		}
		out[slug], given[slug] = m[cat], cat
	}
	return out, nil
}
