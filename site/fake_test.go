package site

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"maps"
	"net/http"
	"net/http/httptest"
	"slices"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	"newsbridge/model"
)

// fakeBackend is an in-memory Backend: stories[lang] newest first.
type fakeBackend struct {
	mu       sync.Mutex
	stories  map[string][]model.Story
	comments []model.Comment
	calls    int // Story calls, to see the cache at work
	// aliases maps "lang/slug" of an earlier slug to the story's current
	// one, as the store resolves them.
	aliases map[string]string
	// media are the pictures the site serves under /media/, by name.
	media map[string][]byte
	// oldCategories maps outlets' category slugs to sections.
	oldCategories map[string]string
	// outletNames renames outlets, by id.
	outletNames map[int64]string
}

var (
	_ Backend      = (*fakeBackend)(nil)
	_ MediaBackend = (*fakeBackend)(nil)
)

func (f *fakeBackend) Media(_ context.Context, name string) ([]byte, string, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	b, ok := f.media[name]
	if !ok {
		return nil, "", model.Errorf(model.ENotFound, "no %s", name)
	}
	return b, "application/octet-stream", nil
}

// portPhoto is the processed picture of the outlet's p.jpg.
var portPhoto = model.Image{Hash: "0123456789abcdef0123456789abcdef", Ext: "jpg", Width: 1024, Height: 768, Widths: []int{320, 640, 1024}}

func (f *fakeBackend) Stories(ctx context.Context, lang, category string, offset, limit int) ([]model.Story, int, error) {
	return f.StoriesBy(ctx, lang, model.StoryFilter{Section: category}, offset, limit)
}

func (f *fakeBackend) StoriesBy(_ context.Context, lang string, flt model.StoryFilter, offset, limit int) ([]model.Story, int, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	var all []model.Story
	for _, s := range f.stories[lang] {
		if (flt.Section == "" || s.Category.Slug == flt.Section) && (flt.SourceID == 0 || s.SourceID == flt.SourceID) &&
			(flt.Author == "" || slices.ContainsFunc(s.Authors, func(a model.Author) bool { return a.Slug == flt.Author })) {
			s.Blocks = nil
			s.Authors = nil // lists leave them out, as the store's do
			all = append(all, s)
		}
	}
	if offset < 0 || limit < 0 {
		return nil, 0, fmt.Errorf("fake: bad offset %d or limit %d", offset, limit)
	}
	if offset > len(all) {
		return nil, len(all), nil
	}
	return all[offset:min(len(all), offset+limit)], len(all), nil
}

func (f *fakeBackend) Story(_ context.Context, lang, slug string) (*model.Story, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.calls++
	if cur, ok := f.aliases[lang+"/"+slug]; ok {
		slug = cur
	}
	for _, s := range f.stories[lang] {
		if s.Slug == slug {
			return &s, nil
		}
	}
	return nil, model.Errorf(model.ENotFound, "story %q not found", slug)
}

func (f *fakeBackend) Categories(_ context.Context, lang string) ([]model.Category, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	m := map[string]*model.Category{}
	var out []model.Category
	for _, s := range f.stories[lang] {
		if s.Category.Slug == "" {
			continue
		}
		if c, ok := m[s.Category.Slug]; ok {
			c.Count++
			continue
		}
		c := s.Category
		c.Count = 1
		m[c.Slug] = &c
	}
	for _, c := range m {
		out = append(out, *c)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Slug < out[j].Slug })
	return out, nil
}

func (f *fakeBackend) Author(_ context.Context, slug string) (*model.Author, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	for _, list := range f.stories {
		for _, s := range list {
			for _, a := range s.Authors {
				if a.Slug == slug {
					return &a, nil
				}
			}
		}
	}
	return nil, model.Errorf(model.ENotFound, "no author %q", slug)
}

func (f *fakeBackend) Authors(_ context.Context, lang string) ([]model.Author, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	seen := map[string]bool{}
	var out []model.Author
	for _, s := range f.stories[lang] {
		for _, a := range s.Authors {
			if !seen[a.Slug] {
				seen[a.Slug] = true
				out = append(out, a)
			}
		}
	}
	return out, nil
}

