package fetch

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"net/netip"
	"strconv"
	"strings"
	"syscall"
	"time"
)

// AllowEnv is the environment variable that lists the non-public outlets
// the fetcher may connect to; the config file's key is fetch.allow.
const AllowEnv = "NEWSBRIDGE_FETCH_ALLOW"

// Allow lists the loopback and private addresses the fetcher may connect
// to despite the guard: the operator's own outlets, the demo, tests. Its
// zero value allows none. Build it with ParseAllow.
type Allow struct {
	prefixes []netip.Prefix
	// addrs are "host:port" entries: host is an IP address or a lower-case
	// host name (matched against the name being dialled, before DNS).
	addrs map[string]bool
}

// ParseAllow reads allow-list entries, each "host:port" (a host name or an
// IP address, IPv6 in brackets) or a CIDR prefix ("10.1.0.0/16",
// "127.0.0.1/32" for every port of one address). A malformed entry is an
// error that quotes it.
func ParseAllow(entries []string) (Allow, error) {
	var a Allow
	for _, e := range entries {
		e = strings.TrimSpace(e)
		if e == "" {
			continue
		}
		if strings.Contains(e, "/") {
			p, err := netip.ParsePrefix(e)
			if err != nil {
				return Allow{}, fmt.Errorf("fetch: allow-list entry %q is not a CIDR prefix: %w", e, err)
			}
			a.prefixes = append(a.prefixes, p.Masked())
			continue
		}
		host, port, err := net.SplitHostPort(e)
		if err != nil {
			if _, ipErr := netip.ParseAddr(e); ipErr == nil {
				return Allow{}, fmt.Errorf("fetch: allow-list entry %q has no port: write host:port, or %s/32 (or /128) for every port", e, e)
			}
			return Allow{}, fmt.Errorf("fetch: allow-list entry %q is neither host:port nor a CIDR prefix", e)
		}
		if n, err := strconv.Atoi(port); err != nil || n < 1 || n > 65535 {
			return Allow{}, fmt.Errorf("fetch: allow-list entry %q: port %q is not a number from 1 to 65535", e, port)
		}
		if host == "" {
			return Allow{}, fmt.Errorf("fetch: allow-list entry %q has no host", e)
		}
		if ip, err := netip.ParseAddr(host); err == nil {
			host = ip.Unmap().WithZone("").String()
		} else {
			host = strings.TrimSuffix(strings.ToLower(host), ".")
		}
		if a.addrs == nil {
			a.addrs = map[string]bool{}
		}
		a.addrs[net.JoinHostPort(host, port)] = true
	}
	return a, nil
}

// allows reports whether ip:port, reached by dialling name:port, is listed.
func (a Allow) allows(name string, ip netip.Addr, port string) bool {
	ip = ip.Unmap().WithZone("")
	for _, p := range a.prefixes {
		if p.Contains(ip) {
			return true
		}
	}
	name = strings.TrimSuffix(strings.ToLower(strings.Trim(name, "[]")), ".")
	return a.addrs[net.JoinHostPort(ip.String(), port)] || a.addrs[net.JoinHostPort(name, port)]
}

// RefusedError is the guard's refusal of an address: the outlet (or a link
// or redirect it gave) points at a loopback, private or otherwise
// non-public address that the allow list does not name. Get reports it as
// a permanent (model.EInvalid) error wrapping this type.
type RefusedError struct {
	// Host is the name that was dialled; Addr the address it resolved to.
	Host string
	Addr netip.AddrPort
	// Kind says what the address is: "loopback", "private", "link-local", …
	Kind string
}

func (e *RefusedError) Error() string {
	what := e.Addr.String()
	if h := strings.Trim(e.Host, "[]"); h != "" && h != e.Addr.Addr().String() {
		what = fmt.Sprintf("%s (%s)", e.Addr, e.Host)
	}
	return fmt.Sprintf("refused: address %s is %s; list it in %s to allow", what, e.Kind, AllowEnv)
}

// special are the IPv4 and IPv6 ranges that are not public unicast, with
// what to call them in a refusal. IPv6 outside 2000::/3 is refused as a
// whole (see addrKind), so only the exceptions inside it are listed.
var special = func() []struct {
	p    netip.Prefix
	kind string
} {
	var out []struct {
		p    netip.Prefix
		kind string
	}
	for _, s := range []struct{ cidr, kind string }{
		{"0.0.0.0/8", "a \"this network\" address"},
		{"10.0.0.0/8", "private"},
		{"100.64.0.0/10", "shared (CGNAT) address space"},
		{"127.0.0.0/8", "loopback"},
		{"169.254.0.0/16", "link-local"},
		{"172.16.0.0/12", "private"},
		{"192.0.0.0/24", "reserved (IETF protocol assignments)"},
		{"192.0.2.0/24", "reserved for documentation"},
		{"192.88.99.0/24", "reserved (6to4 relay)"},
		{"192.168.0.0/16", "private"},
		{"198.18.0.0/15", "reserved for benchmarking"},
		{"198.51.100.0/24", "reserved for documentation"},
		{"203.0.113.0/24", "reserved for documentation"},
		{"224.0.0.0/4", "multicast"},
		{"255.255.255.255/32", "broadcast"},
		{"240.0.0.0/4", "reserved"},
		{"2001::/23", "reserved (IETF protocol assignments, Teredo)"},
		{"2001:db8::/32", "reserved for documentation"},
		{"2002::/16", "a 6to4 address (embeds IPv4)"},
		{"3fff::/20", "reserved for documentation"},
	} {
		out = append(out, struct {
			p    netip.Prefix
			kind string
		}{netip.MustParsePrefix(s.cidr), s.kind})
	}
	return out
}()

