package demo

import (
	"bufio"
	"embed"
	"fmt"
	"html"
	"html/template"
	"io/fs"
	"path"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"
)

// The articles are plain-text files, one per article, so that writers edit
// prose and not markup. Format:
//
//	title: …            header lines, "key: value", until a line "---"
//	category: slug
//	byline: …
//	published: RFC 3339
//	lead: …
//	source: Name | URL  (optional: the original outlet, for republished texts)
//	---
//	Body: blocks separated by blank lines.
//	## Subheading
//	> quoted text            (several lines join into one quote)
//	>- attribution
//	- list item              (or "1. item" for an ordered list)
//	!fig name.jpg 640x360 | alt text | caption | credit
//	anything else is a paragraph; **strong**, *em* and [text](url) inline.
//
//go:embed content
var contentFS embed.FS

// outlet is one sample outlet with its articles, newest first.
type outlet struct {
	Outlet
	Prefix      string // "es", "ar", "nb"
	Dir         string // "ltr" or "rtl"
	Tagline     string
	Categories  []category
	Labels      labels
	Articles    []*article
	categoryMap map[string]category
}

type category struct {
	Slug, Name string
}

// article is one rendered-ready article of the demo outlet.
type article struct {
	Outlet     *outlet
	Slug       string
	Category   category
	Title      string
	Lead       string
	Byline     string
	Published  time.Time
	SourceName string
	SourceURL  string
	Blocks     []block
	Figures    []figure
	WordCount  int
	// Related lists other articles for the page's "related" box, set once
	// at load time (handlers only read it).
	Related []*article
}

// Path is the article's path on the demo server, "/es/economia/slug.html".
func (a *article) Path() string {
	return "/" + a.Outlet.Prefix + "/" + a.Category.Slug + "/" + a.Slug + ".html"
}

type block struct {
	Kind    string        // "p", "h2", "quote", "ul", "ol", "figure"
	HTML    template.HTML // p, h2, quote
	Cite    string        // quote attribution
	Items   []template.HTML
	Figure  figure
	isBlock bool
}

type figure struct {
	Name    string // file name under /images/
	Alt     string
	Caption string
	Credit  string
	Width   int
	Height  int
}

// Src is the figure's path on the demo server.
func (f figure) Src() string { return "/images/" + f.Name }

// The content format's patterns are compiled at first use, as the demo
// site is built (loadSite): other commands never need them.
var figLine = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`^!fig\s+(\S+)\s+(\d+)x(\d+)\s*\|(.*)$`) })

// parseArticle reads one content file.
func parseArticle(o *outlet, name string, data []byte) (*article, error) {
	a := &article{Outlet: o, Slug: strings.TrimSuffix(path.Base(name), ".txt")}
	sc := bufio.NewScanner(strings.NewReader(string(data)))
	sc.Buffer(make([]byte, 64<<10), 1<<20)
	inBody := false
	var body []string
	for sc.Scan() {
		line := strings.TrimRight(sc.Text(), " \t\r")
		if inBody {
			body = append(body, line)
			continue
		}
		if line == "---" {
			inBody = true
			continue
		}
		if line == "" {
			continue
		}
		key, val, ok := strings.Cut(line, ":")
		if !ok {
			return nil, fmt.Errorf("%s: header line %q has no colon", name, line)
		}
		val = strings.TrimSpace(val)
		switch strings.TrimSpace(key) {
		case "title":
			a.Title = val
		case "category":
			c, ok := o.categoryMap[val]
			if !ok {
				return nil, fmt.Errorf("%s: unknown category %q", name, val)
			}
			a.Category = c
		case "byline":
			a.Byline = val
		case "published":
			t, err := time.Parse(time.RFC3339, val)
			if err != nil {
				return nil, fmt.Errorf("%s: published: %w", name, err)
			}
			a.Published = t
		case "lead":
			a.Lead = val
		case "source":
			n, u, _ := strings.Cut(val, "|")
			a.SourceName, a.SourceURL = strings.TrimSpace(n), strings.TrimSpace(u)
		default:
			return nil, fmt.Errorf("%s: unknown header %q", name, key)
		}
	}
	if a.Title == "" || a.Category.Slug == "" || a.Byline == "" || a.Published.IsZero() || a.Lead == "" {
		return nil, fmt.Errorf("%s: title, category, byline, published and lead are required", name)
	}
	blocks, err := parseBody(body)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	a.Blocks = blocks
	for _, b := range blocks {
		if b.Kind == "figure" {
			a.Figures = append(a.Figures, b.Figure)
		}
	}
	a.WordCount = len(strings.Fields(a.Lead)) + countWords(blocks)
	return a, nil
}

func countWords(blocks []block) int {
	n := 0
	for _, b := range blocks {
		switch b.Kind {
		case "p", "h2", "quote":
			n += len(strings.Fields(stripTags(string(b.HTML))))
		case "ul", "ol":
			for _, it := range b.Items {
				n += len(strings.Fields(stripTags(string(it))))
			}
		}
	}
	return n
}

var tagRE = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`<[^>]*>`) })

func stripTags(s string) string { return html.UnescapeString(tagRE().ReplaceAllString(s, "")) }

