// Package search is the reader's full-text search: one Bleve index holding
// every published translation, with one analyzer per language so that
// stemming and normalisation (Arabic alef and diacritics, Norwegian
// inflection, Catalan elision) apply the same way at index and query time.
//
// User text is never parsed as Bleve query syntax: it is analysed with the
// language's analyzer and every resulting word must match, so quotes,
// operators and stray punctuation cannot make a query fail.
package search

import (
	"context"
	"errors"
	"fmt"
	"html/template"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/analysis/analyzer/keyword"
	"github.com/blevesearch/bleve/v2/analysis/analyzer/standard"
	"github.com/blevesearch/bleve/v2/mapping"
	bsearch "github.com/blevesearch/bleve/v2/search"
	"github.com/blevesearch/bleve/v2/search/query"

	"newsbridge/model"
)

// Limits on what a reader's query may ask for. Deep pages cost Bleve a heap
// of From+PerPage hits, so paging stops at maxOffset; nobody reads page 500.
const (
	// DefaultPerPage is the page size when Query.PerPage is not set.
	DefaultPerPage = 20
	// MaxPerPage caps Query.PerPage; larger values are lowered to it.
	MaxPerPage = 100
	// MaxQueryRunes is the longest Query.Text accepted, in characters.
	MaxQueryRunes = 256
	maxTerms      = 16
	maxOffset     = 10000
	snippetBytes  = 240
	// maxFieldBytes caps what one field contributes to the index: a
	// pathological 50 MB body must not stall a batch.
	maxFieldBytes = 1 << 20
	batchSize     = 500
)

// mappingVersion is stored inside each index; an index built with another
// mapping is refused with ErrIncompatible so the caller rebuilds it.
const mappingVersion = "newsbridge-search-3"

var internalVersionKey = []byte("newsbridge.mapping")

// ErrIncompatible is returned by Open for an index built by another version
// of this package; Rebuild replaces it.
var ErrIncompatible = errors.New("search: index was built with another mapping; rebuild it")

// Doc is one published translation as the index sees it.
type Doc struct {
	ArticleID    int64
	Lang         string // BCP-47 tag of the translation
	Slug         string
	Title        string
	Lead         string
	Body         string // plain text
	Category     string // display name, returned in hits
	CategorySlug string // filter key, matched by Query.Category
	Published    time.Time
}

// DocOf is the search document of a published story.
func DocOf(s *model.Story) Doc {
	return Doc{ArticleID: s.ArticleID, Lang: s.Lang, Slug: s.Slug, Title: s.Title, Lead: s.Lead,
		Body: model.BodyText(s.Blocks), Category: s.Category.Name, CategorySlug: s.Category.Slug, Published: s.Published}
}

// Query is a reader's search in one language.
type Query struct {
	Lang string
	// Text is matched as words: every word (after the language's stop words
	// are dropped) must occur in the title, lead or body. Empty Text lists the
	// newest documents, but only together with a Category or date filter.
	Text string
	// Category is a category slug (Doc.CategorySlug); "" = any.
	Category string
	// From and To bound Published: From <= Published < To; zero = open.
	From, To time.Time
	// Page starts at 1; values below 1 mean 1.
	Page int
	// PerPage defaults to DefaultPerPage and is capped at MaxPerPage.
	PerPage int
}

// Hit is one search result. TitleHTML and SnippetHTML contain no markup but
// <mark>…</mark> around matched words; all other text is HTML-escaped, so
// they are safe to place in a page as they are.
type Hit struct {
	ArticleID   int64
	Slug        string
	Title       string
	TitleHTML   template.HTML
	SnippetHTML template.HTML
	Category    string
	Published   time.Time
	Score       float64
}

// Result is one page of hits.
type Result struct {
	Hits    []Hit
	Total   uint64 // matching documents, all pages
	Page    int
	PerPage int
	Pages   int
	Took    time.Duration
}

// Index is a search index; safe for concurrent use. Rebuild swaps the
// underlying Bleve index of an open Index in place.
type Index struct {
	mu   sync.RWMutex
	idx  bleve.Index
	path string // absolute directory; "" for an in-memory index

	// While Rebuild builds a replacement, every write to this index is also
	// journaled, and replayed onto the replacement when it is swapped in:
	// an article published or withdrawn mid-rebuild is not lost.
	jmu     sync.Mutex
	journal *[]journalOp
}

