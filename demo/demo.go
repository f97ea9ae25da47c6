// Package demo is a small sample news outlet of newsbridge's own, served on
// loopback by `newsbridge serve --demo` and followed by the real pipeline
// (fetch → extract → translate → publish), so the whole product can be shown
// and tested without reaching anyone else's site.
//
// It serves three outlets: "El Diario de Ejemplo" in Spanish under /es/
// (articles written for this project), and a small Arabic outlet under /ar/
// and a Norwegian Bokmål one under /nb/, built from the seed texts with their
// defects removed. Pages carry realistic chrome (navigation, share buttons,
// comment count, related links, newsletter box, cookie banner, footer) that
// the extractor must drop, and the metadata it should use (JSON-LD
// NewsArticle, og: tags, rel=canonical, lang, charset).
//
// Everything is embedded and rendered deterministically; absolute URLs are
// built from the request's Host, because the demo server's port is random.
package demo

import (
	"bytes"
	"crypto/sha256"
	"embed"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"html/template"
	"net/http"
	"strings"
	"sync"
	"time"
)

//go:embed templates/*.html
var templateFS embed.FS

// site is the loaded, immutable demo: safe for concurrent reads.
type site struct {
	outlets  []*outlet
	byPrefix map[string]*outlet
	tmpl     *template.Template
	images   map[string]imageSpec
}

var loadSite = sync.OnceValues(func() (*site, error) {
	outs, err := loadOutlets()
	if err != nil {
		return nil, err
	}
	tmpl, err := template.New("demo").ParseFS(templateFS, "templates/*.html")
	if err != nil {
		return nil, fmt.Errorf("demo: unable to parse templates: %w", err)
	}
	for _, name := range []string{"article", "list", "notfound"} {
		if tmpl.Lookup(name) == nil {
			return nil, fmt.Errorf("demo: template %q is not defined", name)
		}
	}
	s := &site{outlets: outs, byPrefix: map[string]*outlet{}, tmpl: tmpl}
	for _, o := range outs {
		s.byPrefix[o.Prefix] = o
	}
	s.images, err = imageIndex(outs)
	if err != nil {
		return nil, err
	}
	return s, nil
})

// Handler serves the sample outlets: for each outlet (prefix es, ar, nb)
// /{prefix}/ (front page), /{prefix}/feed.xml (RSS 2.0),
// /{prefix}/sitemap.xml, /{prefix}/{category}/ and
// /{prefix}/{category}/{slug}.html (article pages); plus / (the list of
// outlets), /images/{name} and /robots.txt. Anything else is a 404.
//
// The embedded content is checked on the first call: a malformed article
// file is a programming error and panics here, at start-up, rather than at
// the first request.
func Handler() http.Handler {
	s, err := loadSite()
	if err != nil {
		panic(err)
	}
	return s
}

func (s *site) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodGet && r.Method != http.MethodHead {
		w.Header().Set("Allow", "GET, HEAD")
		http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
		return
	}
	p := r.URL.Path
	switch {
	case p == "/":
		s.serveRoot(w, r)
		return
	case p == "/robots.txt":
		s.serveRobots(w, r)
		return
	case strings.HasPrefix(p, "/images/"):
		s.serveImage(w, r, strings.TrimPrefix(p, "/images/"))
		return
	}
	parts := strings.Split(strings.TrimPrefix(p, "/"), "/")
	o := s.byPrefix[parts[0]]
	if o == nil {
		s.notFound(w, r, s.outlets[0])
		return
	}
	switch {
	case len(parts) == 1:
		http.Redirect(w, r, "/"+o.Prefix+"/", http.StatusMovedPermanently)
	case len(parts) == 2 && parts[1] == "":
		s.serveList(w, r, o, "", o.Name+" — "+o.Labels.Latest, o.Articles)
	case len(parts) == 2 && parts[1] == "feed.xml":
		s.serveFeed(w, r, o)
	case len(parts) == 2 && parts[1] == "sitemap.xml":
		s.serveSitemap(w, r, o)
	case len(parts) == 3:
		c, ok := o.categoryMap[parts[1]]
		if !ok {
			s.notFound(w, r, o)
			return
		}
		if parts[2] == "" {
			var list []*article
			for _, a := range o.Articles {
				if a.Category == c {
					list = append(list, a)
				}
			}
			s.serveList(w, r, o, c.Slug, c.Name+" — "+o.Name, list)
			return
		}
		for _, a := range o.Articles {
			if a.Category == c && parts[2] == a.Slug+".html" {
				s.serveArticle(w, r, a)
				return
			}
		}
		s.notFound(w, r, o)
	default:
		s.notFound(w, r, o)
	}
}

// baseURL is scheme://host of the request, the base of every absolute URL.
func baseURL(r *http.Request) string {
	scheme := "http"
	if r.TLS != nil {
		scheme = "https"
	}
	return scheme + "://" + r.Host
}

// page is what the templates receive.
type page struct {
	Outlet        *outlet
	Base          string
	Canonical     string
	PageTitle     string
	Article       *article
	Published     string
	PublishedText string
	Image         string
	Locale        string
	JSONLD        template.JS
	Heading       string
	List          []*article
}

