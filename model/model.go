// Package model holds newsbridge's domain types and the interfaces between
// the pipeline's stages (ingest → extract → translate → publish → serve).
// Every stage depends on this package and on the store, never on another stage.
package model

import (
	"context"
	"strconv"
	"strings"
	"time"
)

// Source is a news outlet that newsbridge follows through a feed.
type Source struct {
	ID       int64
	Name     string
	FeedURL  string
	SiteURL  string
	Language string // BCP-47 tag of the outlet's articles; "" = detect
	Enabled  bool
	// Interval between two polls of the feed.
	Interval time.Duration
	// NextCheckAt is durable: a restart resumes polling where it stopped.
	NextCheckAt   time.Time
	LastCheckedAt time.Time
	ETag          string
	LastModified  string
	// LastError is the last problem met on this source, shown to the operator
	// by `newsbridge source list`; "" when the last poll went well.
	LastError  string
	ErrorCount int
	CreatedAt  time.Time
}

// Article states, in pipeline order.
const (
	ArticleNew       = "new"       // known from a feed, not fetched yet
	ArticleFetched   = "fetched"   // raw HTML stored
	ArticleExtracted = "extracted" // structure stored, ready to translate
	ArticleFailed    = "failed"    // see Article.Error
)

// Article is one original article as extracted from its outlet.
type Article struct {
	ID        int64     `json:"id,omitempty"`
	SourceID  int64     `json:"source_id,omitempty"`
	URL       string    `json:"url"` // canonical URL: the de-duplication key
	Title     string    `json:"title"`
	Lead      string    `json:"lead"`
	Byline    string    `json:"byline"`
	Published time.Time `json:"published,omitzero"`
	Updated   time.Time `json:"updated,omitzero"`
	Language  string    `json:"language"`
	Category  string    `json:"category"`
	// Text is the body as plain text, paragraphs separated by blank lines,
	// without the title.
	Text   string  `json:"text"`
	Blocks []Block `json:"blocks"`
	// Image is the article's main image (absolute URL), if any.
	Image string `json:"image,omitempty"`
	// Reason says why an extraction result is empty (not an article, ...).
	Reason string `json:"reason,omitempty"`

	Status    string    `json:"-"`
	Error     string    `json:"-"`
	Slug      string    `json:"-"`
	CreatedAt time.Time `json:"-"`
	UpdatedAt time.Time `json:"-"`
}

// Block types.
const (
	BlockParagraph = "paragraph"
	BlockHeading   = "heading"
	BlockQuote     = "quote"
	BlockListItem  = "list_item"
	BlockFigure    = "figure"
)

// Block is one unit of an article's body as a reader sees it.
// For a figure only Caption (and Alt) are language; Src never is.
type Block struct {
	Type string `json:"type"`
	Text string `json:"text,omitempty"`
	// HTML is the block's inline markup (a, em, strong, b, i, code), already
	// sanitized; empty when the block is plain text.
	HTML    string `json:"html,omitempty"`
	Src     string `json:"src,omitempty"`
	Alt     string `json:"alt,omitempty"`
	Caption string `json:"caption,omitempty"`
	Credit  string `json:"credit,omitempty"`
	Width   int    `json:"width,omitempty"`
	Height  int    `json:"height,omitempty"`
	Level   int    `json:"level,omitempty"` // heading level 2..6; list nesting
	Ordered bool   `json:"ordered,omitempty"`
}

// Translation is an article rendered into one target language.
type Translation struct {
	ArticleID int64
	Lang      string
	Title     string
	Lead      string
	Byline    string
	Category  string
	Blocks    []Block
	// Route is the chain of languages the text went through, e.g. "en>es>gl".
	Route string
	// Engine names the engine(s) used, e.g. "apertium".
	Engine   string
	Segments []Segment
	// Flags are the quality problems found, one per flagged segment and kind.
	Flags           []Flag
	GlossaryVersion int64
	Stale           bool // the glossary changed since; re-translate
	// State is StateNeedsReview, StateTranslated or StateApproved.
	State string
	// Revision counts the saves of this translation: an edit names the
	// revision it was made on, so that a concurrent one is detected.
	Revision int64
	// ApprovedBy names the editor who approved it ("" if not approved).
	ApprovedBy string
	CreatedAt  time.Time
	UpdatedAt  time.Time
}