// journalOp is one write made during a rebuild; obj == nil is a delete.
type journalOp struct {
	id  string
	obj map[string]any
}

// record journals ops if a rebuild is running. Called with ix.mu held
// (read), after the write succeeded, so that the swap, which holds ix.mu
// exclusively, sees every write the old index got.
func (ix *Index) record(ops ...journalOp) {
	ix.jmu.Lock()
	if ix.journal != nil {
		*ix.journal = append(*ix.journal, ops...)
	}
	ix.jmu.Unlock()
}

// opened tracks on-disk indexes open in this process: Bleve would block on
// its own file lock if one were opened twice, and Rebuild must find the
// open Index to swap.
var opened = struct {
	sync.Mutex
	m          map[string]*Index
	rebuilding map[string]bool
}{m: map[string]*Index{}, rebuilding: map[string]bool{}}

// Open opens the index in dir, creating it if dir is missing or empty.
func Open(dir string) (*Index, error) {
	abs, err := filepath.Abs(dir)
	if err != nil {
		return nil, fmt.Errorf("search: unable to resolve %q: %w", dir, err)
	}
	opened.Lock()
	defer opened.Unlock()
	if _, ok := opened.m[abs]; ok {
		return nil, fmt.Errorf("search: index %s is already open in this process", abs)
	}
	idx, err := openOrCreate(abs)
	if err != nil {
		return nil, err
	}
	// Old indexes a Rebuild moved aside but could not delete (it crashed,
	// or the machine stopped) are of no further use.
	if olds, err := filepath.Glob(globEscape(abs) + ".old-*"); err == nil {
		for _, o := range olds {
			os.RemoveAll(o)
		}
	}
	ix := &Index{idx: idx, path: abs}
	opened.m[abs] = ix
	return ix, nil
}

