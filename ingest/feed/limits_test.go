package feed

import (
	"bytes"
	"fmt"
	"strings"
	"testing"

	"newsbridge/model"
)

// deepFeed is an RSS item whose extension element nests n levels deep: at
// 2,000,000 levels (about 14 MB) gofeed's recursion overflowed the stack, a
// fatal error that recover cannot catch.
func deepFeed(n int) []byte {
	var b bytes.Buffer
	b.WriteString(`<?xml version="1.0"?><rss version="2.0" xmlns:x="http://x.example/"><channel><title>t</title><item><link>http://a.example/1</link>`)
	b.Write(bytes.Repeat([]byte("<x:a>"), n))
	b.Write(bytes.Repeat([]byte("</x:a>"), n))
	b.WriteString(`</item></channel></rss>`)
	return b.Bytes()
}

func TestParseDeepNesting(t *testing.T) {
	_, err := Parse(deepFeed(2_000_000), "http://a.example/feed")
	wantInvalid(t, err, "feed: unable to parse: elements nested deeper than 64 levels")

	// Unclosed, and in JSON: the same.
	_, err = Parse(bytes.Repeat([]byte("<x:a>"), 2_000_000), "http://a.example/feed")
	wantInvalid(t, err, "nested deeper than 64 levels")
	_, err = Parse([]byte(`{"version":"https://jsonfeed.org/version/1.1","items":[{"_x":`+strings.Repeat(`{"a":`, 100_000)), "http://a.example/feed")
	wantInvalid(t, err, "JSON nested deeper than 64 levels")

	// Within the limit, parsed as before.
	f, err := Parse(deepFeed(40), "http://a.example/feed")
	if err != nil || len(f.Items) != 1 {
		t.Fatalf("40 levels: %+v, %v", f, err)
	}
	// A smaller limit is honoured.
	_, err = ParseWith(deepFeed(40), "http://a.example/feed", Limits{MaxDepth: 10})
	wantInvalid(t, err, "deeper than 10 levels")
}

func TestParseElementLimit(t *testing.T) {
	var b bytes.Buffer
	b.WriteString(`<rss version="2.0"><channel><title>t</title>`)
	for range 250_000 {
		b.WriteString("<x/>")
	}
	b.WriteString(`</channel></rss>`)
	_, err := Parse(b.Bytes(), "http://a.example/feed")
	wantInvalid(t, err, "more than 200000 elements")
}

func manyItems(n int) []byte {
	var b bytes.Buffer
	b.WriteString(`<rss version="2.0"><channel><title>t</title><link>http://a.example/</link>`)
	for i := range n {
		fmt.Fprintf(&b, "<item><title>n%d</title><link>http://a.example/%d</link></item>", i, i)
	}
	b.WriteString(`</channel></rss>`)
	return b.Bytes()
}

func TestParseMaxItems(t *testing.T) {
	f, err := Parse(manyItems(1000), "http://a.example/feed")
	if err != nil {
		t.Fatal(err)
	}
	if len(f.Items) != DefaultMaxItems || f.Truncated != 1000-DefaultMaxItems {
		t.Errorf("items %d, truncated %d; want %d and %d", len(f.Items), f.Truncated, DefaultMaxItems, 1000-DefaultMaxItems)
	}
	if f.Items[0].URL != "http://a.example/0" || f.Items[DefaultMaxItems-1].URL != fmt.Sprintf("http://a.example/%d", DefaultMaxItems-1) {
		t.Errorf("not the first items in feed order: %s … %s", f.Items[0].URL, f.Items[len(f.Items)-1].URL)
	}
	if w := strings.Join(f.Warnings, "\n"); !strings.Contains(w, "800 items beyond the first 200 left unread") {
		t.Errorf("warnings %q", w)
	}
	f, err = ParseWith(manyItems(10), "http://a.example/feed", Limits{MaxItems: 3})
	if err != nil || len(f.Items) != 3 || f.Truncated != 7 {
		t.Fatalf("MaxItems 3: %d items, %d truncated, %v", len(f.Items), f.Truncated, err)
	}
}

// TestParseWarningsCapped: a feed of unusable items gets a bounded list of
// warnings.
func TestParseWarningsCapped(t *testing.T) {
	var b bytes.Buffer
	b.WriteString(`<rss version="2.0"><channel><title>t</title>`)
	for i := range 5000 {
		fmt.Fprintf(&b, "<item><title>n%d</title><link>javascript:x</link></item>", i)
	}
	b.WriteString(`</channel></rss>`)
	f, err := Parse(b.Bytes(), "http://a.example/feed")
	if err != nil {
		t.Fatal(err)
	}
	if f.Skipped != 5000 || len(f.Warnings) != maxWarnings+1 {
		t.Errorf("skipped %d, %d warnings", f.Skipped, len(f.Warnings))
	}
}

func wantInvalid(t *testing.T, err error, msg string) {
	t.Helper()
	if model.ErrorCode(err) != model.EInvalid || !strings.Contains(err.Error(), msg) {
		t.Errorf("error %v, want EInvalid containing %q", err, msg)
	}
}

// FuzzCheckShape: the shape check never panics, and whatever it accepts
// gofeed parses without overflowing (the depth is bounded).
func FuzzCheckShape(f *testing.F) {
	f.Add(deepFeed(70), 64)
	f.Add([]byte(`<a><b><c/></b></a>`), 2)
	f.Add([]byte(`{"items":[[[[{}]]]]}`), 3)
	f.Add([]byte("\xef\xbb\xbf<?xml version=\"1.0\" encoding=\"windows-1252\"?><rss><x>\xe9</x></rss>"), 1)
	f.Fuzz(func(t *testing.T, body []byte, depth int) {
		depth = 1 + abs(depth)%100
		err := checkShape(body, Limits{MaxDepth: depth, MaxElements: 1000}.withDefaults())
		if err != nil && model.ErrorCode(err) != model.EInvalid {
			t.Fatalf("error code %q for %v", model.ErrorCode(err), err)
		}
		if err == nil {
			if _, err := ParseWith(body, "http://fuzz.example/", Limits{MaxDepth: depth, MaxElements: 1000}); err != nil && model.ErrorCode(err) != model.EInvalid {
				t.Fatalf("error code %q for %v", model.ErrorCode(err), err)
			}
		}
	})
}

func abs(n int) int {
	if n < 0 {
		return -n
	}
	return n
}

// BenchmarkCheckShape measures the shape check's share of a parse, on a
// 5 MB feed of 60,000 items.
func BenchmarkCheckShape(b *testing.B) {
	body := manyItems(60_000)
	lim := Limits{}.withDefaults()
	b.SetBytes(int64(len(body)))
	for b.Loop() {
		if err := checkShape(body, lim); err != nil {
			b.Fatal(err)
		}
	}
}
