package feed

import (
	"net"
	"net/url"
	"strings"

	"newsbridge/model"
)

// trackingParams are query parameters that only say where a reader came
// from; two URLs that differ only in them are the same article.
var trackingParams = map[string]bool{
	"fbclid":  true,
	"gclid":   true,
	"dclid":   true,
	"msclkid": true,
	"mc_cid":  true,
	"mc_eid":  true,
}

// CanonicalURL returns raw resolved against base (which may be "" when raw
// is absolute) in the form newsbridge uses to recognize an article: scheme
// and host lower-cased, default port (:80, :443) and fragment dropped, an
// empty path made "/", dot segments resolved, and the tracking parameters
// utm_*, fbclid, gclid (and a few like them) removed. Other query
// parameters are kept as written and in their order, because outlets use
// them to name articles (?id=123). Only http and https URLs are accepted;
// anything else is a *model.Error with code EInvalid.
func CanonicalURL(raw, base string) (string, error) {
	raw = strings.TrimSpace(raw)
	if raw == "" {
		return "", model.Errorf(model.EInvalid, "feed: empty URL")
	}
	ref, err := url.Parse(raw)
	if err != nil {
		return "", &model.Error{Code: model.EInvalid, Message: "feed: invalid URL " + quote(raw), Err: err}
	}
	u := ref
	if !ref.IsAbs() {
		base = strings.TrimSpace(base)
		b, err := url.Parse(base)
		if err != nil || base == "" || !b.IsAbs() {
			return "", model.Errorf(model.EInvalid, "feed: relative URL %s without an absolute base", quote(raw))
		}
		u = b.ResolveReference(ref)
	}

	u.Scheme = strings.ToLower(u.Scheme)
	if u.Scheme != "http" && u.Scheme != "https" {
		return "", model.Errorf(model.EInvalid, "feed: unsupported URL scheme in %s (only http and https)", quote(raw))
	}
	if u.Opaque != "" || u.Host == "" {
		return "", model.Errorf(model.EInvalid, "feed: URL %s has no host", quote(raw))
	}
	host, port := u.Hostname(), u.Port()
	host = strings.TrimSuffix(strings.ToLower(host), ".")
	if host == "" {
		return "", model.Errorf(model.EInvalid, "feed: URL %s has no host", quote(raw))
	}
	if (u.Scheme == "http" && port == "80") || (u.Scheme == "https" && port == "443") {
		port = ""
	}
	if port != "" {
		u.Host = net.JoinHostPort(host, port)
	} else if strings.Contains(host, ":") {
		u.Host = "[" + host + "]" // IPv6 literal
	} else {
		u.Host = host
	}

	u.Fragment, u.RawFragment = "", ""
	if u.Path == "" {
		u.Path, u.RawPath = "/", ""
	}
	u.RawQuery = stripTracking(u.RawQuery)
	u.ForceQuery = false
	return u.String(), nil
}

// stripTracking removes tracking parameters from a raw query string without
// re-encoding or re-ordering the others (url.Values would sort them).
func stripTracking(q string) string {
	if q == "" {
		return ""
	}
	parts := strings.Split(q, "&")
	kept := parts[:0]
	for _, p := range parts {
		if p == "" {
			continue
		}
		key := p
		if i := strings.IndexByte(p, '='); i >= 0 {
			key = p[:i]
		}
		if k, err := url.QueryUnescape(key); err == nil {
			key = k
		}
		key = strings.ToLower(key)
		if strings.HasPrefix(key, "utm_") || trackingParams[key] {
			continue
		}
		kept = append(kept, p)
	}
	return strings.Join(kept, "&")
}

func quote(s string) string {
	return `"` + shorten(s, 200) + `"`
}
