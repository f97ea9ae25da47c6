package extract

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"newsbridge/model"
)

// corpusCase is the expected output written beside each corpus page by
// bench/extract/gen from hand-written article contents.
type corpusCase struct {
	PageURL     string        `json:"page_url"`
	ContentType string        `json:"content_type"`
	Layout      string        `json:"layout"`
	Article     model.Article `json:"article"`
}

func loadCorpus(t testing.TB) (names []string, cases []corpusCase) {
	t.Helper()
	var files []string
	for _, dir := range []string{"corpus", "holdout", "unseen"} {
		f, err := filepath.Glob(filepath.Join("testdata", dir, "*.json"))
		if err != nil {
			t.Fatal(err)
		}
		files = append(files, f...)
	}
	var err error
	if len(files) < 40 {
		t.Fatalf("corpus: want at least 40 pages, found %d (%v)", len(files), err)
	}
	for _, f := range files {
		raw, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		var c corpusCase
		if err := json.Unmarshal(raw, &c); err != nil {
			t.Fatalf("%s: %v", f, err)
		}
		names = append(names, strings.TrimSuffix(f, ".json"))
		cases = append(cases, c)
	}
	return names, cases
}

// TestCorpus extracts every corpus page and compares every field and every
// block with the hand-written expectation.
func TestCorpus(t *testing.T) {
	names, cases := loadCorpus(t)
	for i, c := range cases {
		name := names[i]
		t.Run(filepath.Base(filepath.Dir(name))+"/"+filepath.Base(name), func(t *testing.T) {
			body, err := os.ReadFile(name + ".html")
			if err != nil {
				t.Fatal(err)
			}
			got, err := ExtractBytes(body, c.ContentType, c.PageURL)
			if err != nil {
				t.Fatalf("ExtractBytes: %v", err)
			}
			for _, d := range diffArticle(got, &c.Article) {
				t.Error(d)
			}
		})
	}
}

func diffArticle(got, want *model.Article) []string {
	var out []string
	field := func(name, g, w string) {
		if g != w {
			out = append(out, fmt.Sprintf("%s:\n   got %q\n  want %q", name, g, w))
		}
	}
	field("url", got.URL, want.URL)
	field("title", got.Title, want.Title)
	field("lead", got.Lead, want.Lead)
	field("byline", got.Byline, want.Byline)
	field("published", got.Published.String(), want.Published.String())
	field("updated", got.Updated.String(), want.Updated.String())
	field("language", got.Language, want.Language)
	field("category", got.Category, want.Category)
	field("image", got.Image, want.Image)
	field("reason", got.Reason, want.Reason)
	n := max(len(got.Blocks), len(want.Blocks))
	for i := 0; i < n; i++ {
		var g, w model.Block
		if i < len(got.Blocks) {
			g = got.Blocks[i]
		}
		if i < len(want.Blocks) {
			w = want.Blocks[i]
		}
		if g != w {
			gj, _ := json.Marshal(g)
			wj, _ := json.Marshal(w)
			out = append(out, fmt.Sprintf("block %d:\n   got %s\n  want %s", i, gj, wj))
			if len(out) > 12 {
				break
			}
		}
	}
	if len(out) == 0 {
		field("text", got.Text, want.Text)
	}
	return out
}
