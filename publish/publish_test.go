package publish

import (
	"bytes"
	"compress/gzip"
	"context"
	"fmt"
	"io"
	"io/fs"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	"newsbridge/model"
	"newsbridge/site"
)

// backend is an in-memory site.Backend: stories[lang], newest first.
type backend struct {
	mu      sync.Mutex
	stories map[string][]model.Story
	// moved maps "lang/slug" of an earlier slug to the current one.
	moved map[string]string
}

func (b *backend) Stories(_ context.Context, lang, category string, offset, limit int) ([]model.Story, int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	var all []model.Story
	for _, s := range b.stories[lang] {
		if category == "" || s.Category.Slug == category {
			s.Blocks = nil
			all = append(all, s)
		}
	}
	if offset > len(all) {
		return nil, len(all), nil
	}
	return all[offset:min(len(all), offset+limit)], len(all), nil
}

func (b *backend) Story(_ context.Context, lang, slug string) (*model.Story, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	if cur, ok := b.moved[lang+"/"+slug]; ok {
		slug = cur
	}
	for _, s := range b.stories[lang] {
		if s.Slug == slug {
			return &s, nil
		}
	}
	return nil, model.Errorf(model.ENotFound, "story %q not found", slug)
}

func (b *backend) Categories(_ context.Context, lang string) ([]model.Category, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	seen := map[string]int{}
	var out []model.Category
	for _, s := range b.stories[lang] {
		if i, ok := seen[s.Category.Slug]; ok {
			out[i].Count++
			continue
		}
		seen[s.Category.Slug] = len(out)
		c := s.Category
		c.Count = 1
		out = append(out, c)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Slug < out[j].Slug })
	return out, nil
}

// StoriesBy filters by section and outlet; this backend has no authors.
func (b *backend) StoriesBy(ctx context.Context, lang string, f model.StoryFilter, offset, limit int) ([]model.Story, int, error) {
	if f.Author != "" {
		return nil, 0, nil
	}
	all, _, err := b.Stories(ctx, lang, f.Section, 0, 1<<30)
	var out []model.Story
	for _, s := range all {
		if f.SourceID == 0 || s.SourceID == f.SourceID {
			out = append(out, s)
		}
	}
	total := len(out)
	if offset >= total {
		return nil, total, err
	}
	return out[offset:min(total, offset+limit)], total, err
}

func (b *backend) Author(_ context.Context, slug string) (*model.Author, error) {
	return nil, model.Errorf(model.ENotFound, "no author %q", slug)
}

func (b *backend) Authors(context.Context, string) ([]model.Author, error) { return nil, nil }
func (b *backend) CategorySection(context.Context, string) (string, error) { return "", nil }

// Outlet names the outlet of the first story from it.
func (b *backend) Outlet(ctx context.Context, id int64) (*model.Outlet, error) {
	for _, lang := range []string{"es", "en", "ca", "ar"} {
		list, _, err := b.StoriesBy(ctx, lang, model.StoryFilter{SourceID: id}, 0, 1)
		if err != nil {
			return nil, err
		}
		if len(list) > 0 && list[0].SourceName != "" {
			return &model.Outlet{ID: id, Name: list[0].SourceName, Lang: list[0].SourceLang}, nil
		}
	}
	return nil, model.Errorf(model.ENotFound, "no outlet %d", id)
}

// Outlets lists the outlets with a story in lang.
func (b *backend) Outlets(ctx context.Context, lang string) ([]model.Outlet, error) {
	all, _, err := b.Stories(ctx, lang, "", 0, 1<<30)
	if err != nil {
		return nil, err
	}
	var out []model.Outlet
	seen := map[int64]bool{}
	for _, s := range all {
		if s.SourceID != 0 && s.SourceName != "" && !seen[s.SourceID] {
			seen[s.SourceID] = true
			out = append(out, model.Outlet{ID: s.SourceID, Name: s.SourceName, Lang: s.SourceLang})
		}
	}
	return out, nil
}

func (b *backend) Comments(context.Context, int64, string) ([]model.Comment, error) { return nil, nil }
func (b *backend) AddComment(context.Context, *model.Comment) error                 { return nil }
func (b *backend) CommentStats(context.Context, string, time.Time) (int, int, error) {
	return 0, 0, nil
}

