package api_test

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"newsbridge/api"
	"newsbridge/store"
)

// do sends a request with extra headers to srv.
func do(t *testing.T, srv, method, path, token string, body []byte, hdr map[string]string) (int, []byte, http.Header) {
	t.Helper()
	req, _ := http.NewRequest(method, srv+path, bytes.NewReader(body))
	req.Header.Set("Authorization", "Bearer "+token)
	for k, v := range hdr {
		req.Header.Set(k, v)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	out, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, out, resp.Header
}

func TestCursorPagination(t *testing.T) {
	eachDB(t, func(t *testing.T, st *store.Store) {
		f := newFixture(t, st)
		for _, u := range []string{"http://b.test/rss", "http://c.test/rss", "http://d.test/rss", "http://e.test/rss"} {
			if code, out, _ := f.call(t, "POST", "/api/v1/sources", f.admin, map[string]string{"feed_url": u}); code != 201 {
				t.Fatalf("add %s: %d %s", u, code, out)
			}
		}
		// Five sources, pages of two: 2 + 2 + 1, the last without next_cursor.
		seen := map[string]bool{}
		path, pages := "/api/v1/sources?limit=2", 0
		for ; pages < 10; pages++ {
			code, out, _ := f.call(t, "GET", path, f.admin, nil)
			var page struct {
				Sources []struct {
					FeedURL string `json:"feed_url"`
				} `json:"sources"`
				Next *string `json:"next_cursor"`
			}
			if code != 200 || json.Unmarshal(out, &page) != nil {
				t.Fatalf("%s: %d %s", path, code, out)
			}
			for _, s := range page.Sources {
				if seen[s.FeedURL] {
					t.Fatalf("%s twice", s.FeedURL)
				}
				seen[s.FeedURL] = true
			}
			if page.Next == nil {
				if len(page.Sources) != 1 {
					t.Fatalf("last page: %s", out)
				}
				break
			}
			if len(page.Sources) != 2 {
				t.Fatalf("page: %s", out)
			}
			path = "/api/v1/sources?limit=2&cursor=" + *page.Next
		}
		if len(seen) != 5 || pages != 2 {
			t.Fatalf("saw %d sources in %d pages", len(seen), pages+1)
		}
		for _, bad := range []string{"?cursor=nope", "?limit=0", "?limit=501", "?cursor=eDox"} {
			if code, out, _ := f.call(t, "GET", "/api/v1/sources"+bad, f.admin, nil); code != 400 || !strings.Contains(string(out), "problem:invalid") {
				t.Errorf("%s: %d %s", bad, code, out)
			}
		}
		// The review queue keeps its shape and pages the same way.
		code, out, _ := f.call(t, "GET", "/api/v1/review?lang=ca&limit=1", f.editor, nil)
		var rv struct {
			Items []json.RawMessage `json:"items"`
			Next  string            `json:"next_cursor"`
		}
		if code != 200 || json.Unmarshal(out, &rv) != nil || len(rv.Items) != 1 || rv.Next == "" {
			t.Fatalf("review page 1: %d %s", code, out)
		}
		code, out, _ = f.call(t, "GET", "/api/v1/review?lang=ca&limit=1&cursor="+rv.Next, f.editor, nil)
		var rv2 struct {
			Items []json.RawMessage `json:"items"`
		}
		if code != 200 || json.Unmarshal(out, &rv2) != nil || len(rv2.Items) != 1 || bytes.Equal(rv2.Items[0], rv.Items[0]) {
			t.Fatalf("review page 2: %d %s", code, out)
		}
		// Audit pages by key.
		code, out, _ = f.call(t, "GET", "/api/v1/audit?limit=2", f.admin, nil)
		var au struct {
			Entries []struct {
				ID int64 `json:"id"`
			} `json:"entries"`
			Next string `json:"next_cursor"`
		}
		if code != 200 || json.Unmarshal(out, &au) != nil || len(au.Entries) != 2 || au.Next == "" {
			t.Fatalf("audit: %d %s", code, out)
		}
		last := au.Entries[1].ID
		_, out, _ = f.call(t, "GET", "/api/v1/audit?limit=2&cursor="+au.Next, f.admin, nil)
		au.Entries = nil
		if json.Unmarshal(out, &au) != nil || len(au.Entries) == 0 || au.Entries[0].ID >= last {
			t.Fatalf("audit page 2: %s", out)
		}
	})
}

func TestETagsAndIfMatch(t *testing.T) {
	eachDB(t, func(t *testing.T, st *store.Store) {
		f := newFixture(t, st)
		tr := "/api/v1/articles/" + itoa(f.a1) + "/translations/ca"
		code, body, h := do(t, f.srv.URL, "GET", tr, f.editor, nil, nil)
		tag := h.Get("ETag")
		if code != 200 || !strings.HasPrefix(tag, `"`) {
			t.Fatalf("get: %d %q", code, tag)
		}
		code, out, h := do(t, f.srv.URL, "GET", tr, f.editor, nil, map[string]string{"If-None-Match": tag})
		if code != 304 || len(out) != 0 || h.Get("ETag") != tag {
			t.Fatalf("304: %d %q %s", code, h.Get("ETag"), out)
		}
		if code, _, _ := do(t, f.srv.URL, "GET", tr, f.editor, nil, map[string]string{"If-None-Match": `"other"`}); code != 200 {
			t.Fatalf("other tag: %d", code)
		}
		// A problem carries no ETag.
		if code, _, h := do(t, f.srv.URL, "GET", "/api/v1/articles/999999/translations/ca", f.editor, nil, nil); code != 404 || h.Get("ETag") != "" {
			t.Fatalf("404: %d %q", code, h.Get("ETag"))
		}
		edit := []byte(`{"target": "El ple va aprovar el pla ahir."}`)
		if code, out, _ := do(t, f.srv.URL, "PUT", tr+"/segments/1", f.editor, edit, map[string]string{"If-Match": `"stale"`}); code != 412 || !strings.Contains(string(out), "precondition_failed") {
			t.Fatalf("stale If-Match: %d %s", code, out)
		}
		if code, out, _ := do(t, f.srv.URL, "PUT", tr+"/segments/1", f.editor, edit, map[string]string{"If-Match": tag}); code != 200 {
			t.Fatalf("If-Match: %d %s", code, out)
		}
		// The translation changed: the old tag no longer matches, nor gives 304.
		if code, out, _ := do(t, f.srv.URL, "PUT", tr+"/segments/1", f.editor, edit, map[string]string{"If-Match": tag}); code != 412 {
			t.Fatalf("second edit with the old tag: %d %s", code, out)
		}
		if code, after, _ := do(t, f.srv.URL, "GET", tr, f.editor, nil, map[string]string{"If-None-Match": tag}); code != 200 || bytes.Equal(after, body) {
			t.Fatalf("after the edit: %d", code)
		}
	})
}

func TestIdempotencyKey(t *testing.T) {
	eachDB(t, func(t *testing.T, st *store.Store) {
		f := newFixture(t, st)
		body := []byte(`{"feed_url": "http://idem.test/rss"}`)
		key := map[string]string{"Idempotency-Key": "k1", "Content-Type": "application/json"}
		code, first, _ := do(t, f.srv.URL, "POST", "/api/v1/sources", f.admin, body, key)
		if code != 201 {
			t.Fatalf("first: %d %s", code, first)
		}
		code, again, h := do(t, f.srv.URL, "POST", "/api/v1/sources", f.admin, body, key)
		if code != 201 || !bytes.Equal(again, first) || h.Get("Idempotent-Replayed") != "true" {
			t.Fatalf("replay: %d %s %v", code, again, h)
		}
		if code, out, _ := do(t, f.srv.URL, "POST", "/api/v1/sources", f.admin, []byte(`{"feed_url": "http://other-idem.test/rss"}`), key); code != 422 || !strings.Contains(string(out), "idempotency_key_reused") {
			t.Fatalf("other body: %d %s", code, out)
		}
		// Without the key, a retry is a second request (409: followed already).
		if code, _, _ := do(t, f.srv.URL, "POST", "/api/v1/sources", f.admin, body, nil); code != 409 {
			t.Fatalf("no key: %d", code)
		}
		// Keys are per user: another admin's k1 runs.
		tok, err := f.svc.AddUser(context.Background(), "bea", store.RoleAdmin, "")
		if err != nil {
			t.Fatal(err)
		}
		if code, _, h := do(t, f.srv.URL, "POST", "/api/v1/sources", tok, []byte(`{"feed_url": "http://bea.test/rss"}`), key); code != 201 || h.Get("Idempotent-Replayed") != "" {
			t.Fatalf("other user: %d", code)
		}
		_, out, _ := f.call(t, "GET", "/api/v1/sources", f.admin, nil)
		if strings.Count(string(out), `"http://idem.test/rss"`) != 1 || strings.Contains(string(out), "other-idem") {
			t.Fatalf("sources: %s", out)
		}
		// A failed request is not kept: the same key may be retried.
		bad := map[string]string{"Idempotency-Key": "k2"}
		if code, _, _ := do(t, f.srv.URL, "POST", "/api/v1/users", f.admin, []byte(`{"name": "", "role": "editor"}`), bad); code != 400 {
			t.Fatalf("bad user: %d", code)
		}
		code, out, _ = do(t, f.srv.URL, "POST", "/api/v1/users", f.admin, []byte(`{"name": "lu", "role": "editor"}`), bad)
		if code != 201 || !strings.Contains(string(out), `"token":"`) {
			t.Fatalf("user after a failure: %d %s", code, out)
		}
	})
}

func TestRateLimitPerToken(t *testing.T) {
	eachDB(t, func(t *testing.T, st *store.Store) {
		f := newFixture(t, st)
		h := api.NewHandler(st, f.svc)
		h.RateLimit, h.RateBurst = 0.001, 3
		srv := httptest.NewServer(h)
		defer srv.Close()
		for i := range 3 {
			if code, out, _ := do(t, srv.URL, "GET", "/api/v1/review", f.editor, nil, nil); code != 200 {
				t.Fatalf("request %d: %d %s", i, code, out)
			}
		}
		code, out, hdr := do(t, srv.URL, "GET", "/api/v1/review", f.editor, nil, nil)
		if code != 429 || hdr.Get("Retry-After") == "" || !strings.Contains(string(out), "too_many_requests") {
			t.Fatalf("past the burst: %d %q %s", code, hdr.Get("Retry-After"), out)
		}
		// Another user's bucket is full.
		if code, _, _ := do(t, srv.URL, "GET", "/api/v1/review", f.admin, nil, nil); code != 200 {
			t.Fatalf("other user: %d", code)
		}
	})
}