var (
	globalUnicast6 = netip.MustParsePrefix("2000::/3")
	nat64          = netip.MustParsePrefix("64:ff9b::/96")
)

// addrKind returns "" for a public unicast address, else what it is.
func addrKind(ip netip.Addr) string {
	if !ip.IsValid() {
		return "invalid"
	}
	if ip.Zone() != "" {
		return "scoped (has a zone)"
	}
	if ip.Is4In6() {
		// Go dials these as IPv4; a resolver answering with one is odd
		// enough to refuse whatever it embeds.
		return "an IPv4-mapped IPv6 address"
	}
	if ip.Is6() {
		switch {
		case ip.IsLoopback():
			return "loopback"
		case ip.IsUnspecified():
			return "unspecified"
		case ip.IsLinkLocalUnicast():
			return "link-local"
		case ip.IsMulticast():
			return "multicast"
		case ip.IsPrivate():
			return "private (unique local)"
		case nat64.Contains(ip):
			// DNS64 answers for IPv4-only sites on IPv6-only networks: the
			// IPv4 address inside decides.
			b := ip.As16()
			v4 := netip.AddrFrom4([4]byte{b[12], b[13], b[14], b[15]})
			if k := addrKind(v4); k != "" {
				return k + " (inside NAT64 " + ip.String() + ")"
			}
			return ""
		case !globalUnicast6.Contains(ip):
			return "reserved (outside global unicast 2000::/3)"
		}
	}
	for _, s := range special {
		if s.p.Contains(ip) {
			return s.kind
		}
	}
	return ""
}

// guard checks every address the fetcher connects to.
type guard struct{ allow Allow }

// dialContext dials like a net.Dialer whose Control function refuses,
// after DNS and before connecting, any address that is not public unicast
// and not listed in the allow list. Checking there, rather than the URL's
// host, is what covers DNS names pointing inside, DNS rebinding, redirects
// and every other way to reach an address.
func (g *guard) dialContext(ctx context.Context, network, addr string) (net.Conn, error) {
	name, _, err := net.SplitHostPort(addr)
	if err != nil {
		name = addr
	}
	d := &net.Dialer{
		Timeout:   30 * time.Second,
		KeepAlive: 30 * time.Second,
		Control: func(network, address string, _ syscall.RawConn) error {
			return g.check(name, address)
		},
	}
	return d.DialContext(ctx, network, addr)
}

// check returns a *RefusedError when address (ip:port, as the dialer is
// about to connect to it) may not be used; name is the host being dialled.
func (g *guard) check(name, address string) error {
	ap, err := netip.ParseAddrPort(address)
	if err != nil {
		return &RefusedError{Host: name, Kind: "not an IP address and port (" + address + ")"}
	}
	kind := addrKind(ap.Addr())
	if kind == "" || g.allow.allows(name, ap.Addr(), strconv.Itoa(int(ap.Port()))) {
		return nil
	}
	return &RefusedError{Host: name, Addr: ap, Kind: kind}
}

// refused returns the guard's refusal inside err, or nil.
func refused(err error) *RefusedError {
	var re *RefusedError
	if errors.As(err, &re) {
		return re
	}
	return nil
}

// transport returns a clone of t that dials through the guard. Proxies are
// turned off: through one, the guard would see the proxy's address instead
// of the outlet's.
func (g *guard) transport(t *http.Transport) *http.Transport {
	c := t.Clone()
	c.Proxy = nil
	c.DialContext = g.dialContext
	c.DialTLSContext = nil
	c.DialTLS = nil //nolint:staticcheck // cleared so that nothing dials around the guard
	c.Dial = nil    //nolint:staticcheck
	return c
}

// GuardedTransport returns a clone of http.DefaultTransport that dials
// through the same guard as the fetcher: other outgoing requests (webhook
// deliveries) reach only public addresses and those allow lists.
func GuardedTransport(allow Allow) *http.Transport {
	g := &guard{allow: allow}
	return g.transport(http.DefaultTransport.(*http.Transport))
}

// CheckHost reports, as a *RefusedError, whether host:port resolves to an
// address the guard refuses; it is a check at registration time (a
// webhook's URL), the dialer checks again on every connection.
func (a Allow) CheckHost(ctx context.Context, host, port string) error {
	g := &guard{allow: a}
	ips, err := net.DefaultResolver.LookupNetIP(ctx, "ip", host)
	if err != nil {
		return fmt.Errorf("fetch: unable to resolve %s: %w", host, err)
	}
	for _, ip := range ips {
		if err := g.check(host, net.JoinHostPort(ip.Unmap().String(), port)); err != nil {
			return err
		}
	}
	return nil
}
