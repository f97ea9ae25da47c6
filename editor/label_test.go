package editor

import (
	"slices"
	"testing"

	"newsbridge/model"
)

func TestFieldLabels(t *testing.T) {
	blocks := []model.Block{{Type: model.BlockHeading}, {Type: model.BlockParagraph}, {Type: model.BlockFigure}, {Type: model.BlockListItem}}
	got := fieldLabels([]string{"title", "lead", "block:0", "block:1", "block:1", "caption:2", "alt:2", "block:3", "block:9", "odd"}, blocks)
	want := []string{"Title", "Lead", "Block 1 (heading)", "Block 2 (paragraph), sentence 1 of 2", "Block 2 (paragraph), sentence 2 of 2",
		"Block 3 (caption)", "Block 3 (image description)", "Block 4 (list item)", "Block 10", "odd"}
	if !slices.Equal(got, want) {
		t.Errorf("labels:\n got %q\nwant %q", got, want)
	}
}
