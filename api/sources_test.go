package api_test

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

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

// TestSourceLifecycle: pause, resume, poll now and remove through the
// API; a paused source is not due and cannot be polled; the removal
// answers what it deleted, as GET counted it before.
func TestSourceLifecycle(t *testing.T) {
	eachDB(t, func(t *testing.T, st *store.Store) {
		f := newFixture(t, st)
		ctx := context.Background()
		srcs, err := st.Sources(ctx)
		if err != nil || len(srcs) != 1 {
			t.Fatalf("sources: %v %v", srcs, err)
		}
		base := fmt.Sprintf("/api/v1/sources/%d", srcs[0].ID)
		code, out, _ := f.call(t, "GET", base, f.admin, nil)
		if code != 200 || !strings.Contains(string(out), `"contents":{"articles":2,"translations":2,"pages":2,"comments":0}`) {
			t.Fatalf("get: %d %s", code, out)
		}
		if code, out, _ := f.call(t, "POST", base+"/pause", f.admin, nil); code != 200 || !strings.Contains(string(out), `"enabled":false`) {
			t.Fatalf("pause: %d %s", code, out)
		}
		if due, _ := st.DueSources(ctx, st.Now().Add(time.Hour)); len(due) != 0 {
			t.Fatalf("a paused source is due: %v", due)
		}
		if code, out, _ := f.call(t, "POST", base+"/poll", f.admin, nil); code != 409 || !strings.Contains(string(out), "paused") {
			t.Fatalf("poll while paused: %d %s", code, out)
		}
		if code, out, _ := f.call(t, "POST", base+"/resume", f.admin, nil); code != 200 || !strings.Contains(string(out), `"enabled":true`) {
			t.Fatalf("resume: %d %s", code, out)
		}
		if due, _ := st.DueSources(ctx, st.Now()); len(due) != 1 {
			t.Fatalf("a resumed source is not due at once: %v", due)
		}
		if code, out, _ := f.call(t, "POST", base+"/poll", f.admin, nil); code != 202 {
			t.Fatalf("poll: %d %s", code, out)
		}
		for _, p := range []string{"/pause", "/resume", "/poll"} {
			if code, _, _ := f.call(t, "POST", base+p, f.editor, nil); code != 403 {
				t.Errorf("editor %s: %d", p, code)
			}
		}
		if code, _, _ := f.call(t, "DELETE", base, f.editor, nil); code != 403 {
			t.Errorf("editor delete: %d", code)
		}
		code, out, _ = f.call(t, "DELETE", base, f.admin, nil)
		if code != 200 || !strings.Contains(string(out), `"deleted":{"articles":2,"translations":2,"pages":2,"comments":0}`) {
			t.Fatalf("delete: %d %s", code, out)
		}
		if code, _, _ := f.call(t, "GET", base, f.admin, nil); code != 404 {
			t.Fatalf("after delete: %d", code)
		}
		if code, _, _ := f.call(t, "POST", "/api/v1/sources/999/pause", f.admin, nil); code != 404 {
			t.Fatalf("pause unknown: %d", code)
		}
		es, _ := st.Audit(ctx, store.AuditFilter{Limit: 10})
		var actions []string
		for _, e := range es {
			actions = append(actions, e.Action)
		}
		if got := strings.Join(actions, " "); !strings.HasPrefix(got, "source.remove source.poll source.resume source.pause") {
			t.Fatalf("audit: %s", got)
		}
	})
}