// Outlet names an outlet by the first story that carries its name; the
// language of its name is that story's source language.
func (f *fakeBackend) Outlet(_ context.Context, id int64) (*model.Outlet, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if name, ok := f.outletNames[id]; ok {
		return &model.Outlet{ID: id, Name: name}, nil
	}
	for _, lang := range slices.Sorted(maps.Keys(f.stories)) {
		for _, s := range f.stories[lang] {
			if s.SourceID == id && s.SourceName != "" {
				return &model.Outlet{ID: id, Name: s.SourceName, Lang: s.SourceLang}, nil
			}
		}
	}
	return nil, model.Errorf(model.ENotFound, "no outlet %d", id)
}

func (f *fakeBackend) Outlets(ctx context.Context, lang string) ([]model.Outlet, error) {
	f.mu.Lock()
	var ids []int64
	for _, s := range f.stories[lang] {
		if s.SourceID != 0 && !slices.Contains(ids, s.SourceID) {
			ids = append(ids, s.SourceID)
		}
	}
	f.mu.Unlock()
	slices.Sort(ids)
	var out []model.Outlet
	for _, id := range ids {
		o, err := f.Outlet(ctx, id)
		if err != nil {
			return nil, err
		}
		out = append(out, *o)
	}
	return out, nil
}

func (f *fakeBackend) CategorySection(_ context.Context, slug string) (string, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.oldCategories[slug], nil
}

func (f *fakeBackend) Comments(_ context.Context, articleID int64, lang string) ([]model.Comment, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	var out []model.Comment
	for _, c := range f.comments {
		if c.ArticleID == articleID && c.Lang == lang && c.Status == model.CommentApproved {
			out = append(out, c)
		}
	}
	return out, nil
}

func (f *fakeBackend) AddComment(_ context.Context, c *model.Comment) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	c.ID = int64(len(f.comments) + 1)
	f.comments = append(f.comments, *c)
	return nil
}

func (f *fakeBackend) CommentStats(_ context.Context, ipHash string, since time.Time) (recent, pending int, err error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	for _, c := range f.comments {
		if c.IPHash == ipHash && !c.CreatedAt.Before(since) {
			recent++
		}
		if c.Status == model.CommentPending {
			pending++
		}
	}
	return recent, pending, nil
}

var testLangs = []model.Language{
	{Tag: "es", Name: "Español", Dir: "ltr", Prefix: "es", Weight: 1, Enabled: true},
	{Tag: "en", Name: "English", Dir: "ltr", Prefix: "en", Weight: 2, Enabled: true},
	{Tag: "ar", Name: "العربية", Dir: "rtl", Prefix: "ar", Weight: 3, Enabled: true},
	{Tag: "nb", Name: "Norsk bokmål", Dir: "ltr", Prefix: "nb", Weight: 4, Enabled: true},
	{Tag: "gl", Name: "Galego", Dir: "ltr", Prefix: "gl", Weight: 5, Enabled: false},
}

var t0 = time.Date(2026, 4, 5, 10, 30, 0, 0, time.UTC)

