// Package feed turns an outlet's feed (RSS 2.0, Atom or JSON Feed) into the
// list of articles to fetch, each with a canonical URL: the key by which
// newsbridge recognizes an article it has already seen.
//
// Parsing is done by github.com/mmcdole/gofeed, which also converts the
// declared charset (ISO-8859-1, Windows-1252, …) to UTF-8; this package
// normalizes what it returns and drops what cannot be followed.
package feed

import (
	"bytes"
	"errors"
	"fmt"
	"net/url"
	"strings"
	"time"

	"github.com/mmcdole/gofeed"
	"golang.org/x/net/html"

	"newsbridge/model"
)

// Feed is a parsed feed, reduced to what the ingest stage uses.
type Feed struct {
	Title string
	// SiteURL is the outlet's home page (absolute), or "" when the feed
	// does not name one.
	SiteURL string
	// Language is the feed's declared language as written (often BCP-47,
	// sometimes "es-ES" or "es_ES"); "" when not declared.
	Language string
	// Items are the usable items, in feed order, without duplicates.
	Items []Item
	// Skipped counts the items dropped: no usable http(s) link, or a link
	// already seen earlier in the feed. Warnings says why, one per item
	// (the first maxWarnings of them), and notes a truncation.
	Skipped  int
	Warnings []string
	// Truncated counts the items left unread beyond Limits.MaxItems.
	Truncated int
}

// Item is one article announced by a feed.
type Item struct {
	// URL is the canonical article URL (see CanonicalURL).
	URL string
	// GUID is the feed's own identifier for the item, as written.
	GUID  string
	Title string
	// Summary is the item's description as plain text (markup removed).
	Summary  string
	Author   string
	Category string
	// Published is the publication (or else update) time in UTC; zero when
	// the feed gives none that parses.
	Published time.Time
}

// Parse parses an RSS 2.0, Atom or JSON Feed document within the default
// Limits. feedURL is where it was fetched from: relative links are resolved
// against the feed's site URL when it is absolute, else against feedURL. A
// document that is not a feed, or exceeds the limits, gives a *model.Error
// with code EInvalid, "feed: unable to parse: …".
func Parse(body []byte, feedURL string) (*Feed, error) {
	return ParseWith(body, feedURL, Limits{})
}

// ParseWith is Parse within lim: the document's shape is checked before
// it is parsed, and items beyond lim.MaxItems are left unread (counted in
// Truncated).
func ParseWith(body []byte, feedURL string, lim Limits) (f *Feed, err error) {
	// A parser bug must not take the ingest worker down with it: a feed is
	// untrusted input and this runs unattended.
	defer func() {
		if r := recover(); r != nil {
			f, err = nil, model.Errorf(model.EInvalid, "feed: unable to parse: %v", r)
		}
	}()

	trimmed := bytes.TrimSpace(bytes.TrimPrefix(body, []byte("\xef\xbb\xbf")))
	if len(trimmed) == 0 {
		return nil, model.Errorf(model.EInvalid, "feed: unable to parse: empty document")
	}
	lim = lim.withDefaults()
	// gofeed recurses once per nested element without a limit, and a stack
	// overflow is fatal, beyond recover: the shape is checked first.
	if err := checkShape(trimmed, lim); err != nil {
		return nil, err
	}
	parsed, err := gofeed.NewParser().Parse(bytes.NewReader(trimmed))
	if err != nil {
		if errors.Is(err, gofeed.ErrFeedTypeNotDetected) {
			return nil, &model.Error{Code: model.EInvalid, Message: "feed: unable to parse: not an RSS, Atom or JSON feed", Err: err}
		}
		return nil, &model.Error{Code: model.EInvalid, Message: "feed: unable to parse: " + shorten(err.Error(), 200), Err: err}
	}

	out := &Feed{
		Title:    plainText(parsed.Title),
		Language: strings.TrimSpace(parsed.Language),
	}
	base := strings.TrimSpace(feedURL)
	if parsed.Link != "" {
		if site, err := CanonicalURL(parsed.Link, feedURL); err == nil {
			out.SiteURL = site
			if u, _ := url.Parse(strings.TrimSpace(parsed.Link)); u != nil && u.IsAbs() {
				base = site
			}
		}
	}

	seen := map[string]bool{}
	warn := func(format string, args ...any) {
		switch {
		case len(out.Warnings) < maxWarnings:
			out.Warnings = append(out.Warnings, fmt.Sprintf(format, args...))
		case len(out.Warnings) == maxWarnings:
			out.Warnings = append(out.Warnings, "feed: more warnings left out")
		}
	}
	for i, it := range parsed.Items {
		if it == nil {
			continue
		}
		if len(out.Items) == lim.MaxItems {
			out.Truncated = len(parsed.Items) - i
			out.Warnings = append(out.Warnings, fmt.Sprintf("feed: %d items beyond the first %d left unread (the limit per poll)", out.Truncated, lim.MaxItems))
			break
		}
		link := itemLink(it, base)
		if link == "" {
			out.Skipped++
			warn("feed: item %d (%s) has no usable http(s) link", i+1, describe(it))
			continue
		}
		if seen[link] {
			out.Skipped++
			warn("feed: item %d (%s) repeats %s", i+1, describe(it), link)
			continue
		}
		seen[link] = true
		out.Items = append(out.Items, Item{
			URL:       link,
			GUID:      strings.TrimSpace(it.GUID),
			Title:     plainText(it.Title),
			Summary:   plainText(it.Description),
			Author:    author(it, parsed),
			Category:  category(it),
			Published: published(it),
		})
	}
	return out, nil
}

