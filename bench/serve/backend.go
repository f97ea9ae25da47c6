package main

import (
	"context"
	"fmt"
	"strings"
	"time"

	"newsbridge/model"
	"newsbridge/site"
)

// slug is the benchmarked article's slug.
const slug = "el-puerto-crece"

// backend is a read-only in-memory site.Backend holding one long article
// (its page renders to about 40 KB) and a few short ones in its category.
type backend struct {
	stories []model.Story
}

var _ site.Backend = (*backend)(nil)

var words = strings.Fields(`el puerto de la ciudad recibió ayer un número récord de barcos según
los datos publicados por la autoridad portuaria que atribuye el crecimiento a las nuevas
terminales y a la recuperación del comercio con los países vecinos mientras los
sindicatos piden más personal para atender la demanda y los vecinos reclaman menos
ruido durante la noche en los muelles cercanos al centro histórico`)

func sentence(i, n int) string {
	var b strings.Builder
	for j := 0; j < n; j++ {
		if j > 0 {
			b.WriteByte(' ')
		}
		b.WriteString(words[(i*7+j*3)%len(words)])
	}
	s := b.String()
	return strings.ToUpper(s[:1]) + s[1:] + "."
}

func newBackend() *backend {
	t0 := time.Date(2026, 11, 22, 9, 0, 0, 0, time.UTC)
	var blocks []model.Block
	for i := 0; i < 57; i++ {
		switch {
		case i%9 == 4:
			blocks = append(blocks, model.Block{Type: model.BlockHeading, Level: 2, Text: sentence(i, 6)})
		case i%11 == 7:
			blocks = append(blocks, model.Block{Type: model.BlockFigure, Src: fmt.Sprintf("https://img.example.org/puerto-%d.jpg", i),
				Alt: sentence(i, 5), Caption: sentence(i+1, 12), Credit: "Foto: Agencia", Width: 1200, Height: 800})
		case i%13 == 10:
			for k := 0; k < 4; k++ {
				blocks = append(blocks, model.Block{Type: model.BlockListItem, Text: sentence(i+k, 9)})
			}
		case i%6 == 2:
			blocks = append(blocks, model.Block{Type: model.BlockQuote, Text: sentence(i, 25)})
		default:
			var p []string
			for k := 0; k < 7; k++ {
				p = append(p, sentence(i*7+k, 18))
			}
			text := strings.Join(p, " ")
			b := model.Block{Type: model.BlockParagraph, Text: text}
			if i%4 == 1 {
				b.HTML = `<strong>` + p[0] + `</strong> ` + strings.Join(p[1:], " ") + ` <a href="https://harbour.example/data">datos</a>`
			}
			blocks = append(blocks, b)
		}
	}
	cat := model.Category{Slug: "economia", Name: "Economía"}
	b := &backend{}
	b.stories = append(b.stories, model.Story{ArticleID: 1, Lang: "es", Slug: slug, Title: "El puerto crece con un récord de barcos",
		Lead: sentence(1, 30), Byline: "Ana Pérez", Category: cat, Blocks: blocks,
		Image: "https://img.example.org/puerto.jpg", Published: t0, Updated: t0.Add(time.Hour),
		SourceLang: "en", SourceName: "The Harbour Times", SourceSiteURL: "https://harbour.example",
		OriginalURL: "https://harbour.example/news/port-record", Translated: true, Route: "en>es", Engine: "apertium",
		Langs: []string{"es", "en", "ar"}, CommentCount: 3})
	// The same story in its source language (en) and in Arabic, so the
	// language switcher, hreflang links and the RTL layout can be checked.
	en := b.stories[0]
	en.Lang, en.Title, en.Lead, en.Translated, en.Category = "en", "The port grows with a record number of ships",
		"The harbour authority reports a record year.", false, model.Category{Slug: "economy", Name: "Economy"}
	en.Blocks = []model.Block{{Type: model.BlockParagraph, Text: "Ships keep arriving at the port."}}
	ar := b.stories[0]
	ar.Lang, ar.Title, ar.Lead, ar.Category = "ar", "الميناء ينمو بعدد قياسي من السفن",
		"أعلنت سلطة الميناء عن عام قياسي.", model.Category{Slug: "economy", Name: "اقتصاد"}
	ar.Blocks = []model.Block{
		{Type: model.BlockParagraph, Text: "استقبل ميناء المدينة أمس عددًا قياسيًا من السفن، وفقًا للبيانات التي نشرتها سلطة الميناء."},
		{Type: model.BlockHeading, Level: 2, Text: "محطات جديدة"},
		{Type: model.BlockParagraph, Text: "يعزو المسؤولون هذا النمو إلى المحطات الجديدة وانتعاش التجارة مع الدول المجاورة."},
		{Type: model.BlockQuote, Text: "نحتاج إلى مزيد من العمال لتلبية الطلب."},
	}
	b.stories = append(b.stories, en, ar)
	for i := 2; i <= 12; i++ {
		b.stories = append(b.stories, model.Story{ArticleID: int64(i), Lang: "es", Slug: fmt.Sprintf("noticia-%d", i),
			Title: sentence(i, 8), Lead: sentence(i+3, 20), Category: cat, Published: t0.Add(-time.Duration(i) * time.Hour),
			SourceLang: "es", Langs: []string{"es"}})
	}
	return b
}

func (b *backend) Stories(_ context.Context, lang, category string, offset, limit int) ([]model.Story, int, error) {
	var out []model.Story
	for _, s := range b.stories {
		if s.Lang == lang && (category == "" || s.Category.Slug == category) {
			s.Blocks = nil
			out = append(out, s)
		}
	}
	total := len(out)
	if offset >= total {
		return nil, total, nil
	}
	return out[offset:min(total, offset+limit)], total, nil
}

func (b *backend) Story(_ context.Context, lang, slug string) (*model.Story, error) {
	for _, s := range b.stories {
		if s.Lang == lang && s.Slug == slug {
			return &s, nil
		}
	}
	return nil, model.Errorf(model.ENotFound, "story not found")
}

func (b *backend) Categories(_ context.Context, lang string) ([]model.Category, error) {
	var out []model.Category
	for _, s := range b.stories {
		if s.Lang == lang && (len(out) == 0 || out[len(out)-1].Slug != s.Category.Slug) {
			out = append(out, s.Category)
		}
	}
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

func (b *backend) Comments(_ context.Context, articleID int64, lang string) ([]model.Comment, error) {
	if articleID != 1 {
		return nil, nil
	}
	t := time.Date(2026, 11, 22, 12, 0, 0, 0, time.UTC)
	return []model.Comment{
		{ID: 1, ArticleID: 1, Lang: lang, Author: "Lucía", Body: "Muy interesante. ¿Hay datos del año pasado?", Status: model.CommentApproved, CreatedAt: t},
		{ID: 2, ArticleID: 1, Lang: lang, Author: "Pere", Body: "El ruido nocturno es un problema real.\nGracias por el artículo.", Status: model.CommentApproved, CreatedAt: t.Add(time.Hour)},
		{ID: 3, ArticleID: 1, Lang: lang, Author: "Marta", Body: "<b>Ojo</b> con las cifras.", Status: model.CommentApproved, CreatedAt: t.Add(2 * time.Hour)},
	}, nil
}

// AddComment accepts and forgets: the benchmark only reads.
func (b *backend) AddComment(context.Context, *model.Comment) error { return nil }

func (b *backend) CommentStats(context.Context, string, time.Time) (int, int, error) {
	return 0, 0, nil
}
