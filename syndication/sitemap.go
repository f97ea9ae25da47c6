package syndication

import (
	"encoding/xml"
	"fmt"
	"regexp"
	"strings"
	"time"

	"newsbridge/model"
)

// Namespaces used in sitemaps.
const (
	nsSitemap = "http://www.sitemaps.org/schemas/sitemap/0.9"
	nsXHTML   = "http://www.w3.org/1999/xhtml"
	nsNews    = "http://www.google.com/schemas/sitemap-news/0.9"
)

// URLEntry is one page in a sitemap.
type URLEntry struct {
	Loc     string // absolute URL (required)
	LastMod time.Time
	// Alternates are the page's versions in other languages, the page itself
	// included, plus an "x-default" entry, as Google's hreflang rules ask;
	// rendered as xhtml:link rel="alternate".
	Alternates []Alternate
	// News marks the page for Google News (articles of the last two days).
	News *NewsInfo
}

// Alternate is one hreflang alternate of a page.
type Alternate struct {
	HrefLang string // BCP-47 tag or "x-default"
	Href     string // absolute URL
}

// NewsInfo is the Google News part of a sitemap entry.
type NewsInfo struct {
	PublicationName string
	Language        string // ISO 639 code, e.g. "es", "zh-cn"
	Title           string
	Published       time.Time
}

type urlset struct {
	XMLName xml.Name `xml:"urlset"`
	NS      string   `xml:"xmlns,attr"`
	NSXHTML string   `xml:"xmlns:xhtml,attr,omitempty"`
	NSNews  string   `xml:"xmlns:news,attr,omitempty"`
	URLs    []smURL  `xml:"url"`
}

type smURL struct {
	Loc     string    `xml:"loc"`
	LastMod string    `xml:"lastmod,omitempty"`
	Links   []smXLink `xml:"xhtml:link"`
	News    *smNews   `xml:"news:news"`
}

type smXLink struct {
	Rel      string `xml:"rel,attr"`
	HrefLang string `xml:"hreflang,attr"`
	Href     string `xml:"href,attr"`
}

type smNews struct {
	Publication smPublication `xml:"news:publication"`
	Date        string        `xml:"news:publication_date"`
	Title       string        `xml:"news:title"`
}

type smPublication struct {
	Name     string `xml:"news:name"`
	Language string `xml:"news:language"`
}

// newsLangRE is Google News' language form: an ISO 639 code, with the
// two Chinese script variants it names ("zh-cn", "zh-tw").
var newsLangRE = regexp.MustCompile(`^[a-z]{2,3}(-[a-z]{2})?$`)

// Sitemap renders a <urlset>. The xhtml and news namespaces are declared
// only when an entry uses them. More than MaxSitemapURLs entries (or
// MaxNewsURLs news entries) is an error: split them and use SitemapIndex.
func Sitemap(urls []URLEntry) ([]byte, error) {
	if len(urls) > MaxSitemapURLs {
		return nil, model.Errorf(model.EInvalid, "syndication: %d URLs exceed the sitemap limit of %d; split them", len(urls), MaxSitemapURLs)
	}
	doc := urlset{NS: nsSitemap}
	news := 0
	for i, u := range urls {
		loc, err := absURL(fmt.Sprintf("sitemap entry %d", i+1), u.Loc)
		if err != nil {
			return nil, err
		}
		su := smURL{Loc: loc}
		if !u.LastMod.IsZero() {
			su.LastMod = u.LastMod.UTC().Format(time.RFC3339)
		}
		for _, a := range u.Alternates {
			hl, err := hreflang(a.HrefLang)
			if err != nil {
				return nil, err
			}
			href, err := absURL(fmt.Sprintf("alternate %q of %s", hl, loc), a.Href)
			if err != nil {
				return nil, err
			}
			su.Links = append(su.Links, smXLink{Rel: "alternate", HrefLang: hl, Href: href})
			doc.NSXHTML = nsXHTML
		}
		if n := u.News; n != nil {
			news++
			lang := strings.ToLower(strings.TrimSpace(n.Language))
			if !newsLangRE.MatchString(lang) {
				return nil, model.Errorf(model.EInvalid, "syndication: news language %q of %s is not an ISO 639 code", clip(n.Language), loc)
			}
			name, title := oneLine(n.PublicationName), oneLine(n.Title)
			if name == "" || title == "" || n.Published.IsZero() {
				return nil, model.Errorf(model.EInvalid, "syndication: news entry %s needs a publication name, a title and a date", loc)
			}
			su.News = &smNews{
				Publication: smPublication{Name: name, Language: lang},
				Date:        n.Published.UTC().Format(time.RFC3339),
				Title:       title,
			}
			doc.NSNews = nsNews
		}
		doc.URLs = append(doc.URLs, su)
	}
	if news > MaxNewsURLs {
		return nil, model.Errorf(model.EInvalid, "syndication: %d news entries exceed Google News' limit of %d per sitemap", news, MaxNewsURLs)
	}
	return sizeChecked(marshalXML(doc))
}