// itemLink returns the item's canonical link: its link, else its first
// other link, else its GUID when that is an http(s) URL (RSS permalinks).
func itemLink(it *gofeed.Item, base string) string {
	candidates := append([]string{it.Link}, it.Links...)
	candidates = append(candidates, it.GUID)
	for i, c := range candidates {
		c = strings.TrimSpace(c)
		if c == "" {
			continue
		}
		// A GUID is only a link when it is absolute; "tag:…" or an opaque
		// id resolved against the base would invent a URL.
		if i == len(candidates)-1 {
			if u, err := url.Parse(c); err != nil || !u.IsAbs() {
				continue
			}
		}
		if u, err := CanonicalURL(c, base); err == nil {
			return u
		}
	}
	return ""
}

func describe(it *gofeed.Item) string {
	if t := plainText(it.Title); t != "" {
		return fmt.Sprintf("%q", shorten(t, 60))
	}
	if it.GUID != "" {
		return "guid " + shorten(it.GUID, 60)
	}
	return "untitled"
}

func author(it *gofeed.Item, f *gofeed.Feed) string {
	for _, p := range it.Authors {
		if p != nil && strings.TrimSpace(p.Name) != "" {
			return plainText(p.Name)
		}
	}
	if it.Author != nil && strings.TrimSpace(it.Author.Name) != "" {
		return plainText(it.Author.Name)
	}
	if it.DublinCoreExt != nil && len(it.DublinCoreExt.Creator) > 0 {
		return plainText(it.DublinCoreExt.Creator[0])
	}
	return ""
}

func category(it *gofeed.Item) string {
	for _, c := range it.Categories {
		if c = plainText(c); c != "" {
			return c
		}
	}
	return ""
}

func published(it *gofeed.Item) time.Time {
	if it.PublishedParsed != nil {
		return it.PublishedParsed.UTC()
	}
	if it.UpdatedParsed != nil {
		return it.UpdatedParsed.UTC()
	}
	return time.Time{}
}

// plainText removes markup from s (feeds carry HTML in titles and
// descriptions, sometimes escaped twice), decodes entities and collapses
// white space. Script and style contents are dropped.
func plainText(s string) string {
	s = strings.TrimSpace(s)
	if s == "" {
		return ""
	}
	if !strings.ContainsAny(s, "<&") {
		return strings.Join(strings.Fields(s), " ")
	}
	var b strings.Builder
	z := html.NewTokenizer(strings.NewReader(s))
	skip := 0
	for {
		switch z.Next() {
		case html.ErrorToken:
			return strings.Join(strings.Fields(b.String()), " ")
		case html.TextToken:
			if skip == 0 {
				b.Write(z.Text())
			}
		case html.StartTagToken:
			name, _ := z.TagName()
			switch string(name) {
			case "script", "style":
				skip++
			case "br", "p", "div", "li":
				b.WriteByte(' ')
			}
		case html.EndTagToken:
			name, _ := z.TagName()
			switch string(name) {
			case "script", "style":
				if skip > 0 {
					skip--
				}
			case "p", "div", "li":
				b.WriteByte(' ')
			}
		}
	}
}

func shorten(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n]) + "…"
}