// Segment is one translated sentence with where it came from.
type Segment struct {
	Field         string    `json:"field"` // "title", "lead", "block:3", "caption:5", ...
	Source        string    `json:"source"`
	Target        string    `json:"target"`
	Engine        string    `json:"engine,omitempty"`
	EngineVersion string    `json:"engine_version,omitempty"`
	Route         string    `json:"route,omitempty"`
	FromMemory    bool      `json:"from_memory,omitempty"`
	Editor        string    `json:"editor,omitempty"`
	At            time.Time `json:"at"`
	Flags         []string  `json:"flags,omitempty"`
}

// Flag is one quality problem found in a translated segment.
type Flag struct {
	Field   string `json:"field"`
	Kind    string `json:"kind"` // numbers, protected_missing, untranslated, repeated, length_ratio, unknown_word, glossary, name_spelling, brackets, url, end_punctuation
	Message string `json:"message"`
}

// Story is one article as published in one language: the original's fields
// in its own language, the translation's elsewhere. The store reads it, the
// site renders it, the search index and the feeds are built from it.
type Story struct {
	ArticleID int64
	Lang      string
	// Slug is the story's slug in Lang: the source's in the article's own
	// language, made from the translated title elsewhere (see Slugify).
	Slug     string
	Title    string
	Lead     string
	Byline   string
	Category Category
	// Blocks is the body; lists may leave it empty, a single story has it.
	Blocks    []Block
	Image     string // main image, absolute URL; "" when none
	Published time.Time
	Updated   time.Time
	// SourceLang, SourceName, SourceSiteURL and OriginalURL name the outlet
	// and the original article, for the attribution and the notice.
	SourceLang    string
	SourceName    string
	SourceSiteURL string
	OriginalURL   string
	// Translated is false in the source language: no notice is shown then.
	Translated bool
	Route      string // e.g. "en>es>gl"
	Engine     string // e.g. "apertium"; OriginEditor (with Route) when the editors typed it
	// Edited is set when an editor wrote some of the translation's
	// sentences (in it, or in another article through the memory), and
	// Approved when an editor approved it: the notice says so. Only Story
	// and StoriesOf fill them, not the lists.
	Edited   bool
	Approved bool
	// Langs lists the language tags this story is published in, this one
	// included: the language switcher, hreflang links and the sitemaps'
	// alternates come from it.
	Langs []string
	// Slugs maps each language in Langs to the story's slug there, where
	// the backend says it; a language missing from it uses Slug.
	Slugs map[string]string
	// CommentCount is the number of approved comments.
	CommentCount int
	// Authors are the people the byline names, normalised (one entry per
	// person across articles); filled for a single story, not in lists.
	Authors []Author
	// SourceID is the outlet's (for "More from this outlet").
	SourceID int64
	// Images are the story's pictures that newsbridge has processed and
	// serves itself, by the outlet's URL (Image, a figure's Src). A
	// picture not in it (not processed yet, or refused) is not shown:
	// no page links to an outlet's image.
	Images map[string]Image
}

// Image states, for the pictures of an article.
const (
	ImagePending = "pending" // not processed yet (or being retried)
	ImageReady   = "ready"   // served from /media/
	ImageFailed  = "failed"  // see ArticleImage.Error
)

// Image is a picture as newsbridge serves it: stored by content hash in a
// few widths, each at /media/HASH-WIDTH.EXT.
type Image struct {
	Hash string `json:"hash"`
	Ext  string `json:"ext"` // jpg or png
	// Width and Height are the widest variant's; the others keep its
	// aspect ratio.
	Width  int   `json:"width"`
	Height int   `json:"height"`
	Widths []int `json:"widths"` // ascending
}

// Path is the URL path of the variant of width w.
func (im Image) Path(w int) string {
	return "/media/" + im.Hash + "-" + strconv.Itoa(w) + "." + im.Ext
}

