package httpfast

import "testing"

func TestAcceptsGzip(t *testing.T) {
	tests := []struct {
		in   []string
		want bool
	}{
		{nil, false},
		{[]string{"gzip"}, true},
		{[]string{"GZIP"}, true},
		{[]string{"deflate, br"}, false},
		{[]string{"br", "gzip"}, true},
		{[]string{"gzip;q=0"}, false},
		{[]string{"gzip; q=0.000"}, false},
		{[]string{"gzip;q=0.5"}, true},
		{[]string{"gzip;q=1.0"}, true},
		{[]string{"*"}, true},
		{[]string{"identity, *;q=0"}, false},
		{[]string{"x-gzip"}, true},
		{[]string{"gzipper"}, false},
	}
	for _, tt := range tests {
		if got := AcceptsGzip(tt.in); got != tt.want {
			t.Errorf("AcceptsGzip(%q) = %v", tt.in, got)
		}
	}
}

func TestETagMatches(t *testing.T) {
	tag := `"abc"`
	tests := []struct {
		in   string
		want bool
	}{
		{`"abc"`, true}, {`W/"abc"`, true}, {`*`, true}, {`"x", "abc"`, true}, {` "abc" `, true},
		{`"abcd"`, false}, {`abc`, false}, {``, false}, {`"x"`, false},
	}
	for _, tt := range tests {
		if got := ETagMatches([]string{tt.in}, tag); got != tt.want {
			t.Errorf("ETagMatches(%q) = %v", tt.in, got)
		}
	}
}
