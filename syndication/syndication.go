// Package syndication renders the site's machine-readable outputs — RSS 2.0,
// Atom 1.0 and JSON Feed 1.1 feeds, XML sitemaps with hreflang alternates and
// Google News tags, sitemap indexes and robots.txt — as pure functions from
// values to bytes. Nothing here does I/O, so the site can cache the bytes.
//
// Text from outlets and translators goes into XML: every string is stripped
// of characters XML 1.0 forbids (control characters, invalid UTF-8) and then
// escaped by encoding/xml, so a title holding "<script>", "&" or "]]>" yields
// a well-formed document in which it is plain text.
package syndication

import (
	"net/url"
	"strings"
	"time"
	"unicode/utf8"

	"newsbridge/model"
)

// Entry is one article in a feed.
type Entry struct {
	// ID is a stable, absolute IRI for the entry (its permalink, or a tag:
	// URI); "" or a relative value means URL is used.
	ID string
	// URL is the entry's page on this site (required, absolute).
	URL string
	// OriginalURL is the source outlet's article: rendered as a "related"
	// link (Atom), <source> and atom:link (RSS) and external_url (JSON Feed).
	OriginalURL string
	Title       string
	Summary     string // plain text
	// ContentHTML is the full translated article, already sanitized HTML.
	ContentHTML string
	Author      string
	Category    string
	Published   time.Time
	Updated     time.Time // zero means Published
	Image       string    // absolute URL of the main image, if any
}

// Channel is one feed: one language of the site, or one category in it.
type Channel struct {
	Title       string
	Description string
	Lang        string // BCP-47 tag, e.g. "es", "pt-BR", "ar"
	SiteURL     string // the HTML page the feed mirrors (required, absolute)
	SelfURL     string // where this feed is served (required, absolute)
	// Updated is the feed's last change; zero means the newest entry's date.
	Updated time.Time
	Entries []Entry
}

// Limits from the sitemap protocol (sitemaps.org) and Google News.
const (
	// MaxSitemapURLs is the most <url> (or <sitemap>) entries in one file.
	MaxSitemapURLs = 50000
	// MaxSitemapBytes is the largest uncompressed sitemap file.
	MaxSitemapBytes = 50 << 20
	// MaxNewsURLs is the most news:news entries Google reads in one sitemap.
	MaxNewsURLs = 1000
)

const generatorName = "newsbridge"

// clean returns s as valid UTF-8 holding only characters XML 1.0 allows
// (tab, line feed, carriage return, and the rest above U+001F except the
// surrogates, U+FFFE and U+FFFF); everything else is dropped.
func clean(s string) string {
	ok := true
	for _, r := range s {
		if !xmlChar(r) {
			ok = false
			break
		}
	}
	if ok && utf8.ValidString(s) {
		return s
	}
	var b strings.Builder
	b.Grow(len(s))
	for i := 0; i < len(s); {
		r, n := utf8.DecodeRuneInString(s[i:])
		if !(r == utf8.RuneError && n == 1) && xmlChar(r) {
			b.WriteString(s[i : i+n])
		}
		i += n
	}
	return b.String()
}

// oneLine is clean, with line breaks and tabs turned into spaces: for
// titles, names and the values of robots.txt lines.
func oneLine(s string) string {
	return strings.Join(strings.Fields(clean(s)), " ")
}

func xmlChar(r rune) bool {
	switch {
	case r == 0x9 || r == 0xA || r == 0xD:
		return true
	case r >= 0x20 && r <= 0xD7FF:
		return true
	case r >= 0xE000 && r <= 0xFFFD:
		return true
	case r >= 0x10000 && r <= 0x10FFFF:
		return true
	}
	return false
}

// absURL checks that s is an absolute http(s) URL and returns it cleaned.
func absURL(what, s string) (string, error) {
	s = strings.TrimSpace(clean(s))
	u, err := url.Parse(s)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return "", model.Errorf(model.EInvalid, "syndication: %s %q is not an absolute http(s) URL", what, clip(s))
	}
	return u.String(), nil
}

// optURL is absURL for an optional URL: "" stays "".
func optURL(what, s string) (string, error) {
	if strings.TrimSpace(s) == "" {
		return "", nil
	}
	return absURL(what, s)
}

// langTag canonicalises a BCP-47 tag ("pt-br" → "pt-BR").
func langTag(s string) (string, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return "", model.Errorf(model.EInvalid, "syndication: the feed's language is required")
	}
	l, err := model.ParseLang(s)
	if err != nil {
		return "", model.Errorf(model.EInvalid, "syndication: %q is not a BCP-47 language tag", clip(s))
	}
	return l.Tag, nil
}

// clip shortens s for an error message.
func clip(s string) string {
	s = strings.ToValidUTF8(s, "?")
	if len(s) <= 80 {
		return s
	}
	n := 80
	for n > 0 && !utf8.RuneStart(s[n]) {
		n--
	}
	return s[:n] + "…"
}

// isAbsIRI reports whether s looks like an absolute IRI (scheme:rest), as
// Atom's id and RSS's permalink guid need.
func isAbsIRI(s string) bool {
	u, err := url.Parse(s)
	return err == nil && u.Scheme != "" && u.Opaque+u.Host+u.Path != ""
}

// entryDates returns an entry's published and updated times with the
// fallbacks feeds need: updated defaults to published and vice versa.
func entryDates(e Entry) (pub, upd time.Time) {
	pub, upd = e.Published.UTC(), e.Updated.UTC()
	if e.Updated.IsZero() {
		upd = pub
	}
	if e.Published.IsZero() {
		pub = upd
	}
	return pub, upd
}

// channelUpdated is c.Updated or, if zero, the newest entry date.
func channelUpdated(c Channel) time.Time {
	if !c.Updated.IsZero() {
		return c.Updated.UTC()
	}
	var t time.Time
	for _, e := range c.Entries {
		_, u := entryDates(e)
		if u.After(t) {
			t = u
		}
	}
	return t
}