// newFake holds one story, "puerto", in es (translated), en (source) and ar
// (translated), with every block type, plus filler stories in es for paging.
func newFake() *fakeBackend {
	f := &fakeBackend{stories: map[string][]model.Story{}, oldCategories: map[string]string{"sports": "deportes"}, media: map[string][]byte{
		"0123456789abcdef0123456789abcdef-640.jpg": []byte("\xff\xd8\xff\xe0 a JPEG"),
	}}
	blocks := []model.Block{
		{Type: model.BlockParagraph, Text: "El lead del artículo."}, // repeats the lead: must be dropped
		{Type: model.BlockParagraph, Text: "Primer párrafo.", HTML: `Primer <a href="https://example.org/x">párrafo</a> <em>importante</em>.`},
		{Type: model.BlockHeading, Text: "Subtítulo", Level: 3},
		{Type: model.BlockQuote, Text: "Una cita."},
		{Type: model.BlockListItem, Text: "uno"},
		{Type: model.BlockListItem, Text: "dos"},
		{Type: model.BlockListItem, Text: "primero", Ordered: true},
		{Type: model.BlockFigure, Src: "https://img.example.org/p.jpg", Alt: "El puerto", Caption: "El puerto al alba", Credit: "Foto: Ana", Width: 800, Height: 600},
		{Type: model.BlockParagraph, Text: "Último párrafo."},
	}
	mk := func(lang, title string, translated bool) model.Story {
		return model.Story{ArticleID: 1, Lang: lang, Slug: "puerto", Title: title, Lead: "El lead del artículo.",
			Byline: "Ana Pérez", Category: model.Category{Slug: "economia", Name: "Economía"}, Blocks: blocks,
			Image: "https://img.example.org/p.jpg", Published: t0, Updated: t0.Add(time.Hour),
			SourceLang: "en", SourceName: "The Harbour Times", SourceSiteURL: "https://harbour.example",
			OriginalURL: "https://harbour.example/news/port", Translated: translated,
			Route: "en>es", Engine: "apertium", Langs: []string{"es", "en", "ar"}, CommentCount: 2,
			Authors: []model.Author{{Slug: "ana-perez", Name: "Ana Pérez"}}, SourceID: 7,
			Images: map[string]model.Image{"https://img.example.org/p.jpg": portPhoto}}
	}
	f.stories["es"] = append(f.stories["es"], mk("es", "El puerto crece", true))
	f.stories["en"] = append(f.stories["en"], mk("en", "The port grows", false))
	ar := mk("ar", "الميناء ينمو", true)
	ar.Category = model.Category{Slug: "economia", Name: "اقتصاد"}
	f.stories["ar"] = append(f.stories["ar"], ar)
	for i := 2; i <= 25; i++ {
		f.stories["es"] = append(f.stories["es"], model.Story{ArticleID: int64(i), Lang: "es",
			Slug: fmt.Sprintf("noticia-%d", i), Title: fmt.Sprintf("Noticia %d", i),
			Category:  model.Category{Slug: "deportes", Name: "Deportes"},
			Published: t0.Add(-time.Duration(i) * time.Hour), SourceLang: "es", Langs: []string{"es"}})
	}
	// Noticias 2 and 3 are Ana Pérez's too, from the same outlet; 4 is
	// from the same outlet by someone else.
	for i, a := range []model.Author{{Slug: "ana-perez", Name: "Ana Pérez"}, {Slug: "ana-perez", Name: "Ana Pérez"}, {Slug: "luis-gil", Name: "Luis Gil"}} {
		f.stories["es"][i+1].Authors = []model.Author{a}
		f.stories["es"][i+1].SourceID = 7
	}
	return f
}

func newTestSite(t testing.TB, f Backend, mod func(*Config)) *Site {
	t.Helper()
	cfg := Config{BaseURL: "https://news.example", SiteName: "Puente", Languages: testLangs,
		DefaultLang: "es", Backend: f, Logger: slog.New(slog.NewTextHandler(io.Discard, nil)),
		Now: func() time.Time { return t0.Add(2 * time.Hour) }}
	if mod != nil {
		mod(&cfg)
	}
	s, err := New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// get performs a request against the site's handler.
func get(t testing.TB, h http.Handler, path string, hdr ...string) *httptest.ResponseRecorder {
	t.Helper()
	r := httptest.NewRequest("GET", path, nil)
	for i := 0; i+1 < len(hdr); i += 2 {
		r.Header.Set(hdr[i], hdr[i+1])
	}
	w := httptest.NewRecorder()
	h.ServeHTTP(w, r)
	return w
}

func mustContain(t *testing.T, body string, wants ...string) {
	t.Helper()
	for _, w := range wants {
		if !strings.Contains(body, w) {
			t.Errorf("body lacks %q", w)
		}
	}
}

func mustNotContain(t *testing.T, body string, bad ...string) {
	t.Helper()
	for _, w := range bad {
		if strings.Contains(body, w) {
			t.Errorf("body contains %q", w)
		}
	}
}
