package httpfast

import "strings"

// AcceptsGzip reports whether Accept-Encoding values allow gzip, honouring
// q=0 ("gzip;q=0" refuses it) without allocating.
func AcceptsGzip(values []string) bool {
	for _, v := range values {
		for len(v) > 0 {
			var item string
			item, v, _ = strings.Cut(v, ",")
			name, params, _ := strings.Cut(item, ";")
			name = trimOWS(name)
			if !equalFold(name, "gzip") && !equalFold(name, "x-gzip") && name != "*" {
				continue
			}
			return !zeroQ(params)
		}
	}
	return false
}

// zeroQ reports whether coding parameters carry q=0 (or 0.0, 0.00, 0.000).
func zeroQ(params string) bool {
	for len(params) > 0 {
		var p string
		p, params, _ = strings.Cut(params, ";")
		p = trimOWS(p)
		if len(p) < 2 || (p[0] != 'q' && p[0] != 'Q') || p[1] != '=' {
			continue
		}
		q := p[2:]
		if len(q) == 0 || q[0] != '0' {
			return false
		}
		for i := 1; i < len(q); i++ {
			if q[i] != '.' && q[i] != '0' {
				return false
			}
		}
		return true
	}
	return false
}

// ETagMatches applies If-None-Match's weak comparison: "*" or any listed tag
// equal to etag once a W/ prefix is ignored.
func ETagMatches(values []string, etag string) bool {
	for _, v := range values {
		for len(v) > 0 {
			var item string
			item, v, _ = strings.Cut(v, ",")
			item = trimOWS(item)
			if item == "*" {
				return true
			}
			if len(item) > 2 && item[0] == 'W' && item[1] == '/' {
				item = item[2:]
			}
			if item == etag {
				return true
			}
		}
	}
	return false
}
