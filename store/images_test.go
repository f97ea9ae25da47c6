package store_test

import (
	"context"
	"testing"

	"newsbridge/model"
	"newsbridge/store"
)

func TestArticleImages(t *testing.T) {
	eachDB(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		src := mustSource(t, s)
		id, _, err := s.AddArticle(ctx, src.ID, "http://example.test/img.html")
		if err != nil {
			t.Fatal(err)
		}
		a := &model.Article{ID: id, Title: "Con foto", Language: "es", Image: "http://example.test/a.jpg",
			Blocks: []model.Block{{Type: model.BlockParagraph, Text: "Uno."}, {Type: model.BlockFigure, Src: "http://example.test/b.png", Caption: "Pie"}}}
		if err := s.SaveExtracted(ctx, a); err != nil {
			t.Fatal(err)
		}
		if _, err := s.Publish(ctx, id, "es"); err != nil {
			t.Fatal(err)
		}
		urls := []string{"http://example.test/a.jpg", "http://example.test/b.png"}
		if err := s.AddArticleImages(ctx, id, urls); err != nil {
			t.Fatal(err)
		}
		if err := s.AddArticleImages(ctx, id, urls); err != nil {
			t.Fatalf("recording twice: %v", err)
		}
		st, err := s.Story(ctx, "es", a.Slug)
		if err != nil || len(st.Images) != 0 {
			t.Fatalf("pending images must not be shown: %v %v", st, err)
		}
		changes, _ := s.ChangesSince(ctx, 0, 100)
		cursor := changes[len(changes)-1].UpdatedAt

		im := model.Image{Hash: "0123456789abcdef0123456789abcdef", Ext: "jpg", Width: 1024, Height: 640, Widths: []int{320, 640, 1024}}
		files := []store.MediaFile{{Name: "0123456789abcdef0123456789abcdef-320.jpg", ContentType: "image/jpeg", Data: []byte("\xff\xd8\xff one")},
			{Name: "0123456789abcdef0123456789abcdef-640.jpg", ContentType: "image/jpeg", Data: []byte("\xff\xd8\xff two")}}
		if err := s.SaveImage(ctx, id, urls[0], im, files); err != nil {
			t.Fatal(err)
		}
		// The same file for another picture is stored once.
		if err := s.SaveImage(ctx, id, urls[0], im, files); err != nil {
			t.Fatalf("saving again: %v", err)
		}
		if err := s.SetImageError(ctx, id, urls[1], "image: SVG is not served", true); err != nil {
			t.Fatal(err)
		}
		// An error never demotes a ready picture.
		if err := s.SetImageError(ctx, id, urls[0], "late", true); err != nil {
			t.Fatal(err)
		}
		list, err := s.ArticleImages(ctx, id)
		if err != nil || len(list) != 2 {
			t.Fatalf("images: %+v %v", list, err)
		}
		if list[0].Status != model.ImageReady || list[0].Image.Hash != im.Hash || len(list[0].Image.Widths) != 3 || list[0].Error != "" {
			t.Errorf("ready image: %+v", list[0])
		}
		if list[1].Status != model.ImageFailed || list[1].Error != "image: SVG is not served" {
			t.Errorf("failed image: %+v", list[1])
		}
		if got, ok, err := s.ReadyImage(ctx, urls[0]); err != nil || !ok || got.Width != 1024 {
			t.Errorf("ready image by URL: %+v %v %v", got, ok, err)
		}
		if _, ok, err := s.ReadyImage(ctx, urls[1]); err != nil || ok {
			t.Errorf("a failed image is not ready: %v %v", ok, err)
		}
		data, ct, err := s.Media(ctx, files[1].Name)
		if err != nil || ct != "image/jpeg" || string(data) != string(files[1].Data) {
			t.Errorf("media: %q %q %v", data, ct, err)
		}
		if _, _, err := s.Media(ctx, "nope-1.jpg"); model.ErrorCode(err) != model.ENotFound {
			t.Errorf("missing media: %v", err)
		}
		// The page is rendered again: the publication changed.
		changes, _ = s.ChangesSince(ctx, cursor, 100)
		if len(changes) != 1 || changes[0].ArticleID != id {
			t.Errorf("changes after the image: %+v", changes)
		}
		st, err = s.Story(ctx, "es", a.Slug)
		if err != nil || len(st.Images) != 1 || st.Images[urls[0]].Hash != im.Hash {
			t.Fatalf("story images: %+v %v", st.Images, err)
		}
		stories, _, err := s.Stories(ctx, "es", "", 0, 10)
		if err != nil || len(stories) != 1 || stories[0].Images[urls[0]].Width != 1024 {
			t.Fatalf("list images: %+v %v", stories, err)
		}
		of, err := s.StoriesOf(ctx, []store.Change{{ArticleID: id, Lang: "es"}})
		if err != nil || len(of) != 1 || len(of[0].Images) != 1 {
			t.Fatalf("StoriesOf images: %+v %v", of, err)
		}
	})
}