// rename gives an article a new slug in lang (an edited title); the old
// one still finds it.
func (b *backend) rename(lang, old, new string) {
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.moved == nil {
		b.moved = map[string]string{}
	}
	for i := range b.stories[lang] {
		if b.stories[lang][i].Slug == old {
			b.stories[lang][i].Slug = new
			b.moved[lang+"/"+old] = new
		}
	}
}

// remove unpublishes an article in every language.
func (b *backend) remove(slug string) {
	b.mu.Lock()
	defer b.mu.Unlock()
	for lang, ss := range b.stories {
		var keep []model.Story
		for _, s := range ss {
			if s.Slug != slug {
				keep = append(keep, s)
			}
		}
		b.stories[lang] = keep
	}
}

func newBackend(n int) *backend {
	b := &backend{stories: map[string][]model.Story{}}
	t0 := time.Date(2026, 11, 30, 8, 0, 0, 0, time.UTC)
	for _, lang := range []string{"es", "en"} {
		for i := 0; i < n; i++ {
			cat := model.Category{Slug: "world", Name: "World " + lang}
			if i%2 == 1 {
				cat = model.Category{Slug: "sport", Name: "Sport " + lang}
			}
			b.stories[lang] = append(b.stories[lang], model.Story{
				ArticleID: int64(i + 1), Lang: lang, Slug: fmt.Sprintf("story-%d", i+1),
				Title: fmt.Sprintf("Story %d in %s", i+1, lang), Lead: strings.Repeat("A lead sentence. ", 20),
				Category: cat, Published: t0.Add(-time.Duration(i) * time.Hour), Updated: t0,
				Blocks:     []model.Block{{Type: "p", Text: strings.Repeat("Body text of the story. ", 80)}},
				SourceLang: "en", SourceName: "Outlet", SourceSiteURL: "https://outlet.example",
				// One outlet per story: no "More from" list ties one
				// article's page to another's.
				SourceID:    int64(i + 1),
				OriginalURL: fmt.Sprintf("https://outlet.example/%d", i+1), Translated: lang != "en",
				Langs: []string{"en", "es"},
			})
		}
	}
	return b
}

func newSite(t testing.TB, b site.Backend) *site.Site {
	t.Helper()
	s, err := site.New(site.Config{
		BaseURL: "https://news.example", SiteName: "Puente", DefaultLang: "es", Backend: b,
		Languages: []model.Language{
			{Tag: "es", Prefix: "es", Weight: 1, Enabled: true},
			{Tag: "en", Prefix: "en", Weight: 2, Enabled: true},
		},
		Logger: slog.New(slog.NewTextHandler(io.Discard, nil)),
		Now:    func() time.Time { return time.Date(2026, 11, 30, 9, 0, 0, 0, time.UTC) },
	})
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// files lists the directory's files, relative and slash-separated.
func files(t *testing.T, dir string) []string {
	t.Helper()
	var out []string
	filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			rel, _ := filepath.Rel(dir, p)
			out = append(out, filepath.ToSlash(rel))
		}
		return err
	})
	return out
}

func TestFile(t *testing.T) {
	for in, want := range map[string]string{
		"/":                  "index.html",
		"/es/":               "es/index.html",
		"/es/world/":         "es/world/index.html",
		"/es/a/story-1":      "es/a/story-1/index.html",
		"/es/a/v1.2":         "es/a/v1.2/index.html",
		"/es/feed.rss":       "es/feed.rss",
		"/es/world/feed.rss": "es/world/feed.rss",
		"/robots.txt":        "robots.txt",
		"/static/site.1.css": "static/site.1.css",
	} {
		if got := File(in); got != want {
			t.Errorf("File(%q) = %q, want %q", in, got, want)
		}
		if in != "/" && urlOf(want) != in {
			t.Errorf("urlOf(%q) = %q, want %q", want, urlOf(want), in)
		}
	}
}