// hreflang accepts "x-default" or a BCP-47 tag, canonicalised.
func hreflang(s string) (string, error) {
	s = strings.TrimSpace(s)
	if strings.EqualFold(s, "x-default") {
		return "x-default", nil
	}
	l, err := model.ParseLang(s)
	if err != nil {
		return "", model.Errorf(model.EInvalid, "syndication: hreflang %q is not a language tag or x-default", clip(s))
	}
	return l.Tag, nil
}

type sitemapIndex struct {
	XMLName  xml.Name    `xml:"sitemapindex"`
	NS       string      `xml:"xmlns,attr"`
	Sitemaps []smSitemap `xml:"sitemap"`
}

type smSitemap struct {
	Loc     string `xml:"loc"`
	LastMod string `xml:"lastmod,omitempty"`
}

// SitemapIndex renders a <sitemapindex> listing locs, each with lastmod
// (omitted when zero).
func SitemapIndex(locs []string, lastmod time.Time) ([]byte, error) {
	if len(locs) > MaxSitemapURLs {
		return nil, model.Errorf(model.EInvalid, "syndication: %d sitemaps exceed the index limit of %d", len(locs), MaxSitemapURLs)
	}
	doc := sitemapIndex{NS: nsSitemap}
	lm := ""
	if !lastmod.IsZero() {
		lm = lastmod.UTC().Format(time.RFC3339)
	}
	for i, l := range locs {
		loc, err := absURL(fmt.Sprintf("sitemap %d", i+1), l)
		if err != nil {
			return nil, err
		}
		doc.Sitemaps = append(doc.Sitemaps, smSitemap{Loc: loc, LastMod: lm})
	}
	return sizeChecked(marshalXML(doc))
}

func sizeChecked(b []byte, err error) ([]byte, error) {
	if err != nil {
		return nil, err
	}
	if len(b) > MaxSitemapBytes {
		return nil, model.Errorf(model.EInvalid, "syndication: the sitemap is %d bytes, over the 50 MiB limit; split it", len(b))
	}
	return b, nil
}

// RobotsTxt renders robots.txt: every crawler may fetch everything but the
// disallow paths, and each sitemap is announced. Line breaks and control
// characters are removed from the values so no value can add a directive.
func RobotsTxt(sitemapURLs []string, disallow []string) []byte {
	var b strings.Builder
	b.WriteString("User-agent: *\n")
	n := 0
	for _, d := range disallow {
		d = strings.ReplaceAll(oneLine(d), " ", "%20")
		if d == "" {
			continue
		}
		if !strings.HasPrefix(d, "/") && !strings.HasPrefix(d, "*") {
			d = "/" + d
		}
		b.WriteString("Disallow: " + d + "\n")
		n++
	}
	if n == 0 {
		// An empty Disallow is the standard way to say "allow all"; a group
		// must hold at least one rule.
		b.WriteString("Disallow:\n")
	}
	var maps []string
	for _, s := range sitemapURLs {
		if u, err := absURL("sitemap", s); err == nil {
			maps = append(maps, u)
		} // robots.txt has no error channel: a bad URL is left out
	}
	if len(maps) > 0 {
		b.WriteString("\n")
	}
	for _, u := range maps {
		b.WriteString("Sitemap: " + u + "\n")
	}
	return []byte(b.String())
}
