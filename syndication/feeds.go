package syndication

import (
	"bytes"
	"encoding/json"
	"encoding/xml"
	"fmt"
	"html"
	"net/url"
	"path"
	"strings"
	"time"

	"newsbridge/model"
)

// Namespaces used in feeds.
const (
	nsAtom    = "http://www.w3.org/2005/Atom"
	nsContent = "http://purl.org/rss/1.0/modules/content/"
	nsDC      = "http://purl.org/dc/elements/1.1/"
	nsMedia   = "http://search.yahoo.com/mrss/"
)

// prepare validates c and returns a copy with every string cleaned and
// every URL checked, so the three renderers share one set of rules.
func prepare(c Channel) (Channel, error) {
	var err error
	out := Channel{
		Title:       oneLine(c.Title),
		Description: oneLine(c.Description),
		Updated:     channelUpdated(c),
	}
	if out.Title == "" {
		return out, model.Errorf(model.EInvalid, "syndication: the feed has no title")
	}
	if out.Description == "" {
		out.Description = out.Title
	}
	if out.Lang, err = langTag(c.Lang); err != nil {
		return out, err
	}
	if out.SiteURL, err = absURL("site URL", c.SiteURL); err != nil {
		return out, err
	}
	if out.SelfURL, err = absURL("feed URL", c.SelfURL); err != nil {
		return out, err
	}
	if out.Updated.IsZero() {
		// An empty feed that never changed: Atom still needs a date.
		out.Updated = time.Unix(0, 0).UTC()
	}
	for i, e := range c.Entries {
		n := Entry{
			Title:       oneLine(e.Title),
			Summary:     strings.TrimSpace(clean(e.Summary)),
			ContentHTML: clean(e.ContentHTML),
			Author:      oneLine(e.Author),
			Category:    oneLine(e.Category),
		}
		n.Published, n.Updated = entryDates(e)
		if n.URL, err = absURL(fmt.Sprintf("entry %d URL", i+1), e.URL); err != nil {
			return out, err
		}
		if n.OriginalURL, err = optURL(fmt.Sprintf("entry %d original URL", i+1), e.OriginalURL); err != nil {
			return out, err
		}
		if n.Image, err = optURL(fmt.Sprintf("entry %d image", i+1), e.Image); err != nil {
			return out, err
		}
		n.ID = oneLine(e.ID)
		if n.ID == "" || !isAbsIRI(n.ID) {
			n.ID = n.URL
		}
		if n.Title == "" {
			// RSS and Atom readers need something to list.
			n.Title = n.URL
		}
		if n.Published.IsZero() {
			n.Published, n.Updated = out.Updated, out.Updated
		}
		out.Entries = append(out.Entries, n)
	}
	return out, nil
}

type rssDoc struct {
	XMLName   xml.Name   `xml:"rss"`
	Version   string     `xml:"version,attr"`
	NSAtom    string     `xml:"xmlns:atom,attr"`
	NSContent string     `xml:"xmlns:content,attr"`
	NSDC      string     `xml:"xmlns:dc,attr"`
	NSMedia   string     `xml:"xmlns:media,attr,omitempty"`
	Channel   rssChannel `xml:"channel"`
}

type rssChannel struct {
	Title         string    `xml:"title"`
	Link          string    `xml:"link"`
	Description   string    `xml:"description"`
	Language      string    `xml:"language"`
	LastBuildDate string    `xml:"lastBuildDate"`
	Generator     string    `xml:"generator"`
	Self          atomLink  `xml:"atom:link"`
	Items         []rssItem `xml:"item"`
}

type atomLink struct {
	Href     string `xml:"href,attr"`
	Rel      string `xml:"rel,attr,omitempty"`
	Type     string `xml:"type,attr,omitempty"`
	HrefLang string `xml:"hreflang,attr,omitempty"`
}

type rssItem struct {
	Title       string      `xml:"title"`
	Link        string      `xml:"link"`
	GUID        rssGUID     `xml:"guid"`
	Description string      `xml:"description,omitempty"`
	Content     string      `xml:"content:encoded,omitempty"`
	Creator     string      `xml:"dc:creator,omitempty"`
	Category    string      `xml:"category,omitempty"`
	PubDate     string      `xml:"pubDate"`
	Source      *rssSource  `xml:"source"`
	Related     *atomLink   `xml:"atom:link"`
	Media       *mediaImage `xml:"media:content"`
}

type rssGUID struct {
	IsPermaLink string `xml:"isPermaLink,attr"`
	Value       string `xml:",chardata"`
}

// rssSource credits the outlet. RSS 2.0 meant <source> for the feed an
// item came from; aggregators show it as "via …", which is the point here.
type rssSource struct {
	URL  string `xml:"url,attr"`
	Name string `xml:",chardata"`
}

type mediaImage struct {
	URL    string `xml:"url,attr"`
	Medium string `xml:"medium,attr"`
	Type   string `xml:"type,attr,omitempty"`
}