// TestPublishByteIdentical publishes a site and checks every file against
// what the handler answers for its URL: the plain file byte for byte, the
// .gz copy as the gzip body sent to a reader who accepts it.
func TestPublishByteIdentical(t *testing.T) {
	b := newBackend(6)
	s := newSite(t, b)
	dir := t.TempDir()
	var hooked []string
	hookOut := filepath.Join(t.TempDir(), "hook")
	p, err := New(Config{Dir: dir, Site: s, Hook: "printf '%s\\n' >" + hookOut,
		Log: slog.New(slog.NewTextHandler(io.Discard, nil))})
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	changed, err := p.Publish(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if len(changed) == 0 {
		t.Fatal("nothing published")
	}
	all := files(t, dir)
	want := []string{"robots.txt", "sitemap.xml", "news-sitemap.xml", "es/index.html", "en/index.html",
		"es/a/story-1/index.html", "en/a/story-6/index.html", "es/feed.rss", "es/feed.atom", "es/feed.json",
		"es/world/index.html", "es/sport/feed.atom", "es/sitemap.xml", "es/index.html.gz", "es/a/story-1/index.html.gz",
		"es/outlet/1-outlet/index.html", "en/outlet/6-outlet/feed.json"}
	for _, w := range want {
		if _, err := os.Stat(filepath.Join(dir, w)); err != nil {
			t.Errorf("%s not published: %v (have %v)", w, err, all)
		}
	}
	h := s.Handler()
	gzips := 0
	for _, f := range all {
		if strings.Contains(f, tmpPrefix) {
			t.Errorf("temporary file left: %s", f)
		}
		disk, err := os.ReadFile(filepath.Join(dir, f))
		if err != nil {
			t.Fatal(err)
		}
		gz := strings.HasSuffix(f, ".gz")
		u := urlOf(strings.TrimSuffix(f, ".gz"))
		r := httptest.NewRequest("GET", u, nil)
		if gz {
			r.Header.Set("Accept-Encoding", "gzip")
		}
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, r)
		if rec.Code != 200 {
			t.Errorf("GET %s = %d", u, rec.Code)
			continue
		}
		if !bytes.Equal(rec.Body.Bytes(), disk) {
			t.Errorf("%s differs from GET %s (gzip %v)", f, u, gz)
		}
		if gz {
			gzips++
			zr, err := gzip.NewReader(bytes.NewReader(disk))
			if err != nil {
				t.Fatalf("%s: %v", f, err)
			}
			plain, _ := io.ReadAll(zr)
			orig, _ := os.ReadFile(filepath.Join(dir, strings.TrimSuffix(f, ".gz")))
			if !bytes.Equal(plain, orig) {
				t.Errorf("%s does not unzip to its page", f)
			}
		}
	}
	if gzips == 0 {
		t.Error("no .gz copies")
	}

	// A second pass over unchanged content changes nothing.
	os.Remove(hookOut)
	if changed, err = p.Publish(ctx); err != nil || len(changed) != 0 {
		t.Fatalf("second pass changed %v, %v", changed, err)
	}
	if _, err := os.Stat(hookOut); err == nil {
		t.Error("the hook ran although nothing changed")
	}

	// Unpublishing removes the article in every language and rewrites the
	// lists, feeds and sitemaps that named it; the hook hears of each.
	b.remove("story-2")
	s.Invalidate()
	if changed, err = p.Publish(ctx); err != nil {
		t.Fatal(err)
	}
	for _, f := range []string{"es/a/story-2", "en/a/story-2"} {
		if _, err := os.Stat(filepath.Join(dir, f)); !os.IsNotExist(err) {
			t.Errorf("%s still there after unpublishing (%v)", f, err)
		}
	}
	out, _ := os.ReadFile(hookOut)
	hooked = strings.Fields(string(out))
	for _, u := range []string{"/es/a/story-2", "/en/a/story-2", "/es/", "/es/feed.rss", "/es/sitemap.xml", "/es/sport/"} {
		if !contains(changed, u) || !contains(hooked, u) {
			t.Errorf("%s not reported as changed: %v; hook got %v", u, changed, hooked)
		}
	}
	if contains(changed, "/es/a/story-1") {
		t.Errorf("an untouched article was rewritten: %v", changed)
	}
}

func contains(v []string, s string) bool {
	for _, x := range v {
		if x == s {
			return true
		}
	}
	return false
}

