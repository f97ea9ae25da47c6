package editor

import (
	"fmt"
	"strconv"
	"strings"

	"newsbridge/model"
)

// fieldLabels names each segment's place in the article for an editor:
// "Title", "Block 3 (paragraph)", "Block 5 (caption)", with "sentence 2 of 3"
// where a field was cut into several segments. fields are the segments'
// fields in order ("title", "block:2", "caption:5"); blocks are the
// article's, which tell a paragraph from a heading.
func fieldLabels(fields []string, blocks []model.Block) []string {
	total := map[string]int{}
	for _, f := range fields {
		total[f]++
	}
	seen := map[string]int{}
	out := make([]string, len(fields))
	for i, f := range fields {
		seen[f]++
		l := fieldLabel(f, blocks)
		if total[f] > 1 {
			l += fmt.Sprintf(", sentence %d of %d", seen[f], total[f])
		}
		out[i] = l
	}
	return out
}

func fieldLabel(f string, blocks []model.Block) string {
	name, num, ok := strings.Cut(f, ":")
	n, err := strconv.Atoi(num)
	if !ok || err != nil || n < 0 {
		switch f {
		case "title", "lead", "category":
			return strings.ToUpper(f[:1]) + f[1:]
		}
		return f
	}
	switch name {
	case "caption":
		return fmt.Sprintf("Block %d (caption)", n+1)
	case "alt":
		return fmt.Sprintf("Block %d (image description)", n+1)
	case "block":
		if n < len(blocks) {
			switch blocks[n].Type {
			case model.BlockParagraph, model.BlockHeading, model.BlockQuote:
				return fmt.Sprintf("Block %d (%s)", n+1, blocks[n].Type)
			case model.BlockListItem:
				return fmt.Sprintf("Block %d (list item)", n+1)
			}
		}
		return fmt.Sprintf("Block %d", n+1)
	}
	return f
}
