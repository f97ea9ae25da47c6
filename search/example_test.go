package search_test

import (
	"context"
	"fmt"
	"time"

	"newsbridge/search"
)

func ExampleIndex_Search() {
	ix, err := search.OpenMem() // search.Open(filepath.Join(dataDir, "search")) in the server
	if err != nil {
		panic(err)
	}
	defer ix.Close()
	err = ix.Put(search.Doc{
		ArticleID: 7, Lang: "nb", Slug: "regjeringen-legger-fram-budsjettet",
		Title: "Regjeringen legger fram budsjettet", Lead: "Avisene skriver om <det>.",
		Category: "Politikk", CategorySlug: "politikk",
		Published: time.Date(2026, 11, 20, 8, 0, 0, 0, time.UTC),
	})
	if err != nil {
		panic(err)
	}
	res, err := ix.Search(context.Background(), search.Query{Lang: "nb", Text: "avis regjering"})
	if err != nil {
		panic(err) // model.ErrorCode(err) == model.EInvalid: show model.ErrorMessage(err)
	}
	for _, h := range res.Hits {
		fmt.Println(h.ArticleID, h.Slug)
		fmt.Println(h.TitleHTML)
		fmt.Println(h.SnippetHTML)
	}
	fmt.Println(res.Total, "hit(s), page", res.Page, "of", res.Pages)
	// Output:
	// 7 regjeringen-legger-fram-budsjettet
	// <mark>Regjeringen</mark> legger fram budsjettet
	// <mark>Avisene</mark> skriver om &lt;det&gt;.
	// 1 hit(s), page 1 of 1
}
