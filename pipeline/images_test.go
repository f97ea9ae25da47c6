package pipeline

import (
	"fmt"
	"slices"
	"testing"

	"newsbridge/model"
)

func TestImageURLs(t *testing.T) {
	a := &model.Article{Image: "https://o.example/main.jpg", Blocks: []model.Block{
		{Type: model.BlockParagraph, Text: "x", Src: "https://o.example/not-a-figure.jpg"},
		{Type: model.BlockFigure, Src: "https://o.example/main.jpg"}, // the main image again
		{Type: model.BlockFigure, Src: " https://o.example/b.png "},
		{Type: model.BlockFigure, Src: "data:image/png;base64,AAAA"},
		{Type: model.BlockFigure, Src: "javascript:alert(1)"},
		{Type: model.BlockFigure, Src: "/relative.jpg"},
		{Type: model.BlockFigure, Src: "ftp://o.example/c.jpg"},
	}}
	if got, want := ImageURLs(a), []string{"https://o.example/main.jpg", "https://o.example/b.png"}; !slices.Equal(got, want) {
		t.Errorf("got %q, want %q", got, want)
	}
	a = &model.Article{}
	for i := range 50 {
		a.Blocks = append(a.Blocks, model.Block{Type: model.BlockFigure, Src: fmt.Sprintf("https://o.example/%d.jpg", i)})
	}
	if n := len(ImageURLs(a)); n != maxImages {
		t.Errorf("%d pictures, want at most %d", n, maxImages)
	}
}