func (s *site) render(w http.ResponseWriter, r *http.Request, name string, status int, p *page, modified time.Time) {
	var buf bytes.Buffer
	if err := s.tmpl.ExecuteTemplate(&buf, name, p); err != nil {
		http.Error(w, "demo: unable to render page", http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	if status != http.StatusOK {
		w.WriteHeader(status)
		w.Write(buf.Bytes())
		return
	}
	serveBytes(w, r, modified, buf.Bytes())
}

// serveBytes answers with body, honouring conditional requests (ETag and
// Last-Modified), so the pipeline's conditional GETs can be shown here.
func serveBytes(w http.ResponseWriter, r *http.Request, modified time.Time, body []byte) {
	sum := sha256.Sum256(body)
	w.Header().Set("ETag", `"`+hex.EncodeToString(sum[:8])+`"`)
	w.Header().Set("Cache-Control", "public, max-age=60")
	http.ServeContent(w, r, "", modified, bytes.NewReader(body))
}

func (s *site) serveArticle(w http.ResponseWriter, r *http.Request, a *article) {
	o := a.Outlet
	base := baseURL(r)
	p := &page{
		Outlet:        o,
		Base:          base,
		Canonical:     base + a.Path(),
		PageTitle:     a.Title + " | " + o.Name,
		Article:       a,
		Published:     a.Published.Format(time.RFC3339),
		PublishedText: o.formatDate(a.Published),
		Locale:        locale(o.Language),
	}
	var images []string
	for _, f := range a.Figures {
		images = append(images, base+f.Src())
	}
	if len(images) > 0 {
		p.Image = images[0]
	}
	ld := map[string]any{
		"@context":         "https://schema.org",
		"@type":            "NewsArticle",
		"headline":         a.Title,
		"description":      a.Lead,
		"url":              p.Canonical,
		"mainEntityOfPage": map[string]any{"@type": "WebPage", "@id": p.Canonical},
		"datePublished":    p.Published,
		"dateModified":     p.Published,
		"inLanguage":       o.Language,
		"articleSection":   a.Category.Name,
		"wordCount":        a.WordCount,
		"author":           []map[string]any{{"@type": "Person", "name": a.Byline}},
		"publisher": map[string]any{
			"@type": "Organization",
			"name":  o.Name,
			"logo":  map[string]any{"@type": "ImageObject", "url": base + "/images/logo-" + o.Prefix + ".svg"},
		},
	}
	if len(images) > 0 {
		ld["image"] = images
	}
	if a.SourceURL != "" {
		ld["isBasedOn"] = a.SourceURL
	}
	// json.Marshal escapes <, > and &, so no text can close the script.
	js, err := json.Marshal(ld)
	if err != nil {
		http.Error(w, "demo: unable to render page", http.StatusInternalServerError)
		return
	}
	p.JSONLD = template.JS(js)
	s.render(w, r, "article", http.StatusOK, p, a.Published)
}

func (s *site) serveList(w http.ResponseWriter, r *http.Request, o *outlet, cat, heading string, list []*article) {
	base := baseURL(r)
	path := "/" + o.Prefix + "/"
	if cat != "" {
		path += cat + "/"
	}
	var modified time.Time
	if len(list) > 0 {
		modified = list[0].Published
	}
	s.render(w, r, "list", http.StatusOK, &page{
		Outlet: o, Base: base, Canonical: base + path, PageTitle: heading,
		Heading: heading, List: list,
	}, modified)
}

func (s *site) notFound(w http.ResponseWriter, r *http.Request, o *outlet) {
	base := baseURL(r)
	s.render(w, r, "notfound", http.StatusNotFound, &page{
		Outlet: o, Base: base, Canonical: base + r.URL.Path, PageTitle: o.Labels.NotFoundTitle + " | " + o.Name,
	}, time.Time{})
}

func (s *site) serveRoot(w http.ResponseWriter, r *http.Request) {
	base := baseURL(r)
	var b bytes.Buffer
	b.WriteString("<!DOCTYPE html>\n<html lang=\"en\">\n<head><meta charset=\"utf-8\"><title>newsbridge demo outlets</title></head>\n<body>\n<h1>newsbridge demo outlets</h1>\n<ul>\n")
	for _, o := range s.outlets {
		fmt.Fprintf(&b, "<li lang=\"%s\" dir=\"%s\"><a href=\"/%s/\">%s</a> (<a href=\"%s\">RSS</a>)</li>\n",
			o.Language, o.Dir, o.Prefix, template.HTMLEscapeString(o.Name), template.HTMLEscapeString(base+o.FeedPath))
	}
	b.WriteString("</ul>\n</body>\n</html>\n")
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	serveBytes(w, r, time.Time{}, b.Bytes())
}

func (s *site) serveRobots(w http.ResponseWriter, r *http.Request) {
	base := baseURL(r)
	var b strings.Builder
	// Search and login pages are off limits, as on a real outlet; the
	// pipeline's robots.txt support can be seen refusing them.
	b.WriteString("User-agent: *\n")
	for _, o := range s.outlets {
		fmt.Fprintf(&b, "Disallow: /%s/buscar\nDisallow: /%s/login\n", o.Prefix, o.Prefix)
	}
	b.WriteString("\n")
	for _, o := range s.outlets {
		fmt.Fprintf(&b, "Sitemap: %s/%s/sitemap.xml\n", base, o.Prefix)
	}
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	serveBytes(w, r, time.Time{}, []byte(b.String()))
}

// formatDate writes t the way the outlet's readers write dates.
func (o *outlet) formatDate(t time.Time) string {
	m := o.Labels.Months[t.Month()-1]
	switch o.Language {
	case "es":
		return fmt.Sprintf("%d de %s de %d, %02d:%02d", t.Day(), m, t.Year(), t.Hour(), t.Minute())
	case "nb":
		return fmt.Sprintf("%d. %s %d kl. %02d.%02d", t.Day(), m, t.Year(), t.Hour(), t.Minute())
	default:
		return fmt.Sprintf("%d %s %d", t.Day(), m, t.Year())
	}
}

func locale(lang string) string {
	switch lang {
	case "es":
		return "es_ES"
	case "ar":
		return "ar_AR"
	case "nb":
		return "nb_NO"
	}
	return lang
}
