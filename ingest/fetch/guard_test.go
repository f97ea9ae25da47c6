package fetch

import (
	"context"
	"net"
	"net/http"
	"net/http/httptest"
	"net/netip"
	"strings"
	"sync/atomic"
	"testing"

	"newsbridge/model"
)

func TestAddrKind(t *testing.T) {
	public := []string{"8.8.8.8", "1.1.1.1", "93.184.216.34", "2606:4700::1111", "2a00:1450:4001::1", "64:ff9b::808:808"}
	for _, s := range public {
		if k := addrKind(netip.MustParseAddr(s)); k != "" {
			t.Errorf("%s: %q, want public", s, k)
		}
	}
	refused := map[string]string{
		"127.0.0.1":          "loopback",
		"127.1.2.3":          "loopback",
		"10.0.0.1":           "private",
		"172.16.5.4":         "private",
		"172.31.255.255":     "private",
		"192.168.1.1":        "private",
		"169.254.169.254":    "link-local",
		"100.64.0.1":         "CGNAT",
		"100.127.255.254":    "CGNAT",
		"0.0.0.0":            "this network",
		"0.1.2.3":            "this network",
		"224.0.0.1":          "multicast",
		"239.255.255.250":    "multicast",
		"255.255.255.255":    "broadcast",
		"240.0.0.1":          "reserved",
		"192.0.2.1":          "documentation",
		"198.51.100.7":       "documentation",
		"203.0.113.9":        "documentation",
		"198.18.0.1":         "benchmarking",
		"192.0.0.8":          "reserved",
		"::1":                "loopback",
		"::":                 "unspecified",
		"fe80::1":            "link-local",
		"fe80::1%eth0":       "zone",
		"fc00::1":            "unique local",
		"fd12:3456::1":       "unique local",
		"ff02::1":            "multicast",
		"::ffff:127.0.0.1":   "IPv4-mapped",
		"::ffff:8.8.8.8":     "IPv4-mapped",
		"::127.0.0.1":        "outside global unicast",
		"64:ff9b::7f00:1":    "loopback (inside NAT64",
		"64:ff9b::a9fe:a9fe": "link-local (inside NAT64",
		"64:ff9b:1::1":       "outside global unicast",
		"2001:db8::1":        "documentation",
		"2002:7f00:1::1":     "6to4",
		"2001:0:4136::1":     "Teredo",
		"100::1":             "outside global unicast",
	}
	for s, want := range refused {
		if k := addrKind(netip.MustParseAddr(s)); !strings.Contains(k, want) {
			t.Errorf("%s: %q, want it refused as %q", s, k, want)
		}
	}
}

func TestParseAllow(t *testing.T) {
	a, err := ParseAllow([]string{" 127.0.0.1:8081 ", "Outlet.Example.:9000", "[::1]:8082", "10.1.0.0/16", ""})
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name, ip, port string
		want           bool
	}{
		{"127.0.0.1", "127.0.0.1", "8081", true},
		{"127.0.0.1", "127.0.0.1", "8080", false},
		{"localhost", "127.0.0.1", "8081", true}, // the address is listed, whatever the name
		{"outlet.example", "10.9.9.9", "9000", true},
		{"OUTLET.EXAMPLE.", "10.9.9.9", "9000", true},
		{"other.example", "10.9.9.9", "9000", false},
		{"outlet.example", "10.9.9.9", "9001", false},
		{"[::1]", "::1", "8082", true},
		{"x", "::ffff:127.0.0.1", "8081", true},
		{"x", "10.1.200.3", "1", true},
		{"x", "10.2.0.1", "80", false},
	}
	for _, tt := range tests {
		if got := a.allows(tt.name, netip.MustParseAddr(tt.ip), tt.port); got != tt.want {
			t.Errorf("allows(%s, %s, %s) = %v, want %v", tt.name, tt.ip, tt.port, got, tt.want)
		}
	}
	for _, bad := range []string{"127.0.0.1", "localhost", "10.0.0.0/33", "host:0", "host:http", ":80", "a/b"} {
		if _, err := ParseAllow([]string{bad}); err == nil || !strings.Contains(err.Error(), bad) {
			t.Errorf("ParseAllow(%q) = %v, want an error quoting it", bad, err)
		}
	}
}

// countingServer is an httptest server that counts the connections made to it.
func countingServer(t *testing.T, h http.Handler) (*httptest.Server, *atomic.Int32) {
	t.Helper()
	var conns atomic.Int32
	srv := httptest.NewUnstartedServer(h)
	srv.Config.ConnState = func(_ net.Conn, s http.ConnState) {
		if s == http.StateNew {
			conns.Add(1)
		}
	}
	srv.Start()
	t.Cleanup(srv.Close)
	return srv, &conns
}

