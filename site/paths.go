package site

import (
	"context"
	"sort"
)

// pathsBatch is how many stories PublicPaths asks the backend for at once.
const pathsBatch = 500

// PublicPaths lists the decoded URL paths of every public page a reader or
// a crawler can reach without a query string: robots.txt, the sitemaps,
// the static assets, and in each language the front page, its feeds and
// sitemap, every section, author and outlet with their feeds, and every
// article with its processed pictures (/media/…, once each). Pages that
// need a query (list pages past the first, a split sitemap's parts,
// search) are not listed: they stay with the server. Static publishing
// (package publish) writes these paths to files.
func (s *Site) PublicPaths(ctx context.Context) ([]string, error) {
	out := []string{"/robots.txt", "/sitemap.xml", "/news-sitemap.xml"}
	media := map[string]bool{}
	for p := range s.static {
		out = append(out, p)
	}
	for _, l := range s.langs {
		front := "/" + l.Prefix + "/"
		out = append(out, front, front+"sitemap.xml")
		for name := range feedFormats {
			out = append(out, front+name)
		}
		cats, err := s.cfg.Backend.Categories(ctx, l.Tag)
		if err != nil {
			return nil, err
		}
		for _, c := range cats {
			cp := front + c.Slug + "/"
			out = append(out, cp)
			for name := range feedFormats {
				out = append(out, cp+name)
			}
		}
		authors, err := s.cfg.Backend.Authors(ctx, l.Tag)
		if err != nil {
			return nil, err
		}
		for _, a := range authors {
			ap := s.authorPath(l, a.Slug)
			out = append(out, ap)
			for name := range feedFormats {
				out = append(out, ap+name)
			}
		}
		outlets, err := s.cfg.Backend.Outlets(ctx, l.Tag)
		if err != nil {
			return nil, err
		}
		for _, o := range outlets {
			op := s.outletPath(l, o.Key())
			out = append(out, op)
			for name := range feedFormats {
				out = append(out, op+name)
			}
		}
		for off := 0; ; off += pathsBatch {
			stories, total, err := s.cfg.Backend.Stories(ctx, l.Tag, "", off, pathsBatch)
			if err != nil {
				return nil, err
			}
			for _, st := range stories {
				out = append(out, front+"a/"+st.Slug)
				for _, im := range st.Images {
					for _, w := range im.Widths {
						if p := im.Path(w); !media[p] {
							media[p] = true
							out = append(out, p)
						}
					}
				}
			}
			if len(stories) == 0 || off+len(stories) >= total {
				break
			}
		}
	}
	sort.Strings(out)
	return out, nil
}
