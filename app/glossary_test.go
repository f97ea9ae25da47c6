package app_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"newsbridge/app"
	"newsbridge/model"
)

// TestGlossaryChangeRetranslates publishes an article, then adds a glossary
// term it mentions: the affected translation is queued again, comes back
// with the glossary's rendering everywhere, and is republished.
func TestGlossaryChangeRetranslates(t *testing.T) {
	requireApertium(t)
	srv := outlet(t)
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	defer cancel()
	a, err := app.Open(ctx, testConfig(t, ""), app.Options{Work: true})
	if err != nil {
		t.Fatal(err)
	}
	defer a.Close()
	if _, err := a.AddSource(ctx, srv.URL+"/feed.xml", "Diario", "es", time.Hour); err != nil {
		t.Fatal(err)
	}
	if _, err := a.RunOnce(ctx, nil); err != nil {
		t.Fatal(err)
	}
	arts, _ := a.Store.Articles(ctx, storeFilter(0))
	var id int64
	for _, ar := range arts {
		if strings.HasSuffix(ar.URL, "/a1.html") {
			id = ar.ID
		}
	}
	before, _, err := a.Store.Translation(ctx, id, "ca")
	if err != nil {
		t.Fatal(err)
	}
	n, err := a.SaveTerm(ctx, &model.GlossaryTerm{SourceLang: "es", Term: "Valdemora", Kind: model.TermPlace, Renderings: map[string]string{"ca": "Valldemora"}})
	if err != nil {
		t.Fatal(err)
	}
	if n < 2 {
		t.Fatalf("%d translations queued, want the Catalan ones of every article naming Valdemora", n)
	}
	if _, err := a.RunOnce(ctx, nil); err != nil {
		t.Fatal(err)
	}
	after, _, err := a.Store.Translation(ctx, id, "ca")
	if err != nil {
		t.Fatal(err)
	}
	if after.Stale || !after.UpdatedAt.After(before.UpdatedAt) {
		t.Fatalf("the translation was not redone: stale %v, updated %v → %v", after.Stale, before.UpdatedAt, after.UpdatedAt)
	}
	all := after.Title + " " + model.BodyText(after.Blocks)
	if strings.Count(all, "Valldemora") < 2 || strings.Contains(all, "Valdemora") {
		t.Fatalf("the glossary's rendering is not used everywhere: %q", all)
	}
}
