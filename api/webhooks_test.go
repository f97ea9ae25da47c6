package api_test

import (
	"strings"
	"testing"

	"newsbridge/store"
)

func TestWebhookRegistration(t *testing.T) {
	eachDB(t, func(t *testing.T, st *store.Store) {
		f := newFixture(t, st)
		for name, body := range map[string]map[string]any{
			"private address": {"url": "http://10.1.2.3/hook", "events": []string{"translation.published"}},
			"loopback":        {"url": "http://127.0.0.1:9/hook", "events": []string{"translation.published"}},
			"not http":        {"url": "ftp://hooks.test/x", "events": []string{"translation.published"}},
			"credentials":     {"url": "http://u:p@1.1.1.1/x", "events": []string{"translation.published"}},
			"no events":       {"url": "http://1.1.1.1/x", "events": []string{}},
			"unknown event":   {"url": "http://1.1.1.1/x", "events": []string{"article.read"}},
			"unknown field":   {"url": "http://1.1.1.1/x", "events": []string{"source.failing"}, "secret": "mine"},
		} {
			if code, out, _ := f.call(t, "POST", "/api/v1/webhooks", f.admin, body); code != 400 || !strings.Contains(string(out), "problem:invalid") {
				t.Errorf("%s: %d %s", name, code, out)
			}
		}
		body := map[string]any{"url": "http://1.1.1.1/hook", "events": []string{"source.failing", "translation.published"}}
		if code, _, _ := f.call(t, "POST", "/api/v1/webhooks", f.editor, body); code != 403 {
			t.Fatalf("editor: %d", code)
		}
		code, out, _ := f.call(t, "POST", "/api/v1/webhooks", f.admin, body)
		if code != 201 || !strings.Contains(string(out), `"secret":"`) || !strings.Contains(string(out), `"events":["source.failing","translation.published"]`) {
			t.Fatalf("add: %d %s", code, out)
		}
		code, out, _ = f.call(t, "GET", "/api/v1/webhooks", f.admin, nil)
		if code != 200 || !strings.Contains(string(out), `"url":"http://1.1.1.1/hook"`) || strings.Contains(string(out), "secret") || !strings.Contains(string(out), `"last_status":0`) {
			t.Fatalf("list: %d %s", code, out)
		}
		if code, _, _ := f.call(t, "DELETE", "/api/v1/webhooks/1", f.admin, nil); code != 204 {
			t.Fatalf("delete: %d", code)
		}
		if code, _, _ := f.call(t, "DELETE", "/api/v1/webhooks/1", f.admin, nil); code != 404 {
			t.Fatalf("delete again: %d", code)
		}
	})
}
