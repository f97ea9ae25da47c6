package api_test

import (
	"strings"
	"testing"

	"newsbridge/store"
)

func TestSourceAdd(t *testing.T) {
	eachDB(t, func(t *testing.T, st *store.Store) {
		f := newFixture(t, st)
		body := map[string]string{"feed_url": "http://other.test/rss", "name": "Other", "language": "gl", "interval": "30m"}
		code, out, _ := f.call(t, "POST", "/api/v1/sources", f.admin, body)
		if code != 201 || !strings.Contains(string(out), `"feed_url":"http://other.test/rss"`) || !strings.Contains(string(out), `"language":"gl"`) {
			t.Fatalf("add: %d %s", code, out)
		}
		if code, out, _ := f.call(t, "POST", "/api/v1/sources", f.admin, body); code != 409 {
			t.Fatalf("again: %d %s", code, out)
		}
		for name, bad := range map[string][]byte{
			"malformed":     []byte(`{"feed_url": `),
			"unknown field": []byte(`{"feed_url": "http://x.test/f", "url": "x"}`),
			"interval":      []byte(`{"feed_url": "http://x.test/f", "interval": "1s"}`),
			"not a url":     []byte(`{"feed_url": "nope"}`),
			"oversized":     []byte(`{"feed_url": "` + strings.Repeat("a", 1<<20) + `"}`),
		} {
			if code, out, _ := f.call(t, "POST", "/api/v1/sources", f.admin, bad); code != 400 || !strings.Contains(string(out), "urn:newsbridge:problem:invalid") {
				t.Errorf("%s: %d %.200s", name, code, out)
			}
		}
		if code, _, _ := f.call(t, "POST", "/api/v1/sources", f.editor, body); code != 403 {
			t.Fatalf("editor: %d", code)
		}
	})
}