// RSS renders c as RSS 2.0 with atom:link rel="self", content:encoded for
// the full text, dc:creator for the author and the original article as
// <source> and an atom:link rel="related".
//
// RSS 2.0 does not say whether <title>, <description> and the author are
// text or HTML, and most readers treat them as HTML. So the plain text is
// escaped for HTML first and then for XML: a lead reading
// "<img onerror=…>" is written &amp;lt;img… and shown as text by every
// reader, never run.
func RSS(c Channel) ([]byte, error) {
	c, err := prepare(c)
	if err != nil {
		return nil, err
	}
	doc := rssDoc{
		Version: "2.0", NSAtom: nsAtom, NSContent: nsContent, NSDC: nsDC,
		Channel: rssChannel{
			Title: html.EscapeString(c.Title), Link: c.SiteURL, Description: html.EscapeString(c.Description),
			Language:      strings.ToLower(c.Lang),
			LastBuildDate: c.Updated.Format(time.RFC1123Z),
			Generator:     generatorName,
			Self:          atomLink{Href: c.SelfURL, Rel: "self", Type: "application/rss+xml"},
		},
	}
	for _, e := range c.Entries {
		it := rssItem{
			Title: html.EscapeString(e.Title), Link: e.URL,
			GUID:        rssGUID{IsPermaLink: "false", Value: e.ID},
			Description: html.EscapeString(e.Summary), Content: e.ContentHTML,
			Creator: html.EscapeString(e.Author), Category: e.Category,
			PubDate: e.Published.Format(time.RFC1123Z),
		}
		if e.ID == e.URL {
			it.GUID.IsPermaLink = "true"
		}
		if e.OriginalURL != "" {
			it.Source = &rssSource{URL: e.OriginalURL, Name: hostOf(e.OriginalURL)}
			it.Related = &atomLink{Href: e.OriginalURL, Rel: "related", Type: "text/html"}
		}
		if e.Image != "" {
			doc.NSMedia = nsMedia
			it.Media = &mediaImage{URL: e.Image, Medium: "image", Type: imageType(e.Image)}
		}
		doc.Channel.Items = append(doc.Channel.Items, it)
	}
	return marshalXML(doc)
}

type atomFeed struct {
	XMLName   xml.Name    `xml:"feed"`
	NS        string      `xml:"xmlns,attr"`
	Lang      string      `xml:"xml:lang,attr"`
	ID        string      `xml:"id"`
	Title     atomText    `xml:"title"`
	Subtitle  *atomText   `xml:"subtitle"`
	Updated   string      `xml:"updated"`
	Links     []atomLink  `xml:"link"`
	Author    atomPerson  `xml:"author"`
	Generator string      `xml:"generator"`
	Entries   []atomEntry `xml:"entry"`
}

type atomText struct {
	Type  string `xml:"type,attr"`
	Value string `xml:",chardata"`
}

// htmlText is plain text as an Atom text construct of type html.
func htmlText(s string) atomText { return atomText{Type: "html", Value: html.EscapeString(s)} }

type atomPerson struct {
	Name string `xml:"name"`
}

type atomCategory struct {
	Term string `xml:"term,attr"`
}

type atomEntry struct {
	ID        string        `xml:"id"`
	Title     atomText      `xml:"title"`
	Links     []atomLink    `xml:"link"`
	Published string        `xml:"published"`
	Updated   string        `xml:"updated"`
	Author    *atomPerson   `xml:"author"`
	Category  *atomCategory `xml:"category"`
	Summary   *atomText     `xml:"summary"`
	Content   *atomText     `xml:"content"`
}

// Atom renders c as Atom 1.0 (RFC 4287) with xml:lang, links
// rel="alternate" and rel="self" for the feed, and per entry rel="alternate"
// (our page), rel="related" (the original article) and rel="enclosure" (the
// image). The feed-level author is the channel, as RFC 4287 requires one
// wherever an entry has none. Titles, the subtitle and summaries are sent
// as type="html" holding the HTML-escaped text: readers that honour the
// type and readers that treat every title as HTML both show the text.
// (Person names have no type in Atom and stay plain text.)
func Atom(c Channel) ([]byte, error) {
	c, err := prepare(c)
	if err != nil {
		return nil, err
	}
	f := atomFeed{
		NS: nsAtom, Lang: c.Lang, ID: c.SelfURL,
		Title:   htmlText(c.Title),
		Updated: c.Updated.Format(time.RFC3339),
		Links: []atomLink{
			{Href: c.SiteURL, Rel: "alternate", Type: "text/html", HrefLang: c.Lang},
			{Href: c.SelfURL, Rel: "self", Type: "application/atom+xml"},
		},
		Author:    atomPerson{Name: c.Title},
		Generator: generatorName,
	}
	if c.Description != c.Title {
		st := htmlText(c.Description)
		f.Subtitle = &st
	}
	for _, e := range c.Entries {
		ae := atomEntry{
			ID:        e.ID,
			Title:     htmlText(e.Title),
			Links:     []atomLink{{Href: e.URL, Rel: "alternate", Type: "text/html"}},
			Published: e.Published.Format(time.RFC3339),
			Updated:   e.Updated.Format(time.RFC3339),
		}
		if e.OriginalURL != "" {
			ae.Links = append(ae.Links, atomLink{Href: e.OriginalURL, Rel: "related", Type: "text/html"})
		}
		if e.Image != "" {
			ae.Links = append(ae.Links, atomLink{Href: e.Image, Rel: "enclosure", Type: imageType(e.Image)})
		}
		if e.Author != "" {
			ae.Author = &atomPerson{Name: e.Author}
		}
		if e.Category != "" {
			ae.Category = &atomCategory{Term: e.Category}
		}
		if e.Summary != "" {
			sum := htmlText(e.Summary)
			ae.Summary = &sum
		}
		if e.ContentHTML != "" {
			ae.Content = &atomText{Type: "html", Value: e.ContentHTML}
		}
		f.Entries = append(f.Entries, ae)
	}
	return marshalXML(f)
}

