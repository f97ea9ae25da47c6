package site

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"newsbridge/model"
	"newsbridge/search"
)

// searchShow is the search page: GET /{lang}/search?q=&category=&from=&to=&page=.
// Results are not cached (each query is its own page and would only push
// articles out of the cache); the empty form is.
func (s *Site) searchShow(w http.ResponseWriter, r *http.Request) {
	l := s.lang(w, r)
	if l == nil {
		return
	}
	ctx := r.Context()
	n, ok := parsePage(r)
	if !ok {
		s.notFound(w, r)
		return
	}
	qs := r.URL.Query()
	v := &searchView{Heading: l.T.Search, Enabled: s.cfg.Search != nil,
		Query: clipRunes(strings.TrimSpace(qs.Get("q")), search.MaxQueryRunes)}
	cats, err := s.cfg.Backend.Categories(ctx, l.Tag)
	if err != nil {
		s.log.Warn("site: unable to list categories", "lang", l.Tag, "err", err)
	}
	v.Categories = cats
	if c := qs.Get("category"); c != "" {
		for _, k := range cats {
			if k.Slug == c {
				v.Category = c
			}
		}
	}
	from, fromOK := parseDay(qs.Get("from"))
	to, toOK := parseDay(qs.Get("to"))
	if fromOK {
		v.From = from.Format(time.DateOnly)
	}
	if toOK {
		v.To = to.Format(time.DateOnly)
		to = to.AddDate(0, 0, 1) // the form's "to" day is included; Query.To is not
	}
	title := l.T.Search + " — " + s.cfg.SiteName
	if v.Query != "" {
		title = l.T.Search + ": " + v.Query + " — " + s.cfg.SiteName
	}
	status := http.StatusOK
	searched := v.Enabled && (v.Query != "" || v.Category != "" || fromOK || toOK)
	if searched {
		start := time.Now()
		res, err := s.cfg.Search.Search(ctx, search.Query{Lang: l.Tag, Text: v.Query, Category: v.Category,
			From: from, To: to, Page: n, PerPage: s.perPage})
		if s.cfg.OnSearch != nil {
			s.cfg.OnSearch(time.Since(start))
		}
		v.Searched = true
		switch {
		case model.ErrorCode(err) == model.EInvalid:
			// The index's message is safe to show ("the start date must be
			// before the end date").
			status = http.StatusBadRequest
			v.Summary, v.Failed = model.ErrorMessage(err), true
		case err != nil:
			s.serverError(w, r, err)
			return
		default:
			if n > 1 && n > res.Pages {
				s.notFound(w, r)
				return
			}
			v.Summary = strings.Replace(strings.Replace(l.T.Results, "%d", strconv.FormatUint(res.Total, 10), 1), "%s", v.Query, 1)
			for _, h := range res.Hits {
				v.Hits = append(v.Hits, searchHit{URL: s.articlePath(l, h.Slug), TitleHTML: h.TitleHTML,
					SnippetHTML: h.SnippetHTML, CategoryName: h.Category,
					Date: formatDate(l.Tag, h.Published), DateISO: isoDate(h.Published)})
			}
			v.Pager = s.pager(l, s.searchPath(l, v), n, res.Pages)
		}
	}
	p := s.newPage(l, title, v)
	p.Robots = "noindex"
	for i, o := range s.langs {
		href := "/" + o.Prefix + "/search"
		p.Switcher[i].Href = href
		p.Alternates = append(p.Alternates, altLink{Lang: o.Tag, Href: s.url(href)})
	}
	s.withNav(ctx, p)
	s.render(w, r, status, "search", p, r.URL.RawQuery != "")
}

// searchPath is the search page's URL for v's query, without the page.
func (s *Site) searchPath(l *langInfo, v *searchView) string {
	q := url.Values{}
	if v.Query != "" {
		q.Set("q", v.Query)
	}
	if v.Category != "" {
		q.Set("category", v.Category)
	}
	if v.From != "" {
		q.Set("from", v.From)
	}
	if v.To != "" {
		q.Set("to", v.To)
	}
	return "/" + l.Prefix + "/search?" + q.Encode()
}

// parseDay reads an <input type=date> value (YYYY-MM-DD) as a UTC day.
func parseDay(s string) (time.Time, bool) {
	if s == "" {
		return time.Time{}, false
	}
	t, err := time.Parse(time.DateOnly, s)
	if err != nil || t.Year() < 1900 || t.Year() > 9999 {
		return time.Time{}, false
	}
	return t, true
}

// clipRunes cuts s to at most n runes.
func clipRunes(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	return string([]rune(s)[:n])
}