// globEscape escapes the pattern characters of a literal path.
func globEscape(p string) string {
	return strings.NewReplacer(`\`, `\\`, "*", `\*`, "?", `\?`, "[", `\[`).Replace(p)
}

// OpenMem returns an empty in-memory index, for tests.
func OpenMem() (*Index, error) {
	m, err := newMapping()
	if err != nil {
		return nil, err
	}
	idx, err := bleve.NewMemOnly(m)
	if err != nil {
		return nil, fmt.Errorf("search: unable to create memory index: %w", err)
	}
	return &Index{idx: idx}, nil
}

// openOrCreate opens the Bleve index at path or creates it.
func openOrCreate(path string) (bleve.Index, error) {
	if _, err := os.Stat(filepath.Join(path, "index_meta.json")); err == nil {
		// bolt_timeout: another process holding the index makes Open fail
		// after a while instead of waiting forever on the file lock.
		idx, err := bleve.OpenUsing(path, map[string]any{"bolt_timeout": "10s"})
		if err != nil {
			return nil, fmt.Errorf("search: unable to open index %s: %w", path, err)
		}
		v, err := idx.GetInternal(internalVersionKey)
		if err != nil || string(v) != mappingVersion {
			idx.Close()
			return nil, fmt.Errorf("%w (%s has %q, want %q)", ErrIncompatible, path, v, mappingVersion)
		}
		return idx, nil
	}
	if entries, err := os.ReadDir(path); err == nil {
		if len(entries) > 0 {
			return nil, fmt.Errorf("search: %s is not empty and holds no index; refusing to overwrite it", path)
		}
		if err := os.Remove(path); err != nil {
			return nil, fmt.Errorf("search: unable to prepare %s: %w", path, err)
		}
	}
	m, err := newMapping()
	if err != nil {
		return nil, err
	}
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return nil, fmt.Errorf("search: unable to create %s: %w", filepath.Dir(path), err)
	}
	idx, err := bleve.New(path, m)
	if err != nil {
		return nil, fmt.Errorf("search: unable to create index %s: %w", path, err)
	}
	if err := idx.SetInternal(internalVersionKey, []byte(mappingVersion)); err != nil {
		idx.Close()
		return nil, fmt.Errorf("search: unable to stamp index %s: %w", path, err)
	}
	return idx, nil
}

// newMapping declares every field: title_<k>, lead_<k> and body_<k> for each
// analyzer key k, each analysed by that language's analyzer, plus keyword
// filters. Nothing is mapped dynamically, so a stray field costs nothing.
func newMapping() (*mapping.IndexMappingImpl, error) {
	m := bleve.NewIndexMapping()
	if err := addCustomAnalyzers(m); err != nil {
		return nil, fmt.Errorf("search: unable to define analyzers: %w", err)
	}
	m.DefaultAnalyzer = standard.Name
	m.IndexDynamic = false
	m.StoreDynamic = false
	m.DocValuesDynamic = false

	dm := bleve.NewDocumentStaticMapping()
	kw := func(store bool) *mapping.FieldMapping {
		f := bleve.NewKeywordFieldMapping()
		f.Analyzer = keyword.Name
		f.Store = store
		f.IncludeInAll = false
		f.IncludeTermVectors = false
		f.DocValues = false
		return f
	}
	stored := func() *mapping.FieldMapping {
		f := bleve.NewTextFieldMapping()
		f.Index = false
		f.Store = true
		f.IncludeInAll = false
		f.IncludeTermVectors = false
		f.DocValues = false
		return f
	}
	dm.AddFieldMappingsAt("lang", kw(false))
	dm.AddFieldMappingsAt("category_slug", kw(false))
	dm.AddFieldMappingsAt("variant_of", kw(false))
	dm.AddFieldMappingsAt("slug", stored())
	dm.AddFieldMappingsAt("category", stored())
	pub := bleve.NewDateTimeFieldMapping()
	pub.Store = true
	pub.IncludeInAll = false
	pub.DocValues = true // sorting by date
	dm.AddFieldMappingsAt("published", pub)
	for _, k := range allKeys() {
		for _, f := range []string{"title", "lead", "body"} {
			fm := bleve.NewTextFieldMapping()
			fm.Analyzer = analyzerName(k)
			// Snippets are cut from the stored text. No term vectors: the
			// few hits shown are re-analysed to place <mark>, which is far
			// cheaper than reading locations for every matching document.
			fm.Store = true
			fm.IncludeTermVectors = false
			fm.IncludeInAll = false
			fm.DocValues = false
			dm.AddFieldMappingsAt(f+"_"+k, fm)
		}
	}
	m.DefaultMapping = dm
	if err := m.Validate(); err != nil {
		return nil, fmt.Errorf("search: invalid mapping: %w", err)
	}
	return m, nil
}

var langRE = regexp.MustCompile(`^[a-z]{2,3}(-[a-z0-9]{1,8})*$`)

// normLang lower-cases a BCP-47 tag and checks its shape; the result is
// what document ids and the lang field hold.
func normLang(tag string) (string, error) {
	t := strings.ReplaceAll(strings.ToLower(strings.TrimSpace(tag)), "_", "-")
	if t == "" {
		return "", model.Errorf(model.EInvalid, "search: a language is required")
	}
	if len(t) > 35 || !langRE.MatchString(t) {
		return "", model.Errorf(model.EInvalid, "search: %q is not a language tag", clip(tag, 40))
	}
	return t, nil
}

func docID(lang string, id int64) string { return lang + "/" + strconv.FormatInt(id, 10) }

// cleanText makes stored text valid UTF-8 without control characters other
// than line breaks and tabs, and caps its size.
func cleanText(s string, limit int) string {
	if len(s) > limit {
		s = s[:limit]
	}
	s = strings.ToValidUTF8(s, "\uFFFD")
	return strings.Map(func(r rune) rune {
		if r == '\n' || r == '\t' {
			return r
		}
		if unicode.IsControl(r) || r == '\uFFFE' || r == '\uFFFF' {
			return ' '
		}
		return r
	}, s)
}

// toObject validates d and returns its document id and the field map
// Bleve indexes: title, lead and body go to the fields of d's language.
func toObject(d Doc) (string, map[string]any, error) {
	lang, err := normLang(d.Lang)
	if err != nil {
		return "", nil, err
	}
	if d.ArticleID <= 0 {
		return "", nil, model.Errorf(model.EInvalid, "search: article id %d is not valid", d.ArticleID)
	}
	k := analyzerKey(lang)
	obj := map[string]any{
		"lang":          lang,
		"slug":          cleanText(d.Slug, 1024),
		"category":      cleanText(d.Category, 1024),
		"category_slug": cleanText(d.CategorySlug, 1024),
		"title_" + k:    cleanText(d.Title, 64<<10),
		"lead_" + k:     cleanText(d.Lead, maxFieldBytes),
		"body_" + k:     cleanText(d.Body, maxFieldBytes),
	}
	if !d.Published.IsZero() {
		obj["published"] = d.Published.UTC()
	}
	if lang != k {
		// Marks the few documents that share fields with a language of
		// another tag ("nb" and "nn" in the "no" fields, "pt-br" in "pt").
		obj["variant_of"] = k
	}
	return docID(lang, d.ArticleID), obj, nil
}

// Put adds or replaces documents, in batches. It validates every document
// before writing any.
func (ix *Index) Put(docs ...Doc) error {
	items := make([]journalOp, 0, len(docs))
	for _, d := range docs {
		id, obj, err := toObject(d)
		if err != nil {
			return err
		}
		items = append(items, journalOp{id, obj})
	}
	ix.mu.RLock()
	defer ix.mu.RUnlock()
	if ix.idx == nil {
		return errClosed
	}
	for start := 0; start < len(items); start += batchSize {
		b := ix.idx.NewBatch()
		for _, it := range items[start:min(start+batchSize, len(items))] {
			if err := b.Index(it.id, it.obj); err != nil {
				return fmt.Errorf("search: unable to index %s: %w", it.id, err)
			}
		}
		if err := ix.idx.Batch(b); err != nil {
			return fmt.Errorf("search: unable to write batch: %w", err)
		}
		ix.record(items[start:min(start+batchSize, len(items))]...)
	}
	return nil
}

var errClosed = errors.New("search: index is closed")

// Delete removes one translation; deleting a missing one is not an error.
func (ix *Index) Delete(lang string, articleID int64) error {
	l, err := normLang(lang)
	if err != nil {
		return err
	}
	ix.mu.RLock()
	defer ix.mu.RUnlock()
	if ix.idx == nil {
		return errClosed
	}
	if err := ix.idx.Delete(docID(l, articleID)); err != nil {
		return fmt.Errorf("search: unable to delete %s: %w", docID(l, articleID), err)
	}
	ix.record(journalOp{id: docID(l, articleID)})
	return nil
}

// Key names one document: an article's translation into a language.
type Key struct {
	Lang      string
	ArticleID int64
}

// DeleteExcept removes every document whose key is not in keep (an
// article unpublished while no change row told the index) and returns how
// many it removed.
func (ix *Index) DeleteExcept(keep []Key) (int, error) {
	want := make(map[string]bool, len(keep))
	for _, k := range keep {
		if l, err := normLang(k.Lang); err == nil {
			want[docID(l, k.ArticleID)] = true
		}
	}
	ix.mu.RLock()
	defer ix.mu.RUnlock()
	if ix.idx == nil {
		return 0, errClosed
	}
	// Read every id first, then delete: deleting while paging would shift
	// the pages.
	var extra []string
	const page = 1000
	for from := 0; ; from += page {
		req := bleve.NewSearchRequestOptions(bleve.NewMatchAllQuery(), page, from, false)
		req.SortBy([]string{"_id"})
		res, err := ix.idx.Search(req)
		if err != nil {
			return 0, fmt.Errorf("search: unable to list documents: %w", err)
		}
		for _, h := range res.Hits {
			if !want[h.ID] {
				extra = append(extra, h.ID)
			}
		}
		if len(res.Hits) < page {
			break
		}
	}
	if len(extra) == 0 {
		return 0, nil
	}
	b := ix.idx.NewBatch()
	ops := make([]journalOp, len(extra))
	for i, id := range extra {
		b.Delete(id)
		ops[i] = journalOp{id: id}
	}
	if err := ix.idx.Batch(b); err != nil {
		return 0, fmt.Errorf("search: unable to delete documents: %w", err)
	}
	ix.record(ops...)
	return len(extra), nil
}

// Count returns the number of documents in the index, all languages.
func (ix *Index) Count() (uint64, error) {
	ix.mu.RLock()
	defer ix.mu.RUnlock()
	if ix.idx == nil {
		return 0, errClosed
	}
	n, err := ix.idx.DocCount()
	if err != nil {
		return 0, fmt.Errorf("search: unable to count documents: %w", err)
	}
	return n, nil
}

// Close closes the index; later calls return an error.
func (ix *Index) Close() error {
	// Lock order, here as in Rebuild's swap: the registry, then the index.
	if ix.path != "" {
		opened.Lock()
		defer opened.Unlock()
	}
	ix.mu.Lock()
	defer ix.mu.Unlock()
	if ix.path != "" && opened.m[ix.path] == ix {
		delete(opened.m, ix.path)
	}
	if ix.idx == nil {
		return nil
	}
	err := ix.idx.Close()
	ix.idx = nil
	if err != nil {
		return fmt.Errorf("search: unable to close index: %w", err)
	}
	return nil
}

// sanitizeText turns a reader's text into something safe to analyse:
// valid UTF-8, no control characters.
func sanitizeText(s string) (string, error) {
	if utf8.RuneCountInString(s) > MaxQueryRunes {
		return "", model.Errorf(model.EInvalid, "search: the query is too long (at most %d characters)", MaxQueryRunes)
	}
	s = strings.ToValidUTF8(s, " ")
	s = strings.Map(func(r rune) rune {
		if unicode.IsControl(r) {
			return ' '
		}
		return r
	}, s)
	return strings.TrimSpace(s), nil
}

// Search runs q and returns one page of hits, best first (newest first when
// there is no text).
func (ix *Index) Search(ctx context.Context, q Query) (*Result, error) {
	start := time.Now()
	lang, err := normLang(q.Lang)
	if err != nil {
		return nil, err
	}
	text, err := sanitizeText(q.Text)
	if err != nil {
		return nil, err
	}
	page, perPage := q.Page, q.PerPage
	if page < 1 {
		page = 1
	}
	if perPage < 1 {
		perPage = DefaultPerPage
	}
	if perPage > MaxPerPage {
		perPage = MaxPerPage
	}
	if page > maxOffset/perPage {
		return nil, model.Errorf(model.EInvalid, "search: page %d is out of range (at most %d); refine the search", page, maxOffset/perPage)
	}
	if !q.From.IsZero() && !q.To.IsZero() && !q.From.Before(q.To) {
		return nil, model.Errorf(model.EInvalid, "search: the start date must be before the end date")
	}
	hasFilter := q.Category != "" || !q.From.IsZero() || !q.To.IsZero()
	if text == "" && !hasFilter {
		return nil, model.Errorf(model.EInvalid, "search: type the words to search for")
	}

	k := analyzerKey(lang)
	ix.mu.RLock()
	defer ix.mu.RUnlock()
	if ix.idx == nil {
		return nil, errClosed
	}
	res := &Result{Page: page, PerPage: perPage}

	// Only documents of this language. Words are looked up in the
	// language's own fields (title_es, ...), so a text query on a tag that
	// names its fields ("es") only has to exclude the rare variants sharing
	// them, which costs far less than intersecting with a term every
	// document of the language carries. Variants ("nb" and "nn" in the "no"
	// fields, "pt-br") and queries without text select by the lang term.
	var musts []query.Query
	var exclude query.Query
	if lang == k && text != "" {
		v := query.NewTermQuery(k)
		v.SetField("variant_of")
		exclude = v
	} else {
		l := query.NewTermQuery(lang)
		l.SetField("lang")
		musts = append(musts, l)
	}
	if q.Category != "" {
		c := query.NewTermQuery(cleanText(q.Category, 1024))
		c.SetField("category_slug")
		musts = append(musts, c)
	}
	if !q.From.IsZero() || !q.To.IsZero() {
		incl, excl := true, false
		d := query.NewDateRangeInclusiveQuery(q.From.UTC(), q.To.UTC(), &incl, &excl)
		d.SetField("published")
		musts = append(musts, d)
	}
	var terms []string
	if text != "" {
		terms, err = ix.analyze(k, text)
		if err != nil {
			return nil, err
		}
		if len(terms) == 0 {
			// Only stop words or punctuation: nothing can match.
			res.Took = time.Since(start)
			return res, nil
		}
		for _, t := range terms {
			musts = append(musts, termAnyField(k, t))
		}
	}
	var bq query.Query = query.NewConjunctionQuery(musts)
	if exclude != nil {
		bq = query.NewBooleanQuery([]query.Query{bq}, nil, []query.Query{exclude})
	}
	req := bleve.NewSearchRequestOptions(bq, perPage, (page-1)*perPage, false)
	req.Fields = []string{"slug", "category", "published", "title_" + k, "lead_" + k, "body_" + k}
	if len(terms) == 0 {
		req.SortBy([]string{"-published", "_id"})
	}
	// With text, Bleve's default order (score only) is kept: a date
	// tie-break would read the published doc values of every matching
	// document, the largest cost of a query on a common word.
	sr, err := ix.idx.SearchInContext(ctx, req)
	if err != nil {
		if ctx.Err() != nil {
			return nil, fmt.Errorf("search: %w", ctx.Err())
		}
		return nil, fmt.Errorf("search: unable to run query: %w", err)
	}
	res.Total = sr.Total
	res.Pages = int((sr.Total + uint64(perPage) - 1) / uint64(perPage))
	hl := newHighlighter(ix.idx.Mapping().AnalyzerNamed(analyzerName(k)), terms)
	for _, h := range sr.Hits {
		res.Hits = append(res.Hits, toHit(h, k, hl))
	}
	res.Took = time.Since(start)
	return res, nil
}

// termAnyField matches one analysed term in the title, lead or body; a
// match in the title weighs most.
func termAnyField(k, term string) query.Query {
	fields := []struct {
		name  string
		boost float64
	}{{"title_" + k, 3}, {"lead_" + k, 1.5}, {"body_" + k, 1}}
	var qs []query.Query
	for _, f := range fields {
		t := query.NewTermQuery(term)
		t.SetField(f.name)
		t.SetBoost(f.boost)
		qs = append(qs, t)
	}
	return query.NewDisjunctionQuery(qs)
}

// analyze runs the language's analyzer over text and returns its distinct
// terms, at most maxTerms of them.
func (ix *Index) analyze(k, text string) ([]string, error) {
	a := ix.idx.Mapping().AnalyzerNamed(analyzerName(k))
	if a == nil {
		return nil, fmt.Errorf("search: analyzer %q is missing", analyzerName(k))
	}
	seen := map[string]bool{}
	var terms []string
	for _, tok := range a.Analyze([]byte(text)) {
		t := string(tok.Term)
		if t == "" || seen[t] {
			continue
		}
		seen[t] = true
		terms = append(terms, t)
		if len(terms) == maxTerms {
			break
		}
	}
	return terms, nil
}

// toHit converts a Bleve hit, cutting the snippet from the body, or the
// lead when the body has no match.
func toHit(h *bsearch.DocumentMatch, k string, hl *highlighter) Hit {
	str := func(f string) string { s, _ := h.Fields[f].(string); return s }
	hit := Hit{Slug: str("slug"), Category: str("category"), Score: h.Score}
	if i := strings.LastIndexByte(h.ID, '/'); i >= 0 {
		hit.ArticleID, _ = strconv.ParseInt(h.ID[i+1:], 10, 64)
	}
	if p := str("published"); p != "" {
		if t, err := time.Parse(time.RFC3339Nano, p); err == nil {
			hit.Published = t.UTC()
		}
	}
	title, lead, body := str("title_"+k), str("lead_"+k), str("body_"+k)
	hit.Title = title
	hit.TitleHTML = template.HTML(render(title, hl.spans(title, len(title)), 0, len(title)))
	if sps := hl.spans(body, snippetBytes); len(sps) > 0 {
		hit.SnippetHTML = snippet(body, sps, snippetBytes)
	} else if lead != "" {
		hit.SnippetHTML = snippet(lead, hl.spans(lead, snippetBytes), snippetBytes)
	} else {
		hit.SnippetHTML = snippet(body, nil, snippetBytes)
	}
	return hit
}

// clip shortens s for an error message.
func clip(s string, n int) string {
	s = strings.ToValidUTF8(s, "?")
	if len(s) <= n {
		return s
	}
	for n > 0 && !utf8.RuneStart(s[n]) {
		n--
	}
	return s[:n] + "…"
}
