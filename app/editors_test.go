package app_test

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"testing"
	"time"

	"newsbridge/app"
	"newsbridge/model"
	"newsbridge/store"
)

// TestEditPropagatesAndRepublishes runs the real pipeline on an outlet
// whose articles share their body, then corrects one sentence of one
// article's Catalan translation through the API: the correction reaches
// every article with the sentence, their pages are republished and show
// it, and an approved translation survives a glossary change.
func TestEditPropagatesAndRepublishes(t *testing.T) {
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
	token, err := a.AddUser(ctx, "marta", store.RoleEditor, "")
	if err != nil {
		t.Fatal(err)
	}
	node, err := a.OpenWeb(ctx, "http://127.0.0.1")
	if err != nil {
		t.Fatal(err)
	}
	site := httptest.NewServer(node.Handler())
	defer site.Close()
	if _, err := node.Sync(ctx); err != nil {
		t.Fatal(err)
	}
	arts, _ := a.Store.Articles(ctx, storeFilter(0))
	ids := map[string]model.Article{}
	for _, ar := range arts {
		ids[ar.URL[strings.LastIndex(ar.URL, "/"):]] = ar
	}
	a1, a2 := ids["/a1.html"], ids["/a2.html"]
	call := func(method, path string, body any) (int, []byte) {
		t.Helper()
		j, _ := json.Marshal(body)
		req, _ := http.NewRequest(method, site.URL+path, bytes.NewReader(j))
		req.Header.Set("Authorization", "Bearer "+token)
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		return resp.StatusCode, b
	}
	tp := "/api/v1/articles/" + strconv.FormatInt(a1.ID, 10) + "/translations/ca"
	code, body := call("GET", tp, nil)
	var tr struct {
		Segments []struct {
			ID             int
			Source, Target string
		}
	}
	if code != 200 || json.Unmarshal(body, &tr) != nil {
		t.Fatalf("translation: %d %s", code, body)
	}
	seg := -1
	for _, s := range tr.Segments {
		if strings.HasPrefix(s.Source, "Los vecinos podrán presentar sugerencias") {
			seg = s.ID
		}
	}
	if seg < 0 {
		t.Fatalf("no segment for the shared sentence: %s", body)
	}
	before2, _, _ := a.Store.Translation(ctx, a2.ID, "ca")
	fixed := "Els veïns podran fer suggeriments fins al 30 d'abril al web municipal i a les oficines de l'ajuntament."
	if code, body := call("PUT", tp+"/segments/"+strconv.Itoa(seg), map[string]string{"target": fixed, "base": tr.Segments[seg].Target}); code != 200 {
		t.Fatalf("edit: %d %s", code, body)
	}
	if _, err := a.RunOnce(ctx, nil); err != nil { // the publish jobs
		t.Fatal(err)
	}
	if n, err := node.Sync(ctx); err != nil || n < 2 {
		t.Fatalf("republished %d pages (%v), want a1's and a2's at least", n, err)
	}
	for _, ar := range []model.Article{a1, a2} {
		slug, err := a.Store.PublicationSlug(ctx, ar.ID, "ca") // the Catalan title's
		if err != nil {
			t.Fatal(err)
		}
		resp, err := http.Get(site.URL + "/ca/a/" + slug)
		if err != nil {
			t.Fatal(err)
		}
		page, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if resp.StatusCode != 200 || !strings.Contains(string(page), "Els veïns podran fer suggeriments fins al 30 d&#39;abril") {
			t.Errorf("%s: the public page does not show the fix (%d)", ar.URL, resp.StatusCode)
		}
	}
	after2, _, _ := a.Store.Translation(ctx, a2.ID, "ca")
	if after2.Revision <= before2.Revision || !strings.Contains(model.BodyText(after2.Blocks), fixed) {
		t.Fatalf("a2 not corrected: %q", model.BodyText(after2.Blocks))
	}
	// approve a1, then change the glossary: a1 keeps its text, a proposal waits
	if code, body := call("POST", tp+"/approve", nil); code != 200 {
		t.Fatalf("approve: %d %s", code, body)
	}
	approved, _, _ := a.Store.Translation(ctx, a1.ID, "ca")
	if _, err := a.SaveTerm(ctx, &model.GlossaryTerm{SourceLang: "es", Term: "Valdemora", Kind: model.TermPlace, Renderings: map[string]string{"ca": "Valldemora"}}); err != nil {
		t.Fatal(err)
	}
	if _, err := a.RunOnce(ctx, nil); err != nil {
		t.Fatal(err)
	}
	kept, _, _ := a.Store.Translation(ctx, a1.ID, "ca")
	if kept.State != model.StateApproved || kept.Title != approved.Title || !strings.Contains(model.BodyText(kept.Blocks), fixed) {
		t.Fatalf("the approved translation was overwritten: %+v", kept)
	}
	p, err := a.Proposal(ctx, a1.ID, "ca")
	if err != nil || p == nil || !strings.Contains(p.Title+model.BodyText(p.Blocks), "Valldemora") {
		t.Fatalf("no proposal with the glossary change: %+v %v", p, err)
	}
	other, _, _ := a.Store.Translation(ctx, a2.ID, "ca")
	if !strings.Contains(model.BodyText(other.Blocks), "Valldemora") {
		t.Fatalf("an unapproved translation should follow the glossary: %q", model.BodyText(other.Blocks))
	}
	// re-translate with a chosen engine: an approved one gets a proposal
	if code, body := call("POST", tp+"/retranslate", map[string]string{"engine": "nope"}); code != 400 {
		t.Fatalf("unknown engine: %d %s", code, body)
	}
}
