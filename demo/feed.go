package demo

import (
	"bytes"
	"encoding/xml"
	"net/http"
	"time"
)

type rssDoc struct {
	XMLName xml.Name   `xml:"rss"`
	Version string     `xml:"version,attr"`
	DC      string     `xml:"xmlns:dc,attr"`
	Atom    string     `xml:"xmlns:atom,attr"`
	Channel rssChannel `xml:"channel"`
}

type rssChannel struct {
	Title         string    `xml:"title"`
	Link          string    `xml:"link"`
	Description   string    `xml:"description"`
	Language      string    `xml:"language"`
	LastBuildDate string    `xml:"lastBuildDate,omitempty"`
	Self          rssLink   `xml:"atom:link"`
	Items         []rssItem `xml:"item"`
}

type rssLink struct {
	Href string `xml:"href,attr"`
	Rel  string `xml:"rel,attr"`
	Type string `xml:"type,attr"`
}

type rssItem struct {
	Title       string  `xml:"title"`
	Link        string  `xml:"link"`
	GUID        rssGUID `xml:"guid"`
	PubDate     string  `xml:"pubDate"`
	Description string  `xml:"description"`
	Category    string  `xml:"category"`
	Creator     string  `xml:"dc:creator"`
}

type rssGUID struct {
	IsPermaLink bool   `xml:"isPermaLink,attr"`
	Value       string `xml:",chardata"`
}

// serveFeed writes the outlet's RSS 2.0 feed, newest first, with absolute
// links on the host the request came in on.
func (s *site) serveFeed(w http.ResponseWriter, r *http.Request, o *outlet) {
	base := baseURL(r)
	doc := rssDoc{
		Version: "2.0",
		DC:      "http://purl.org/dc/elements/1.1/",
		Atom:    "http://www.w3.org/2005/Atom",
		Channel: rssChannel{
			Title:       o.Name,
			Link:        base + "/" + o.Prefix + "/",
			Description: o.Tagline,
			Language:    o.Language,
			Self:        rssLink{Href: base + o.FeedPath, Rel: "self", Type: "application/rss+xml"},
		},
	}
	var modified time.Time
	for _, a := range o.Articles {
		if a.Published.After(modified) {
			modified = a.Published
		}
		doc.Channel.Items = append(doc.Channel.Items, rssItem{
			Title:       a.Title,
			Link:        base + a.Path(),
			GUID:        rssGUID{IsPermaLink: true, Value: base + a.Path()},
			PubDate:     a.Published.Format(time.RFC1123Z),
			Description: a.Lead,
			Category:    a.Category.Name,
			Creator:     a.Byline,
		})
	}
	if !modified.IsZero() {
		doc.Channel.LastBuildDate = modified.Format(time.RFC1123Z)
	}
	var buf bytes.Buffer
	buf.WriteString(xml.Header)
	enc := xml.NewEncoder(&buf)
	enc.Indent("", "  ")
	if err := enc.Encode(doc); err != nil {
		http.Error(w, "demo: unable to render feed", http.StatusInternalServerError)
		return
	}
	buf.WriteByte('\n')
	w.Header().Set("Content-Type", "application/rss+xml; charset=utf-8")
	serveBytes(w, r, modified, buf.Bytes())
}

type sitemapDoc struct {
	XMLName xml.Name     `xml:"urlset"`
	NS      string       `xml:"xmlns,attr"`
	URLs    []sitemapURL `xml:"url"`
}

type sitemapURL struct {
	Loc     string `xml:"loc"`
	LastMod string `xml:"lastmod"`
}

// serveSitemap writes the outlet's sitemap, the other way outlets announce
// their articles.
func (s *site) serveSitemap(w http.ResponseWriter, r *http.Request, o *outlet) {
	base := baseURL(r)
	doc := sitemapDoc{NS: "http://www.sitemaps.org/schemas/sitemap/0.9"}
	var modified time.Time
	for _, a := range o.Articles {
		if a.Published.After(modified) {
			modified = a.Published
		}
		doc.URLs = append(doc.URLs, sitemapURL{Loc: base + a.Path(), LastMod: a.Published.Format(time.RFC3339)})
	}
	var buf bytes.Buffer
	buf.WriteString(xml.Header)
	enc := xml.NewEncoder(&buf)
	enc.Indent("", "  ")
	if err := enc.Encode(doc); err != nil {
		http.Error(w, "demo: unable to render sitemap", http.StatusInternalServerError)
		return
	}
	buf.WriteByte('\n')
	w.Header().Set("Content-Type", "application/xml; charset=utf-8")
	serveBytes(w, r, modified, buf.Bytes())
}