func TestPruneLeftovers(t *testing.T) {
	dir := t.TempDir()
	p, err := New(Config{Dir: dir, Site: newSite(t, newBackend(1)), Log: slog.New(slog.NewTextHandler(io.Discard, nil))})
	if err != nil {
		t.Fatal(err)
	}
	os.MkdirAll(filepath.Join(dir, "es/a/gone"), 0o755)
	os.WriteFile(filepath.Join(dir, "es/a/gone/index.html"), []byte("old"), 0o644)
	os.WriteFile(filepath.Join(dir, "es", tmpPrefix+"123"), []byte("cut"), 0o644)
	changed, err := p.Publish(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if !contains(changed, "/es/a/gone") {
		t.Errorf("removal not reported: %v", changed)
	}
	for _, f := range files(t, dir) {
		if strings.Contains(f, "gone") || strings.Contains(f, tmpPrefix) {
			t.Errorf("%s left", f)
		}
	}
	if _, err := os.Stat(filepath.Join(dir, "es/a/gone")); !os.IsNotExist(err) {
		t.Error("empty directory left")
	}
}

var _ http.Handler = (*site.Site)(nil)

// mediaBackend is a backend that also serves pictures.
type mediaBackend struct {
	*backend
	media map[string][]byte
}

func (b mediaBackend) Media(_ context.Context, name string) ([]byte, string, error) {
	d, ok := b.media[name]
	if !ok {
		return nil, "", model.Errorf(model.ENotFound, "no %s", name)
	}
	return d, "image/jpeg", nil
}

// TestPublishMedia: the processed pictures of published stories are
// written once each, without a .gz copy, and go with their story.
func TestPublishMedia(t *testing.T) {
	b := newBackend(2)
	im := model.Image{Hash: "00112233445566778899aabbccddeeff", Ext: "jpg", Width: 640, Height: 480, Widths: []int{320, 640}}
	for lang := range b.stories {
		b.stories[lang][0].Image = "https://outlet.example/p.jpg"
		b.stories[lang][0].Images = map[string]model.Image{"https://outlet.example/p.jpg": im}
	}
	mb := mediaBackend{backend: b, media: map[string][]byte{
		"00112233445566778899aabbccddeeff-320.jpg": []byte("small jpeg"),
		"00112233445566778899aabbccddeeff-640.jpg": []byte("large jpeg"),
	}}
	dir := t.TempDir()
	p, err := New(Config{Dir: dir, Site: newSite(t, mb), Log: slog.New(slog.NewTextHandler(io.Discard, nil))})
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	changed, err := p.Publish(ctx)
	if err != nil {
		t.Fatal(err)
	}
	for name, want := range mb.media {
		got, err := os.ReadFile(filepath.Join(dir, "media", name))
		if err != nil || string(got) != string(want) {
			t.Errorf("media/%s: %q %v", name, got, err)
		}
		if _, err := os.Stat(filepath.Join(dir, "media", name+".gz")); err == nil {
			t.Errorf("media/%s has a .gz copy", name)
		}
		if !slices.Contains(changed, "/media/"+name) {
			t.Errorf("/media/%s not reported as changed", name)
		}
	}
	// A second pass leaves them be.
	if changed, err = p.Publish(ctx); err != nil || len(changed) != 0 {
		t.Errorf("second pass changed %v (%v)", changed, err)
	}
	b.remove("story-1")
	if _, err = p.Publish(ctx); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(filepath.Join(dir, "media")); err == nil {
		t.Error("the unpublished story's pictures stay")
	}
}

// TestSlugChange: a page whose slug changed is written under the new path
// and its old path's files go (newsbridge answers the old URL with a
// redirect); the hook hears of both.
func TestSlugChange(t *testing.T) {
	b := newBackend(3)
	s := newSite(t, b)
	dir := t.TempDir()
	p, err := New(Config{Dir: dir, Site: s, Log: slog.New(slog.NewTextHandler(io.Discard, nil))})
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	if _, err := p.Publish(ctx); err != nil {
		t.Fatal(err)
	}
	b.rename("en", "story-2", "2-story-two")
	s.Invalidate()
	changed, err := p.Publish(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Contains(changed, "/en/a/story-2") || !slices.Contains(changed, "/en/a/2-story-two") {
		t.Errorf("changed %v", changed)
	}
	got := files(t, dir)
	if slices.Contains(got, "en/a/story-2/index.html") || !slices.Contains(got, "en/a/2-story-two/index.html") ||
		!slices.Contains(got, "es/a/story-2/index.html") {
		t.Errorf("files %v", got)
	}
}
