package config

import (
	"fmt"
	"net/netip"
	"strconv"
	"strings"
)

// Readers are the settings that defend the public site against its readers.
type Readers struct {
	// TrustedProxies lists the reverse proxies (CIDRs or single addresses)
	// whose X-Forwarded-For / X-Real-IP name the client; from any other
	// peer those headers are ignored. Environment:
	// NEWSBRIDGE_TRUSTED_PROXIES (comma-separated).
	TrustedProxies []string `json:"trusted_proxies,omitempty"`
	// MaxPendingComments caps the comments waiting for moderation; past it
	// new ones are refused. 0 means 1000. Environment:
	// NEWSBRIDGE_MAX_PENDING_COMMENTS.
	MaxPendingComments int `json:"max_pending_comments,omitempty"`
}

func (r *Readers) fromEnv(getenv func(string) string) error {
	if v := getenv("NEWSBRIDGE_TRUSTED_PROXIES"); v != "" {
		r.TrustedProxies = splitList(v)
	}
	if v := strings.TrimSpace(getenv("NEWSBRIDGE_MAX_PENDING_COMMENTS")); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil {
			return fmt.Errorf("config: NEWSBRIDGE_MAX_PENDING_COMMENTS: %q is not a whole number", v)
		}
		r.MaxPendingComments = n
	}
	return nil
}

func (r *Readers) validate() error {
	if _, err := r.TrustedProxyPrefixes(); err != nil {
		return err
	}
	if r.MaxPendingComments < 0 {
		return fmt.Errorf("config: max_pending_comments must not be negative")
	}
	return nil
}

// TrustedProxyPrefixes parses TrustedProxies; a bare address is a /32 (or
// /128).
func (r *Readers) TrustedProxyPrefixes() ([]netip.Prefix, error) {
	out := make([]netip.Prefix, 0, len(r.TrustedProxies))
	for _, v := range r.TrustedProxies {
		v = strings.TrimSpace(v)
		if strings.Contains(v, "/") {
			p, err := netip.ParsePrefix(v)
			if err != nil {
				return nil, fmt.Errorf("config: trusted proxy %q is not a CIDR: %w", v, err)
			}
			out = append(out, p.Masked())
			continue
		}
		a, err := netip.ParseAddr(v)
		if err != nil {
			return nil, fmt.Errorf("config: trusted proxy %q is not an address or CIDR: %w", v, err)
		}
		out = append(out, netip.PrefixFrom(a.Unmap(), a.Unmap().BitLen()))
	}
	return out, nil
}