// jsonFeed follows https://www.jsonfeed.org/version/1.1/.
type jsonFeed struct {
	Version     string     `json:"version"`
	Title       string     `json:"title"`
	HomePageURL string     `json:"home_page_url"`
	FeedURL     string     `json:"feed_url"`
	Description string     `json:"description,omitempty"`
	Language    string     `json:"language"`
	Items       []jsonItem `json:"items"`
}

type jsonItem struct {
	ID            string       `json:"id"`
	URL           string       `json:"url"`
	ExternalURL   string       `json:"external_url,omitempty"`
	Title         string       `json:"title,omitempty"`
	ContentHTML   string       `json:"content_html,omitempty"`
	ContentText   string       `json:"content_text,omitempty"`
	Summary       string       `json:"summary,omitempty"`
	Image         string       `json:"image,omitempty"`
	DatePublished string       `json:"date_published,omitempty"`
	DateModified  string       `json:"date_modified,omitempty"`
	Authors       []jsonAuthor `json:"authors,omitempty"`
	Tags          []string     `json:"tags,omitempty"`
	Language      string       `json:"language,omitempty"`
}

type jsonAuthor struct {
	Name string `json:"name"`
}

// JSONFeed renders c as JSON Feed 1.1, with language, content_html and
// external_url pointing at the original article. An entry without HTML
// content carries its summary (or title) as content_text, since the spec
// requires one of the two.
func JSONFeed(c Channel) ([]byte, error) {
	c, err := prepare(c)
	if err != nil {
		return nil, err
	}
	f := jsonFeed{
		Version: "https://jsonfeed.org/version/1.1",
		Title:   c.Title, HomePageURL: c.SiteURL, FeedURL: c.SelfURL,
		Description: c.Description, Language: c.Lang,
		Items: []jsonItem{}, // "items": [] rather than null for an empty feed
	}
	if f.Description == f.Title {
		f.Description = ""
	}
	for _, e := range c.Entries {
		it := jsonItem{
			ID: e.ID, URL: e.URL, ExternalURL: e.OriginalURL, Title: e.Title,
			ContentHTML: e.ContentHTML, Summary: e.Summary, Image: e.Image,
			DatePublished: e.Published.Format(time.RFC3339),
			DateModified:  e.Updated.Format(time.RFC3339),
		}
		if it.ContentHTML == "" {
			it.ContentText = e.Summary
			if it.ContentText == "" {
				it.ContentText = e.Title
			}
		}
		if e.Author != "" {
			it.Authors = []jsonAuthor{{Name: e.Author}}
		}
		if e.Category != "" {
			it.Tags = []string{e.Category}
		}
		f.Items = append(f.Items, it)
	}
	b, err := json.MarshalIndent(f, "", "  ")
	if err != nil {
		return nil, fmt.Errorf("syndication: unable to encode JSON feed: %w", err)
	}
	return append(b, '\n'), nil
}

// marshalXML encodes v with an XML declaration.
func marshalXML(v any) ([]byte, error) {
	var b bytes.Buffer
	b.WriteString(xml.Header)
	enc := xml.NewEncoder(&b)
	enc.Indent("", "  ")
	if err := enc.Encode(v); err != nil {
		return nil, fmt.Errorf("syndication: unable to encode XML: %w", err)
	}
	b.WriteByte('\n')
	return b.Bytes(), nil
}

// hostOf names an outlet by its host name, "www." dropped.
func hostOf(s string) string {
	u, err := url.Parse(s)
	if err != nil {
		return s
	}
	return strings.TrimPrefix(u.Hostname(), "www.")
}

// imageType guesses an image's media type from its extension; "" if unsure.
func imageType(s string) string {
	u, err := url.Parse(s)
	if err != nil {
		return ""
	}
	return imageTypes[strings.ToLower(path.Ext(u.Path))]
}

// imageTypes is fixed rather than mime.TypeByExtension, whose answers
// depend on the machine's /etc/mime.types.
var imageTypes = map[string]string{
	".jpg": "image/jpeg", ".jpeg": "image/jpeg", ".png": "image/png",
	".gif": "image/gif", ".webp": "image/webp", ".avif": "image/avif",
	".svg": "image/svg+xml",
}