// parseBody splits the body into blocks at blank lines.
func parseBody(lines []string) ([]block, error) {
	var blocks []block
	var para []string
	flush := func() error {
		if len(para) == 0 {
			return nil
		}
		defer func() { para = nil }()
		first := para[0]
		switch {
		case strings.HasPrefix(first, "## "):
			if len(para) != 1 {
				return fmt.Errorf("heading %q must be one line", first)
			}
			blocks = append(blocks, block{Kind: "h2", HTML: inline(strings.TrimPrefix(first, "## "))})
		case strings.HasPrefix(first, "!fig "):
			for _, l := range para {
				m := figLine().FindStringSubmatch(l)
				if m == nil {
					return fmt.Errorf("bad figure line %q", l)
				}
				parts := strings.Split(m[4], "|")
				if len(parts) != 3 {
					return fmt.Errorf("figure %q needs alt | caption | credit", m[1])
				}
				w, _ := strconv.Atoi(m[2])
				h, _ := strconv.Atoi(m[3])
				blocks = append(blocks, block{Kind: "figure", Figure: figure{
					Name: m[1], Width: w, Height: h,
					Alt:     strings.TrimSpace(parts[0]),
					Caption: strings.TrimSpace(parts[1]),
					Credit:  strings.TrimSpace(parts[2]),
				}})
			}
		case strings.HasPrefix(first, ">"):
			var text []string
			var cite string
			for _, l := range para {
				switch {
				case strings.HasPrefix(l, ">-"):
					cite = strings.TrimSpace(strings.TrimPrefix(l, ">-"))
				case strings.HasPrefix(l, ">"):
					text = append(text, strings.TrimSpace(strings.TrimPrefix(l, ">")))
				default:
					return fmt.Errorf("quote line %q must start with >", l)
				}
			}
			blocks = append(blocks, block{Kind: "quote", HTML: inline(strings.Join(text, " ")), Cite: cite})
		case strings.HasPrefix(first, "- "), olItem().MatchString(first):
			kind := "ul"
			if olItem().MatchString(first) {
				kind = "ol"
			}
			b := block{Kind: kind}
			for _, l := range para {
				switch {
				case kind == "ul" && strings.HasPrefix(l, "- "):
					b.Items = append(b.Items, inline(strings.TrimPrefix(l, "- ")))
				case kind == "ol" && olItem().MatchString(l):
					b.Items = append(b.Items, inline(olItem().ReplaceAllString(l, "")))
				case len(b.Items) > 0:
					// A continuation line of the item above.
					b.Items[len(b.Items)-1] += " " + inline(strings.TrimSpace(l))
				}
			}
			blocks = append(blocks, b)
		default:
			blocks = append(blocks, block{Kind: "p", HTML: inline(strings.Join(para, " "))})
		}
		return nil
	}
	for _, l := range lines {
		if strings.TrimSpace(l) == "" {
			if err := flush(); err != nil {
				return nil, err
			}
			continue
		}
		para = append(para, strings.TrimSpace(l))
	}
	if err := flush(); err != nil {
		return nil, err
	}
	if len(blocks) == 0 {
		return nil, fmt.Errorf("empty body")
	}
	return blocks, nil
}

var (
	olItem   = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`^\d+\.\s+`) })
	linkRE   = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`\[([^\]]+)\]\((https?://[^)\s]+)\)`) })
	strongRE = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`\*\*([^*]+)\*\*`) })
	emRE     = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`\*([^*\s][^*]*)\*`) })
)

// inline escapes s and turns **strong**, *em* and [text](http…) into
// markup. The text is escaped first, so nothing in the content can inject
// tags; link targets are limited to http(s) by the pattern.
func inline(s string) template.HTML {
	s = html.EscapeString(s)
	s = linkRE().ReplaceAllString(s, `<a href="$2">$1</a>`)
	s = strongRE().ReplaceAllString(s, `<strong>$1</strong>`)
	s = emRE().ReplaceAllString(s, `<em>$1</em>`)
	return template.HTML(s)
}

// loadOutlets reads every outlet's articles from contentFS.
func loadOutlets() ([]*outlet, error) {
	outs := sampleOutlets()
	for _, o := range outs {
		o.categoryMap = map[string]category{}
		for _, c := range o.Categories {
			o.categoryMap[c.Slug] = c
		}
		dir := "content/" + o.Prefix
		entries, err := fs.ReadDir(contentFS, dir)
		if err != nil {
			return nil, fmt.Errorf("demo: unable to read %s: %w", dir, err)
		}
		seen := map[string]bool{}
		for _, e := range entries {
			if e.IsDir() || !strings.HasSuffix(e.Name(), ".txt") {
				continue
			}
			data, err := contentFS.ReadFile(dir + "/" + e.Name())
			if err != nil {
				return nil, fmt.Errorf("demo: unable to read %s: %w", e.Name(), err)
			}
			a, err := parseArticle(o, e.Name(), data)
			if err != nil {
				return nil, fmt.Errorf("demo: %s: %w", o.Prefix, err)
			}
			if seen[a.Slug] {
				return nil, fmt.Errorf("demo: %s: duplicate slug %q", o.Prefix, a.Slug)
			}
			seen[a.Slug] = true
			o.Articles = append(o.Articles, a)
		}
		// Newest first, ties by slug: the order must not depend on the
		// directory listing.
		sort.Slice(o.Articles, func(i, j int) bool {
			ai, aj := o.Articles[i], o.Articles[j]
			if !ai.Published.Equal(aj.Published) {
				return ai.Published.After(aj.Published)
			}
			return ai.Slug < aj.Slug
		})
		for _, a := range o.Articles {
			a.Related = a.related(4)
		}
	}
	return outs, nil
}

// related returns up to n other articles, same category first.
func (a *article) related(n int) []*article {
	var same, other []*article
	for _, b := range a.Outlet.Articles {
		if b == a {
			continue
		}
		if b.Category == a.Category {
			same = append(same, b)
		} else {
			other = append(other, b)
		}
	}
	out := append(same, other...)
	if len(out) > n {
		out = out[:n]
	}
	return out
}