func TestGuard(t *testing.T) {
	inside, insideConns := countingServer(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Write([]byte("internal page"))
	}))
	var outletHost string
	outlet, _ := countingServer(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/to-inside":
			http.Redirect(w, r, inside.URL+"/admin", http.StatusFound)
		case "/to-metadata":
			http.Redirect(w, r, "http://169.254.169.254/latest/meta-data/", http.StatusFound)
		case "/to-creds":
			http.Redirect(w, r, "http://user:secret@"+outletHost+"/x", http.StatusFound)
		default:
			w.Write([]byte("page"))
		}
	}))
	outletHost = strings.TrimPrefix(outlet.URL, "http://")
	ctx := context.Background()

	// Nothing listed: even the outlet is refused, before connecting.
	_, err := New(Options{MinDelay: -1}).Get(ctx, Request{URL: inside.URL + "/admin"})
	wantCode(t, err, model.EInvalid, "refused: address "+strings.TrimPrefix(inside.URL, "http://")+" is loopback; list it in NEWSBRIDGE_FETCH_ALLOW to allow")
	if refused(err) == nil {
		t.Errorf("%v does not wrap a *RefusedError", err)
	}

	f := New(Options{MinDelay: -1, Allow: mustAllow(outletHost)})
	if resp, err := f.Get(ctx, Request{URL: outlet.URL + "/a"}); err != nil || string(resp.Body) != "page" {
		t.Fatalf("listed outlet: %v", err)
	}
	_, err = f.Get(ctx, Request{URL: inside.URL + "/admin"})
	wantCode(t, err, model.EInvalid, "is loopback; list it in NEWSBRIDGE_FETCH_ALLOW")
	_, err = f.Get(ctx, Request{URL: outlet.URL + "/to-inside"})
	wantCode(t, err, model.EInvalid, "is loopback; list it in NEWSBRIDGE_FETCH_ALLOW")
	_, err = f.Get(ctx, Request{URL: outlet.URL + "/to-metadata"})
	wantCode(t, err, model.EInvalid, "refused: address 169.254.169.254:80 is link-local")
	_, err = f.Get(ctx, Request{URL: "http://[::1]:1/"})
	wantCode(t, err, model.EInvalid, "is loopback")
	_, err = f.Get(ctx, Request{URL: "http://0.0.0.0:" + strings.Split(outletHost, ":")[1] + "/"})
	wantCode(t, err, model.EInvalid, "\"this network\" address")
	if n := insideConns.Load(); n != 0 {
		t.Errorf("%d connections reached the unlisted server, want none", n)
	}

	// Credentials are never sent, in the URL asked for or a redirect.
	_, err = f.Get(ctx, Request{URL: "http://user:secret@" + outletHost + "/a"})
	wantCode(t, err, model.EInvalid, "carries credentials")
	if err != nil && strings.Contains(err.Error(), "secret") {
		t.Errorf("the password is in the error: %v", err)
	}
	_, err = f.Get(ctx, Request{URL: outlet.URL + "/to-creds"})
	wantCode(t, err, model.EInvalid, "redirect to a URL with credentials")
	if err != nil && strings.Contains(err.Error(), "secret") {
		t.Errorf("the password is in the error: %v", err)
	}
}

// TestGuardByName lists an outlet by host name: the name dialled decides,
// not the address it resolves to.
func TestGuardByName(t *testing.T) {
	srv, _ := countingServer(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { w.Write([]byte("ok")) }))
	port := srv.URL[strings.LastIndex(srv.URL, ":")+1:]
	f := New(Options{MinDelay: -1, Allow: mustAllow("localhost:" + port)})
	if _, err := f.Get(context.Background(), Request{URL: "http://localhost:" + port + "/"}); err != nil {
		t.Fatalf("listed name: %v", err)
	}
	_, err := f.Get(context.Background(), Request{URL: srv.URL + "/"})
	wantCode(t, err, model.EInvalid, "is loopback")
}

// TestGuardCustomTransport: an *http.Transport given in Options.Client is
// guarded too.
func TestGuardCustomTransport(t *testing.T) {
	srv, conns := countingServer(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {}))
	f := New(Options{MinDelay: -1, Client: &http.Client{Transport: &http.Transport{}}})
	_, err := f.Get(context.Background(), Request{URL: srv.URL + "/"})
	wantCode(t, err, model.EInvalid, "is loopback")
	if conns.Load() != 0 {
		t.Error("connection made")
	}
}
