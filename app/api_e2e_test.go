package app_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"testing"
	"time"

	"newsbridge/app"
	"newsbridge/exchange/tbx"
	"newsbridge/internal/pgtest"
	"newsbridge/model"
	"newsbridge/store"
)

// TestEverythingThroughTheAPI drives an editor's and an operator's work
// through the HTTP API alone, on the real pipeline: only the first
// administrator is made as `newsbridge user add` makes one, and a
// reader's comment is stored as the site stores it.
func TestEverythingThroughTheAPI(t *testing.T) {
	requireApertium(t)
	for _, db := range []string{"sqlite", "postgres"} {
		t.Run(db, func(t *testing.T) {
			url := ""
			if db == "postgres" {
				url = pgtest.NewDatabase(t)
			}
			apiSession(t, url)
		})
	}
}

func apiSession(t *testing.T, dbURL string) {
	mux := http.NewServeMux()
	var out *httptest.Server
	mux.HandleFunc("/feed.xml", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/rss+xml")
		fmt.Fprintf(w, `<?xml version="1.0"?><rss version="2.0"><channel><title>Diario</title><link>%[1]s/</link>`+
			`<item><title>Uno</title><link>%[1]s/a1.html</link></item><item><title>Dos</title><link>%[1]s/a2.html</link></item></channel></rss>`, out.URL)
	})
	mux.HandleFunc("/a1.html", func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprintf(w, goodPage, "Valdemora renovará las calles del centro")
	})
	mux.HandleFunc("/a2.html", func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprintf(w, goodPage, "El mercado de abastos abrirá los domingos")
	})
	hooks := make(chan string, 16)
	mux.HandleFunc("/hook", func(w http.ResponseWriter, r *http.Request) {
		b, _ := io.ReadAll(r.Body)
		select {
		case hooks <- string(b):
		default:
		}
	})
	out = httptest.NewServer(mux)
	defer out.Close()

	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	defer cancel()
	a, err := app.Open(ctx, testConfig(t, dbURL), app.Options{Work: true})
	if err != nil {
		t.Fatal(err)
	}
	defer a.Close()
	admin, err := a.AddUser(ctx, "ada", store.RoleAdmin, "")
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(a.API())
	defer srv.Close()

	call := func(token, method, path string, body any, hdr ...string) (int, []byte, http.Header) {
		t.Helper()
		var r io.Reader
		switch b := body.(type) {
		case nil:
		case []byte:
			r = bytes.NewReader(b)
		default:
			j, _ := json.Marshal(b)
			r = bytes.NewReader(j)
		}
		req, _ := http.NewRequestWithContext(ctx, method, srv.URL+path, r)
		req.Header.Set("Authorization", "Bearer "+token)
		for i := 0; i+1 < len(hdr); i += 2 {
			req.Header.Set(hdr[i], hdr[i+1])
		}
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		return resp.StatusCode, b, resp.Header
	}
	must := func(want int, token, method, path string, body any, hdr ...string) []byte {
		t.Helper()
		code, b, _ := call(token, method, path, body, hdr...)
		if code != want {
			t.Fatalf("%s %s: %d, want %d: %s", method, path, code, want, b)
		}
		return b
	}

	// The operator adds an editor, who gets a token once.
	var nu struct{ Token string }
	json.Unmarshal(must(201, admin, "POST", "/api/v1/users", map[string]string{"name": "marta", "role": "editor"}), &nu)
	editor := nu.Token
	if editor == "" {
		t.Fatal("no token for the new editor")
	}
	must(403, editor, "POST", "/api/v1/users", map[string]string{"name": "x", "role": "admin"})
	if !strings.Contains(string(must(200, admin, "GET", "/api/v1/users", nil)), `"name":"marta"`) {
		t.Fatal("marta is not listed")
	}

	// ... follows an outlet (a retry with the same key changes nothing) ...
	src := map[string]string{"feed_url": out.URL + "/feed.xml", "name": "Diario", "language": "es"}
	first := must(201, admin, "POST", "/api/v1/sources", src, "Idempotency-Key", "src-1")
	if again := must(201, admin, "POST", "/api/v1/sources", src, "Idempotency-Key", "src-1"); !bytes.Equal(first, again) {
		t.Fatalf("the retry answered %s, not %s", again, first)
	}
	// ... and registers a webhook for published translations.
	var hook struct {
		ID     int64
		Secret string
	}
	json.Unmarshal(must(201, admin, "POST", "/api/v1/webhooks", map[string]any{"url": out.URL + "/hook", "events": []string{"translation.published"}}, "Idempotency-Key", "hook-1"), &hook)
	if hook.ID == 0 || hook.Secret == "" {
		t.Fatalf("webhook: %+v", hook)
	}

	// The pipeline polls, extracts, translates and publishes.
	if _, err := a.RunOnce(ctx, nil); err != nil {
		t.Fatal(err)
	}
	var srcs struct {
		Sources []struct {
			FeedURL   string `json:"feed_url"`
			LastError string `json:"last_error"`
		}
	}
	json.Unmarshal(must(200, admin, "GET", "/api/v1/sources", nil), &srcs)
	if len(srcs.Sources) != 1 || srcs.Sources[0].LastError != "" {
		t.Fatalf("sources: %+v", srcs)
	}

	// The editor reads the review queue, then a translation by its id.
	code, b, _ := call(editor, "GET", "/api/v1/review?lang=ca", nil)
	var rv struct {
		Items []struct {
			Article int64
			Lang    string
		}
	}
	if code != 200 || json.Unmarshal(b, &rv) != nil || rv.Items == nil {
		t.Fatalf("review: %d %s", code, b)
	}
	arts, err := a.Store.Articles(ctx, storeFilter(0))
	if err != nil || len(arts) != 2 {
		t.Fatalf("articles: %d %v", len(arts), err)
	}
	var a1 model.Article
	for _, ar := range arts {
		if strings.HasSuffix(ar.URL, "/a1.html") {
			a1 = ar
		}
	}
	tp := "/api/v1/articles/" + strconv.FormatInt(a1.ID, 10) + "/translations/ca"
	code, b, h := call(editor, "GET", tp, nil)
	var tr struct {
		Segments []struct {
			ID             int
			Source, Target string
		}
	}
	if code != 200 || json.Unmarshal(b, &tr) != nil || len(tr.Segments) == 0 {
		t.Fatalf("translation: %d %s", code, b)
	}
	tag := h.Get("ETag")
	if code, _, _ := call(editor, "GET", tp, nil, "If-None-Match", tag); code != 304 {
		t.Fatalf("an unchanged translation read again: %d", code)
	}
	seg := -1
	for _, s := range tr.Segments {
		if strings.HasPrefix(s.Source, "La obra costará") {
			seg = s.ID
		}
	}
	if seg < 0 {
		t.Fatalf("no segment for the cost: %s", b)
	}
	fixed := "Les obres costaran 1,5 milions d euros i començaran a la primavera."
	must(200, editor, "PUT", tp+"/segments/"+strconv.Itoa(seg), map[string]string{"target": fixed}, "If-Match", tag)
	must(412, editor, "PUT", tp+"/segments/"+strconv.Itoa(seg), map[string]string{"target": fixed + " Bis."}, "If-Match", tag)
	must(200, editor, "POST", tp+"/approve", nil)

	// Glossary: import a TBX term, export it again.
	var doc bytes.Buffer
	tbx.Write(&doc, []tbx.Entry{{SourceLang: "es", Term: "Valdemora", Kind: model.TermPlace}})
	must(200, editor, "POST", "/api/v1/glossary?format=tbx", doc.Bytes(), "Idempotency-Key", "tbx-1")
	if !strings.Contains(string(must(200, editor, "GET", "/api/v1/glossary?from=es&format=tbx", nil)), "Valdemora") {
		t.Fatal("the glossary export lacks the imported term")
	}
	if !strings.Contains(string(must(200, editor, "GET", "/api/v1/glossary?from=es", nil)), `"term":"Valdemora"`) {
		t.Fatal("the glossary list lacks the imported term")
	}

	// Comments: a reader's comment waits; the editor approves it.
	c := &model.Comment{ArticleID: a1.ID, Lang: "ca", Author: "Pau", Body: "Bona notícia."}
	if err := a.Store.AddComment(ctx, c); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(must(200, editor, "GET", "/api/v1/comments", nil)), "Bona notícia.") {
		t.Fatal("the pending comment is not listed")
	}
	must(200, editor, "POST", "/api/v1/comments/"+strconv.FormatInt(c.ID, 10)+"/approve", nil)
	must(200, editor, "POST", "/api/v1/comments/"+strconv.FormatInt(c.ID, 10)+"/approve", nil) // moderation is idempotent
	if !strings.Contains(string(must(200, editor, "GET", "/api/v1/comments?status=approved", nil)), "Bona notícia.") {
		t.Fatal("the approved comment is not listed")
	}

	// XLIFF out to a CAT tool and back in.
	xl := string(must(200, editor, "GET", tp+"?format=xliff", nil))
	if !strings.Contains(xl, fixed) {
		t.Fatalf("the XLIFF lacks the edit: %.2000s", xl)
	}
	fromCAT := "Les obres costaran un milió i mig d euros."
	must(200, editor, "PUT", tp, []byte(strings.Replace(xl, fixed, fromCAT, 1)), "Content-Type", "application/xliff+xml")
	json.Unmarshal(must(200, editor, "GET", tp, nil), &tr)
	if tr.Segments[seg].Target != fromCAT {
		t.Fatalf("after the XLIFF import: %q", tr.Segments[seg].Target)
	}

	// The memory as TMX carries the editor's entries.
	tmx := string(must(200, editor, "GET", "/api/v1/memory?format=tmx&from=es&to=ca", nil))
	if !strings.Contains(tmx, "<tmx") || !strings.Contains(tmx, fromCAT) {
		t.Fatalf("the TMX lacks the edit: %.2000s", tmx)
	}

	// Re-translate and unpublish the other article.
	for _, ar := range arts {
		if ar.ID != a1.ID {
			p := "/api/v1/articles/" + strconv.FormatInt(ar.ID, 10) + "/translations/ca"
			must(200, editor, "POST", p+"/retranslate", map[string]string{"engine": "apertium"})
			must(200, editor, "POST", p+"/unpublish", nil)
		}
	}

	// The audit log tells who did what; the editor sees their own.
	audit := string(must(200, admin, "GET", "/api/v1/audit?limit=500", nil))
	for _, act := range []string{"user.add", "segment", "comment"} {
		if !strings.Contains(audit, act) {
			t.Errorf("the audit log lacks %q: %.3000s", act, audit)
		}
	}
	if !strings.Contains(string(must(200, editor, "GET", "/api/v1/audit", nil)), `"actor":"marta"`) {
		t.Error("the editor does not see their own entries")
	}

	// The webhook fired for the publications, and is listed with its status.
	if _, err := a.RunOnce(ctx, nil); err != nil {
		t.Fatal(err)
	}
	select {
	case body := <-hooks:
		if !strings.Contains(body, "translation.published") {
			t.Errorf("webhook body: %s", body)
		}
	case <-time.After(30 * time.Second):
		t.Error("no webhook delivery")
	}
	if !strings.Contains(string(must(200, admin, "GET", "/api/v1/webhooks", nil)), out.URL+"/hook") {
		t.Error("the webhook is not listed")
	}
}
