package httpfast

import (
	"bytes"
	"strings"

	"golang.org/x/net/http/httpguts"
)

// Request is what the fast path reads of a request it may answer: a GET or
// HEAD over HTTP/1.1 whose target is a plain path with an optional query.
// Its strings point into the request as read; they are valid only until
// the Func given it returns.
type Request struct {
	// Method is "GET" or "HEAD".
	Method string
	// Path is the target's path ("/es/a/slug"); it contains no
	// percent-escapes, so it is r.URL.Path as net/http would give it.
	Path string
	// RawQuery is what follows the first '?', "" when none.
	RawQuery string
	// AcceptEncoding and IfNoneMatch are the values of those headers, one
	// per header line, as r.Header would hold them.
	AcceptEncoding []string
	IfNoneMatch    []string

	ae, inm [maxRepeat]string
}

// maxRepeat is how many lines of Accept-Encoding or If-None-Match the fast
// path reads; a request with more is handed to net/http.
const maxRepeat = 4

// headerEnd returns the index just past the blank line that ends the
// request head in b, or -1 when b does not hold a whole head yet.
func headerEnd(b []byte) int {
	i := bytes.Index(b, crlfcrlf)
	if i < 0 {
		return -1
	}
	return i + 4
}

var crlfcrlf = []byte("\r\n\r\n")

// parse reads the request head h (from the request line to the blank line
// included) into r. It accepts only what it is sure net/http would read
// the same way and answer without reading a body: anything else (another
// method or version, a body, a percent-escaped or absolute target,
// Connection, Expect, Upgrade, a missing or repeated Host, a header
// net/http would reject, a bare LF) returns false, and the request goes
// to net/http as it came.
func parse(h string, r *Request) bool {
	line, rest, ok := cutCRLF(h)
	if !ok {
		return false
	}
	switch {
	case len(line) > 4 && line[:4] == "GET ":
		r.Method, line = "GET", line[4:]
	case len(line) > 5 && line[:5] == "HEAD ":
		r.Method, line = "HEAD", line[5:]
	default:
		return false
	}
	const proto = " HTTP/1.1"
	if len(line) <= len(proto) || line[len(line)-len(proto):] != proto {
		return false
	}
	target := line[:len(line)-len(proto)]
	if target[0] != '/' {
		return false
	}
	q := -1
	for i := 0; i < len(target); i++ {
		c := target[i]
		if c == '?' {
			if q < 0 {
				q = i
			}
			continue
		}
		if !targetByte[c] {
			return false
		}
	}
	if q >= 0 {
		r.Path, r.RawQuery = target[:q], target[q+1:]
	} else {
		r.Path, r.RawQuery = target, ""
	}
	r.AcceptEncoding, r.IfNoneMatch = r.ae[:0], r.inm[:0]
	hosts := 0
	for {
		line, rest, ok = cutCRLF(rest)
		if !ok {
			return false
		}
		if line == "" {
			break
		}
		colon := strings.IndexByte(line, ':')
		if colon <= 0 {
			return false
		}
		name, value := line[:colon], trimOWS(line[colon+1:])
		if !httpguts.ValidHeaderFieldName(name) || !httpguts.ValidHeaderFieldValue(value) {
			return false
		}
		switch {
		case equalFold(name, "Host"):
			if hosts++; hosts > 1 || !httpguts.ValidHostHeader(value) {
				return false
			}
		case equalFold(name, "Accept-Encoding"):
			if len(r.AcceptEncoding) == maxRepeat {
				return false
			}
			r.AcceptEncoding = append(r.AcceptEncoding, value)
		case equalFold(name, "If-None-Match"):
			if len(r.IfNoneMatch) == maxRepeat {
				return false
			}
			r.IfNoneMatch = append(r.IfNoneMatch, value)
		case equalFold(name, "Connection"):
			// keep-alive is HTTP/1.1's default; close, upgrade and
			// anything else are net/http's to handle.
			if !equalFold(value, "keep-alive") {
				return false
			}
		case equalFold(name, "Content-Length"), equalFold(name, "Transfer-Encoding"),
			equalFold(name, "Expect"), equalFold(name, "Upgrade"), equalFold(name, "Trailer"),
			equalFold(name, "Http2-Settings"):
			return false
		}
	}
	return rest == "" && hosts == 1
}

// targetByte marks the bytes a target may hold on the fast path:
// RFC 3986's unreserved and sub-delims, ':', '@' and '/' (and '?', handled
// apart). Percent-escapes, '#', spaces, controls and non-ASCII bytes send
// the request to net/http.
var targetByte = func() (t [256]bool) {
	for c := 'a'; c <= 'z'; c++ {
		t[c] = true
	}
	for c := 'A'; c <= 'Z'; c++ {
		t[c] = true
	}
	for c := '0'; c <= '9'; c++ {
		t[c] = true
	}
	for _, c := range "-._~!$&'()*+,;=:@/" {
		t[c] = true
	}
	return t
}()

// cutCRLF cuts s at its first CRLF; a line holding a bare CR or LF is
// refused (net/http reads a bare LF as a line end: leave such requests to
// it).
func cutCRLF(s string) (line, rest string, ok bool) {
	for i := 0; i < len(s); i++ {
		switch s[i] {
		case '\r':
			if i+1 < len(s) && s[i+1] == '\n' {
				return s[:i], s[i+2:], true
			}
			return "", "", false
		case '\n':
			return "", "", false
		}
	}
	return "", "", false
}

// trimOWS trims the optional white space around a header value.
func trimOWS(s string) string {
	for len(s) > 0 && (s[0] == ' ' || s[0] == '\t') {
		s = s[1:]
	}
	for len(s) > 0 && (s[len(s)-1] == ' ' || s[len(s)-1] == '\t') {
		s = s[:len(s)-1]
	}
	return s
}

// equalFold compares ASCII strings case-insensitively.
func equalFold(a, b string) bool {
	if len(a) != len(b) {
		return false
	}
	for i := 0; i < len(a); i++ {
		x, y := a[i], b[i]
		if 'A' <= x && x <= 'Z' {
			x += 'a' - 'A'
		}
		if 'A' <= y && y <= 'Z' {
			y += 'a' - 'A'
		}
		if x != y {
			return false
		}
	}
	return true
}
