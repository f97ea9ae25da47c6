package feed

import (
	"testing"

	"newsbridge/model"
)

func TestCanonicalURL(t *testing.T) {
	tests := []struct {
		raw, base, want string
	}{
		{"https://Example.COM/a/b.html", "", "https://example.com/a/b.html"},
		{"HTTP://example.com:80/x", "", "http://example.com/x"},
		{"https://example.com:443/x", "", "https://example.com/x"},
		{"http://example.com:8080/x", "", "http://example.com:8080/x"},
		{"https://example.com:80/x", "", "https://example.com:80/x"},
		{"https://example.com", "", "https://example.com/"},
		{"https://example.com./a", "", "https://example.com/a"},
		{"https://example.com/a#section-2", "", "https://example.com/a"},
		{"https://example.com/a?utm_source=rss&id=5&UTM_Medium=x&fbclid=1&gclid=2&b=a+b", "", "https://example.com/a?id=5&b=a+b"},
		{"https://example.com/a?z=1&a=2&m=3", "", "https://example.com/a?z=1&a=2&m=3"},
		{"https://example.com/a?utm_source=x", "", "https://example.com/a"},
		{"https://example.com/a?", "", "https://example.com/a"},
		{"https://example.com/caf%C3%A9/", "", "https://example.com/caf%C3%A9/"},
		{"/es/economia/x.html", "http://127.0.0.1:8080/es/feed.xml", "http://127.0.0.1:8080/es/economia/x.html"},
		{"x.html", "http://host.example/es/feed.xml", "http://host.example/es/x.html"},
		{"../b/./c.html", "http://host.example/es/a/feed.xml", "http://host.example/es/b/c.html"},
		{"//cdn.example.org/p", "https://host.example/", "https://cdn.example.org/p"},
		{"  https://example.com/trim  ", "", "https://example.com/trim"},
		{"http://[::1]:80/a", "", "http://[::1]/a"},
		{"http://[::1]:8080/a", "", "http://[::1]:8080/a"},
	}
	for _, tt := range tests {
		got, err := CanonicalURL(tt.raw, tt.base)
		if err != nil {
			t.Errorf("CanonicalURL(%q, %q): %v", tt.raw, tt.base, err)
			continue
		}
		if got != tt.want {
			t.Errorf("CanonicalURL(%q, %q) = %q, want %q", tt.raw, tt.base, got, tt.want)
		}
		// Canonical form is a fixed point.
		if again, err := CanonicalURL(got, ""); err != nil || again != got {
			t.Errorf("CanonicalURL(%q) = %q, %v; not idempotent", got, again, err)
		}
	}
}

func TestCanonicalURLErrors(t *testing.T) {
	tests := []struct{ raw, base string }{
		{"", "http://example.com/"},
		{"   ", ""},
		{"/relative", ""},
		{"/relative", "also/relative"},
		{"javascript:alert(1)", "http://example.com/"},
		{"mailto:a@example.com", ""},
		{"ftp://example.com/file", ""},
		{"data:text/html,<script>", ""},
		{"http://", ""},
		{"http://exa mple.com/", ""},
		{"http://[::1", ""},
		{"http:opaque", ""},
	}
	for _, tt := range tests {
		got, err := CanonicalURL(tt.raw, tt.base)
		if err == nil {
			t.Errorf("CanonicalURL(%q, %q) = %q, want an error", tt.raw, tt.base, got)
			continue
		}
		if model.ErrorCode(err) != model.EInvalid {
			t.Errorf("CanonicalURL(%q): code %q, want invalid", tt.raw, model.ErrorCode(err))
		}
	}
}

func FuzzCanonicalURL(f *testing.F) {
	f.Add("https://Example.com:443/a?utm_x=1&b=2#f", "")
	f.Add("../x", "http://h.example/a/b")
	f.Fuzz(func(t *testing.T, raw, base string) {
		got, err := CanonicalURL(raw, base)
		if err != nil {
			return
		}
		again, err := CanonicalURL(got, "")
		if err != nil || again != got {
			t.Fatalf("not idempotent: %q → %q → %q, %v", raw, got, again, err)
		}
	})
}
