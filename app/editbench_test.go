package app_test

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"sort"
	"strings"
	"testing"
	"time"

	"newsbridge/app"
	"newsbridge/service"
	"newsbridge/store"
)

// TestEditVisibleEverywhereBench measures how long an editor's correction
// of a sentence shared by every article takes to show on each article's
// public page, with the workers and the web node's sync running as
// `newsbridge serve` runs them (the node syncs every second). It only
// reports: NEWSBRIDGE_BENCH_EDIT=N runs it with N articles.
//
//	NEWSBRIDGE_BENCH_EDIT=20 go test -count=1 -run EditVisibleEverywhereBench -v ./app
func TestEditVisibleEverywhereBench(t *testing.T) {
	var n int
	if _, err := fmt.Sscan(os.Getenv("NEWSBRIDGE_BENCH_EDIT"), &n); err != nil || n < 2 {
		t.Skip("a measurement: set NEWSBRIDGE_BENCH_EDIT to the number of articles")
	}
	requireApertium(t)
	srv := newsOutlet(t, n, nil)
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Minute)
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
	node, err := a.OpenWeb(ctx, "http://127.0.0.1")
	if err != nil {
		t.Fatal(err)
	}
	site := httptest.NewServer(node.Handler())
	defer site.Close()
	if _, err := node.Sync(ctx); err != nil {
		t.Fatal(err)
	}
	arts, err := a.Store.Articles(ctx, storeFilter(0))
	if err != nil || len(arts) != n {
		t.Fatalf("%d articles (%v), want %d", len(arts), err, n)
	}
	if err := a.Start(ctx); err != nil {
		t.Fatal(err)
	}
	defer a.Stop(context.Background())
	fctx, stop := context.WithCancel(ctx)
	defer stop()
	go node.Follow(fctx, time.Second) // as cli/serve.go

	ed := service.WithActor(ctx, service.Actor{Name: "marta", Role: store.RoleEditor})
	v, err := a.Service.Translation(ed, arts[0].ID, "ca")
	if err != nil {
		t.Fatal(err)
	}
	seg := -1
	for _, s := range v.Segments {
		if strings.HasPrefix(s.Source, "Los vecinos podrán presentar sugerencias") {
			seg = s.ID
		}
	}
	if seg < 0 {
		t.Fatal("no segment for the shared sentence")
	}
	shows := func(slug, text string) bool {
		resp, err := http.Get(site.URL + "/ca/a/" + slug)
		if err != nil {
			return false
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		return resp.StatusCode == 200 && strings.Contains(string(b), text)
	}
	const rounds = 5
	var saves, visible []time.Duration
	for r := 1; r <= rounds; r++ {
		mark := fmt.Sprintf("revisió %d", r)
		target := "Els veïns podran fer suggeriments fins al 30 d'abril (" + mark + ")."
		t0 := time.Now()
		res, err := a.Service.EditSegment(ed, arts[0].ID, "ca", seg, target, nil)
		if err != nil {
			t.Fatal(err)
		}
		saves = append(saves, time.Since(t0))
		if len(res.Propagated) != n-1 {
			t.Fatalf("round %d: applied to %d other articles, want %d", r, len(res.Propagated), n-1)
		}
		left := map[string]bool{}
		for _, ar := range arts {
			slug, err := a.Store.PublicationSlug(ctx, ar.ID, "ca") // the Catalan title's
			if err != nil {
				t.Fatal(err)
			}
			left[slug] = true
		}
		for end := time.Now().Add(time.Minute); len(left) > 0; time.Sleep(20 * time.Millisecond) {
			if time.Now().After(end) {
				t.Fatalf("round %d: %d pages still without the edit after a minute", r, len(left))
			}
			for slug := range left {
				if shows(slug, mark) {
					delete(left, slug)
				}
			}
		}
		visible = append(visible, time.Since(t0))
	}
	sort.Slice(saves, func(i, j int) bool { return saves[i] < saves[j] })
	sort.Slice(visible, func(i, j int) bool { return visible[i] < visible[j] })
	t.Logf("%d articles sharing the sentence, %d edits: save (EditSegment, propagation included) min %v median %v max %v; "+
		"visible on every public page min %v median %v max %v",
		n, rounds, saves[0].Round(time.Millisecond), saves[rounds/2].Round(time.Millisecond), saves[rounds-1].Round(time.Millisecond),
		visible[0].Round(time.Millisecond), visible[rounds/2].Round(time.Millisecond), visible[rounds-1].Round(time.Millisecond))
}