// ArticleImage is one picture of an article and what became of it: the
// operator sees why a picture is missing from a page.
type ArticleImage struct {
	ArticleID int64     `json:"article_id"`
	URL       string    `json:"url"` // the outlet's
	Status    string    `json:"status"`
	Error     string    `json:"error,omitempty"`
	Image     Image     `json:"image,omitzero"`
	UpdatedAt time.Time `json:"updated_at"`
}

// ByEditors reports whether the story is a translation the editors typed
// (for a pair no engine reaches), not a machine's.
func (s *Story) ByEditors() bool {
	return s.Translated && s.Engine == OriginEditor && s.Route == OriginEditor
}

// Category is a section of the site in one language: a story's Category
// is the platform's section its outlet's category maps to (Section).
type Category struct {
	Slug string // the same in every language
	Name string // in the story's language
	// Count is the number of stories published in the category, where a
	// list of categories says it.
	Count int
}

// Pair is a language pair an engine translates directly.
type Pair struct {
	From string `json:"from"`
	To   string `json:"to"`
}

func (p Pair) String() string { return p.From + ">" + p.To }

// Engine is a machine-translation engine. Translate receives segments with
// everything that is not language already replaced by placeholders and
// returns exactly one translation per segment, in order.
type Engine interface {
	// Name identifies the engine in routes, provenance and stats.
	Name() string
	// Pairs lists the pairs the engine translates directly.
	Pairs(ctx context.Context) ([]Pair, error)
	// Translate translates req.Texts from req.Pair.From to req.Pair.To.
	Translate(ctx context.Context, req EngineRequest) ([]string, error)
}

// Text formats an engine is asked to translate.
const (
	FormatText = "text" // plain text: the engine must not interpret markup
	FormatHTML = "html" // inline HTML: tags are kept, text inside translated
)

// EngineRequest is one call to an Engine: the pair, the texts and their
// format. Most segments are plain text with placeholders; only blocks with
// inline markup are sent as HTML.
type EngineRequest struct {
	Pair  Pair
	Texts []string
	// Format is FormatText (also when empty) or FormatHTML.
	Format string
}

// TextFormat returns the request's format, FormatText when none is set.
func (r EngineRequest) TextFormat() string {
	if r.Format == FormatHTML {
		return FormatHTML
	}
	return FormatText
}

// WithTexts returns the request for another batch of texts, same pair and
// format.
func (r EngineRequest) WithTexts(texts []string) EngineRequest {
	r.Texts = texts
	return r
}

// GlossaryTerm kinds.
const (
	TermPerson       = "person"
	TermPlace        = "place"
	TermOrganization = "organization"
	TermTerm         = "term"
	TermKeep         = "do-not-translate"
)

// GlossaryTerm modes: what the translator does with a term (as Weblate's
// glossary flags "read-only", "forbidden translation").
const (
	// ModeExact: the term is written as its rendering for the target
	// language, or as the source has it where there is none; the engine
	// never sees it.
	ModeExact = "exact"
	// ModeKeep: the term is written as the source has it in every
	// language, whatever renderings it lists.
	ModeKeep = "do-not-translate"
	// ModeForbidden: the engine translates the term, and the renderings
	// are the ones it must not get: a translation using one is flagged.
	ModeForbidden = "forbidden"
)

// TermModes lists the modes, the default first.
var TermModes = []string{ModeExact, ModeKeep, ModeForbidden}

// GlossaryTerm is a name or term with one rendering per target language.
// Inflected forms of the term (plurals, Nordic definite and genitive
// endings) match it too.
type GlossaryTerm struct {
	ID         int64
	SourceLang string
	Term       string
	Kind       string
	// Mode is ModeExact (also when empty), ModeKeep or ModeForbidden.
	Mode string
	// Renderings maps a target language to the term's one spelling there
	// (ModeForbidden: to the spelling it must not have). A missing
	// language keeps the term as it is.
	Renderings map[string]string
}

// TermMode returns t's mode, ModeExact when unset; a term of kind
// TermKeep (how do-not-translate was written before modes) is ModeKeep.
func (t *GlossaryTerm) TermMode() string {
	switch {
	case t.Mode != "":
		return t.Mode
	case t.Kind == TermKeep:
		return ModeKeep
	}
	return ModeExact
}

// Comment states.
const (
	CommentPending  = "pending"
	CommentApproved = "approved"
	CommentRejected = "rejected"
	CommentSpam     = "spam"
)

// Comment is a reader's plain-text comment on an article in one language.
type Comment struct {
	ID        int64     `json:"id"`
	ArticleID int64     `json:"article_id"`
	Lang      string    `json:"lang"`
	Author    string    `json:"author"`
	Body      string    `json:"body"`
	Status    string    `json:"status"`
	IPHash    string    `json:"-"`
	CreatedAt time.Time `json:"created_at"`
}

// BodyText is an article body as plain text: the blocks' text (a figure's
// caption) separated by blank lines, as `newsbridge extract` writes it.
func BodyText(blocks []Block) string {
	var parts []string
	for _, b := range blocks {
		switch {
		case b.Type == BlockFigure:
			if b.Caption != "" {
				parts = append(parts, b.Caption)
			}
		case b.Text != "":
			parts = append(parts, b.Text)
		}
	}
	return strings.Join(parts, "\n\n")
}

// Section is one of the platform's own sections (the menu readers see),
// defined by the operator: outlets' categories are mapped to sections, so
// a hundred outlets still make one menu.
type Section struct {
	// Slug is the section's URL segment, the same in every language.
	Slug string `json:"slug"`
	// Names maps a language tag to the section's name in it.
	Names map[string]string `json:"names"`
}

// Name returns the section's name in lang: the language's own, else its
// base language's (pt for pt-BR), else English, else any, else the slug.
func (s Section) Name(lang string) string {
	if n := s.Names[lang]; n != "" {
		return n
	}
	if base := BaseLang(lang); base != lang {
		if n := s.Names[base]; n != "" {
			return n
		}
	}
	if n := s.Names["en"]; n != "" {
		return n
	}
	best := ""
	for k, n := range s.Names {
		if n != "" && (best == "" || k < best) {
			best = k
		}
	}
	if best != "" {
		return s.Names[best]
	}
	return s.Slug
}

// Sections are the platform's sections in menu order, the one an article
// goes to when nothing maps its outlet's category, and the configured
// mapping of outlets' categories to sections. Sources seeds the mapping:
// a source whose mapping an admin has edited (kept in the database) no
// longer reads it.
type Sections struct {
	List    []Section    `json:"list"`
	Default string       `json:"default"`
	Sources []SectionMap `json:"sources,omitempty"`
}

// SectionMap maps one outlet's categories to sections.
type SectionMap struct {
	// Source names the outlet: its name or its feed URL.
	Source string `json:"source"`
	// Default is the section of the outlet's articles whose category is
	// not in Categories ("" = the site's default).
	Default string `json:"default,omitempty"`
	// Categories maps a category (its name or slug, as the outlet writes
	// it) to a section's slug.
	Categories map[string]string `json:"categories,omitempty"`
}

// DefaultSections is one section, "news", for a site that defines none.
func DefaultSections() *Sections {
	return &Sections{List: []Section{{Slug: "news", Names: map[string]string{"en": "News"}}}, Default: "news"}
}

// Find returns the section with slug, nil when there is none.
func (s *Sections) Find(slug string) *Section {
	for i := range s.List {
		if s.List[i].Slug == slug {
			return &s.List[i]
		}
	}
	return nil
}

// Slugs lists the sections' slugs in order.
func (s *Sections) Slugs() []string {
	out := make([]string, len(s.List))
	for i, x := range s.List {
		out[i] = x.Slug
	}
	return out
}

// Author is one person who signs articles, across outlets and articles: the
// byline's names are normalised to one key (the slug), so "By Ana Ruiz" and
// "ana  ruíz" are the same author.
type Author struct {
	Slug string
	Name string // as first seen
}

// StoryFilter narrows a list of stories; zero fields do not filter.
type StoryFilter struct {
	Section  string // a section's slug (Story.Category.Slug)
	Author   string // an author's slug
	SourceID int64  // an outlet
}
